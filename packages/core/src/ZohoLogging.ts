/**
 * Logging without secrets. Zoho calls are logged through Effect's `Logger`; these helpers strip
 * tokens, codes and client secrets from URLs, headers and free text, and `layerFile` adds the
 * seed SDKs' "log to a file" option with the same redaction.
 *
 * @since 0.1.0
 */
import type * as PlatformError from "@effect/platform/Error"
import type * as FileSystem from "@effect/platform/FileSystem"
import * as Headers from "@effect/platform/Headers"
import * as PlatformLogger from "@effect/platform/PlatformLogger"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"

/**
 * What replaces a secret.
 *
 * @category redaction
 * @since 0.1.0
 */
export const redacted = "<redacted>"

/**
 * Query parameter names whose values are secrets: OAuth codes, tokens, client secrets, passwords.
 *
 * @category redaction
 * @since 0.1.0
 */
export const isSecretParam = (name: string): boolean => {
  const n = name.toLowerCase()
  return n === "code" || n === "grant_token" || /token|secret|password|passwd|apikey|api_key|signature/.test(n)
}

/**
 * Header names that carry credentials. `Authorization` is the one Zoho uses; the rest are here so
 * a proxy or a custom header never leaks either.
 *
 * @category redaction
 * @since 0.1.0
 */
export const redactedHeaderNames: ReadonlyArray<string> = [
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-api-key"
]

/**
 * @category redaction
 * @since 0.1.0
 */
export const isSecretHeader = (name: string): boolean => {
  const n = name.toLowerCase()
  return redactedHeaderNames.includes(n) || /token|secret|password/.test(n)
}

/**
 * The URL with secret query values and any `user:password@` replaced. Input that is not a URL is
 * scrubbed as text.
 *
 * @category redaction
 * @since 0.1.0
 */
export const redactUrl = (url: string | URL): string => {
  let parsed: URL
  try {
    parsed = typeof url === "string" ? new URL(url) : new URL(url.toString())
  } catch {
    return redactText(String(url))
  }
  if (parsed.username !== "" || parsed.password !== "") {
    parsed.username = redacted
    parsed.password = ""
  }
  const keys = [...new Set(parsed.searchParams.keys())]
  for (const key of keys) {
    if (isSecretParam(key)) parsed.searchParams.set(key, redacted)
  }
  return parsed.toString().split(encodeURIComponent(redacted)).join(redacted)
}

/**
 * The headers as a plain record with credential headers replaced.
 *
 * @category redaction
 * @since 0.1.0
 */
export const redactHeaders = (
  headers: Headers.Headers | Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    out[name.toLowerCase()] = isSecretHeader(name) ? redacted : Array.isArray(value) ? value.join(", ") : String(value)
  }
  return out
}

/** Names whose values are secrets in `name=value` text and in JSON (escaped JSON included). */
const secretKey = String.raw`(?:grant_token|[a-z_]*token|[a-z_]*secret|password|passwd|pwd|api_?key)`

const textPatterns: ReadonlyArray<readonly [RegExp, string]> = [
  // `Authorization: Zoho-oauthtoken 1000.abc…` or `Bearer …`
  [/\b(Zoho-oauthtoken|Bearer)\s+[^\s"'\\,;]+/gi, `$1 ${redacted}`],
  // query strings and form bodies: `refresh_token=…&client_secret=…&code=…`
  [new RegExp(String.raw`\b(code|${secretKey})=([^&\s"'\\,;]+)`, "gi"), `$1=${redacted}`],
  // JSON, possibly escaped inside another string: `"access_token":"…"`, `\"client_secret\":\"…\"`
  [
    new RegExp(String.raw`(\\?")(${secretKey})\\?"\s*:\s*\\?"(?:[^"\\]|\\(?!"))*\\?"`, "gi"),
    `$1$2$1:$1${redacted}$1`
  ],
  // `"code": "…"` is Zoho's error code (`INVALID_DATA`) everywhere but in an OAuth grant: only
  // a value that is not an upper-case code is hidden.
  [/(\\?")code\\?"\s*:\s*\\?"(?![A-Z0-9_]*\\?")(?:[^"\\]|\\(?!"))*\\?"/g, `$1code$1:$1${redacted}$1`],
  // Zoho OAuth tokens and grant codes have a recognisable shape: `1000.<hex>.<hex>`
  [/\b1000\.[0-9a-z]{8,}\.[0-9a-z]{8,}\b/gi, redacted]
]

/**
 * Free text with anything that looks like a token, code or secret replaced: defence in depth for
 * log lines and error messages built from bodies.
 *
 * @category redaction
 * @since 0.1.0
 */
export const redactText = (text: string): string =>
  textPatterns.reduce((acc, [pattern, replacement]) => acc.replace(pattern, replacement), text)

/**
 * A copy of an error's cause chain that keeps what helps (name, message, code, the nested causes)
 * with the text redacted, and drops everything else: a transport's error can hold the request
 * (with its `Authorization` header), a store's error the query and its values.
 *
 * @category redaction
 * @since 0.1.0
 */
export const redactCause = (cause: unknown, depth = 0): unknown => {
  if (typeof cause === "string") return redactText(cause)
  if (typeof cause !== "object" || cause === null) return cause
  const source = cause as { readonly name?: unknown; readonly message?: unknown; readonly code?: unknown }
  const message = typeof source.message === "string" ? source.message : ""
  const copy = new Error(redactText(message))
  copy.name = typeof source.name === "string" ? source.name : "Error"
  copy.stack = `${copy.name}: ${copy.message}`
  if (typeof source.code === "string" || typeof source.code === "number") {
    Object.assign(copy, { code: source.code })
  }
  if (depth < 5 && "cause" in cause && cause.cause !== undefined) copy.cause = redactCause(cause.cause, depth + 1)
  return copy
}

/**
 * A JSON-like value with every string passed through `redactText` and the value of every
 * secret-named key replaced (for error details taken from a response body).
 *
 * @category redaction
 * @since 0.1.0
 */
export const redactValue = (value: unknown, depth = 0): unknown => {
  if (typeof value === "string") return redactText(value)
  if (typeof value !== "object" || value === null || depth > 16) return value
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) {
    out[key] = isSecretParam(key) && key.toLowerCase() !== "code" ? redacted : redactValue(v, depth + 1)
  }
  return out
}

/**
 * Make sure the platform's own HTTP logging and span attributes redact every credential header
 * (the platform already redacts `authorization`; this adds the rest, keeping what was there).
 *
 * @category redaction
 * @since 0.1.0
 */
export const withRedactedHeaders = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.locallyWith(effect, Headers.currentRedactedNames, withZohoNames)

/** The last list extended and its extension: the same list is extended on every call. */
let lastNames: ReadonlyArray<string | RegExp> | undefined
let lastExtended: ReadonlyArray<string | RegExp> = []

const withZohoNames = (names: ReadonlyArray<string | RegExp>): ReadonlyArray<string | RegExp> => {
  if (names !== lastNames) {
    lastExtended = [...names, ...redactedHeaderNames.filter((n) => !names.includes(n))]
    lastNames = names
  }
  return lastExtended
}

/**
 * Only log at `level` or above (e.g. `LogLevel.Debug` to see one line per Zoho call).
 *
 * @category layers
 * @since 0.1.0
 */
export const layerLevel = (level: LogLevel.LogLevel): Layer.Layer<never> => Logger.minimumLogLevel(level)

/**
 * A logfmt logger whose lines pass through `redactText`.
 *
 * @category redaction
 * @since 0.1.0
 */
export const redactingLogger: Logger.Logger<unknown, string> = Logger.map(Logger.logfmtLogger, redactText)

/**
 * Also write log lines at `level` or above (default `Info`) to the file at `path`, appending,
 * redacted like every other line. Lines are batched and flushed when the layer's scope closes.
 * The global minimum log level still applies: combine with `layerLevel(LogLevel.Debug)` to see
 * per-call lines.
 *
 * @category layers
 * @since 0.1.0
 */
export const layerFile = (
  path: string,
  level: LogLevel.LogLevel = LogLevel.Info
): Layer.Layer<never, PlatformError.PlatformError, FileSystem.FileSystem> =>
  Logger.addScoped(
    redactingLogger.pipe(
      PlatformLogger.toFile(path, { flag: "a" }),
      Effect.map((logger) => Logger.filterLogLevel(logger, (l) => LogLevel.greaterThanEqual(l, level)))
    )
  )
