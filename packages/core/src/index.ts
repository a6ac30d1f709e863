/**
 * @since 0.1.0
 */
export * as ThrottlePolicy from "./ThrottlePolicy.js"
/**
 * @since 0.1.0
 */
export * as TokenStore from "./TokenStore.js"
/**
 * @since 0.1.0
 */
export * as ZohoAuth from "./ZohoAuth.js"
/**
 * @since 0.1.0
 */
export * as ZohoClient from "./ZohoClient.js"
/**
 * @since 0.1.0
 */
export * as ZohoCredentials from "./ZohoCredentials.js"
/**
 * @since 0.1.0
 */
export * as ZohoError from "./ZohoError.js"
/**
 * @since 0.1.0
 */
export * as ZohoProduct from "./ZohoProduct.js"
/**
 * @since 0.1.0
 */
export * as ZohoRegion from "./ZohoRegion.js"
/**
 * @since 0.1.0
 */
export * as ZohoRequest from "./ZohoRequest.js"
/**
 * @since 0.1.0
 */
export * as ZohoThrottle from "./ZohoThrottle.js"
/**
 * @since 0.1.0
 */
export * as ZohoToken from "./ZohoToken.js"
/**
 * @since 0.1.0
 */
export * as ZohoUser from "./ZohoUser.js"
