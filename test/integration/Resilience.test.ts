import { Endpoint, ZohoRetry } from "@effect-zoho/core"
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"
import { insertLeads, listLeads } from "../support/Endpoints.js"
import { stack } from "../support/Stack.js"

const list = Endpoint.call(listLeads)
const insert = Endpoint.call(insertLeads)
const query = { query: { fields: ["Last_Name"] } }
const tooMany = { code: "TOO_MANY_REQUESTS", details: {}, message: "too many requests", status: "error" }

describe("retry and idempotency against the simulator", () => {
  it.effect("a 429 with Retry-After is retried exactly after the wait Zoho asked for", () =>
    Effect.gen(function*() {
      const { layer, simulator } = yield* stack({ client: { retry: { jitter: false } } })
      yield* Effect.gen(function*() {
        yield* list(query) // mint the token first, so only the API call is counted below
        yield* simulator.injectFault({
          route: { method: "GET", pathPrefix: "/crm/v8/Leads" },
          fault: { _tag: "Status", status: 429, body: tooMany, headers: { "retry-after": "30" } }
        })
        const fiber = yield* Effect.fork(list(query))
        yield* TestClock.adjust("29 seconds")
        assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)), "must still be waiting at 29 s")
        yield* TestClock.adjust("1 second")
        yield* Fiber.join(fiber)
        const calls = (yield* simulator.log).filter((e) => e.path === "/crm/v8/Leads")
        assert.deepStrictEqual(calls.map((c) => c.status), [204, 429, 204])
        assert.strictEqual(calls[2].at - calls[1].at, 30_000)
      }).pipe(Effect.provide(layer))
    }))

  it.effect("a Retry-After beyond max_retry_after fails at once with the wait", () =>
    Effect.gen(function*() {
      const { layer, simulator } = yield* stack({ client: { retry: { maxRetryAfter: Duration.seconds(180) } } })
      yield* simulator.injectFault({
        route: { pathPrefix: "/crm/v8/Leads" },
        fault: { _tag: "Status", status: 429, body: tooMany, headers: { "retry-after": "600" } }
      })
      const error = yield* Effect.flip(list(query)).pipe(Effect.provide(layer))
      assert.strictEqual(error._tag, "ZohoRateLimited")
      if (error._tag === "ZohoRateLimited") {
        assert.strictEqual(error.reason, "RetryAfterTooLong")
        assert.strictEqual(Duration.toSeconds(error.retryAfter!), 600)
      }
      const calls = (yield* simulator.log).filter((e) => e.path === "/crm/v8/Leads")
      assert.strictEqual(calls.length, 1)
    }))

  it.effect("a create (POST) is not replayed after a connection reset mid-flight", () =>
    Effect.gen(function*() {
      const { layer, simulator } = yield* stack()
      yield* Effect.gen(function*() {
        yield* list(query)
        yield* simulator.injectFault({
          route: { method: "POST", pathPrefix: "/crm/v8/Leads" },
          fault: { _tag: "Reset" }
        })
        const error = yield* Effect.flip(insert({ body: { data: [{ Last_Name: "Once" }] } }))
        assert.strictEqual(error._tag, "ZohoTransportError")
        if (error._tag === "ZohoTransportError") assert.isTrue(error.maybeProcessed)
        const posts = (yield* simulator.log).filter((e) => e.method === "POST" && e.path === "/crm/v8/Leads")
        assert.strictEqual(posts.length, 1)
      }).pipe(Effect.provide(layer))
    }))

  it.effect("a create (POST) is retried after a 429 and after a refused connection: Zoho never saw it", () =>
    Effect.gen(function*() {
      // A refused connection happens before any server: the transport models it (over HTTP, a
      // port nothing listens on). The simulator's Refuse fault is a drop after the request went out.
      const { layer, simulator } = yield* stack({
        refuseConnections: { route: { method: "POST", pathPrefix: "/crm/v8/Leads" } }
      })
      yield* Effect.gen(function*() {
        yield* list(query)
        yield* simulator.injectFault({
          route: { method: "POST", pathPrefix: "/crm/v8/Leads" },
          fault: { _tag: "Status", status: 429, body: tooMany, headers: { "retry-after": "1" } }
        })
        const fiber = yield* Effect.fork(insert({ body: { data: [{ Last_Name: "Eventually" }] } }))
        yield* TestClock.adjust("1 minute")
        const result = yield* Fiber.join(fiber)
        assert.strictEqual(result.data.length, 1)
        const posts = (yield* simulator.log).filter((e) => e.method === "POST" && e.path === "/crm/v8/Leads")
        // The refused attempt never reached it: the 429, then the create.
        assert.deepStrictEqual(posts.map((p) => p.status), [429, 201])
      }).pipe(Effect.provide(layer))
    }))

  it.effect("a read (GET) is retried after a reset and a 5xx, with backoff", () =>
    Effect.gen(function*() {
      const { layer, simulator } = yield* stack({ client: { retry: ZohoRetry.make({ jitter: false }) } })
      yield* Effect.gen(function*() {
        yield* list(query)
        yield* simulator.injectFault({ route: { pathPrefix: "/crm/v8/Leads" }, fault: { _tag: "Reset" } })
        yield* simulator.injectFault({
          route: { pathPrefix: "/crm/v8/Leads" },
          fault: {
            _tag: "Status",
            status: 500,
            body: { code: "INTERNAL_ERROR", details: {}, message: "x", status: "error" }
          }
        })
        const fiber = yield* Effect.fork(list(query))
        yield* TestClock.adjust("1 minute")
        yield* Fiber.join(fiber)
        const calls = (yield* simulator.log).filter((e) => e.path === "/crm/v8/Leads")
        assert.deepStrictEqual(calls.map((c) => c.status), [204, 0, 500, 204])
      }).pipe(Effect.provide(layer))
    }))
})
