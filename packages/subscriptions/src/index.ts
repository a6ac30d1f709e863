/**
 * @since 0.1.0
 */
export * as SubscriptionsWebhook from "./SubscriptionsWebhook.js"
/**
 * @since 0.1.0
 */
export * as SubscriptionsScopes from "./SubscriptionsScopes.js"

// The `Subscriptions` facade (every module's `facade`) is not re-exported here: it would load every
// generated module at import. Import it from `@effect-zoho/subscriptions/Subscriptions`, or one module from
// `@effect-zoho/subscriptions/generated/<Module>` (its `facade`); see docs/performance.md.
