/**
 * The OAuth scopes a program's calls need, from the endpoints themselves (each declares its
 * `scopes`) or from a product's generated table (operation name → scopes). Every product's
 * `<Product>Scopes` module is these two functions over its own table.
 *
 * @since 0.1.0
 */
import type * as Endpoint from "./Endpoint.js"

const sorted = (scopes: Iterable<string>): ReadonlyArray<string> => [...new Set(scopes)].sort()

/**
 * The scopes the given endpoints declare, deduplicated and sorted.
 *
 * @category scopes
 * @since 0.1.0
 */
export const required = (endpoints: Iterable<Endpoint.Endpoint>): ReadonlyArray<string> =>
  sorted([...endpoints].flatMap((endpoint) => endpoint.scopes))

/**
 * The scopes of the named operations in a table (operation name → scopes), deduplicated and
 * sorted; names the table does not know are ignored.
 *
 * @category scopes
 * @since 0.1.0
 */
export const forOperations = (
  table: ReadonlyMap<string, ReadonlyArray<string>>,
  operations: Iterable<string>
): ReadonlyArray<string> => sorted([...operations].flatMap((operation) => table.get(operation) ?? []))
