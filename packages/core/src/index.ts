/**
 * @since 0.1.0
 */
export * as CustomFields from "./CustomFields.js"
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
export * as ZohoProducts from "./ZohoProducts.js"
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
/**
 * @since 0.1.0
 */
export * as Endpoint from "./Endpoint.js"
/**
 * @since 0.1.0
 */
export * as Envelope from "./Envelope.js"
/**
 * @since 0.1.0
 */
export * as Pagination from "./Pagination.js"
/**
 * @since 0.1.0
 */
export * as Facade from "./Facade.js"
/**
 * @since 0.1.0
 */
export * as ZohoScopes from "./ZohoScopes.js"
/**
 * @since 0.1.0
 */
export * as ZohoOAuth from "./ZohoOAuth.js"
/**
 * @since 0.1.0
 */
export * as ZohoConfig from "./ZohoConfig.js"
/**
 * @since 0.1.0
 */
export * as MemoryTokenStore from "./MemoryTokenStore.js"
/**
 * @since 0.1.0
 */
export * as FileTokenStore from "./FileTokenStore.js"
/**
 * @since 0.1.0
 */
export * as ZohoLogging from "./ZohoLogging.js"
/**
 * @since 0.1.0
 */
export * as ZohoRetry from "./ZohoRetry.js"
/**
 * @since 0.1.0
 */
export * as Zoho from "./Zoho.js"
/**
 * @since 0.1.0
 */
export * as TokenEncryption from "./TokenEncryption.js"

/**
 * @since 0.1.0
 */
export * as ZohoTransfer from "./ZohoTransfer.js"

/**
 * @since 0.1.0
 */
export * as ZohoMetrics from "./ZohoMetrics.js"
