/**
 * @since 0.1.0
 */
export * as Subscriptions from "./Subscriptions.js"
/**
 * @since 0.1.0
 */
export * as SubscriptionsWebhook from "./SubscriptionsWebhook.js"
/**
 * @since 0.1.0
 */
export * as SubscriptionsScopes from "./SubscriptionsScopes.js"
