/**
 * The `@effect-zoho/inventory` entry: error codes and scopes of Zoho Inventory v1.
 *
 * The `Inventory` facade (every module's `facade`) is not re-exported here: it would load every
 * generated module at import. Import it from `@effect-zoho/inventory/Inventory`, or one module
 * from `@effect-zoho/inventory/generated/<Module>` (its `facade`); see docs/performance.md.
 *
 * @category modules
 * @since 0.1.0
 */

/**
 * Zoho Inventory's error codes by name, to match an error or describe it in one line.
 *
 * @category modules
 * @since 0.1.0
 */
export * as InventoryError from "./InventoryError.js"

/**
 * The OAuth scopes Inventory operations need, to build a grant request's `scope` list.
 *
 * @category modules
 * @since 0.1.0
 */
export * as InventoryScopes from "./InventoryScopes.js"
