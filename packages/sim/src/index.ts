/**
 * @category modules
 * @since 0.1.0
 */
export * as SimHttp from "./SimHttp.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as SimSeed from "./SimSeed.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as Simulator from "./Simulator.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as SimHttpClient from "./SimHttpClient.js"
/**
 * @category modules
 * @since 0.1.0
 */
export * as SimHttpApp from "./SimHttpApp.js"
