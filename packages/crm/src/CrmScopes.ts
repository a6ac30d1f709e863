/**
 * The OAuth scopes CRM operations need, as Zoho's OpenAPI files name them (each operation's
 * `security`, else its file's).
 *
 * Use {@link requiredScopes} with the endpoints a program calls to build the `scope` list of the
 * grant request, instead of finding out one `OAUTH_SCOPE_MISMATCH` at a time.
 *
 * @example
 * ```ts
 * import { CrmScopes, Generated } from "@effect-zoho/crm"
 *
 * const scopes = CrmScopes.requiredScopes([Generated.Record.getRecords, Generated.Notes.getNotes])
 * // ["ZohoCRM.modules.ALL", ...]
 * ```
 *
 * @since 0.1.0
 */
import * as Endpoint from "@effect-zoho/core/Endpoint"
import * as Generated from "./generated/index.js"

/**
 * The scopes the given endpoints declare, deduplicated and sorted.
 *
 * @since 0.1.0
 */
export const requiredScopes = (endpoints: Iterable<Endpoint.Endpoint>): ReadonlyArray<string> => {
  const scopes = new Set<string>()
  for (const endpoint of endpoints) {
    for (const scope of endpoint.scopes) scopes.add(scope)
  }
  return [...scopes].sort()
}

const isEndpoint = (u: unknown): u is Endpoint.Endpoint => typeof u === "object" && u !== null && Endpoint.TypeId in u

/**
 * Every generated CRM endpoint, by module (e.g. `Record`) then export name, in a stable order.
 *
 * @since 0.1.0
 */
export const endpoints: ReadonlyArray<Endpoint.Endpoint> = Object.keys(Generated).sort().flatMap((module) => {
  const namespace = (Generated as Record<string, Record<string, unknown>>)[module]!
  return Object.keys(namespace).sort().map((name) => namespace[name]).filter(isEndpoint)
})

/**
 * Operation name (e.g. `crm.record.getRecords`) → the scopes it needs.
 *
 * @since 0.1.0
 */
export const byOperation: ReadonlyMap<string, ReadonlyArray<string>> = new Map(
  endpoints.map((endpoint) => [endpoint.operation, endpoint.scopes])
)

/**
 * The scopes of the named operations; unknown names are ignored.
 *
 * @since 0.1.0
 */
export const forOperations = (operations: Iterable<string>): ReadonlyArray<string> => {
  const scopes = new Set<string>()
  for (const operation of operations) {
    for (const scope of byOperation.get(operation) ?? []) scopes.add(scope)
  }
  return [...scopes].sort()
}
