/**
 * The `@effect-zoho/expense` entry: expenses with receipts and expenses in reports, for Zoho
 * Expense v1.
 *
 * The `Expense` facade (every module's `facade`) is not re-exported here: it would load every
 * generated module at import. Import it from `@effect-zoho/expense/Expense`, or one module from
 * `@effect-zoho/expense/generated/<Module>` (its `facade`); see docs/performance.md.
 *
 * @category modules
 * @since 0.1.0
 */

/**
 * Create an expense with its receipt (an image or a PDF, checked before any request).
 *
 * @category modules
 * @since 0.1.0
 */
export * as ExpenseReceipts from "./endpoints/ExpenseReceipts.js"

/**
 * Add new or existing expenses to an expense report.
 *
 * @category modules
 * @since 0.1.0
 */
export * as ReportExpenses from "./endpoints/ReportExpenses.js"
