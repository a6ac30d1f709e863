/**
 * The distributed throttle's figures, in local (client) time: how much of a shared per-window
 * limit two processes use, and the gaps between starts under `minDelay`. The tests
 * (`packages/store-redis/test/RedisThrottle.test.ts`) assert the limits by Redis's clock.
 */
import type { ThrottlePolicy } from "@effect-zoho/core"
import { ZohoProducts, ZohoThrottle } from "@effect-zoho/core"
import * as RedisThrottle from "@effect-zoho/store-redis/RedisThrottle"
import { describe, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { inject } from "vitest"
import { maxInSlidingWindow } from "../distributed/sharedLimit.js"
import { serversSkipped } from "../support/servers.js"

const key: ZohoThrottle.ThrottleKey = {
  product: ZohoProducts.books.id,
  org: "org-1",
  policy: ZohoProducts.books.throttle,
  operation: "bench",
  complex: false
}

/** Two throttles ("processes"), each with a Redis connection of its own, one policy and prefix. */
const twoProcesses = (policy: Partial<ThrottlePolicy.ThrottlePolicy>) =>
  Effect.gen(function*() {
    const layer = RedisThrottle.layer({
      url: inject("redisUrl")!,
      prefix: `throttle-bench-${crypto.randomUUID().slice(0, 8)}:`,
      policies: { books: policy }
    })
    const one = Effect.map(Layer.build(layer), Context.get(ZohoThrottle.ZohoThrottle))
    return [yield* one, yield* one] as const
  })

/** Runs `calls` permits alternately on the two processes; the local start time of each. */
const starts = (throttles: ReadonlyArray<ZohoThrottle.Service>, calls: number) =>
  Effect.gen(function*() {
    const times: Array<number> = []
    yield* Effect.forEach(
      Array.from({ length: calls }, (_, i) => throttles[i % throttles.length]!),
      (throttle) => throttle.withPermit(key, Effect.sync(() => times.push(Date.now()))),
      { concurrency: "unbounded", discard: true }
    )
    return times.sort((a, b) => a - b)
  })

describe.skipIf(serversSkipped)("RedisThrottle figures", () => {
  it.live("shared per-window limit: utilisation", () =>
    Effect.gen(function*() {
      const limit = 20
      const windowMs = 2_000
      const total = 60
      const times = yield* starts(
        yield* twoProcesses({ requestsPerWindow: limit, window: Duration.millis(windowMs), maxConcurrent: 100 }),
        total
      )
      const span = times[times.length - 1]! - times[0]!
      const ideal = (total / limit - 1) * windowMs
      console.log(
        `RedisThrottle window: ${total} calls, ${limit} per ${windowMs} ms, 2 processes: span ${span} ms` +
          ` (ideal ${ideal} ms), utilisation ${(ideal / span * 100).toFixed(1)}%,` +
          ` most starts in any ${windowMs} ms by local clock ${maxInSlidingWindow(times, windowMs)}`
      )
    }).pipe(Effect.scoped), 60_000)

  it.live("minDelay: gaps between starts", () =>
    Effect.gen(function*() {
      const delay = 80
      const calls = 8
      const times = yield* starts(yield* twoProcesses({ minDelay: Duration.millis(delay), maxConcurrent: 10 }), calls)
      const gaps = times.slice(1).map((t, i) => t - times[i]!)
      console.log(
        `RedisThrottle minDelay ${delay} ms, ${calls} calls, 2 processes: local gaps ${gaps.join(", ")} ms` +
          ` (min ${Math.min(...gaps)}), span ${times[times.length - 1]! - times[0]!} ms (ideal ${
            (calls - 1) * delay
          } ms)`
      )
    }).pipe(Effect.scoped), 60_000)
})
