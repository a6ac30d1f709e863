/**
 * The `@effect-zoho/invoice` entry: the scopes of Zoho Invoice v3.
 *
 * The `Invoice` facade (every module's `facade`) is not re-exported here: it would load every
 * generated module at import. Import it from `@effect-zoho/invoice/Invoice`, or one module from
 * `@effect-zoho/invoice/generated/<Module>` (its `facade`); see docs/performance.md.
 *
 * @category modules
 * @since 0.1.0
 */

/**
 * The OAuth scopes Invoice operations need, to build a grant request's `scope` list.
 *
 * @category modules
 * @since 0.1.0
 */
export * as InvoiceScopes from "./InvoiceScopes.js"
