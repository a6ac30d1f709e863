/**
 * The accounts-server client: `POST {accountsUrl}/oauth/v2/token` for the code, refresh and
 * client-credentials grants, and `POST {accountsUrl}/oauth/v2/token/revoke`.
 *
 * Zoho reports most token errors with HTTP 200 and an `error` field, so success is decided by the
 * body (an `access_token`), never by the status. Every other answer becomes a `ZohoOAuthError`.
 * Parameters go in a form body, never the query string, so no secret ends up in a URL, a span or a
 * proxy log. Secrets stay `Redacted` in and out.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { parseRetryAfter } from "./internal/http.js"
import { ZohoConfigError, ZohoOAuthError, ZohoTimeoutError, ZohoTransportError } from "./ZohoError.js"
import * as ZohoLogging from "./ZohoLogging.js"
import * as ZohoRegion from "./ZohoRegion.js"

/**
 * A successful token response.
 *
 * @category models
 * @since 0.1.0
 */
export interface TokenResponse {
  readonly accessToken: Redacted.Redacted<string>
  /** Only the code grant (with `access_type=offline`) returns one. */
  readonly refreshToken: Option.Option<Redacted.Redacted<string>>
  /** Where this user's API calls must go, e.g. `https://www.zohoapis.eu`. */
  readonly apiDomain: Option.Option<string>
  readonly tokenType: Option.Option<string>
  /** How long the access token lives (Zoho: one hour). */
  readonly expiresIn: Duration.Duration
  readonly scope: Option.Option<string>
}

/**
 * @category models
 * @since 0.1.0
 */
export type OAuthError = ZohoOAuthError | ZohoTransportError | ZohoTimeoutError

/**
 * @category models
 * @since 0.1.0
 */
export interface ClientSecrets {
  /** The accounts server of the user's data center, e.g. `https://accounts.zoho.eu`. */
  readonly accountsUrl: string
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
}

/**
 * @category models
 * @since 0.1.0
 */
export interface Service {
  /** `grant_type=authorization_code`: trade a single-use grant code for tokens. */
  readonly exchangeCode: (
    options: ClientSecrets & {
      readonly code: Redacted.Redacted<string>
      /** Required for web apps; a self-client exchange omits it. */
      readonly redirectUri?: string | undefined
    }
  ) => Effect.Effect<TokenResponse, OAuthError>
  /** `grant_type=refresh_token`: mint a new access token. */
  readonly refresh: (
    options: ClientSecrets & { readonly refreshToken: Redacted.Redacted<string> }
  ) => Effect.Effect<TokenResponse, OAuthError>
  /** `grant_type=client_credentials` (self client). No refresh token is issued. */
  readonly clientCredentials: (
    options: ClientSecrets & {
      readonly scopes: ReadonlyArray<string>
      /** `{service}.{orgId}`, e.g. `ZohoCRM.123456`. */
      readonly soid: string
    }
  ) => Effect.Effect<TokenResponse, OAuthError>
  /** Revoke a refresh token (which also kills its access tokens) or an access token. */
  readonly revoke: (options: {
    readonly accountsUrl: string
    readonly token: Redacted.Redacted<string>
  }) => Effect.Effect<void, OAuthError>
}

/**
 * @category tags
 * @since 0.1.0
 */
export class ZohoOAuth extends Context.Tag("@effect-zoho/core/ZohoOAuth")<ZohoOAuth, Service>() {}

/**
 * @category models
 * @since 0.1.0
 */
export interface Options {
  /**
   * Give up on one accounts-server call (exchange, refresh, revoke) after this long: a
   * `ZohoTimeoutError` with phase `token`, which is transient (the calling request's retry policy
   * asks again). Default `defaultTimeout` (15 s); `ZOHO_TOKEN_TIMEOUT_MS` in `layerConfig`.
   */
  readonly timeout?: Duration.DurationInput | undefined
}

/**
 * The default `timeout`: Zoho's token endpoint answers in well under a second; 15 s leaves room
 * for a slow network while a stalled accounts server still fails every waiting call in bounded
 * time (the Node transport alone would wait for headers up to an hour).
 *
 * @category constants
 * @since 0.1.0
 */
export const defaultTimeout: Duration.Duration = Duration.seconds(15)

/**
 * How long Zoho blocks a refresh token that minted too many access tokens: its window is 10
 * minutes (facts §1.5), so without a `Retry-After` this is the longest the client may have to wait.
 *
 * @category schemas
 * @since 0.1.0
 */
export const mintWindow: Duration.Duration = Duration.minutes(10)

const Seconds = Schema.Union(Schema.Number, Schema.NumberFromString)

const SuccessBody = Schema.Struct({
  access_token: Schema.Redacted(Schema.String),
  refresh_token: Schema.optional(Schema.Redacted(Schema.String)),
  api_domain: Schema.optional(Schema.String),
  token_type: Schema.optional(Schema.String),
  expires_in: Schema.optional(Seconds),
  expires_in_sec: Schema.optional(Seconds),
  scope: Schema.optional(Schema.String)
})

const ErrorBody = Schema.Struct({
  error: Schema.optional(Schema.String),
  error_description: Schema.optional(Schema.String),
  status: Schema.optional(Schema.String),
  message: Schema.optional(Schema.String)
})

const decodeSuccess = Schema.decodeUnknownEither(SuccessBody)
const decodeError = Schema.decodeUnknownEither(ErrorBody)

/** Zoho's documented lifetime, used when a response leaves it out. */
const defaultLifetime = Duration.hours(1)

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

const parseJson = (text: string): Option.Option<unknown> => {
  try {
    return Option.some(JSON.parse(text))
  } catch {
    return Option.none()
  }
}

/** Statuses where asking again later can succeed. */
const transientStatus = (status: number) => status >= 500 || status === 408

const tooManyRequests = /too many requests|try again after/i

/**
 * What the client knows about the call an answer belongs to: the grant (Zoho answers
 * `invalid_code` for a bad grant code and for a revoked refresh token alike), the accounts server
 * that was asked, the secrets that were sent (so a proxy echoing one cannot put it into the
 * error), and a `Retry-After` header.
 *
 * @category models
 * @since 0.1.0
 */
export interface ErrorContext {
  readonly grantType?: "authorization_code" | "refresh_token" | "client_credentials" | "revoke" | undefined
  readonly accountsUrl?: string | undefined
  readonly secrets?: ReadonlyArray<string> | undefined
  readonly retryAfter?: Duration.Duration | undefined
}

/** Server text is copied into the error: clip it, and redact what looks like a secret or was sent as one. */
const scrub = (text: string | undefined, secrets: ReadonlyArray<string>): string | undefined => {
  if (text === undefined) return undefined
  const oneLine = text.replace(/\s+/g, " ").trim()
  const known = secrets.filter((secret) => secret.length >= 4).reduce(
    (acc, secret) => acc.split(secret).join(ZohoLogging.redacted),
    oneLine
  )
  const redacted = ZohoLogging.redactText(known)
  return redacted.length > 300 ? `${redacted.slice(0, 300)}…` : redacted
}

/**
 * The data center Zoho points at, when its answer names one (`accounts-server`, `location`,
 * `api_domain`, or a Zoho host in the text) and it is not the one that was asked.
 */
const dataCenterHint = (body: Record<string, unknown>, context: ErrorContext): string | undefined => {
  const asked = context.accountsUrl === undefined ? undefined : ZohoRegion.lookup(context.accountsUrl)?.dc
  const fields = ["accounts-server", "accounts_server", "accountsServer", "api_domain", "location", "dc"]
  const candidates: Array<string> = []
  for (const field of fields) {
    const value = body[field]
    if (typeof value === "string" && value.trim().length > 0) candidates.push(value)
  }
  for (const field of ["error_description", "message", "error"]) {
    const value = body[field]
    if (typeof value !== "string") continue
    for (const host of value.match(/\b(?:[a-z0-9-]+\.)*zoho(?:apis|cloud)?\.[a-z.]+[a-z]\b/gi) ?? []) {
      candidates.push(host)
    }
  }
  for (const candidate of candidates) {
    const dc = ZohoRegion.lookup(candidate)?.dc
    if (dc !== undefined && dc !== asked) return dc
  }
  return undefined
}

/**
 * Map an accounts-server error answer (the JSON body, or `undefined` when it was not JSON) to a
 * `ZohoOAuthError`. Exposed for the simulator and for callers that talk to the accounts server
 * themselves.
 *
 * @category utils
 * @since 0.1.0
 */
export const errorFromBody = (status: number, body: unknown, context: ErrorContext = {}): ZohoOAuthError => {
  const secrets = context.secrets ?? []
  const parsed = isObject(body) ? decodeError(body) : Either.left(undefined)
  const mintCapped = (fields: { error: string; description?: string | undefined }) =>
    new ZohoOAuthError({
      reason: "TooManyRequests",
      ...fields,
      ...(fields.description === undefined ? {} : { description: fields.description }),
      // Not retried by the call's policy: the window reopens minutes later (see ZohoOAuthError).
      permanent: true,
      status,
      retryAfter: context.retryAfter ?? mintWindow
    })
  if (Either.isLeft(parsed)) {
    const description = `The accounts server answered HTTP ${status} without a JSON token response`
    if (status === 429) return mintCapped({ error: `http_${status}`, description })
    return new ZohoOAuthError({
      reason: "Unknown",
      error: `http_${status}`,
      permanent: !transientStatus(status) && status >= 400,
      status,
      description
    })
  }
  const { error, error_description, message, status: bodyStatus } = parsed.right
  const description = scrub(error_description ?? message, secrets)
  const raw = scrub(error ?? (bodyStatus === "failure" ? "failure" : "missing_access_token"), secrets)!
  const code = raw.trim().toLowerCase().replace(/[\s-]+/g, "_")
  const dataCenter = dataCenterHint(body as Record<string, unknown>, context)
  const make = (reason: ZohoOAuthError["reason"], permanent: boolean) =>
    new ZohoOAuthError({
      reason,
      error: raw,
      permanent,
      status,
      ...(description !== undefined ? { description } : {}),
      ...(dataCenter !== undefined ? { dataCenter } : {})
    })
  if (status === 429 || tooManyRequests.test(`${raw} ${description ?? ""}`)) {
    return mintCapped({ error: raw, description })
  }
  switch (code) {
    case "invalid_code":
      // Zoho's answer for a revoked or unknown refresh token too (facts §1.4).
      return make(context.grantType === "refresh_token" ? "InvalidRefreshToken" : "InvalidCode", true)
    case "invalid_client":
      return make("InvalidClient", true)
    case "invalid_client_secret":
      return make("InvalidClientSecret", true)
    case "invalid_redirect_uri":
      return make("InvalidRedirectUri", true)
    case "invalid_refresh_token":
    case "invalid_token":
    case "invalid_grant":
      return make(context.grantType === "authorization_code" ? "InvalidCode" : "InvalidRefreshToken", true)
    case "access_denied":
      return make("AccessDenied", true)
    case "missing_org_info":
      return make("MissingOrgInfo", true)
    case "invalid_scope":
    case "invalid_oauthscope":
    case "scope_mismatch":
      return make("InvalidScope", true)
    default:
      // Unknown errors at HTTP 200/4xx are answers about the request itself: repeating it would
      // only burn Zoho's token-mint budget. 5xx/408 are about the server.
      return make("Unknown", !transientStatus(status))
  }
}

/**
 * Turn a token-endpoint answer (status and body text) into a `TokenResponse` or a `ZohoOAuthError`:
 * without an `access_token` it is always an error, whatever the status.
 *
 * @category constants
 * @since 0.1.0
 */
export const parseTokenResponse = (
  status: number,
  text: string,
  context: ErrorContext = {}
): Either.Either<TokenResponse, ZohoOAuthError> => {
  const json = parseJson(text)
  if (Option.isNone(json)) return Either.left(errorFromBody(status, undefined, context))
  const body = json.value
  if (!isObject(body) || typeof body.access_token !== "string" || body.access_token.length === 0) {
    return Either.left(errorFromBody(status, body, context))
  }
  const decoded = decodeSuccess(body)
  if (Either.isLeft(decoded)) {
    // The parse error would quote the body, and the body holds the token: say only what is wrong.
    return Either.left(
      new ZohoOAuthError({
        reason: "Unknown",
        error: "invalid_token_response",
        permanent: false,
        status,
        description: "The token response has an access_token but its other fields have unexpected types"
      })
    )
  }
  const b = decoded.right
  // Before late 2019 Zoho sent `expires_in` in milliseconds next to `expires_in_sec` in seconds.
  const expiresIn = b.expires_in_sec !== undefined
    ? Duration.seconds(b.expires_in_sec)
    : b.expires_in !== undefined
    ? Duration.seconds(b.expires_in)
    : defaultLifetime
  return Either.right({
    accessToken: b.access_token,
    refreshToken: Option.fromNullable(b.refresh_token),
    apiDomain: Option.fromNullable(b.api_domain).pipe(Option.filter((s) => s.length > 0)),
    tokenType: Option.fromNullable(b.token_type),
    expiresIn,
    scope: Option.fromNullable(b.scope)
  })
}

const errorCodeOf = (cause: unknown): string | undefined => {
  let current: unknown = cause
  for (let depth = 0; depth < 5 && isObject(current); depth++) {
    if (typeof current.code === "string") return current.code
    current = current.cause
  }
  return undefined
}

const transportError = (method: string, url: string, error: HttpClientError.HttpClientError): ZohoTransportError => {
  const code = error._tag === "RequestError" ? errorCodeOf(error.cause) : undefined
  const reason = code === "ECONNREFUSED" ? "ConnectionRefused" : code === "ECONNRESET" ? "ConnectionReset" : "Other"
  return new ZohoTransportError({
    reason,
    method,
    url,
    // Only a refused connection proves the accounts server never saw the request.
    maybeProcessed: reason !== "ConnectionRefused" && !(error._tag === "RequestError" && error.reason !== "Transport"),
    message: `${error._tag} (${error.reason}) calling the Zoho accounts server${code !== undefined ? `: ${code}` : ""}`
  })
}

const trimOrigin = (url: string) => url.replace(/\/+$/, "")

/**
 * Build the client over the `HttpClient` in context.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (options: Options = {}): Effect.Effect<Service, never, HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const timeout = Duration.decode(options.timeout ?? defaultTimeout)

    const post = (url: string, form: Record<string, string>) => {
      const request = HttpClientRequest.post(url).pipe(
        HttpClientRequest.acceptJson,
        HttpClientRequest.bodyUrlParams(form)
      )
      return client.execute(request).pipe(
        Effect.flatMap((response) =>
          Effect.map(response.text, (text) => ({ status: response.status, headers: response.headers, text }))
        ),
        Effect.scoped,
        Effect.mapError((e) => transportError("POST", url, e)),
        // Bounds connect, headers and body: a stalled accounts server must not hold every caller
        // waiting on this refresh.
        Effect.timeoutFail({
          duration: timeout,
          onTimeout: () => new ZohoTimeoutError({ phase: "token", method: "POST", url, timeout })
        })
      )
    }

    const retryAfterOf = (headers: Readonly<Record<string, string>>) =>
      Effect.map(Clock.currentTimeMillis, (now) => parseRetryAfter(headers["retry-after"], now))

    const token = (
      span: string,
      accountsUrl: string,
      grantType: "authorization_code" | "refresh_token" | "client_credentials",
      form: Record<string, string>
    ): Effect.Effect<TokenResponse, OAuthError> => {
      const url = `${trimOrigin(accountsUrl)}/oauth/v2/token`
      return post(url, { grant_type: grantType, ...form }).pipe(
        Effect.flatMap(({ headers, status, text }) =>
          Effect.flatMap(retryAfterOf(headers), (retryAfter) =>
            parseTokenResponse(status, text, {
              grantType,
              accountsUrl,
              secrets: Object.values(form),
              retryAfter
            }))
        ),
        Effect.withSpan(span, {
          kind: "client",
          attributes: { "zoho.oauth.grant_type": grantType, "zoho.oauth.accounts_url": trimOrigin(accountsUrl) }
        })
      )
    }

    const secrets = (o: ClientSecrets) => ({ client_id: o.clientId, client_secret: Redacted.value(o.clientSecret) })

    return ZohoOAuth.of({
      exchangeCode: (o) =>
        token("ZohoOAuth.exchangeCode", o.accountsUrl, "authorization_code", {
          ...secrets(o),
          code: Redacted.value(o.code),
          ...(o.redirectUri !== undefined ? { redirect_uri: o.redirectUri } : {})
        }),
      refresh: (o) =>
        token("ZohoOAuth.refresh", o.accountsUrl, "refresh_token", {
          ...secrets(o),
          refresh_token: Redacted.value(o.refreshToken)
        }),
      clientCredentials: (o) =>
        token("ZohoOAuth.clientCredentials", o.accountsUrl, "client_credentials", {
          ...secrets(o),
          scope: o.scopes.join(","),
          soid: o.soid
        }),
      revoke: (o) => {
        const url = `${trimOrigin(o.accountsUrl)}/oauth/v2/token/revoke`
        const token = Redacted.value(o.token)
        return post(url, { token }).pipe(
          Effect.flatMap(({ headers, status, text }): Effect.Effect<void, ZohoOAuthError> => {
            const json = parseJson(text)
            const body = Option.getOrUndefined(json)
            // Success is `{"status":"success"}`; an empty 2xx body is taken as success too.
            const failed = status >= 300 || (Option.isNone(json) && text.trim().length > 0) ||
              (isObject(body) && (body.error !== undefined || body.status === "failure"))
            if (!failed) return Effect.void
            return Effect.flatMap(retryAfterOf(headers), (retryAfter) =>
              Effect.fail(
                errorFromBody(status, body, {
                  grantType: "revoke",
                  accountsUrl: o.accountsUrl,
                  secrets: [token],
                  retryAfter
                })
              ))
          }),
          Effect.withSpan("ZohoOAuth.revoke", {
            kind: "client",
            attributes: { "zoho.oauth.accounts_url": trimOrigin(o.accountsUrl) }
          })
        )
      }
    })
  })

/**
 * The client as a layer. Provide an `HttpClient` (Node's, or the simulator's).
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: Options = {}): Layer.Layer<ZohoOAuth, never, HttpClient.HttpClient> =>
  Layer.effect(ZohoOAuth, make(options))

/**
 * Options from the environment: `ZOHO_TOKEN_TIMEOUT_MS` (a positive integer; unset keeps
 * `defaultTimeout`).
 *
 * @category config
 * @since 0.1.0
 */
export const config: Config.Config<Options> = Config.integer("ZOHO_TOKEN_TIMEOUT_MS").pipe(
  Config.validate({
    message: "ZOHO_TOKEN_TIMEOUT_MS must be a positive number of milliseconds",
    validation: (n) => n > 0
  }),
  Config.option,
  Config.map((ms): Options => ({ timeout: Option.getOrUndefined(Option.map(ms, Duration.millis)) }))
)

/**
 * `layer` with its options read from `config`, under `overrides`. A bad value is a
 * `ZohoConfigError` when the layer is built.
 *
 * @category layers
 * @since 0.1.0
 */
export const layerConfig = (
  overrides: Options = {}
): Layer.Layer<ZohoOAuth, ZohoConfigError, HttpClient.HttpClient> =>
  Layer.effect(
    ZohoOAuth,
    Effect.flatMap(
      Effect.mapError(config, (error) =>
        new ZohoConfigError({ reason: "InvalidInput", message: `Invalid ZohoOAuth configuration: ${String(error)}` })),
      (fromEnv) =>
        make({ timeout: overrides.timeout ?? fromEnv.timeout })
    )
  )
