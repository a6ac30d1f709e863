import { ThrottlePolicy, ZohoProducts, ZohoThrottle } from "@effect-zoho/core"
import { assert, describe, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"

const key = (org = "org-1", complex = false): ZohoThrottle.ThrottleKey => ({
  product: ZohoProducts.books.id,
  org,
  policy: ZohoProducts.books.throttle,
  operation: "books.items.list",
  complex
})

/** Fork `effect`, move the test clock far ahead, and join. */
const runTimed = <A, E>(effect: Effect.Effect<A, E>, ahead: Duration.DurationInput = Duration.hours(1)) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(effect)
    yield* TestClock.adjust(ahead)
    return yield* Fiber.join(fiber)
  })

/** Runs `n` calls through `throttle`, each taking `hold`, and records starts and peak concurrency. */
const load = (
  throttle: ZohoThrottle.Service,
  n: number,
  options: { readonly hold?: Duration.DurationInput; readonly keyFor?: (i: number) => ZohoThrottle.ThrottleKey } = {}
) => {
  const starts: Array<number> = []
  let inFlight = 0
  let peak = 0
  const call = (i: number) =>
    throttle.withPermit(
      options.keyFor?.(i) ?? key(),
      Effect.acquireUseRelease(
        Effect.flatMap(Clock.currentTimeMillis, (now) =>
          Effect.sync(() => {
            starts.push(now)
            inFlight += 1
            peak = Math.max(peak, inFlight)
          })),
        () => Effect.sleep(options.hold ?? Duration.zero),
        () => Effect.sync(() => void (inFlight -= 1))
      )
    )
  const run = Effect.all(Array.from({ length: n }, (_, i) => call(i)), { concurrency: "unbounded", discard: true })
  return { run, starts, peak: () => peak }
}

describe("ZohoThrottle", () => {
  it.effect("concurrency never exceeds maxConcurrent, and reaches it", () =>
    Effect.gen(function*() {
      const throttle = yield* ZohoThrottle.make({
        policies: { books: { maxConcurrent: 3, requestsPerWindow: undefined } }
      })
      const l = load(throttle, 20, { hold: Duration.seconds(1) })
      yield* runTimed(l.run)
      assert.strictEqual(l.starts.length, 20)
      assert.strictEqual(l.peak(), 3)
    }))

  it.effect("complex calls share a lower sub-concurrency", () =>
    Effect.gen(function*() {
      const throttle = yield* ZohoThrottle.make({ policies: { crm: { maxConcurrent: 10, maxConcurrentComplex: 2 } } })
      const complexKey = {
        product: ZohoProducts.crm.id,
        org: "o",
        policy: ZohoProducts.crm.throttle,
        operation: "crm.records.upsert",
        complex: true
      }
      const l = load(throttle, 8, { hold: Duration.seconds(1), keyFor: () => complexKey })
      yield* runTimed(l.run)
      assert.strictEqual(l.peak(), 2)
    }))

  it.effect("window limit: 100/min with 250 calls never exceeds 100 a minute and saturates", () =>
    Effect.gen(function*() {
      const throttle = yield* ZohoThrottle.make({ policies: { books: { maxConcurrent: 1000 } } })
      const l = load(throttle, 250)
      yield* runTimed(l.run)
      assert.strictEqual(l.starts.length, 250)
      const perMinute = new Map<number, number>()
      for (const t of l.starts) perMinute.set(Math.floor(t / 60_000), (perMinute.get(Math.floor(t / 60_000)) ?? 0) + 1)
      for (const count of perMinute.values()) assert.isAtMost(count, 100)
      // The two full minutes run at (at least 95% of) the limit.
      assert.isAtLeast(perMinute.get(0)!, 95)
      assert.isAtLeast(perMinute.get(1)!, 95)
      // Sliding check: no 60 s span, wherever it starts, holds more than 100 starts.
      const sorted = [...l.starts].sort((a, b) => a - b)
      for (let i = 100; i < sorted.length; i++) assert.isAtLeast(sorted[i]! - sorted[i - 100]!, 60_000)
      assert.strictEqual(sorted[sorted.length - 1], 120_000)
    }))

  it.effect("the default finance policy is 100 a minute, 5 in flight", () =>
    Effect.gen(function*() {
      const throttle = yield* ZohoThrottle.make()
      const l = load(throttle, 120, { hold: Duration.millis(100) })
      yield* runTimed(l.run)
      assert.strictEqual(l.peak(), 5)
      assert.strictEqual(l.starts.filter((t) => t < 60_000).length, 100)
    }))

  it.effect("minDelay spaces call starts", () =>
    Effect.gen(function*() {
      const throttle = yield* ZohoThrottle.make({ policies: { books: { minDelay: Duration.millis(250) } } })
      const l = load(throttle, 5)
      yield* runTimed(l.run)
      assert.deepStrictEqual([...l.starts].sort((a, b) => a - b), [0, 250, 500, 750, 1000])
    }))

  it.effect("daily budget learned from headers: DailyBudgetSpent at minCallsRemaining, until the reset", () =>
    Effect.gen(function*() {
      const throttle = yield* ZohoThrottle.make()
      const ok = throttle.withPermit(key(), Effect.void)
      yield* throttle.observe(key(), { limit: 1000, remaining: 3, resetSeconds: 600 })
      yield* ok
      yield* ok
      const error = yield* Effect.flip(ok)
      assert.strictEqual(error.reason, "DailyBudgetSpent")
      assert.strictEqual(Duration.toSeconds(error.retryAfter!), 600)
      // Another org's budget is its own.
      yield* throttle.withPermit(key("org-2"), Effect.void)
      yield* TestClock.adjust(Duration.seconds(599))
      const later = yield* Effect.flip(ok)
      assert.strictEqual(Duration.toSeconds(later.retryAfter!), 1)
      yield* TestClock.adjust(Duration.seconds(1))
      // Reset: the full limit is back.
      yield* ok
    }))

  it.effect("a configured daily budget is enforced without any header", () =>
    Effect.gen(function*() {
      const throttle = yield* ZohoThrottle.make({ policies: { books: { dailyBudget: 5, minCallsRemaining: 1 } } })
      const ok = throttle.withPermit(key(), Effect.void)
      for (let i = 0; i < 4; i++) yield* ok
      const error = yield* Effect.flip(ok)
      assert.strictEqual(error.reason, "DailyBudgetSpent")
      assert.strictEqual(Duration.toHours(error.retryAfter!), 24)
    }))

  it.effect("calls in flight count against an observed budget", () =>
    Effect.gen(function*() {
      const throttle = yield* ZohoThrottle.make({ policies: { books: { requestsPerWindow: undefined } } })
      const hold = throttle.withPermit(key(), Effect.sleep(Duration.seconds(10)))
      const fibers = yield* Effect.all([Effect.fork(hold), Effect.fork(hold)])
      yield* Effect.yieldNow()
      // Two calls in flight may not be counted yet: remaining 4 means 2 are really left.
      yield* throttle.observe(key(), { remaining: 4, resetSeconds: 60 })
      yield* throttle.withPermit(key(), Effect.void)
      const error = yield* Effect.flip(throttle.withPermit(key(), Effect.void))
      assert.strictEqual(error.reason, "DailyBudgetSpent")
      yield* TestClock.adjust(Duration.seconds(10))
      yield* Fiber.joinAll(fibers)
    }))

  it.effect("per-org overrides and independent buckets", () =>
    Effect.gen(function*() {
      const throttle = yield* ZohoThrottle.make({
        policies: { books: { maxConcurrent: 4 } },
        perOrg: (_product, org) => org === "small" ? { maxConcurrent: 1 } : undefined
      })
      const small = load(throttle, 6, { hold: Duration.seconds(1), keyFor: () => key("small") })
      const big = load(throttle, 12, { hold: Duration.seconds(1), keyFor: () => key("big") })
      yield* runTimed(Effect.all([small.run, big.run], { concurrency: "unbounded" }))
      assert.strictEqual(small.peak(), 1)
      assert.strictEqual(big.peak(), 4)
      assert.strictEqual(
        ZohoThrottle.policyFor({ perOrg: () => ({ maxConcurrent: 1 }) }, {
          product: ZohoProducts.crm.id,
          org: "x",
          policy: ZohoProducts.crm.throttle,
          operation: "crm.x",
          complex: false
        }).maxConcurrentComplex,
        10
      )
    }))

  it.effect("layerUnlimited never waits", () =>
    Effect.gen(function*() {
      const throttle = yield* ZohoThrottle.ZohoThrottle
      const l = load(throttle, 100, { hold: Duration.seconds(1) })
      const fiber = yield* Effect.fork(l.run)
      yield* TestClock.adjust(Duration.seconds(1))
      yield* Fiber.join(fiber)
      assert.strictEqual(l.peak(), 100)
    }).pipe(Effect.provide(ZohoThrottle.layerUnlimited)))

  it.effect("waiting is interruptible and frees the permit", () =>
    Effect.gen(function*() {
      const throttle = yield* ZohoThrottle.make({
        policies: { books: { maxConcurrent: 1, requestsPerWindow: undefined } }
      })
      const blocker = yield* Effect.fork(throttle.withPermit(key(), Effect.never))
      yield* Effect.yieldNow()
      const waiting = yield* Effect.fork(throttle.withPermit(key(), Effect.void))
      yield* Effect.yieldNow()
      yield* Fiber.interrupt(blocker)
      const result = yield* Effect.either(Fiber.join(waiting))
      assert.isTrue(Either.isRight(result))
      assert.strictEqual(ThrottlePolicy.finance.requestsPerWindow, 100)
    }))
})
