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

/** @since 0.1.0 */
export const addons = Addons.facade
/** @since 0.1.0 */
export const bankAccounts = BankAccount.facade
/** @since 0.1.0 */
export const cards = Cards.facade
/** @since 0.1.0 */
export const contactPersons = ContactPersons.facade
/** @since 0.1.0 */
export const coupons = Coupons.facade
/** @since 0.1.0 */
export const creditNotes = CreditNotes.facade
/** @since 0.1.0 */
export const customers = Customers.facade
/** @since 0.1.0 */
export const events = Events.facade
/** @since 0.1.0 */
export const expenses = Expenses.facade
/** @since 0.1.0 */
export const hostedPages = HostedPages.facade
/** @since 0.1.0 */
export const invoices = Invoices.facade
/** @since 0.1.0 */
export const items = Items.facade
/** @since 0.1.0 */
export const payments = Payments.facade
/** @since 0.1.0 */
export const plans = Plans.facade
/** @since 0.1.0 */
export const products = Products.facade
/** @since 0.1.0 */
export const projects = Projects.facade
/** @since 0.1.0 */
export const quotes = Quotes.facade
/** @since 0.1.0 */
export const recurringExpenses = RecurringExpenses.facade
/** @since 0.1.0 */
export const refunds = Refunds.facade
/** @since 0.1.0 */
export const settings = Settings.facade
/** @since 0.1.0 */
export const subscriptions = Subscription.facade
/** @since 0.1.0 */
export const tasks = Tasks.facade
/** @since 0.1.0 */
export const timeEntries = TimeEntries.facade
/** @since 0.1.0 */
export const unbilledCharges = UnbilledCharges.facade

/**
 * A webhook receiver: Zoho's signature checked when `secret` is set, the event decoded with
 * Schema, and an `@effect/platform` HTTP app (see `SubscriptionsWebhook`).
 *
 * @since 0.1.0
 */
export const webhook: (options?: SubscriptionsWebhook.Options) => SubscriptionsWebhook.Service =
  SubscriptionsWebhook.make
