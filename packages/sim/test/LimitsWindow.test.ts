import { SimHttpClient, SimSeed, Simulator } from "@effect-zoho/sim"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"

const status = (request: HttpClientRequest.HttpClientRequest) =>
  Effect.flatMap(HttpClient.HttpClient, (client) => client.execute(request)).pipe(
    Effect.map((response) => ({ status: response.status, retryAfter: response.headers["retry-after"] })),
    Effect.orDie
  )

const accessToken = Effect.gen(function*() {
  const client = yield* HttpClient.HttpClient
  const response = yield* client.execute(
    HttpClientRequest.bodyUrlParams(HttpClientRequest.post("https://accounts.zoho.com/oauth/v2/token"), {
      grant_type: "refresh_token",
      refresh_token: "1000.simrefresh",
      client_id: "1000.SIMCLIENT",
      client_secret: "sim-secret"
    })
  )
  return ((yield* response.json) as { access_token: string }).access_token
}).pipe(Effect.orDie)

const books = (token: string) =>
  status(
    HttpClientRequest.get("https://www.zohoapis.com/books/v3/contacts?organization_id=800001").pipe(
      HttpClientRequest.setHeader("Authorization", `Zoho-oauthtoken ${token}`)
    )
  )

const provide = <A, E>(effect: Effect.Effect<A, E, HttpClient.HttpClient | Simulator.Simulator>) =>
  Effect.provide(effect, SimHttpClient.layerSeed(SimSeed.demo()))

describe("Rate limits with a configurable window", () => {
  it.effect("a 2-second window: the limit applies per window and Retry-After counts to its end", () =>
    provide(Effect.gen(function*() {
      const sim = yield* Simulator.Simulator
      yield* sim.setLimits("800001", "books", { requestsPerMinute: 3, window: "2 seconds" })
      const t = yield* accessToken
      for (let i = 0; i < 3; i++) assert.strictEqual((yield* books(t)).status, 200)
      yield* TestClock.adjust("500 millis")
      const limited = yield* books(t)
      assert.strictEqual(limited.status, 429)
      assert.strictEqual(limited.retryAfter, "2")
      yield* TestClock.adjust("1500 millis")
      for (let i = 0; i < 3; i++) assert.strictEqual((yield* books(t)).status, 200)
      assert.strictEqual((yield* books(t)).status, 429)
      const stats = yield* sim.stats
      assert.strictEqual(stats.rateLimited.minute, 2)
    })))

  it.effect("without a window the limit stays per minute", () =>
    provide(Effect.gen(function*() {
      const sim = yield* Simulator.Simulator
      yield* sim.setLimits("800001", "books", { requestsPerMinute: 1 })
      const t = yield* accessToken
      assert.strictEqual((yield* books(t)).status, 200)
      yield* TestClock.adjust("59 seconds")
      assert.strictEqual((yield* books(t)).status, 429)
      yield* TestClock.adjust("1 second")
      assert.strictEqual((yield* books(t)).status, 200)
    })))
})
