/**
 * How fast one org may call one product. Pure data: the `ZohoThrottle` layer enforces it, in
 * process (core) or across processes (`@effect-zoho/store-redis`).
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"

/**
 * @category models
 * @since 0.1.0
 */
export interface ThrottlePolicy {
  /** Requests allowed per `window`, or `undefined` for no window limit. */
  readonly requestsPerWindow: number | undefined
  readonly window: Duration.Duration
  /** In-flight calls allowed at once. */
  readonly maxConcurrent: number
  /** In-flight "complex" calls (CRM writes of more than 10 records, …) allowed at once. */
  readonly maxConcurrentComplex: number | undefined
  /** Minimum gap between two calls starting. */
  readonly minDelay: Duration.Duration
  /** Calls allowed per day when known up front; otherwise learned from `X-Rate-Limit-*` headers. */
  readonly dailyBudget: number | undefined
  /** Refuse calls (typed `DailyBudgetSpent`) once this few remain, until the reset. */
  readonly minCallsRemaining: number
}

/**
 * @category constructors
 * @since 0.1.0
 */
export const make = (policy: Partial<ThrottlePolicy> = {}): ThrottlePolicy => ({
  requestsPerWindow: undefined,
  window: Duration.minutes(1),
  maxConcurrent: 10,
  maxConcurrentComplex: undefined,
  minDelay: Duration.zero,
  dailyBudget: undefined,
  minCallsRemaining: 1,
  ...policy
})

/**
 * The finance family (Books, Inventory, Invoice, Expense, Billing): 100 requests per minute per
 * org; 5 concurrent calls (the free plan's figure, the safe default: paid plans allow 10);
 * the daily budget is learned from `X-Rate-Limit-*` headers (facts §5.1).
 *
 * @category policies
 * @since 0.1.0
 */
export const finance: ThrottlePolicy = make({ requestsPerWindow: 100, maxConcurrent: 5 })

/**
 * CRM: credits per rolling 24 h depend on the edition, so no window limit by default; 5 concurrent
 * calls (the free edition's figure) and a sub-concurrency of 10 for complex calls (facts §5.2).
 *
 * @category policies
 * @since 0.1.0
 */
export const crm: ThrottlePolicy = make({ maxConcurrent: 5, maxConcurrentComplex: 10 })

/**
 * No limits at all: for tests and for users who throttle elsewhere.
 *
 * @category policies
 * @since 0.1.0
 */
export const unlimited: ThrottlePolicy = make({ maxConcurrent: Number.MAX_SAFE_INTEGER, minCallsRemaining: 0 })
