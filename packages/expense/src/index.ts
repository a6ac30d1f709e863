/**
 * @since 0.1.0
 */
export * as Expense from "./Expense.js"

/**
 * @since 0.1.0
 */
export * as ExpenseReceipts from "./endpoints/ExpenseReceipts.js"

/**
 * @since 0.1.0
 */
export * as ReportExpenses from "./endpoints/ReportExpenses.js"
