import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpServer from "@effect/platform/HttpServer"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import type * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { assert, describe, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import { createHmac } from "node:crypto"
import * as Http from "node:http"
import { SubscriptionsWebhook } from "../src/index.js"
import * as Subscriptions from "../src/Subscriptions.js"
import type { WebhookEvent, WebhookRequest } from "../src/SubscriptionsWebhook.js"

const SECRET = "webhooksecret123"
const secret = Redacted.make(SECRET)

const created = JSON.stringify({
  event_id: "2000000012001",
  event_type: "subscription_created",
  event_time: "2025-06-01T10:00:00+0000",
  event_source: "api",
  data: {
    subscription: {
      subscription_id: "2000000045001",
      status: "live",
      customer_id: "2000000033001",
      plan: { plan_code: "basic-monthly", quantity: 2 },
      amount: 50
    }
  }
})

/** The signature computed independently of the module (node:crypto, hex), as Zoho documents it. */
const zohoSignature = (message: string, key = SECRET) => createHmac("sha256", key).update(message).digest("hex")

const json = (body: string, signature?: string, url = "/hooks/billing"): WebhookRequest => ({
  body,
  url,
  headers: {
    "Content-Type": "application/json",
    ...(signature === undefined ? {} : { "X-Zoho-Webhook-Signature": signature })
  }
})

const refusal = <A>(effect: Effect.Effect<A, SubscriptionsWebhook.WebhookError>) =>
  Effect.map(Effect.either(effect), (result) => {
    assert(Either.isLeft(result), "expected a WebhookError")
    assert.strictEqual(result.left._tag, "WebhookError")
    return result.left
  })

describe("SubscriptionsWebhook: what Zoho signs", () => {
  it("builds Zoho's documented example string (query pairs sorted by key, then the raw JSON)", () => {
    const body = "{\"created_date\":\"2019-03-06\",\"event_id\":\"5675\"}"
    assert.strictEqual(
      SubscriptionsWebhook.signingString(json(body, undefined, "/hook?subscription_id=90343&name=basic")),
      "namebasicsubscription_id90343{\"created_date\":\"2019-03-06\",\"event_id\":\"5675\"}"
    )
  })

  it("decodes form pairs and sorts them with the query pairs; the form body itself is not appended", () => {
    const request: WebhookRequest = {
      body: "customer_name=Ann%20Lee&amount=12.5",
      url: "/hook?zone=eu",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=UTF-8" }
    }
    assert.strictEqual(SubscriptionsWebhook.signingString(request), "amount12.5customer_nameAnn Leezoneeu")
  })

  it.effect("sign agrees with an independent HMAC-SHA256 (hex)", () =>
    Effect.gen(function*() {
      const request = json(created, undefined, "/hook?name=basic")
      assert.strictEqual(yield* SubscriptionsWebhook.sign(secret, request), zohoSignature(`namebasic${created}`))
    }))
})

describe("Subscriptions.webhook: verification", () => {
  const webhook = Subscriptions.webhook({ secret })

  it.effect("accepts a payload signed by Zoho's scheme (hex in any case, or base64) and types the event", () =>
    Effect.gen(function*() {
      const hex = zohoSignature(created)
      const base64 = createHmac("sha256", SECRET).update(created).digest("base64")
      for (const signature of [hex, hex.toUpperCase(), base64]) {
        const event = yield* webhook.handle(json(created, signature))
        assert.strictEqual(event._tag, "KnownEvent")
        assert.strictEqual(event.event_type, "subscription_created")
        assert.strictEqual(event.data?.subscription?.subscription_id, "2000000045001")
        assert.strictEqual(event.data?.subscription?.plan?.plan_code, "basic-monthly")
        // Fields the Schema does not name are kept.
        assert.strictEqual(event.data?.subscription?.amount, 50)
        assert.strictEqual(event.payload.event_source, "api")
      }
    }))

  it.effect("signs the query string too: a signed query verifies, a changed one does not", () =>
    Effect.gen(function*() {
      const url = "/hooks/billing?source=zoho&attempt=1"
      const signature = zohoSignature(`attempt1sourcezoho${created}`)
      yield* webhook.verify(json(created, signature, url))
      const error = yield* refusal(webhook.verify(json(created, signature, "/hooks/billing?source=zoho&attempt=2")))
      assert.strictEqual(error.reason, "InvalidSignature")
    }))

  it.effect("rejects a tampered body, a wrong secret, a malformed or missing signature with typed reasons", () =>
    Effect.gen(function*() {
      const signature = zohoSignature(created)
      const tampered = created.replace("\"amount\":50", "\"amount\":5")
      assert.notStrictEqual(tampered, created)
      const cases = [
        { request: json(tampered, signature), reason: "InvalidSignature" },
        { request: json(created, zohoSignature(created, "anothersecret99")), reason: "InvalidSignature" },
        { request: json(created, "not-a-signature"), reason: "InvalidSignature" },
        { request: json(created, signature.slice(0, 63)), reason: "InvalidSignature" },
        { request: json(created), reason: "MissingSignature" },
        { request: json(created, "  "), reason: "MissingSignature" }
      ] as const
      for (const { reason, request } of cases) {
        const error = yield* refusal(webhook.handle(request))
        assert.strictEqual(error.reason, reason)
        assert.strictEqual(error.status, 401)
        // Neither the secret nor the expected signature is ever in the error.
        const rendered = `${error.message} ${JSON.stringify(error)} ${String(error)}`
        assert.notInclude(rendered, SECRET)
        assert.notInclude(rendered, signature)
      }
    }))

  it.effect("verifies form-encoded webhooks over the decoded pairs", () =>
    Effect.gen(function*() {
      const request: WebhookRequest = {
        body: "event_id=77&event_type=invoice_created",
        url: "/hook",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-zoho-webhook-signature": zohoSignature("event_id77event_typeinvoice_created")
        }
      }
      const event = yield* webhook.handle(request)
      assert.strictEqual(event._tag, "KnownEvent")
      assert.strictEqual(event.event_type, "invoice_created")
    }))

  it.effect("without a secret, nothing is checked; a shared-secret header is checked when configured", () =>
    Effect.gen(function*() {
      const open = Subscriptions.webhook()
      assert.strictEqual((yield* open.handle(json(created))).event_id, "2000000012001")

      const shared = Subscriptions.webhook({
        sharedSecret: { header: "X-Billing-Token", secret: Redacted.make("shared-token-42") }
      })
      const withToken = (token: string | undefined): WebhookRequest => ({
        body: created,
        headers: { "content-type": "application/json", ...(token === undefined ? {} : { "x-billing-token": token }) }
      })
      yield* shared.verify(withToken("shared-token-42"))
      assert.strictEqual((yield* refusal(shared.verify(withToken("shared-token-41")))).reason, "InvalidSignature")
      assert.strictEqual(
        (yield* refusal(shared.verify(withToken("shared-token-42-and-more")))).reason,
        "InvalidSignature"
      )
      assert.strictEqual((yield* refusal(shared.verify(withToken(undefined)))).reason, "MissingSignature")
    }))

  it.effect("reads the secret from ZOHO_BILLING_WEBHOOK_SECRET as a Redacted", () =>
    Effect.gen(function*() {
      const options = yield* SubscriptionsWebhook.config.pipe(
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["ZOHO_BILLING_WEBHOOK_SECRET", SECRET]])))
      )
      assert(options.secret !== undefined && Redacted.isRedacted(options.secret))
      assert.notInclude(String(options.secret), SECRET)
      const webhook = yield* SubscriptionsWebhook.Webhook.pipe(
        Effect.provide(SubscriptionsWebhook.layerConfig()),
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["ZOHO_BILLING_WEBHOOK_SECRET", SECRET]])))
      )
      yield* webhook.verify(json(created, zohoSignature(created)))
      assert.strictEqual((yield* refusal(webhook.verify(json(created)))).reason, "MissingSignature")
      const unset = yield* SubscriptionsWebhook.config.pipe(
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map()))
      )
      assert.strictEqual(unset.secret, undefined)
    }))
})

describe("Subscriptions.webhook: the event payload", () => {
  const webhook = Subscriptions.webhook()

  it.effect("keeps an event type Zoho does not list (yet) as an UnknownEvent, with every field", () =>
    Effect.gen(function*() {
      const body = JSON.stringify({
        event_id: 991,
        event_type: "subscription_paused",
        event_time: "2025-06-02T08:00:00+0000",
        data: { subscription: { subscription_id: "2000000045001", pause_date: "2025-06-10" } },
        brand_new_field: { nested: true }
      })
      const event = yield* webhook.handle(json(body))
      assert.strictEqual(event._tag, "UnknownEvent")
      assert.strictEqual(event.event_type, "subscription_paused")
      assert.strictEqual(event.event_id, "991")
      assert.deepStrictEqual(event.payload.brand_new_field, { nested: true })
      assert.strictEqual(event.data?.subscription?.pause_date, "2025-06-10")
      assert.isFalse(SubscriptionsWebhook.isKnownEventType(event.event_type))
    }))

  it.effect("every event type Zoho lists decodes as known", () =>
    Effect.gen(function*() {
      for (const type of SubscriptionsWebhook.eventTypes) {
        const event = yield* webhook.decode(json(JSON.stringify({ event_id: "1", event_type: type, data: {} })))
        assert.strictEqual(event._tag, "KnownEvent", type)
      }
      assert.strictEqual(SubscriptionsWebhook.eventTypes.length, 24)
    }))

  it.effect("a body that is not JSON is NotJson; JSON that is not an event is InvalidPayload (400)", () =>
    Effect.gen(function*() {
      const cases = [
        { body: "event=subscription_created", reason: "NotJson" },
        { body: "{\"event_id\": \"1\", ", reason: "NotJson" },
        { body: "", reason: "NotJson" },
        { body: "[1,2]", reason: "InvalidPayload" },
        { body: "\"text\"", reason: "InvalidPayload" },
        { body: "{\"event_type\":\"subscription_created\"}", reason: "InvalidPayload" },
        {
          body: "{\"event_id\":\"1\",\"event_type\":\"invoice_created\",\"data\":{\"invoice\":{\"invoice_id\":7}}}",
          reason: "InvalidPayload"
        }
      ] as const
      for (const { body, reason } of cases) {
        const error = yield* refusal(webhook.handle(json(body)))
        assert.strictEqual(error.reason, reason, body)
        assert.strictEqual(error.status, 400)
      }
      const nested = yield* refusal(webhook.handle(json(cases[6].body)))
      assert.include(nested.message, "data.invoice.invoice_id")
    }))

  it.effect("the Schema encodes an event back to Zoho's object", () =>
    Effect.gen(function*() {
      const event: WebhookEvent = yield* webhook.decode(json(created))
      const wire = yield* Schema.encode(SubscriptionsWebhook.WebhookEvent)(event)
      assert.deepStrictEqual(wire, JSON.parse(created))
    }))
})

describe("Subscriptions.webhook: the HTTP app", () => {
  const webhook = Subscriptions.webhook({ secret })

  const call = (
    app: Effect.Effect<HttpServerResponse.HttpServerResponse, never, HttpServerRequest.HttpServerRequest>,
    request: Request
  ) =>
    Effect.gen(function*() {
      const response = yield* app.pipe(
        Effect.provideService(HttpServerRequest.HttpServerRequest, HttpServerRequest.fromWeb(request))
      )
      return { status: response.status, body: JSON.parse(new TextDecoder().decode(bodyBytes(response))) }
    })

  const post = (body: string, headers: Record<string, string>) =>
    new Request("http://localhost/hooks/billing", { method: "POST", body, headers })

  it.effect("answers 200 once handled, 401 on a bad signature, 400 on a bad body, 405 on GET, 500 when the handler fails", () =>
    Effect.gen(function*() {
      const seen = yield* Ref.make<ReadonlyArray<string>>([])
      const app = webhook.httpApp((event) => Ref.update(seen, (ids) => [...ids, `${event._tag}:${event.event_type}`]))
      const signed = (body: string) =>
        post(body, { "content-type": "application/json", "x-zoho-webhook-signature": zohoSignature(body) })

      const ok = yield* call(app, signed(created))
      assert.deepStrictEqual(ok, { status: 200, body: { received: true, event_id: "2000000012001" } })

      const forged = yield* call(
        app,
        post(created, {
          "content-type": "application/json",
          "x-zoho-webhook-signature": zohoSignature(created, "forgedsecret00")
        })
      )
      assert.strictEqual(forged.status, 401)
      assert.strictEqual(forged.body.code, "InvalidSignature")
      const unsigned = yield* call(app, post(created, { "content-type": "application/json" }))
      assert.deepStrictEqual([unsigned.status, unsigned.body.code], [401, "MissingSignature"])

      const notJson = yield* call(app, signed("<xml>not json</xml>"))
      assert.deepStrictEqual([notJson.status, notJson.body.code], [400, "NotJson"])
      const notEvent = yield* call(app, signed("{\"hello\":\"world\"}"))
      assert.deepStrictEqual([notEvent.status, notEvent.body.code], [400, "InvalidPayload"])

      const get = yield* call(app, new Request("http://localhost/hooks/billing"))
      assert.strictEqual(get.status, 405)

      const unknown = JSON.stringify({ event_id: "5", event_type: "quote_accepted", data: {} })
      assert.strictEqual((yield* call(app, signed(unknown))).status, 200)
      // Only the verified, decodable requests reached the handler.
      assert.deepStrictEqual(yield* Ref.get(seen), ["KnownEvent:subscription_created", "UnknownEvent:quote_accepted"])

      const failing = webhook.httpApp(() => Effect.fail("database down"))
      assert.strictEqual((yield* call(failing, signed(created))).status, 500)
      const dying = webhook.httpApp(() => Effect.die(new Error("bug")))
      assert.strictEqual((yield* call(dying, signed(created))).status, 500)
    }))

  it.scoped("served on a loopback port: a non-JSON body is a 400 and the server keeps serving", () =>
    Effect.gen(function*() {
      const node = Http.createServer()
      const server = yield* NodeHttpServer.make(() => node, { port: 0, host: "127.0.0.1" })
      const handled = yield* Ref.make(0)
      yield* HttpServer.serveEffect(
        SubscriptionsWebhook.httpApp(() => Ref.update(handled, (n) => n + 1))
      ).pipe(
        Effect.provideService(HttpServer.HttpServer, server),
        Effect.provide(Layer.succeed(SubscriptionsWebhook.Webhook, webhook))
      )
      yield* Effect.addFinalizer(() => Effect.sync(() => node.closeAllConnections()))
      const address = server.address
      assert(address._tag === "TcpAddress")
      const url = `http://127.0.0.1:${address.port}/hooks/billing?tenant=acme`
      const send = (body: string, signature: string) =>
        Effect.promise(async () => {
          const res = await fetch(url, {
            method: "POST",
            body,
            headers: { "content-type": "application/json", "x-zoho-webhook-signature": signature }
          })
          return { status: res.status, body: await res.json() as { readonly code?: string } }
        })
      const bad = yield* send("this is not json", zohoSignature("tenantacmethis is not json"))
      assert.deepStrictEqual([bad.status, bad.body.code], [400, "NotJson"])
      const tampered = yield* send(created, zohoSignature(created))
      assert.deepStrictEqual([tampered.status, tampered.body.code], [401, "InvalidSignature"])
      const good = yield* send(created, zohoSignature(`tenantacme${created}`))
      assert.strictEqual(good.status, 200)
      assert.strictEqual(yield* Ref.get(handled), 1)
    }))
})

const bodyBytes = (response: HttpServerResponse.HttpServerResponse): Uint8Array => {
  assert(response.body._tag === "Uint8Array", "a JSON answer")
  return response.body.body
}
