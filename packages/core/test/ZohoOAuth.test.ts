import { ZohoError, ZohoOAuth } from "@effect-zoho/core"
import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import { inspect } from "node:util"
import { CLIENT_ID, CLIENT_SECRET, FakeAccounts, json, type Reply, text } from "./fixtures/FakeAccounts.js"

const ACCOUNTS = "https://accounts.zoho.eu"
const secrets = { accountsUrl: ACCOUNTS, clientId: CLIENT_ID, clientSecret: Redacted.make(CLIENT_SECRET) }

const setup = (options: ZohoOAuth.Options = {}) =>
  Effect.gen(function*() {
    const fake = new FakeAccounts()
    const oauth = yield* ZohoOAuth.make(options).pipe(Effect.provideService(HttpClient.HttpClient, fake.client))
    return { fake, oauth }
  })

/** Every secret the tests hand out; none may appear in an error. */
const SECRETS = [CLIENT_SECRET, "grant-code-secret", "1000.refresh.secret", "1000.access.", "leaky-access-token"]

const assertNoSecret = (error: unknown) => {
  const rendered = [String(error), JSON.stringify(error), (error as Error).message ?? ""].join("\n")
  for (const secret of SECRETS) assert.notInclude(rendered, secret)
}

describe("ZohoOAuth", () => {
  it.effect("exchanges a grant code with a form body and decodes the response", () =>
    Effect.gen(function*() {
      const { fake, oauth } = yield* setup()
      fake.grantCodes.set("grant-code-secret", "https://www.zohoapis.eu")
      const response = yield* oauth.exchangeCode({
        ...secrets,
        code: Redacted.make("grant-code-secret"),
        redirectUri: "https://app.example.com/callback"
      })
      assert.strictEqual(fake.requests.length, 1)
      const request = fake.requests[0]
      assert.strictEqual(request.method, "POST")
      assert.strictEqual(request.url, "https://accounts.zoho.eu/oauth/v2/token")
      assert.strictEqual(request.contentType, "application/x-www-form-urlencoded")
      assert.deepStrictEqual(request.form, {
        grant_type: "authorization_code",
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        code: "grant-code-secret",
        redirect_uri: "https://app.example.com/callback"
      })
      assert.isTrue(Redacted.isRedacted(response.accessToken))
      assert.strictEqual(Redacted.value(response.accessToken), "1000.access.1")
      assert.strictEqual(
        Option.map(response.refreshToken, Redacted.value).pipe(Option.getOrNull),
        "1000.refresh.grant-code-secret"
      )
      assert.deepStrictEqual(response.apiDomain, Option.some("https://www.zohoapis.eu"))
      assert.deepStrictEqual(response.tokenType, Option.some("Bearer"))
      assert.isTrue(Duration.equals(response.expiresIn, Duration.hours(1)))
      assert.notInclude(String(response.accessToken), "1000.access")
    }))

  it.effect("omits redirect_uri for a self-client exchange", () =>
    Effect.gen(function*() {
      const { fake, oauth } = yield* setup()
      fake.grantCodes.set("grant-code-secret", "https://www.zohoapis.eu")
      yield* oauth.exchangeCode({ ...secrets, code: Redacted.make("grant-code-secret") })
      assert.isFalse("redirect_uri" in fake.requests[0].form)
    }))

  it.effect("refreshes with grant_type=refresh_token and no refresh token comes back", () =>
    Effect.gen(function*() {
      const { fake, oauth } = yield* setup()
      fake.refreshTokens.set("1000.refresh.secret", "https://www.zohoapis.in")
      const response = yield* oauth.refresh({ ...secrets, refreshToken: Redacted.make("1000.refresh.secret") })
      assert.deepStrictEqual(fake.requests[0].form, {
        grant_type: "refresh_token",
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        refresh_token: "1000.refresh.secret"
      })
      assert.isTrue(Option.isNone(response.refreshToken))
      assert.deepStrictEqual(response.apiDomain, Option.some("https://www.zohoapis.in"))
    }))

  it.effect("client credentials send comma-joined scopes and the soid", () =>
    Effect.gen(function*() {
      const { fake, oauth } = yield* setup()
      yield* oauth.clientCredentials({
        ...secrets,
        scopes: ["ZohoCRM.modules.ALL", "ZohoCRM.settings.READ"],
        soid: "ZohoCRM.42"
      })
      assert.deepStrictEqual(fake.requests[0].form, {
        grant_type: "client_credentials",
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        scope: "ZohoCRM.modules.ALL,ZohoCRM.settings.READ",
        soid: "ZohoCRM.42"
      })
    }))

  it.effect("reads the legacy expires_in_sec (expires_in then was milliseconds)", () =>
    Effect.gen(function*() {
      const { fake, oauth } = yield* setup()
      fake.script.push(
        json({ access_token: "a", expires_in: 3_600_000, expires_in_sec: 3600, api_domain: "https://www.zohoapis.com" })
      )
      const response = yield* oauth.refresh({ ...secrets, refreshToken: Redacted.make("r") })
      assert.isTrue(Duration.equals(response.expiresIn, Duration.seconds(3600)))
    }))

  it.effect("accepts expires_in as a string and defaults to one hour when it is missing", () =>
    Effect.gen(function*() {
      const { fake, oauth } = yield* setup()
      fake.script.push(json({ access_token: "a", expires_in: "1800" }), json({ access_token: "b" }))
      const first = yield* oauth.refresh({ ...secrets, refreshToken: Redacted.make("r") })
      const second = yield* oauth.refresh({ ...secrets, refreshToken: Redacted.make("r") })
      assert.isTrue(Duration.equals(first.expiresIn, Duration.minutes(30)))
      assert.isTrue(Duration.equals(second.expiresIn, Duration.hours(1)))
      assert.isTrue(Option.isNone(second.apiDomain))
    }))

  const tooMany = {
    error: "Access Denied",
    error_description: "You have made too many requests continuously. Please try again after some time.",
    status: "failure"
  }

  const cases: ReadonlyArray<readonly [string, Reply, string, boolean, number]> = [
    // Zoho's answer to a revoked refresh token: on a refresh it is about the token, not a code.
    ["invalid_code (HTTP 200)", json({ error: "invalid_code" }), "InvalidRefreshToken", true, 200],
    ["invalid_client (HTTP 200)", json({ error: "invalid_client" }), "InvalidClient", true, 200],
    ["invalid_client_secret", json({ error: "invalid_client_secret" }), "InvalidClientSecret", true, 200],
    ["invalid_redirect_uri", json({ error: "invalid_redirect_uri" }), "InvalidRedirectUri", true, 200],
    ["invalid_token", json({ error: "invalid_token" }), "InvalidRefreshToken", true, 200],
    ["too many requests (Access Denied)", json(tooMany), "TooManyRequests", true, 200],
    ["too many requests at HTTP 400", json(tooMany, 400), "TooManyRequests", true, 400],
    ["access_denied", json({ error: "access_denied" }), "AccessDenied", true, 200],
    ["missing_org_info", json({ error: "missing_org_info" }), "MissingOrgInfo", true, 200],
    ["invalid_scope (HTTP 400)", json({ error: "invalid_scope" }, 400), "InvalidScope", true, 400],
    ["an unknown error", json({ error: "something_new" }), "Unknown", true, 200],
    ["an empty object", json({}), "Unknown", true, 200],
    ["an empty access_token", json({ access_token: "" }), "Unknown", true, 200],
    ["an HTML 502", text("<html><body>Bad Gateway</body></html>", 502), "Unknown", false, 502],
    ["a JSON 500", json({ error: "internal_error" }, 500), "Unknown", false, 500],
    ["an HTTP 429", json({}, 429), "TooManyRequests", true, 429],
    ["an HTML 429", text("<html>slow down</html>", 429), "TooManyRequests", true, 429],
    ["a non-JSON 200", text("OK", 200, "text/plain"), "Unknown", false, 200],
    [
      "an access token with bad fields",
      json({ access_token: "leaky-access-token", expires_in: "soon" }),
      "Unknown",
      false,
      200
    ],
    ["a JSON array", json([1, 2]), "Unknown", false, 200]
  ]

  it.effect.each(cases)(
    "maps %s to a ZohoOAuthError",
    ([, reply, reason, permanent, status]) =>
      Effect.gen(function*() {
        const { fake, oauth } = yield* setup()
        fake.script.push(reply)
        const result = yield* Effect.either(
          oauth.refresh({ ...secrets, refreshToken: Redacted.make("1000.refresh.secret") })
        )
        assert.isTrue(Either.isLeft(result))
        const error = Either.getLeft(result).pipe(Option.getOrThrow)
        assert.strictEqual(error._tag, "ZohoOAuthError")
        if (error._tag !== "ZohoOAuthError") return
        assert.strictEqual(error.reason, reason)
        assert.strictEqual(error.permanent, permanent)
        assert.strictEqual(error.status, status)
        assertNoSecret(error)
      })
  )

  it.effect("keeps Zoho's error value and description", () =>
    Effect.gen(function*() {
      const { fake, oauth } = yield* setup()
      fake.script.push(json(tooMany))
      const error = yield* Effect.flip(oauth.refresh({ ...secrets, refreshToken: Redacted.make("r") }))
      assert.strictEqual(error._tag, "ZohoOAuthError")
      if (error._tag !== "ZohoOAuthError") return
      assert.strictEqual(error.error, "Access Denied")
      assert.include(error.description, "too many requests")
    }))

  it.effect("a refused connection is a ZohoTransportError that Zoho never saw", () =>
    Effect.gen(function*() {
      const { fake, oauth } = yield* setup()
      fake.script.push({ _tag: "Refuse", code: "ECONNREFUSED" })
      const error = yield* Effect.flip(
        oauth.refresh({ ...secrets, refreshToken: Redacted.make("1000.refresh.secret") })
      )
      assert.strictEqual(error._tag, "ZohoTransportError")
      if (error._tag !== "ZohoTransportError") return
      assert.strictEqual(error.reason, "ConnectionRefused")
      assert.isFalse(error.maybeProcessed)
      assert.strictEqual(error.url, "https://accounts.zoho.eu/oauth/v2/token")
      assertNoSecret(error)
    }))

  it.effect("a reset connection may have been processed", () =>
    Effect.gen(function*() {
      const { fake, oauth } = yield* setup()
      fake.script.push({ _tag: "Refuse", code: "ECONNRESET" })
      const error = yield* Effect.flip(oauth.refresh({ ...secrets, refreshToken: Redacted.make("r") }))
      assert.strictEqual(error._tag, "ZohoTransportError")
      if (error._tag !== "ZohoTransportError") return
      assert.strictEqual(error.reason, "ConnectionReset")
      assert.isTrue(error.maybeProcessed)
    }))

  it.effect("times out with a ZohoTimeoutError (TestClock)", () =>
    Effect.gen(function*() {
      const { fake, oauth } = yield* setup({ timeout: "10 seconds" })
      fake.refreshTokens.set("1000.refresh.secret", "https://www.zohoapis.eu")
      fake.script.push({ _tag: "Delay", duration: "1 minute" })
      const fiber = yield* Effect.fork(
        oauth.refresh({ ...secrets, refreshToken: Redacted.make("1000.refresh.secret") })
      )
      yield* TestClock.adjust("10 seconds")
      const error = yield* Effect.flip(Fiber.join(fiber))
      assert.strictEqual(error._tag, "ZohoTimeoutError")
      assert.strictEqual(error._tag === "ZohoTimeoutError" && error.phase, "token")
    }))

  it.effect("a slow answer under the timeout still arrives", () =>
    Effect.gen(function*() {
      const { fake, oauth } = yield* setup()
      fake.refreshTokens.set("1000.refresh.secret", "https://www.zohoapis.eu")
      fake.script.push({ _tag: "Delay", duration: "14 seconds" })
      const fiber = yield* Effect.fork(
        oauth.refresh({ ...secrets, refreshToken: Redacted.make("1000.refresh.secret") })
      )
      yield* TestClock.adjust("14 seconds")
      const response = yield* Fiber.join(fiber)
      assert.strictEqual(Redacted.value(response.accessToken), "1000.access.1")
    }))

  it.effect("without a timeout option a stalled accounts server fails after the 15 s default", () =>
    Effect.gen(function*() {
      const { fake, oauth } = yield* setup()
      fake.script.push({ _tag: "Delay", duration: "1 hour" }, { _tag: "Delay", duration: "1 hour" })
      const refresh = yield* Effect.fork(
        oauth.refresh({ ...secrets, refreshToken: Redacted.make("1000.refresh.secret") })
      )
      const revoke = yield* Effect.fork(oauth.revoke({ accountsUrl: ACCOUNTS, token: Redacted.make("t") }))
      yield* TestClock.adjust(ZohoOAuth.defaultTimeout)
      const errors = [yield* Effect.flip(Fiber.join(refresh)), yield* Effect.flip(Fiber.join(revoke))]
      for (const error of errors) {
        assert.strictEqual(error._tag, "ZohoTimeoutError")
        if (error._tag !== "ZohoTimeoutError") continue
        assert.strictEqual(error.phase, "token")
        assert.strictEqual(Duration.toMillis(error.timeout), 15_000)
        assert.isTrue(ZohoError.isTransient(error))
        assert.include(error.message, "ZOHO_TOKEN_TIMEOUT_MS")
        assertNoSecret(error)
      }
    }))

  it.effect("revokes with the form field token", () =>
    Effect.gen(function*() {
      const { fake, oauth } = yield* setup()
      fake.refreshTokens.set("1000.refresh.secret", "https://www.zohoapis.eu")
      yield* oauth.revoke({ accountsUrl: ACCOUNTS + "/", token: Redacted.make("1000.refresh.secret") })
      assert.strictEqual(fake.requests[0].url, "https://accounts.zoho.eu/oauth/v2/token/revoke")
      assert.deepStrictEqual(fake.requests[0].form, { token: "1000.refresh.secret" })
      assert.deepStrictEqual(fake.revoked, ["1000.refresh.secret"])
    }))

  it.effect("a failed revoke is a ZohoOAuthError without the token", () =>
    Effect.gen(function*() {
      const { oauth } = yield* setup()
      const error = yield* Effect.flip(
        oauth.revoke({ accountsUrl: ACCOUNTS, token: Redacted.make("1000.refresh.secret") })
      )
      assert.strictEqual(error._tag, "ZohoOAuthError")
      if (error._tag !== "ZohoOAuthError") return
      assert.strictEqual(error.reason, "InvalidRefreshToken")
      assert.strictEqual(error.status, 400)
      assertNoSecret(error)
    }))

  it.effect("a revoke answered with status failure at HTTP 200 fails", () =>
    Effect.gen(function*() {
      const { fake, oauth } = yield* setup()
      fake.script.push(json({ status: "failure" }))
      const error = yield* Effect.flip(oauth.revoke({ accountsUrl: ACCOUNTS, token: Redacted.make("t") }))
      assert.strictEqual(error._tag, "ZohoOAuthError")
    }))

  it.effect("runs each call in a span without secrets", () =>
    Effect.gen(function*() {
      const fake = new FakeAccounts()
      fake.refreshTokens.set("1000.refresh.secret", "https://www.zohoapis.eu")
      const seen: Array<{ name: string; attributes: Record<string, unknown> }> = []
      const spying = HttpClient.make((request) =>
        Effect.gen(function*() {
          let span = yield* Effect.orDie(Effect.currentSpan)
          // Walk up from the HTTP span to ours.
          for (;;) {
            seen.push({ name: span.name, attributes: Object.fromEntries(span.attributes) })
            if (span.parent._tag !== "Some" || span.parent.value._tag !== "Span") break
            span = span.parent.value
          }
          return yield* fake.client.execute(request)
        })
      )
      const oauth = yield* ZohoOAuth.make().pipe(Effect.provideService(HttpClient.HttpClient, spying))
      yield* oauth.refresh({ ...secrets, refreshToken: Redacted.make("1000.refresh.secret") })
      const ours = seen.find((s) => s.name === "ZohoOAuth.refresh")
      assert.isDefined(ours)
      assert.strictEqual(ours!.attributes["zoho.oauth.grant_type"], "refresh_token")
      const everything = JSON.stringify(seen)
      assert.notInclude(everything, CLIENT_SECRET)
      assert.notInclude(everything, "1000.refresh.secret")
      assert.notInclude(everything, "1000.access")
    }))

  describe("readable errors (issue 8.10)", () => {
    const refresh = (oauth: ZohoOAuth.Service) =>
      Effect.flip(oauth.refresh({ ...secrets, refreshToken: Redacted.make("1000.refresh.secret") }))

    it.effect("every reason has a one-line message saying what to do, never a field dump", () =>
      Effect.gen(function*() {
        const { fake, oauth } = yield* setup()
        for (const error of ["invalid_code", "invalid_client", "invalid_client_secret", "something_new"]) {
          fake.script.push(json({ error }))
          const e = yield* refresh(oauth)
          assert.strictEqual(e._tag, "ZohoOAuthError")
          const message = e.message
          assert.notInclude(message, "\n")
          assert.notInclude(message, "undefined")
          assert.notMatch(message, /^\{/)
          assert.include(message, `[${error}, HTTP 200]`)
          assert.include(String(e), message)
          assert.include(inspect(e), message)
        }
      }))

    it.effect("a grant code exchange keeps invalid_code as InvalidCode", () =>
      Effect.gen(function*() {
        const { oauth } = yield* setup()
        const e = yield* Effect.flip(oauth.exchangeCode({ ...secrets, code: Redacted.make("grant-code-secret") }))
        assert.strictEqual(e._tag === "ZohoOAuthError" && e.reason, "InvalidCode")
        assert.include(e.message, "generate a new one")
        assertNoSecret(e)
      }))

    it.effect("the mint cap says when to retry; Retry-After wins over the 10-minute window", () =>
      Effect.gen(function*() {
        const { fake, oauth } = yield* setup()
        fake.script.push(json(tooMany, 400), {
          _tag: "Reply",
          status: 429,
          body: "{}",
          headers: { "retry-after": "120" }
        })
        const capped = yield* refresh(oauth)
        const limited = yield* refresh(oauth)
        for (const [e, seconds] of [[capped, 600], [limited, 120]] as const) {
          assert.strictEqual(e._tag, "ZohoOAuthError")
          if (e._tag !== "ZohoOAuthError") continue
          assert.strictEqual(e.reason, "TooManyRequests")
          assert.strictEqual(Duration.toSeconds(e.retryAfter!), seconds)
          assert.isFalse(ZohoError.isTransient(e))
          assert.include(e.message, `retry in ${seconds} s`)
        }
      }))

    it.effect("a wrong data center names the one Zoho points at", () =>
      Effect.gen(function*() {
        const { fake, oauth } = yield* setup()
        fake.script.push(
          json({ error: "invalid_client", "accounts-server": "https://accounts.zoho.in", location: "in" }),
          json({ error: "invalid_code", error_description: "This token belongs to accounts.zoho.com.au" }),
          // The data center that was asked (EU) is no hint.
          json({ error: "invalid_client", "accounts-server": "https://accounts.zoho.eu" })
        )
        const fromField = yield* refresh(oauth)
        const fromText = yield* refresh(oauth)
        const same = yield* refresh(oauth)
        assert.strictEqual(fromField._tag === "ZohoOAuthError" && fromField.dataCenter, "IN")
        assert.include(fromField.message, "IN data center: set ZOHO_REGION=in")
        assert.strictEqual(fromText._tag === "ZohoOAuthError" && fromText.dataCenter, "AU")
        assert.strictEqual(same._tag === "ZohoOAuthError" && same.dataCenter, undefined)
      }))
  })

  describe("server text is redacted (issue 8.2)", () => {
    it.effect("a proxy echoing the form, a token or a code cannot put it into the error", () =>
      Effect.gen(function*() {
        const { fake, oauth } = yield* setup()
        fake.script.push(
          json({
            error: "invalid_client",
            error_description:
              `rejected grant_type=refresh_token&client_secret=${CLIENT_SECRET}&refresh_token=1000.refresh.secret`
          }),
          json({ error: "proxy_error", message: "upstream said: 1000.refresh.secret is not valid (Bearer abc)" }),
          json({ error: "invalid_code", error_description: "code grant-code-secret already used" })
        )
        const echoed = yield* Effect.flip(
          oauth.refresh({ ...secrets, refreshToken: Redacted.make("1000.refresh.secret") })
        )
        const bare = yield* Effect.flip(
          oauth.refresh({ ...secrets, refreshToken: Redacted.make("1000.refresh.secret") })
        )
        const code = yield* Effect.flip(oauth.exchangeCode({ ...secrets, code: Redacted.make("grant-code-secret") }))
        for (const e of [echoed, bare, code]) {
          assert.strictEqual(e._tag, "ZohoOAuthError")
          if (e._tag === "ZohoOAuthError") assert.include(e.description, "<redacted>")
          assertNoSecret(e)
          assert.notInclude(Cause.pretty(Cause.fail(e)), "1000.refresh.secret")
          assert.notInclude(inspect(e), CLIENT_SECRET)
        }
      }))
  })

  describe("config (ZOHO_TOKEN_TIMEOUT_MS)", () => {
    const read = (vars: Record<string, string>) =>
      Effect.withConfigProvider(ZohoOAuth.config, ConfigProvider.fromMap(new Map(Object.entries(vars))))

    it.effect("unset keeps the default; a positive value sets the timeout; 0 or less fails the layer", () =>
      Effect.gen(function*() {
        assert.isUndefined((yield* read({})).timeout)
        assert.strictEqual(
          Duration.toMillis(Duration.decode((yield* read({ ZOHO_TOKEN_TIMEOUT_MS: "2500" })).timeout!)),
          2500
        )
        for (const bad of ["0", "-1", "soon"]) {
          const error = yield* Effect.flip(Effect.scoped(Layer.build(ZohoOAuth.layerConfig()))).pipe(
            Effect.provideService(HttpClient.HttpClient, new FakeAccounts().client),
            Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["ZOHO_TOKEN_TIMEOUT_MS", bad]])))
          )
          assert.strictEqual(error._tag, "ZohoConfigError")
          assert.strictEqual(error.reason, "InvalidInput")
        }
      }))
  })
})
