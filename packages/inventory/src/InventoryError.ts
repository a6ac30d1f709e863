/**
 * Zoho Inventory's numeric error codes by name, beside core's finance table (which decides what
 * the client does with a code: replay, wait, fail). This module only names and explains codes, so
 * a program can branch on `InventoryError.is(error, "NOT_FOUND")` instead of a bare `1002`.
 *
 * Evidence, per entry (`confidence`):
 * - `documented`: on Zoho's Inventory "Errors" page (https://www.zoho.com/inventory/api/v1/errors/),
 *   or on the same page of Books and Invoice, which share Inventory's platform and envelope;
 * - `reported`: seen in third-party clients or troubleshooting notes, not in Zoho's docs (see
 *   `zoho-api-facts.md` §4.2); kept because Inventory answers them, but the wording may differ.
 *
 * @example
 * ```ts
 * import * as Inventory from "@effect-zoho/inventory/Inventory"
 * import { InventoryError } from "@effect-zoho/inventory"
 * import { Effect } from "effect"
 *
 * // A missing item is a normal outcome here: `undefined` instead of a failure.
 * const findItem = (id: string) =>
 *   Inventory.items.get(id).pipe(
 *     Effect.catchIf((error) => InventoryError.is(error, "NOT_FOUND"), () => Effect.succeed(undefined)),
 *     Effect.tapError((error) => Effect.logWarning(InventoryError.describe(error)))
 *   )
 * ```
 *
 * @since 0.1.0
 */
import type { ErrorCode } from "@effect-zoho/core/ZohoProduct"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"

/**
 * How sure the table is of an entry.
 *
 * @category models
 * @since 0.1.0
 */
export type Confidence = "documented" | "reported"

/**
 * One named code.
 *
 * @category models
 * @since 0.1.0
 */
export interface NamedCode extends ErrorCode {
  readonly code: number
  readonly confidence: Confidence
}

/**
 * Codes core's finance table does not carry, with what Inventory means by them.
 */
const inventoryOnly: ReadonlyArray<NamedCode> = [
  {
    code: 2,
    name: "INVALID_VALUE",
    meaning: "a parameter or field has an invalid value (also a missing or empty organization_id)",
    kind: "Invalid",
    confidence: "reported"
  },
  {
    code: 6041,
    name: "ORG_NOT_MEMBER",
    meaning: "the user is not a member of the organization named by organization_id",
    kind: "NotAuthorized",
    confidence: "reported"
  }
]

/** Codes of core's finance table that Zoho's finance "Errors" pages show. */
const documented = new Set<number>([0, 1000, 1002])

/**
 * Every code this package names: core's finance table (what the client acts on) and the
 * Inventory-only ones above, sorted by code.
 *
 * @category constants
 * @since 0.1.0
 */
export const codes: ReadonlyArray<NamedCode> = [
  ...ZohoProducts.inventory.errorCodes.flatMap((entry): ReadonlyArray<NamedCode> =>
    typeof entry.code === "number"
      ? [{ ...entry, code: entry.code, confidence: documented.has(entry.code) ? "documented" : "reported" }]
      : []
  ),
  ...inventoryOnly
].sort((a, b) => a.code - b.code)

/**
 * The names of {@link codes} (a test keeps the two in step).
 *
 * @category constants
 * @since 0.1.0
 */
export const names = [
  "SUCCESS",
  "INVALID_VALUE",
  "INVALID_OAUTH_TOKEN",
  "THROTTLED",
  "PER_MINUTE_LIMIT",
  "DAILY_LIMIT",
  "NOT_AUTHORIZED",
  "INTERNAL_ERROR",
  "NOT_FOUND",
  "JSON_NOT_WELL_FORMED",
  "CONCURRENCY_LIMIT",
  "ORG_NOT_MEMBER"
] as const

/**
 * A code's name, e.g. `"NOT_FOUND"`.
 *
 * @category models
 * @since 0.1.0
 */
export type Name = typeof names[number]

/**
 * The entry for a numeric code, if it is named.
 *
 * @category error codes
 * @since 0.1.0
 */
export const lookup = (code: unknown): NamedCode | undefined => codes.find((entry) => entry.code === code)

/**
 * The code a name stands for (`codeOf("NOT_FOUND")` is `1002`).
 *
 * @category error codes
 * @since 0.1.0
 */
export const codeOf = (name: Name): number | undefined => codes.find((entry) => entry.name === name)?.code

const codeField = (error: unknown): unknown =>
  typeof error === "object" && error !== null && "code" in error
    ? (error as { readonly code: unknown }).code
    : undefined

/**
 * Whether an error (a `ZohoApiError` or a `ZohoRateLimited` with a code) carries the named code.
 *
 * @example
 * ```ts
 * import * as Inventory from "@effect-zoho/inventory/Inventory"
 * import { InventoryError } from "@effect-zoho/inventory"
 * import { Effect, Option } from "effect"
 *
 * export const findItem = (id: string) =>
 *   Inventory.items.get(id).pipe(
 *     Effect.map(Option.some),
 *     Effect.catchIf((error) => InventoryError.is(error, "NOT_FOUND"), () => Effect.succeed(Option.none())),
 *     Effect.tapError((error) => Effect.logWarning(InventoryError.describe(error)))
 *   )
 * ```
 *
 * @category guards
 * @since 0.1.0
 */
export const is = (error: unknown, name: Name): boolean => {
  const code = codeField(error)
  return code !== undefined && lookup(code)?.name === name
}

const messageOf = (error: unknown): string =>
  typeof error === "object" && error !== null && "message" in error && typeof error.message === "string"
    ? error.message
    : String(error)

/**
 * One line for a log or a terminal: the error's own message, with the code's name and meaning
 * when it carries a named code (`code 1002 NOT_FOUND, the entity does not exist: …`). Secrets are
 * never part of it: core's errors hold none.
 *
 * @category error codes
 * @since 0.1.0
 */
export const describe = (error: unknown): string => {
  const code = codeField(error)
  const tag = typeof error === "object" && error !== null && "_tag" in error ? String(error._tag) : "Error"
  const entry = lookup(code)
  const named = entry === undefined
    ? code === undefined ? "" : ` (code ${String(code)})`
    : ` (code ${entry.code} ${entry.name}: ${entry.meaning})`
  return `${tag}${named}: ${messageOf(error)}`
}
