/**
 * The OAuth scopes Zoho Billing (formerly Zoho Subscriptions) operations need, as Zoho's OpenAPI
 * files name them (`ZohoSubscriptions.<module>.<READ|CREATE|UPDATE|DELETE>`: Billing kept the
 * Subscriptions scope names).
 *
 * Use {@link requiredScopes} with the endpoints a program calls to build the `scope` list of the
 * grant request, instead of finding out one refusal (code 57) at a time.
 *
 * @example
 * ```ts
 * import { SubscriptionsScopes } from "@effect-zoho/subscriptions"
 * import * as Plans from "@effect-zoho/subscriptions/generated/Plans"
 * import * as Subscription from "@effect-zoho/subscriptions/generated/Subscription"
 *
 * const scopes = SubscriptionsScopes.requiredScopes([
 *   Subscription.createASubscription,
 *   Subscription.cancelASubscription,
 *   Plans.listAllPlans
 * ])
 * // ["ZohoSubscriptions.plans.READ", "ZohoSubscriptions.subscriptions.CREATE"]
 * ```
 *
 * @since 0.1.0
 */
import type * as Endpoint from "@effect-zoho/core/Endpoint"
import * as ZohoScopes from "@effect-zoho/core/ZohoScopes"
// The scope table only: listing scopes loads no endpoint module.
import * as Scopes from "./generated/Scopes.js"

/**
 * Every Billing operation, all modules (Zoho's catch-all scope for the product).
 *
 * @category constants
 * @since 0.1.0
 */
export const fullAccess = "ZohoSubscriptions.fullaccess.all"

/**
 * The scopes the given endpoints declare, deduplicated and sorted.
 *
 * @example
 * ```ts
 * import { SubscriptionsScopes } from "@effect-zoho/subscriptions"
 * import * as Plans from "@effect-zoho/subscriptions/generated/Plans"
 * import * as Subscription from "@effect-zoho/subscriptions/generated/Subscription"
 *
 * export const scopes = SubscriptionsScopes.requiredScopes([Subscription.createASubscription, Plans.listAllPlans])
 * ```
 *
 * @category scopes
 * @since 0.1.0
 */
export const requiredScopes: (endpoints: Iterable<Endpoint.Endpoint>) => ReadonlyArray<string> = ZohoScopes.required

/**
 * Operation name (e.g. `billing.subscription.createASubscription`) → the scopes it needs.
 *
 * @category scopes
 * @since 0.1.0
 */
export const byOperation: ReadonlyMap<string, ReadonlyArray<string>> = Scopes.byOperation

/**
 * The scopes of the named operations; unknown names are ignored.
 *
 * @category scopes
 * @since 0.1.0
 */
export const forOperations = (operations: Iterable<string>): ReadonlyArray<string> =>
  ZohoScopes.forOperations(byOperation, operations)
