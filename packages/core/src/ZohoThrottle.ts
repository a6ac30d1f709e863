/**
 * Client-side rate limiting per org and product, as a replaceable layer: in process here, across
 * processes with `@effect-zoho/store-redis`.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as internal from "./internal/throttleBucket.js"
import * as ThrottlePolicy from "./ThrottlePolicy.js"
import type { ZohoRateLimited } from "./ZohoError.js"

/**
 * Which bucket a call draws from: one per (product, org).
 *
 * @category models
 * @since 0.1.0
 */
export interface ThrottleKey {
  /** The product's id. */
  readonly product: string
  /**
   * The org the limit belongs to: Zoho limits per org per product, so two users of one org share
   * one bucket. `ZohoClient` uses the organization id of the call, else the user's `orgKey`, else
   * the org of a client-credentials `soid`, else the user's key (see `ZohoUser.throttleOrg`).
   */
  readonly org: string
  /** The product's default policy (its descriptor's `throttle`), before the layer's overrides. */
  readonly policy: ThrottlePolicy.ThrottlePolicy
  readonly operation: string
  readonly complex: boolean
}

/**
 * What a response said about the remaining budget (`X-Rate-Limit-*`, `X-API-CREDITS-REMAINING`).
 *
 * @category models
 * @since 0.1.0
 */
export interface BudgetObservation {
  readonly limit?: number | undefined
  readonly remaining?: number | undefined
  /** Seconds until the budget resets. */
  readonly resetSeconds?: number | undefined
}

/**
 * @category models
 * @since 0.1.0
 */
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

/**
 * @category tags
 * @since 0.1.0
 */
export class ZohoThrottle extends Context.Tag("@effect-zoho/core/ZohoThrottle")<ZohoThrottle, Service>() {}

/**
 * @category models
 * @since 0.1.0
 */
export interface Options {
  /**
   * Overrides of the product defaults (the descriptor's `throttle`), by product id, e.g.
   * `{ [ZohoProducts.books.id]: Either.getOrThrow(ZohoProduct.planPolicy(ZohoProducts.books, "Standard")) }`.
   */
  readonly policies?: Readonly<Record<string, Partial<ThrottlePolicy.ThrottlePolicy>>> | undefined
  /** Overrides for one org (its edition's limits), applied over `policies`. */
  readonly perOrg?:
    | ((product: string, org: string) => Partial<ThrottlePolicy.ThrottlePolicy> | undefined)
    | undefined
}

/**
 * The policy for one org of one product: product default, then `policies`, then `perOrg`.
 *
 * @category utils
 * @since 0.1.0
 */
export const policyFor = (options: Options, key: ThrottleKey): ThrottlePolicy.ThrottlePolicy =>
  ThrottlePolicy.make({
    ...key.policy,
    ...options.policies?.[key.product],
    ...options.perOrg?.(key.product, key.org)
  })

/**
 * The in-process throttle: one bucket per (product, org), created on first use, holding a
 * concurrency semaphore (and one for complex calls), a sliding-window limiter (never more than
 * `requestsPerWindow` starts in any `window`), the `minDelay` between starts and the daily
 * budget (configured, or learned from `observe`). Every wait uses Effect's `Clock`.
 *
 * Limits hold within this process only; share them across processes with the Redis layer.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (options: Options = {}): Effect.Effect<Service> =>
  Effect.sync(() => {
    const buckets = new Map<string, internal.Bucket>()
    const bucketFor = (key: ThrottleKey): internal.Bucket => {
      const id = `${key.product}\u0000${key.org}`
      let bucket = buckets.get(id)
      if (bucket === undefined) {
        bucket = internal.makeBucket(policyFor(options, key))
        buckets.set(id, bucket)
      }
      return bucket
    }
    return ZohoThrottle.of({
      withPermit: (key, effect) => Effect.suspend(() => internal.withPermit(bucketFor(key), key, effect)),
      observe: (key, observation) => Effect.suspend(() => internal.observe(bucketFor(key), observation))
    })
  })

/**
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: Options = {}): Layer.Layer<ZohoThrottle> => Layer.effect(ZohoThrottle, make(options))

/**
 * The in-process throttle with per-product overrides, e.g. `{ crm: { maxConcurrent: 15 } }` for a
 * Professional edition.
 *
 * @category layers
 * @since 0.1.0
 */
export const layerPolicies = (
  policies: Readonly<Record<string, Partial<ThrottlePolicy.ThrottlePolicy>>>
): Layer.Layer<ZohoThrottle> => layer({ policies })

/**
 * No client-side limits at all (Zoho's 429s are still retried by `ZohoClient`): for tests and
 * for programs that throttle elsewhere.
 *
 * @category layers
 * @since 0.1.0
 */
export const layerUnlimited: Layer.Layer<ZohoThrottle> = Layer.succeed(
  ZohoThrottle,
  ZohoThrottle.of({
    withPermit: (_key, effect) => effect,
    observe: () => Effect.void
  })
)
