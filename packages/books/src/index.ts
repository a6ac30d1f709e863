/**
 * @since 0.1.0
 */
export * as Books from "./Books.js"

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
export * as BooksFiles from "./BooksFiles.js"

/**
 * @since 0.1.0
 */
export * as BooksError from "./BooksError.js"
