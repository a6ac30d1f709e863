/**
 * When and how a Zoho call is tried again.
 *
 * - idempotent calls retry every transient failure: 429, 5xx, transport errors, timeouts;
 * - non-idempotent calls (a POST that creates) retry only what Zoho provably did not process: a
 *   429, a connection that was refused (or a host that did not resolve), and failures that happen
 *   before anything is sent (an attempt marks those with `beforeSend`: a token refresh that timed
 *   out or was reset is as safe to retry as any transient failure, since the call itself never
 *   left). Never after a timeout or a reset of the exchange that carried the call: the record may
 *   already exist;
 * - `Retry-After` is honoured exactly when it is at most `maxRetryAfter`; a longer one fails at
 *   once with `ZohoRateLimited` reason `RetryAfterTooLong`, carrying the wait;
 * - otherwise exponential backoff (capped by `maxBackoff`) with jitter, up to `maxRetries` retries.
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { identity } from "effect/Function"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import { spanEvent } from "./internal/spanEvent.js"
import type { ZohoError } from "./ZohoError.js"
import { isTransient, ZohoRateLimited } from "./ZohoError.js"
import * as ZohoMetrics from "./ZohoMetrics.js"

/**
 * @category models
 * @since 0.1.0
 */
export interface Policy {
  /** Retries after the first attempt (so at most `maxRetries + 1` attempts). */
  readonly maxRetries: number
  /** The first backoff delay; each retry doubles it. */
  readonly backoff: Duration.Duration
  /** No backoff delay grows beyond this (before jitter). */
  readonly maxBackoff: Duration.Duration
  /** The longest `Retry-After` we are willing to sleep; longer fails with `RetryAfterTooLong`. */
  readonly maxRetryAfter: Duration.Duration
  /** Spread backoff delays randomly (×0.8–1.2) so many clients do not retry in lockstep. */
  readonly jitter: boolean
}

/**
 * 10 retries, 0.5 s doubling backoff capped at 30 s, `Retry-After` up to 180 s, with jitter
 * (the figures of the seed Python SDK, facts §5.1).
 *
 * @category policies
 * @since 0.1.0
 */
export const defaultPolicy: Policy = {
  maxRetries: 10,
  backoff: Duration.millis(500),
  maxBackoff: Duration.seconds(30),
  maxRetryAfter: Duration.seconds(180),
  jitter: true
}

/**
 * @category constructors
 * @since 0.1.0
 */
export const make = (options: Partial<Policy> = {}): Policy => ({ ...defaultPolicy, ...options })

/**
 * Never retry.
 *
 * @category policies
 * @since 0.1.0
 */
export const none: Policy = make({ maxRetries: 0 })

/**
 * May this failure be retried? `idempotent` is the request's own flag.
 *
 * @category retry
 * @since 0.1.0
 */
export const isRetryable = (error: ZohoError, idempotent: boolean): boolean => {
  if (idempotent) return isTransient(error)
  switch (error._tag) {
    case "ZohoRateLimited":
      // A 429 means Zoho refused the call before doing anything.
      return error.reason === "TooManyRequests"
    case "ZohoTransportError":
      return !error.maybeProcessed
    case "ZohoOAuthError":
      // Token refresh failures happen before the call is sent.
      return !error.permanent
    case "TokenStoreError":
      return error.reason === "Unavailable"
    default:
      return false
  }
}

/**
 * The `Retry-After` a failure asks for, if any.
 *
 * @category retry
 * @since 0.1.0
 */
export const retryAfterOf = (error: ZohoError): Duration.Duration | undefined =>
  error._tag === "ZohoRateLimited" && error.reason === "TooManyRequests" ? error.retryAfter : undefined

/**
 * Turn a 429 whose `Retry-After` exceeds `maxRetryAfter` into `RetryAfterTooLong` (not retryable),
 * so the caller learns the wait at once instead of a fiber sleeping for hours.
 *
 * @category retry
 * @since 0.1.0
 */
export const checkRetryAfter = <E extends ZohoError>(policy: Policy, error: E): E | ZohoRateLimited => {
  const wait = retryAfterOf(error)
  return wait !== undefined && Duration.greaterThan(wait, policy.maxRetryAfter)
    ? new ZohoRateLimited({ ...(error as unknown as ZohoRateLimited), reason: "RetryAfterTooLong", retryAfter: wait })
    : error
}

/**
 * A failure that happened before the call was sent (the token refresh, the store, the request
 * encoding): Zoho never saw the call, so retrying it is as safe as retrying a read, whatever the
 * call is. Only `retry` looks inside; callers of `retry` get the inner error back.
 *
 * @category models
 * @since 0.1.0
 */
export class Unsent<out E> extends Data.TaggedClass("@effect-zoho/core/ZohoRetry/Unsent")<{ readonly error: E }> {}

/**
 * Mark every failure of `effect` as happening before the call was sent.
 *
 * @category retry
 * @since 0.1.0
 */
export const beforeSend = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, Unsent<E>, R> =>
  Effect.mapError(effect, (error) => new Unsent({ error }))

const unwrap = <E>(failure: E | Unsent<E>): E => failure instanceof Unsent ? failure.error : failure

/**
 * Exponential backoff with jitter, capped, `maxRetries` times, while `retryable`; `Retry-After` wins.
 * `onRetry` runs once per retry decided on, with the delay before it.
 */
const makeSchedule = <I>(
  policy: Policy,
  retryable: (input: I) => boolean,
  wait: (input: I) => Duration.Duration | undefined,
  onRetry?: (input: I, delay: Duration.Duration) => Effect.Effect<void>
): Schedule.Schedule<unknown, I> =>
  Schedule.exponential(policy.backoff, 2).pipe(
    policy.jitter ? Schedule.jittered : identity,
    // Whole milliseconds: jitter makes fractions, and Effect's TestClock fails (BigInt of a
    // fractional nanosecond count) on a span started at a fractional instant.
    Schedule.modifyDelay((_, delay) =>
      Duration.millis(Math.round(Duration.toMillis(Duration.min(delay, policy.maxBackoff))))
    ),
    Schedule.intersect(Schedule.recurs(policy.maxRetries)),
    Schedule.intersect(Schedule.identity<I>()),
    Schedule.whileInput(retryable),
    onRetry === undefined
      ? Schedule.modifyDelay(([, input], delay) => wait(input) ?? delay)
      // Called only when the schedule goes on: once per retry.
      : Schedule.modifyDelayEffect(([, input], delay) => {
        const chosen = wait(input) ?? delay
        return Effect.as(onRetry(input, chosen), chosen)
      })
  )

/**
 * The schedule `retry` uses: fed with each failure, it stops on a failure that may not be
 * retried, after `maxRetries`, and waits `Retry-After` exactly when the failure carries one.
 *
 * @category retry
 * @since 0.1.0
 */
export const schedule = (
  policy: Policy,
  idempotent: boolean
): Schedule.Schedule<unknown, ZohoError> =>
  makeSchedule(policy, (error: ZohoError) => isRetryable(error, idempotent), retryAfterOf)

/**
 * A retry, seen from outside: the `zoho.client.retries` metric (by the failure's tag) and a
 * `zoho.retry` event on the current span (the call's `zoho.request` span) with the attempt it
 * leads to, the wait before it and what failed. No message: only tags, statuses and durations.
 */
const recordRetry = (nextAttempt: number, error: ZohoError, delay: Duration.Duration): Effect.Effect<void> =>
  Effect.zipRight(
    ZohoMetrics.increment(ZohoMetrics.retries, { [ZohoMetrics.labels.reason]: error._tag }),
    spanEvent("zoho.retry", {
      "zoho.attempt": nextAttempt,
      "zoho.retry.delay_ms": Duration.toMillis(delay),
      "zoho.retry.retry_after": retryAfterOf(error) !== undefined,
      "error.type": error._tag,
      ...("status" in error && typeof error.status === "number" ? { "http.response.status_code": error.status } : {})
    })
  )

/**
 * Run `attempt(n)` (n = 1, 2, …) until it succeeds or a failure may not be retried.
 * The attempt number is passed in so spans and log lines can show it. A failure the attempt
 * marked `Unsent` (see `beforeSend`) is retried whenever it is transient, even for a call that is
 * not idempotent. Each retry is counted in `ZohoMetrics.retries` and shows as a `zoho.retry`
 * event on the current span.
 *
 * @category retry
 * @since 0.1.0
 */
export const retry = <A, E extends ZohoError, R>(
  attempt: (attempt: number) => Effect.Effect<A, E | Unsent<E>, R>,
  options: { readonly policy: Policy; readonly idempotent: boolean }
): Effect.Effect<A, E | ZohoRateLimited, R> => {
  const checked = (failure: E | Unsent<E>): E | ZohoRateLimited | Unsent<E | ZohoRateLimited> =>
    failure instanceof Unsent
      ? new Unsent({ error: checkRetryAfter(options.policy, failure.error) })
      : checkRetryAfter(options.policy, failure)
  const retryable = (failure: E | ZohoRateLimited | Unsent<E | ZohoRateLimited>) =>
    failure instanceof Unsent ? isTransient(failure.error) : isRetryable(failure, options.idempotent)
  // The first attempt runs on its own: most calls succeed, and the schedule, its counter and its
  // driver are only built once a failure is worth retrying. From there the schedule sees the same
  // failures, in the same order, as if it had been there from the start.
  return Effect.catchAll(attempt(1), (firstFailure) => {
    const first = checked(firstFailure)
    if (!retryable(first) || options.policy.maxRetries <= 0) return Effect.fail(unwrap(first))
    return Effect.flatMap(Ref.make(0), (counter) =>
      Ref.updateAndGet(counter, (n) => n + 1).pipe(
        Effect.flatMap((n) => n === 1 ? Effect.fail(first) : Effect.mapError(attempt(n), checked)),
        Effect.retry(
          makeSchedule(
            options.policy,
            retryable,
            (failure) => retryAfterOf(unwrap(failure)),
            (failure, delay) => Effect.flatMap(Ref.get(counter), (n) => recordRetry(n + 1, unwrap(failure), delay))
          )
        ),
        Effect.mapError(unwrap)
      ))
  })
}
