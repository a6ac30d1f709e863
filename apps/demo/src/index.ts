/**
 * @since 0.1.0
 */
export * as Demo from "./Demo.js"
