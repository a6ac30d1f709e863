import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type { ThrottlePolicy } from "../ThrottlePolicy.js"
import { ZohoRateLimited } from "../ZohoError.js"
import type { BudgetObservation, ThrottleKey } from "../ZohoThrottle.js"
import { spanEvent } from "./spanEvent.js"

const DAY_MS = 24 * 60 * 60 * 1000

/** @internal */
export interface Bucket {
  readonly policy: ThrottlePolicy
  readonly concurrency: Effect.Semaphore
  readonly complex: Effect.Semaphore | undefined
  /** Serializes admissions so window and delay accounting never race. */
  readonly gate: Effect.Semaphore
  /** Calls inside (or queued for) the gate: while there are any, no call is admitted past them. */
  gated: number
  /** Start times (epoch ms) still inside the window, oldest first. */
  readonly starts: Array<number>
  lastStart: number | undefined
  inFlight: number
  /** Daily budget: what is left, the full amount, and when it resets (epoch ms). */
  limit: number | undefined
  remaining: number | undefined
  resetAt: number | undefined
}

/** @internal */
export const makeBucket = (policy: ThrottlePolicy): Bucket => ({
  policy,
  concurrency: Effect.unsafeMakeSemaphore(Math.max(1, policy.maxConcurrent)),
  complex: policy.maxConcurrentComplex === undefined
    ? undefined
    : Effect.unsafeMakeSemaphore(Math.max(1, policy.maxConcurrentComplex)),
  gate: Effect.unsafeMakeSemaphore(1),
  gated: 0,
  starts: [],
  lastStart: undefined,
  inFlight: 0,
  limit: policy.dailyBudget,
  remaining: policy.dailyBudget,
  resetAt: undefined
})

const rollBudget = (bucket: Bucket, now: number): void => {
  if (bucket.resetAt !== undefined && now >= bucket.resetAt) {
    bucket.remaining = bucket.limit
    bucket.resetAt = undefined
  }
  // A budget without a known reset (configured up front) is counted per 24 h from first use.
  if (bucket.remaining !== undefined && bucket.resetAt === undefined) bucket.resetAt = now + DAY_MS
}

/** Why a call waits for its permit: the `zoho.throttle.reason` of its `zoho.throttle.wait` event. */
type WaitReason = "concurrency" | "complex_concurrency" | "window" | "min_delay" | "rate_queue"

/** How long until a start is allowed by the window and delay limits (0 = now), and which one binds. */
const waitMillis = (bucket: Bucket, now: number): { readonly wait: number; readonly reason: WaitReason } => {
  const { minDelay, requestsPerWindow, window } = bucket.policy
  let windowWait = 0
  if (requestsPerWindow !== undefined) {
    const windowMs = Duration.toMillis(window)
    while (bucket.starts.length > 0 && bucket.starts[0]! <= now - windowMs) bucket.starts.shift()
    if (bucket.starts.length >= requestsPerWindow) {
      windowWait = bucket.starts[bucket.starts.length - requestsPerWindow]! + windowMs - now
    }
  }
  const delayMs = Duration.toMillis(minDelay)
  const delayWait = delayMs > 0 && bucket.lastStart !== undefined ? bucket.lastStart + delayMs - now : 0
  return delayWait > windowWait ? { wait: delayWait, reason: "min_delay" } : { wait: windowWait, reason: "window" }
}

/** The `zoho.throttle.wait` event on the call's span: a permit was not free at once. */
const waitEvent = (reason: WaitReason, waitedMillis: number): Effect.Effect<void> =>
  spanEvent("zoho.throttle.wait", { "zoho.throttle.reason": reason, "zoho.throttle.wait_ms": waitedMillis })

/**
 * `effect` under one permit of `semaphore`; when none is free at once, the wait for it shows as a
 * `zoho.throttle.wait` event (only a real wait: a free permit is taken without one).
 */
const withPermitOf = <A, E, R>(
  semaphore: Effect.Semaphore,
  reason: WaitReason,
  effect: Effect.Effect<A, E, R>
): Effect.Effect<A, E, R> =>
  Effect.flatMap(semaphore.withPermitsIfAvailable(1)(effect), (ran) =>
    Option.isSome(ran)
      ? Effect.succeed(ran.value)
      : Effect.flatMap(Clock.currentTimeMillis, (askedAt) =>
        semaphore.withPermits(1)(
          Effect.zipRight(
            Effect.flatMap(Clock.currentTimeMillis, (now) => waitEvent(reason, now - askedAt)),
            effect
          )
        )))

/**
 * Wait (under the gate) until the window and delay limits allow a start, then record it. Fails
 * at once when the daily budget is at `minCallsRemaining`.
 *
 * @internal
 */
export const admit = (bucket: Bucket, key: ThrottleKey): Effect.Effect<void, ZohoRateLimited> => {
  /** The admission decision at `now`: `undefined` when the call was admitted (and recorded). */
  const decide = (now: number): Effect.Effect<void, ZohoRateLimited> | undefined => {
    rollBudget(bucket, now)
    if (bucket.remaining !== undefined && bucket.remaining <= bucket.policy.minCallsRemaining) {
      return Effect.fail(
        new ZohoRateLimited({
          product: key.product,
          operation: key.operation,
          reason: "DailyBudgetSpent",
          retryAfter: Duration.millis(Math.max(0, (bucket.resetAt ?? now) - now))
        })
      )
    }
    const { reason, wait } = waitMillis(bucket, now)
    if (wait > 0) {
      return Effect.zipRight(waitEvent(reason, wait), Effect.zipRight(Effect.sleep(Duration.millis(wait)), loop))
    }
    if (bucket.policy.requestsPerWindow !== undefined) bucket.starts.push(now)
    bucket.lastStart = now
    if (bucket.remaining !== undefined) bucket.remaining -= 1
    return undefined
  }
  const loop: Effect.Effect<void, ZohoRateLimited> = Effect.flatMap(
    Clock.currentTimeMillis,
    (now) => decide(now) ?? Effect.void
  )
  // The gate is held by a call sleeping for the rate limit: waiting for it is waiting for the rate.
  const gated = Effect.acquireUseRelease(
    Effect.sync(() => {
      bucket.gated += 1
    }),
    () => withPermitOf(bucket.gate, "rate_queue", loop),
    () =>
      Effect.sync(() => {
        bucket.gated -= 1
      })
  )
  // With nobody at the gate, a call the limits admit at once is decided and recorded in one
  // synchronous step (nothing can interleave with it), without taking the gate: the common case
  // costs no semaphore. A call that must wait or fail goes through the gate as before.
  return Effect.flatMap(Clock.currentTimeMillis, (now) => {
    if (bucket.gated > 0) return gated
    const { wait } = waitMillis(bucket, now)
    if (wait > 0) return gated
    return decide(now) ?? Effect.void
  })
}

/**
 * Learn the budget from a response. Calls still in flight may already have been counted by
 * Zoho or not: assume they were not, so the local count never runs ahead of the real one.
 * An observation without a reset time is trusted for one window, then the next response
 * refreshes it (CRM's credits are a rolling 24 h with no reset header).
 *
 * @internal
 */
export const observe = (bucket: Bucket, observation: BudgetObservation): Effect.Effect<void> =>
  Effect.flatMap(Clock.currentTimeMillis, (now) =>
    Effect.sync(() => {
      if (observation.limit !== undefined && Number.isFinite(observation.limit)) bucket.limit = observation.limit
      if (observation.resetSeconds !== undefined && Number.isFinite(observation.resetSeconds)) {
        bucket.resetAt = now + observation.resetSeconds * 1000
      } else if (observation.remaining !== undefined) {
        bucket.resetAt = now + Duration.toMillis(bucket.policy.window)
      }
      if (observation.remaining !== undefined && Number.isFinite(observation.remaining)) {
        bucket.remaining = Math.max(0, observation.remaining - bucket.inFlight)
      }
    }))

/**
 * Concurrency (and complex sub-concurrency) first, then the rate gate: a window slot is only
 * taken when the call can start right away.
 *
 * @internal
 */
export const withPermit = <A, E, R>(
  bucket: Bucket,
  key: ThrottleKey,
  effect: Effect.Effect<A, E, R>
): Effect.Effect<A, E | ZohoRateLimited, R> => {
  const run = Effect.acquireUseRelease(
    Effect.zipLeft(
      admit(bucket, key),
      Effect.sync(() => {
        bucket.inFlight += 1
      })
    ),
    () => effect,
    () =>
      Effect.sync(() => {
        bucket.inFlight -= 1
      })
  )
  const withComplex = key.complex && bucket.complex !== undefined
    ? withPermitOf(bucket.complex, "complex_concurrency", run)
    : run
  return withPermitOf(bucket.concurrency, "concurrency", withComplex)
}
