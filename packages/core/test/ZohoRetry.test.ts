import { ZohoError, ZohoRetry } from "@effect-zoho/core"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/TestClock"

const rateLimited = (retryAfter?: Duration.Duration) =>
  new ZohoError.ZohoRateLimited({
    product: "crm",
    operation: "op",
    reason: "TooManyRequests",
    status: 429,
    ...(retryAfter !== undefined ? { retryAfter } : {})
  })
const serverError = new ZohoError.ZohoApiError({ product: "crm", operation: "op", status: 503, code: 1, message: "x" })
const transport = (maybeProcessed: boolean) =>
  new ZohoError.ZohoTransportError({
    reason: maybeProcessed ? "ConnectionReset" : "ConnectionRefused",
    method: "POST",
    url: "https://x",
    maybeProcessed,
    message: "m"
  })
const timeout = new ZohoError.ZohoTimeoutError({
  phase: "read",
  method: "POST",
  url: "u",
  timeout: Duration.seconds(1)
})
const badRequest = new ZohoError.ZohoApiError({
  product: "crm",
  operation: "op",
  status: 400,
  code: "INVALID_DATA",
  message: "x"
})

/** Fails with `errors[i]` on attempt i + 1, then succeeds; records attempt numbers and times. */
const scripted = (errors: ReadonlyArray<ZohoError.ZohoError>) => {
  const attempts: Array<{ readonly n: number; readonly at: number }> = []
  const attempt = (n: number) =>
    Effect.flatMap(Clock.currentTimeMillis, (at) => {
      attempts.push({ n, at })
      const error = errors[n - 1]
      return error === undefined ? Effect.succeed(n) : Effect.fail(error)
    })
  return { attempts, attempt }
}

const runTimed = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(Effect.either(effect))
    yield* TestClock.adjust(Duration.hours(2))
    return yield* Fiber.join(fiber)
  })

const noJitter = ZohoRetry.make({ jitter: false })

describe("ZohoRetry", () => {
  it("classifies what may be retried", () => {
    for (const error of [rateLimited(), serverError, transport(true), transport(false), timeout]) {
      assert.isTrue(ZohoRetry.isRetryable(error, true), error._tag)
    }
    assert.isTrue(ZohoRetry.isRetryable(rateLimited(), false))
    assert.isTrue(ZohoRetry.isRetryable(transport(false), false))
    assert.isFalse(ZohoRetry.isRetryable(transport(true), false))
    assert.isFalse(ZohoRetry.isRetryable(timeout, false))
    assert.isFalse(ZohoRetry.isRetryable(serverError, false))
    assert.isFalse(ZohoRetry.isRetryable(badRequest, true))
    assert.isFalse(
      ZohoRetry.isRetryable(
        new ZohoError.ZohoRateLimited({ product: "crm", operation: "o", reason: "DailyBudgetSpent" }),
        true
      )
    )
  })

  it.effect("exponential backoff, attempt numbers 1..n", () =>
    Effect.gen(function*() {
      const s = scripted([serverError, serverError, transport(true), timeout])
      const result = yield* runTimed(ZohoRetry.retry(s.attempt, { policy: noJitter, idempotent: true }))
      assert.deepStrictEqual(result, Either.right(5))
      assert.deepStrictEqual(s.attempts.map((a) => a.n), [1, 2, 3, 4, 5])
      assert.deepStrictEqual(s.attempts.map((a) => a.at), [0, 500, 1500, 3500, 7500])
    }))

  it.effect("backoff is capped by maxBackoff", () =>
    Effect.gen(function*() {
      const s = scripted(Array.from({ length: 5 }, () => serverError))
      const policy = ZohoRetry.make({ jitter: false, backoff: Duration.seconds(1), maxBackoff: Duration.seconds(3) })
      yield* runTimed(ZohoRetry.retry(s.attempt, { policy, idempotent: true }))
      const gaps = s.attempts.slice(1).map((a, i) => a.at - s.attempts[i]!.at)
      assert.deepStrictEqual(gaps, [1000, 2000, 3000, 3000, 3000])
    }))

  it.effect("jitter keeps each delay within 80-120% of the capped backoff", () =>
    Effect.gen(function*() {
      const s = scripted(Array.from({ length: 6 }, () => serverError))
      const policy = ZohoRetry.make({ backoff: Duration.seconds(1), maxBackoff: Duration.seconds(60) })
      yield* runTimed(ZohoRetry.retry(s.attempt, { policy, idempotent: true }))
      const gaps = s.attempts.slice(1).map((a, i) => a.at - s.attempts[i]!.at)
      gaps.forEach((gap, i) => {
        const base = 1000 * 2 ** i
        assert.isAtLeast(gap, base * 0.8 - 1)
        assert.isAtMost(gap, base * 1.2 + 1)
      })
    }))

  it.effect("Retry-After is slept exactly, overriding backoff and jitter", () =>
    Effect.gen(function*() {
      const s = scripted([rateLimited(Duration.seconds(7)), rateLimited(Duration.millis(1234))])
      const policy = ZohoRetry.make({ jitter: true })
      yield* runTimed(ZohoRetry.retry(s.attempt, { policy, idempotent: false }))
      assert.deepStrictEqual(s.attempts.map((a) => a.at), [0, 7000, 8234])
    }))

  it.effect("Retry-After longer than maxRetryAfter: RetryAfterTooLong at once", () =>
    Effect.gen(function*() {
      const s = scripted([rateLimited(Duration.seconds(181))])
      const error = yield* Effect.flip(
        ZohoRetry.retry(s.attempt, { policy: ZohoRetry.defaultPolicy, idempotent: true })
      )
      assert.strictEqual(error._tag, "ZohoRateLimited")
      if (error._tag !== "ZohoRateLimited") return
      assert.strictEqual(error.reason, "RetryAfterTooLong")
      assert.strictEqual(Duration.toSeconds(error.retryAfter!), 181)
      assert.strictEqual(error.status, 429)
      assert.strictEqual(s.attempts.length, 1)
    }))

  it.effect("maxRetries: at most maxRetries + 1 attempts, last error kept", () =>
    Effect.gen(function*() {
      const s = scripted(Array.from({ length: 20 }, () => serverError))
      const result = yield* runTimed(
        ZohoRetry.retry(s.attempt, { policy: ZohoRetry.make({ maxRetries: 3, jitter: false }), idempotent: true })
      )
      assert.deepStrictEqual(result, Either.left(serverError))
      assert.strictEqual(s.attempts.length, 4)
      assert.strictEqual(ZohoRetry.defaultPolicy.maxRetries, 10)
    }))

  it.effect("non-idempotent: stops after an ambiguous failure, continues after provably unsent ones", () =>
    Effect.gen(function*() {
      const unsent = scripted([transport(false), rateLimited(), transport(true)])
      const result = yield* runTimed(ZohoRetry.retry(unsent.attempt, { policy: noJitter, idempotent: false }))
      assert.deepStrictEqual(result, Either.left(transport(true)))
      assert.strictEqual(unsent.attempts.length, 3)

      const timedOut = scripted([timeout])
      const r2 = yield* runTimed(ZohoRetry.retry(timedOut.attempt, { policy: noJitter, idempotent: false }))
      assert.isTrue(Either.isLeft(r2))
      assert.strictEqual(timedOut.attempts.length, 1)
    }))

  it.effect("permanent errors are not retried", () =>
    Effect.gen(function*() {
      const s = scripted([badRequest])
      const error = yield* Effect.flip(ZohoRetry.retry(s.attempt, { policy: noJitter, idempotent: true }))
      assert.strictEqual(error, badRequest)
      assert.strictEqual(s.attempts.length, 1)
    }))
})

describe("ZohoRetry.beforeSend", () => {
  it.effect("a transient failure before the send is retried even for a create; the error comes back unwrapped", () =>
    Effect.gen(function*() {
      // attempt 1: the token refresh was reset (never sent); attempt 2: the exchange was reset
      const s = scripted([transport(true), transport(true)])
      const attempt = (n: number) => n === 1 ? ZohoRetry.beforeSend(s.attempt(n)) : s.attempt(n)
      const result = yield* runTimed(ZohoRetry.retry(attempt, { policy: noJitter, idempotent: false }))
      assert.deepStrictEqual(result, Either.left(transport(true)))
      assert.strictEqual(s.attempts.length, 2)
    }))

  it.effect("a permanent failure before the send is not retried", () =>
    Effect.gen(function*() {
      const s = scripted([badRequest])
      const error = yield* Effect.flip(
        ZohoRetry.retry((n) => ZohoRetry.beforeSend(s.attempt(n)), { policy: noJitter, idempotent: false })
      )
      assert.strictEqual(error, badRequest)
      assert.strictEqual(s.attempts.length, 1)
    }))
})

describe("ZohoRetry.schedule", () => {
  it.effect("jittered delays are whole milliseconds (a fractional instant breaks TestClock's nanos)", () =>
    Effect.gen(function*() {
      const error = new ZohoError.ZohoApiError({
        product: "crm",
        operation: "op",
        status: 503,
        code: "X",
        message: "m"
      })
      const policy = ZohoRetry.make({ maxRetries: 20 })
      const delays = yield* Schedule.run(Schedule.delays(ZohoRetry.schedule(policy, true)), 0, Array(20).fill(error))
      assert.strictEqual(Chunk.size(delays), 20)
      for (const delay of delays) assert.isTrue(Number.isInteger(Duration.toMillis(delay)), Duration.format(delay))
    }))
})
