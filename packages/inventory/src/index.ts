/**
 * @since 0.1.0
 */
export * as InventoryError from "./InventoryError.js"
/**
 * @since 0.1.0
 */
export * as InventoryScopes from "./InventoryScopes.js"

// The `Inventory` facade (every module's `facade`) is not re-exported here: it would load every
// generated module at import. Import it from `@effect-zoho/inventory/Inventory`, or one module from
// `@effect-zoho/inventory/generated/<Module>` (its `facade`); see docs/performance.md.
