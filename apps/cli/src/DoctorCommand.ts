/**
 * `zoho doctor`: checks the whole chain a call depends on, in order, and explains each failure in
 * plain words with the fix. Exit code 0 only when every check passes.
 *
 * 1. config: which credentials, from where;
 * 2. region: the data center and where it came from; a data center or accounts server that differs
 *    from the one that issued the token;
 * 3. accounts server reachable (and its clock: a skew over a minute breaks token expiry);
 * 4. refresh token: a refresh at the accounts server, Zoho's answer explained (`invalid_client`
 *    from the wrong data center, a bad secret, a revoked token);
 * 5. scopes: granted vs what the named products need, then one cheap call per product;
 * 6. org id: for each finance product, the configured id among the user's organizations;
 * 7. proxy: the settings the library uses vs the ones it ignores.
 *
 * @since 0.1.0
 */
import * as Endpoint from "@effect-zoho/core/Endpoint"
import * as TokenStore from "@effect-zoho/core/TokenStore"
import type * as ZohoError from "@effect-zoho/core/ZohoError"
import * as ZohoOAuth from "@effect-zoho/core/ZohoOAuth"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import * as ZohoRegion from "@effect-zoho/core/ZohoRegion"
import * as ZohoToken from "@effect-zoho/core/ZohoToken"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as CliError from "./CliError.js"
import * as Env from "./Env.js"
import * as Flags from "./Flags.js"
import * as Output from "./Output.js"
import * as Profile from "./Profile.js"
import * as RawEndpoint from "./RawEndpoint.js"
import * as Scopes from "./Scopes.js"
import * as Session from "./Session.js"

/** One check's outcome. @since 0.1.0 */
export interface Check {
  readonly name: string
  readonly status: "pass" | "fail" | "warn" | "skip"
  readonly detail: string
  readonly fix?: string | undefined
}

const pass = (name: string, detail: string): Check => ({ name, status: "pass", detail })
const fail = (name: string, detail: string, fix: string): Check => ({ name, status: "fail", detail, fix })
const warn = (name: string, detail: string, fix?: string): Check => ({ name, status: "warn", detail, fix })
const skip = (name: string, detail: string): Check => ({ name, status: "skip", detail })

const maxSkewMillis = 60_000

const options = {
  product: Options.text("product").pipe(
    Options.optional,
    Options.withDescription("Products to check, comma-separated (default: those the granted scopes reach, else crm)")
  ),
  user: Flags.user,
  sim: Flags.sim,
  orgId: Flags.orgId,
  json: Flags.json
}

type Parsed = Command.Command.ParseConfig<typeof options>

const loginAgain = (target: Session.Target, extra = "") =>
  `run zoho auth login${target.sim ? " --sim" : ""}${
    target.profileUser !== undefined && target.name !== "default" && !target.sim ? ` --user ${target.name}` : ""
  }${extra}`

/** What Zoho's answer to a refresh means, in words, with the fix. */
const explainOAuth = (error: ZohoError.ZohoOAuthError, target: Session.Target): Check => {
  const name = "refresh token"
  const accounts = target.region.accountsUrl
  const issuer = target.profileUser?.accountsUrl
  const moved = issuer !== undefined && new URL(issuer).origin !== new URL(accounts).origin
  switch (error.reason) {
    case "InvalidClient":
      return fail(
        name,
        `wrong data center: the accounts server ${accounts} does not know the client (invalid_client). Zoho answers ` +
          `this when a client is asked at another data center than the one it was created in` +
          (moved ? `; this token was issued by ${issuer} (data center ${target.profileUser!.dc})` : "") +
          (error.dataCenter !== undefined ? `; Zoho points at the ${error.dataCenter} data center` : ""),
        moved
          ? `unset ZOHO_REGION / ZOHO_ACCOUNTS_URL so calls go to ${issuer}, or ${loginAgain(target)}`
          : `use the data center you log in at (accounts.zoho.eu → --region eu): ${
            loginAgain(target, " --region <dc>")
          }`
      )
    case "InvalidClientSecret":
      return fail(
        name,
        `bad client secret: ${accounts} knows the client but not this secret (invalid_client_secret)`,
        `copy the secret from the API console (multi-DC clients can have one per data center), then ${
          loginAgain(target)
        }`
      )
    case "InvalidRefreshToken":
    case "InvalidCode":
      return fail(
        name,
        `revoked token: Zoho no longer accepts this refresh token (${error.error}): it was revoked, ` +
          `or replaced (Zoho keeps 20 refresh tokens per user and client)`,
        loginAgain(target)
      )
    case "TooManyRequests":
      return warn(
        name,
        "Zoho's mint cap is reached (10 access tokens per refresh token per 10 minutes); the token itself may be fine",
        "wait a few minutes; share one token store between processes"
      )
    default:
      return fail(name, error.message, loginAgain(target))
  }
}

const isApiError = (e: unknown): e is { readonly _tag: string; readonly code?: unknown; readonly message: string } =>
  typeof e === "object" && e !== null && "_tag" in e && "message" in e

/** `"code"` of an API failure, `ScopeMismatch` for the auth error. */
const codeOf = (e: unknown): string =>
  isApiError(e)
    ? e._tag === "ZohoAuthError" && "reason" in e ? String(e.reason) : String(e.code ?? e._tag)
    : String(e)

const checks = (parsed: Parsed) =>
  Effect.gen(function*() {
    const results: Array<Check> = []
    const add = (c: Check) => Effect.sync(() => void results.push(c))
    const { target } = yield* Session.Session
    const oauth = yield* ZohoOAuth.ZohoOAuth
    const store = yield* TokenStore.TokenStore
    const http = yield* HttpClient.HttpClient

    // 1. config
    yield* add(pass("config", `${target.source}; tokens in the ${target.storeDescription}`))

    // 2. region
    const login = target.profileUser
    const moved = login !== undefined && !target.sim &&
      new URL(login.accountsUrl).origin !== new URL(target.region.accountsUrl).origin
    if (login !== undefined && !target.sim && login.dc !== target.region.dc) {
      yield* add(fail(
        "region",
        `wrong data center: calls go to ${target.region.dc} (${target.regionSource}) but the token was issued in ${login.dc} (${login.accountsUrl})`,
        `unset ZOHO_REGION, or ${loginAgain(target, ` --region ${target.region.dc.toLowerCase()}`)}`
      ))
    } else if (moved) {
      yield* add(warn(
        "region",
        `data center ${target.region.dc} ${target.region.environment}, but the accounts server ${target.region.accountsUrl} is not the one that issued the token (${
          login!.accountsUrl
        })`,
        "unset ZOHO_ACCOUNTS_URL unless it is a proxy for the same data center"
      ))
    } else {
      yield* add(pass(
        "region",
        `data center ${target.region.dc} ${target.region.environment} (from ${target.regionSource}); accounts ${target.region.accountsUrl}, api ${target.region.apiUrl}`
      ))
    }

    // 3. accounts server reachable, and the clock
    const probe = yield* http.execute(
      HttpClientRequest.get(`${target.region.accountsUrl}/oauth/v2/token`).pipe(HttpClientRequest.acceptJson)
    ).pipe(
      Effect.map((r) => ({ status: r.status, date: r.headers["date"] })),
      Effect.timeout(Duration.seconds(15)),
      Effect.either
    )
    if (probe._tag === "Left") {
      yield* add(fail(
        "accounts server",
        `cannot reach ${target.region.accountsUrl}: ${CliError.line(probe.left).replace(/^zoho: /, "")}`,
        "check the network, DNS, a firewall, or a proxy (see the proxy check); ZOHO_ACCOUNTS_URL if you use one"
      ))
    } else {
      yield* add(pass("accounts server", `${target.region.accountsUrl} answered (HTTP ${probe.right.status})`))
      const now = yield* Clock.currentTimeMillis
      const date = probe.right.date === undefined ? Number.NaN : Date.parse(probe.right.date)
      if (Number.isNaN(date)) yield* add(skip("clock", "the accounts server sent no Date header"))
      else if (Math.abs(now - date) > maxSkewMillis) {
        yield* add(fail(
          "clock",
          `this machine's clock is ${Output.duration(Math.abs(now - date))} ${
            now > date ? "ahead of" : "behind"
          } Zoho's`,
          "turn on time sync (NTP); token expiry is computed from the local clock"
        ))
      } else yield* add(pass("clock", `within ${Output.duration(Math.abs(now - date))} of Zoho's`))
    }

    // 4. refresh token
    let granted: ReadonlyArray<string> = login?.scopes ?? []
    let refreshed = false
    const credentials = target.user.credentials
    const stored = credentials._tag === "StoredId"
      ? yield* store.findById(credentials.id).pipe(
        Effect.map(Option.getOrUndefined),
        Effect.orElseSucceed(() => undefined)
      )
      : undefined
    const secrets = credentials._tag === "RefreshToken"
      ? {
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        refreshToken: credentials.refreshToken
      }
      : stored?.clientId !== undefined && stored.clientSecret !== undefined && stored.refreshToken !== undefined
      ? { clientId: stored.clientId, clientSecret: stored.clientSecret, refreshToken: stored.refreshToken }
      : undefined
    if (credentials._tag === "StoredId" && stored === undefined) {
      yield* add(fail(
        "refresh token",
        `the token ${credentials.id} is not in the ${target.storeDescription}`,
        loginAgain(target)
      ))
    } else if (secrets === undefined) {
      yield* add(skip("refresh token", `the ${credentials._tag} flow has no refresh token to check`))
    } else {
      const outcome = yield* Effect.either(oauth.refresh({ accountsUrl: target.region.accountsUrl, ...secrets }))
      if (outcome._tag === "Left") {
        yield* add(
          outcome.left._tag === "ZohoOAuthError"
            ? explainOAuth(outcome.left, target)
            : fail(
              "refresh token",
              `the accounts server did not answer the refresh: ${outcome.left.message}`,
              "check the network and the accounts server above"
            )
        )
      } else {
        refreshed = true
        const r = outcome.right
        const now = yield* Clock.currentTimeMillis
        if (stored !== undefined) {
          // The minted token is kept, so the check costs no extra mint later.
          yield* store.save(
            new ZohoToken.ZohoToken({
              ...stored,
              accessToken: r.accessToken,
              expiryTime: now + Duration.toMillis(r.expiresIn),
              apiDomain: Option.getOrElse(r.apiDomain, () => stored.apiDomain)
            })
          ).pipe(Effect.ignore)
        }
        if (Option.isSome(r.scope)) granted = Scopes.split(r.scope.value)
        const domain = Option.getOrUndefined(r.apiDomain)
        const trusted = domain === undefined ? undefined : ZohoRegion.trustApiDomain(target.region, domain)
        if (trusted !== undefined && trusted._tag === "Left") {
          yield* add(fail("refresh token", trusted.left.message, "set ZOHO_API_URL if the host is yours"))
        } else {
          yield* add(
            pass("refresh token", `valid: a new access token was issued${domain === undefined ? "" : ` for ${domain}`}`)
          )
        }
      }
    }

    // 5. scopes
    const named = Option.isSome(parsed.product) ? yield* Scopes.products(parsed.product.value) : undefined
    const products = named ?? (granted.length > 0 && Scopes.reachedProducts(granted).length > 0
      ? Scopes.reachedProducts(granted)
      : ["crm" as const])
    const needed = [...new Set(products.flatMap(Scopes.minimum))]
    const missing = granted.length === 0 ? [] : Scopes.missing(granted, needed)
    if (missing.length > 0) {
      yield* add(fail(
        "scopes",
        `missing scope: the token lacks ${missing.join(", ")} (${products.join(", ")} need ${needed.join(", ")})`,
        loginAgain(target, ` --product ${products.join(",")}`)
      ))
    } else if (granted.length > 0) {
      yield* add(pass("scopes", `granted ${granted.join(", ")}: enough for ${products.join(", ")}`))
    }

    // 5b and 6: one call per product, and the org ids of the finance products.
    const canCall = refreshed || secrets === undefined
    for (const id of products) {
      const product = ZohoProducts.all[id]
      const name = `${id} api`
      if (!canCall) {
        yield* add(skip(name, "needs a working token"))
        continue
      }
      const finance = RawEndpoint.isFinance(product)
      const call = Endpoint.call(
        RawEndpoint.make({ product, method: "GET", path: finance ? "/organizations" : "/org" })
      )
      const answer = yield* Effect.either(call({ query: {} }))
      if (answer._tag === "Left") {
        const code = codeOf(answer.left)
        const scopeProblem = code === "ScopeMismatch" || code === "OAUTH_SCOPE_MISMATCH" || code === "57"
        yield* add(
          scopeProblem
            ? fail(
              name,
              `missing scope: Zoho refused ${product.name} (${code}): the token has no ${product.scopePrefix} scope for it`,
              loginAgain(target, ` --product ${products.join(",")}`)
            )
            : fail(
              name,
              `${product.name} refused a test call: ${CliError.line(answer.left).replace(/^zoho: /, "")}`,
              "see the error code in Zoho's API docs"
            )
        )
        continue
      }
      yield* add(pass(name, `${product.name} answered`))
      if (!finance) continue
      const body = answer.right as {
        readonly organizations?: ReadonlyArray<{ readonly organization_id?: unknown; readonly name?: unknown }>
      }
      const orgs = (body.organizations ?? []).map((o) => ({
        id: String(o.organization_id),
        name: String(o.name ?? "")
      }))
      const list = orgs.map((o) => `${o.id} (${o.name})`).join(", ")
      const orgId = target.organizationId
      if (orgId === undefined) {
        yield* add(fail(
          `${id} org id`,
          `no organization id is set; ${product.name} needs one on every call. Yours: ${list || "none"}`,
          `pass --org-id ${orgs[0]?.id ?? "<id>"}, set ZOHO_ORG_ID, or ${
            loginAgain(target, ` --org-id ${orgs[0]?.id ?? "<id>"}`)
          }`
        ))
      } else if (!orgs.some((o) => o.id === orgId)) {
        yield* add(fail(
          `${id} org id`,
          `unknown org id: ${orgId} is not one of this user's ${product.name} organizations (${list || "none"})`,
          `use one of them: --org-id ${orgs[0]?.id ?? "<id>"}, ZOHO_ORG_ID, or ${
            loginAgain(target, ` --org-id ${orgs[0]?.id ?? "<id>"}`)
          }`
        ))
      } else {
        yield* add(pass(`${id} org id`, `${orgId} (${orgs.find((o) => o.id === orgId)!.name})`))
      }
    }

    // 7. proxy
    const zohoProxy = yield* Env.optional("ZOHO_PROXY_HOST")
    const generic =
      (yield* Effect.all([Env.optional("HTTPS_PROXY"), Env.optional("https_proxy"), Env.optional("HTTP_PROXY")]))
        .some(Option.isSome)
    if (target.sim) yield* add(skip("proxy", "the simulator runs in this process"))
    else if (Option.isSome(zohoProxy)) {
      yield* add(pass("proxy", `calls go through ${zohoProxy.value} (ZOHO_PROXY_HOST)`))
    } else if (generic) {
      yield* add(warn(
        "proxy",
        "HTTPS_PROXY/HTTP_PROXY is set, but effect-zoho does not read it: calls go direct",
        "set ZOHO_PROXY_HOST and ZOHO_PROXY_PORT (and ZOHO_PROXY_USER/PASSWORD) to use the proxy"
      ))
    } else yield* add(pass("proxy", "none configured; calls go direct"))

    return results
  })

const symbol: Record<Check["status"], string> = { pass: "ok  ", fail: "FAIL", warn: "warn", skip: "skip" }

const run = (parsed: Parsed) =>
  Effect.gen(function*() {
    const config = yield* Effect.either(
      Effect.flatMap(Session.Session, () => Effect.void).pipe(
        Effect.provide(Session.layer({ user: parsed.user, sim: parsed.sim, organizationId: parsed.orgId }))
      )
    )
    const results = config._tag === "Left"
      ? [fail(
        "config",
        CliError.line(config.left).replace(/^zoho: /, ""),
        `zoho auth login, or set the ZOHO_* variables (${yield* Profile.file} holds logins)`
      )]
      : yield* checks(parsed).pipe(
        Effect.provide(Session.layer({ user: parsed.user, sim: parsed.sim, organizationId: parsed.orgId }))
      )
    if (parsed.json) {
      yield* Output.json({ ok: results.every((c) => c.status !== "fail"), checks: results })
    } else {
      for (const c of results) {
        yield* Output.line(`${symbol[c.status]}  ${c.name}: ${c.detail}`)
        if (c.fix !== undefined && c.status !== "pass") yield* Output.line(`      fix: ${c.fix}`)
      }
    }
    const failed = results.filter((c) => c.status === "fail")
    if (failed.length > 0) {
      return yield* new CliError.CliFailure({
        message: `${failed.length} check${failed.length === 1 ? "" : "s"} failed: ${
          failed.map((c) => c.name).join(", ")
        }`
      })
    }
  })

/**
 * `zoho doctor`.
 *
 * @since 0.1.0
 */
export const command = Command.make("doctor", options, run).pipe(
  Command.withDescription(
    "Check config, data center, accounts server, refresh token, scopes, org ids, clock and proxy, and say how " +
      "to fix what fails. Examples: `zoho doctor`, `zoho doctor --product crm,books --json`"
  )
)
