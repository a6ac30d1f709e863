/**
 * The distributed throttle against a real redis-server. Redis times its decisions with its own
 * clock (`TIME`), so these tests run on real time with limits scaled down to a second or less;
 * each is bounded well under 10 s. "Two processes" are two ioredis clients with a throttle each:
 * their local semaphores and gates are separate, so only Redis can make them agree.
 */
import type { ThrottlePolicy, ZohoError } from "@effect-zoho/core"
import type { ZohoThrottle } from "@effect-zoho/core"
import { ZohoProducts } from "@effect-zoho/core"
import * as RedisThrottle from "@effect-zoho/store-redis/RedisThrottle"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import { Redis } from "ioredis"
import { afterAll, beforeAll } from "vitest"
import { redisUrlForFile, serversSkipped, skipTitle } from "./support/redisServer.js"

let server: { readonly url: string; readonly stop: () => Promise<void> } | undefined
beforeAll(async () => {
  if (serversSkipped) return
  server = await redisUrlForFile()
}, 30_000)
afterAll(async () => {
  await server?.stop()
})

const rawClient = Effect.acquireRelease(
  Effect.sync(() => new Redis(server!.url, { maxRetriesPerRequest: 1 })),
  (client) => Effect.promise(() => client.quit().catch(() => "closed"))
)

const freshPrefix = () => `throttle-test-${crypto.randomUUID().slice(0, 8)}:`

/** Two throttles ("processes") on separate clients with the same policy and prefix. */
const twoProcesses = (policy: Partial<ThrottlePolicy.ThrottlePolicy>, extra: RedisThrottle.ThrottleOptions = {}) =>
  Effect.gen(function*() {
    const prefix = freshPrefix()
    const options: RedisThrottle.ThrottleOptions = { prefix, policies: { books: policy, crm: policy }, ...extra }
    const a = RedisThrottle.make(yield* rawClient, options)
    const b = RedisThrottle.make(yield* rawClient, options)
    return { a, b, prefix, inspect: yield* rawClient }
  })

/** A key of a shipped product, with that product's default policy. */
const key = (
  overrides: Partial<Omit<ZohoThrottle.ThrottleKey, "product">> & { readonly product?: ZohoProducts.KnownProductId } =
    {}
): ZohoThrottle.ThrottleKey => ({
  org: "org-1",
  operation: "listInvoices",
  complex: false,
  ...overrides,
  product: overrides.product ?? "books",
  policy: ZohoProducts.all[overrides.product ?? "books"].throttle
})

/** The window log of the test key: start (admission) times by the Redis server's clock. */
const windowKey = (prefix: string) => `${prefix}throttle:books:org-1:window`

/** Most starts inside any window of `windowMs`. */
const maxInAnyWindow = (starts: ReadonlyArray<number>, windowMs: number): number => {
  const sorted = [...starts].sort((x, y) => x - y)
  let max = 0
  let j = 0
  for (let i = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++
    max = Math.max(max, i - j + 1)
  }
  return max
}

const failureOf = <E>(exit: Exit.Exit<unknown, E>): E => {
  assert.isTrue(Exit.isFailure(exit), "expected a failure")
  return Option.getOrThrow(Cause.failureOption((exit as Exit.Failure<unknown, E>).cause))
}

describe.skipIf(serversSkipped)(skipTitle("RedisThrottle"), () => {
  it.live(
    "two processes share one per-window limit: never above it by Redis's clock, every call runs",
    () =>
      Effect.gen(function*() {
        const limit = 20
        const windowMs = 1_000
        const perProcess = 30
        const { a, b, inspect, prefix } = yield* twoProcesses({
          requestsPerWindow: limit,
          window: Duration.millis(windowMs),
          maxConcurrent: 100
        })
        // Each call reads the window log: the admissions with the Redis time of each. Timestamps
        // taken here would carry event-loop delays (the utilisation figures are `pnpm bench`'s).
        const admitted = new Map<string, number>()
        const ran = { a: 0, b: 0 }
        const call = (name: "a" | "b") =>
          Effect.promise(() => inspect.zrange(windowKey(prefix), 0, -1, "WITHSCORES")).pipe(
            Effect.map((flat) => {
              ran[name]++
              for (let i = 0; i < flat.length; i += 2) admitted.set(flat[i]!, Number(flat[i + 1]))
            })
          )
        const started = Date.now()
        yield* Effect.forEach(
          Array.from({ length: perProcess * 2 }, (_, i) => i % 2 === 0 ? "a" as const : "b" as const),
          (name) => (name === "a" ? a : b).withPermit(key(), call(name)),
          { concurrency: "unbounded", discard: true }
        )
        const elapsed = Date.now() - started
        assert.deepStrictEqual(ran, { a: perProcess, b: perProcess })
        // A log entry leaves only when a later admission prunes it, a window after its own; any
        // entry a slow machine did not see only lowers the count, never raises it.
        assert.isAtMost(maxInAnyWindow([...admitted.values()], windowMs), limit)
        // Every call was admitted by Redis, at most `limit` per window: the last one no sooner
        // than two windows after the first (load can only make it later).
        assert.isAtLeast(elapsed, (perProcess * 2 / limit - 1) * windowMs - 5)
      }).pipe(Effect.scoped),
    30_000
  )

  it.live("two processes share one concurrency limit", () =>
    Effect.gen(function*() {
      const { a, b, inspect, prefix } = yield* twoProcesses({ maxConcurrent: 3 })
      const inside = yield* Ref.make(0)
      const maxInside = yield* Ref.make(0)
      const call = Effect.gen(function*() {
        const now = yield* Ref.updateAndGet(inside, (n) => n + 1)
        yield* Ref.update(maxInside, (m) => Math.max(m, now))
        yield* Effect.sleep("20 millis")
        yield* Ref.update(inside, (n) => n - 1)
      })
      yield* Effect.forEach(
        Array.from({ length: 40 }, (_, i) => i % 2 === 0 ? a : b),
        (throttle) => throttle.withPermit(key(), call),
        { concurrency: "unbounded", discard: true }
      )
      assert.strictEqual(yield* Ref.get(maxInside), 3)
      // Every slot was given back.
      assert.strictEqual(yield* Effect.promise(() => inspect.zcard(`${prefix}throttle:books:org-1:inflight`)), 0)
    }).pipe(Effect.scoped), 10_000)

  it.live("complex calls share their own, smaller limit", () =>
    Effect.gen(function*() {
      const { a, b } = yield* twoProcesses({ maxConcurrent: 10, maxConcurrentComplex: 2 })
      const inside = yield* Ref.make(0)
      const maxInside = yield* Ref.make(0)
      const call = Effect.gen(function*() {
        const now = yield* Ref.updateAndGet(inside, (n) => n + 1)
        yield* Ref.update(maxInside, (m) => Math.max(m, now))
        yield* Effect.sleep("20 millis")
        yield* Ref.update(inside, (n) => n - 1)
      })
      yield* Effect.forEach(
        Array.from({ length: 16 }, (_, i) => i % 2 === 0 ? a : b),
        (throttle) => throttle.withPermit(key({ product: "crm", complex: true }), call),
        { concurrency: "unbounded", discard: true }
      )
      assert.strictEqual(yield* Ref.get(maxInside), 2)
    }).pipe(Effect.scoped), 10_000)

  it.live("the daily budget observed by one process stops the other", () =>
    Effect.gen(function*() {
      const { a, b } = yield* twoProcesses({ maxConcurrent: 5, minCallsRemaining: 1 })
      yield* a.observe(key(), { limit: 1000, remaining: 4, resetSeconds: 120 })
      let ran = 0
      const call = Effect.sync(() => {
        ran++
      })
      // 4 left, refuse at 1: three calls go through, from either process.
      yield* b.withPermit(key(), call)
      yield* a.withPermit(key(), call)
      yield* b.withPermit(key(), call)
      const refusedB = failureOf<ZohoError.ZohoRateLimited>(yield* Effect.exit(b.withPermit(key(), call)))
      const refusedA = failureOf<ZohoError.ZohoRateLimited>(yield* Effect.exit(a.withPermit(key(), call)))
      assert.strictEqual(ran, 3)
      for (const refused of [refusedA, refusedB]) {
        assert.strictEqual(refused._tag, "ZohoRateLimited")
        assert.strictEqual(refused.reason, "DailyBudgetSpent")
        const wait = Duration.toMillis(refused.retryAfter!)
        assert.isTrue(wait > 115_000 && wait <= 120_000, `retryAfter ${wait} ms`)
      }
      // Another org is not affected.
      yield* a.withPermit(key({ org: "org-2" }), call)
      assert.strictEqual(ran, 4)
      // A new observation (the budget was reset) lets calls through again.
      yield* b.observe(key(), { limit: 1000, remaining: 999, resetSeconds: 3600 })
      yield* a.withPermit(key(), call)
      assert.strictEqual(ran, 5)
    }).pipe(Effect.scoped), 10_000)

  it.live("a configured daily budget is counted across processes", () =>
    Effect.gen(function*() {
      const { a, b } = yield* twoProcesses({ dailyBudget: 6, minCallsRemaining: 2 })
      let ran = 0
      const call = Effect.sync(() => {
        ran++
      })
      const exits = yield* Effect.forEach(
        Array.from({ length: 8 }, (_, i) => i % 2 === 0 ? a : b),
        (throttle) => Effect.exit(throttle.withPermit(key(), call))
      )
      assert.strictEqual(ran, 4)
      assert.strictEqual(exits.filter(Exit.isFailure).length, 4)
    }).pipe(Effect.scoped), 10_000)

  it.live("minDelay spaces starts across processes, by Redis's clock", () =>
    Effect.gen(function*() {
      // A window no run fills keeps every admission, with its Redis time, in the window log.
      const { a, b, inspect, prefix } = yield* twoProcesses({
        minDelay: Duration.millis(80),
        maxConcurrent: 10,
        requestsPerWindow: 1_000,
        window: Duration.minutes(1)
      })
      let ran = 0
      yield* Effect.forEach(
        Array.from({ length: 8 }, (_, i) => i % 2 === 0 ? a : b),
        (throttle) =>
          throttle.withPermit(
            key(),
            Effect.sync(() => {
              ran++
            })
          ),
        { concurrency: "unbounded", discard: true }
      )
      const flat = yield* Effect.promise(() => inspect.zrange(windowKey(prefix), 0, -1, "WITHSCORES"))
      const starts = flat.filter((_, i) => i % 2 === 1).map(Number).sort((x, y) => x - y)
      const gaps = starts.slice(1).map((t, i) => t - starts[i]!)
      assert.strictEqual(ran, 8)
      assert.strictEqual(starts.length, 8)
      // Exact: the admission script compares Redis times. Local gaps are `pnpm bench`'s figures.
      assert.isAtLeast(Math.min(...gaps), 80, `gaps ${gaps.join(",")}`)
    }).pipe(Effect.scoped), 30_000)

  it.live("a slot held by a crashed process is reclaimed after its lease", () =>
    Effect.gen(function*() {
      const { a, inspect, prefix } = yield* twoProcesses({ maxConcurrent: 1 })
      const [seconds, micros] = yield* Effect.promise(() => inspect.time())
      const serverNow = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000)
      // A holder that will never renew nor release.
      yield* Effect.promise(() => inspect.zadd(`${prefix}throttle:books:org-1:inflight`, serverNow + 400, "dead:1"))
      const started = Date.now()
      yield* a.withPermit(key(), Effect.void)
      const waited = Date.now() - started
      assert.isAtLeast(waited, 300)
      assert.isAtMost(waited, 2_000)
    }).pipe(Effect.scoped), 10_000)

  it.live("a running call renews its lease, so it is never reaped while it runs", () =>
    Effect.gen(function*() {
      const { a, b } = yield* twoProcesses({ maxConcurrent: 1 }, { leaseTtl: "300 millis" })
      const events: Array<string> = []
      const long = yield* Effect.fork(
        a.withPermit(
          key(),
          Effect.zipRight(
            Effect.sync(() => events.push("a start")),
            Effect.zipRight(Effect.sleep("1 second"), Effect.sync(() => events.push("a end")))
          )
        )
      )
      yield* Effect.sleep("100 millis")
      yield* b.withPermit(key(), Effect.sync(() => events.push("b start")))
      yield* Fiber.join(long)
      assert.deepStrictEqual(events, ["a start", "a end", "b start"])
    }).pipe(Effect.scoped), 10_000)

  it.live("interrupting a running call or a waiting one gives its slot back", () =>
    Effect.gen(function*() {
      const { a, b, inspect, prefix } = yield* twoProcesses({ maxConcurrent: 1 })
      const slots = () => Effect.promise(() => inspect.zcard(`${prefix}throttle:books:org-1:inflight`))
      const running = yield* Effect.fork(a.withPermit(key(), Effect.never))
      while ((yield* slots()) === 0) yield* Effect.sleep("5 millis")
      const waiting = yield* Effect.fork(b.withPermit(key(), Effect.void))
      yield* Effect.sleep("100 millis")
      yield* Fiber.interrupt(waiting)
      assert.strictEqual(yield* slots(), 1)
      yield* Fiber.interrupt(running)
      assert.strictEqual(yield* slots(), 0)
      const started = Date.now()
      yield* b.withPermit(key(), Effect.void)
      assert.isAtMost(Date.now() - started, 500)
    }).pipe(Effect.scoped), 10_000)
})
