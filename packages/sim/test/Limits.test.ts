import { SimHttpClient, SimSeed, Simulator } from "@effect-zoho/sim"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"
import { fakeProducts } from "./support/FakeProducts.js"

const SCOPES = ["ZohoCRM.modules.ALL", "ZohoBooks.fullaccess.all"]

/** Two orgs, one user and one refresh token in each. */
type SeedInput = typeof SimSeed.SimSeed.Encoded
type LimitsByProduct = NonNullable<SeedInput["orgs"]>[number]["limits"]

const twoOrgs = (settings: SeedInput["settings"] = {}, orgLimits: LimitsByProduct = {}) =>
  SimSeed.demo({
    users: [
      { id: "50001", email: "a@sim.example", orgId: "org1" },
      { id: "50002", email: "b@sim.example", orgId: "org2" }
    ],
    orgs: [
      { id: "org1", zgid: "700001", financeOrganizationId: "800001", limits: orgLimits },
      { id: "org2", zgid: "700002", financeOrganizationId: "800002" }
    ],
    refreshTokens: [
      { token: "1000.r1", clientId: "1000.SIMCLIENT", userId: "50001", scopes: SCOPES },
      { token: "1000.r2", clientId: "1000.SIMCLIENT", userId: "50002", scopes: SCOPES }
    ],
    settings
  })

const provide = <A, E>(effect: Effect.Effect<A, E, HttpClient.HttpClient | Simulator.Simulator>, seed = twoOrgs()) =>
  Effect.provide(effect, SimHttpClient.layerSeed(seed, { products: fakeProducts, builtInProducts: false }))

const call = (request: HttpClientRequest.HttpClientRequest) =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const response = yield* client.execute(request)
    const text = yield* response.text
    return { status: response.status, headers: response.headers, body: text === "" ? undefined : JSON.parse(text) }
  }).pipe(Effect.orDie)

const accessToken = (refreshToken: string) =>
  Effect.map(
    call(HttpClientRequest.bodyUrlParams(HttpClientRequest.post("https://accounts.zoho.com/oauth/v2/token"), {
      grant_type: "refresh_token",
      refresh_token: refreshToken,
      client_id: "1000.SIMCLIENT",
      client_secret: "sim-secret"
    })),
    (r) => r.body.access_token as string
  )

const get = (token: string, path: string) =>
  call(
    HttpClientRequest.get(`https://www.zohoapis.com${path}`).pipe(
      HttpClientRequest.setHeader("Authorization", `Zoho-oauthtoken ${token}`)
    )
  )

const books = (token: string, org = "800001", sub = "/contacts") => get(token, `/books/v3${sub}?organization_id=${org}`)

describe("Rate limits", () => {
  it.effect("finance: 100 requests per minute by default, then 429 with Retry-After and X-Rate-Limit-*", () =>
    provide(Effect.gen(function*() {
      const t = yield* accessToken("1000.r1")
      yield* TestClock.adjust("10 seconds")
      for (let i = 1; i <= 100; i++) {
        const ok = yield* books(t)
        assert.strictEqual(ok.status, 200, `call ${i}`)
        if (i === 1 || i === 100) {
          assert.strictEqual(ok.headers["x-rate-limit-limit"], "1000")
          assert.strictEqual(ok.headers["x-rate-limit-remaining"], String(1000 - i))
          assert.strictEqual(ok.headers["x-rate-limit-reset"], String(86400 - 10))
        }
      }
      yield* TestClock.adjust("20 seconds")
      const limited = yield* books(t)
      assert.strictEqual(limited.status, 429)
      assert.strictEqual(limited.body.code, 44)
      assert.strictEqual(limited.headers["retry-after"], "40")
      assert.strictEqual(limited.headers["x-rate-limit-remaining"], "900")
      // Another org is not affected.
      const other = yield* accessToken("1000.r2")
      assert.strictEqual((yield* books(other, "800002")).status, 200)
      yield* TestClock.adjust("40 seconds")
      assert.strictEqual((yield* books(t)).status, 200)
      const stats = yield* Effect.flatMap(Simulator.Simulator, (s) => s.stats)
      assert.strictEqual(stats.rateLimited.minute, 1)
      assert.strictEqual(stats.byProduct["books"], 103)
    })))

  it.effect("per-minute limits are settable per org, by any of its ids", () =>
    provide(Effect.gen(function*() {
      const sim = yield* Simulator.Simulator
      yield* sim.setLimits("800001", "books", { requestsPerMinute: 2 })
      const t = yield* accessToken("1000.r1")
      assert.strictEqual((yield* books(t)).status, 200)
      assert.strictEqual((yield* books(t)).status, 200)
      assert.strictEqual((yield* books(t)).status, 429)
      yield* sim.setLimits("org1", "books", { requestsPerMinute: 3 })
      assert.strictEqual((yield* books(t)).status, 200)
      assert.strictEqual((yield* books(t)).status, 429)
    })))

  it.effect("seed settings and org limits set the defaults", () =>
    provide(
      Effect.gen(function*() {
        const t1 = yield* accessToken("1000.r1")
        const t2 = yield* accessToken("1000.r2")
        // org1: its own limit of 1; org2: the seed-wide default of 2.
        assert.strictEqual((yield* books(t1)).status, 200)
        assert.strictEqual((yield* books(t1)).status, 429)
        assert.strictEqual((yield* books(t2, "800002")).status, 200)
        assert.strictEqual((yield* books(t2, "800002")).status, 200)
        assert.strictEqual((yield* books(t2, "800002")).status, 429)
      }),
      twoOrgs({ limits: { books: { requestsPerMinute: 2 } } }, { books: { requestsPerMinute: 1 } })
    ))

  it.effect("concurrency: in-flight calls beyond the limit get 429", () =>
    provide(Effect.gen(function*() {
      const sim = yield* Simulator.Simulator
      yield* sim.setLimits("org1", "books", { concurrent: 2 })
      const t = yield* accessToken("1000.r1")
      const slow1 = yield* Effect.fork(books(t, "800001", "/slow"))
      const slow2 = yield* Effect.fork(books(t, "800001", "/slow"))
      while ((yield* sim.stats).requests < 3) yield* Effect.yieldNow()
      yield* Effect.yieldNow()
      const third = yield* books(t)
      assert.strictEqual(third.status, 429)
      assert.strictEqual(third.headers["retry-after"], "1")
      yield* TestClock.adjust("1 second")
      assert.strictEqual((yield* Fiber.join(slow1)).status, 200)
      assert.strictEqual((yield* Fiber.join(slow2)).status, 200)
      assert.strictEqual((yield* books(t)).status, 200)
      assert.strictEqual((yield* sim.stats).rateLimited.concurrency, 1)
    })))

  it.effect("an interrupted call frees its concurrency slot", () =>
    provide(Effect.gen(function*() {
      const sim = yield* Simulator.Simulator
      yield* sim.setLimits("org1", "crm", { concurrent: 1 })
      const t = yield* accessToken("1000.r1")
      const slow = yield* Effect.fork(get(t, "/crm/v8/slow"))
      while ((yield* sim.stats).requests < 2) yield* Effect.yieldNow()
      yield* Effect.yieldNow()
      const busy = yield* get(t, "/crm/v8/Leads")
      assert.strictEqual(busy.status, 429)
      assert.strictEqual(busy.body.code, "TOO_MANY_REQUESTS")
      yield* Fiber.interrupt(slow)
      assert.strictEqual((yield* get(t, "/crm/v8/Leads")).status, 200)
    })))

  it.effect("finance daily budget: 429 until the UTC day ends", () =>
    provide(Effect.gen(function*() {
      const sim = yield* Simulator.Simulator
      yield* sim.setLimits("org1", "books", { perDay: 3 })
      yield* TestClock.adjust("1 hour")
      const t = yield* accessToken("1000.r1")
      for (let i = 0; i < 3; i++) assert.strictEqual((yield* books(t)).status, 200)
      const spent = yield* books(t)
      assert.strictEqual(spent.status, 429)
      assert.strictEqual(spent.headers["x-rate-limit-limit"], "3")
      assert.strictEqual(spent.headers["x-rate-limit-remaining"], "0")
      assert.strictEqual(spent.headers["x-rate-limit-reset"], String(23 * 3600))
      assert.strictEqual(spent.headers["retry-after"], String(23 * 3600))
      yield* TestClock.adjust("22 hours")
      assert.strictEqual((yield* books(yield* accessToken("1000.r1"))).status, 429)
      yield* TestClock.adjust("1 hour")
      const next = yield* books(yield* accessToken("1000.r1"))
      assert.strictEqual(next.status, 200)
      assert.strictEqual(next.headers["x-rate-limit-remaining"], "2")
      assert.strictEqual((yield* sim.stats).rateLimited.day, 2)
    })))

  it.effect("CRM credits: rolling 24 h, X-API-CREDITS-REMAINING past half, no X-Rate-Limit headers", () =>
    provide(Effect.gen(function*() {
      const sim = yield* Simulator.Simulator
      yield* sim.setLimits("org1", "crm", { perDay: 4 })
      const t = yield* accessToken("1000.r1")
      const first = yield* get(t, "/crm/v8/Leads")
      assert.strictEqual(first.status, 200)
      assert.isUndefined(first.headers["x-api-credits-remaining"])
      assert.isUndefined(first.headers["x-rate-limit-limit"])
      yield* TestClock.adjust("1 hour")
      const t1 = yield* accessToken("1000.r1")
      const second = yield* get(t1, "/crm/v8/Leads")
      assert.strictEqual(second.headers["x-api-credits-remaining"], "2")
      yield* TestClock.adjust("1 hour")
      const t2 = yield* accessToken("1000.r1")
      yield* get(t2, "/crm/v8/Leads")
      yield* get(t2, "/crm/v8/Leads")
      const spent = yield* get(t2, "/crm/v8/Leads")
      assert.strictEqual(spent.status, 429)
      assert.strictEqual(spent.headers["retry-after"], String(22 * 3600))
      // 24 h after the first call its credit is free again, and only that one.
      yield* TestClock.adjust("22 hours")
      const t3 = yield* accessToken("1000.r1")
      assert.strictEqual((yield* get(t3, "/crm/v8/Leads")).status, 200)
      assert.strictEqual((yield* get(t3, "/crm/v8/Leads")).status, 429)
    })))

  it.effect("Retry-After can be switched off", () =>
    provide(Effect.gen(function*() {
      const sim = yield* Simulator.Simulator
      yield* sim.setLimits("*", "books", { requestsPerMinute: 1, retryAfter: false })
      const t = yield* accessToken("1000.r1")
      yield* books(t)
      const limited = yield* books(t)
      assert.strictEqual(limited.status, 429)
      assert.isUndefined(limited.headers["retry-after"])
      assert.strictEqual(limited.headers["x-rate-limit-limit"], "1000")
    })))

  it.effect("resetCounters zeroes counters, the log and the usage", () =>
    provide(Effect.gen(function*() {
      const sim = yield* Simulator.Simulator
      yield* sim.setLimits("org1", "books", { requestsPerMinute: 1 })
      const t = yield* accessToken("1000.r1")
      yield* books(t)
      assert.strictEqual((yield* books(t)).status, 429)
      yield* sim.resetCounters
      const stats = yield* sim.stats
      assert.strictEqual(stats.requests, 0)
      assert.strictEqual(stats.rateLimited.minute, 0)
      assert.deepStrictEqual(yield* sim.log, [])
      assert.strictEqual((yield* books(t)).status, 200)
      assert.deepStrictEqual((yield* sim.stats).byRoute, { "GET /books/v3/contacts": 1 })
    })))
})
