import { SimHttpClient, SimSeed, Simulator } from "@effect-zoho/sim"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import * as Scopes from "../src/internal/scopes.js"
import { fakeProducts } from "./support/FakeProducts.js"

const TOKEN_URL = "https://accounts.zoho.com/oauth/v2/token"
const CLIENT = { client_id: "1000.SIMCLIENT", client_secret: "sim-secret" }

const provide = <A, E>(
  effect: Effect.Effect<A, E, HttpClient.HttpClient | Simulator.Simulator>,
  seed = SimSeed.demo()
) => Effect.provide(effect, SimHttpClient.layerSeed(seed, { products: fakeProducts, builtInProducts: false }))

const call = (request: HttpClientRequest.HttpClientRequest) =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const response = yield* client.execute(request)
    const text = yield* response.text
    return { status: response.status, headers: response.headers, body: text === "" ? undefined : JSON.parse(text) }
  }).pipe(Effect.orDie)

const token = (params: Record<string, string>, via: "form" | "query" = "form") =>
  call(
    via === "form"
      ? HttpClientRequest.bodyUrlParams(HttpClientRequest.post(TOKEN_URL), params)
      : HttpClientRequest.setUrlParams(HttpClientRequest.post(TOKEN_URL), params)
  )

const exchange = (code: string, extra: Record<string, string> = {}) =>
  token({ grant_type: "authorization_code", code, ...CLIENT, ...extra })

const refresh = (refreshToken = "1000.simrefresh") =>
  token({ grant_type: "refresh_token", refresh_token: refreshToken, ...CLIENT })

const api = (accessToken: string, path = "/books/v3/contacts?organization_id=800001", scheme = "Zoho-oauthtoken") =>
  call(
    HttpClientRequest.get(`https://www.zohoapis.com${path}`).pipe(
      HttpClientRequest.setHeader("Authorization", `${scheme} ${accessToken}`)
    )
  )

const TOKEN_SHAPE = /^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/

describe("Accounts server", () => {
  it.effect("exchanges a grant code once, with Zoho's response shape", () =>
    provide(Effect.gen(function*() {
      const first = yield* exchange("1000.simgrant")
      assert.strictEqual(first.status, 200)
      assert.match(first.body.access_token, TOKEN_SHAPE)
      assert.match(first.body.refresh_token, TOKEN_SHAPE)
      assert.strictEqual(first.body.token_type, "Bearer")
      assert.strictEqual(first.body.expires_in, 3600)
      assert.strictEqual(first.body.api_domain, "https://www.zohoapis.com")
      assert.include(Scopes.parse(first.body.scope), "ZohoBooks.fullaccess.all")
      assert.strictEqual((yield* api(first.body.access_token)).status, 200)

      const again = yield* exchange("1000.simgrant")
      assert.strictEqual(again.status, 200)
      assert.deepStrictEqual(again.body, { error: "invalid_code" })

      // The refresh token from the exchange works.
      const refreshed = yield* refresh(first.body.refresh_token)
      assert.match(refreshed.body.access_token, TOKEN_SHAPE)
      assert.isUndefined(refreshed.body.refresh_token)
    })))

  it.effect("accepts the parameters in the query string too", () =>
    provide(Effect.gen(function*() {
      const res = yield* token({ grant_type: "authorization_code", code: "1000.simgrant", ...CLIENT }, "query")
      assert.match(res.body.access_token, TOKEN_SHAPE)
      const r = yield* token({ grant_type: "refresh_token", refresh_token: "1000.simrefresh", ...CLIENT }, "query")
      assert.match(r.body.access_token, TOKEN_SHAPE)
    })))

  it.effect("grant codes expire after grantCodeTtlSeconds", () =>
    provide(Effect.gen(function*() {
      const sim = yield* Simulator.Simulator
      const code = yield* sim.createGrantCode({
        clientId: "1000.SIMCLIENT",
        userId: "50001",
        scopes: ["ZohoBooks.fullaccess.all"]
      })
      yield* TestClock.adjust("599 seconds")
      const stillOk = yield* exchange(code)
      assert.match(stillOk.body.access_token, TOKEN_SHAPE)
      yield* TestClock.adjust("2 seconds")
      // The seed's code was issued at start: now past its 600 s.
      assert.deepStrictEqual((yield* exchange("1000.simgrant")).body, { error: "invalid_code" })
    })))

  it.effect("only offline grants get a refresh token", () =>
    provide(Effect.gen(function*() {
      const sim = yield* Simulator.Simulator
      const code = yield* sim.createGrantCode({
        clientId: "1000.SIMCLIENT",
        userId: "50001",
        scopes: ["ZohoBooks.fullaccess.all"],
        offline: false
      })
      const res = yield* exchange(code)
      assert.match(res.body.access_token, TOKEN_SHAPE)
      assert.isUndefined(res.body.refresh_token)
    })))

  it.effect("checks redirect_uri against the grant's; a failed exchange does not burn the code", () =>
    provide(Effect.gen(function*() {
      const sim = yield* Simulator.Simulator
      const code = yield* sim.createGrantCode({
        clientId: "1000.SIMCLIENT",
        userId: "50001",
        scopes: ["ZohoBooks.fullaccess.all"],
        redirectUri: "http://localhost:8080/callback"
      })
      const wrong = yield* exchange(code, { redirect_uri: "http://evil.example/cb" })
      assert.strictEqual(wrong.status, 200)
      assert.deepStrictEqual(wrong.body, { error: "invalid_redirect_uri" })
      assert.deepStrictEqual((yield* exchange(code)).body, { error: "invalid_redirect_uri" })
      const right = yield* exchange(code, { redirect_uri: "http://localhost:8080/callback" })
      assert.match(right.body.access_token, TOKEN_SHAPE)
    })))

  it.effect("bad client id and secret answer HTTP 200 with an error field", () =>
    provide(Effect.gen(function*() {
      const badSecret = yield* token({
        grant_type: "refresh_token",
        refresh_token: "1000.simrefresh",
        client_id: "1000.SIMCLIENT",
        client_secret: "nope"
      })
      assert.strictEqual(badSecret.status, 200)
      assert.deepStrictEqual(badSecret.body, { error: "invalid_client_secret" })
      const badClient = yield* token({
        grant_type: "authorization_code",
        code: "1000.simgrant",
        client_id: "1000.OTHER",
        client_secret: "x"
      })
      assert.strictEqual(badClient.status, 200)
      assert.deepStrictEqual(badClient.body, { error: "invalid_client" })
      const badRefresh = yield* refresh("1000.unknown")
      assert.deepStrictEqual(badRefresh.body, { error: "invalid_code" })
      const badGrantType = yield* token({ grant_type: "password", ...CLIENT })
      assert.deepStrictEqual(badGrantType.body, { error: "unsupported_grant_type" })
      // The code survived the failed attempts.
      assert.match((yield* exchange("1000.simgrant")).body.access_token, TOKEN_SHAPE)
    })))

  it.effect("caps access tokens at 10 per refresh token per 10 minutes, then recovers", () =>
    provide(Effect.gen(function*() {
      for (let i = 0; i < 10; i++) {
        const ok = yield* refresh()
        assert.match(ok.body.access_token, TOKEN_SHAPE, `mint ${i + 1}`)
        yield* TestClock.adjust("10 seconds")
      }
      const denied = yield* refresh()
      assert.strictEqual(denied.status, 400)
      assert.deepStrictEqual(denied.body, {
        error: "Access Denied",
        error_description: "You have made too many requests continuously. Please try again after some time.",
        status: "failure"
      })
      // The first mint (t=0) leaves the window at t=600 s.
      yield* TestClock.adjust("499 seconds")
      assert.strictEqual((yield* refresh()).status, 400)
      yield* TestClock.adjust("2 seconds")
      assert.match((yield* refresh()).body.access_token, TOKEN_SHAPE)
      assert.strictEqual((yield* refresh()).status, 400)
      const stats = yield* Effect.flatMap(Simulator.Simulator, (s) => s.stats)
      assert.strictEqual(stats.tokenRequests.refresh_token, 14)
      assert.strictEqual(stats.tokensIssued, 11)
    })))

  it.effect("revoking a refresh token kills it and its access tokens", () =>
    provide(Effect.gen(function*() {
      const a = (yield* refresh()).body.access_token as string
      const b = (yield* refresh()).body.access_token as string
      assert.strictEqual((yield* api(a)).status, 200)
      const revoked = yield* call(
        HttpClientRequest.bodyUrlParams(HttpClientRequest.post("https://accounts.zoho.com/oauth/v2/token/revoke"), {
          token: "1000.simrefresh"
        })
      )
      assert.deepStrictEqual(revoked, { status: 200, headers: revoked.headers, body: { status: "success" } })
      assert.deepStrictEqual((yield* refresh()).body, { error: "invalid_code" })
      const apiA = yield* api(a)
      assert.strictEqual(apiA.status, 401)
      assert.strictEqual(apiA.body.code, 57)
      assert.strictEqual((yield* api(b)).status, 401)
      // Revoking it again, or an unknown token: HTTP 400.
      const again = yield* call(
        HttpClientRequest.post("https://accounts.zoho.com/oauth/v2/token/revoke?token=1000.simrefresh")
      )
      assert.strictEqual(again.status, 400)
      const stats = yield* Effect.flatMap(Simulator.Simulator, (s) => s.stats)
      assert.strictEqual(stats.revokes, 1)
    })))

  it.effect("revoking one access token leaves the refresh token alive", () =>
    provide(Effect.gen(function*() {
      const sim = yield* Simulator.Simulator
      const a = (yield* refresh()).body.access_token as string
      assert.isTrue(yield* sim.revokeToken(a))
      assert.isFalse(yield* sim.revokeToken(a))
      assert.strictEqual((yield* api(a)).status, 401)
      const b = (yield* refresh()).body.access_token as string
      assert.strictEqual((yield* api(b)).status, 200)
    })))

  it.effect("access tokens expire after an hour, and on expireAccessTokens", () =>
    provide(Effect.gen(function*() {
      const sim = yield* Simulator.Simulator
      const a = (yield* refresh()).body.access_token as string
      yield* TestClock.adjust("3599 seconds")
      assert.strictEqual((yield* api(a)).status, 200)
      yield* TestClock.adjust("1 second")
      const expired = yield* api(a)
      assert.strictEqual(expired.status, 401)

      const b = (yield* refresh()).body.access_token as string
      assert.strictEqual((yield* api(b, "/crm/v8/Leads")).status, 200)
      yield* sim.expireAccessTokens
      const crm = yield* api(b, "/crm/v8/Leads")
      assert.strictEqual(crm.status, 401)
      assert.strictEqual(crm.body.code, "INVALID_TOKEN")
      // New tokens are not affected.
      const c = (yield* refresh()).body.access_token as string
      assert.strictEqual((yield* api(c, "/crm/v8/Leads")).status, 200)
    })))

  it.effect("keeps at most activeTokenLimit live access tokens per refresh token, dropping the oldest", () =>
    Effect.gen(function*() {
      const tokens: Array<string> = []
      for (let i = 0; i < 3; i++) tokens.push((yield* refresh()).body.access_token)
      assert.strictEqual((yield* api(tokens[0]!)).status, 401)
      assert.strictEqual((yield* api(tokens[1]!)).status, 200)
      assert.strictEqual((yield* api(tokens[2]!)).status, 200)
    }).pipe(
      Effect.provide(
        SimHttpClient.layerSeed(SimSeed.demo(), { products: fakeProducts, builtInProducts: false, activeTokenLimit: 2 })
      )
    ))

  it.effect("API calls: missing, unknown and Bearer-prefixed tokens", () =>
    provide(Effect.gen(function*() {
      const a = (yield* refresh()).body.access_token as string
      assert.strictEqual((yield* api(a, undefined, "Bearer")).status, 200)
      assert.strictEqual((yield* api("1000.nope")).status, 401)
      const none = yield* call(HttpClientRequest.get("https://www.zohoapis.com/crm/v8/Leads"))
      assert.strictEqual(none.status, 401)
      assert.strictEqual(none.body.code, "INVALID_TOKEN")
    })))

  it.effect("client_credentials: self clients only, soid names the org, no refresh token", () =>
    provide(Effect.gen(function*() {
      const cc = (extra: Record<string, string>) =>
        token({
          grant_type: "client_credentials",
          ...CLIENT,
          scope: "ZohoCRM.modules.ALL,ZohoBooks.contacts.READ",
          ...extra
        })
      const ok = yield* cc({ soid: "ZohoCRM.700001" })
      assert.match(ok.body.access_token, TOKEN_SHAPE)
      assert.isUndefined(ok.body.refresh_token)
      assert.deepStrictEqual(Scopes.parse(ok.body.scope), ["ZohoCRM.modules.ALL", "ZohoBooks.contacts.READ"])
      const leads = yield* api(ok.body.access_token, "/crm/v8/Leads")
      assert.strictEqual(leads.body.org, "org1")
      assert.strictEqual(leads.body.data[0].Owner, "50001")

      const books = yield* cc({ soid: "ZohoBooks.800001" })
      assert.strictEqual((yield* api(books.body.access_token)).status, 200)

      assert.deepStrictEqual((yield* cc({})).body, { error: "missing_org_info" })
      assert.deepStrictEqual((yield* cc({ soid: "ZohoCRM.999" })).body, { error: "invalid_org_info" })
      assert.deepStrictEqual((yield* cc({ soid: "ZohoCRM.700001", scope: "" })).body, { error: "invalid_scope" })
      assert.strictEqual((yield* cc({ soid: "ZohoCRM.700001" })).status, 200)
      const stats = yield* Effect.flatMap(Simulator.Simulator, (s) => s.stats)
      assert.strictEqual(stats.tokenRequests.client_credentials, 6)
    })))

  it.effect("client_credentials is refused to server-based clients", () =>
    provide(
      Effect.gen(function*() {
        const res = yield* token({
          grant_type: "client_credentials",
          client_id: "1000.SERVER",
          client_secret: "s",
          scope: "ZohoCRM.modules.ALL",
          soid: "ZohoCRM.700001"
        })
        assert.deepStrictEqual(res.body, { error: "unauthorized_client" })
      }),
      SimSeed.demo({ clients: [{ clientId: "1000.SERVER", clientSecret: "s", type: "server" }] })
    ))

  it.effect("scopes the token to the grant: a token without Books scopes is refused by the product", () =>
    provide(Effect.gen(function*() {
      const sim = yield* Simulator.Simulator
      const code = yield* sim.createGrantCode({
        clientId: "1000.SIMCLIENT",
        userId: "50001",
        scopes: ["ZohoCRM.modules.ALL"]
      })
      const res = yield* exchange(code)
      assert.strictEqual(res.body.scope, "ZohoCRM.modules.ALL")
      const books = yield* api(res.body.access_token)
      assert.strictEqual(books.status, 401)
      assert.strictEqual(books.body.message, "Invalid scope")
    })))

  it.effect("the authorize endpoint consents and redirects with a code", () =>
    provide(Effect.gen(function*() {
      const res = yield* call(
        HttpClientRequest.get("https://accounts.zoho.com/oauth/v2/auth").pipe(
          HttpClientRequest.setUrlParams({
            client_id: "1000.SIMCLIENT",
            response_type: "code",
            redirect_uri: "http://localhost:8080/callback",
            scope: "ZohoBooks.fullaccess.all",
            access_type: "offline",
            state: "xyz"
          })
        )
      )
      assert.strictEqual(res.status, 302)
      const location = new URL(res.headers["location"]!)
      assert.strictEqual(location.searchParams.get("state"), "xyz")
      assert.strictEqual(location.searchParams.get("accounts-server"), "https://accounts.zoho.com")
      const code = location.searchParams.get("code")!
      const tokens = yield* exchange(code, { redirect_uri: "http://localhost:8080/callback" })
      assert.match(tokens.body.refresh_token, TOKEN_SHAPE)
    })))

  it.effect("the authorize redirect names the data center of the accounts server; an unregistered redirect URI gets no redirect", () =>
    Effect.gen(function*() {
      const authorize = (redirectUri: string) =>
        call(
          HttpClientRequest.get("https://accounts.zoho.eu/oauth/v2/auth").pipe(
            HttpClientRequest.setUrlParams({
              client_id: "1000.SIMCLIENT",
              response_type: "code",
              redirect_uri: redirectUri,
              scope: "ZohoCRM.modules.ALL",
              access_type: "offline",
              state: "s1"
            })
          )
        )
      const eu = SimSeed.demo({ settings: { accountsServer: "https://accounts.zoho.eu" } })
      const ok = yield* provide(authorize("http://localhost:8080/callback"), eu)
      assert.strictEqual(ok.status, 302)
      const location = new URL(ok.headers["location"]!)
      assert.strictEqual(location.origin + location.pathname, "http://localhost:8080/callback")
      assert.strictEqual(location.searchParams.get("location"), "eu")
      assert.strictEqual(location.searchParams.get("accounts-server"), "https://accounts.zoho.eu")
      assert.strictEqual(location.searchParams.get("state"), "s1")

      const refused = yield* provide(authorize("http://127.0.0.1:9999/callback"), eu)
      assert.strictEqual(refused.status, 400)
      assert.isUndefined(refused.headers["location"])
      assert.deepStrictEqual(refused.body, { error: "invalid_redirect_uri" })
    }))

  it.effect("tokens are deterministic from settings.idSeed", () =>
    Effect.gen(function*() {
      const mintOne = (idSeed: number) =>
        provide(
          Effect.map(refresh(), (r) => r.body.access_token as string),
          SimSeed.demo({ settings: { idSeed } })
        )
      const a = yield* mintOne(7)
      const b = yield* mintOne(7)
      const c = yield* mintOne(8)
      assert.strictEqual(a, b)
      assert.notStrictEqual(a, c)
    }))

  it.effect("the request log keeps paths without query secrets", () =>
    provide(Effect.gen(function*() {
      yield* token({ grant_type: "refresh_token", refresh_token: "1000.simrefresh", ...CLIENT }, "query")
      const sim = yield* Simulator.Simulator
      const log = yield* sim.log
      assert.strictEqual(log.length, 1)
      assert.deepStrictEqual(log[0], {
        at: 0,
        method: "POST",
        path: "/oauth/v2/token",
        status: 200,
        outcome: "Respond",
        product: undefined
      })
      assert.notInclude(JSON.stringify(log), "sim-secret")
    })))
})
