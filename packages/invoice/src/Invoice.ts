/**
 * Zoho Invoice, module by module, under the same names as `Books` (`Invoice.invoices.list`,
 * `Invoice.contacts.create`, `Invoice.invoices.markSent`…), so code written against one reads
 * the same against the other. Invoice is the sales side of Books under `/invoice/v3` with the
 * org id in the `X-com-zoho-invoice-organizationid` header; each module is the generated `facade`
 * of its Books file (see `@effect-zoho/core/Facade`), and `expenseCategories`, a module Books
 * does not have, is declared by hand in the same format (`./endpoints/ExpenseCategories`).
 *
 * Importing this module loads every module's declarations; a program that wants to load only
 * what it uses imports `@effect-zoho/invoice/generated/<Module>` and uses its `facade`.
 *
 * @since 0.1.0
 */
import * as ExpenseCategories from "./endpoints/ExpenseCategories.js"
import * as ContactPersons from "./generated/ContactPersons.js"
import * as Contacts from "./generated/Contacts.js"
import * as CreditNotes from "./generated/CreditNotes.js"
import * as Currency from "./generated/Currency.js"
import * as CustomerPayments from "./generated/CustomerPayments.js"
import * as Estimates from "./generated/Estimates.js"
import * as Expenses from "./generated/Expenses.js"
import * as Invoices from "./generated/Invoices.js"
import * as Items from "./generated/Items.js"
import * as Organizations from "./generated/Organizations.js"
import * as Projects from "./generated/Projects.js"
import * as RecurringInvoices from "./generated/RecurringInvoices.js"
import * as RetainerInvoices from "./generated/RetainerInvoices.js"
import * as Tasks from "./generated/Tasks.js"
import * as Taxes from "./generated/Taxes.js"
import * as TimeEntries from "./generated/TimeEntries.js"
import * as Users from "./generated/Users.js"

/** @since 0.1.0 */
export const contactPersons = ContactPersons.facade
/** @since 0.1.0 */
export const contacts = Contacts.facade
/** @since 0.1.0 */
export const creditNotes = CreditNotes.facade
/** @since 0.1.0 */
export const currencies = Currency.facade
/** @since 0.1.0 */
export const customerPayments = CustomerPayments.facade
/** @since 0.1.0 */
export const estimates = Estimates.facade
/** @since 0.1.0 */
export const expenseCategories = ExpenseCategories.facade
/** @since 0.1.0 */
export const expenses = Expenses.facade
/** @since 0.1.0 */
export const invoices = Invoices.facade
/** @since 0.1.0 */
export const items = Items.facade
/** @since 0.1.0 */
export const organizations = Organizations.facade
/** @since 0.1.0 */
export const projects = Projects.facade
/** @since 0.1.0 */
export const recurringInvoices = RecurringInvoices.facade
/** @since 0.1.0 */
export const retainerInvoices = RetainerInvoices.facade
/** @since 0.1.0 */
export const tasks = Tasks.facade
/** @since 0.1.0 */
export const taxes = Taxes.facade
/** @since 0.1.0 */
export const timeEntries = TimeEntries.facade
/** @since 0.1.0 */
export const users = Users.facade
