/**
 * Two ways a token refresh meets a call, against the simulator:
 * - a create whose token refresh failed was never sent, so it is retried (issue 8, item 6); the
 *   exchange that carried the create is the only ambiguous one;
 * - calls queued behind the throttle take their token when their permit is granted, so an expiry
 *   while they wait costs one refresh, not a 401 and a replay per call (issue 8, item 13).
 */
import { Endpoint, MemoryTokenStore, TokenStore, Zoho, ZohoRegion } from "@effect-zoho/core"
import { SimHttpClient, SimSeed, Simulator } from "@effect-zoho/sim"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import { insertLeads, listLeads } from "../support/Endpoints.js"
import { refreshUser, stack } from "../support/Stack.js"

const list = Endpoint.call(listLeads)
const insert = Endpoint.call(insertLeads)
const query = { query: { fields: ["Last_Name"] } }
const tokenPath = "/oauth/v2/token"

const leadsNamed = (simulator: Simulator.Service, name: string) =>
  Effect.map(
    Effect.provide(
      list(query),
      Zoho.layer({ region: ZohoRegion.make("US"), user: refreshUser }).pipe(
        Layer.provide(SimHttpClient.layerFrom(simulator)),
        Layer.provide(Layer.effect(TokenStore.TokenStore, MemoryTokenStore.make()))
      )
    ),
    (page) => page.data.filter((lead) => lead.Last_Name === name).length
  )

describe("a create and its token refresh", () => {
  it.effect("the refresh before a create is reset: the create, never sent, is retried and creates one record", () =>
    Effect.gen(function*() {
      const { layer, simulator } = yield* stack({ client: { retry: { jitter: false } } })
      yield* simulator.injectFault({ route: { method: "POST", pathPrefix: tokenPath }, fault: { _tag: "Reset" } })
      const fiber = yield* Effect.fork(Effect.provide(insert({ body: { data: [{ Last_Name: "Once" }] } }), layer))
      yield* TestClock.adjust("1 minute")
      const result = yield* Fiber.join(fiber)
      assert.strictEqual(result.data.length, 1)
      const log = yield* simulator.log
      assert.deepStrictEqual(log.filter((e) => e.path === tokenPath).map((e) => e.outcome), ["Reset", "Respond"])
      const posts = log.filter((e) => e.method === "POST" && e.path === "/crm/v8/Leads")
      assert.strictEqual(posts.length, 1)
      assert.strictEqual(yield* leadsNamed(simulator, "Once"), 1)
    }))

  it.effect("the create's own exchange is reset after the server processed it: not replayed, one record", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.make(SimSeed.demo())
      const sim = SimHttpClient.make(simulator)
      // The simulator answers, then the connection drops before the answer arrives.
      const resetAfterProcessing = HttpClient.make((request) =>
        Effect.flatMap(
          sim.execute(request),
          (response) =>
            request.method === "POST" && new URL(request.url).pathname === "/crm/v8/Leads"
              ? Effect.fail(
                new HttpClientError.RequestError({
                  request,
                  reason: "Transport",
                  cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })
                })
              )
              : Effect.succeed(response)
        )
      )
      const layer = Zoho.layer({ region: ZohoRegion.make("US"), user: refreshUser }).pipe(
        Layer.provide(Layer.succeed(HttpClient.HttpClient, resetAfterProcessing)),
        Layer.provide(Layer.effect(TokenStore.TokenStore, MemoryTokenStore.make()))
      )
      const fiber = yield* Effect.fork(
        Effect.flip(Effect.provide(insert({ body: { data: [{ Last_Name: "Ambiguous" }] } }), layer))
      )
      yield* TestClock.adjust("1 minute")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "ZohoTransportError")
      if (error._tag === "ZohoTransportError") assert.isTrue(error.maybeProcessed)
      const posts = (yield* simulator.log).filter((e) => e.method === "POST" && e.path === "/crm/v8/Leads")
      assert.strictEqual(posts.length, 1)
      assert.strictEqual(yield* leadsNamed(simulator, "Ambiguous"), 1)
    }))
})

describe("calls queued behind the throttle", () => {
  it.effect("50 calls queued across a token expiry: 1 refresh, no 401, no replay", () =>
    Effect.gen(function*() {
      const { layer, simulator } = yield* stack({
        client: { readTimeout: "3 hours" },
        throttle: { policies: { crm: { maxConcurrent: 1 } } }
      })
      yield* Effect.gen(function*() {
        yield* list(query) // the token, minted at t = 0, valid for an hour
        // The first queued call holds the only permit past the expiry; 49 wait behind it.
        yield* simulator.injectFault({
          route: { method: "GET", pathPrefix: "/crm/v8/Leads" },
          fault: { _tag: "Delay", duration: "70 minutes" }
        })
        const fiber = yield* Effect.fork(Effect.all(Array.from({ length: 50 }, () => list(query)), {
          concurrency: "unbounded"
        }))
        yield* TestClock.adjust("71 minutes")
        const results = yield* Fiber.join(fiber)
        assert.strictEqual(results.length, 50)
      }).pipe(Effect.provide(layer))
      const log = yield* simulator.log
      const calls = log.filter((e) => e.path === "/crm/v8/Leads")
      assert.strictEqual(calls.length, 51, "one call each, no replay")
      assert.strictEqual(calls.filter((e) => e.status === 401).length, 0)
      assert.strictEqual(log.filter((e) => e.path === tokenPath).length, 2, "the first mint and one refresh")
    }))
})
