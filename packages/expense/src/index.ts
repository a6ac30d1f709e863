/**
 * @since 0.1.0
 */
export * as ExpenseReceipts from "./endpoints/ExpenseReceipts.js"

/**
 * @since 0.1.0
 */
export * as ReportExpenses from "./endpoints/ReportExpenses.js"

// The `Expense` facade (every module's `facade`) is not re-exported here: it would load every
// generated module at import. Import it from `@effect-zoho/expense/Expense`, or one module from
// `@effect-zoho/expense/generated/<Module>` (its `facade`); see docs/performance.md.
