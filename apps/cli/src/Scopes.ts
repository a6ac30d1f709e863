/**
 * OAuth scopes by product: the presets `zoho auth login --product crm,books` asks for, and the
 * coverage rule `zoho doctor` checks granted scopes with. Products are the `ZohoProducts`
 * descriptors; each preset starts with its descriptor's `scopePrefix`.
 *
 * @since 0.1.0
 */
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import * as Effect from "effect/Effect"
import * as CliError from "./CliError.js"

/**
 * What each product's preset asks for: everything a CLI user does with it (read, write, metadata,
 * COQL, bulk for CRM; full access for the finance products, whose finer scopes are per module).
 *
 * @since 0.1.0
 */
export const presets: Readonly<Record<ZohoProducts.KnownProductId, ReadonlyArray<string>>> = {
  crm: [
    "ZohoCRM.modules.ALL",
    "ZohoCRM.settings.ALL",
    "ZohoCRM.users.READ",
    "ZohoCRM.org.READ",
    "ZohoCRM.coql.READ",
    "ZohoCRM.bulk.ALL",
    "ZohoSearch.securesearch.READ"
  ],
  books: ["ZohoBooks.fullaccess.all"],
  inventory: ["ZohoInventory.FullAccess.all"],
  invoice: ["ZohoInvoice.fullaccess.all"],
  expense: ["ZohoExpense.fullaccess.ALL"],
  billing: ["ZohoSubscriptions.fullaccess.all"]
}

/**
 * What `zoho doctor` requires per product: enough to read records and the metadata (CRM fields
 * for `export`, finance organizations for the org-id check). Narrower than the presets, so a
 * login with hand-picked scopes is not reported broken.
 *
 * @since 0.1.0
 */
export const minimum = (id: ZohoProducts.KnownProductId): ReadonlyArray<string> => {
  const prefix = ZohoProducts.all[id].scopePrefix
  return id === "crm" ? [`${prefix}modules.READ`, `${prefix}settings.READ`] : [`${prefix}settings.READ`]
}

/** The products by id, as a user types them (`crm,books`). @since 0.1.0 */
export const productIds = Object.keys(ZohoProducts.all) as ReadonlyArray<ZohoProducts.KnownProductId>

/** Split `a,b c` into items. @since 0.1.0 */
export const split = (text: string): ReadonlyArray<string> =>
  text.split(/[\s,]+/).map((s) => s.trim()).filter((s) => s.length > 0)

/**
 * The products a comma-separated list names; an unknown one is a usage error with the choices.
 *
 * @since 0.1.0
 */
export const products = (
  text: string
): Effect.Effect<ReadonlyArray<ZohoProducts.KnownProductId>, CliError.CliUsageError> =>
  Effect.forEach(split(text), (name) => {
    const found = ZohoProducts.find(name)
    return found._tag === "Some"
      ? Effect.succeed(found.value.id as ZohoProducts.KnownProductId)
      : Effect.fail(
        CliError.usage(`unknown product "${name}"`, `use one of: ${productIds.join(", ")}`)
      )
  })

/** The scopes of some products' presets, deduplicated. @since 0.1.0 */
export const forProducts = (ids: ReadonlyArray<ZohoProducts.KnownProductId>): ReadonlyArray<string> => [
  ...new Set(ids.flatMap((id) => presets[id]))
]

/**
 * Whether a granted scope covers a required one: compared case-insensitively segment by segment
 * (`Service.group.resource.OPERATION`), `ALL` covers any rest, and a finance `fullaccess.all`
 * covers the whole service (Zoho's documented wildcards).
 *
 * @since 0.1.0
 */
export const covers = (granted: string, required: string): boolean => {
  const g = granted.toLowerCase().split(".")
  const r = required.toLowerCase().split(".")
  if (g[0] !== r[0]) return false
  if (g.length === 3 && g[1] === "fullaccess" && g[2] === "all") return true
  for (let i = 1; i < g.length; i++) {
    if (g[i] === "all") return true
    if (i >= r.length || g[i] !== r[i]) return false
  }
  return g.length === r.length
}

/** The required scopes no granted scope covers. @since 0.1.0 */
export const missing = (granted: ReadonlyArray<string>, required: ReadonlyArray<string>): ReadonlyArray<string> =>
  required.filter((r) => !granted.some((g) => covers(g, r)))

/** The products a set of granted scopes reaches at all (any scope with the product's prefix). @since 0.1.0 */
export const reachedProducts = (granted: ReadonlyArray<string>): ReadonlyArray<ZohoProducts.KnownProductId> =>
  productIds.filter((id) => {
    const prefix = ZohoProducts.all[id].scopePrefix.toLowerCase()
    return granted.some((s) => s.toLowerCase().startsWith(prefix))
  })
