/**
 * The `@effect-zoho/subscriptions` entry: webhooks and scopes of Zoho Billing (formerly
 * Subscriptions) v1.
 *
 * The `Subscriptions` facade (every module's `facade`) is not re-exported here: it would load
 * every generated module at import. Import it from `@effect-zoho/subscriptions/Subscriptions`, or
 * one module from `@effect-zoho/subscriptions/generated/<Module>` (its `facade`); see
 * docs/performance.md.
 *
 * @category modules
 * @since 0.1.0
 */

/**
 * Receive Zoho Billing webhooks: verify the signature, decode the event, serve the route.
 *
 * @category modules
 * @since 0.1.0
 */
export * as SubscriptionsWebhook from "./SubscriptionsWebhook.js"

/**
 * The OAuth scopes Billing operations need, to build a grant request's `scope` list.
 *
 * @category modules
 * @since 0.1.0
 */
export * as SubscriptionsScopes from "./SubscriptionsScopes.js"
