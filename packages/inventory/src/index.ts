/**
 * @since 0.1.0
 */
export * as Inventory from "./Inventory.js"
/**
 * @since 0.1.0
 */
export * as InventoryError from "./InventoryError.js"
/**
 * @since 0.1.0
 */
export * as InventoryScopes from "./InventoryScopes.js"
