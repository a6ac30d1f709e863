/**
 * The OAuth scopes CRM operations need, as Zoho's OpenAPI files name them (each operation's
 * `security`, else its file's).
 *
 * Use {@link requiredScopes} with the endpoints a program calls to build the `scope` list of the
 * grant request, instead of finding out one `OAUTH_SCOPE_MISMATCH` at a time.
 *
 * @example
 * ```ts
 * import { CrmScopes } from "@effect-zoho/crm"
 * import * as Notes from "@effect-zoho/crm/generated/Notes"
 * import * as Record from "@effect-zoho/crm/generated/Record"
 *
 * const scopes = CrmScopes.requiredScopes([Record.getRecords, Notes.getNotes])
 * // ["ZohoCRM.modules.ALL", ...]
 * ```
 *
 * @since 0.1.0
 */
import type * as Endpoint from "@effect-zoho/core/Endpoint"
import * as ZohoScopes from "@effect-zoho/core/ZohoScopes"
// The scope table only: listing scopes loads no endpoint module.
import * as Scopes from "./generated/Scopes.js"

/**
 * The scopes the given endpoints declare, deduplicated and sorted.
 *
 * @category scopes
 * @since 0.1.0
 */
export const requiredScopes: (endpoints: Iterable<Endpoint.Endpoint>) => ReadonlyArray<string> = ZohoScopes.required

/**
 * Operation name (e.g. `crm.record.getRecords`) → the scopes it needs.
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
