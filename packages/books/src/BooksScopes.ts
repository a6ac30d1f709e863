/**
 * The OAuth scopes Books operations need, as Zoho's OpenAPI files name them
 * (`ZohoBooks.<module>.<CREATE|READ|UPDATE|DELETE>`, each operation's `security`).
 *
 * Build the `scope` list of a grant request from the calls a program makes, instead of finding
 * out one "not authorized" (code 57) at a time:
 * - {@link requiredScopes} from endpoint declarations (`@effect-zoho/books/generated/<Module>`);
 * - {@link forOperations} from operation names (`books.invoices.createInvoice`);
 * - {@link forModules} from facade module names (`"invoices"`, `"contacts"`: every scope any of
 *   the module's operations needs).
 *
 * Listing scopes loads the scope table only, never an endpoint module.
 *
 * @example
 * ```ts
 * import { BooksScopes } from "@effect-zoho/books"
 * import * as Invoices from "@effect-zoho/books/generated/Invoices"
 *
 * const exact = BooksScopes.requiredScopes([Invoices.createInvoice, Invoices.emailInvoice])
 * // ["ZohoBooks.invoices.CREATE"]
 * const broad = BooksScopes.forModules(["contacts", "invoices", "customerPayments"])
 * ```
 *
 * @since 0.1.0
 */
import type * as Endpoint from "@effect-zoho/core/Endpoint"
import * as ZohoScopes from "@effect-zoho/core/ZohoScopes"
import * as Scopes from "./generated/Scopes.js"

const sorted = (scopes: Iterable<string>): ReadonlyArray<string> => [...new Set(scopes)].sort()

/**
 * The scopes the given endpoints declare, deduplicated and sorted.
 *
 * @example
 * ```ts
 * import { BooksScopes } from "@effect-zoho/books"
 * import * as Contacts from "@effect-zoho/books/generated/Contacts"
 * import * as Invoices from "@effect-zoho/books/generated/Invoices"
 *
 * export const scopes = BooksScopes.requiredScopes([Contacts.createContact, Invoices.createInvoice, Invoices.listInvoices])
 * // ["ZohoBooks.contacts.CREATE", "ZohoBooks.invoices.CREATE", "ZohoBooks.invoices.READ"]
 * export const scopeParam = scopes.join(",")
 * ```
 *
 * @category scopes
 * @since 0.1.0
 */
export const requiredScopes: (endpoints: Iterable<Endpoint.Endpoint>) => ReadonlyArray<string> = ZohoScopes.required

/**
 * Operation name (e.g. `books.invoices.createInvoice`) → the scopes it needs.
 *
 * @category scopes
 * @since 0.1.0
 */
export const byOperation: ReadonlyMap<string, ReadonlyArray<string>> = Scopes.byOperation

/**
 * The scopes of the named operations; unknown names are ignored.
 *
 * @category scopes
 * @since 0.1.0
 */
export const forOperations = (operations: Iterable<string>): ReadonlyArray<string> =>
  ZohoScopes.forOperations(byOperation, operations)

/**
 * Facade module (`Books.<module>`) → the group its operations are named under in Zoho's files
 * (`books.<group>.<operation>`).
 *
 * @category scopes
 * @since 0.1.0
 */
export const moduleGroups = {
  bankAccounts: "bank_accounts",
  bankRules: "bank_rules",
  bankTransactions: "bank_transactions",
  baseCurrencyAdjustments: "base_currency_adjustment",
  bills: "bills",
  chartOfAccounts: "chart_of_accounts",
  contactPersons: "contact_persons",
  contacts: "contacts",
  creditNotes: "credit_notes",
  currencies: "currency",
  customModules: "custom_modules",
  customerDebitNotes: "customer_debit_notes",
  customerPayments: "customer_payments",
  deliveryChallans: "delivery_challans",
  estimates: "estimates",
  expenses: "expenses",
  fixedAssets: "fixed_assets",
  integration: "integration",
  invoices: "invoices",
  items: "items",
  journals: "journals",
  locations: "locations",
  openingBalance: "opening_balance",
  organizations: "organizations",
  priceLists: "pricelists",
  projects: "projects",
  purchaseOrders: "purchase_order",
  recurringBills: "recurring_bills",
  recurringExpenses: "recurring_expenses",
  recurringInvoices: "recurring_invoices",
  registers: "registers",
  reportingTags: "reporting_tags",
  retainerInvoices: "retainer_invoices",
  salesOrders: "sales_order",
  salesReceipts: "sales_receipt",
  tasks: "tasks",
  taxes: "taxes",
  timeEntries: "time_entries",
  transactionLocking: "transaction_locking",
  users: "users",
  vendorCredits: "vendor_credits",
  vendorPayments: "vendor_payments"
} as const

/**
 * A facade module name (`"invoices"`, `"salesOrders"`…).
 *
 * @category models
 * @since 0.1.0
 */
export type Module = keyof typeof moduleGroups

/**
 * Every scope the operations of the given facade modules need: enough for any call of
 * `Books.<module>`, so broader than {@link forOperations} of the calls actually made.
 *
 * @example
 * ```ts
 * import { BooksScopes } from "@effect-zoho/books"
 *
 * export const broad = BooksScopes.forModules(["contacts", "invoices", "customerPayments"])
 * ```
 *
 * @category scopes
 * @since 0.1.0
 */
export const forModules = (modules: Iterable<Module>): ReadonlyArray<string> => {
  const prefixes = [...modules].map((module) => `books.${moduleGroups[module]}.`)
  const scopes: Array<string> = []
  for (const [operation, needed] of byOperation) {
    if (prefixes.some((prefix) => operation.startsWith(prefix))) scopes.push(...needed)
  }
  return sorted(scopes)
}
