/**
 * Zoho Billing (formerly Zoho Subscriptions) webhooks: check that a request came from Zoho, and
 * decode its event with Schema.
 *
 * ## What Zoho signs
 *
 * Source: "How Do I Secure My Webhooks in Zoho Billing?",
 * https://www.zoho.com/billing/kb/webhooks/securing-webhooks.html (the same page is served under
 * https://www.zoho.com/us/subscriptions/kb/webhooks/securing-webhooks.html).
 *
 * - A webhook marked "I want to secure this webhook" gets a secret token (12–50 alphanumeric
 *   characters, chosen in Settings › Automation › Webhooks).
 * - Zoho sends a hash in the `X-Zoho-Webhook-Signature` header: HMAC-SHA256, keyed with that token,
 *   of one string built from the request:
 *   1. the key-value pairs of the query string and, for an `x-www-form-urlencoded` body, of the body
 *      (decoded), sorted together by key, each written as key then value with nothing between;
 *   2. then the raw JSON body (the default payload or a customised raw JSON payload), appended as
 *      received.
 *   Zoho's example: query `subscription_id=90343&name=basic` and body
 *   `{"created_date":"2019-03-06","event_id":"5675"}` sign
 *   `namebasicsubscription_id90343{"created_date":"2019-03-06","event_id":"5675"}`.
 * - The page does not name the text encoding of the hash. Zoho's other webhook docs (Zoho Payments)
 *   and the implementations we found use lowercase hex; {@link make} accepts hex in either case
 *   and base64, and compares the digest bytes in constant time.
 *
 * The raw body must be verified as received: parsing and re-serialising JSON changes the bytes.
 *
 * Where a signature cannot be used (a proxy that rewrites the body, an older webhook), Zoho lets a
 * webhook send custom headers: `sharedSecret` checks one header against a secret instead
 * (constant time too). With neither configured, requests are decoded without any check.
 *
 * ## The event
 *
 * The default payload is Zoho's event object (`event_id`, `event_type`, `event_time`,
 * `event_source`, `data` holding the records: `data.subscription`, `data.invoice`, …). The event
 * types Zoho lists (shared/specs billing `events.yml`) decode to a {@link KnownEvent}; any other
 * type decodes to an {@link UnknownEvent} instead of failing, so a new Zoho event never breaks a
 * receiver. Every field of the payload is kept in `payload`.
 *
 * @example
 * ```ts
 * import { SubscriptionsWebhook } from "@effect-zoho/subscriptions"
 * import { Effect, Redacted } from "effect"
 *
 * const webhook = SubscriptionsWebhook.make({ secret: Redacted.make("webhooksecret123") })
 * const program = webhook.handle({
 *   body: "{\"event_id\":\"1\",\"event_type\":\"subscription_created\",\"data\":{}}",
 *   headers: { "content-type": "application/json", "x-zoho-webhook-signature": "…" }
 * }).pipe(Effect.map((event) => event._tag === "KnownEvent" ? event.event_type : "unknown"))
 * ```
 *
 * @since 0.1.0
 */
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"

/**
 * The header Zoho puts the signature in (HTTP header names are case-insensitive).
 *
 * @category constants
 * @since 0.1.0
 */
export const SIGNATURE_HEADER = "x-zoho-webhook-signature"

// ---------------------------------------------------------------------------------------------
// errors
// ---------------------------------------------------------------------------------------------

/**
 * A webhook request was refused: no signature where one is required (`MissingSignature`), a
 * signature or shared secret that does not match (`InvalidSignature`), a body that is not JSON
 * (`NotJson`), or JSON that is not a Zoho event (`InvalidPayload`). The message never quotes the
 * secret or the signature.
 *
 * @category errors
 * @since 0.1.0
 */
export class WebhookError extends Schema.TaggedError<WebhookError>("@effect-zoho/subscriptions/WebhookError")(
  "WebhookError",
  {
    reason: Schema.Literal("MissingSignature", "InvalidSignature", "NotJson", "InvalidPayload"),
    message: Schema.String
  }
) {
  /** The HTTP status a receiver answers with: 401 for the origin checks, 400 for the body. */
  get status(): 400 | 401 {
    return this.reason === "MissingSignature" || this.reason === "InvalidSignature" ? 401 : 400
  }
}

// ---------------------------------------------------------------------------------------------
// the event
// ---------------------------------------------------------------------------------------------

/**
 * The event types Zoho Billing lists (Events, "Event Types").
 *
 * @category constants
 * @since 0.1.0
 */
export const eventTypes = [
  "subscription_created",
  "trial_expiring",
  "subscription_activation",
  "subscription_ahead",
  "subscription_renewed",
  "billing_date_changed",
  "subscription_upgraded",
  "subscription_downgraded",
  "subscription_unpaid",
  "subscription_cancelled",
  "subscription_reactivated",
  "subscription_cancellation_scheduled",
  "subscription_move_to_free_scheduled",
  "subscription_expiring",
  "subscription_expired",
  "subscription_deleted",
  "invoice_created",
  "creditnote_added",
  "payment_thankyou",
  "payment_refunded",
  "payment_declined",
  "card_expired",
  "card_expiring",
  "card_deleted"
] as const

/**
 * Schema of the event types Zoho lists.
 *
 * @category schemas
 * @since 0.1.0
 */
export const KnownEventType = Schema.Literal(...eventTypes)
/**
 * An event type Zoho lists (`subscription_created`, `invoice_updated`, …).
 *
 * @category models
 * @since 0.1.0
 */
export type KnownEventType = typeof KnownEventType.Type

const knownTypes: ReadonlySet<string> = new Set(eventTypes)

/**
 * Whether Zoho lists this event type.
 *
 * @category guards
 * @since 0.1.0
 */
export const isKnownEventType = (type: string): type is KnownEventType => knownTypes.has(type)

/** Extra fields of a record are kept. */
const Open = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/** The fields a receiver usually needs, typed; every other field is kept as it came. */
const Subscription = Schema.Struct({
  subscription_id: Schema.optional(Schema.String),
  subscription_number: Schema.optional(Schema.String),
  status: Schema.optional(Schema.String),
  customer_id: Schema.optional(Schema.String),
  plan: Schema.optional(Schema.Struct({ plan_code: Schema.optional(Schema.String) }, Open))
}, Open)
const Invoice = Schema.Struct({
  invoice_id: Schema.optional(Schema.String),
  invoice_number: Schema.optional(Schema.String),
  status: Schema.optional(Schema.String),
  customer_id: Schema.optional(Schema.String)
}, Open)
const Payment = Schema.Struct({
  payment_id: Schema.optional(Schema.String),
  customer_id: Schema.optional(Schema.String)
}, Open)
const CreditNote = Schema.Struct({
  creditnote_id: Schema.optional(Schema.String),
  creditnote_number: Schema.optional(Schema.String),
  customer_id: Schema.optional(Schema.String)
}, Open)
const Customer = Schema.Struct({
  customer_id: Schema.optional(Schema.String),
  display_name: Schema.optional(Schema.String),
  email: Schema.optional(Schema.String)
}, Open)
const Card = Schema.Struct({
  card_id: Schema.optional(Schema.String),
  customer_id: Schema.optional(Schema.String)
}, Open)

/**
 * The records an event carries (`data.subscription`, `data.invoice`, …).
 *
 * @category schemas
 * @since 0.1.0
 */
export const EventData = Schema.Struct({
  subscription: Schema.optional(Subscription),
  invoice: Schema.optional(Invoice),
  payment: Schema.optional(Payment),
  creditnote: Schema.optional(CreditNote),
  customer: Schema.optional(Customer),
  card: Schema.optional(Card)
}, Open)
/**
 * The records an event carries (see the {@link EventData} schema).
 *
 * @category models
 * @since 0.1.0
 */
export type EventData = typeof EventData.Type

const envelope = {
  event_id: Schema.String,
  event_time: Schema.optional(Schema.String),
  event_source: Schema.optional(Schema.String),
  created_time: Schema.optional(Schema.String),
  data: Schema.optional(EventData),
  /** The whole payload as received (every field, including those not named here). */
  payload: Open
}

/**
 * An event of a type Zoho lists.
 *
 * @category models
 * @since 0.1.0
 */
export class KnownEvent extends Schema.TaggedClass<KnownEvent>("@effect-zoho/subscriptions/KnownEvent")(
  "KnownEvent",
  { ...envelope, event_type: KnownEventType }
) {}

/**
 * An event of a type this version does not know: kept, not refused.
 *
 * @category models
 * @since 0.1.0
 */
export class UnknownEvent extends Schema.TaggedClass<UnknownEvent>("@effect-zoho/subscriptions/UnknownEvent")(
  "UnknownEvent",
  { ...envelope, event_type: Schema.String }
) {}

/**
 * A decoded event: a {@link KnownEvent} to switch on by `event_type`, or an {@link UnknownEvent}
 * to log or ignore.
 *
 * @category models
 * @since 0.1.0
 */
export type WebhookEvent = KnownEvent | UnknownEvent

/** The payload on the wire: Zoho's event object. */
const Wire = Schema.Struct({
  event_id: Schema.Union(Schema.String, Schema.Number),
  event_type: Schema.String,
  event_time: Schema.optional(Schema.String),
  event_source: Schema.optional(Schema.String),
  created_time: Schema.optional(Schema.String),
  data: Schema.optional(Schema.Unknown)
}, Open)

/**
 * Zoho's event object → {@link KnownEvent} or {@link UnknownEvent} (by `event_type`).
 *
 * @category schemas
 * @since 0.1.0
 */
export const WebhookEvent: Schema.Schema<WebhookEvent, typeof Wire.Encoded> = Schema.transform(
  Wire,
  Schema.Union(KnownEvent, UnknownEvent),
  {
    strict: true,
    decode: (wire) => {
      const { created_time, data, event_id, event_source, event_time, event_type } = wire
      const fields = {
        event_id: String(event_id),
        ...(event_time === undefined ? {} : { event_time }),
        ...(event_source === undefined ? {} : { event_source }),
        ...(created_time === undefined ? {} : { created_time }),
        // Checked by the target schema right after: `EventData` validates what the wire leaves open.
        ...(data === undefined ? {} : { data: data as typeof EventData.Encoded }),
        payload: wire
      }
      return isKnownEventType(event_type)
        ? { _tag: "KnownEvent" as const, event_type, ...fields }
        : { _tag: "UnknownEvent" as const, event_type, ...fields }
    },
    encode: (event) => ({ ...event.payload, event_id: event.event_id, event_type: event.event_type })
  }
)

// ---------------------------------------------------------------------------------------------
// the request
// ---------------------------------------------------------------------------------------------

/**
 * A webhook request as received: the raw body (as text, before any parsing), the headers (any
 * case) and the URL or path with its query string (Zoho signs the query parameters too).
 *
 * @category models
 * @since 0.1.0
 */
export interface WebhookRequest {
  readonly body: string
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly url?: string | undefined
}

const headerOf = (request: WebhookRequest, name: string): string | undefined => {
  const wanted = name.toLowerCase()
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() === wanted && value !== undefined) return value
  }
  return undefined
}

const isForm = (request: WebhookRequest): boolean =>
  (headerOf(request, "content-type") ?? "").toLowerCase().includes("application/x-www-form-urlencoded")

const queryPairs = (url: string | undefined): Array<[string, string]> => {
  if (url === undefined) return []
  const at = url.indexOf("?")
  return at < 0 ? [] : [...new URLSearchParams(url.slice(at + 1))]
}

/**
 * The exact string Zoho signs for a request (see the module doc): the query and form pairs sorted
 * by key as `keyvalue…`, then the raw JSON body.
 *
 * @category signatures
 * @since 0.1.0
 */
export const signingString = (request: WebhookRequest): string => {
  const pairs = queryPairs(request.url)
  const form = isForm(request)
  if (form) pairs.push(...new URLSearchParams(request.body))
  // Sorted by key only: a stable sort keeps repeated keys in the order they came.
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return pairs.map(([key, value]) => key + value).join("") + (form ? "" : request.body)
}

const encoder = new TextEncoder()

const hmacSha256 = (secret: Redacted.Redacted<string>, message: string): Effect.Effect<Uint8Array> =>
  Effect.promise(async () => {
    const key = await globalThis.crypto.subtle.importKey(
      "raw",
      encoder.encode(Redacted.value(secret)),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"]
    )
    return new Uint8Array(await globalThis.crypto.subtle.sign("HMAC", key, encoder.encode(message)))
  })

const sha256 = (text: string): Effect.Effect<Uint8Array> =>
  Effect.promise(async () => new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", encoder.encode(text))))

const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")

/** The 32 digest bytes a header carries, as hex (any case) or base64; anything else is no digest. */
const digestOf = (header: string): Uint8Array | undefined => {
  const text = header.trim()
  if (/^[0-9a-fA-F]{64}$/.test(text)) {
    return Uint8Array.from({ length: 32 }, (_, i) => parseInt(text.slice(i * 2, i * 2 + 2), 16))
  }
  if (/^[A-Za-z0-9+/]{43}=$/.test(text)) return Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
  return undefined
}

/** Every byte is compared whatever the first difference, so the time says nothing about where it is. */
const constantTimeEqual = (a: Uint8Array, b: Uint8Array): boolean => {
  let diff = a.length ^ b.length
  const length = Math.max(a.length, b.length)
  for (let i = 0; i < length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0)
  return diff === 0
}

/**
 * The signature Zoho would send for a request, as lowercase hex: for tests, and for a simulator
 * or a relay that forwards Zoho's webhooks.
 *
 * @category signatures
 * @since 0.1.0
 */
export const sign = (secret: Redacted.Redacted<string>, request: WebhookRequest): Effect.Effect<string> =>
  Effect.map(hmacSha256(secret, signingString(request)), toHex)

// ---------------------------------------------------------------------------------------------
// the service
// ---------------------------------------------------------------------------------------------

/**
 * How requests are checked. `secret`: Zoho's signature (`X-Zoho-Webhook-Signature`) is required
 * and verified. `sharedSecret`: one header must carry the secret (for webhooks that cannot be
 * signed). Both may be set (both are checked); with neither, requests are only decoded.
 *
 * @category options
 * @since 0.1.0
 */
export interface Options {
  readonly secret?: Redacted.Redacted<string> | undefined
  readonly sharedSecret?: {
    readonly header: string
    readonly secret: Redacted.Redacted<string>
  } | undefined
}

/**
 * What to do with a decoded event; a failure (or a defect) answers 500 so that Zoho retries.
 *
 * @category models
 * @since 0.1.0
 */
export type OnEvent<E, R> = (event: WebhookEvent) => Effect.Effect<unknown, E, R>

/**
 * The webhook receiver: verify a request's origin, decode its event, or both, or serve the route
 * as an HTTP app.
 *
 * @category services
 * @since 0.1.0
 */
export interface Service {
  /** Check that the request came from Zoho (a no-op when nothing is configured). */
  readonly verify: (request: WebhookRequest) => Effect.Effect<void, WebhookError>
  /** Decode a body into an event, without any check. */
  readonly decode: (request: WebhookRequest) => Effect.Effect<WebhookEvent, WebhookError>
  /** {@link Service.verify}, then {@link Service.decode}. */
  readonly handle: (request: WebhookRequest) => Effect.Effect<WebhookEvent, WebhookError>
  /**
   * An `@effect/platform` HTTP app for the webhook route: 200 once `onEvent` succeeds, 401 when
   * the origin check fails, 400 for a body that is not a Zoho event, 405 for a method other than
   * POST, 500 when `onEvent` fails. It never fails itself.
   */
  readonly httpApp: <E, R>(
    onEvent: OnEvent<E, R>
  ) => Effect.Effect<HttpServerResponse.HttpServerResponse, never, R | HttpServerRequest.HttpServerRequest>
}

/**
 * The webhook receiver as a service.
 *
 * @category services
 * @since 0.1.0
 */
export class Webhook extends Context.Tag("@effect-zoho/subscriptions/Webhook")<Webhook, Service>() {}

const refuse = (reason: WebhookError["reason"], message: string) => Effect.fail(new WebhookError({ reason, message }))

const verifySignature = (secret: Redacted.Redacted<string>, request: WebhookRequest) =>
  Effect.gen(function*() {
    const header = headerOf(request, SIGNATURE_HEADER)
    if (header === undefined || header.trim() === "") {
      return yield* refuse("MissingSignature", `the webhook request has no ${SIGNATURE_HEADER} header`)
    }
    const received = digestOf(header)
    const expected = yield* hmacSha256(secret, signingString(request))
    // A malformed header is still compared (against zeros), so its shape costs no less time.
    if (!constantTimeEqual(received ?? new Uint8Array(32), expected) || received === undefined) {
      return yield* refuse(
        "InvalidSignature",
        `the ${SIGNATURE_HEADER} header does not match the request: it was not signed with this secret, or the body or query was changed`
      )
    }
  })

const verifySharedSecret = (shared: NonNullable<Options["sharedSecret"]>, request: WebhookRequest) =>
  Effect.gen(function*() {
    const header = headerOf(request, shared.header)
    if (header === undefined || header === "") {
      return yield* refuse("MissingSignature", `the webhook request has no ${shared.header} header`)
    }
    // Hashing both sides first makes the comparison constant-time in the secret's length too.
    const [received, expected] = yield* Effect.all([sha256(header), sha256(Redacted.value(shared.secret))])
    if (!constantTimeEqual(received, expected)) {
      return yield* refuse("InvalidSignature", `the ${shared.header} header does not carry the shared secret`)
    }
  })

const decodeEvent = Schema.decodeUnknown(WebhookEvent)

const issueText = (error: ParseResult.ParseError): string => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  const first = issues[0]
  if (first === undefined) return "it does not match Zoho's event object"
  const where = first.path.length === 0 ? "" : ` at ${first.path.join(".")}`
  const more = issues.length > 1 ? ` (+${issues.length - 1} more)` : ""
  return `${first.message}${where}${more}`.replace(/\s+/g, " ").slice(0, 300)
}

const decodeBody = (request: WebhookRequest): Effect.Effect<WebhookEvent, WebhookError> =>
  Effect.gen(function*() {
    let parsed: unknown
    if (isForm(request)) {
      parsed = Object.fromEntries(new URLSearchParams(request.body))
    } else {
      try {
        parsed = JSON.parse(request.body)
      } catch {
        return yield* refuse("NotJson", "the webhook body is not JSON")
      }
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      return yield* refuse("InvalidPayload", "the webhook body is JSON but not an object (Zoho sends an event object)")
    }
    return yield* decodeEvent(parsed).pipe(
      Effect.mapError((error) =>
        new WebhookError({
          reason: "InvalidPayload",
          message: `the webhook body is not a Zoho event: ${issueText(error)}`
        })
      )
    )
  })

const problem = (error: WebhookError) =>
  HttpServerResponse.unsafeJson({ code: error.reason, message: error.message }, { status: error.status })

/**
 * A receiver with the given checks.
 *
 * @example
 * ```ts
 * import { SubscriptionsWebhook } from "@effect-zoho/subscriptions"
 * import { Effect, Redacted } from "effect"
 *
 * const secret = Redacted.make("webhooksecret123")
 * const webhook = SubscriptionsWebhook.make({ secret })
 *
 * // A signed request (as Zoho would send it) is verified, then decoded.
 * export const program = Effect.gen(function*() {
 *   const request = { body: "{\"event_id\":\"1\",\"event_type\":\"subscription_created\",\"data\":{}}", headers: {} }
 *   const signature = yield* SubscriptionsWebhook.sign(secret, request)
 *   const event = yield* webhook.handle({ ...request, headers: { [SubscriptionsWebhook.SIGNATURE_HEADER]: signature } })
 *   return event._tag === "KnownEvent" ? event.event_type : "unknown"
 * })
 * ```
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (options: Options = {}): Service => {
  const verify = (request: WebhookRequest): Effect.Effect<void, WebhookError> =>
    Effect.gen(function*() {
      if (options.secret !== undefined) yield* verifySignature(options.secret, request)
      if (options.sharedSecret !== undefined) yield* verifySharedSecret(options.sharedSecret, request)
    })
  const handle = (request: WebhookRequest) => Effect.zipRight(verify(request), decodeBody(request))
  const httpApp = <E, R>(onEvent: OnEvent<E, R>) =>
    Effect.gen(function*() {
      const serverRequest = yield* HttpServerRequest.HttpServerRequest
      if (serverRequest.method !== "POST") {
        return HttpServerResponse.unsafeJson({ code: "MethodNotAllowed", message: "webhooks are POSTed" }, {
          status: 405,
          headers: { allow: "POST" }
        })
      }
      const body = yield* Effect.option(serverRequest.text)
      if (Option.isNone(body)) {
        return HttpServerResponse.unsafeJson({ code: "NotJson", message: "the webhook body could not be read" }, {
          status: 400
        })
      }
      const request: WebhookRequest = { body: body.value, headers: serverRequest.headers, url: serverRequest.url }
      const event = yield* Effect.either(handle(request))
      if (event._tag === "Left") {
        yield* Effect.logWarning("Zoho Billing webhook refused").pipe(
          Effect.annotateLogs({ reason: event.left.reason, status: event.left.status })
        )
        return problem(event.left)
      }
      const handled = yield* Effect.exit(onEvent(event.right))
      if (handled._tag === "Failure") {
        yield* Effect.logError("Zoho Billing webhook handler failed", handled.cause).pipe(
          Effect.annotateLogs({ event_id: event.right.event_id, event_type: event.right.event_type })
        )
        return HttpServerResponse.unsafeJson({ code: "HandlerFailed", message: "the event was not handled" }, {
          status: 500
        })
      }
      return HttpServerResponse.unsafeJson({ received: true, event_id: event.right.event_id })
    }).pipe(Effect.withSpan("zoho.billing.webhook"))
  return { verify, decode: decodeBody, handle, httpApp }
}

/**
 * The {@link Webhook} service with the given checks, for {@link httpApp} and for code that
 * verifies requests itself.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: Options = {}): Layer.Layer<Webhook> => Layer.succeed(Webhook, make(options))

/**
 * The signing secret from `ZOHO_BILLING_WEBHOOK_SECRET` (optional: unset means no signature
 * check), read as `Redacted`.
 *
 * @category layers
 * @since 0.1.0
 */
export const config: Config.Config<Options> = Config.option(Config.redacted("ZOHO_BILLING_WEBHOOK_SECRET")).pipe(
  Config.map((secret) => ({ secret: Option.getOrUndefined(secret) }))
)

/**
 * The {@link Webhook} service with its checks read from `Config` (by default {@link config}:
 * the signing secret from `ZOHO_BILLING_WEBHOOK_SECRET`), so the secret stays out of code.
 *
 * @example
 * ```ts
 * import { SubscriptionsWebhook } from "@effect-zoho/subscriptions"
 * import { Config, Effect } from "effect"
 *
 * // The default reads ZOHO_BILLING_WEBHOOK_SECRET; here the secret and a shared header from other keys.
 * export const WebhookLive = SubscriptionsWebhook.layerConfig(
 *   Config.all({
 *     secret: Config.redacted("BILLING_HOOK_SECRET"),
 *     sharedSecret: Config.all({ header: Config.succeed("x-relay-token"), secret: Config.redacted("RELAY_TOKEN") })
 *   })
 * )
 *
 * export const verify = (body: string, headers: Record<string, string>) =>
 *   Effect.flatMap(SubscriptionsWebhook.Webhook, (webhook) => webhook.verify({ body, headers }))
 * ```
 *
 * @category layers
 * @since 0.1.0
 */
export const layerConfig = (
  options: Config.Config<Options> = config
): Layer.Layer<Webhook, ConfigError.ConfigError> => Layer.effect(Webhook, Effect.map(options, make))

/**
 * The {@link Service.httpApp} of the {@link Webhook} in context.
 *
 * @example
 * ```ts
 * import { SubscriptionsWebhook } from "@effect-zoho/subscriptions"
 * import { HttpRouter } from "@effect/platform"
 * import { Effect } from "effect"
 *
 * const onEvent = (event: SubscriptionsWebhook.WebhookEvent) =>
 *   event._tag === "KnownEvent" && event.event_type === "subscription_cancelled"
 *     ? Effect.logInfo(`revoke access for ${event.data?.subscription?.subscription_id}`)
 *     : Effect.void
 *
 * // Serve it with HttpServer.serve(router) and provide SubscriptionsWebhook.layerConfig().
 * export const router = HttpRouter.empty.pipe(HttpRouter.post("/hooks/zoho-billing", SubscriptionsWebhook.httpApp(onEvent)))
 * ```
 *
 * @category http
 * @since 0.1.0
 */
export const httpApp = <E, R>(
  onEvent: OnEvent<E, R>
): Effect.Effect<HttpServerResponse.HttpServerResponse, never, R | Webhook | HttpServerRequest.HttpServerRequest> =>
  Effect.flatMap(Webhook, (webhook) => webhook.httpApp(onEvent))
