/**
 * Zoho Expense, module by module: `Expense.<module>.list` streams a module's records over
 * `page_context`, `get`/`create`/`update`/`delete` take and return the record itself, and every
 * other operation of Zoho's files is there under its Zoho name without the module's noun
 * (`markSent`, `void`, `email`, `approve`…). Each module is the generated `facade` of its file
 * (see `@effect-zoho/core/Facade`); the raw endpoints are in `@effect-zoho/expense/generated/<Module>`.
 *
 * On top of the generated facades, by hand (`./endpoints/`): `expenses.create`/`update` (the
 * Expense file lists expenses at `/reports/expensedetails`, so the generator's by-path rule
 * leaves them under their operation names) and `expenses.createWithReceipt` (multipart, the
 * receipt checked to be an image or a PDF before any request); `expenseReports.addExpense`
 * and `addExpenses`; `categories`, the same module as `expenseCategories`.
 *
 * Importing this module loads every module's declarations; a program that wants to load only
 * what it uses imports `@effect-zoho/expense/generated/<Module>` and uses its `facade`.
 *
 * @since 0.1.0
 */
import * as Facade from "@effect-zoho/core/Facade"
import * as ExpenseReceipts from "./endpoints/ExpenseReceipts.js"
import * as ReportExpenses from "./endpoints/ReportExpenses.js"
import * as Currencies from "./generated/Currencies.js"
import * as Customers from "./generated/Customers.js"
import * as ExpenseCategories from "./generated/ExpenseCategories.js"
import * as ExpenseReports from "./generated/ExpenseReports.js"
import * as Expenses from "./generated/Expenses.js"
import * as Organizations from "./generated/Organizations.js"
import * as Projects from "./generated/Projects.js"
import * as Taxes from "./generated/Taxes.js"
import * as Trips from "./generated/Trips.js"
import * as Users from "./generated/Users.js"

/**
 * Zoho Expense currencies: `list`, `get`, `create`, `update`, `delete` (an expense names its currency
 * by id).
 *
 * @category modules
 * @since 0.1.0
 */
export const currencies = Currencies.facade
/**
 * Zoho Expense customers, to bill expenses to: `list`, `get`, `create`, `update`, `delete`.
 *
 * @category modules
 * @since 0.1.0
 */
export const customers = Customers.facade
/**
 * Zoho Expense categories (`list`, `get`, `create`, `update`, `delete`, `enable`, `disable`): every
 * expense line names one.
 *
 * @category modules
 * @since 0.1.0
 */
export const expenseCategories = ExpenseCategories.facade
/**
 * Zoho Expense categories.
 * The `facade` of `@effect-zoho/expense/generated/ExpenseCategories`: records in and out, no envelope
 * to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const categories = ExpenseCategories.facade
/**
 * Expense reports: the generated operations (`create`, `submit`, `approve`, `reject`,
 * `reimburse`…) and the expenses that go into one.
 *
 * @category modules
 * @since 0.1.0
 */
export const expenseReports = {
  ...ExpenseReports.facade,
  addExpense: ReportExpenses.addExpense,
  addExpenses: ReportExpenses.addExpenses
}
/**
 * Expenses: the generated operations, `create`/`update` out of their envelope, and
 * `createWithReceipt`.
 *
 * @example
 * ```ts
 * import * as Expense from "@effect-zoho/expense/Expense"
 * import { Effect, Stream } from "effect"
 *
 * export const program = (currencyId: string, categoryId: string) =>
 *   Effect.gen(function*() {
 *     const created = yield* Expense.expenses.create({
 *       currency_id: currencyId,
 *       date: "2026-03-02",
 *       line_items: [{ category_id: categoryId, amount: 23.5 }]
 *     })
 *     const updated = yield* Expense.expenses.update(created.expense_id ?? "", {
 *       line_items: [{ category_id: categoryId, amount: 25 }]
 *     })
 *     const count = yield* Stream.runCount(Expense.expenses.list())
 *     return { total: updated.total, count }
 *   })
 * ```
 *
 * @category modules
 * @since 0.1.0
 */
export const expenses = {
  ...Expenses.facade,
  create: Facade.create(Expenses.createExpense, "expense"),
  update: Facade.update(Expenses.updateExpense, "expense"),
  createWithReceipt: ExpenseReceipts.createWithReceipt
}
/**
 * The Zoho Expense organizations of the user (`list`, `get`, `create`, `update`): where a program
 * finds the org id the other calls need.
 *
 * @category modules
 * @since 0.1.0
 */
export const organizations = Organizations.facade
/**
 * Zoho Expense projects, to track expenses against: `list`, `get`, `create`, `update`, `delete`,
 * `activate`, `deactivate`.
 *
 * @category modules
 * @since 0.1.0
 */
export const projects = Projects.facade
/**
 * Zoho Expense taxes: `list`, `get`, `create`, `update`, `delete`, `getGroup`.
 *
 * @category modules
 * @since 0.1.0
 */
export const taxes = Taxes.facade
/**
 * Zoho Expense trips: `list`, `get`, `create`, `update`, `delete`, and the approval steps
 * (`approve`, `reject`, `cancel`, `close`).
 *
 * @category modules
 * @since 0.1.0
 */
export const trips = Trips.facade
/**
 * Zoho Expense users of the organization: `list`, `get`, `create`, `update`, `delete`,
 * `activate`, `deactivate`, `assignRole`.
 *
 * @category modules
 * @since 0.1.0
 */
export const users = Users.facade
