/**
 * @since 0.1.0
 */
export * as Expense from "./Expense.js"
