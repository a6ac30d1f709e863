/**
 * The `@effect-zoho/books` entry: scopes, organizations and error codes of Zoho Books v3.
 *
 * The `Books` facade (every module's `facade`) is not re-exported here: it would load every
 * generated module at import. Import it from `@effect-zoho/books/Books`, or one module from
 * `@effect-zoho/books/generated/<Module>` (its `facade`); see docs/performance.md. `BooksFiles`
 * (PDFs of invoices, estimates, bills) loads those three modules: import it from
 * `@effect-zoho/books/BooksFiles`.
 *
 * @category modules
 * @since 0.1.0
 */

/**
 * The OAuth scopes Books operations need, by endpoint, operation name or facade module.
 *
 * @category modules
 * @since 0.1.0
 */
export * as BooksScopes from "./BooksScopes.js"

/**
 * Which Books organization a call, a stream or a user works in.
 *
 * @category modules
 * @since 0.1.0
 */
export * as BooksOrganizations from "./BooksOrganizations.js"

/**
 * Zoho Books' error codes by name, to match an error or describe it in one line.
 *
 * @category modules
 * @since 0.1.0
 */
export * as BooksError from "./BooksError.js"
