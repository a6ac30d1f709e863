/**
 * The authenticated, throttled, retrying HTTP client for every Zoho product.
 *
 * Built on `@effect/platform`'s `HttpClient` (never owns the transport): provide Node's client for
 * production or the simulator's for tests.
 *
 * Every product-specific choice comes from the request's `ZohoProduct` descriptor; the client
 * never looks at a product's name. Per call, in named steps (see {@link make}): the org id per the
 * product's rule (`resolveOrgId`), then per attempt a throttle permit (`withPermit`) around the
 * token (`withToken`) and the HTTP exchange (`exchange`, bounded by `readTimeout`), the budget
 * headers fed back to the throttle and the status read through the product's error table
 * (`classify`), one redacted log line (`withLogLine`), a 401 the table calls an invalid token
 * replayed once with a fresh one while a not-authorized 401 mints nothing (`replayRefusedToken`),
 * and 429/5xx/transport failures retried per `ZohoRetry` (`retryTransient`). One `zoho.request`
 * span per call, with a `zoho.throttle.wait` event each time the in-process throttle made it wait
 * and a `zoho.retry` event per retry; the calls, 429s, retries and throttle waits are counted in `ZohoMetrics`,
 * labelled with the call's product and operation.
 *
 * Timeouts: `readTimeout` bounds the whole exchange (connect, send, headers and, with
 * `bufferBody`, the body). A separate connect timeout belongs to the transport: with
 * `@effect/platform-node`, give `NodeHttpClient.layerUndiciWithoutDispatcher` an undici
 * `Agent({ connect: { timeout } })` as its `NodeHttpClient.Dispatcher`.
 *
 * Proxy (Node): the same way, with an undici `ProxyAgent`:
 *
 * ```ts
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { Effect, Layer } from "effect"
 * import { ProxyAgent } from "undici"
 *
 * const HttpLive = NodeHttpClient.layerUndiciWithoutDispatcher.pipe(
 *   Layer.provide(Layer.scoped(
 *     NodeHttpClient.Dispatcher,
 *     Effect.acquireRelease(
 *       Effect.sync(() => new ProxyAgent({ uri: "http://proxy.local:3128", connect: { timeout: 10_000 } })),
 *       (agent) => Effect.promise(() => agent.destroy())
 *     )
 *   ))
 * )
 * ```
 *
 * Tracing: the platform's trace-context headers (b3/traceparent) are not sent to Zoho, which
 * ignores them; spans are still recorded locally (`zoho.request`, with the platform's
 * `http.client` span per exchange below it).
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { BufferedResponse, nullBodyStatuses } from "./internal/bufferedResponse.js"
import * as internal from "./internal/http.js"
import * as Transfer from "./internal/transfer.js"
import type { AccessToken } from "./ZohoAuth.js"
import { ZohoAuth } from "./ZohoAuth.js"
import * as ZohoConfig from "./ZohoConfig.js"
import type { ZohoError } from "./ZohoError.js"
import {
  ZohoApiError,
  ZohoAuthError,
  ZohoConfigError,
  ZohoRateLimited,
  ZohoTimeoutError,
  ZohoTransportError
} from "./ZohoError.js"
import * as ZohoLogging from "./ZohoLogging.js"
import * as ZohoMetrics from "./ZohoMetrics.js"
import * as ZohoProduct from "./ZohoProduct.js"
import type { ZohoRequest } from "./ZohoRequest.js"
import * as ZohoRetry from "./ZohoRetry.js"
import type { ThrottleKey } from "./ZohoThrottle.js"
import { ZohoThrottle } from "./ZohoThrottle.js"
import type { ZohoUser } from "./ZohoUser.js"
import { organizationIdFor, throttleOrg, validateOrganizationId } from "./ZohoUser.js"

/**
 * @category models
 * @since 0.1.0
 */
export interface Service {
  /**
   * Send a request as the current user: base URL from region/api_domain, token, org id, headers,
   * throttle, retry, a 401 `INVALID_TOKEN` replay, a span and a redacted log line.
   *
   * Succeeds with the response for any status the caller must interpret (2xx, 204, 304, 4xx
   * other than 401/429); fails with a typed error for 401 after replay, 429 and 5xx after retries,
   * transport and timeout failures. Envelope decoding is the endpoint layer's job.
   */
  readonly execute: (request: ZohoRequest) => Effect.Effect<HttpClientResponse.HttpClientResponse, ZohoError>
}

/**
 * @category tags
 * @since 0.1.0
 */
export class ZohoClient extends Context.Tag("@effect-zoho/core/ZohoClient")<ZohoClient, Service>() {}

/**
 * @category models
 * @since 0.1.0
 */
export interface Options {
  /** Default `effect-zoho/0.1.0`. */
  readonly userAgent?: string | undefined
  /** Extra headers on every call (a request's own headers win). */
  readonly headers?: Readonly<Record<string, string>> | undefined
  /** Bounds each HTTP exchange; default 60 s. Fails with `ZohoTimeoutError` (phase `read`). */
  readonly readTimeout?: Duration.DurationInput | undefined
  /** Default `ZohoRetry.defaultPolicy`. */
  readonly retry?: Partial<ZohoRetry.Policy> | undefined
  /**
   * The org id when neither the request nor the user gives one: one id for every finance product,
   * or one per product.
   */
  readonly organizationId?: string | Readonly<Record<string, string | undefined>> | undefined
  /**
   * Send to the products' legacy per-product hosts (`books.zoho.com/api/v3`, …) where their
   * descriptor has one for the data center, instead of `www.zohoapis.{tld}/{product}/{version}`.
   * Default false.
   */
  readonly legacyHosts?: boolean | undefined
  /** Put (redacted, truncated) request and response bodies into the log lines. Default false. */
  readonly logBodies?: boolean | undefined
  /**
   * Read the whole body inside the exchange (default true), so `readTimeout` covers it and the
   * response can be read more than once. Set false to hand bodies out unread: then only the headers
   * are bounded by `readTimeout`, and the throttle permit is held until the body is read. A
   * request's own `bufferBody` wins: file downloads (`ZohoTransfer.Streamed`) always stream,
   * `ZohoTransfer.Buffered` ones are always read in full.
   */
  readonly bufferBody?: boolean | undefined
  /**
   * The minimum level for this client's log lines (one `Debug` line per exchange, `Info` for
   * failures), whatever the global minimum is. Default: the global minimum.
   */
  readonly logLevel?: LogLevel.LogLevel | undefined
}

/**
 * @category constants
 * @since 0.1.0
 */
export const defaultUserAgent = "effect-zoho/0.1.0"

/**
 * @category constants
 * @since 0.1.0
 */
export const defaultReadTimeout: Duration.Duration = Duration.seconds(60)

const bodyLogLimit = 2_000

const defaultOrgId = (options: Options, product: ZohoProduct.ZohoProduct): string | undefined =>
  typeof options.organizationId === "string" ? options.organizationId : options.organizationId?.[product.id]

/**
 * What an exchange came to: a response for the caller, or a 401 read through the product's error
 * table (`InvalidToken`: replay once; `NotAuthorized`: a scope or permission refusal, never a new
 * token; `Other`: a `ZohoApiError`).
 */
type Outcome =
  | { readonly _tag: "Response"; readonly response: HttpClientResponse.HttpClientResponse }
  | {
    readonly _tag: "Unauthorized"
    readonly meaning: "InvalidToken" | "NotAuthorized" | "Other"
    readonly code: string | number | undefined
    readonly message: string
  }

interface Target {
  readonly orgId: string | undefined
  readonly urlParams: Array<[string, string]>
  readonly headers: Record<string, string>
}

/**
 * Step "org id": the org id and where it goes, per the product's rule (`None`, `Query`, `Header`),
 * checked before anything is sent. An id already on the request wins, then the user's, then the
 * client's; the product's org-free paths (organization discovery) may go without one.
 */
const resolveOrgId = (
  options: Options,
  request: ZohoRequest,
  user: ZohoUser
): Effect.Effect<Target, ZohoConfigError> => {
  const product = request.product
  const urlParams = internal.urlParamsOf(request.urlParams)
  const headers: Record<string, string> = { ...request.headers }
  const rule = product.orgId
  if (rule._tag === "None") return Effect.succeed({ orgId: undefined, urlParams, headers })
  const explicit = rule._tag === "Query"
    ? urlParams.find(([name]) => name === rule.name)?.[1]
    : Object.entries(headers).find(([name]) => name.toLowerCase() === rule.name.toLowerCase())?.[1]
  if (explicit !== undefined) return Effect.succeed({ orgId: explicit, urlParams, headers })
  const orgId = organizationIdFor(user, product.id) ?? defaultOrgId(options, product)
  if (orgId === undefined) {
    if (ZohoProduct.needsNoOrgId(product, request.pathTemplate)) {
      return Effect.succeed({ orgId: undefined, urlParams, headers })
    }
    return Effect.fail(
      new ZohoConfigError({
        reason: "MissingOrganizationId",
        message: `${product.name} needs an organization id for ${request.operation}: set it on the user ` +
          `(ZohoUser organizationId), on the client (organizationId) or on the request`,
        input: product.id
      })
    )
  }
  if (rule._tag === "Query") urlParams.push([rule.name, orgId])
  else headers[rule.name] = orgId
  return Effect.succeed({ orgId, urlParams, headers })
}

/** Step "body": the one place a request body is put on the HTTP request (called by `buildRequest`). */
const setBody = (
  httpRequest: HttpClientRequest.HttpClientRequest,
  request: ZohoRequest
): Effect.Effect<HttpClientRequest.HttpClientRequest, ZohoConfigError> => {
  const body = request.body
  switch (body._tag) {
    case "None":
      return Effect.succeed(httpRequest)
    case "Json":
      return Effect.mapError(HttpClientRequest.bodyJson(httpRequest, body.value), (error) =>
        new ZohoConfigError({
          reason: "InvalidInput",
          message: `The JSON body of ${request.operation} could not be encoded: ${String(error.reason._tag)}`
        }))
    case "Form":
      return Effect.succeed(HttpClientRequest.bodyUrlParams(httpRequest, body.fields))
    case "FormData":
      return Effect.succeed(HttpClientRequest.bodyFormData(httpRequest, body.formData))
    case "Multipart":
      // Encoded to bytes here (boundary and length known) rather than handed to the transport as
      // FormData: Node's undici client cannot send the global FormData of another undici version.
      return Effect.map(
        Transfer.encodeMultipart(body.parts),
        ({ bytes, contentType }) => HttpClientRequest.bodyUint8Array(httpRequest, bytes, contentType)
      )
    case "Bytes":
      return Effect.succeed(HttpClientRequest.bodyUint8Array(httpRequest, body.bytes, body.contentType))
  }
}

/**
 * The response with its body already in memory (see `BufferedResponse`): readable any number of
 * times, and redacted like every response the client hands out.
 */
const buffer = (
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.ResponseError> => {
  if (response.status < 200 || response.status > 599) return Effect.succeed(internal.redactResponse(response))
  const request = internal.redactRequest(response.request)
  if (nullBodyStatuses.has(response.status)) {
    return Effect.succeed(new BufferedResponse(request, response, new Uint8Array(0)))
  }
  return Effect.map(response.arrayBuffer, (bytes) => new BufferedResponse(request, response, new Uint8Array(bytes)))
}

const truncate = (text: string): string =>
  text.length > bodyLogLimit ? `${text.slice(0, bodyLogLimit)}…(${text.length} chars)` : text

const requestBodyForLog = (request: ZohoRequest): string | undefined => {
  switch (request.body._tag) {
    case "Json":
      try {
        return truncate(ZohoLogging.redactText(JSON.stringify(request.body.value)))
      } catch {
        return undefined
      }
    case "Form":
      return truncate(ZohoLogging.redactText(new URLSearchParams(Object.entries(request.body.fields)).toString()))
    default:
      return undefined
  }
}

/** The failure's tag for the log line (`Unsent` wraps a failure from before the send). */
const errorTag = (error: ZohoError | ZohoRetry.Unsent<ZohoError>): string =>
  error instanceof ZohoRetry.Unsent ? error.error._tag : error._tag

/**
 * The throttle bucket of a call: Zoho limits per org per product, so the org is the call's
 * organization id when the product takes one, else what `ZohoUser.throttleOrg` says (a declared
 * `orgKey`, the org of a client-credentials `soid`, else the user).
 */
const throttleKey = (request: ZohoRequest, target: Target, user: ZohoUser): ThrottleKey => ({
  product: request.product.id,
  org: target.orgId !== undefined ? `org:${target.orgId}` : throttleOrg(user, request.product.id),
  policy: request.product.throttle,
  operation: request.operation,
  complex: request.complex
})

/** One exchange, ready to send: known only once the token (and with it the API domain) is. */
interface Prepared {
  readonly access: AccessToken
  /** Without the query string. */
  readonly url: string
  readonly httpRequest: HttpClientRequest.HttpClientRequest
}

const mapHttpError = (request: ZohoRequest, url: string) => (error: HttpClientError.HttpClientError): ZohoError => {
  if (error._tag === "RequestError") {
    if (error.reason === "Transport") {
      const { maybeProcessed, reason } = internal.classifyTransport(error)
      return new ZohoTransportError({
        reason,
        method: request.method,
        url,
        maybeProcessed,
        message: `${request.method} ${url}: ${internal.transportMessage(error)}; ${
          transportAdvice(request, maybeProcessed)
        }`
      })
    }
    return new ZohoConfigError({
      reason: "InvalidInput",
      message: `${request.operation}: the request could not be built (${error.reason})`,
      input: url
    })
  }
  // The body broke off after the headers arrived: Zoho has seen the request.
  return new ZohoTransportError({
    reason: "ConnectionReset",
    method: request.method,
    url,
    maybeProcessed: true,
    message: `${request.method} ${url}: reading the response failed (${error.reason}); ${
      transportAdvice(request, true)
    }`,
    cause: error.cause
  })
}

/** What the caller can do about a transport failure that the retry policy gave up on. */
const transportAdvice = (request: ZohoRequest, maybeProcessed: boolean): string =>
  request.idempotent || !maybeProcessed
    ? "check the network or proxy, then retry"
    : "Zoho may have processed it, so it was not retried: check before sending it again"

/**
 * The attributes of the platform's `http.client` span (OpenTelemetry's HTTP conventions), with
 * credentials redacted. The span is ours because the platform's keeps the transport's response,
 * `Authorization` header included, as its exit value.
 */
const exchangeAttributes = (prepared: Prepared, params: ReadonlyArray<readonly [string, string]>) => {
  const attributes: Record<string, unknown> = { "http.request.method": prepared.httpRequest.method }
  try {
    const url = new URL(internal.fullUrl(prepared.url, params))
    attributes["server.address"] = url.origin
    if (url.port !== "") attributes["server.port"] = Number(url.port)
    const full = ZohoLogging.redactUrl(url)
    attributes["url.full"] = full
    attributes["url.path"] = url.pathname
    attributes["url.scheme"] = url.protocol.slice(0, -1)
    // The redacted URL's query, without parsing it a third time (no fragment: we built it).
    const at = full.indexOf("?")
    if (at >= 0 && at < full.length - 1) attributes["url.query"] = decodeURIComponent(full.slice(at + 1))
  } catch {
    attributes["url.full"] = ZohoLogging.redactText(prepared.url)
  }
  for (const [name, value] of Object.entries(ZohoLogging.redactHeaders(prepared.httpRequest.headers))) {
    attributes[`http.request.header.${name}`] = value
  }
  return attributes
}

const annotateResponse = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<void> => {
  const attributes: Record<string, unknown> = { "http.response.status_code": response.status }
  const headers = ZohoLogging.redactHeaders(response.headers)
  for (const name in headers) attributes[`http.response.header.${name}`] = headers[name]
  return Effect.annotateCurrentSpan(attributes)
}

/** What the steps share: the services and the resolved options. */
interface Env {
  readonly auth: ZohoAuth["Type"]
  readonly throttle: ZohoThrottle["Type"]
  readonly http: HttpClient.HttpClient
  readonly readTimeout: Duration.Duration
  readonly bufferBody: boolean
  readonly logBodies: boolean
  readonly legacyHosts: boolean
  readonly defaultHeaders: Readonly<Record<string, string>>
  readonly retryPolicy: ZohoRetry.Policy
  readonly log: (level: "Debug" | "Info", fields: Record<string, unknown>) => Effect.Effect<void>
  /**
   * Whether a line at `level` would be written: the client's `logLevel`, else the fiber's minimum.
   * Checked before the line's fields are built, so a dropped line (every successful call at the
   * default Info minimum) costs no URL redaction, no annotations and no logger call.
   */
  readonly logs: (level: "Debug" | "Info") => Effect.Effect<boolean>
}

/** The endpoint decides for its own answers (a file streams); the client's option is the default. */
const buffers = (env: Env, request: ZohoRequest): boolean => request.bufferBody ?? env.bufferBody

/** One attempt of one call, as it goes through the steps. */
interface Call {
  readonly request: ZohoRequest
  readonly target: Target
  readonly key: ThrottleKey
  readonly attempt: number
  /** This attempt is the replay after a refused token. */
  readonly replay: boolean
}

/** A call with the token it is sent with. */
interface Authorized extends Call {
  readonly access: AccessToken
}

/** What the log line of one exchange needs, filled in as the exchange goes. */
interface Trace {
  sent: Prepared | undefined
  status: number | undefined
  responseText: string | undefined
}

/** A failure of a step: `Unsent` marks one from before the request left (retryable for a create). */
type Failure = ZohoError | ZohoRetry.Unsent<ZohoError>

/** A step of the pipeline, over what the next step gives back. */
type Step<In, A> = (call: In, trace: Trace) => Effect.Effect<A, Failure>

interface Exchanged {
  readonly access: AccessToken
  readonly response: HttpClientResponse.HttpClientResponse
}

interface Classified {
  readonly access: AccessToken
  readonly outcome: Outcome
}

/**
 * Step "build": the HTTP request for this token; its region (`api_domain`) decides the host, the
 * product's descriptor the base path (or, with `legacyHosts`, its legacy host of the data center).
 */
const buildRequest = (env: Env, call: Authorized): Effect.Effect<Prepared, ZohoConfigError> => {
  const { access, request, target } = call
  const product = request.product
  // An origin override (a link Zoho handed out) gets the token only on the region's own or a Zoho host.
  if (request.origin !== undefined) {
    const trusted = Transfer.trustOrigin(access.region, request.origin, request.operation)
    if (trusted._tag === "Left") return Effect.fail(trusted.left)
  }
  const base = request.origin !== undefined
    ? `${request.origin}${request.basePath ?? product.basePath}`
    : request.host === "upload"
    ? `${access.region.uploadUrl}${request.basePath ?? product.basePath}`
    : request.basePath !== undefined
    ? `${access.region.apiUrl}${request.basePath}`
    : ZohoProduct.baseUrl(product, access.region.apiUrl, { legacy: env.legacyHosts, dc: access.region.dc })
  const url = `${base}${request.path}`
  const httpRequest = HttpClientRequest.make(request.method)(url).pipe(
    HttpClientRequest.setUrlParams(target.urlParams),
    HttpClientRequest.setHeaders(env.defaultHeaders),
    HttpClientRequest.setHeaders(target.headers),
    HttpClientRequest.setHeader("Authorization", `Zoho-oauthtoken ${Redacted.value(access.token)}`)
  )
  return Effect.map(setBody(httpRequest, request), (withBody): Prepared => ({ access, url, httpRequest: withBody }))
}

/**
 * Step "exchange": build the request, send it, bounded by `readTimeout` and in its own span; the
 * response is redacted (and buffered unless `bufferBody` is off).
 */
const exchange = (env: Env): Step<Authorized, Exchanged> => (call, trace) =>
  Effect.gen(function*() {
    const { request, target } = call
    const prepared = yield* ZohoRetry.beforeSend(buildRequest(env, call))
    trace.sent = prepared
    const response = yield* env.http.execute(prepared.httpRequest).pipe(
      Effect.flatMap((response) =>
        buffers(env, request) ? buffer(response) : Effect.succeed(internal.redactResponse(response))
      ),
      Effect.mapError(mapHttpError(request, prepared.url)),
      Effect.timeoutFail({
        duration: env.readTimeout,
        onTimeout: () =>
          new ZohoTimeoutError({ phase: "read", method: request.method, url: prepared.url, timeout: env.readTimeout })
      }),
      Effect.tap(annotateResponse),
      Effect.withSpan(`http.client ${request.method}`, {
        kind: "client",
        // The stack would show this module, not the caller: not worth its cost on every call.
        captureStackTrace: false,
        attributes: exchangeAttributes(prepared, target.urlParams)
      })
    )
    return { access: call.access, response }
  })

/**
 * Step "token": the access token, read once the permit is granted. It is a cache hit unless the
 * token expired while the call queued: a call that queued past an expiry would otherwise carry a
 * stale token (a 401 and a replay per queued call).
 */
const withToken = <A>(env: Env, next: Step<Authorized, A>): Step<Call, A> => (call, trace) =>
  Effect.flatMap(ZohoRetry.beforeSend(env.auth.accessToken), (access) => next({ ...call, access }, trace))

/**
 * Step "permit": a throttle permit around the rest. The token is awaited first, without a permit,
 * so a slow or failing token endpoint never holds the API concurrency of calls that have one. A
 * streamed answer keeps its permit until its body is read to the end (or fails, or is
 * interrupted, or is left unread for `readTimeout`): the permit covers the whole transfer.
 */
const withPermit = <A extends { readonly response: HttpClientResponse.HttpClientResponse }>(
  env: Env,
  next: Step<Call, A>
): Step<Call, A> =>
(call, trace) =>
  Effect.zipRight(
    ZohoRetry.beforeSend(env.auth.accessToken),
    Effect.flatMap(Clock.currentTimeNanos, (askedAt) => {
      const granted = Effect.zipRight(throttleWaited(askedAt), next(call, trace))
      return buffers(env, call.request)
        ? env.throttle.withPermit(call.key, granted)
        : Transfer.withPermitUntilRead(env.throttle, call.key, granted, env.readTimeout)
    })
  )

/**
 * The time to get a permit into `ZohoMetrics.throttleWait`, measured around the throttle layer so
 * that every implementation (the Redis one too) is measured. The `zoho.throttle.wait` events come
 * from the throttle itself, which knows when it made a call wait and why.
 */
const throttleWaited = (askedAt: bigint): Effect.Effect<void> =>
  Effect.flatMap(
    Clock.currentTimeNanos,
    (now) => ZohoMetrics.recordDuration(ZohoMetrics.throttleWait, Duration.nanos(now - askedAt))
  )

/** What a 401's code means for this product (its error table, then `unknown401`). */
const unauthorizedMeaning = (
  product: ZohoProduct.ZohoProduct,
  code: string | number | undefined
): "InvalidToken" | "NotAuthorized" | "Other" => {
  const entry = ZohoProduct.errorCode(product, code)
  if (entry === undefined) return product.unknown401
  return entry.kind === "InvalidToken" || entry.kind === "NotAuthorized" ? entry.kind : "Other"
}

/** 429 codes the product's table calls a daily limit are not worth a retry within the call. */
const rateLimitReason = (
  product: ZohoProduct.ZohoProduct,
  code: string | number | undefined
): "TooManyRequests" | "DailyBudgetSpent" =>
  ZohoProduct.errorKind(product, code) === "DailyLimit"
    ? "DailyBudgetSpent"
    : "TooManyRequests"

/**
 * Step "classify": feed the budget headers to the throttle, then turn 401/429/5xx into their typed
 * meaning (the product's error table decides what a 401 is); everything else goes back to the
 * caller.
 */
const classify = (env: Env, next: Step<Call, Exchanged>): Step<Call, Classified> => (call, trace) =>
  Effect.flatMap(next(call, trace), ({ access, response }) => {
    const { key, request } = call
    trace.status = response.status
    const observation = internal.budgetObservation(response.headers)
    const observed = observation === undefined ? Effect.void : env.throttle.observe(key, observation)
    const keepText = (text: string) => {
      trace.responseText = text
    }
    // Bodies asked for in the log: a buffered body can be read here and again by the caller.
    const text = env.logBodies && buffers(env, request)
      ? Effect.map(Effect.orElseSucceed(response.text, () => ""), keepText)
      : Effect.void
    return Effect.zipRight(
      Effect.zipRight(observed, text),
      Effect.map(classifyStatus(request, response, keepText), (outcome) => ({ access, outcome }))
    )
  })

const classifyStatus = (
  request: ZohoRequest,
  response: HttpClientResponse.HttpClientResponse,
  onText: (text: string) => void
): Effect.Effect<Outcome, ZohoApiError | ZohoRateLimited> => {
  const status = response.status
  if (status !== 401 && status !== 429 && status < 500) {
    return Effect.succeed<Outcome>({ _tag: "Response", response })
  }
  return Effect.gen(function*() {
    const text = yield* Effect.orElseSucceed(response.text, () => "")
    onText(text)
    const body = internal.parseErrorBody(text)
    if (status === 401) {
      return {
        _tag: "Unauthorized",
        meaning: unauthorizedMeaning(request.product, body?.code),
        code: body?.code,
        message: body?.message ?? "Unauthorized"
      } as Outcome
    }
    if (status === 429) {
      yield* ZohoMetrics.increment(ZohoMetrics.rateLimited)
      const now = yield* Clock.currentTimeMillis
      const retryAfter = internal.parseRetryAfter(response.headers["retry-after"], now)
      return yield* new ZohoRateLimited({
        product: request.product.id,
        operation: request.operation,
        reason: rateLimitReason(request.product, body?.code),
        status,
        ...(retryAfter !== undefined ? { retryAfter } : {}),
        ...(body?.code !== undefined ? { code: body.code } : {})
      })
    }
    return yield* new ZohoApiError({
      product: request.product.id,
      operation: request.operation,
      status,
      code: body?.code ?? `HTTP_${status}`,
      message: body?.message ?? (truncate(text) || `HTTP ${status}`),
      ...(body?.details !== undefined ? { details: body.details } : {})
    })
  })
}

/** Step "log": one redacted line per exchange that was sent (nothing is logged for an unsent one). */
const withLogLine = (env: Env, next: Step<Call, Classified>) => (call: Call): Effect.Effect<Classified, Failure> =>
  Effect.gen(function*() {
    const startedAt = yield* Clock.currentTimeMillis
    const trace: Trace = { sent: undefined, status: undefined, responseText: undefined }
    const { request, target } = call
    return yield* next(call, trace).pipe(
      Effect.onExit((exit) => {
        const sent = trace.sent
        if (sent === undefined) return Effect.void
        const level = exit._tag === "Success" && exit.value.outcome._tag === "Response" ? "Debug" : "Info"
        const status = trace.status === undefined
          ? Effect.void
          : Effect.annotateCurrentSpan("http.response.status_code", trace.status)
        const line = Effect.flatMap(Clock.currentTimeMillis, (now) => {
          const fields: Record<string, unknown> = {
            "zoho.product": request.product.id,
            "zoho.operation": request.operation,
            method: request.method,
            url: ZohoLogging.redactUrl(internal.fullUrl(sent.url, target.urlParams)),
            attempt: call.attempt,
            ...(call.replay ? { replay: true } : {}),
            ...(trace.status !== undefined ? { status: trace.status } : {}),
            durationMs: now - startedAt
          }
          if (exit._tag === "Failure" && exit.cause._tag === "Fail") fields.error = errorTag(exit.cause.error)
          if (env.logBodies) {
            const requestBody = requestBodyForLog(request)
            if (requestBody !== undefined) fields.requestBody = requestBody
            if (trace.responseText !== undefined) {
              fields.responseBody = truncate(ZohoLogging.redactText(trace.responseText))
            }
          }
          return env.log(level, fields)
        })
        return Effect.zipRight(status, Effect.flatMap(env.logs(level), (on) => on ? line : Effect.void))
      })
    )
  })

/**
 * Step "replay": a 401 the product calls an invalid token drops the token and replays the call
 * once with a fresh one; a second refusal is `ZohoAuthError` `InvalidToken`. A `NotAuthorized`
 * refusal (CRM `OAUTH_SCOPE_MISMATCH`, finance 57: a missing scope or permission) is
 * `ZohoAuthError` `ScopeMismatch` naming the scopes the operation declares, and makes no token
 * request: minting cannot fix it, and Zoho caps new tokens at 10 per 10 minutes.
 */
const replayRefusedToken = (env: Env, next: (call: Call) => Effect.Effect<Classified, Failure>) =>
(
  call: Call
): Effect.Effect<HttpClientResponse.HttpClientResponse, Failure> =>
  Effect.gen(function*() {
    const { request } = call
    // The span starts with attempt 1: only a retry changes it.
    if (call.attempt !== 1) yield* Effect.annotateCurrentSpan("zoho.attempt", call.attempt)
    const { access, outcome } = yield* next(call)
    if (outcome._tag === "Response") return outcome.response
    const scopes = request.scopes ?? []
    switch (outcome.meaning) {
      case "NotAuthorized":
        return yield* new ZohoAuthError({
          reason: "ScopeMismatch",
          product: request.product.id,
          operation: request.operation,
          message: `${outcome.message} [${String(outcome.code ?? 401)}]` + (scopes.length > 0
            ? `: the operation needs ${
              scopes.join(", ")
            }; check the grant's scopes, the organization id and the data center`
            : ": check the grant's scopes, the organization id and the data center"),
          ...(scopes.length > 0 ? { requiredScopes: [...scopes] } : {})
        })
      case "Other":
        return yield* new ZohoApiError({
          product: request.product.id,
          operation: request.operation,
          status: 401,
          code: outcome.code ?? "HTTP_401",
          message: outcome.message
        })
      case "InvalidToken":
        yield* env.auth.invalidate(access.token)
        if (call.replay) {
          return yield* new ZohoAuthError({
            reason: "InvalidToken",
            product: request.product.id,
            operation: request.operation,
            message: `Zoho refused a freshly obtained token (${String(outcome.code ?? 401)}): ${outcome.message}`
          })
        }
        return yield* replayRefusedToken(env, next)({ ...call, replay: true })
    }
  })

/** Step "retry": 429, 5xx and transport failures retried per `ZohoRetry` (never a sent create). */
const retryTransient = (
  env: Env,
  attempt: (call: Call) => Effect.Effect<HttpClientResponse.HttpClientResponse, Failure>
) =>
(
  request: ZohoRequest,
  target: Target,
  key: ThrottleKey
): Effect.Effect<HttpClientResponse.HttpClientResponse, ZohoError> =>
  ZohoRetry.retry((n) => attempt({ request, target, key, attempt: n, replay: false }), {
    policy: env.retryPolicy,
    idempotent: request.idempotent
  })

/** The `outcome` label of `ZohoMetrics.calls` (see `ZohoMetrics.labels.outcome`). */
const outcomeOf = (exit: Exit.Exit<HttpClientResponse.HttpClientResponse, ZohoError>): string => {
  if (Exit.isSuccess(exit)) return exit.value.status < 400 ? "success" : "ZohoApiError"
  return ZohoMetrics.failureOutcome(exit.cause)
}

/**
 * Build the client over the current `HttpClient`, `ZohoAuth` and `ZohoThrottle`.
 *
 * A call goes through named steps, each a function of the next, the way `@effect/platform`'s
 * `HttpClient` stacks `mapRequestEffect` and `retryTransient`:
 * org id ({@link resolveOrgId}) → retry → replay → log → classify → permit → token → exchange.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (
  options: Options = {}
): Effect.Effect<Service, never, HttpClient.HttpClient | ZohoAuth | ZohoThrottle> =>
  Effect.gen(function*() {
    const auth = yield* ZohoAuth
    const throttle = yield* ZohoThrottle
    const http = (yield* HttpClient.HttpClient).pipe(
      HttpClient.withTracerDisabledWhen(() => true),
      HttpClient.withTracerPropagation(false)
    )
    const env: Env = {
      auth,
      throttle,
      http,
      readTimeout: options.readTimeout === undefined ? defaultReadTimeout : Duration.decode(options.readTimeout),
      bufferBody: options.bufferBody ?? true,
      logBodies: options.logBodies ?? false,
      legacyHosts: options.legacyHosts ?? false,
      // A request's own header of the same name wins (set after these, same lower-case name).
      defaultHeaders: { "User-Agent": options.userAgent ?? defaultUserAgent, ...options.headers },
      retryPolicy: ZohoRetry.make(options.retry),
      log: (level, fields) => {
        const line = (level === "Debug" ? Effect.logDebug("zoho.request") : Effect.logInfo("zoho.request")).pipe(
          Effect.annotateLogs(fields)
        )
        return options.logLevel === undefined ? line : Logger.withMinimumLogLevel(line, options.logLevel)
      },
      logs: (level) => {
        const lineLevel = level === "Debug" ? LogLevel.Debug : LogLevel.Info
        return options.logLevel === undefined
          ? Effect.map(
            FiberRef.get(FiberRef.currentMinimumLogLevel),
            (min) => LogLevel.greaterThanEqual(lineLevel, min)
          )
          : Effect.succeed(LogLevel.greaterThanEqual(lineLevel, options.logLevel))
      }
    }

    const send = retryTransient(
      env,
      replayRefusedToken(env, withLogLine(env, classify(env, withPermit(env, withToken(env, exchange(env))))))
    )

    const execute = (request: ZohoRequest): Effect.Effect<HttpClientResponse.HttpClientResponse, ZohoError> =>
      Effect.gen(function*() {
        const user = yield* auth.currentUser
        const target = yield* resolveOrgId(options, request, user)
        return yield* send(request, target, throttleKey(request, target, user))
      }).pipe(
        Effect.onExit((exit) =>
          ZohoMetrics.increment(ZohoMetrics.calls, { [ZohoMetrics.labels.outcome]: outcomeOf(exit) })
        ),
        ZohoMetrics.withCallLabels(request.product.id, request.operation),
        ZohoLogging.withRedactedHeaders,
        Effect.withSpan("zoho.request", {
          kind: "client",
          captureStackTrace: false,
          attributes: {
            "zoho.product": request.product.id,
            "zoho.operation": request.operation,
            "http.request.method": request.method,
            "url.template": `${request.basePath ?? request.product.basePath}${request.pathTemplate}`,
            "zoho.attempt": 1
          }
        })
      )

    return ZohoClient.of({ execute })
  })

/**
 * `ZohoClient` over the `HttpClient`, `ZohoAuth` and `ZohoThrottle` layers you provide.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (
  options: Options = {}
): Layer.Layer<ZohoClient, never, HttpClient.HttpClient | ZohoAuth | ZohoThrottle> =>
  Layer.effect(ZohoClient, make(options))

/** A positive (or, with `allowZero`, non-negative) integer variable, unset when absent. */
const boundedInteger = (name: string, allowZero: boolean): Config.Config<Option.Option<number>> =>
  Config.integer(name).pipe(
    Config.validate({
      message: `${name} must be ${allowZero ? "0 or more" : "greater than 0"}`,
      validation: (n) => allowZero ? n >= 0 : n > 0
    }),
    Config.option
  )

/**
 * Options from the environment: `ZOHO_USER_AGENT`, `ZOHO_TIMEOUT_MS` (> 0), `ZOHO_MAX_RETRIES`
 * (≥ 0), `ZOHO_MAX_RETRY_AFTER_MS` (≥ 0), `ZOHO_LOG_LEVEL` (`Debug`, `Info`, …), `ZOHO_LOG_BODIES`
 * and `ZOHO_ORG_ID` (numeric, see `ZohoConfig.organizationId`); each one unset keeps the default.
 * `overrides` win over the environment.
 *
 * @category config
 * @since 0.1.0
 */
export const config: Config.Config<Options> = Config.all({
  userAgent: Config.option(Config.string("ZOHO_USER_AGENT")),
  timeoutMs: boundedInteger("ZOHO_TIMEOUT_MS", false),
  maxRetries: boundedInteger("ZOHO_MAX_RETRIES", true),
  maxRetryAfterMs: boundedInteger("ZOHO_MAX_RETRY_AFTER_MS", true),
  logLevel: Config.option(Config.logLevel("ZOHO_LOG_LEVEL")),
  logBodies: Config.option(Config.boolean("ZOHO_LOG_BODIES")),
  organizationId: ZohoConfig.organizationId
}).pipe(
  Config.map((c): Options => {
    const retry: Partial<ZohoRetry.Policy> = {
      ...Option.match(c.maxRetries, { onNone: () => ({}), onSome: (maxRetries) => ({ maxRetries }) }),
      ...Option.match(c.maxRetryAfterMs, {
        onNone: () => ({}),
        onSome: (ms) => ({ maxRetryAfter: Duration.millis(ms) })
      })
    }
    return {
      userAgent: Option.getOrUndefined(c.userAgent),
      readTimeout: Option.getOrUndefined(Option.map(c.timeoutMs, Duration.millis)),
      retry,
      logLevel: Option.getOrUndefined(c.logLevel),
      logBodies: Option.getOrUndefined(c.logBodies),
      organizationId: Option.getOrUndefined(c.organizationId)
    }
  })
)

/** The merged options must make sense too: a bad override is as wrong as a bad variable. */
const checkOptions = (options: Options): Effect.Effect<Options, ZohoConfigError> =>
  Effect.gen(function*() {
    const invalid = (message: string, input?: string) =>
      new ZohoConfigError({ reason: "InvalidInput", message, ...(input === undefined ? {} : { input }) })
    if (options.readTimeout !== undefined) {
      const timeout = Duration.decodeUnknown(options.readTimeout)
      if (Option.isNone(timeout) || !Duration.greaterThan(timeout.value, Duration.zero)) {
        return yield* invalid("readTimeout must be a positive duration", String(options.readTimeout))
      }
    }
    const org = options.organizationId
    const orgIds = org === undefined ? [] : typeof org === "string" ? [org] : Object.values(org)
    for (const id of orgIds) {
      if (id !== undefined) yield* validateOrganizationId(id, "ZohoClient organizationId")
    }
    const maxRetries = options.retry?.maxRetries
    if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && maxRetries >= 0)) {
      return yield* invalid("retry.maxRetries must be an integer of 0 or more", String(maxRetries))
    }
    return options
  })

/**
 * `layer` with its options read from `config` (the environment by default), merged under
 * `overrides`. A bad value, from either, fails the layer with a `ZohoConfigError` (reason
 * `InvalidInput`) before any request.
 *
 * @category layers
 * @since 0.1.0
 */
export const layerConfig = (
  overrides: Options = {}
): Layer.Layer<ZohoClient, ZohoConfigError, HttpClient.HttpClient | ZohoAuth | ZohoThrottle> =>
  Layer.effect(
    ZohoClient,
    Effect.flatMap(
      Effect.mapError(config, (error) =>
        new ZohoConfigError({ reason: "InvalidInput", message: `Invalid ZohoClient configuration: ${String(error)}` })),
      (fromEnv) =>
        Effect.flatMap(
          checkOptions({
            ...stripUndefined(fromEnv),
            ...stripUndefined(overrides),
            retry: { ...fromEnv.retry, ...overrides.retry }
          }),
          make
        )
    )
  )

const stripUndefined = <A extends object>(a: A): Partial<A> =>
  Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as Partial<A>
