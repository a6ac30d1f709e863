/**
 * `zoho auth login`: the OAuth web flow with a loopback redirect, or a self-client grant code
 * pasted from the API console; the refresh token goes to the configured token store and the user
 * into the CLI's profile (as the default user).
 *
 * Loopback flow: bind `127.0.0.1:<port>` first (a port in use fails before anything is shown),
 * print the authorize URL (and open a browser where there is one), wait for the redirect, check
 * `state`, take the data center from `accounts-server` / `location`, exchange the code there with
 * `ZohoOAuth`, check the token's `api_domain`, save. With `--sim` the CLI plays the browser
 * against the in-process simulator, through the same loopback server.
 *
 * @since 0.1.0
 */
import * as FileTokenStore from "@effect-zoho/core/FileTokenStore"
import * as TokenStore from "@effect-zoho/core/TokenStore"
import * as ZohoOAuth from "@effect-zoho/core/ZohoOAuth"
import * as ZohoRegion from "@effect-zoho/core/ZohoRegion"
import * as ZohoToken from "@effect-zoho/core/ZohoToken"
import * as SimHttpClient from "@effect-zoho/sim/SimHttpClient"
import * as Simulator from "@effect-zoho/sim/Simulator"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Prompt from "@effect/cli/Prompt"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import * as readline from "node:readline"
import * as CliError from "./CliError.js"
import * as Env from "./Env.js"
import * as Flags from "./Flags.js"
import * as Loopback from "./Loopback.js"
import * as Output from "./Output.js"
import * as Profile from "./Profile.js"
import * as Scopes from "./Scopes.js"
import * as Session from "./Session.js"
import * as Stores from "./Stores.js"
import * as Targets from "./Targets.js"

/** The callback port when `--port` is not given: register `http://127.0.0.1:8765/callback`. @since 0.1.0 */
export const defaultPort = 8765

const options = {
  user: Options.text("user").pipe(
    Options.withAlias("u"),
    Options.optional,
    Options.withDescription("A name for this login (default: default, or sim with --sim)")
  ),
  clientId: Options.text("client-id").pipe(
    Options.optional,
    Options.withDescription("The OAuth client id (default: ZOHO_CLIENT_ID, else a prompt)")
  ),
  clientSecret: Options.redacted("client-secret").pipe(
    Options.optional,
    Options.withDescription(
      "The client secret (default: ZOHO_CLIENT_SECRET, else a hidden prompt; a flag shows in `ps`)"
    )
  ),
  scopes: Options.text("scopes").pipe(
    Options.optional,
    Options.withDescription("Scopes to ask for, comma-separated (added to the --product presets)")
  ),
  product: Options.text("product").pipe(
    Options.optional,
    Options.withDescription(
      `Ask for these products' preset scopes, comma-separated: ${Scopes.productIds.join(", ")} (default: crm)`
    )
  ),
  region: Options.text("region").pipe(
    Options.optional,
    Options.withDescription(
      "Data center to start at: us, eu, in, au, cn, jp, ca, sa, uk (default: ZOHO_REGION, else us)"
    )
  ),
  sandbox: Options.boolean("sandbox").pipe(Options.withDescription("A sandbox org (sandbox.zohoapis.<tld>)")),
  developer: Options.boolean("developer").pipe(Options.withDescription("A developer org (developer.zohoapis.<tld>)")),
  selfClient: Options.boolean("self-client").pipe(
    Options.withDescription("Paste a grant code generated for a Self Client in the API console (read from stdin)")
  ),
  port: Options.integer("port").pipe(
    Options.withDefault(defaultPort),
    Options.withDescription("The loopback port of the redirect http://127.0.0.1:<port>/callback")
  ),
  noBrowser: Options.boolean("no-browser").pipe(
    Options.withDescription("Only print the authorize URL (also ZOHO_NO_BROWSER=1)")
  ),
  timeout: Options.integer("timeout").pipe(
    Options.withDefault(300),
    Options.withDescription("Seconds to wait for the redirect")
  ),
  orgId: Flags.orgId,
  sim: Flags.sim,
  json: Flags.json
}

type Args = Command.Command.ParseConfig<typeof options>

const optionalEnv = Env.optional

/** One line from stdin (a pasted grant code), without echo when stdin is a terminal. */
const readSecretLine = (message: string) =>
  Effect.flatMap(Output.stdinIsTty, (tty) =>
    tty
      ? Prompt.run(Prompt.password({ message })).pipe(
        Effect.mapError(() => CliError.usage("no grant code entered", "paste the code generated in the API console"))
      )
      : Effect.async<Redacted.Redacted<string>, CliError.CliUsageError>((resume) => {
        const rl = readline.createInterface({ input: process.stdin, terminal: false })
        let done = false
        rl.once("line", (text) => {
          done = true
          rl.close()
          const code = text.trim()
          resume(
            code === ""
              ? Effect.fail(CliError.usage("the grant code on stdin is empty", "paste the code from the API console"))
              : Effect.succeed(Redacted.make(code))
          )
        })
        rl.once("close", () => {
          if (!done) {
            resume(Effect.fail(CliError.usage("no grant code on stdin", "echo <code> | zoho auth login --self-client")))
          }
        })
        return Effect.sync(() => rl.close())
      }))

/** Open `url` in a browser where one can be expected; any failure just leaves the printed URL. */
const openBrowser = (url: string): Effect.Effect<boolean> =>
  Effect.sync(() => {
    if (process.env.ZOHO_NO_BROWSER === "1") return false
    const linuxDesktop = process.env.DISPLAY !== undefined || process.env.WAYLAND_DISPLAY !== undefined
    const [cmd, args] = process.platform === "darwin"
      ? ["open", [url]] as const
      : process.platform === "win32"
      ? ["cmd", ["/c", "start", "", url.replace(/&/g, "^&")]] as const
      : linuxDesktop
      ? ["xdg-open", [url]] as const
      : [undefined, []] as const
    if (cmd === undefined) return false
    try {
      const child = spawn(cmd, [...args], { detached: true, stdio: "ignore" })
      child.on("error", () => undefined)
      child.unref()
      return true
    } catch {
      return false
    }
  })

/** Resolve flags to the values the flow needs; every problem here is a usage error, nothing sent yet. */
const prepare = (args: Args) =>
  Effect.gen(function*() {
    const sim = args.sim || (yield* Session.simFromEnv)
    if (args.sandbox && args.developer) {
      return yield* CliError.usage("--sandbox and --developer exclude each other", "pick one of them")
    }
    if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
      return yield* CliError.usage(`--port must be 0-65535, got ${args.port}`, `e.g. --port ${defaultPort}`)
    }
    const products = Option.isSome(args.product)
      ? yield* Scopes.products(args.product.value)
      : Option.isSome(args.scopes)
      ? []
      : sim
      ? Scopes.productIds
      : ["crm" as const]
    const scopes = [
      ...new Set([
        ...Scopes.forProducts(products),
        ...Option.match(args.scopes, {
          onNone: () => [],
          onSome: Scopes.split
        })
      ])
    ]
    if (scopes.length === 0) return yield* CliError.usage("no scopes to ask for", "pass --product crm or --scopes …")
    const environment: ZohoRegion.Environment = args.sandbox ? "sandbox" : args.developer ? "developer" : "production"
    const envRegion = yield* optionalEnv("ZOHO_REGION")
    const input = Option.getOrUndefined(Option.orElse(args.region, () => envRegion))
    const found = input === undefined ? { dc: "US" as const } : ZohoRegion.lookup(input)
    if (found === undefined) {
      return yield* CliError.usage(
        `unknown region "${input}"`,
        "use one of: us, eu, in, au, cn, jp, ca, sa, uk (or a URL such as https://accounts.zoho.eu)"
      )
    }
    const accountsOverride = sim ? undefined : Option.getOrUndefined(yield* optionalEnv("ZOHO_ACCOUNTS_URL"))
    const apiOverride = sim ? undefined : Option.getOrUndefined(yield* optionalEnv("ZOHO_API_URL"))
    const region = sim
      ? Targets.simRegion
      : yield* Effect.mapError(
        ZohoRegion.makeEither(found.dc, environment, { accountsUrl: accountsOverride, apiUrl: apiOverride }),
        (e) => CliError.usage(e.message)
      )
    const orgId = Option.getOrUndefined(args.orgId)
    if (orgId !== undefined && !/^[0-9]{1,40}$/.test(orgId)) {
      return yield* CliError.usage("--org-id must be Zoho's numeric organization id", "e.g. --org-id 800001")
    }
    const name = Option.getOrElse(args.user, () => sim ? "sim" : "default")
    if (!/^[A-Za-z0-9@._+-]{1,64}$/.test(name)) {
      return yield* CliError.usage(`--user "${name}" is not a usable name`, "use letters, digits and @ . _ + -")
    }
    return { sim, scopes, environment, region, orgId, name, accountsOverride }
  })

const clientCredentials = (args: Args, sim: boolean) =>
  Effect.gen(function*() {
    if (sim) return { clientId: Targets.simClientId, clientSecret: Targets.simClientSecret }
    const tty = yield* Output.stdinIsTty
    const clientId = Option.isSome(args.clientId)
      ? args.clientId.value
      : Option.getOrUndefined(yield* optionalEnv("ZOHO_CLIENT_ID")) ??
        (tty && !args.selfClient
          ? (yield* Prompt.run(Prompt.text({ message: "Client ID (API console → your client)" })).pipe(
            Effect.orElseSucceed(() => "")
          ))
          : "")
    if (clientId.trim() === "") {
      return yield* CliError.usage("no client id", "pass --client-id or set ZOHO_CLIENT_ID (API console → your client)")
    }
    const secretFromEnv = yield* Env.optionalSecret("ZOHO_CLIENT_SECRET")
    const secret = Option.isSome(args.clientSecret)
      ? args.clientSecret.value
      : Option.isSome(secretFromEnv)
      ? secretFromEnv.value
      : tty && !args.selfClient
      ? yield* Prompt.run(Prompt.password({ message: "Client secret (hidden)" })).pipe(
        Effect.orElseSucceed(() => Redacted.make(""))
      )
      : Redacted.make("")
    if (Redacted.value(secret).trim() === "") {
      return yield* CliError.usage("no client secret", "set ZOHO_CLIENT_SECRET (or pass --client-secret)")
    }
    return { clientId: clientId.trim(), clientSecret: Redacted.make(Redacted.value(secret).trim()) }
  })

/** `https://api-console.zoho.eu` for the EU accounts server, etc. */
const apiConsoleFor = (region: ZohoRegion.ZohoRegion) => {
  const host = ZohoRegion.dataCenters[region.dc].accountsHost.replace(/^accounts\./, "api-console.")
  return `https://${host}`
}

/**
 * The accounts server to exchange the code at and the data center, from the redirect's
 * `accounts-server` and `location`. The client secret only goes to a Zoho accounts host over
 * https, or to the accounts server this login started at (a simulator or proxy the user set).
 */
const accountsOf = (
  region: ZohoRegion.ZohoRegion,
  callback: Loopback.Callback
): Effect.Effect<{ readonly accountsUrl: string; readonly dc: ZohoRegion.DataCenter }, CliError.CliFailure> => {
  const asked = new URL(region.accountsUrl).origin
  const fromLocation = callback.location === undefined ? undefined : ZohoRegion.lookup(callback.location)?.dc
  if (callback.accountsServer === undefined) {
    const dc = fromLocation ?? region.dc
    const standard = ZohoRegion.lookup(asked)?.dc !== undefined
    return Effect.succeed({
      accountsUrl: standard && dc !== region.dc ? `https://${ZohoRegion.dataCenters[dc].accountsHost}` : asked,
      dc
    })
  }
  let url: URL
  try {
    url = new URL(callback.accountsServer)
  } catch {
    return Effect.fail(
      new CliError.CliFailure({ message: "the redirect's accounts-server is not a URL; the code was not exchanged" })
    )
  }
  if (url.origin === asked) {
    return Effect.succeed({ accountsUrl: asked, dc: ZohoRegion.lookup(asked)?.dc ?? fromLocation ?? region.dc })
  }
  const zoho = Object.values(ZohoRegion.dataCenters).find((d) => d.accountsHost === url.hostname)
  if (url.protocol === "https:" && url.port === "" && zoho !== undefined) {
    return Effect.succeed({ accountsUrl: url.origin, dc: zoho.dc })
  }
  return Effect.fail(
    new CliError.CliFailure({
      message: `the redirect names accounts-server ${url.host}, which is not a Zoho accounts server; ` +
        `the code was not exchanged and no token was written`
    })
  )
}

/** Follow the authorize URL as a browser would, against the in-process simulator. */
const simBrowser = (authorizeUrl: string) =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const response = yield* client.execute(HttpClientRequest.get(authorizeUrl))
    const location = response.headers["location"]
    if (response.status !== 302 || location === undefined) {
      const text = yield* response.text
      return yield* new CliError.CliFailure({
        message: `the simulator refused the authorization: ${text.slice(0, 200)}`
      })
    }
    yield* Effect.tryPromise({
      try: () => fetch(location).then((r) => r.text()),
      catch: () =>
        new CliError.CliFailure({ message: "could not deliver the simulator's redirect to the loopback server" })
    })
  }).pipe(Effect.scoped)

const login = (args: Args) =>
  Effect.gen(function*() {
    const prepared = yield* prepare(args)
    const { name, region, scopes, sim } = prepared
    const client = yield* clientCredentials(args, sim)
    const storeKind: Stores.Kind = sim ? "sim" : yield* Stores.configured
    const profile = yield* Profile.load

    // The code, with the data center it belongs to.
    const grant = yield* Effect.gen(function*() {
      if (args.selfClient) {
        yield* Output.info(
          [
            `Self-client login (data center ${region.dc}):`,
            `  1. Open ${
              apiConsoleFor(region)
            } and choose your Self Client (ADD CLIENT → Self Client if you have none).`,
            `  2. Generate Code with the scopes: ${scopes.join(",")}`,
            `     (time duration 10 minutes; pick the org or portal when asked).`,
            `  3. Paste the code below and press Enter; it is used once, within minutes.`
          ].join("\n")
        )
        const code = yield* readSecretLine("Grant code (hidden)")
        return { code, accountsUrl: region.accountsUrl, dc: region.dc, redirectUri: undefined, flow: "self-client" }
      }
      const state = randomBytes(16).toString("hex")
      const loopback = yield* Loopback.listen(sim ? 0 : args.port, state)
      const authorize = new URL(`${region.accountsUrl}/oauth/v2/auth`)
      authorize.search = new URLSearchParams({
        response_type: "code",
        client_id: client.clientId,
        scope: scopes.join(","),
        redirect_uri: loopback.redirectUri,
        access_type: "offline",
        prompt: "consent",
        state
      }).toString()
      const url = authorize.toString()
      if (sim) {
        yield* Output.info(`Logging in to the in-process simulator (the CLI plays the browser)…`)
        const simulator = yield* Simulator.make(
          Targets.withExtras(Targets.simSeed(), { redirectUris: [loopback.redirectUri] })
        )
        yield* Effect.fork(
          simBrowser(url).pipe(Effect.provide(SimHttpClient.layerFrom(simulator)), Effect.ignore)
        )
        const callback = yield* loopback.callback
        const accounts = yield* accountsOf(region, callback)
        return { code: callback.code, ...accounts, redirectUri: loopback.redirectUri, flow: "loopback", simulator }
      }
      yield* Output.info(
        [
          "Open this URL in a browser to log in to Zoho:",
          "",
          `  ${url}`,
          "",
          `Waiting for Zoho to redirect to ${loopback.redirectUri} (register it for client ${client.clientId})…`
        ].join("\n")
      )
      if (!args.noBrowser) yield* openBrowser(url)
      const callback = yield* loopback.callback.pipe(
        Effect.timeoutFail({
          duration: Duration.seconds(args.timeout),
          onTimeout: () =>
            new CliError.CliFailure({
              message: `no redirect within ${args.timeout} s; no token was written (run zoho auth login again)`
            })
        })
      )
      const accounts = yield* accountsOf(region, callback)
      return { code: callback.code, ...accounts, redirectUri: loopback.redirectUri, flow: "loopback" }
    }).pipe(Effect.scoped)

    const finalRegion = yield* Effect.mapError(
      ZohoRegion.makeEither(grant.dc, prepared.environment, {
        accountsUrl: sim ? undefined : grant.accountsUrl === `https://${ZohoRegion.dataCenters[grant.dc].accountsHost}`
          ? undefined
          : grant.accountsUrl,
        apiUrl: sim ? undefined : Option.getOrUndefined(yield* optionalEnv("ZOHO_API_URL"))
      }),
      (e) => new CliError.CliFailure({ message: e.message })
    )

    const simulator = "simulator" in grant ? grant.simulator : undefined
    const http = simulator !== undefined ? SimHttpClient.layerFrom(simulator) : Session.nodeHttp
    const storeLayer = sim
      ? Layer.unwrapEffect(Effect.map(Stores.filePath("sim"), (path) => FileTokenStore.layer({ path })))
      : Stores.layer(storeKind)

    const saved = yield* Effect.gen(function*() {
      const oauth = yield* ZohoOAuth.ZohoOAuth
      const store = yield* TokenStore.TokenStore
      const response = yield* oauth.exchangeCode({
        accountsUrl: grant.accountsUrl,
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        code: grant.code,
        redirectUri: grant.redirectUri
      })
      if (Option.isNone(response.refreshToken)) {
        return yield* new CliError.CliFailure({
          message: "Zoho issued no refresh token (the code was not generated with access_type=offline); " +
            "no token was written: generate a new code and log in again"
        })
      }
      const apiDomain = Option.isSome(response.apiDomain)
        ? yield* Effect.mapError(
          ZohoRegion.trustApiDomain(finalRegion, response.apiDomain.value),
          (e) => new CliError.CliFailure({ message: e.message })
        )
        : undefined
      const now = yield* Clock.currentTimeMillis
      const token = new ZohoToken.ZohoToken({
        id: ZohoToken.makeId(),
        userName: name,
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        refreshToken: response.refreshToken.value,
        accessToken: response.accessToken,
        expiryTime: now + Duration.toMillis(response.expiresIn),
        apiDomain
      })
      yield* store.save(token)
      const previous = profile.users[name]
      if (previous !== undefined && previous.store === storeKind && previous.tokenId !== token.id) {
        // A login under the same name replaces the old token; it is not revoked (another machine may use it).
        yield* store.delete(previous.tokenId).pipe(Effect.ignore)
      }
      const granted = Option.match(response.scope, { onNone: () => scopes, onSome: Scopes.split })
      return { token, apiDomain, granted, expiresAt: now + Duration.toMillis(response.expiresIn) }
    }).pipe(
      Effect.provide(ZohoOAuth.layerConfig().pipe(Layer.provideMerge(http), Layer.merge(storeLayer)))
    )

    const user = new Profile.ProfileUser({
      tokenId: saved.token.id,
      clientId: client.clientId,
      dc: grant.dc,
      environment: prepared.environment,
      accountsUrl: grant.accountsUrl,
      ...(saved.apiDomain === undefined ? {} : { apiDomain: saved.apiDomain }),
      scopes: saved.granted,
      ...(prepared.orgId !== undefined
        ? { organizationId: prepared.orgId }
        : sim
        ? { organizationId: Targets.simOrganizationId }
        : {}),
      store: storeKind,
      sim,
      flow: grant.flow,
      loggedInAt: new Date(yield* Clock.currentTimeMillis).toISOString()
    })
    yield* Profile.update((p) => Profile.withUser(p, name, user, true))
    const where = yield* Stores.describe(storeKind)
    if (args.json) {
      yield* Output.json({
        user: name,
        default: true,
        dataCenter: grant.dc,
        environment: prepared.environment,
        accountsServer: grant.accountsUrl,
        apiDomain: saved.apiDomain ?? null,
        scopes: saved.granted,
        organizationId: user.organizationId ?? null,
        store: where,
        sim,
        accessTokenExpiresAt: new Date(saved.expiresAt).toISOString()
      })
    } else {
      yield* Output.line(
        `Logged in as ${name}${sim ? " (simulator)" : ""}: data center ${grant.dc} (${prepared.environment}), ` +
          `api ${saved.apiDomain ?? finalRegion.apiUrl}, token saved in ${where}`
      )
      yield* Output.line(`Scopes: ${saved.granted.join(", ")}`)
    }
  })

/**
 * `zoho auth login`.
 *
 * @since 0.1.0
 */
export const command = Command.make("login", options, login).pipe(
  Command.withDescription(
    "Log in to Zoho once and keep the refresh token. Examples: `zoho auth login --product crm,books`, " +
      "`zoho auth login --region eu --self-client`, `zoho auth login --sim`. Register the redirect URI " +
      `http://127.0.0.1:${defaultPort}/callback for your client (or pass --port).`
  )
)
