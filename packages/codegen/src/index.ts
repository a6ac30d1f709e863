/**
 * @since 0.1.0
 */
export * as Generator from "./Generator.js"
