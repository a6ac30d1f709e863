/**
 * When and how a Zoho call is tried again.
 *
 * - idempotent calls retry every transient failure: 429, 5xx, transport errors, timeouts;
 * - non-idempotent calls (a POST that creates) retry only what Zoho provably did not process: a
 *   429, a connection that was refused (or a host that did not resolve), and failures that happen
 *   before anything is sent (a transient token refresh error). Never after a timeout or a reset
 *   mid-flight: the record may already exist;
 * - `Retry-After` is honoured exactly when it is at most `maxRetryAfter`; a longer one fails at
 *   once with `ZohoRateLimited` reason `RetryAfterTooLong`, carrying the wait;
 * - otherwise exponential backoff (capped by `maxBackoff`) with jitter, up to `maxRetries` retries.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { identity } from "effect/Function"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import type { ZohoError } from "./ZohoError.js"
import { isTransient, ZohoRateLimited } from "./ZohoError.js"

/** @since 0.1.0 */
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
 * @since 0.1.0
 */
export const defaultPolicy: Policy = {
  maxRetries: 10,
  backoff: Duration.millis(500),
  maxBackoff: Duration.seconds(30),
  maxRetryAfter: Duration.seconds(180),
  jitter: true
}

/** @since 0.1.0 */
export const make = (options: Partial<Policy> = {}): Policy => ({ ...defaultPolicy, ...options })

/** Never retry. @since 0.1.0 */
export const none: Policy = make({ maxRetries: 0 })

/**
 * May this failure be retried? `idempotent` is the request's own flag.
 *
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

/** The `Retry-After` a failure asks for, if any. @since 0.1.0 */
export const retryAfterOf = (error: ZohoError): Duration.Duration | undefined =>
  error._tag === "ZohoRateLimited" && error.reason === "TooManyRequests" ? error.retryAfter : undefined

/**
 * Turn a 429 whose `Retry-After` exceeds `maxRetryAfter` into `RetryAfterTooLong` (not retryable),
 * so the caller learns the wait at once instead of a fiber sleeping for hours.
 *
 * @since 0.1.0
 */
export const checkRetryAfter = <E extends ZohoError>(policy: Policy, error: E): E | ZohoRateLimited => {
  const wait = retryAfterOf(error)
  return wait !== undefined && Duration.greaterThan(wait, policy.maxRetryAfter)
    ? new ZohoRateLimited({ ...(error as unknown as ZohoRateLimited), reason: "RetryAfterTooLong", retryAfter: wait })
    : error
}

/**
 * The schedule `retry` uses: fed with each failure, it stops on a failure that may not be
 * retried, after `maxRetries`, and waits `Retry-After` exactly when the failure carries one.
 *
 * @since 0.1.0
 */
export const schedule = (
  policy: Policy,
  idempotent: boolean
): Schedule.Schedule<unknown, ZohoError> =>
  Schedule.exponential(policy.backoff, 2).pipe(
    policy.jitter ? Schedule.jittered : identity,
    Schedule.modifyDelay((_, delay) => Duration.min(delay, policy.maxBackoff)),
    Schedule.intersect(Schedule.recurs(policy.maxRetries)),
    Schedule.intersect(Schedule.identity<ZohoError>()),
    Schedule.whileInput((error: ZohoError) => isRetryable(error, idempotent)),
    Schedule.modifyDelay(([, error], delay) => retryAfterOf(error) ?? delay)
  )

/**
 * Run `attempt(n)` (n = 1, 2, …) until it succeeds or a failure may not be retried.
 * The attempt number is passed in so spans and log lines can show it.
 *
 * @since 0.1.0
 */
export const retry = <A, E extends ZohoError, R>(
  attempt: (attempt: number) => Effect.Effect<A, E, R>,
  options: { readonly policy: Policy; readonly idempotent: boolean }
): Effect.Effect<A, E | ZohoRateLimited, R> =>
  Effect.flatMap(Ref.make(0), (counter) =>
    Ref.updateAndGet(counter, (n) => n + 1).pipe(
      Effect.flatMap(attempt),
      Effect.mapError((error) => checkRetryAfter(options.policy, error)),
      Effect.retry(schedule(options.policy, options.idempotent))
    ))
