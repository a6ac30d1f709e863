/**
 * The descriptors of the six Zoho products core knows: CRM, Books, Inventory, Invoice, Expense and
 * Billing (ex-Subscriptions). This is the only module of core that names a product; everything
 * else reads a `ZohoProduct` value. Another product is one `ZohoProduct.make` away (see
 * docs/adding-a-product.md).
 *
 * Sources: shared/zoho-api-facts.md §2 (base paths, org-id transport, scope prefixes), §4 (error
 * codes), §5 and §9 (limits).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as ThrottlePolicy from "./ThrottlePolicy.js"
import { ZohoConfigError } from "./ZohoError.js"
import type { ErrorCode, LegacyHosts, ZohoProduct } from "./ZohoProduct.js"
import { orgIdHeader, orgIdNone, orgIdQuery, unsafeMake } from "./ZohoProduct.js"

/**
 * The ids of the products core ships. Errors, keys and endpoints take any `string` id; this is for
 * code that only knows these six (the simulator, config lookups).
 *
 * @category schemas
 * @since 0.1.0
 */
export const KnownProductId = Schema.Literal("crm", "books", "inventory", "invoice", "expense", "billing")
/**
 * @category models
 * @since 0.1.0
 */
export type KnownProductId = typeof KnownProductId.Type

/**
 * The finance family's numeric codes (Books, Inventory, Invoice, Expense, Billing share the
 * platform). 14 is the code commonly reported for an invalid or expired OAuth token; it is not
 * confirmed by a stored source (facts §4.2 ❓), so a finance 401 with an unknown code is also
 * treated as a refused token (one replay), while 57 never is.
 *
 * @category error codes
 * @since 0.1.0
 */
export const financeErrorCodes: ReadonlyArray<ErrorCode> = [
  { code: 0, name: "SUCCESS", meaning: "success", kind: "Other" },
  { code: 14, name: "INVALID_OAUTH_TOKEN", meaning: "invalid or expired OAuth token", kind: "InvalidToken" },
  {
    code: 57,
    name: "NOT_AUTHORIZED",
    meaning: "you are not authorized to perform this operation (a missing scope, a wrong org id or data center)",
    kind: "NotAuthorized"
  },
  { code: 43, name: "THROTTLED", meaning: "too many requests, wait and retry", kind: "RateLimited" },
  {
    code: 44,
    name: "PER_MINUTE_LIMIT",
    meaning: "the per-minute request limit of the organization is exceeded",
    kind: "RateLimited"
  },
  {
    code: 45,
    name: "DAILY_LIMIT",
    meaning: "the daily request limit of the organization is exceeded",
    kind: "DailyLimit"
  },
  { code: 1000, name: "INTERNAL_ERROR", meaning: "internal error", kind: "Internal" },
  { code: 1002, name: "NOT_FOUND", meaning: "the entity does not exist", kind: "NotFound" },
  { code: 1038, name: "JSON_NOT_WELL_FORMED", meaning: "JSON is not well formed", kind: "Invalid" },
  {
    code: 1070,
    name: "CONCURRENCY_LIMIT",
    meaning: "too many concurrent calls for the organization",
    kind: "ConcurrencyLimit"
  }
]

/**
 * CRM's string codes (facts §4.1).
 *
 * @category error codes
 * @since 0.1.0
 */
export const crmErrorCodes: ReadonlyArray<ErrorCode> = [
  { code: "INVALID_TOKEN", name: "INVALID_TOKEN", meaning: "expired or invalid access token", kind: "InvalidToken" },
  {
    code: "AUTHENTICATION_FAILURE",
    name: "AUTHENTICATION_FAILURE",
    meaning: "authentication failed (sent instead of INVALID_TOKEN at times)",
    kind: "InvalidToken"
  },
  {
    code: "OAUTH_SCOPE_MISMATCH",
    name: "OAUTH_SCOPE_MISMATCH",
    meaning: "the token lacks a scope the operation needs",
    kind: "NotAuthorized"
  },
  {
    code: "NO_PERMISSION",
    name: "NO_PERMISSION",
    meaning: "the user's CRM profile forbids the action (not a scope problem)",
    kind: "Other"
  },
  { code: "INVALID_URL_PATTERN", name: "INVALID_URL_PATTERN", meaning: "bad path", kind: "NotFound" },
  { code: "INVALID_MODULE", name: "INVALID_MODULE", meaning: "unknown or unsupported module", kind: "Invalid" },
  { code: "INVALID_DATA", name: "INVALID_DATA", meaning: "a bad value or id", kind: "Invalid" },
  {
    code: "MANDATORY_NOT_FOUND",
    name: "MANDATORY_NOT_FOUND",
    meaning: "a mandatory field is missing",
    kind: "Invalid"
  },
  {
    code: "REQUIRED_PARAM_MISSING",
    name: "REQUIRED_PARAM_MISSING",
    meaning: "a required parameter is missing",
    kind: "Invalid"
  },
  { code: "DUPLICATE_DATA", name: "DUPLICATE_DATA", meaning: "a unique field clashes", kind: "Invalid" },
  { code: "LIMIT_EXCEEDED", name: "LIMIT_EXCEEDED", meaning: "a per-request cap is exceeded", kind: "Invalid" },
  { code: "INVALID_QUERY", name: "INVALID_QUERY", meaning: "bad search or COQL criteria", kind: "Invalid" },
  { code: "INVALID_HOST", name: "INVALID_HOST", meaning: "wrong API host", kind: "Invalid" },
  { code: "INTERNAL_ERROR", name: "INTERNAL_ERROR", meaning: "internal error", kind: "Internal" },
  {
    code: "TOO_MANY_REQUESTS",
    name: "TOO_MANY_REQUESTS",
    meaning: "credits or concurrency exhausted",
    kind: "RateLimited"
  }
]

/** `https://{sub}.zoho.{tld}` for the data centers whose legacy hosts follow the pattern. */
const legacy = (sub: string, basePath: string, tlds: Readonly<Record<string, string>>): LegacyHosts => ({
  basePath,
  origins: Object.fromEntries(Object.entries(tlds).map(([dc, tld]) => [dc, `https://${sub}.zoho.${tld}`]))
})
const legacyTlds = { US: "com", EU: "eu", IN: "in", AU: "com.au", CN: "com.cn", JP: "jp" } as const

/** Finance per-minute and concurrency defaults: 100 per minute per org, 5 in flight (free plans). */
const financeThrottle: Partial<ThrottlePolicy.ThrottlePolicy> = { requestsPerWindow: 100, maxConcurrent: 5 }

/**
 * @category products
 * @since 0.1.0
 */
export const crm: ZohoProduct = unsafeMake({
  id: "crm",
  name: "Zoho CRM",
  basePath: "/crm/v8",
  orgId: orgIdNone,
  envelope: "crmStyle",
  errorCodes: crmErrorCodes,
  unknown401: "Other",
  scopePrefix: "ZohoCRM.",
  // Credits per rolling 24 h depend on the edition: no window limit by default; the free
  // edition's concurrency, and 10 for "complex" calls (facts §5.2).
  throttle: { maxConcurrent: 5, maxConcurrentComplex: 10 },
  plans: {
    Free: { maxConcurrent: 5 },
    Standard: { maxConcurrent: 10 },
    Professional: { maxConcurrent: 15 },
    Enterprise: { maxConcurrent: 20 },
    Ultimate: { maxConcurrent: 25 }
  }
})

/**
 * @category products
 * @since 0.1.0
 */
export const books: ZohoProduct = unsafeMake({
  id: "books",
  name: "Zoho Books",
  basePath: "/books/v3",
  legacyHosts: legacy("books", "/api/v3", legacyTlds),
  orgId: orgIdQuery("organization_id"),
  orgFreePaths: ["/organizations"],
  envelope: "finance",
  errorCodes: financeErrorCodes,
  scopePrefix: "ZohoBooks.",
  // The daily budget is learned from X-Rate-Limit-* headers unless a plan is picked (facts §9).
  throttle: financeThrottle,
  plans: {
    Free: { dailyBudget: 1_000, maxConcurrent: 5 },
    Standard: { dailyBudget: 2_000, maxConcurrent: 10 },
    Professional: { dailyBudget: 5_000, maxConcurrent: 10 },
    Premium: { dailyBudget: 10_000, maxConcurrent: 10 },
    Elite: { dailyBudget: 10_000, maxConcurrent: 10 },
    Ultimate: { dailyBudget: 10_000, maxConcurrent: 10 }
  }
})

/**
 * @category products
 * @since 0.1.0
 */
export const inventory: ZohoProduct = unsafeMake({
  id: "inventory",
  name: "Zoho Inventory",
  basePath: "/inventory/v1",
  legacyHosts: legacy("inventory", "/api/v1", legacyTlds),
  orgId: orgIdQuery("organization_id"),
  orgFreePaths: ["/organizations"],
  envelope: "finance",
  errorCodes: financeErrorCodes,
  scopePrefix: "ZohoInventory.",
  throttle: financeThrottle,
  // Secondary source (facts §5.1 ❓); Premium's "75000" read as 7,500.
  plans: {
    Free: { dailyBudget: 1_000, maxConcurrent: 5 },
    Standard: { dailyBudget: 2_500, maxConcurrent: 10 },
    Professional: { dailyBudget: 5_000, maxConcurrent: 10 },
    Premium: { dailyBudget: 7_500, maxConcurrent: 10 },
    Enterprise: { dailyBudget: 10_000, maxConcurrent: 10 }
  }
})

/**
 * @category products
 * @since 0.1.0
 */
export const invoice: ZohoProduct = unsafeMake({
  id: "invoice",
  name: "Zoho Invoice",
  basePath: "/invoice/v3",
  legacyHosts: legacy("invoice", "/api/v3", { US: "com" }),
  orgId: orgIdHeader("X-com-zoho-invoice-organizationid"),
  orgFreePaths: ["/organizations"],
  envelope: "finance",
  errorCodes: financeErrorCodes,
  scopePrefix: "ZohoInvoice.",
  throttle: financeThrottle
})

/**
 * Zoho Expense. It documents both the organization query parameter and the header; the official
 * examples send the header, so this does too.
 *
 * @category products
 * @since 0.1.0
 */
export const expense: ZohoProduct = unsafeMake({
  id: "expense",
  name: "Zoho Expense",
  basePath: "/expense/v1",
  legacyHosts: legacy("expense", "/api/v1", { US: "com" }),
  orgId: orgIdHeader("X-com-zoho-expense-organizationid"),
  orgFreePaths: ["/organizations"],
  envelope: "finance",
  errorCodes: financeErrorCodes,
  scopePrefix: "ZohoExpense.",
  throttle: financeThrottle
})

/**
 * @category products
 * @since 0.1.0
 */
export const billing: ZohoProduct = unsafeMake({
  id: "billing",
  name: "Zoho Billing (Subscriptions)",
  basePath: "/billing/v1",
  legacyHosts: legacy("subscriptions", "/api/v1", legacyTlds),
  orgId: orgIdHeader("X-com-zoho-subscriptions-organizationid"),
  orgFreePaths: ["/organizations"],
  envelope: "finance",
  errorCodes: financeErrorCodes,
  scopePrefix: "ZohoSubscriptions.",
  throttle: financeThrottle
})

/**
 * Every descriptor core ships, by id.
 *
 * @category products
 * @since 0.1.0
 */
export const all: Readonly<Record<KnownProductId, ZohoProduct>> = { crm, books, inventory, invoice, expense, billing }

/** Old names still found in configs and docs. */
const aliases: Readonly<Record<string, KnownProductId>> = { subscriptions: "billing" }

/**
 * A shipped descriptor by id or name (`"Zoho Books"`, `"books"`, `"subscriptions"`).
 *
 * @category lookup
 * @since 0.1.0
 */
export const find = (input: string): Option.Option<ZohoProduct> => {
  const key = input.trim().toLowerCase().replace(/^zoho\s*/, "")
  const id = aliases[key] ?? key
  return Object.prototype.hasOwnProperty.call(all, id) ? Option.some(all[id as KnownProductId]) : Option.none()
}

/**
 * {@link find} for strings from a user or the environment: an unknown name is a
 * `ZohoConfigError` (reason `UnknownProduct`) with the choices.
 *
 * @category lookup
 * @since 0.1.0
 */
export const resolve = (input: string): Effect.Effect<ZohoProduct, ZohoConfigError> =>
  Option.match(find(input), {
    onSome: Effect.succeed,
    onNone: () =>
      Effect.fail(
        new ZohoConfigError({
          reason: "UnknownProduct",
          message: `Unknown Zoho product "${input}"`,
          input,
          choices: [...Object.keys(all), ...Object.keys(aliases)]
        })
      )
  })
