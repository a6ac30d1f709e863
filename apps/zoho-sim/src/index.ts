/**
 * @since 0.1.0
 */
export * as ZohoSimServer from "./ZohoSimServer.js"
