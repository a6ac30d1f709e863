/**
 * The Zoho products as data: base path, envelope family, organization-id rule, OAuth scope prefix
 * and default throttle policy.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as ThrottlePolicy from "./ThrottlePolicy.js"
import type { ProductId } from "./ZohoError.js"
import { ZohoConfigError } from "./ZohoError.js"

export type { ProductId } from "./ZohoError.js"

/**
 * Where a product expects the organization id: nowhere (CRM: the token is bound to one org), as
 * the `organization_id` query parameter (Books, Inventory), or in a product header (Invoice,
 * Expense, Billing).
 *
 * @since 0.1.0
 */
export type OrgIdRule =
  | { readonly _tag: "None" }
  | { readonly _tag: "Query"; readonly name: string }
  | { readonly _tag: "Header"; readonly name: string }

/** @since 0.1.0 */
export interface ZohoProduct {
  readonly id: ProductId
  readonly name: string
  /** Path below the API origin, e.g. `/crm/v8`. */
  readonly basePath: string
  /** `crm`: `data`/`info`, string codes. `finance`: `code`/`message`/`page_context`, numeric codes. */
  readonly envelope: "crm" | "finance"
  readonly orgId: OrgIdRule
  readonly scopePrefix: string
  readonly throttle: ThrottlePolicy.ThrottlePolicy
}

const query = (name: string): OrgIdRule => ({ _tag: "Query", name })
const header = (name: string): OrgIdRule => ({ _tag: "Header", name })

/** @since 0.1.0 */
export const products: Readonly<Record<ProductId, ZohoProduct>> = {
  crm: {
    id: "crm",
    name: "Zoho CRM",
    basePath: "/crm/v8",
    envelope: "crm",
    orgId: { _tag: "None" },
    scopePrefix: "ZohoCRM.",
    throttle: ThrottlePolicy.crm
  },
  books: {
    id: "books",
    name: "Zoho Books",
    basePath: "/books/v3",
    envelope: "finance",
    orgId: query("organization_id"),
    scopePrefix: "ZohoBooks.",
    throttle: ThrottlePolicy.finance
  },
  inventory: {
    id: "inventory",
    name: "Zoho Inventory",
    basePath: "/inventory/v1",
    envelope: "finance",
    orgId: query("organization_id"),
    scopePrefix: "ZohoInventory.",
    throttle: ThrottlePolicy.finance
  },
  invoice: {
    id: "invoice",
    name: "Zoho Invoice",
    basePath: "/invoice/v3",
    envelope: "finance",
    orgId: header("X-com-zoho-invoice-organizationid"),
    scopePrefix: "ZohoInvoice.",
    throttle: ThrottlePolicy.finance
  },
  expense: {
    id: "expense",
    name: "Zoho Expense",
    basePath: "/expense/v1",
    envelope: "finance",
    orgId: header("X-com-zoho-expense-organizationid"),
    scopePrefix: "ZohoExpense.",
    throttle: ThrottlePolicy.finance
  },
  billing: {
    id: "billing",
    name: "Zoho Billing (Subscriptions)",
    basePath: "/billing/v1",
    envelope: "finance",
    orgId: header("X-com-zoho-subscriptions-organizationid"),
    scopePrefix: "ZohoSubscriptions.",
    throttle: ThrottlePolicy.finance
  }
}

/** @since 0.1.0 */
export const get = (id: ProductId): ZohoProduct => products[id]

/**
 * Resolve a product from its id or a common name (`"subscriptions"` is Billing's old name).
 *
 * @since 0.1.0
 */
export const resolve = (input: string): Effect.Effect<ZohoProduct, ZohoConfigError> => {
  const key = input.trim().toLowerCase().replace(/^zoho\s*/, "")
  const id = key === "subscriptions" ? "billing" : key
  return id in products
    ? Effect.succeed(products[id as ProductId])
    : Effect.fail(
      new ZohoConfigError({
        reason: "UnknownProduct",
        message: `Unknown Zoho product "${input}"`,
        input,
        choices: [...Object.keys(products), "subscriptions"]
      })
    )
}
