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

/** @since 0.1.0 */
export const currencies = Currencies.facade
/** @since 0.1.0 */
export const customers = Customers.facade
/** @since 0.1.0 */
export const expenseCategories = ExpenseCategories.facade
/** The same module as {@link expenseCategories}, under the short name. @since 0.1.0 */
export const categories = ExpenseCategories.facade
/**
 * Expense reports: the generated operations (`create`, `submit`, `approve`, `reject`,
 * `reimburse`…) and the expenses that go into one.
 *
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
 * @since 0.1.0
 */
export const expenses = {
  ...Expenses.facade,
  create: Facade.create(Expenses.createExpense, "expense"),
  update: Facade.update(Expenses.updateExpense, "expense"),
  createWithReceipt: ExpenseReceipts.createWithReceipt
}
/** @since 0.1.0 */
export const organizations = Organizations.facade
/** @since 0.1.0 */
export const projects = Projects.facade
/** @since 0.1.0 */
export const taxes = Taxes.facade
/** @since 0.1.0 */
export const trips = Trips.facade
/** @since 0.1.0 */
export const users = Users.facade
