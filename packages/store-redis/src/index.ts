/**
 * @category modules
 * @since 0.1.0
 */
export * as RedisTokenStore from "./RedisTokenStore.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as RedisThrottle from "./RedisThrottle.js"
