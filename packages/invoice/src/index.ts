/**
 * @since 0.1.0
 */
export * as Invoice from "./Invoice.js"

/**
 * @since 0.1.0
 */
export * as InvoiceScopes from "./InvoiceScopes.js"
