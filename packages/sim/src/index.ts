/**
 * @since 0.1.0
 */
export * as SimHttp from "./SimHttp.js"
/**
 * @since 0.1.0
 */
export * as SimSeed from "./SimSeed.js"
