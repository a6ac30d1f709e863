/**
 * @since 0.1.0
 */
export * as ZohoNode from "./ZohoNode.js"
/**
 * @since 0.1.0
 */
export * as ZohoNodeHttp from "./ZohoNodeHttp.js"
