/**
 * @category modules
 * @since 0.1.0
 */
export * as MysqlTokenStore from "./MysqlTokenStore.js"
