/**
 * The server time per call (`serverTime`): slept on Effect's clock, holding the call's
 * concurrency slot, so a burst of concurrent calls meets the concurrency limit as on Zoho.
 */
import { SimHttpClient, SimSeed, Simulator } from "@effect-zoho/sim"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"

const provide = <A, E>(
  effect: Effect.Effect<A, E, HttpClient.HttpClient | Simulator.Simulator>,
  options: Simulator.Options
) => Effect.provide(effect, SimHttpClient.layerSeed(SimSeed.demo(), options))

const call = (request: HttpClientRequest.HttpClientRequest) =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const response = yield* client.execute(request)
    const text = yield* response.text
    return { status: response.status, body: text === "" ? undefined : JSON.parse(text) }
  }).pipe(Effect.orDie)

/** Runs an effect that sleeps on the simulator's server time, moving the test clock along. */
const passing = <A, E, R>(effect: Effect.Effect<A, E, R>, time: Duration.DurationInput = "1 second") =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(effect)
    yield* TestClock.adjust(time)
    return yield* Fiber.join(fiber)
  })

const accessToken = call(
  HttpClientRequest.bodyUrlParams(HttpClientRequest.post("https://accounts.zoho.com/oauth/v2/token"), {
    grant_type: "refresh_token",
    refresh_token: "1000.simrefresh",
    client_id: "1000.SIMCLIENT",
    client_secret: "sim-secret"
  })
).pipe(Effect.map((r) => r.body.access_token as string))

/** An empty Leads module: 204, as Zoho answers an empty list. */
const leads = (token: string) =>
  call(
    HttpClientRequest.get("https://www.zohoapis.com/crm/v8/Leads?fields=Last_Name").pipe(
      HttpClientRequest.setHeader("Authorization", `Zoho-oauthtoken ${token}`)
    )
  )

describe("Simulator serverTime", () => {
  it.effect("a burst meets the concurrency limit: calls hold their slot for the server time", () =>
    provide(
      Effect.gen(function*() {
        const sim = yield* Simulator.Simulator
        yield* sim.setLimits("org1", "crm", { concurrent: 2 })
        const token = yield* passing(accessToken)
        const burst = yield* Effect.fork(Effect.all(Array.from({ length: 5 }, () => leads(token)), {
          concurrency: "unbounded"
        }))
        // The answers wait for the server time: nothing is answered before 50 ms have passed.
        yield* TestClock.adjust("49 millis")
        assert.isTrue(Option.isNone(yield* Fiber.poll(burst)))
        yield* TestClock.adjust("1 millis")
        const answers = yield* Fiber.join(burst)
        assert.deepStrictEqual(answers.map((a) => a.status).sort(), [204, 204, 429, 429, 429])
        assert.strictEqual(answers.find((a) => a.status === 429)!.body.code, "TOO_MANY_REQUESTS")
        assert.strictEqual((yield* sim.stats).rateLimited.concurrency, 3)
        // Once the slots are free, calls go through again.
        assert.strictEqual((yield* passing(leads(token))).status, 204)
      }),
      { serverTime: "50 millis" }
    ))

  it.effect("a range draws each call's time between min and max", () =>
    provide(
      Effect.gen(function*() {
        const token = yield* passing(accessToken)
        for (let i = 0; i < 10; i++) {
          const fiber = yield* Effect.fork(leads(token))
          yield* TestClock.adjust("19 millis")
          assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)), "answered before min")
          yield* TestClock.adjust("61 millis")
          assert.strictEqual((yield* Fiber.join(fiber)).status, 204)
        }
      }),
      { serverTime: { min: "20 millis", max: "80 millis" } }
    ))

  it.effect("none by default: in-memory calls answer without the clock moving", () =>
    provide(
      Effect.gen(function*() {
        const token = yield* accessToken
        assert.strictEqual((yield* leads(token)).status, 204)
      }),
      {}
    ))
})
