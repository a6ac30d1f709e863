/**
 * @since 0.1.0
 */
export * as Inventory from "./Inventory.js"
