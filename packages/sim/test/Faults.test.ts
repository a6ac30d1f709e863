import { SimHttpClient, SimSeed, Simulator } from "@effect-zoho/sim"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"
import { fakeProducts } from "./support/FakeProducts.js"

const provide = <A, E>(effect: Effect.Effect<A, E, HttpClient.HttpClient | Simulator.Simulator>) =>
  Effect.provide(effect, SimHttpClient.layerSeed(SimSeed.demo(), { products: fakeProducts, builtInProducts: false }))

const send = (request: HttpClientRequest.HttpClientRequest) =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const response = yield* client.execute(request)
    const text = yield* response.text
    return { status: response.status, headers: response.headers, body: text === "" ? undefined : JSON.parse(text) }
  })

const call = (request: HttpClientRequest.HttpClientRequest) => Effect.orDie(send(request))

const accessToken = Effect.map(
  call(HttpClientRequest.bodyUrlParams(HttpClientRequest.post("https://accounts.zoho.com/oauth/v2/token"), {
    grant_type: "refresh_token",
    refresh_token: "1000.simrefresh",
    client_id: "1000.SIMCLIENT",
    client_secret: "sim-secret"
  })),
  (r) => r.body.access_token as string
)

const apiRequest = (token: string, path: string, method: "GET" | "POST" = "GET") =>
  HttpClientRequest.make(method)(`https://www.zohoapis.com${path}`).pipe(
    HttpClientRequest.setHeader("Authorization", `Zoho-oauthtoken ${token}`)
  )

const get = (token: string, path: string) => call(apiRequest(token, path))

const transportCode = (exit: Either.Either<unknown, HttpClientError.HttpClientError>) => {
  assert.isTrue(Either.isLeft(exit))
  const error = (exit as Either.Left<HttpClientError.HttpClientError, unknown>).left
  assert.strictEqual(error._tag, "RequestError")
  assert.strictEqual((error as HttpClientError.RequestError).reason, "Transport")
  return ((error as HttpClientError.RequestError).cause as { code?: string }).code
}

describe("Faults", () => {
  it.effect("a status fault answers the next N matching calls in the product's envelope, then normal service", () =>
    provide(Effect.gen(function*() {
      const sim = yield* Simulator.Simulator
      const t = yield* accessToken
      yield* sim.injectFault({ route: { pathPrefix: "/books/v3" }, times: 2, fault: { _tag: "Status", status: 503 } })
      const first = yield* get(t, "/books/v3/contacts?organization_id=800001")
      assert.strictEqual(first.status, 503)
      assert.deepStrictEqual(first.body, { code: 1000, message: "Simulated fault" })
      const crm = yield* get(t, "/crm/v8/Leads")
      assert.strictEqual(crm.status, 200)
      assert.strictEqual((yield* get(t, "/books/v3/contacts?organization_id=800001")).status, 503)
      assert.strictEqual((yield* get(t, "/books/v3/contacts?organization_id=800001")).status, 200)
      const log = yield* sim.log
      assert.deepStrictEqual(log.map((e) => [e.path, e.status, e.product]), [
        ["/oauth/v2/token", 200, undefined],
        ["/books/v3/contacts", 503, "books"],
        ["/crm/v8/Leads", 200, "crm"],
        ["/books/v3/contacts", 503, "books"],
        ["/books/v3/contacts", 200, "books"]
      ])
    })))

  it.effect("status faults: 429 in the product's shape with given headers, custom bodies, 5xx on the token endpoint", () =>
    provide(Effect.gen(function*() {
      const sim = yield* Simulator.Simulator
      const t = yield* accessToken
      yield* sim.injectFault({
        route: { pathPrefix: "/crm/" },
        fault: { _tag: "Status", status: 429, headers: { "Retry-After": "7" } }
      })
      const limited = yield* get(t, "/crm/v8/Leads")
      assert.strictEqual(limited.status, 429)
      assert.strictEqual(limited.body.code, "TOO_MANY_REQUESTS")
      assert.strictEqual(limited.headers["retry-after"], "7")

      yield* sim.injectFault({
        route: { pathPrefix: "/crm/" },
        fault: { _tag: "Status", status: 500, body: { oops: true } }
      })
      assert.deepStrictEqual((yield* get(t, "/crm/v8/Leads")).body, { oops: true })

      yield* sim.injectFault({ route: { pathPrefix: "/oauth/v2/token" }, fault: { _tag: "Status", status: 502 } })
      const tokenFault = yield* call(HttpClientRequest.post("https://accounts.zoho.com/oauth/v2/token"))
      assert.strictEqual(tokenFault.status, 502)
      assert.strictEqual(tokenFault.body.error, "server_error")
      assert.strictEqual((yield* sim.stats).requests, 4)
    })))

  it.effect("route matching by method and pattern; times Infinity; clearFaults", () =>
    provide(Effect.gen(function*() {
      const sim = yield* Simulator.Simulator
      const t = yield* accessToken
      yield* sim.injectFault({
        route: { method: "post", pattern: "/Leads$" },
        times: Infinity,
        fault: { _tag: "Status", status: 500 }
      })
      assert.strictEqual((yield* get(t, "/crm/v8/Leads")).status, 200)
      for (let i = 0; i < 5; i++) assert.strictEqual((yield* call(apiRequest(t, "/crm/v8/Leads", "POST"))).status, 500)
      assert.strictEqual((yield* call(apiRequest(t, "/crm/v8/Leads/x", "POST"))).status, 404)
      yield* sim.clearFaults
      assert.strictEqual((yield* call(apiRequest(t, "/crm/v8/Leads", "POST"))).status, 200)
    })))

  it.effect("a delay holds the call (and its concurrency slot), then answers normally", () =>
    provide(Effect.gen(function*() {
      const sim = yield* Simulator.Simulator
      yield* sim.setLimits("org1", "crm", { concurrent: 1 })
      const t = yield* accessToken
      yield* sim.injectFault({
        route: { pathPrefix: "/crm/v8/Leads" },
        fault: { _tag: "Delay", duration: "5 seconds" }
      })
      const slow = yield* Effect.fork(get(t, "/crm/v8/Leads"))
      yield* TestClock.adjust("4 seconds")
      assert.isTrue(Option.isNone(yield* Fiber.poll(slow)))
      const busy = yield* get(t, "/crm/v8/Leads")
      assert.strictEqual(busy.status, 429)
      yield* TestClock.adjust("1 second")
      const done = yield* Fiber.join(slow)
      assert.strictEqual(done.status, 200)
      assert.strictEqual((yield* get(t, "/crm/v8/Leads")).status, 200)
    })))

  it.effect("reset and refuse fail the HttpClient with a transport RequestError, as a dropped connection", () =>
    provide(Effect.gen(function*() {
      const sim = yield* Simulator.Simulator
      const t = yield* accessToken
      yield* sim.injectFault({ fault: { _tag: "Reset" } })
      assert.strictEqual(transportCode(yield* Effect.either(send(apiRequest(t, "/crm/v8/Leads")))), "ECONNRESET")
      yield* sim.injectFault({ route: { pathPrefix: "/oauth/" }, fault: { _tag: "Refuse" } })
      const refused = yield* Effect.either(send(HttpClientRequest.post("https://accounts.zoho.com/oauth/v2/token")))
      // A server that read the request cannot refuse its connection any more (see SimHttpApp).
      assert.strictEqual(transportCode(refused), "ECONNRESET")
      assert.strictEqual((yield* get(t, "/crm/v8/Leads")).status, 200)
      const log = yield* sim.log
      assert.deepStrictEqual(log.slice(1).map((e) => [e.outcome, e.status]), [["Reset", 0], ["Refuse", 0], [
        "Respond",
        200
      ]])
    })))

  it.effect("a hung call never answers and can be interrupted or timed out", () =>
    provide(Effect.gen(function*() {
      const sim = yield* Simulator.Simulator
      const t = yield* accessToken
      yield* sim.injectFault({ route: { pathPrefix: "/crm/" }, times: 2, fault: { _tag: "Hang" } })
      const hung = yield* Effect.fork(get(t, "/crm/v8/Leads"))
      yield* TestClock.adjust("10 minutes")
      assert.isTrue(Option.isNone(yield* Fiber.poll(hung)))
      const exit = yield* Fiber.interrupt(hung)
      assert.isTrue(Exit.isInterrupted(exit))

      const timedOut = yield* Effect.fork(
        Effect.either(Effect.timeout(send(apiRequest(t, "/crm/v8/Leads")), "30 seconds"))
      )
      yield* TestClock.adjust("30 seconds")
      const result = yield* Fiber.join(timedOut)
      assert.isTrue(Either.isLeft(result))
      assert.strictEqual((result as Either.Left<{ _tag: string }, unknown>).left._tag, "TimeoutException")
      assert.strictEqual((yield* get(t, "/crm/v8/Leads")).status, 200)
    })))
})
