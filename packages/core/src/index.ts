/**
 * @category modules
 * @since 0.1.0
 */
export * as CustomFields from "./CustomFields.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as ThrottlePolicy from "./ThrottlePolicy.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as TokenStore from "./TokenStore.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as ZohoAuth from "./ZohoAuth.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as ZohoClient from "./ZohoClient.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as ZohoCredentials from "./ZohoCredentials.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as ZohoError from "./ZohoError.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as ZohoProduct from "./ZohoProduct.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as ZohoProducts from "./ZohoProducts.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as ZohoRegion from "./ZohoRegion.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as ZohoRequest from "./ZohoRequest.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as ZohoThrottle from "./ZohoThrottle.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as ZohoToken from "./ZohoToken.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as ZohoUser from "./ZohoUser.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as Endpoint from "./Endpoint.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as Envelope from "./Envelope.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as Pagination from "./Pagination.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as Facade from "./Facade.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as ZohoScopes from "./ZohoScopes.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as ZohoOAuth from "./ZohoOAuth.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as ZohoConfig from "./ZohoConfig.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as MemoryTokenStore from "./MemoryTokenStore.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as FileTokenStore from "./FileTokenStore.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as ZohoLogging from "./ZohoLogging.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as ZohoRetry from "./ZohoRetry.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as Zoho from "./Zoho.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as TokenEncryption from "./TokenEncryption.js"

/**
 * @category modules
 * @since 0.1.0
 */
export * as ZohoTransfer from "./ZohoTransfer.js"

/**
 * @category modules
 * @since 0.1.0
 */
export * as ZohoMetrics from "./ZohoMetrics.js"
