/**
 * The OAuth scopes Inventory operations need, as Zoho's OpenAPI files name them (each operation's
 * `security`): `ZohoInventory.<module>.<READ|CREATE|UPDATE|DELETE>`, or `ZohoInventory.FullAccess.all`.
 *
 * Use {@link requiredScopes} with the endpoints a program calls to build the `scope` list of the
 * grant request, instead of finding out one refused call (code 57) at a time.
 *
 * @example
 * ```ts
 * import { InventoryScopes } from "@effect-zoho/inventory"
 * import * as Inventoryadjustments from "@effect-zoho/inventory/generated/Inventoryadjustments"
 * import * as Items from "@effect-zoho/inventory/generated/Items"
 *
 * const scopes = InventoryScopes.requiredScopes([Items.listItems, Inventoryadjustments.createInventoryAdjustment])
 * // ["ZohoInventory.inventoryadjustments.CREATE", "ZohoInventory.items.READ"]
 * ```
 *
 * @since 0.1.0
 */
import type * as Endpoint from "@effect-zoho/core/Endpoint"
import * as ZohoScopes from "@effect-zoho/core/ZohoScopes"
// The scope table only: listing scopes loads no endpoint module.
import * as Scopes from "./generated/Scopes.js"

/**
 * The one scope that covers every Inventory operation (what Zoho's API console offers as
 * "full access"); narrower scopes are safer for a program that only reads.
 *
 * @category constants
 * @since 0.1.0
 */
export const fullAccess = "ZohoInventory.FullAccess.all"

/**
 * The scopes the given endpoints declare, deduplicated and sorted.
 *
 * @example
 * ```ts
 * import { InventoryScopes } from "@effect-zoho/inventory"
 * import * as Items from "@effect-zoho/inventory/generated/Items"
 * import * as Salesorders from "@effect-zoho/inventory/generated/Salesorders"
 *
 * export const scopes = InventoryScopes.requiredScopes([Items.listItems, Salesorders.createSalesOrder])
 * // ["ZohoInventory.items.READ", "ZohoInventory.salesorders.CREATE"]
 * ```
 *
 * @category scopes
 * @since 0.1.0
 */
export const requiredScopes: (endpoints: Iterable<Endpoint.Endpoint>) => ReadonlyArray<string> = ZohoScopes.required

/**
 * Operation name (e.g. `inventory.items.listItems`) → the scopes it needs.
 *
 * @category scopes
 * @since 0.1.0
 */
export const byOperation: ReadonlyMap<string, ReadonlyArray<string>> = Scopes.byOperation

/**
 * The scopes of the named operations; unknown names are ignored.
 *
 * @category scopes
 * @since 0.1.0
 */
export const forOperations = (operations: Iterable<string>): ReadonlyArray<string> =>
  ZohoScopes.forOperations(byOperation, operations)
