/**
 * Zoho Books, module by module: `Books.<module>.list` streams a module's records over
 * `page_context`, `get`/`create`/`update`/`delete` take and return the record itself, and every
 * other operation of Zoho's files is there under its Zoho name without the module's noun
 * (`markSent`, `void`, `email`, `approve`…). Each module is the generated `facade` of its file
 * (see `@effect-zoho/core/Facade`); the raw endpoints are in `@effect-zoho/books/generated/<Module>`.
 *
 * Importing this module loads every module's declarations; a program that wants to load only
 * what it uses imports `@effect-zoho/books/generated/<Module>` and uses its `facade`.
 *
 * @since 0.1.0
 */
import * as BankAccounts from "./generated/BankAccounts.js"
import * as BankRules from "./generated/BankRules.js"
import * as BankTransactions from "./generated/BankTransactions.js"
import * as BaseCurrencyAdjustment from "./generated/BaseCurrencyAdjustment.js"
import * as Bills from "./generated/Bills.js"
import * as ChartOfAccounts from "./generated/ChartOfAccounts.js"
import * as ContactPersons from "./generated/ContactPersons.js"
import * as Contacts from "./generated/Contacts.js"
import * as CreditNotes from "./generated/CreditNotes.js"
import * as Currency from "./generated/Currency.js"
import * as CustomerDebitNotes from "./generated/CustomerDebitNotes.js"
import * as CustomerPayments from "./generated/CustomerPayments.js"
import * as CustomModules from "./generated/CustomModules.js"
import * as DeliveryChallans from "./generated/DeliveryChallans.js"
import * as Estimates from "./generated/Estimates.js"
import * as Expenses from "./generated/Expenses.js"
import * as FixedAssets from "./generated/FixedAssets.js"
import * as Integration from "./generated/Integration.js"
import * as Invoices from "./generated/Invoices.js"
import * as Items from "./generated/Items.js"
import * as Journals from "./generated/Journals.js"
import * as Locations from "./generated/Locations.js"
import * as OpeningBalance from "./generated/OpeningBalance.js"
import * as Organizations from "./generated/Organizations.js"
import * as Pricelists from "./generated/Pricelists.js"
import * as Projects from "./generated/Projects.js"
import * as PurchaseOrder from "./generated/PurchaseOrder.js"
import * as RecurringBills from "./generated/RecurringBills.js"
import * as RecurringExpenses from "./generated/RecurringExpenses.js"
import * as RecurringInvoices from "./generated/RecurringInvoices.js"
import * as Registers from "./generated/Registers.js"
import * as ReportingTags from "./generated/ReportingTags.js"
import * as RetainerInvoices from "./generated/RetainerInvoices.js"
import * as SalesOrder from "./generated/SalesOrder.js"
import * as SalesReceipt from "./generated/SalesReceipt.js"
import * as Tasks from "./generated/Tasks.js"
import * as Taxes from "./generated/Taxes.js"
import * as TimeEntries from "./generated/TimeEntries.js"
import * as TransactionLocking from "./generated/TransactionLocking.js"
import * as Users from "./generated/Users.js"
import * as VendorCredits from "./generated/VendorCredits.js"
import * as VendorPayments from "./generated/VendorPayments.js"

/**
 * Zoho Books bank accounts: `list`, `get`, `create`, `update`, `delete` and 28 other operations
 * (`listBalances`, `getBankStatementImportEncryptionKey`, `bulkGetOverview`, …).
 * The `facade` of `@effect-zoho/books/generated/BankAccounts`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const bankAccounts = BankAccounts.facade
/**
 * Zoho Books bank rules: `list`, `create`, `update`, `delete` and 9 other operations
 * (`listBankAccountMatchFilters`, `createBankAccountMatchFilter`, `updateBankAccountMatchFilter`, …).
 * The `facade` of `@effect-zoho/books/generated/BankRules`: records in and out, no envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const bankRules = BankRules.facade
/**
 * Zoho Books bank transactions: `list`, `get`, `create`, `update`, `delete` and 14 other operations
 * (`categorizeAsPaymentRefund`, `categorizeAsVendorPaymentRefund`, `categorize`, …).
 * The `facade` of `@effect-zoho/books/generated/BankTransactions`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const bankTransactions = BankTransactions.facade
/**
 * Zoho Books base currency adjustments: `list`, `get`, `create`, `delete` and 4 other operations
 * (`listAccounts`, `bulkDelete`, `listContacts`, …).
 * The `facade` of `@effect-zoho/books/generated/BaseCurrencyAdjustment`: records in and out, no
 * envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const baseCurrencyAdjustments = BaseCurrencyAdjustment.facade
/**
 * Zoho Books bills: `list`, `get`, `create`, `update`, `delete` and 17 other operations
 * (`updateCustomFields`, `updateUsingCustomField`, `convertPurchaseOrder`, …).
 * The `facade` of `@effect-zoho/books/generated/Bills`: records in and out, no envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const bills = Bills.facade
/**
 * Zoho Books chart of accounts: `list`, `get`, `create`, `update`, `delete` and 7 other operations
 * (`listTransactions`, `bulkMarkActive`, `bulkDelete`, …).
 * The `facade` of `@effect-zoho/books/generated/ChartOfAccounts`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const chartOfAccounts = ChartOfAccounts.facade
/**
 * Zoho Books contact persons: `list`, `get`, `create`, `update`, `delete` and 1 other operation
 * (`markPrimary`).
 * The `facade` of `@effect-zoho/books/generated/ContactPersons`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const contactPersons = ContactPersons.facade
/**
 * Zoho Books contacts: `list`, `get`, `create`, `update`, `delete` and 92 other operations
 * (`updateUsingCustomField`, `bulkDelete`, `listAddresses`, …).
 * The `facade` of `@effect-zoho/books/generated/Contacts`: records in and out, no envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const contacts = Contacts.facade
/**
 * Zoho Books credit notes: `list`, `get`, `create`, `update`, `delete` and 58 other operations
 * (`updateUsingCustomField`, `bulkApprove`, `listEinvoice`, …).
 * The `facade` of `@effect-zoho/books/generated/CreditNotes`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const creditNotes = CreditNotes.facade
/**
 * Zoho Books currencies: `list`, `get`, `create`, `update`, `delete` and 5 other operations
 * (`listExchangeRates`, `createExchangeRate`, `getExchangeRate`, …).
 * The `facade` of `@effect-zoho/books/generated/Currency`: records in and out, no envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const currencies = Currency.facade
/**
 * Zoho Books custom modules: `list`, `get`, `create`, `update`, `delete` and 7 other operations
 * (`listRecords`, `bulkUpdateRecords`, `createRecord`, …).
 * The `facade` of `@effect-zoho/books/generated/CustomModules`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const customModules = CustomModules.facade
/**
 * Zoho Books customer debit notes: `list`, `get`, `create`, `update`, `delete`.
 * The `facade` of `@effect-zoho/books/generated/CustomerDebitNotes`: records in and out, no envelope
 * to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const customerDebitNotes = CustomerDebitNotes.facade
/**
 * Zoho Books customer payments: `list`, `get`, `create`, `update`, `delete` and 8 other operations
 * (`updateCustomFields`, `updateUsingCustomField`, `bulkDelete`, …).
 * The `facade` of `@effect-zoho/books/generated/CustomerPayments`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const customerPayments = CustomerPayments.facade
/**
 * Zoho Books delivery challans: `list`, `get`, `create`, `update`, `delete` and 12 other operations
 * (`bulkReturn`, `listTemplates`, `bulkUndoReturn`, …).
 * The `facade` of `@effect-zoho/books/generated/DeliveryChallans`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const deliveryChallans = DeliveryChallans.facade
/**
 * Zoho Books estimates: `list`, `get`, `create`, `update`, `delete` and 20 other operations
 * (`updateCustomFields`, `updateUsingCustomField`, `bulkEmailMultiple`, …).
 * The `facade` of `@effect-zoho/books/generated/Estimates`: records in and out, no envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const estimates = Estimates.facade
/**
 * Zoho Books expenses: `list`, `get`, `create`, `update`, `delete` and 10 other operations
 * (`deleteEmployee`, `listEmployees`, `createEmployee`, …).
 * The `facade` of `@effect-zoho/books/generated/Expenses`: records in and out, no envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const expenses = Expenses.facade
/**
 * Zoho Books fixed assets: `list`, `get`, `create`, `update`, `delete` and 13 other operations
 * (`createComment`, `deleteComment`, `getForecast`, …).
 * The `facade` of `@effect-zoho/books/generated/FixedAssets`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const fixedAssets = FixedAssets.facade
/**
 * Zoho Books integration: 4 operations (`importCustomerUsingCrmAccountId`,
 * `importCustomerUsingCrmContactId`, `importItemUsingCrmProductId`, …).
 * The `facade` of `@effect-zoho/books/generated/Integration`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const integration = Integration.facade
/**
 * Zoho Books invoices: `list`, `get`, `create`, `update`, `delete` and 107 other operations
 * (`cancelEinvoice`, `updateCustomFields`, `updateUsingCustomField`, …).
 * The `facade` of `@effect-zoho/books/generated/Invoices`: records in and out, no envelope to unwrap.
 *
 * @example
 * ```ts
 * import * as Books from "@effect-zoho/books/Books"
 * import { Effect, Stream } from "effect"
 *
 * export const invoiceAcme = (itemId: string) =>
 *   Effect.gen(function*() {
 *     const customer = yield* Books.contacts.create({ contact_name: "Acme Ltd" })
 *     const created = yield* Books.invoices.create({
 *       customer_id: customer.contact_id ?? "",
 *       line_items: [{ item_id: itemId, quantity: 2 }]
 *     })
 *     yield* Books.invoices.markSent(created.invoice_id ?? "")
 *     const invoice = yield* Books.invoices.get(created.invoice_id ?? "")
 *     const unpaid = yield* Stream.runCount(Books.invoices.list({ filter_by: "Status.Unpaid" }))
 *     return { status: invoice.status, unpaid }
 *   })
 * ```
 *
 * @category modules
 * @since 0.1.0
 */
export const invoices = Invoices.facade
/**
 * Zoho Books items: `list`, `get`, `create`, `update`, `delete` and 8 other operations
 * (`updateCustomFields`, `listDetails`, `updateUsingCustomField`, …).
 * The `facade` of `@effect-zoho/books/generated/Items`: records in and out, no envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const items = Items.facade
/**
 * Zoho Books journals: `list`, `get`, `create`, `update`, `delete` and 26 other operations
 * (`bulkApprove`, `bulkDelete`, `bulkPublish`, …).
 * The `facade` of `@effect-zoho/books/generated/Journals`: records in and out, no envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const journals = Journals.facade
/**
 * Zoho Books locations: `list`, `create`, `update`, `delete` and 4 other operations (`markActive`,
 * `markInactive`, `markPrimary`, …).
 * The `facade` of `@effect-zoho/books/generated/Locations`: records in and out, no envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const locations = Locations.facade
/**
 * Zoho Books opening balance: `list`, `get`, `create`, `update`, `delete` and 3 other operations
 * (`writeoff`, `cancelWriteoff`, `listDetails`).
 * The `facade` of `@effect-zoho/books/generated/OpeningBalance`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const openingBalance = OpeningBalance.facade
/**
 * Zoho Books organizations: `list`, `get`, `create`, `update` and 9 other operations (`getAddress`,
 * `createAddress`, `updateAddress`, …).
 * The `facade` of `@effect-zoho/books/generated/Organizations`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const organizations = Organizations.facade
/**
 * Zoho Books price lists: `list`, `create`, `update`, `delete` and 4 other operations (`bulkFetch`,
 * `listItems`, `markActive`, …).
 * The `facade` of `@effect-zoho/books/generated/Pricelists`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const priceLists = Pricelists.facade
/**
 * Zoho Books projects: `list`, `get`, `create`, `update`, `delete` and 19 other operations
 * (`bulkUpdateUsingCustomField`, `markActive`, `clone`, …).
 * The `facade` of `@effect-zoho/books/generated/Projects`: records in and out, no envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const projects = Projects.facade
/**
 * Zoho Books purchase orders: `list`, `get`, `create`, `update`, `delete` and 21 other operations
 * (`updateCustomFields`, `updateUsingCustomField`, `listTemplates`, …).
 * The `facade` of `@effect-zoho/books/generated/PurchaseOrder`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const purchaseOrders = PurchaseOrder.facade
/**
 * Zoho Books recurring bills: `list`, `get`, `create`, `update`, `delete` and 4 other operations
 * (`updateUsingCustomField`, `listHistory`, `resume`, …).
 * The `facade` of `@effect-zoho/books/generated/RecurringBills`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const recurringBills = RecurringBills.facade
/**
 * Zoho Books recurring expenses: `list`, `get`, `create`, `update`, `delete` and 5 other operations
 * (`updateUsingCustomField`, `listHistory`, `listChildExpenses`, …).
 * The `facade` of `@effect-zoho/books/generated/RecurringExpenses`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const recurringExpenses = RecurringExpenses.facade
/**
 * Zoho Books recurring invoices: `list`, `get`, `create`, `update`, `delete` and 15 other operations
 * (`updateUsingCustomField`, `getDashboard`, `bulkResume`, …).
 * The `facade` of `@effect-zoho/books/generated/RecurringInvoices`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const recurringInvoices = RecurringInvoices.facade
/**
 * Zoho Books registers: 7 operations (`getBudgetVsActuals`, `listBulkActionHistory`,
 * `getBulkActionHistory`, …).
 * The `facade` of `@effect-zoho/books/generated/Registers`: records in and out, no envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const registers = Registers.facade
/**
 * Zoho Books reporting tags: `create`, `update`, `delete` and 11 other operations (`bulkGet`,
 * `allOptions`, `getAllOptions`, …).
 * The `facade` of `@effect-zoho/books/generated/ReportingTags`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const reportingTags = ReportingTags.facade
/**
 * Zoho Books retainer invoices: `list`, `get`, `create`, `update`, `delete` and 20 other operations
 * (`listTemplates`, `updateBillingAddress`, `approve`, …).
 * The `facade` of `@effect-zoho/books/generated/RetainerInvoices`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const retainerInvoices = RetainerInvoices.facade
/**
 * Zoho Books sales orders: `list`, `get`, `create`, `update`, `delete` and 23 other operations
 * (`updateCustomfields`, `updateUsingCustomField`, `bulkExportAsPdf`, …).
 * The `facade` of `@effect-zoho/books/generated/SalesOrder`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const salesOrders = SalesOrder.facade
/**
 * Zoho Books sales receipts: `list`, `get`, `create`, `update`, `delete` and 1 other operation
 * (`email`).
 * The `facade` of `@effect-zoho/books/generated/SalesReceipt`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const salesReceipts = SalesReceipt.facade
/**
 * Zoho Books tasks: `list`, `get`, `create`, `update`, `delete` and 12 other operations (`bulkUpdate`,
 * `bulkDelete`, `addAttachment`, …).
 * The `facade` of `@effect-zoho/books/generated/Tasks`: records in and out, no envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const tasks = Tasks.facade
/**
 * Zoho Books taxes: `list`, `get`, `create`, `update`, `delete` and 14 other operations
 * (`listAuthorities`, `createAuthority`, `getAuthority`, …).
 * The `facade` of `@effect-zoho/books/generated/Taxes`: records in and out, no envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const taxes = Taxes.facade
/**
 * Zoho Books time entries: `list`, `get`, `create`, `update`, `delete` and 4 other operations
 * (`bulkDelete`, `getRunningTimer`, `stopEntryTimer`, …).
 * The `facade` of `@effect-zoho/books/generated/TimeEntries`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const timeEntries = TimeEntries.facade
/**
 * Zoho Books transaction locking: `list`, `get`, `update`, `delete` and 2 other operations
 * (`getAccountingPeriod`, `updatePartialUnlock`).
 * The `facade` of `@effect-zoho/books/generated/TransactionLocking`: records in and out, no envelope
 * to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const transactionLocking = TransactionLocking.facade
/**
 * Zoho Books users: `list`, `get`, `create`, `update`, `delete` and 4 other operations (`getCurrent`,
 * `markActive`, `markInactive`, …).
 * The `facade` of `@effect-zoho/books/generated/Users`: records in and out, no envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const users = Users.facade
/**
 * Zoho Books vendor credits: `list`, `get`, `create`, `update`, `delete` and 16 other operations
 * (`listVendorCreditRefundsOfAll`, `approve`, `listBillsCredited`, …).
 * The `facade` of `@effect-zoho/books/generated/VendorCredits`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const vendorCredits = VendorCredits.facade
/**
 * Zoho Books vendor payments: `list`, `get`, `create`, `update`, `delete` and 9 other operations
 * (`updateUsingCustomField`, `bulkDelete`, `getEmailContent`, …).
 * The `facade` of `@effect-zoho/books/generated/VendorPayments`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const vendorPayments = VendorPayments.facade
