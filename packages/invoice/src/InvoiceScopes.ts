/**
 * The OAuth scopes Invoice operations need: Books' files name them `ZohoBooks.*`, and the
 * generator writes them as Invoice's `ZohoInvoice.*`; the hand-declared expense categories add
 * theirs.
 *
 * Use {@link requiredScopes} with the endpoints a program calls to build the `scope` list of the
 * grant request, instead of finding out one missing scope (code 57) at a time.
 *
 * @example
 * ```ts
 * import { InvoiceScopes } from "@effect-zoho/invoice"
 * import * as Invoices from "@effect-zoho/invoice/generated/Invoices"
 *
 * const scopes = InvoiceScopes.requiredScopes([Invoices.listInvoices, Invoices.markInvoiceSent])
 * // ["ZohoInvoice.invoices.CREATE", "ZohoInvoice.invoices.READ"]
 * ```
 *
 * @since 0.1.0
 */
import type * as Endpoint from "@effect-zoho/core/Endpoint"
import * as ZohoScopes from "@effect-zoho/core/ZohoScopes"
import * as ExpenseCategories from "./endpoints/ExpenseCategories.js"
// The scope table only: listing scopes loads no generated endpoint module.
import * as Scopes from "./generated/Scopes.js"

/**
 * The scopes the given endpoints declare, deduplicated and sorted.
 *
 * @example
 * ```ts
 * import { InvoiceScopes } from "@effect-zoho/invoice"
 * import * as Invoices from "@effect-zoho/invoice/generated/Invoices"
 *
 * export const scopes = InvoiceScopes.requiredScopes([Invoices.listInvoices, Invoices.markInvoiceSent])
 * // ["ZohoInvoice.invoices.CREATE", "ZohoInvoice.invoices.READ"]
 * ```
 *
 * @category scopes
 * @since 0.1.0
 */
export const requiredScopes: (endpoints: Iterable<Endpoint.Endpoint>) => ReadonlyArray<string> = ZohoScopes.required

/**
 * Operation name (e.g. `invoice.invoices.markInvoiceSent`) → the scopes it needs, generated and
 * hand-declared operations alike.
 *
 * @category scopes
 * @since 0.1.0
 */
export const byOperation: ReadonlyMap<string, ReadonlyArray<string>> = new Map([
  ...Scopes.byOperation,
  ...ExpenseCategories.endpoints.map((e) => [e.operation, e.scopes] as const)
])

/**
 * The scopes of the named operations; unknown names are ignored.
 *
 * @category scopes
 * @since 0.1.0
 */
export const forOperations = (operations: Iterable<string>): ReadonlyArray<string> =>
  ZohoScopes.forOperations(byOperation, operations)
