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
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { ZohoOAuthError, ZohoTimeoutError, ZohoTransportError } from "./ZohoError.js"

/**
 * A successful token response.
 *
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

/** @since 0.1.0 */
export type OAuthError = ZohoOAuthError | ZohoTransportError | ZohoTimeoutError

/** @since 0.1.0 */
export interface ClientSecrets {
  /** The accounts server of the user's data center, e.g. `https://accounts.zoho.eu`. */
  readonly accountsUrl: string
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
}

/** @since 0.1.0 */
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

/** @since 0.1.0 */
export class ZohoOAuth extends Context.Tag("@effect-zoho/core/ZohoOAuth")<ZohoOAuth, Service>() {}

/** @since 0.1.0 */
export interface Options {
  /** Give up on one accounts-server call after this long (`ZohoTimeoutError`). No limit by default. */
  readonly timeout?: Duration.DurationInput | undefined
}

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
const transientStatus = (status: number) => status >= 500 || status === 408 || status === 429

const tooManyRequests = /too many requests|try again after/i

/** Zoho's description is its own text (never our secrets); cap it so an HTML page cannot flood logs. */
const clip = (s: string | undefined): string | undefined =>
  s === undefined ? undefined : s.length > 300 ? `${s.slice(0, 300)}…` : s

/**
 * Map an accounts-server error answer (the JSON body, or `undefined` when it was not JSON) to a
 * `ZohoOAuthError`. Exposed for the simulator and for callers that talk to the accounts server
 * themselves.
 *
 * @since 0.1.0
 */
export const errorFromBody = (status: number, body: unknown): ZohoOAuthError => {
  const parsed = isObject(body) ? decodeError(body) : Either.left(undefined)
  if (Either.isLeft(parsed)) {
    return new ZohoOAuthError({
      reason: status === 429 ? "TooManyRequests" : "Unknown",
      error: `http_${status}`,
      permanent: !transientStatus(status) && status >= 400,
      status,
      description: `The accounts server answered HTTP ${status} without a JSON token response`
    })
  }
  const { error, error_description, message, status: bodyStatus } = parsed.right
  const description = clip(error_description ?? message)
  const raw = error ?? (bodyStatus === "failure" ? "failure" : "missing_access_token")
  const code = raw.trim().toLowerCase().replace(/[\s-]+/g, "_")
  const make = (reason: ZohoOAuthError["reason"], permanent: boolean) =>
    new ZohoOAuthError({
      reason,
      error: raw,
      permanent,
      status,
      ...(description !== undefined ? { description } : {})
    })
  if (status === 429 || tooManyRequests.test(`${raw} ${description ?? ""}`)) return make("TooManyRequests", false)
  switch (code) {
    case "invalid_code":
      return make("InvalidCode", true)
    case "invalid_client":
      return make("InvalidClient", true)
    case "invalid_client_secret":
      return make("InvalidClientSecret", true)
    case "invalid_redirect_uri":
      return make("InvalidRedirectUri", true)
    case "invalid_refresh_token":
    case "invalid_token":
    case "invalid_grant":
      return make("InvalidRefreshToken", true)
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
      // only burn Zoho's token-mint budget. 5xx/408/429 are about the server.
      return make("Unknown", !transientStatus(status))
  }
}

/**
 * Turn a token-endpoint answer (status and body text) into a `TokenResponse` or a `ZohoOAuthError`:
 * without an `access_token` it is always an error, whatever the status.
 *
 * @since 0.1.0
 */
export const parseTokenResponse = (status: number, text: string): Either.Either<TokenResponse, ZohoOAuthError> => {
  const json = parseJson(text)
  if (Option.isNone(json)) return Either.left(errorFromBody(status, undefined))
  const body = json.value
  if (!isObject(body) || typeof body.access_token !== "string" || body.access_token.length === 0) {
    return Either.left(errorFromBody(status, body))
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
 * @since 0.1.0
 */
export const make = (options: Options = {}): Effect.Effect<Service, never, HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const timeout = options.timeout === undefined ? undefined : Duration.decode(options.timeout)

    const post = (url: string, form: Record<string, string>) => {
      const request = HttpClientRequest.post(url).pipe(
        HttpClientRequest.acceptJson,
        HttpClientRequest.bodyUrlParams(form)
      )
      const call = client.execute(request).pipe(
        Effect.flatMap((response) => Effect.map(response.text, (text) => ({ status: response.status, text }))),
        Effect.scoped,
        Effect.mapError((e) => transportError("POST", url, e))
      )
      return timeout === undefined ? call : call.pipe(
        Effect.timeoutFail({
          duration: timeout,
          onTimeout: () => new ZohoTimeoutError({ phase: "read", method: "POST", url, timeout })
        })
      )
    }

    const token = (
      span: string,
      accountsUrl: string,
      grantType: string,
      form: Record<string, string>
    ): Effect.Effect<TokenResponse, OAuthError> => {
      const url = `${trimOrigin(accountsUrl)}/oauth/v2/token`
      return post(url, { grant_type: grantType, ...form }).pipe(
        Effect.flatMap(({ status, text }) => parseTokenResponse(status, text)),
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
        return post(url, { token: Redacted.value(o.token) }).pipe(
          Effect.flatMap(({ status, text }): Effect.Effect<void, ZohoOAuthError> => {
            const json = parseJson(text)
            const body = Option.getOrUndefined(json)
            // Success is `{"status":"success"}`; an empty 2xx body is taken as success too.
            const failed = status >= 300 || (Option.isNone(json) && text.trim().length > 0) ||
              (isObject(body) && (body.error !== undefined || body.status === "failure"))
            return failed ? Effect.fail(errorFromBody(status, body)) : Effect.void
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
 * @since 0.1.0
 */
export const layer = (options: Options = {}): Layer.Layer<ZohoOAuth, never, HttpClient.HttpClient> =>
  Layer.effect(ZohoOAuth, make(options))
