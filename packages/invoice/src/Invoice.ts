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

/**
 * Zoho Invoice contact persons: `list`, `get`, `create`, `update`, `delete` and 1 other operation
 * (`markPrimary`).
 * The `facade` of `@effect-zoho/invoice/generated/ContactPersons`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const contactPersons = ContactPersons.facade
/**
 * Zoho Invoice contacts: `list`, `get`, `create`, `update`, `delete` and 92 other operations
 * (`updateUsingCustomField`, `bulkDelete`, `listAddresses`, …).
 * The `facade` of `@effect-zoho/invoice/generated/Contacts`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const contacts = Contacts.facade
/**
 * Zoho Invoice credit notes: `list`, `get`, `create`, `update`, `delete` and 58 other operations
 * (`updateUsingCustomField`, `bulkApprove`, `listEinvoice`, …).
 * The `facade` of `@effect-zoho/invoice/generated/CreditNotes`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const creditNotes = CreditNotes.facade
/**
 * Zoho Invoice currencies: `list`, `get`, `create`, `update`, `delete` and 5 other operations
 * (`listExchangeRates`, `createExchangeRate`, `getExchangeRate`, …).
 * The `facade` of `@effect-zoho/invoice/generated/Currency`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const currencies = Currency.facade
/**
 * Zoho Invoice customer payments: `list`, `get`, `create`, `update`, `delete` and 8 other operations
 * (`updateCustomFields`, `updateUsingCustomField`, `bulkDelete`, …).
 * The `facade` of `@effect-zoho/invoice/generated/CustomerPayments`: records in and out, no envelope
 * to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const customerPayments = CustomerPayments.facade
/**
 * Zoho Invoice estimates: `list`, `get`, `create`, `update`, `delete` and 20 other operations
 * (`updateCustomFields`, `updateUsingCustomField`, `bulkEmailMultiple`, …).
 * The `facade` of `@effect-zoho/invoice/generated/Estimates`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const estimates = Estimates.facade
/**
 * Zoho Invoice expense categories: `list`, `get`, `create`, `update`, `delete` and 2 other operations
 * (`markActive`, `markInactive`).
 * The `facade` of `@effect-zoho/invoice/endpoints/ExpenseCategories`: records in and out, no envelope
 * to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const expenseCategories = ExpenseCategories.facade
/**
 * Zoho Invoice expenses: `list`, `get`, `create`, `update`, `delete` and 10 other operations
 * (`deleteEmployee`, `listEmployees`, `createEmployee`, …).
 * The `facade` of `@effect-zoho/invoice/generated/Expenses`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const expenses = Expenses.facade
/**
 * Zoho Invoice invoices: `list`, `get`, `create`, `update`, `delete` and 107 other operations
 * (`cancelEinvoice`, `updateCustomFields`, `updateUsingCustomField`, …).
 * The `facade` of `@effect-zoho/invoice/generated/Invoices`: records in and out, no envelope to
 * unwrap.
 *
 * @example
 * ```ts
 * import * as Invoice from "@effect-zoho/invoice/Invoice"
 * import { Effect, Stream } from "effect"
 *
 * export const billAcme = Effect.gen(function*() {
 *   const customer = yield* Invoice.contacts.create({ contact_name: "Acme Corp" })
 *   const item = yield* Invoice.items.create({ name: "Design, per hour", rate: 120 })
 *   const created = yield* Invoice.invoices.create({
 *     customer_id: customer.contact_id!,
 *     line_items: [{ item_id: item.item_id!, quantity: 6 }]
 *   })
 *   const invoice = yield* Invoice.invoices.get(created.invoice_id!)
 *   const unpaid = yield* Stream.runCount(Invoice.invoices.list({ status: "unpaid" }))
 *   return { total: invoice.total, unpaid }
 * })
 * ```
 *
 * @category modules
 * @since 0.1.0
 */
export const invoices = Invoices.facade
/**
 * Zoho Invoice items: `list`, `get`, `create`, `update`, `delete` and 8 other operations
 * (`updateCustomFields`, `listDetails`, `updateUsingCustomField`, …).
 * The `facade` of `@effect-zoho/invoice/generated/Items`: records in and out, no envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const items = Items.facade
/**
 * Zoho Invoice organizations: `list`, `get`, `create`, `update` and 9 other operations (`getAddress`,
 * `createAddress`, `updateAddress`, …).
 * The `facade` of `@effect-zoho/invoice/generated/Organizations`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const organizations = Organizations.facade
/**
 * Zoho Invoice projects: `list`, `get`, `create`, `update`, `delete` and 19 other operations
 * (`bulkUpdateUsingCustomField`, `markActive`, `clone`, …).
 * The `facade` of `@effect-zoho/invoice/generated/Projects`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const projects = Projects.facade
/**
 * Zoho Invoice recurring invoices: `list`, `get`, `create`, `update`, `delete` and 15 other operations
 * (`updateUsingCustomField`, `getDashboard`, `bulkResume`, …).
 * The `facade` of `@effect-zoho/invoice/generated/RecurringInvoices`: records in and out, no envelope
 * to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const recurringInvoices = RecurringInvoices.facade
/**
 * Zoho Invoice retainer invoices: `list`, `get`, `create`, `update`, `delete` and 20 other operations
 * (`listTemplates`, `updateBillingAddress`, `approve`, …).
 * The `facade` of `@effect-zoho/invoice/generated/RetainerInvoices`: records in and out, no envelope
 * to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const retainerInvoices = RetainerInvoices.facade
/**
 * Zoho Invoice tasks: `list`, `get`, `create`, `update`, `delete` and 12 other operations
 * (`bulkUpdate`, `bulkDelete`, `addAttachment`, …).
 * The `facade` of `@effect-zoho/invoice/generated/Tasks`: records in and out, no envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const tasks = Tasks.facade
/**
 * Zoho Invoice taxes: `list`, `get`, `create`, `update`, `delete` and 14 other operations
 * (`listAuthorities`, `createAuthority`, `getAuthority`, …).
 * The `facade` of `@effect-zoho/invoice/generated/Taxes`: records in and out, no envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const taxes = Taxes.facade
/**
 * Zoho Invoice time entries: `list`, `get`, `create`, `update`, `delete` and 4 other operations
 * (`bulkDelete`, `getRunningTimer`, `stopEntryTimer`, …).
 * The `facade` of `@effect-zoho/invoice/generated/TimeEntries`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const timeEntries = TimeEntries.facade
/**
 * Zoho Invoice users: `list`, `get`, `create`, `update`, `delete` and 4 other operations
 * (`getCurrent`, `markActive`, `markInactive`, …).
 * The `facade` of `@effect-zoho/invoice/generated/Users`: records in and out, no envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const users = Users.facade
