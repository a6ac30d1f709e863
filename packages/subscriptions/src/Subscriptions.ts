/**
 * Zoho Billing (formerly Zoho Subscriptions), module by module: `Subscriptions.<module>.list` streams a module's records over
 * `page_context`, `get`/`create`/`update`/`delete` take and return the record itself, and every
 * other operation of Zoho's files is there under its Zoho name without the module's noun
 * (`markSent`, `void`, `email`, `approve`…). Each module is the generated `facade` of its file
 * (see `@effect-zoho/core/Facade`); the raw endpoints are in `@effect-zoho/subscriptions/generated/<Module>`.
 *
 * `Subscriptions.webhook(options)` is the receiver for Zoho's webhooks: it verifies the
 * `X-Zoho-Webhook-Signature` when a secret is configured and decodes the event (see
 * `SubscriptionsWebhook`).
 *
 * Importing this module loads every module's declarations; a program that wants to load only
 * what it uses imports `@effect-zoho/subscriptions/generated/<Module>` and uses its `facade`.
 *
 * @since 0.1.0
 */
import * as Addons from "./generated/Addons.js"
import * as BankAccount from "./generated/BankAccount.js"
import * as Cards from "./generated/Cards.js"
import * as ContactPersons from "./generated/ContactPersons.js"
import * as Coupons from "./generated/Coupons.js"
import * as CreditNotes from "./generated/CreditNotes.js"
import * as Customers from "./generated/Customers.js"
import * as Events from "./generated/Events.js"
import * as Expenses from "./generated/Expenses.js"
import * as HostedPages from "./generated/HostedPages.js"
import * as Invoices from "./generated/Invoices.js"
import * as Items from "./generated/Items.js"
import * as Payments from "./generated/Payments.js"
import * as Plans from "./generated/Plans.js"
import * as Products from "./generated/Products.js"
import * as Projects from "./generated/Projects.js"
import * as Quotes from "./generated/Quotes.js"
import * as RecurringExpenses from "./generated/RecurringExpenses.js"
import * as Refunds from "./generated/Refunds.js"
import * as Settings from "./generated/Settings.js"
import * as Subscription from "./generated/Subscription.js"
import * as Tasks from "./generated/Tasks.js"
import * as TimeEntries from "./generated/TimeEntries.js"
import * as UnbilledCharges from "./generated/UnbilledCharges.js"
import * as SubscriptionsWebhook from "./SubscriptionsWebhook.js"

/**
 * Zoho Billing addons: `list`, `get`, `create`, `update`, `delete` and 2 other operations
 * (`markAsActive`, `markAsInactive`).
 * The `facade` of `@effect-zoho/subscriptions/generated/Addons`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const addons = Addons.facade
/**
 * Zoho Billing bank accounts: 1 operation (`getInformation`).
 * The `facade` of `@effect-zoho/subscriptions/generated/BankAccount`: records in and out, no envelope
 * to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const bankAccounts = BankAccount.facade
/**
 * Zoho Billing cards: 3 operations (`listAllActiveCreditOfCustomer`, `getCreditInformation`,
 * `deleteCredit`).
 * The `facade` of `@effect-zoho/subscriptions/generated/Cards`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const cards = Cards.facade
/**
 * Zoho Billing contact persons: `get`, `create`, `update`, `delete` and 1 other operation
 * (`listOfAll`).
 * The `facade` of `@effect-zoho/subscriptions/generated/ContactPersons`: records in and out, no
 * envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const contactPersons = ContactPersons.facade
/**
 * Zoho Billing coupons: `list`, `get`, `create`, `update`, `delete` and 2 other operations
 * (`markAsActive`, `markAsInactive`).
 * The `facade` of `@effect-zoho/subscriptions/generated/Coupons`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const coupons = Coupons.facade
/**
 * Zoho Billing credit notes: `get`, `create`, `delete` and 4 other operations (`openVoided`, `email`,
 * `applyCreditsToMultipleInvoices`, …).
 * The `facade` of `@effect-zoho/subscriptions/generated/CreditNotes`: records in and out, no envelope
 * to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const creditNotes = CreditNotes.facade
/**
 * Zoho Billing customers: `list`, `get`, `create`, `update`, `delete` and 4 other operations
 * (`getUsingCrmReference`, `markAsActive`, `markAsInactive`, …).
 * The `facade` of `@effect-zoho/subscriptions/generated/Customers`: records in and out, no envelope to
 * unwrap.
 *
 * @example
 * ```ts
 * import * as Subscriptions from "@effect-zoho/subscriptions/Subscriptions"
 * import { Effect, Stream } from "effect"
 *
 * export const program = Effect.gen(function*() {
 *   const created = yield* Subscriptions.customers.create({ display_name: "Ann Lee", email: "ann@example.com", tax_authority_id: undefined, tax_authority_name: "" })
 *   const again = yield* Subscriptions.customers.get(created.customer_id ?? "")
 *   const count = yield* Stream.runCount(Subscriptions.customers.list())
 *   return { id: again.customer_id, count }
 * })
 * ```
 *
 * @category modules
 * @since 0.1.0
 */
export const customers = Customers.facade
/**
 * Zoho Billing events: `list`, `get`.
 * The `facade` of `@effect-zoho/subscriptions/generated/Events`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const events = Events.facade
/**
 * Zoho Billing expenses: `list`, `get`, `create`, `update`, `delete`.
 * The `facade` of `@effect-zoho/subscriptions/generated/Expenses`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const expenses = Expenses.facade
/**
 * Zoho Billing hosted pages: `list`, `get` and 7 other operations
 * (`associatePaymentMethodForCustomer`, `buyOneTimeAddonForSubscription`, `recordInvoicePayment`, …).
 * The `facade` of `@effect-zoho/subscriptions/generated/HostedPages`: records in and out, no envelope
 * to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const hostedPages = HostedPages.facade
/**
 * Zoho Billing invoices: `list`, `get`, `create`, `update`, `delete` and 13 other operations
 * (`updateCustomFieldInExisting`, `updateAddress`, `addAttachment`, …).
 * The `facade` of `@effect-zoho/subscriptions/generated/Invoices`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const invoices = Invoices.facade
/**
 * Zoho Billing items: `list`, `get`, `create`, `update`, `delete` and 2 other operations
 * (`markAsActive`, `markAsInactive`).
 * The `facade` of `@effect-zoho/subscriptions/generated/Items`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const items = Items.facade
/**
 * Zoho Billing payments: `get`, `create`, `update`, `delete`.
 * The `facade` of `@effect-zoho/subscriptions/generated/Payments`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const payments = Payments.facade
/**
 * Zoho Billing plans: `list`, `get`, `create`, `update`, `delete` and 2 other operations
 * (`markAsActive`, `markAsInactive`).
 * The `facade` of `@effect-zoho/subscriptions/generated/Plans`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const plans = Plans.facade
/**
 * Zoho Billing products: `list`, `get`, `create`, `update`, `delete` and 2 other operations
 * (`markAsActive`, `markAsInactive`).
 * The `facade` of `@effect-zoho/subscriptions/generated/Products`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const products = Products.facade
/**
 * Zoho Billing projects: `list`, `get`, `create`, `update`, `delete` and 13 other operations
 * (`activate`, `clone`, `listComments`, …).
 * The `facade` of `@effect-zoho/subscriptions/generated/Projects`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const projects = Projects.facade
/**
 * Zoho Billing quotes: `list`, `get`, `create`, `update`, `delete` and 14 other operations
 * (`bulkEmailMultiple`, `bulkExport`, `bulkPrint`, …).
 * The `facade` of `@effect-zoho/subscriptions/generated/Quotes`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const quotes = Quotes.facade
/**
 * Zoho Billing recurring expenses: `list`, `get`, `create`, `update`, `delete` and 4 other operations
 * (`listHistory`, `listChildExpensesCreated`, `resume`, …).
 * The `facade` of `@effect-zoho/subscriptions/generated/RecurringExpenses`: records in and out, no
 * envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const recurringExpenses = RecurringExpenses.facade
/**
 * Zoho Billing refunds: 3 operations (`getDetails`, `creditNote`, `payment`).
 * The `facade` of `@effect-zoho/subscriptions/generated/Refunds`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const refunds = Refunds.facade
/**
 * Zoho Billing settings: 4 operations (`retrieveChurnMessagePreferences`,
 * `retrieveListOfTaxAuthorities`, `retrieveListOfTaxes`, …).
 * The `facade` of `@effect-zoho/subscriptions/generated/Settings`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const settings = Settings.facade
/**
 * Zoho Billing subscriptions: `list`, `get`, `create`, `update`, `delete` and 19 other operations
 * (`changeToOnlineOfflineMode`, `buyOneTimeAddon`, `cancel`, …).
 * The `facade` of `@effect-zoho/subscriptions/generated/Subscription`: records in and out, no envelope
 * to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const subscriptions = Subscription.facade
/**
 * Zoho Billing tasks: `list`, `get`, `update`, `delete` and 1 other operation (`add`).
 * The `facade` of `@effect-zoho/subscriptions/generated/Tasks`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const tasks = Tasks.facade
/**
 * Zoho Billing time entries: `list`, `get`, `create`, `update`, `delete` and 4 other operations
 * (`bulkDelete`, `getTimer`, `stopTimer`, …).
 * The `facade` of `@effect-zoho/subscriptions/generated/TimeEntries`: records in and out, no envelope
 * to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const timeEntries = TimeEntries.facade
/**
 * Zoho Billing unbilled charges: `get`, `delete` and 1 other operation (`convertToInvoice`).
 * The `facade` of `@effect-zoho/subscriptions/generated/UnbilledCharges`: records in and out, no
 * envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const unbilledCharges = UnbilledCharges.facade

/**
 * A webhook receiver: Zoho's signature checked when `secret` is set, the event decoded with
 * Schema, and an `@effect/platform` HTTP app (see `SubscriptionsWebhook`).
 *
 * @category webhooks
 * @since 0.1.0
 */
export const webhook: (options?: SubscriptionsWebhook.Options) => SubscriptionsWebhook.Service =
  SubscriptionsWebhook.make
