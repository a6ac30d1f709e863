/**
 * @since 0.1.0
 */
export * as BooksScopes from "./BooksScopes.js"

/**
 * @since 0.1.0
 */
export * as BooksOrganizations from "./BooksOrganizations.js"

/**
 * @since 0.1.0
 */
export * as BooksError from "./BooksError.js"

// The `Books` facade (every module's `facade`) is not re-exported here: it would load every
// generated module at import. Import it from `@effect-zoho/books/Books`, or one module from
// `@effect-zoho/books/generated/<Module>` (its `facade`); see docs/performance.md.
// `BooksFiles` (PDFs of invoices, estimates, bills) loads those three modules: import it from
// `@effect-zoho/books/BooksFiles`.
