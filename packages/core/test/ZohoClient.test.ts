import {
  ZohoAuth,
  ZohoClient,
  ZohoCredentials,
  ZohoError,
  ZohoRegion,
  ZohoRequest,
  ZohoThrottle,
  ZohoUser
} from "@effect-zoho/core"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as Tracer from "effect/Tracer"
import * as util from "node:util"

// A scripted transport: each call takes the next reply (the last one repeats) and is recorded
// with the (test) clock time it started at.
type Reply = (request: HttpClientRequest.HttpClientRequest) => Effect.Effect<Response, HttpClientError.RequestError>

interface Call {
  readonly method: string
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly at: number
}

const makeTransport = (script: ReadonlyArray<Reply>) => {
  const calls: Array<Call> = []
  const client = HttpClient.make((request, url) =>
    Effect.gen(function*() {
      const at = yield* Clock.currentTimeMillis
      calls.push({ method: request.method, url, headers: request.headers, at })
      const reply = script[Math.min(calls.length - 1, script.length - 1)]!
      const response = yield* reply(request)
      return HttpClientResponse.fromWeb(request, response)
    })
  )
  return { calls, client }
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => () =>
  Effect.succeed(
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } })
  )
const ok: Reply = json(200, { data: [] })
const transportError = (cause: unknown): Reply => (request) =>
  Effect.fail(new HttpClientError.RequestError({ request, reason: "Transport", cause }))
const never: Reply = () => Effect.never

const region = ZohoRegion.make("EU")
const user = ZohoUser.make({
  credentials: ZohoCredentials.RefreshToken({
    clientId: "1000.CLIENT",
    clientSecret: Redacted.make("client-secret-value"),
    refreshToken: Redacted.make("1000.refreshrefreshrefresh.refreshrefreshrefresh")
  }),
  key: "user-1",
  organizationId: { books: "111" }
})

// A small ZohoAuth: token N until invalidated, then N + 1.
const makeAuth = () => {
  const state = { version: 1, invalidated: [] as Array<string> }
  const service: ZohoAuth.Service = {
    currentUser: Effect.succeed(user),
    accessToken: Effect.sync(() => ({
      token: Redacted.make(`1000.token${state.version}`),
      user,
      region,
      expiresAt: undefined
    })),
    invalidate: (token) =>
      Effect.sync(() => {
        state.invalidated.push(Redacted.value(token))
        if (Redacted.value(token) === `1000.token${state.version}`) state.version += 1
      }),
    revoke: Effect.void
  }
  return { state, layer: Layer.succeed(ZohoAuth.ZohoAuth, service) }
}

const setup = (
  script: ReadonlyArray<Reply>,
  options: ZohoClient.Options = {},
  throttle: Layer.Layer<ZohoThrottle.ZohoThrottle> = ZohoThrottle.layerUnlimited
) =>
  Effect.gen(function*() {
    const transport = makeTransport(script)
    const auth = makeAuth()
    const client = yield* ZohoClient.make({ retry: { jitter: false }, ...options }).pipe(
      Effect.provideService(HttpClient.HttpClient, transport.client),
      Effect.provide(auth.layer),
      Effect.provide(throttle)
    )
    return { calls: transport.calls, auth: auth.state, execute: client.execute }
  })

/** Run with the test clock moved far ahead; sleeps wake in order at their exact times. */
const runTimed = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(Effect.either(effect))
    yield* TestClock.adjust(Duration.hours(2))
    return yield* Fiber.join(fiber)
  })

const crmGet = ZohoRequest.make({
  product: ZohoProducts.crm,
  operation: "crm.records.get",
  method: "GET",
  pathTemplate: "/{module}/{id}",
  path: "/Leads/123",
  urlParams: { fields: ["Last_Name", "Email"], page: 2, approved: true, skipped: undefined }
})
const crmCreate = ZohoRequest.make({
  product: ZohoProducts.crm,
  operation: "crm.records.create",
  method: "POST",
  path: "/Leads",
  body: { _tag: "Json", value: { data: [{ Last_Name: "A" }] } }
})

describe("ZohoClient", () => {
  describe("building the request", () => {
    it.effect("CRM: base URL, comma-joined params, token, user agent, custom headers, no trace headers", () =>
      Effect.gen(function*() {
        const h = yield* setup([ok], { headers: { "X-Default": "d", "X-Both": "client" } })
        const response = yield* h.execute({ ...crmGet, headers: { "X-Both": "request" } })
        assert.strictEqual(response.status, 200)
        assert.strictEqual(h.calls.length, 1)
        const call = h.calls[0]!
        assert.strictEqual(call.url.origin + call.url.pathname, "https://www.zohoapis.eu/crm/v8/Leads/123")
        assert.strictEqual(call.url.searchParams.get("fields"), "Last_Name,Email")
        assert.strictEqual(call.url.searchParams.get("page"), "2")
        assert.strictEqual(call.url.searchParams.get("approved"), "true")
        assert.isFalse(call.url.searchParams.has("skipped"))
        assert.isFalse(call.url.searchParams.has("organization_id"))
        assert.strictEqual(call.headers["authorization"], "Zoho-oauthtoken 1000.token1")
        assert.strictEqual(call.headers["user-agent"], "effect-zoho/0.1.0")
        assert.strictEqual(call.headers["x-default"], "d")
        assert.strictEqual(call.headers["x-both"], "request")
        assert.isUndefined(call.headers["traceparent"])
        assert.isUndefined(call.headers["b3"])
      }))

    it.effect("Books: organization_id query parameter from the user", () =>
      Effect.gen(function*() {
        const h = yield* setup([ok], { userAgent: "my-app/1.0" })
        yield* h.execute(
          ZohoRequest.make({
            product: ZohoProducts.books,
            operation: "books.invoices.list",
            method: "GET",
            path: "/invoices"
          })
        )
        const call = h.calls[0]!
        assert.strictEqual(call.url.pathname, "/books/v3/invoices")
        assert.strictEqual(call.url.searchParams.get("organization_id"), "111")
        assert.strictEqual(call.headers["user-agent"], "my-app/1.0")
      }))

    it.effect("Invoice: org id header from the client default; upload host; base path override", () =>
      Effect.gen(function*() {
        const h = yield* setup([ok], { organizationId: { invoice: "222", inventory: "333" } })
        yield* h.execute(
          ZohoRequest.make({
            product: ZohoProducts.invoice,
            operation: "invoice.contacts.list",
            method: "GET",
            path: "/contacts"
          })
        )
        yield* h.execute(
          ZohoRequest.make({
            product: ZohoProducts.inventory,
            operation: "inventory.items.image",
            method: "POST",
            path: "/items/9/image",
            host: "upload",
            body: { _tag: "Bytes", bytes: new Uint8Array([1, 2, 3]), contentType: "image/png" }
          })
        )
        yield* h.execute(
          ZohoRequest.make({
            product: ZohoProducts.crm,
            operation: "crm.bulk.read",
            method: "POST",
            path: "/read",
            basePath: "/crm/bulk/v8"
          })
        )
        const [invoice, upload, bulk] = h.calls
        assert.strictEqual(invoice!.url.pathname, "/invoice/v3/contacts")
        assert.strictEqual(invoice!.headers["x-com-zoho-invoice-organizationid"], "222")
        assert.isFalse(invoice!.url.searchParams.has("organization_id"))
        assert.strictEqual(upload!.url.origin, "https://content.zohoapis.eu")
        assert.strictEqual(upload!.url.searchParams.get("organization_id"), "333")
        assert.strictEqual(upload!.headers["content-type"], "image/png")
        assert.strictEqual(bulk!.url.toString(), "https://www.zohoapis.eu/crm/bulk/v8/read")
      }))

    it.effect("an org id on the request wins", () =>
      Effect.gen(function*() {
        const h = yield* setup([ok])
        yield* h.execute(
          ZohoRequest.make({
            product: ZohoProducts.books,
            operation: "books.invoices.list",
            method: "GET",
            path: "/invoices",
            urlParams: { organization_id: "999" }
          })
        )
        assert.deepStrictEqual(h.calls[0]!.url.searchParams.getAll("organization_id"), ["999"])
      }))

    it.effect("a finance product without org id fails before any network call", () =>
      Effect.gen(function*() {
        const h = yield* setup([ok])
        const error = yield* Effect.flip(
          h.execute(
            ZohoRequest.make({
              product: ZohoProducts.billing,
              operation: "billing.plans.list",
              method: "GET",
              path: "/plans"
            })
          )
        )
        assert.strictEqual(error._tag, "ZohoConfigError")
        assert.strictEqual(error._tag === "ZohoConfigError" && error.reason, "MissingOrganizationId")
        assert.strictEqual(h.calls.length, 0)
        // Listing the organizations is how one finds the id: it needs none.
        yield* h.execute(
          ZohoRequest.make({
            product: ZohoProducts.billing,
            operation: "billing.orgs.list",
            method: "GET",
            path: "/organizations"
          })
        )
        assert.strictEqual(h.calls.length, 1)
      }))

    it.effect("JSON and form bodies", () =>
      Effect.gen(function*() {
        const bodies: Array<string> = []
        const capture: Reply = (request) =>
          Effect.sync(() => {
            const body = request.body
            bodies.push(
              body._tag === "Uint8Array" ? new TextDecoder().decode(body.body) : body._tag
            )
            return new Response("{}", { status: 201 })
          })
        const h = yield* setup([capture])
        yield* h.execute(crmCreate)
        yield* h.execute({ ...crmCreate, body: { _tag: "Form", fields: { a: "1", b: "x y" } } })
        assert.deepStrictEqual(bodies, ["{\"data\":[{\"Last_Name\":\"A\"}]}", "a=1&b=x+y"])
        assert.strictEqual(h.calls[0]!.headers["content-type"], "application/json")
        assert.strictEqual(h.calls[1]!.headers["content-type"], "application/x-www-form-urlencoded")
      }))
  })

  describe("responses returned to the caller", () => {
    it.effect("2xx, 204 and other 4xx come back as responses, with a readable body", () =>
      Effect.gen(function*() {
        const h = yield* setup([
          json(404, { code: "INVALID_URL_PATTERN", message: "no" }),
          () => Effect.succeed(new Response(null, { status: 204 })),
          json(200, { data: [{ id: "1" }] })
        ])
        const notFound = yield* h.execute(crmGet)
        assert.strictEqual(notFound.status, 404)
        assert.deepStrictEqual(yield* notFound.json, { code: "INVALID_URL_PATTERN", message: "no" })
        const empty = yield* h.execute(crmGet)
        assert.strictEqual(empty.status, 204)
        const found = yield* h.execute(crmGet)
        // Buffered: the body can be read twice.
        assert.deepStrictEqual(yield* found.json, { data: [{ id: "1" }] })
        assert.deepStrictEqual(yield* found.json, { data: [{ id: "1" }] })
        assert.strictEqual(h.calls.length, 3)
      }))
  })

  describe("retry", () => {
    it.effect("honours Retry-After in seconds exactly", () =>
      Effect.gen(function*() {
        const h = yield* setup([json(429, { code: "TOO_MANY_REQUESTS" }, { "Retry-After": "30" }), ok])
        const result = yield* runTimed(h.execute(crmGet))
        assert.isTrue(Either.isRight(result))
        assert.deepStrictEqual(h.calls.map((c) => c.at), [0, 30_000])
      }))

    it.effect("honours Retry-After as an HTTP date exactly", () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(Date.parse("2024-05-01T10:00:00Z"))
        const h = yield* setup([json(429, {}, { "Retry-After": "Wed, 01 May 2024 10:00:45 GMT" }), ok])
        const result = yield* runTimed(h.execute(crmGet))
        assert.isTrue(Either.isRight(result))
        assert.strictEqual(h.calls[1]!.at - h.calls[0]!.at, 45_000)
      }))

    it.effect("a finance 429 code 45 (daily limit, per the product's table) is DailyBudgetSpent, not retried", () =>
      Effect.gen(function*() {
        const h = yield* setup([json(429, { code: 45, message: "daily limit exceeded" }, { "Retry-After": "5" }), ok])
        const result = yield* runTimed(h.execute(
          ZohoRequest.make({
            product: ZohoProducts.books,
            operation: "books.items.list",
            method: "GET",
            path: "/items"
          })
        ))
        assert.isTrue(Either.isLeft(result))
        if (Either.isRight(result)) return
        assert.strictEqual(result.left._tag === "ZohoRateLimited" && result.left.reason, "DailyBudgetSpent")
        assert.strictEqual(h.calls.length, 1)
      }))

    it.effect("a Retry-After above maxRetryAfter fails at once with RetryAfterTooLong", () =>
      Effect.gen(function*() {
        const h = yield* setup([json(429, { code: "TOO_MANY_REQUESTS" }, { "Retry-After": "600" }), ok])
        // No clock adjustment: the failure must not wait.
        const error = yield* Effect.flip(h.execute(crmGet))
        assert.strictEqual(error._tag, "ZohoRateLimited")
        if (error._tag !== "ZohoRateLimited") return
        assert.strictEqual(error.reason, "RetryAfterTooLong")
        assert.strictEqual(Duration.toSeconds(error.retryAfter!), 600)
        assert.strictEqual(error.code, "TOO_MANY_REQUESTS")
        assert.strictEqual(h.calls.length, 1)
      }))

    it.effect("5xx: exponential backoff without jitter, then success", () =>
      Effect.gen(function*() {
        const h = yield* setup([json(503, { code: 1000, message: "down" }), json(500, "x"), json(502, {}), ok])
        const result = yield* runTimed(h.execute(crmGet))
        assert.isTrue(Either.isRight(result))
        assert.deepStrictEqual(h.calls.map((c) => c.at), [0, 500, 1500, 3500])
      }))

    it.effect("max retries exhausted: the last 5xx as a ZohoApiError", () =>
      Effect.gen(function*() {
        const h = yield* setup([json(500, { code: "INTERNAL_ERROR", message: "boom", status: "error" })], {
          retry: { maxRetries: 2, jitter: false }
        })
        const result = yield* runTimed(h.execute(crmGet))
        assert.isTrue(Either.isLeft(result))
        const error = Either.getLeft(result).pipe((o) => o._tag === "Some" ? o.value : undefined)
        assert.strictEqual(error?._tag, "ZohoApiError")
        if (error?._tag !== "ZohoApiError") return
        assert.strictEqual(error.status, 500)
        assert.strictEqual(error.code, "INTERNAL_ERROR")
        assert.strictEqual(error.message, "boom")
        assert.strictEqual(h.calls.length, 3)
      }))

    it.effect("a 5xx with a non-JSON body keeps the raw text", () =>
      Effect.gen(function*() {
        const h = yield* setup([() => Effect.succeed(new Response("Bad Gateway from proxy", { status: 502 }))], {
          retry: { maxRetries: 0 }
        })
        const error = yield* Effect.flip(h.execute(crmGet))
        assert.strictEqual(error._tag, "ZohoApiError")
        if (error._tag !== "ZohoApiError") return
        assert.strictEqual(error.code, "HTTP_502")
        assert.strictEqual(error.message, "Bad Gateway from proxy")
      }))

    it.effect("a POST is not replayed after a reset mid-flight", () =>
      Effect.gen(function*() {
        const reset = Object.assign(new TypeError("fetch failed"), {
          cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" })
        })
        const h = yield* setup([transportError(reset), ok])
        const result = yield* runTimed(h.execute(crmCreate))
        const error = Either.getLeft(result).pipe((o) => o._tag === "Some" ? o.value : undefined)
        assert.strictEqual(error?._tag, "ZohoTransportError")
        if (error?._tag !== "ZohoTransportError") return
        assert.strictEqual(error.reason, "ConnectionReset")
        assert.isTrue(error.maybeProcessed)
        assert.strictEqual(error.url, "https://www.zohoapis.eu/crm/v8/Leads")
        assert.strictEqual(h.calls.length, 1)
      }))

    it.effect("a GET is retried after a reset", () =>
      Effect.gen(function*() {
        const h = yield* setup([
          transportError(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })),
          ok
        ])
        const result = yield* runTimed(h.execute(crmGet))
        assert.isTrue(Either.isRight(result))
        assert.strictEqual(h.calls.length, 2)
      }))

    it.effect("a POST is not replayed after a timeout", () =>
      Effect.gen(function*() {
        const h = yield* setup([never, ok], { readTimeout: Duration.seconds(10) })
        const result = yield* runTimed(h.execute(crmCreate))
        const error = Either.getLeft(result).pipe((o) => o._tag === "Some" ? o.value : undefined)
        assert.strictEqual(error?._tag, "ZohoTimeoutError")
        if (error?._tag !== "ZohoTimeoutError") return
        assert.strictEqual(Duration.toSeconds(error.timeout), 10)
        assert.strictEqual(h.calls.length, 1)
      }))

    it.effect("a GET is retried after a timeout", () =>
      Effect.gen(function*() {
        const h = yield* setup([never, ok], { readTimeout: Duration.seconds(10) })
        const result = yield* runTimed(h.execute(crmGet))
        assert.isTrue(Either.isRight(result))
        assert.deepStrictEqual(h.calls.map((c) => c.at), [0, 10_500])
      }))

    it.effect("a POST is replayed after connection refused and after a 429", () =>
      Effect.gen(function*() {
        const refused = Object.assign(new TypeError("fetch failed"), {
          cause: new AggregateError([
            Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:443"), { code: "ECONNREFUSED" })
          ])
        })
        const h = yield* setup([
          transportError(refused),
          json(429, { code: "TOO_MANY_REQUESTS" }),
          json(201, { data: [] })
        ])
        const result = yield* runTimed(h.execute(crmCreate))
        assert.isTrue(Either.isRight(result))
        assert.strictEqual(h.calls.length, 3)
        assert.deepStrictEqual(h.calls.map((c) => c.at), [0, 500, 1500])
      }))

    it.effect("a POST whose token refresh was reset is retried: it was never sent", () =>
      Effect.gen(function*() {
        const transport = makeTransport([json(201, { data: [] })])
        let tokenReads = 0
        const resetOnce: ZohoAuth.Service = {
          currentUser: Effect.succeed(user),
          invalidate: () => Effect.void,
          revoke: Effect.void,
          accessToken: Effect.suspend(() =>
            tokenReads++ === 0
              ? Effect.fail(
                new ZohoError.ZohoTransportError({
                  reason: "ConnectionReset",
                  method: "POST",
                  url: "https://accounts.zoho.eu/oauth/v2/token",
                  maybeProcessed: true,
                  message: "socket hang up"
                })
              )
              : Effect.succeed({ token: Redacted.make("1000.token1"), user, region, expiresAt: undefined })
          )
        }
        const client = yield* ZohoClient.make({ retry: { jitter: false } }).pipe(
          Effect.provideService(HttpClient.HttpClient, transport.client),
          Effect.provideService(ZohoAuth.ZohoAuth, resetOnce),
          Effect.provide(ZohoThrottle.layerUnlimited)
        )
        const result = yield* runTimed(client.execute(crmCreate))
        assert.isTrue(Either.isRight(result))
        // The reset read, then the retry: once before the permit, once under it (a cache hit in ZohoAuth).
        assert.strictEqual(tokenReads, 3)
        assert.strictEqual(transport.calls.length, 1)
      }))
  })

  describe("secrets", () => {
    it.effect("bufferBody false: a body that breaks after the headers names no token, in any rendering", () =>
      Effect.gen(function*() {
        const broken: Reply = () =>
          Effect.succeed(
            new Response(
              new ReadableStream<Uint8Array>({
                start(controller) {
                  controller.enqueue(new TextEncoder().encode("{\"data\":"))
                  controller.error(Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }))
                }
              }),
              { status: 200, headers: { "content-type": "application/json" } }
            )
          )
        const h = yield* setup([broken], { bufferBody: false })
        const response = yield* h.execute(crmGet)
        assert.strictEqual(response.request.headers["authorization"], "<redacted>")
        const error = yield* Effect.flip(response.text)
        for (const text of [util.inspect(response, { depth: Infinity }), JSON.stringify(response)]) {
          assert.notInclude(text, "1000.token1")
        }
        for (const text of [String(error), util.inspect(error, { depth: Infinity }), JSON.stringify(error)]) {
          assert.notInclude(text, "1000.token1")
        }
        // What the endpoint layer makes of it: a ZohoTransportError with the cause, redacted.
        const transport = new ZohoError.ZohoTransportError({
          reason: "ConnectionReset",
          method: "GET",
          url: response.request.url,
          maybeProcessed: true,
          message: error.message,
          cause: error
        })
        assert.notInclude(util.inspect(transport, { depth: Infinity }), "1000.token1")
        assert.notInclude(JSON.stringify(transport), "1000.token1")
      }))

    it.effect("the exchange span keeps neither the token nor the response as its exit value", () =>
      Effect.gen(function*() {
        const exits: Array<string> = []
        const base = yield* Effect.tracer
        const tracer = Tracer.make({
          span: (...args) => {
            const span = base.span(...args)
            const end = span.end.bind(span)
            return Object.assign(span, {
              end: (endTime: bigint, exit: Exit.Exit<unknown, unknown>) => {
                exits.push(util.inspect(exit, { depth: Infinity }))
                end(endTime, exit)
              }
            })
          },
          context: (f, fiber) => base.context(f, fiber)
        })
        const h = yield* setup([json(503, { message: "echo Zoho-oauthtoken 1000.token1" }), ok])
        yield* runTimed(h.execute(crmGet).pipe(Effect.withTracer(tracer)))
        assert.isAbove(exits.length, 2)
        for (const exit of exits) assert.notInclude(exit, "1000.token1")
      }))
  })

  describe("401", () => {
    it.effect("INVALID_TOKEN: invalidate and replay once with a fresh token", () =>
      Effect.gen(function*() {
        const h = yield* setup([
          json(401, { code: "INVALID_TOKEN", message: "invalid oauth token", status: "error" }),
          ok
        ])
        const response = yield* h.execute(crmCreate)
        assert.strictEqual(response.status, 200)
        assert.deepStrictEqual(h.auth.invalidated, ["1000.token1"])
        assert.deepStrictEqual(h.calls.map((c) => c.headers["authorization"]), [
          "Zoho-oauthtoken 1000.token1",
          "Zoho-oauthtoken 1000.token2"
        ])
      }))

    it.effect("a second 401 is a ZohoAuthError InvalidToken", () =>
      Effect.gen(function*() {
        const h = yield* setup([json(401, { code: "AUTHENTICATION_FAILURE", message: "nope" })])
        const error = yield* Effect.flip(h.execute(crmGet))
        assert.strictEqual(error._tag, "ZohoAuthError")
        if (error._tag !== "ZohoAuthError") return
        assert.strictEqual(error.reason, "InvalidToken")
        assert.strictEqual(error.operation, "crm.records.get")
        assert.strictEqual(h.calls.length, 2)
        assert.notInclude(error.message, "1000.token")
      }))

    it.effect("OAUTH_SCOPE_MISMATCH: ScopeMismatch, no replay", () =>
      Effect.gen(function*() {
        const h = yield* setup([json(401, { code: "OAUTH_SCOPE_MISMATCH", message: "invalid oauth scope" }), ok])
        const error = yield* Effect.flip(h.execute(crmGet))
        assert.strictEqual(error._tag === "ZohoAuthError" && error.reason, "ScopeMismatch")
        assert.strictEqual(h.calls.length, 1)
        assert.deepStrictEqual(h.auth.invalidated, [])
      }))

    it.effect("a finance 401 code 14 (invalid token) replays once", () =>
      Effect.gen(function*() {
        const h = yield* setup([json(401, { code: 14, message: "Invalid OAuth token" }), ok])
        const response = yield* h.execute(
          ZohoRequest.make({
            product: ZohoProducts.books,
            operation: "books.items.list",
            method: "GET",
            path: "/items"
          })
        )
        assert.strictEqual(response.status, 200)
        assert.strictEqual(h.calls.length, 2)
        assert.deepStrictEqual(h.auth.invalidated, ["1000.token1"])
      }))

    it.effect("a finance 401 code 57 is ScopeMismatch naming the declared scopes; no token dropped, no replay", () =>
      Effect.gen(function*() {
        const h = yield* setup([
          json(401, { code: 57, message: "You are not authorized to perform this operation" }),
          ok
        ])
        const error = yield* Effect.flip(h.execute(
          ZohoRequest.make({
            product: ZohoProducts.books,
            operation: "books.items.list",
            method: "GET",
            path: "/items",
            scopes: ["ZohoBooks.settings.READ"]
          })
        ))
        assert.strictEqual(error._tag, "ZohoAuthError")
        if (error._tag !== "ZohoAuthError") return
        assert.strictEqual(error.reason, "ScopeMismatch")
        assert.deepStrictEqual(error.requiredScopes, ["ZohoBooks.settings.READ"])
        assert.include(error.message, "ZohoBooks.settings.READ")
        assert.strictEqual(h.calls.length, 1)
        assert.deepStrictEqual(h.auth.invalidated, [])
      }))
  })

  describe("layerConfig", () => {
    it.effect("reads ZOHO_* settings from the environment; overrides win", () =>
      Effect.gen(function*() {
        const transport = makeTransport([json(503, {}), never])
        const layer = ZohoClient.layerConfig({ headers: { "X-App": "a" } }).pipe(
          Layer.provide(Layer.succeed(HttpClient.HttpClient, transport.client)),
          Layer.provide(makeAuth().layer),
          Layer.provide(ZohoThrottle.layerUnlimited)
        )
        const program = Effect.gen(function*() {
          const client = yield* ZohoClient.ZohoClient
          const first = yield* Effect.flip(client.execute(crmGet))
          const second = yield* runTimed(client.execute(crmGet))
          return { first, second }
        }).pipe(
          Effect.provide(layer),
          Effect.withConfigProvider(
            ConfigProvider.fromMap(
              new Map([
                ["ZOHO_USER_AGENT", "env-agent/2"],
                ["ZOHO_MAX_RETRIES", "0"],
                ["ZOHO_TIMEOUT_MS", "5000"],
                ["ZOHO_LOG_LEVEL", "Debug"]
              ])
            )
          )
        )
        const { first, second } = yield* program
        // No retries: the 503 comes back at once.
        assert.strictEqual(first._tag, "ZohoApiError")
        assert.strictEqual(transport.calls[0]!.headers["user-agent"], "env-agent/2")
        assert.strictEqual(transport.calls[0]!.headers["x-app"], "a")
        const timeout = Either.getLeft(second).pipe((o) => o._tag === "Some" ? o.value : undefined)
        assert.strictEqual(timeout?._tag, "ZohoTimeoutError")
        assert.strictEqual(timeout?._tag === "ZohoTimeoutError" && Duration.toMillis(timeout.timeout), 5000)
        assert.strictEqual(transport.calls.length, 2)
      }))

    it.effect("an invalid setting is a ZohoConfigError", () =>
      Effect.gen(function*() {
        const layer = ZohoClient.layerConfig().pipe(
          Layer.provide(Layer.succeed(HttpClient.HttpClient, makeTransport([ok]).client)),
          Layer.provide(makeAuth().layer),
          Layer.provide(ZohoThrottle.layerUnlimited)
        )
        const error = yield* Effect.flip(
          Effect.provide(ZohoClient.ZohoClient, layer).pipe(
            Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["ZOHO_MAX_RETRIES", "lots"]])))
          )
        )
        assert.strictEqual(error._tag, "ZohoConfigError")
        assert.strictEqual(error.reason, "InvalidInput")
      }))
  })

  describe("tracing", () => {
    it.effect("one zoho.request span per call, with the attempt count and status; http.client spans below it", () =>
      Effect.gen(function*() {
        const spans: Array<Tracer.Span> = []
        const base = yield* Effect.tracer
        const tracer = Tracer.make({
          span: (...args) => {
            const span = base.span(...args)
            spans.push(span)
            return span
          },
          context: (f, fiber) => base.context(f, fiber)
        })
        const h = yield* setup([json(503, {}), json(429, {}, { "Retry-After": "1" }), ok])
        const result = yield* runTimed(h.execute(crmGet).pipe(Effect.withTracer(tracer)))
        assert.isTrue(Either.isRight(result))
        const zoho = spans.filter((s) => s.name === "zoho.request")
        assert.strictEqual(zoho.length, 1)
        const attrs = zoho[0]!.attributes
        assert.strictEqual(zoho[0]!.kind, "client")
        assert.strictEqual(attrs.get("zoho.product"), "crm")
        assert.strictEqual(attrs.get("zoho.operation"), "crm.records.get")
        assert.strictEqual(attrs.get("http.request.method"), "GET")
        assert.strictEqual(attrs.get("url.template"), "/crm/v8/{module}/{id}")
        assert.strictEqual(attrs.get("zoho.attempt"), 3)
        assert.strictEqual(attrs.get("http.response.status_code"), 200)
        const exchanges = spans.filter((s) => s.name === "http.client GET")
        assert.strictEqual(exchanges.length, 3)
        for (const span of exchanges) {
          assert.strictEqual(span.parent._tag === "Some" && span.parent.value.spanId, zoho[0]!.spanId)
          // The platform's span records headers redacted.
          assert.strictEqual(span.attributes.get("http.request.header.authorization"), "<redacted>")
        }
      }))
  })

  describe("throttle", () => {
    it.effect("budget headers feed the throttle: DailyBudgetSpent before the next call", () =>
      Effect.gen(function*() {
        const budget = { "X-Rate-Limit-Limit": "1000", "X-Rate-Limit-Remaining": "1", "X-Rate-Limit-Reset": "3600" }
        const h = yield* setup([json(200, { code: 0 }, budget)], {}, ZohoThrottle.layer())
        const request = ZohoRequest.make({
          product: ZohoProducts.books,
          operation: "books.items.list",
          method: "GET",
          path: "/items"
        })
        yield* h.execute(request)
        const error = yield* Effect.flip(h.execute(request))
        assert.strictEqual(error._tag, "ZohoRateLimited")
        if (error._tag !== "ZohoRateLimited") return
        assert.strictEqual(error.reason, "DailyBudgetSpent")
        assert.strictEqual(Duration.toSeconds(error.retryAfter!), 3600)
        assert.isFalse(ZohoError.isTransient(error))
        assert.strictEqual(h.calls.length, 1)
      }))

    it.effect("the product's default policy applies per org: Books allows 5 calls in flight", () =>
      Effect.gen(function*() {
        let inFlight = 0
        let peak = 0
        const slow: Reply = () =>
          Effect.acquireUseRelease(
            Effect.sync(() => {
              inFlight += 1
              peak = Math.max(peak, inFlight)
            }),
            () => Effect.as(Effect.sleep(Duration.seconds(1)), new Response("{}", { status: 200 })),
            () => Effect.sync(() => void (inFlight -= 1))
          )
        const h = yield* setup([slow], {}, ZohoThrottle.layer())
        const request = ZohoRequest.make({
          product: ZohoProducts.books,
          operation: "books.items.list",
          method: "GET",
          path: "/items"
        })
        const result = yield* runTimed(
          Effect.all(Array.from({ length: 12 }, () => h.execute(request)), { concurrency: "unbounded" })
        )
        assert.isTrue(Either.isRight(result))
        assert.strictEqual(peak, 5)
        assert.strictEqual(h.calls.length, 12)
      }))
  })
})
