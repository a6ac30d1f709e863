/**
 * Zoho Books' numeric error codes by name, and what they mean.
 *
 * Books answers every failure as `{ code, message }` with a numeric code (0 is success). Calls
 * fail with core's typed errors; this module names their codes and says what to do:
 * - {@link codes}: the table (name, meaning, HTTP status, how the client treats it, how sure we
 *   are of it); {@link names}: `BooksError.names.ORGANIZATION_NOT_ASSOCIATED === 6041`;
 * - {@link lookup} a code, {@link nameOf} an error, {@link is} a predicate for `Effect.catchIf`;
 * - {@link describe}: one line for a log or a user, with the scopes a refused call needs.
 *
 * Refusals for a missing scope (code 57) are `ZohoAuthError` `ScopeMismatch` carrying the
 * operation's scopes (`requiredScopes`, from Zoho's files); rate limits (44, 45, 1070) are
 * `ZohoRateLimited`; everything else is `ZohoApiError` with Zoho's `code`.
 *
 * Sources: Zoho's Books errors page documents the HTTP statuses and codes 0, 1000 and 1002;
 * Zoho's Books introduction documents 44, 45 and 1070 for the limits; the others are what Zoho
 * is seen to answer (support notes, client libraries, Zoho's own Deluge samples) and are marked so.
 *
 * @example
 * ```ts
 * import * as Books from "@effect-zoho/books/Books"
 * import { BooksError } from "@effect-zoho/books"
 * import { Effect } from "effect"
 *
 * export const contactOrNothing = (id: string) =>
 *   Books.contacts.get(id).pipe(
 *     Effect.map((contact) => contact.contact_name),
 *     Effect.catchIf(BooksError.is("NOT_FOUND"), () => Effect.succeed(undefined)),
 *     Effect.tapError((error) => Effect.logWarning(BooksError.describe(error)))
 *   )
 * ```
 *
 * @since 0.1.0
 */
import type { ZohoApiError, ZohoError } from "@effect-zoho/core/ZohoError"
import type { ErrorKind } from "@effect-zoho/core/ZohoProduct"
import * as BooksScopes from "./BooksScopes.js"

/**
 * How sure the table is of a code: `documented` on Zoho's pages, `observed` in Zoho's answers as
 * others report them, `unconfirmed` a plausible reading nobody has confirmed.
 *
 * @category models
 * @since 0.1.0
 */
export type Source = "documented" | "observed" | "unconfirmed"

/**
 * One Books error code.
 *
 * @category models
 * @since 0.1.0
 */
export interface Code {
  readonly code: number
  readonly name: Name
  readonly meaning: string
  /** The HTTP status Zoho sends it with. */
  readonly status: number
  /** How the client treats it (see `ZohoProduct.ErrorKind`). */
  readonly kind: ErrorKind
  /** What to do about it. */
  readonly hint: string
  readonly source: Source
}

const code = (
  code: number,
  name: Name,
  status: number,
  kind: ErrorKind,
  source: Source,
  meaning: string,
  hint: string
): Code => ({ code, name, status, kind, source, meaning, hint })

/**
 * Books' error codes.
 *
 * @category constants
 * @since 0.1.0
 */
export const codes: ReadonlyArray<Code> = [
  code(0, "SUCCESS", 200, "Other", "documented", "success", "nothing to do"),
  code(
    1000,
    "INTERNAL_ERROR",
    500,
    "Internal",
    "documented",
    "internal error",
    "retry later (idempotent calls are retried)"
  ),
  code(
    1002,
    "NOT_FOUND",
    404,
    "NotFound",
    "documented",
    "the record does not exist",
    "check the id, and the organization it belongs to"
  ),
  code(
    44,
    "PER_MINUTE_LIMIT",
    429,
    "RateLimited",
    "documented",
    "over 100 requests per minute for the organization",
    "the throttle keeps under it; share it between processes (Redis)"
  ),
  code(
    45,
    "DAILY_LIMIT",
    429,
    "DailyLimit",
    "documented",
    "the organization's daily request budget is spent",
    "wait for the reset, or pick the plan so the throttle spreads the budget"
  ),
  code(
    1070,
    "CONCURRENCY_LIMIT",
    429,
    "ConcurrencyLimit",
    "documented",
    "too many calls in flight for the organization",
    "lower the throttle's maxConcurrent (Free 5, paid 10)"
  ),
  code(
    57,
    "NOT_AUTHORIZED",
    401,
    "NotAuthorized",
    "observed",
    "not authorized for this operation",
    "grant the operation's scopes (BooksScopes), and check the organization id and data center"
  ),
  code(
    14,
    "INVALID_OAUTH_TOKEN",
    401,
    "InvalidToken",
    "unconfirmed",
    "the access token is invalid or expired",
    "the client mints a new token and replays once"
  ),
  code(
    2,
    "INVALID_VALUE",
    400,
    "Invalid",
    "observed",
    "a parameter or field has an invalid value",
    "Zoho's message names the parameter"
  ),
  code(
    4,
    "REQUIRED_FIELD_MISSING",
    400,
    "Invalid",
    "unconfirmed",
    "a required field is missing",
    "Zoho's message names the field"
  ),
  code(5, "INVALID_URL", 404, "NotFound", "observed", "no such API path", "check the path and the API version"),
  code(
    37,
    "METHOD_NOT_ALLOWED",
    405,
    "Invalid",
    "unconfirmed",
    "the HTTP method is not allowed for this path",
    "check the operation's method"
  ),
  code(
    43,
    "THROTTLED",
    429,
    "RateLimited",
    "observed",
    "too many requests, wait and retry",
    "the client waits and retries"
  ),
  code(
    1001,
    "ALREADY_EXISTS",
    400,
    "Invalid",
    "unconfirmed",
    "a record with this unique value already exists",
    "look the record up instead of creating it"
  ),
  code(
    1025,
    "INVALID_STATUS_TRANSITION",
    400,
    "Invalid",
    "unconfirmed",
    "the record's status does not allow this action",
    "read the record's status first"
  ),
  code(
    1038,
    "JSON_NOT_WELL_FORMED",
    400,
    "Invalid",
    "observed",
    "the JSON body is not well formed",
    "a client bug: report it"
  ),
  code(
    6041,
    "ORGANIZATION_NOT_ASSOCIATED",
    400,
    "Invalid",
    "observed",
    "the user does not belong to this organization",
    "list the user's organizations (Books.organizations.list) and use one of their ids"
  )
]

/**
 * Code by name: `names.NOT_FOUND === 1002`.
 *
 * @category constants
 * @since 0.1.0
 */
export const names: Readonly<Record<Name, number>> = Object.fromEntries(
  codes.map((c) => [c.name, c.code])
) as Record<Name, number>

/**
 * A code's name (`"NOT_FOUND"`, …).
 *
 * @category models
 * @since 0.1.0
 */
export type Name =
  | "SUCCESS"
  | "INTERNAL_ERROR"
  | "NOT_FOUND"
  | "PER_MINUTE_LIMIT"
  | "DAILY_LIMIT"
  | "CONCURRENCY_LIMIT"
  | "NOT_AUTHORIZED"
  | "INVALID_OAUTH_TOKEN"
  | "INVALID_VALUE"
  | "REQUIRED_FIELD_MISSING"
  | "INVALID_URL"
  | "METHOD_NOT_ALLOWED"
  | "THROTTLED"
  | "ALREADY_EXISTS"
  | "INVALID_STATUS_TRANSITION"
  | "JSON_NOT_WELL_FORMED"
  | "ORGANIZATION_NOT_ASSOCIATED"

const byCode: ReadonlyMap<number, Code> = new Map(codes.map((c) => [c.code, c]))
const byName: ReadonlyMap<Name, Code> = new Map(codes.map((c) => [c.name, c]))

/**
 * The table entry of a code (a number, or its text: `"1002"`).
 *
 * @category error codes
 * @since 0.1.0
 */
export const lookup = (code: unknown): Code | undefined => {
  const n = typeof code === "number" ? code : typeof code === "string" && /^\d+$/.test(code) ? Number(code) : NaN
  return byCode.get(n)
}

/** The Books code an error carries, if any. */
const codeOf = (error: ZohoError): number | undefined => {
  switch (error._tag) {
    case "ZohoApiError":
    case "ZohoRateLimited":
      return lookup(error.code)?.code
    case "ZohoAuthError":
      return error.reason === "ScopeMismatch" ? names.NOT_AUTHORIZED : undefined
    default:
      return undefined
  }
}

/**
 * The name of the Books code behind an error (`"ORGANIZATION_NOT_ASSOCIATED"`), if it has one:
 * a `ZohoApiError` or `ZohoRateLimited` with a known code, or a scope refusal (`NOT_AUTHORIZED`).
 *
 * @category error codes
 * @since 0.1.0
 */
export const nameOf = (error: ZohoError): Name | undefined => {
  const found = codeOf(error)
  return found === undefined ? undefined : byCode.get(found)?.name
}

/**
 * Whether an error is Zoho's answer with the named code: for `Effect.catchIf`.
 *
 * @example
 * ```ts
 * import * as Books from "@effect-zoho/books/Books"
 * import { BooksError } from "@effect-zoho/books"
 * import { Effect, Option } from "effect"
 *
 * // A missing invoice is None; every other error still fails, described in one line.
 * export const findInvoice = (id: string) =>
 *   Books.invoices.get(id).pipe(
 *     Effect.map(Option.some),
 *     Effect.catchIf(BooksError.is("NOT_FOUND"), () => Effect.succeed(Option.none())),
 *     Effect.tapError((error) => Effect.logWarning(BooksError.describe(error)))
 *   )
 * ```
 *
 * @category guards
 * @since 0.1.0
 */
export const is = (name: Name) => (error: ZohoError): error is ZohoApiError =>
  error._tag === "ZohoApiError" && lookup(error.code)?.code === byName.get(name)?.code

/**
 * The scopes a refused call needs: those the refusal carries (from the operation's declaration),
 * else those Zoho's files give its operation; empty for other errors.
 *
 * @category error codes
 * @since 0.1.0
 */
export const requiredScopes = (error: ZohoError): ReadonlyArray<string> => {
  if (error._tag !== "ZohoAuthError" || error.reason !== "ScopeMismatch") return []
  if (error.requiredScopes !== undefined && error.requiredScopes.length > 0) return error.requiredScopes
  return error.operation === undefined ? [] : BooksScopes.forOperations([error.operation])
}

/**
 * One line about an error: the code's name and meaning, where it happened, what Zoho said, and
 * what to do (for a refused scope, the scopes to grant).
 *
 * @category error codes
 * @since 0.1.0
 */
export const describe = (error: ZohoError): string => {
  const entry = byCode.get(codeOf(error) ?? NaN)
  if (entry === undefined) return `${error._tag}: ${error.message}`
  const where = "operation" in error && error.operation !== undefined ? ` on ${error.operation}` : ""
  const scopes = requiredScopes(error)
  const hint = scopes.length > 0 ? `grant ${scopes.join(", ")} (and check the organization id)` : entry.hint
  return `${entry.name} (${entry.code})${where}: ${entry.meaning}; Zoho: ${error.message} — ${hint}`
}
