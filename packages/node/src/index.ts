/**
 * @category modules
 * @since 0.1.0
 */
export * as ZohoNode from "./ZohoNode.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as ZohoNodeHttp from "./ZohoNodeHttp.js"
