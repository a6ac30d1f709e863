/**
 * Every failure @effect-zoho can produce, as one tagged union.
 *
 * Permanent failures (a revoked refresh token, an invalid client, a missing scope) are kept apart
 * from transient ones (network, 5xx, rate limits) so retry policies and users can tell them apart.
 * No error ever carries a token or a client secret: text that may come from a server (messages,
 * bodies, details) and the causes a transport or a store attaches are redacted when the error is
 * built, whoever builds it, so every rendering (`String`, `JSON.stringify`, `util.inspect`,
 * `Cause.pretty`) is safe. Every error has a one-line `message`.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"
import { redactCause, redactText, redactUrl, redactValue } from "./ZohoLogging.js"

/** Longest server text kept in a message; the rest is cut (bodies belong in logs, not messages). */
const messageLimit = 500

/** Server or transport text made safe for a message: redacted, on one line, bounded. */
const safeLine = (text: string): string => {
  const line = redactText(text).replace(/\s+/g, " ").trim()
  return line.length > messageLimit ? `${line.slice(0, messageLimit)}…` : line
}

/** `12 s`, `1.5 s`, `250 ms`, `10 min`: for messages. */
const formatDuration = (duration: Duration.Duration): string => {
  const millis = Duration.toMillis(duration)
  if (!Number.isFinite(millis)) return "forever"
  if (millis < 1_000) return `${Math.round(millis)} ms`
  if (millis < 120_000) return `${Math.round(millis / 100) / 10} s`
  return `${Math.round(millis / 6_000) / 10} min`
}

/** `crm.leads.list` whether the operation already names its product or not. */
const qualified = (product: string, operation: string): string =>
  operation.startsWith(`${product}.`) ? operation : `${product}.${operation}`

const apiErrorFields = {
  product: Schema.String,
  operation: Schema.String,
  status: Schema.Number,
  code: Schema.Union(Schema.String, Schema.Number),
  /** Zoho's message (redacted, one line). */
  message: Schema.String,
  /** Zoho's details, with secret-looking values redacted. */
  details: Schema.optional(Schema.Unknown)
}

/**
 * Zoho answered with an error envelope: CRM `{code, details, message, status}` (string codes) or
 * the finance family's `{code, message}` (numeric codes, 0 = success).
 *
 * @category errors
 * @since 0.1.0
 */
export class ZohoApiError extends Schema.TaggedError<ZohoApiError>("@effect-zoho/core/ZohoApiError")(
  "ZohoApiError",
  apiErrorFields
) {
  // Redaction runs on every construction, decoding included (a Schema class decodes through its
  // constructor), so no instance ever holds an unredacted message.
  // @effect-diagnostics-next-line overriddenSchemaConstructor:off
  constructor(props: Schema.Struct.Constructor<typeof apiErrorFields>, options?: Schema.MakeOptions) {
    super({
      ...props,
      message: safeLine(props.message),
      ...(props.details !== undefined ? { details: redactValue(props.details) } : {})
    }, options)
  }
}

/**
 * A rate limit stopped the call: Zoho's 429, a local daily budget that is spent
 * (`min_calls_remaining`), or a `Retry-After` longer than `maxRetryAfter`.
 *
 * @category errors
 * @since 0.1.0
 */
export class ZohoRateLimited extends Schema.TaggedError<ZohoRateLimited>("@effect-zoho/core/ZohoRateLimited")(
  "ZohoRateLimited",
  {
    product: Schema.String,
    operation: Schema.String,
    reason: Schema.Literal("TooManyRequests", "DailyBudgetSpent", "RetryAfterTooLong"),
    /** How long Zoho (or the local budget) says to wait. */
    retryAfter: Schema.optional(Schema.DurationFromSelf),
    status: Schema.optional(Schema.Number),
    code: Schema.optional(Schema.Union(Schema.String, Schema.Number))
  }
) {
  /** E.g. `Zoho rate limit (TooManyRequests) on crm.leads.list: retry after 12 s`. */
  override get message(): string {
    const wait = this.retryAfter === undefined ? undefined : formatDuration(this.retryAfter)
    const where = `Zoho rate limit (${this.reason}) on ${qualified(this.product, this.operation)}`
    switch (this.reason) {
      case "TooManyRequests":
        return `${where}: retry after ${wait ?? "a short wait"}`
      case "DailyBudgetSpent":
        return `${where}: the daily API budget is spent${wait === undefined ? "" : `, it resets in ${wait}`}; ` +
          `wait for the reset or lower the throttle's minCallsRemaining`
      case "RetryAfterTooLong":
        return `${where}: Zoho asks to wait ${wait ?? "longer"}, more than the retry policy's maxRetryAfter; ` +
          `retry after that wait or raise maxRetryAfter`
    }
  }
}

const authErrorFields = {
  reason: Schema.Literal("InvalidToken", "ScopeMismatch", "NoCredentials", "NotPersistable"),
  product: Schema.optional(Schema.String),
  operation: Schema.optional(Schema.String),
  message: Schema.String,
  requiredScopes: Schema.optional(Schema.Array(Schema.String))
}

/**
 * The API refused the access token: `INVALID_TOKEN` / `AUTHENTICATION_FAILURE` after the one
 * replay, or `OAUTH_SCOPE_MISMATCH` (with the scopes the operation needs when known).
 *
 * @category errors
 * @since 0.1.0
 */
export class ZohoAuthError extends Schema.TaggedError<ZohoAuthError>("@effect-zoho/core/ZohoAuthError")(
  "ZohoAuthError",
  authErrorFields
) {
  // Redaction runs on every construction, decoding included (a Schema class decodes through its
  // constructor), so no instance ever holds an unredacted message.
  // @effect-diagnostics-next-line overriddenSchemaConstructor:off
  constructor(props: Schema.Struct.Constructor<typeof authErrorFields>, options?: Schema.MakeOptions) {
    super({ ...props, message: safeLine(props.message) }, options)
  }
}

/**
 * The accounts server (`/oauth/v2/token`, revoke) refused. Zoho answers many of these with HTTP 200
 * and an `error` field; they all land here. `permanent` says whether retrying within the call's
 * retry policy can help: false for 5xx and other server trouble, true for a revoked refresh token,
 * a bad client and the mint cap (`TooManyRequests`: Zoho's window reopens only after `retryAfter`,
 * minutes away, and every early retry is one more token request against the cap).
 *
 * @category errors
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
    /** Zoho's `error_description`, clipped, with anything that looks like a secret redacted. */
    description: Schema.optional(Schema.String),
    /** `TooManyRequests`: when Zoho's 10-minute mint window reopens, as far as the client can tell. */
    retryAfter: Schema.optional(Schema.DurationFromSelf),
    /**
     * The data center Zoho says the token or client belongs to (from `accounts-server`, `location`
     * or a Zoho host in its answer), when that is not the one that was asked.
     */
    dataCenter: Schema.optional(Schema.String)
  }
) {
  /** One line: what happened, and what to do. */
  override get message(): string {
    const what = oauthReasonText[this.reason]
    const dc = this.dataCenter === undefined
      ? ""
      : ` (Zoho says this belongs to the ${this.dataCenter} data center: set ZOHO_REGION=${this.dataCenter.toLowerCase()})`
    const wait = this.retryAfter === undefined
      ? ""
      : ` (retry in ${Math.ceil(Duration.toSeconds(this.retryAfter))} s)`
    const said = this.description === undefined ? "" : `; Zoho: ${this.description}`
    const status = this.status === undefined ? "" : `, HTTP ${this.status}`
    return `${what}${wait}${dc} [${this.error}${status}]${said}`
  }
}

const oauthReasonText: Readonly<Record<ZohoOAuthError["reason"], string>> = {
  InvalidCode: "grant code invalid, expired or already used: generate a new one (codes live 2-3 minutes, single use)",
  InvalidClient: "client id unknown to this accounts server: check ZOHO_CLIENT_ID and the data center (ZOHO_REGION)",
  InvalidClientSecret: "client secret does not match the client id: check ZOHO_CLIENT_SECRET",
  InvalidRedirectUri: "redirect URI differs from the one registered for the client: check ZOHO_REDIRECT_URL",
  InvalidRefreshToken: "refresh token revoked or expired: log in again (`zoho auth login`)",
  AccessDenied: "Zoho denied the request (grant-code limit or a consent withdrawn): wait, then log in again",
  TooManyRequests:
    "Zoho's token mint cap reached (10 access tokens per refresh token per 10 minutes): share one token store between processes, or wait",
  MissingOrgInfo: "client-credentials grant without an org: set ZOHO_SOID (e.g. ZohoCRM.<org id>)",
  InvalidScope: "scope invalid or not granted: check ZOHO_SCOPES and the scopes of the grant",
  Unknown: "the Zoho accounts server refused the token request"
}

const transportErrorFields = {
  reason: Schema.Literal("ConnectionRefused", "ConnectionReset", "Other"),
  method: Schema.String,
  /** The URL without its query string (queries can carry tokens on the accounts server). */
  url: Schema.String,
  maybeProcessed: Schema.Boolean,
  message: Schema.String,
  /**
   * What the transport reported, reduced to names, messages and codes (redacted): the
   * transport's own error holds the request, `Authorization` header included.
   */
  cause: Schema.optional(Schema.Defect)
}

/**
 * The request never got an HTTP answer: refused, reset mid-flight, DNS, TLS, proxy.
 * `maybeProcessed` is false only when Zoho provably never saw the request (connection refused),
 * which is what lets a non-idempotent call be retried safely.
 *
 * @category errors
 * @since 0.1.0
 */
export class ZohoTransportError extends Schema.TaggedError<ZohoTransportError>(
  "@effect-zoho/core/ZohoTransportError"
)("ZohoTransportError", transportErrorFields) {
  // Redaction runs on every construction, decoding included (a Schema class decodes through its
  // constructor), so no instance ever holds an unredacted message.
  // @effect-diagnostics-next-line overriddenSchemaConstructor:off
  constructor(props: Schema.Struct.Constructor<typeof transportErrorFields>, options?: Schema.MakeOptions) {
    super({
      ...props,
      url: redactUrl(props.url),
      message: safeLine(props.message),
      ...(props.cause !== undefined ? { cause: redactCause(props.cause) } : {})
    }, options)
  }
}

/**
 * Connecting, reading, or a call to the accounts server (`token`: exchange, refresh, revoke) took
 * longer than its timeout.
 *
 * @category errors
 * @since 0.1.0
 */
export class ZohoTimeoutError extends Schema.TaggedError<ZohoTimeoutError>("@effect-zoho/core/ZohoTimeoutError")(
  "ZohoTimeoutError",
  {
    phase: Schema.Literal("connect", "read", "token"),
    method: Schema.String,
    url: Schema.String,
    timeout: Schema.DurationFromSelf
  }
) {
  /** One line: what happened, and what to do. */
  override get message(): string {
    const url = redactUrl(this.url)
    const after = formatDuration(this.timeout)
    switch (this.phase) {
      case "token":
        return `the Zoho accounts server did not answer ${this.method} ${url} within ${after}: ` +
          "check the network to it or raise ZOHO_TOKEN_TIMEOUT_MS"
      case "connect":
        return `no connection to ${url} within ${after} (${this.method}): check the network, proxy and DNS`
      case "read":
        return `no answer to ${this.method} ${url} within ${after}: retry later or raise readTimeout (ZOHO_TIMEOUT_MS)`
    }
  }
}

const decodeErrorFields = {
  product: Schema.optional(Schema.String),
  operation: Schema.String,
  status: Schema.Number,
  /** The body as received, with anything that looks like a token or secret redacted. */
  body: Schema.String,
  message: Schema.String
}

/**
 * A response did not match its Schema. Carries the body (redacted: a proxy may echo the request,
 * token included) so the mismatch can be diagnosed.
 *
 * @category errors
 * @since 0.1.0
 */
export class ZohoDecodeError extends Schema.TaggedError<ZohoDecodeError>("@effect-zoho/core/ZohoDecodeError")(
  "ZohoDecodeError",
  decodeErrorFields
) {
  // Redaction runs on every construction, decoding included (a Schema class decodes through its
  // constructor), so no instance ever holds an unredacted message.
  // @effect-diagnostics-next-line overriddenSchemaConstructor:off
  constructor(props: Schema.Struct.Constructor<typeof decodeErrorFields>, options?: Schema.MakeOptions) {
    super({ ...props, body: redactText(props.body), message: safeLine(props.message) }, options)
  }
}

/**
 * Bad or missing configuration, including an unknown region (with the valid choices).
 *
 * @category errors
 * @since 0.1.0
 */
export class ZohoConfigError extends Schema.TaggedError<ZohoConfigError>("@effect-zoho/core/ZohoConfigError")(
  "ZohoConfigError",
  {
    reason: Schema.Literal(
      "UnknownRegion",
      "UnknownProduct",
      /** A `ZohoProduct` descriptor is invalid (base path, org-id rule, …). */
      "InvalidProduct",
      "MissingOrganizationId",
      "InvalidInput",
      "Missing",
      /** A token response named an `api_domain` that is not a Zoho API host of the region. */
      "UntrustedHost"
    ),
    message: Schema.String,
    input: Schema.optional(Schema.String),
    choices: Schema.optional(Schema.Array(Schema.String))
  }
) {}

const tokenStoreErrorFields = {
  reason: Schema.Literal("Corrupt", "Unavailable", "Permission", "Io", "Lock", "Invalid"),
  store: Schema.String,
  message: Schema.String,
  path: Schema.optional(Schema.String),
  /** The backend's error reduced to names, messages and codes (redacted): it may quote a query. */
  cause: Schema.optional(Schema.Defect)
}

/**
 * A token store failed. `Corrupt` means the backing data exists but is not a token file we wrote
 * (it is never overwritten silently); `Unavailable` means the backend could not be reached.
 *
 * @category errors
 * @since 0.1.0
 */
export class TokenStoreError extends Schema.TaggedError<TokenStoreError>("@effect-zoho/core/TokenStoreError")(
  "TokenStoreError",
  tokenStoreErrorFields
) {
  // Redaction runs on every construction, decoding included (a Schema class decodes through its
  // constructor), so no instance ever holds an unredacted message.
  // @effect-diagnostics-next-line overriddenSchemaConstructor:off
  constructor(props: Schema.Struct.Constructor<typeof tokenStoreErrorFields>, options?: Schema.MakeOptions) {
    super({
      ...props,
      message: safeLine(props.message),
      ...(props.cause !== undefined ? { cause: redactCause(props.cause) } : {})
    }, options)
  }
}

/**
 * Everything a Zoho call can fail with.
 *
 * @category models
 * @since 0.1.0
 */
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

/**
 * Errors worth retrying for an idempotent call.
 *
 * @category guards
 * @since 0.1.0
 */
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
      // The mint cap reopens minutes later; retrying sooner only adds token requests to the cap.
      return !error.permanent && error.reason !== "TooManyRequests"
    case "TokenStoreError":
      return error.reason === "Unavailable"
    default:
      return false
  }
}
