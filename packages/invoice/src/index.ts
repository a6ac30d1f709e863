/**
 * @since 0.1.0
 */
export * as InvoiceScopes from "./InvoiceScopes.js"

// The `Invoice` facade (every module's `facade`) is not re-exported here: it would load every
// generated module at import. Import it from `@effect-zoho/invoice/Invoice`, or one module from
// `@effect-zoho/invoice/generated/<Module>` (its `facade`); see docs/performance.md.
