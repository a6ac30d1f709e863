import { Endpoint } from "@effect-zoho/core"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"
import { listContacts } from "../support/Endpoints.js"
import { stack } from "../support/Stack.js"

const list = Endpoint.call(listContacts)

describe("throttling against the simulator's per-org limits", () => {
  it.effect(
    "a saturating load on Books (100/min) uses at least 95% of the limit with zero 429s",
    () =>
      Effect.gen(function*() {
        const { layer, simulator } = yield* stack()
        const calls = 600
        const minutes = 6
        yield* Effect.gen(function*() {
          yield* list({}) // mint the token
          yield* simulator.resetCounters
          const fiber = yield* Effect.fork(
            Effect.all(Array.from({ length: calls }, () => list({})), { concurrency: "unbounded" })
          )
          for (let s = 0; s < minutes * 60 + 5; s++) yield* TestClock.adjust("1 second")
          yield* Fiber.join(fiber)
        }).pipe(Effect.provide(layer))
        const stats = yield* simulator.stats
        const log = (yield* simulator.log).filter((e) => e.path === "/books/v3/contacts")
        const start = log[0].at
        const perMinute = Array.from(
          { length: minutes },
          (_, m) => log.filter((e) => e.at >= start + m * 60_000 && e.at < start + (m + 1) * 60_000).length
        )
        const full = perMinute.slice(0, minutes - 1)
        const usage = Math.min(...full) / 100
        const rateLimited = stats.rateLimited.minute + stats.rateLimited.concurrency + stats.rateLimited.day
        console.log(
          `throttle saturation: requests per minute ${perMinute.join(", ")}; lowest full minute ${
            (usage * 100).toFixed(0)
          }% of 100/min; 429s: ${rateLimited}`
        )
        assert.strictEqual(rateLimited, 0)
        assert.isAtLeast(usage, 0.95)
        assert.isAtMost(Math.max(...perMinute), 100)
      }),
    60_000
  )
})
