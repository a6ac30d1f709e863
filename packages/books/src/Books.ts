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

/** @since 0.1.0 */
export const bankAccounts = BankAccounts.facade
/** @since 0.1.0 */
export const bankRules = BankRules.facade
/** @since 0.1.0 */
export const bankTransactions = BankTransactions.facade
/** @since 0.1.0 */
export const baseCurrencyAdjustments = BaseCurrencyAdjustment.facade
/** @since 0.1.0 */
export const bills = Bills.facade
/** @since 0.1.0 */
export const chartOfAccounts = ChartOfAccounts.facade
/** @since 0.1.0 */
export const contactPersons = ContactPersons.facade
/** @since 0.1.0 */
export const contacts = Contacts.facade
/** @since 0.1.0 */
export const creditNotes = CreditNotes.facade
/** @since 0.1.0 */
export const currencies = Currency.facade
/** @since 0.1.0 */
export const customModules = CustomModules.facade
/** @since 0.1.0 */
export const customerDebitNotes = CustomerDebitNotes.facade
/** @since 0.1.0 */
export const customerPayments = CustomerPayments.facade
/** @since 0.1.0 */
export const deliveryChallans = DeliveryChallans.facade
/** @since 0.1.0 */
export const estimates = Estimates.facade
/** @since 0.1.0 */
export const expenses = Expenses.facade
/** @since 0.1.0 */
export const fixedAssets = FixedAssets.facade
/** @since 0.1.0 */
export const integration = Integration.facade
/** @since 0.1.0 */
export const invoices = Invoices.facade
/** @since 0.1.0 */
export const items = Items.facade
/** @since 0.1.0 */
export const journals = Journals.facade
/** @since 0.1.0 */
export const locations = Locations.facade
/** @since 0.1.0 */
export const openingBalance = OpeningBalance.facade
/** @since 0.1.0 */
export const organizations = Organizations.facade
/** @since 0.1.0 */
export const priceLists = Pricelists.facade
/** @since 0.1.0 */
export const projects = Projects.facade
/** @since 0.1.0 */
export const purchaseOrders = PurchaseOrder.facade
/** @since 0.1.0 */
export const recurringBills = RecurringBills.facade
/** @since 0.1.0 */
export const recurringExpenses = RecurringExpenses.facade
/** @since 0.1.0 */
export const recurringInvoices = RecurringInvoices.facade
/** @since 0.1.0 */
export const registers = Registers.facade
/** @since 0.1.0 */
export const reportingTags = ReportingTags.facade
/** @since 0.1.0 */
export const retainerInvoices = RetainerInvoices.facade
/** @since 0.1.0 */
export const salesOrders = SalesOrder.facade
/** @since 0.1.0 */
export const salesReceipts = SalesReceipt.facade
/** @since 0.1.0 */
export const tasks = Tasks.facade
/** @since 0.1.0 */
export const taxes = Taxes.facade
/** @since 0.1.0 */
export const timeEntries = TimeEntries.facade
/** @since 0.1.0 */
export const transactionLocking = TransactionLocking.facade
/** @since 0.1.0 */
export const users = Users.facade
/** @since 0.1.0 */
export const vendorCredits = VendorCredits.facade
/** @since 0.1.0 */
export const vendorPayments = VendorPayments.facade
