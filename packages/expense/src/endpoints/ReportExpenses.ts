/**
 * Expenses into an expense report. Zoho's newer "Reports" page names "Add expenses to a report"
 * and "Add an expense to a report" without a path (shared/specs/finance-endpoints.md §2.3), so
 * both are done through paths that are listed (§2.2): a new expense is created with its
 * `report_id` (`POST /expenses`), and an existing one is updated with it
 * (`PUT /expenses/{expense_id}`); the Expense file gives both bodies a `report_id`.
 *
 * @since 0.1.0
 */
import * as Facade from "@effect-zoho/core/Facade"
import type { ZohoClient } from "@effect-zoho/core/ZohoClient"
import type { ZohoError } from "@effect-zoho/core/ZohoError"
import type * as ZohoTransfer from "@effect-zoho/core/ZohoTransfer"
import * as Effect from "effect/Effect"
import * as Expenses from "../generated/Expenses.js"
import type * as $OpenapiZohoExpenses from "../generated/OpenapiZohoExpenses.js"
import * as ExpenseReceipts from "./ExpenseReceipts.js"

/**
 * An existing expense to add: its id and its update body (the file requires `line_items`).
 *
 * @category models
 * @since 0.1.0
 */
export type ExpenseToAdd = Omit<$OpenapiZohoExpenses.UpdateExpenseRequest, "report_id"> & {
  readonly expense_id: string
}

/**
 * A new expense for the report: the create body without `report_id`, which the call sets.
 *
 * @category models
 * @since 0.1.0
 */
export type NewExpense = Omit<$OpenapiZohoExpenses.CreateExpenseRequest, "report_id">

const update = Facade.update(Expenses.updateExpense, "expense")
const create = Facade.create(Expenses.createExpense, "expense")

/**
 * Create an expense in a report, with its receipt when one is given (one request either way).
 *
 * @example
 * ```ts
 * import * as Expense from "@effect-zoho/expense/Expense"
 * import { Effect } from "effect"
 *
 * export const monthEnd = (currencyId: string, categoryId: string, receipt: Uint8Array) =>
 *   Effect.gen(function*() {
 *     const report = yield* Expense.expenseReports.create({ report_name: "March travel", start_date: "2026-03-01", end_date: "2026-03-31" })
 *     yield* Expense.expenseReports.addExpense(
 *       report.report_id!,
 *       { currency_id: currencyId, line_items: [{ category_id: categoryId, amount: 23.5 }] },
 *       { fileName: "taxi.jpg", contentType: "image/jpeg", bytes: receipt }
 *     )
 *     return yield* Expense.expenseReports.submit(report.report_id!, { body: {} })
 *   })
 * ```
 *
 * @category reports
 * @since 0.1.0
 */
export const addExpense = (
  reportId: string,
  expense: NewExpense,
  receipt?: ZohoTransfer.FileSource<unknown>
): Effect.Effect<$OpenapiZohoExpenses.Expense, ZohoError, ZohoClient> =>
  receipt === undefined
    ? create({ ...expense, report_id: reportId })
    : ExpenseReceipts.createWithReceipt({ ...expense, report_id: reportId }, receipt)

/**
 * Add existing expenses to a report, one update each, in order; the updated expenses. The first
 * refusal stops the rest (the earlier ones stay added, as Zoho keeps them).
 *
 * @category reports
 * @since 0.1.0
 */
export const addExpenses = (
  reportId: string,
  expenses: Iterable<ExpenseToAdd>
): Effect.Effect<ReadonlyArray<$OpenapiZohoExpenses.Expense>, ZohoError, ZohoClient> =>
  Effect.forEach(expenses, ({ expense_id, ...body }) => update(expense_id, { ...body, report_id: reportId }))
