/**
 * Client-side rate limiting per org and product, as a replaceable layer: in process here, across
 * processes with `@effect-zoho/store-redis`.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type { ProductId, ZohoRateLimited } from "./ZohoError.js"

/** Which bucket a call draws from. @since 0.1.0 */
export interface ThrottleKey {
  readonly product: ProductId
  /** The org (or user) the limit belongs to: limits are per org per product. */
  readonly org: string
  readonly operation: string
  readonly complex: boolean
}

/** What a response said about the remaining budget (`X-Rate-Limit-*`, `X-API-CREDITS-REMAINING`). @since 0.1.0 */
export interface BudgetObservation {
  readonly limit?: number | undefined
  readonly remaining?: number | undefined
  /** Seconds until the budget resets. */
  readonly resetSeconds?: number | undefined
}

/** @since 0.1.0 */
export interface Service {
  /**
   * Run `effect` once a permit is free: waits (never fails) for concurrency, window and delay
   * limits; fails with `DailyBudgetSpent` when the known daily budget is at `minCallsRemaining`.
   */
  readonly withPermit: <A, E, R>(
    key: ThrottleKey,
    effect: Effect.Effect<A, E, R>
  ) => Effect.Effect<A, E | ZohoRateLimited, R>
  /** Feed what a response said about the remaining budget. */
  readonly observe: (key: ThrottleKey, observation: BudgetObservation) => Effect.Effect<void>
}

/** @since 0.1.0 */
export class ZohoThrottle extends Context.Tag("@effect-zoho/core/ZohoThrottle")<ZohoThrottle, Service>() {}
