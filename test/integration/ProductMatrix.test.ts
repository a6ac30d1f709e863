/**
 * One matrix, run for every product descriptor: core's six (`ZohoProducts`) and the Desk one a user
 * brings (examples/src/desk.ts). Nothing below knows a product by name: bodies, codes and org-id
 * checks all come from the descriptor, which is the point (core must not switch on an id).
 *
 * The transport is an in-test `HttpClient` standing in for the accounts server and the product,
 * so each row can script exactly the answer it needs (a 401 with the product's own invalid-token
 * code, a connection reset, …); the real stack (`Zoho.layer`: auth, throttle, retry) runs above it.
 */
import type { ZohoProduct } from "@effect-zoho/core"
import {
  Endpoint,
  Envelope,
  MemoryTokenStore,
  Zoho,
  ZohoAuth,
  ZohoClient,
  ZohoCredentials,
  ZohoOAuth,
  ZohoProducts,
  ZohoRegion,
  ZohoThrottle,
  ZohoUser
} from "@effect-zoho/core"
import { HttpClient, HttpClientError, HttpClientResponse } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Fiber, Layer, Redacted, Schema, TestClock } from "effect"
import { desk } from "../../examples/src/desk.js"

const products: ReadonlyArray<ZohoProduct.ZohoProduct> = [...Object.values(ZohoProducts.all), desk]

type Reply = { readonly status: number; readonly body: unknown; readonly headers?: Record<string, string> } | "reset"

const ORG = "555001"

/** The product's code for a kind of refusal, from its own table. */
const codeOf = (product: ZohoProduct.ZohoProduct, kind: ZohoProduct.ErrorKind) =>
  product.errorCodes.find((entry) => entry.kind === kind)?.code

/** An error body the way the product writes one (Desk names the code `errorCode`). */
const errorBody = (product: ZohoProduct.ZohoProduct, code: string | number | undefined, message: string) => ({
  ...(product.id === desk.id ? { errorCode: code } : { code }),
  message,
  ...(product.envelope === "crmStyle" ? { status: "error" } : {})
})

const Item = Schema.Struct({ id: Schema.String })

const okBody = (product: ZohoProduct.ZohoProduct) =>
  product.envelope === "finance" ? { code: 0, message: "success", items: [{ id: "1" }] } : { data: [{ id: "1" }] }

/** A code≠0 body at HTTP 200, per family. */
const errorAt200 = (product: ZohoProduct.ZohoProduct) =>
  product.envelope === "finance"
    ? { code: 1002, message: "Item does not exist." }
    : { code: "INVALID_DATA", message: "invalid data", status: "error", details: {} }

const endpointsFor = (product: ZohoProduct.ZohoProduct) => ({
  list: Endpoint.make({
    product,
    operation: `${product.id}.items.list`,
    method: "GET",
    path: "/items",
    response: Schema.Union(
      Envelope.FinanceList("items", Item),
      Schema.Struct({ data: Schema.Array(Item) })
    ),
    scopes: [`${product.scopePrefix}items.READ`]
  }),
  create: Endpoint.make({
    product,
    operation: `${product.id}.items.create`,
    method: "POST",
    path: "/items",
    body: Schema.Struct({ name: Schema.String }),
    response: Schema.Unknown,
    scopes: [`${product.scopePrefix}items.CREATE`]
  })
})

const json = (
  request: Parameters<typeof HttpClientResponse.fromWeb>[0],
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
) =>
  HttpClientResponse.fromWeb(
    request,
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } })
  )

const userOf = (key: string, credentials?: ZohoCredentials.ZohoCredentials) =>
  ZohoUser.make({
    key,
    credentials: credentials ?? ZohoCredentials.RefreshToken({
      clientId: "1000.MATRIX",
      clientSecret: Redacted.make("matrix-secret"),
      refreshToken: Redacted.make(`1000.refresh-${key}`)
    }),
    organizationId: ORG
  })

/** The in-test Zoho: counts token requests, records API requests, answers from `script` then OK. */
const harness = (product: ZohoProduct.ZohoProduct) => {
  const script: Array<Reply> = []
  const seen: Array<{ readonly method: string; readonly url: URL; readonly headers: Record<string, string> }> = []
  let tokenRequests = 0
  const client = HttpClient.make((request, url) =>
    Effect.suspend(() => {
      if (url.pathname === "/oauth/v2/token") {
        tokenRequests += 1
        return Effect.succeed(json(request, 200, { access_token: `1000.access${tokenRequests}`, expires_in: 3600 }))
      }
      seen.push({ method: request.method, url, headers: { ...request.headers } })
      const reply = script.shift() ?? { status: 200, body: okBody(product) }
      if (reply === "reset") {
        return Effect.fail(
          new HttpClientError.RequestError({
            request,
            reason: "Transport",
            cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })
          })
        )
      }
      return Effect.succeed(json(request, reply.status, reply.body, reply.headers))
    })
  )
  const layer = Zoho.layer({
    region: ZohoRegion.make("US"),
    user: userOf("matrix"),
    client: { retry: { jitter: false } }
  }).pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, client)), Layer.provide(MemoryTokenStore.layer))
  return { script, seen, tokenRequests: () => tokenRequests, layer, ...endpointsFor(product) }
}

/** Fork, move the test clock far ahead, join: no row may depend on wall-clock time. */
const timed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(effect)
    yield* TestClock.adjust(Duration.hours(1))
    return yield* Fiber.join(fiber)
  })

describe.each(products.map((product) => ({ product, id: product.id })))("product matrix: $id", ({ product }) => {
  it.effect("places the organization id per its rule", () =>
    Effect.gen(function*() {
      const h = harness(product)
      yield* Endpoint.call(h.list)().pipe(Effect.provide(h.layer))
      const sent = h.seen[0]!
      const rule = product.orgId
      if (rule._tag === "Query") assert.strictEqual(sent.url.searchParams.get(rule.name), ORG)
      if (rule._tag === "Header") {
        assert.strictEqual(sent.headers[rule.name.toLowerCase()], ORG)
        assert.isFalse(sent.url.searchParams.has("organization_id"))
      }
      if (rule._tag === "None") {
        assert.notInclude(sent.url.search, ORG)
        assert.notInclude(Object.values(sent.headers).join(" "), ORG)
      }
      assert.strictEqual(
        sent.url.pathname,
        `${product.useLegacyHosts ? product.legacyHosts!.basePath : product.basePath}/items`
      )
    }))

  it.effect("decodes its envelope", () =>
    Effect.gen(function*() {
      const h = harness(product)
      const page = yield* Endpoint.call(h.list)().pipe(Effect.provide(h.layer))
      const items = "items" in page ? page.items : page.data
      assert.deepStrictEqual(items.map((item) => item.id), ["1"])
    }))

  it.effect("an error body at HTTP 200 is a typed error", () =>
    Effect.gen(function*() {
      const h = harness(product)
      h.script.push({ status: 200, body: errorAt200(product) })
      const error = yield* Effect.flip(Endpoint.call(h.list)().pipe(Effect.provide(h.layer)))
      assert.strictEqual(error._tag, "ZohoApiError")
      if (error._tag !== "ZohoApiError") return
      assert.strictEqual(error.status, 200)
      assert.strictEqual(error.product, product.id)
      assert.strictEqual(error.code, errorAt200(product).code)
    }))

  it.effect("a 401 invalid token drops the token and replays once", () =>
    Effect.gen(function*() {
      const h = harness(product)
      h.script.push({ status: 401, body: errorBody(product, codeOf(product, "InvalidToken"), "invalid oauth token") })
      yield* Endpoint.call(h.list)().pipe(Effect.provide(h.layer))
      assert.strictEqual(h.seen.length, 2)
      assert.strictEqual(h.tokenRequests(), 2)
      assert.deepStrictEqual(h.seen.map((s) => s.headers["authorization"]), [
        "Zoho-oauthtoken 1000.access1",
        "Zoho-oauthtoken 1000.access2"
      ])
    }))

  it.effect("a not-authorized refusal (scope, permission) makes no token request", () =>
    Effect.gen(function*() {
      const h = harness(product)
      const code = codeOf(product, "NotAuthorized")
      assert.isDefined(code, `${product.id} declares a not-authorized code`)
      const error = yield* Effect.gen(function*() {
        yield* Endpoint.call(h.list)() // the token is minted here
        assert.strictEqual(h.tokenRequests(), 1)
        h.script.push({
          status: 401,
          body: errorBody(product, code, "You are not authorized to perform this operation")
        })
        return yield* Effect.flip(Endpoint.call(h.list)())
      }).pipe(Effect.provide(h.layer))
      assert.strictEqual(error._tag, "ZohoAuthError")
      if (error._tag !== "ZohoAuthError") return
      assert.strictEqual(error.reason, "ScopeMismatch")
      assert.deepStrictEqual(error.requiredScopes, [`${product.scopePrefix}items.READ`])
      assert.strictEqual(h.tokenRequests(), 1)
      assert.strictEqual(h.seen.length, 2)
    }))

  it.effect("honours Retry-After on a 429", () =>
    Effect.gen(function*() {
      const h = harness(product)
      h.script.push({
        status: 429,
        body: errorBody(product, codeOf(product, "RateLimited"), "too many requests"),
        headers: { "retry-after": "30" }
      })
      const fiber = yield* Effect.fork(Endpoint.call(h.list)().pipe(Effect.provide(h.layer)))
      yield* TestClock.adjust(Duration.seconds(29))
      assert.strictEqual(h.seen.length, 1)
      yield* TestClock.adjust(Duration.seconds(1))
      yield* Fiber.join(fiber)
      assert.strictEqual(h.seen.length, 2)
    }))

  it.effect("never replays a POST after a connection reset", () =>
    Effect.gen(function*() {
      const h = harness(product)
      h.script.push("reset")
      const error = yield* timed(
        Effect.flip(Endpoint.call(h.create)({ body: { name: "x" } }).pipe(Effect.provide(h.layer)))
      )
      assert.strictEqual(error._tag, "ZohoTransportError")
      if (error._tag === "ZohoTransportError") assert.isTrue(error.maybeProcessed)
      assert.strictEqual(h.seen.length, 1)
    }))
})

describe("throttle key", () => {
  /** A throttle that records the keys it is asked for. */
  const recording = () => {
    const keys: Array<ZohoThrottle.ThrottleKey> = []
    const layer = Layer.succeed(
      ZohoThrottle.ZohoThrottle,
      ZohoThrottle.ZohoThrottle.of({
        withPermit: (key, effect) => Effect.zipRight(Effect.sync(() => keys.push(key)), effect),
        observe: () => Effect.void
      })
    )
    return { keys, layer }
  }

  const stack = (product: ZohoProduct.ZohoProduct, throttle: Layer.Layer<ZohoThrottle.ZohoThrottle>) => {
    const client = HttpClient.make((request, url) =>
      Effect.succeed(
        url.pathname === "/oauth/v2/token"
          ? json(request, 200, { access_token: "1000.access", expires_in: 3600 })
          : json(request, 200, okBody(product))
      )
    )
    return ZohoClient.layer().pipe(
      Layer.provideMerge(
        Layer.merge(
          ZohoAuth.layer({ region: ZohoRegion.make("US"), user: userOf("a") }).pipe(Layer.provide(ZohoOAuth.layer())),
          throttle
        )
      ),
      Layer.provide(Layer.succeed(HttpClient.HttpClient, client)),
      Layer.provide(MemoryTokenStore.layer)
    )
  }

  it.effect("two users of one finance org share one bucket: the organization id", () =>
    Effect.gen(function*() {
      const r = recording()
      const { list } = endpointsFor(ZohoProducts.books)
      yield* Effect.gen(function*() {
        yield* ZohoUser.as(Endpoint.call(list)(), userOf("a"))
        yield* ZohoUser.as(Endpoint.call(list)(), userOf("b"))
      }).pipe(Effect.provide(stack(ZohoProducts.books, r.layer)))
      assert.deepStrictEqual(r.keys.map((k) => k.org), [`org:${ORG}`, `org:${ORG}`])
      assert.deepStrictEqual(r.keys.map((k) => k.product), ["books", "books"])
    }))

  it.effect("CRM: users with one declared orgKey share a bucket; without one, each user has its own", () =>
    Effect.gen(function*() {
      const r = recording()
      const { list } = endpointsFor(ZohoProducts.crm)
      const withOrg = (key: string) => ({ ...userOf(key), orgKey: "zgid-9" })
      yield* Effect.gen(function*() {
        yield* ZohoUser.as(Endpoint.call(list)(), withOrg("a"))
        yield* ZohoUser.as(Endpoint.call(list)(), withOrg("b"))
        yield* ZohoUser.as(Endpoint.call(list)(), userOf("c"))
      }).pipe(Effect.provide(stack(ZohoProducts.crm, r.layer)))
      assert.deepStrictEqual(r.keys.map((k) => k.org), ["org:zgid-9", "org:zgid-9", "user:c"])
    }))

  it("CRM: client credentials name their org in the soid", () => {
    const user = userOf(
      "s",
      ZohoCredentials.ClientCredentials({
        clientId: "1000.CC",
        clientSecret: Redacted.make("cc-secret"),
        scopes: ["ZohoCRM.modules.ALL"],
        soid: "ZohoCRM.778899"
      })
    )
    assert.strictEqual(ZohoUser.throttleOrg(user, ZohoProducts.crm.id), "org:778899")
  })
})
