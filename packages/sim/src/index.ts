/**
 * @since 0.1.0
 */
export * as SimHttp from "./SimHttp.js"
/**
 * @since 0.1.0
 */
export * as SimSeed from "./SimSeed.js"
/**
 * @since 0.1.0
 */
export * as Simulator from "./Simulator.js"
/**
 * @since 0.1.0
 */
export * as SimHttpClient from "./SimHttpClient.js"
/**
 * @since 0.1.0
 */
export * as SimHttpApp from "./SimHttpApp.js"
