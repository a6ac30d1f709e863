/**
 * @since 0.1.0
 */
export * as Generated from "./generated/index.js"
