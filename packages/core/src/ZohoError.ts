/**
 * Every failure @effect-zoho can produce, as one tagged union.
 *
 * Permanent failures (a revoked refresh token, an invalid client, a missing scope) are kept apart
 * from transient ones (network, 5xx, rate limits) so retry policies and users can tell them apart.
 * No error ever carries a token or a client secret.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/** Zoho products this framework speaks to. @since 0.1.0 */
export const ProductId = Schema.Literal("crm", "books", "inventory", "invoice", "expense", "billing")
/** @since 0.1.0 */
export type ProductId = typeof ProductId.Type

/**
 * Zoho answered with an error envelope: CRM `{code, details, message, status}` (string codes) or
 * the finance family's `{code, message}` (numeric codes, 0 = success).
 *
 * @since 0.1.0
 */
export class ZohoApiError extends Schema.TaggedError<ZohoApiError>("@effect-zoho/core/ZohoApiError")(
  "ZohoApiError",
  {
    product: ProductId,
    operation: Schema.String,
    status: Schema.Number,
    code: Schema.Union(Schema.String, Schema.Number),
    message: Schema.String,
    details: Schema.optional(Schema.Unknown)
  }
) {}

/**
 * A rate limit stopped the call: Zoho's 429, a local daily budget that is spent
 * (`min_calls_remaining`), or a `Retry-After` longer than `maxRetryAfter`.
 *
 * @since 0.1.0
 */
export class ZohoRateLimited extends Schema.TaggedError<ZohoRateLimited>("@effect-zoho/core/ZohoRateLimited")(
  "ZohoRateLimited",
  {
    product: ProductId,
    operation: Schema.String,
    reason: Schema.Literal("TooManyRequests", "DailyBudgetSpent", "RetryAfterTooLong"),
    /** How long Zoho (or the local budget) says to wait. */
    retryAfter: Schema.optional(Schema.DurationFromSelf),
    status: Schema.optional(Schema.Number),
    code: Schema.optional(Schema.Union(Schema.String, Schema.Number))
  }
) {}

/**
 * The API refused the access token: `INVALID_TOKEN` / `AUTHENTICATION_FAILURE` after the one
 * replay, or `OAUTH_SCOPE_MISMATCH` (with the scopes the operation needs when known).
 *
 * @since 0.1.0
 */
export class ZohoAuthError extends Schema.TaggedError<ZohoAuthError>("@effect-zoho/core/ZohoAuthError")(
  "ZohoAuthError",
  {
    reason: Schema.Literal("InvalidToken", "ScopeMismatch", "NoCredentials", "NotPersistable"),
    product: Schema.optional(ProductId),
    operation: Schema.optional(Schema.String),
    message: Schema.String,
    requiredScopes: Schema.optional(Schema.Array(Schema.String))
  }
) {}

/**
 * The accounts server (`/oauth/v2/token`, revoke) refused. Zoho answers many of these with HTTP 200
 * and an `error` field; they all land here. `permanent` says whether retrying can ever help.
 *
 * @since 0.1.0
 */
export class ZohoOAuthError extends Schema.TaggedError<ZohoOAuthError>("@effect-zoho/core/ZohoOAuthError")(
  "ZohoOAuthError",
  {
    reason: Schema.Literal(
      "InvalidCode",
      "InvalidClient",
      "InvalidClientSecret",
      "InvalidRedirectUri",
      "InvalidRefreshToken",
      "AccessDenied",
      "TooManyRequests",
      "MissingOrgInfo",
      "InvalidScope",
      "Unknown"
    ),
    /** Zoho's own `error` value, e.g. `invalid_code`. */
    error: Schema.String,
    permanent: Schema.Boolean,
    status: Schema.optional(Schema.Number),
    description: Schema.optional(Schema.String)
  }
) {}

/**
 * The request never got an HTTP answer: refused, reset mid-flight, DNS, TLS, proxy.
 * `maybeProcessed` is false only when Zoho provably never saw the request (connection refused),
 * which is what lets a non-idempotent call be retried safely.
 *
 * @since 0.1.0
 */
export class ZohoTransportError extends Schema.TaggedError<ZohoTransportError>(
  "@effect-zoho/core/ZohoTransportError"
)("ZohoTransportError", {
  reason: Schema.Literal("ConnectionRefused", "ConnectionReset", "Other"),
  method: Schema.String,
  /** The URL without its query string (queries can carry tokens on the accounts server). */
  url: Schema.String,
  maybeProcessed: Schema.Boolean,
  message: Schema.String,
  cause: Schema.optional(Schema.Defect)
}) {}

/** Connecting or reading took longer than the configured timeout. @since 0.1.0 */
export class ZohoTimeoutError extends Schema.TaggedError<ZohoTimeoutError>("@effect-zoho/core/ZohoTimeoutError")(
  "ZohoTimeoutError",
  {
    phase: Schema.Literal("connect", "read"),
    method: Schema.String,
    url: Schema.String,
    timeout: Schema.DurationFromSelf
  }
) {}

/** A response did not match its Schema. Carries the raw body so nothing is lost. @since 0.1.0 */
export class ZohoDecodeError extends Schema.TaggedError<ZohoDecodeError>("@effect-zoho/core/ZohoDecodeError")(
  "ZohoDecodeError",
  {
    product: Schema.optional(ProductId),
    operation: Schema.String,
    status: Schema.Number,
    body: Schema.String,
    message: Schema.String
  }
) {}

/** Bad or missing configuration, including an unknown region (with the valid choices). @since 0.1.0 */
export class ZohoConfigError extends Schema.TaggedError<ZohoConfigError>("@effect-zoho/core/ZohoConfigError")(
  "ZohoConfigError",
  {
    reason: Schema.Literal("UnknownRegion", "UnknownProduct", "MissingOrganizationId", "InvalidInput", "Missing"),
    message: Schema.String,
    input: Schema.optional(Schema.String),
    choices: Schema.optional(Schema.Array(Schema.String))
  }
) {}

/**
 * A token store failed. `Corrupt` means the backing data exists but is not a token file we wrote
 * (it is never overwritten silently); `Unavailable` means the backend could not be reached.
 *
 * @since 0.1.0
 */
export class TokenStoreError extends Schema.TaggedError<TokenStoreError>("@effect-zoho/core/TokenStoreError")(
  "TokenStoreError",
  {
    reason: Schema.Literal("Corrupt", "Unavailable", "Permission", "Io", "Lock", "Invalid"),
    store: Schema.String,
    message: Schema.String,
    path: Schema.optional(Schema.String),
    cause: Schema.optional(Schema.Defect)
  }
) {}

/** Everything a Zoho call can fail with. @since 0.1.0 */
export type ZohoError =
  | ZohoApiError
  | ZohoRateLimited
  | ZohoAuthError
  | ZohoOAuthError
  | ZohoTransportError
  | ZohoTimeoutError
  | ZohoDecodeError
  | ZohoConfigError
  | TokenStoreError

/** Errors worth retrying for an idempotent call. @since 0.1.0 */
export const isTransient = (error: ZohoError): boolean => {
  switch (error._tag) {
    case "ZohoRateLimited":
      return error.reason === "TooManyRequests"
    case "ZohoTransportError":
    case "ZohoTimeoutError":
      return true
    case "ZohoApiError":
      return error.status >= 500
    case "ZohoOAuthError":
      return !error.permanent
    case "TokenStoreError":
      return error.reason === "Unavailable"
    default:
      return false
  }
}
