/**
 * @since 0.1.0
 */
export * as Subscriptions from "./Subscriptions.js"
