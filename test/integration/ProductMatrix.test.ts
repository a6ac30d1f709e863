/**
 * One matrix, run for every product descriptor: core's six (`ZohoProducts`) and the Desk one a user
 * brings (examples/src/desk.ts). Bodies, codes and org-id checks come from the descriptor (core must
 * not switch on an id), so the rows never name a product.
 *
 * Two backends under the real stack (`Zoho.layer`: auth, throttle, retry):
 * - the simulator, for the six products it speaks: it checks the org id and answers with the
 *   product's envelope; each row injects the answer it needs as a fault (a 401 with the product's
 *   own invalid-token code, a 429 with `Retry-After`, a connection reset) and counts token
 *   requests itself;
 * - an in-test `HttpClient` for all seven (Desk included), which also shows where the org id went.
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
import * as Stack from "../support/Stack.js"

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

/**
 * Where a row's answers come from: an in-test Zoho, or the simulator (rows then inject the answers
 * they need as faults, and the simulator answers everything else as the product would).
 */
interface Backend {
  readonly layer: Layer.Layer<Zoho.Services>
  /** The next answer of the product's API. */
  readonly push: (reply: Reply) => Effect.Effect<void>
  /** API requests seen so far. */
  readonly sent: Effect.Effect<number>
  /** Token requests seen so far. */
  readonly tokenRequests: Effect.Effect<number>
  readonly list: Endpoint.Endpoint
  readonly create: Endpoint.Endpoint
  /** What the in-test Zoho saw (the simulator checks the org id itself). */
  readonly seen?: ReadonlyArray<
    { readonly method: string; readonly url: URL; readonly headers: Record<string, string> }
  >
}

/** The in-test Zoho: counts token requests, records API requests, answers from a script then OK. */
const inTest = (product: ZohoProduct.ZohoProduct): Effect.Effect<Backend> =>
  Effect.sync(() => {
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
    return {
      layer,
      push: (reply) => Effect.sync(() => script.push(reply)),
      sent: Effect.sync(() => seen.length),
      tokenRequests: Effect.sync(() => tokenRequests),
      seen,
      ...endpointsFor(product)
    }
  })

/** A list the simulator serves for each product it speaks (its seed has these resources). */
const simResources: Readonly<Record<ZohoProducts.KnownProductId, { readonly path: string; readonly key: string }>> = {
  crm: { path: "/Leads", key: "data" },
  books: { path: "/items", key: "items" },
  inventory: { path: "/items", key: "items" },
  invoice: { path: "/items", key: "items" },
  expense: { path: "/expenses", key: "expenses" },
  billing: { path: "/customers", key: "customers" }
}

/** The simulator's in-memory face under the real stack; faults stand in for the scripted answers. */
const onSimulator = (product: ZohoProduct.ZohoProduct): Effect.Effect<Backend> =>
  Effect.gen(function*() {
    const { layer, simulator } = yield* Stack.stack({ client: { retry: { jitter: false } } })
    const resource = simResources[product.id as ZohoProducts.KnownProductId]
    const apiRequests = Effect.map(
      simulator.log,
      (entries) => entries.filter((entry) => entry.path.startsWith(product.basePath)).length
    )
    return {
      layer,
      push: (reply) =>
        simulator.injectFault({
          route: { pathPrefix: product.basePath },
          fault: reply === "reset"
            ? { _tag: "Reset" }
            : { _tag: "Status", status: reply.status, body: reply.body, headers: reply.headers }
        }),
      sent: apiRequests,
      tokenRequests: Effect.map(simulator.stats, (s) => s.tokenRequests.refresh_token),
      list: Endpoint.make({
        product,
        operation: `${product.id}.matrix.list`,
        method: "GET",
        path: resource.path,
        // CRM lists need `fields`, and answer an empty list with 204 (an empty page for a CRM list).
        ...(product.envelope === "crmStyle"
          ? { query: Schema.Struct({ fields: Schema.String }), pagination: Endpoint.crmPage }
          : {}),
        response: Schema.Struct({ [resource.key]: Schema.Array(Schema.Unknown) }),
        scopes: [`${product.scopePrefix}matrix.READ`]
      }),
      create: Endpoint.make({
        product,
        operation: `${product.id}.matrix.create`,
        method: "POST",
        path: resource.path,
        body: Schema.Struct({ name: Schema.String }),
        response: Schema.Unknown,
        scopes: [`${product.scopePrefix}matrix.CREATE`]
      })
    }
  })

/** Call the backend's list endpoint (CRM lists on the simulator need `fields`; others ignore it). */
const callList = (backend: Backend) =>
  Endpoint.call(backend.list)({ query: { fields: "Last_Name" } } as Endpoint.Input<Endpoint.Definition>)

const callCreate = (backend: Backend) =>
  Endpoint.call(backend.create)({ body: { name: "x" } } as Endpoint.Input<Endpoint.Definition>)

/** Fork, move the test clock far ahead, join: no row may depend on wall-clock time. */
const timed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(effect)
    yield* TestClock.adjust(Duration.hours(1))
    return yield* Fiber.join(fiber)
  })

/** The rows, for one product on one backend. */
const rows = (product: ZohoProduct.ZohoProduct, backendFor: (p: ZohoProduct.ZohoProduct) => Effect.Effect<Backend>) => {
  const run = (row: (b: Backend) => Effect.Effect<void, unknown, Zoho.Services>) =>
    Effect.flatMap(backendFor(product), (b) => Effect.provide(row(b), b.layer))

  it.effect("places the organization id per its rule", () =>
    run((b) =>
      Effect.gen(function*() {
        yield* callList(b)
        if (b.seen === undefined) return // the simulator refuses a call without a valid org id
        const sent = b.seen[0]!
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
        const basePath = product.useLegacyHosts ? product.legacyHosts!.basePath : product.basePath
        assert.strictEqual(sent.url.pathname, `${basePath}/items`)
      })
    ))

  it.effect("decodes its envelope", () =>
    run((b) =>
      Effect.gen(function*() {
        const page = yield* callList(b)
        assert.isTrue(typeof page === "object" && page !== null)
        if (b.seen !== undefined) {
          const typed = page as {
            readonly items?: ReadonlyArray<{ id: string }>
            readonly data?: ReadonlyArray<{ id: string }>
          }
          assert.deepStrictEqual((typed.items ?? typed.data ?? []).map((item) => item.id), ["1"])
        }
      })
    ))

  it.effect("an error body at HTTP 200 is a typed error", () =>
    run((b) =>
      Effect.gen(function*() {
        yield* b.push({ status: 200, body: errorAt200(product) })
        const error = yield* Effect.flip(callList(b))
        assert.strictEqual(error._tag, "ZohoApiError")
        if (error._tag !== "ZohoApiError") return
        assert.strictEqual(error.status, 200)
        assert.strictEqual(error.product, product.id)
        assert.strictEqual(error.code, errorAt200(product).code)
      })
    ))

  it.effect("a 401 invalid token drops the token and replays once", () =>
    run((b) =>
      Effect.gen(function*() {
        yield* b.push({ status: 401, body: errorBody(product, codeOf(product, "InvalidToken"), "invalid oauth token") })
        yield* callList(b)
        assert.strictEqual(yield* b.sent, 2)
        assert.strictEqual(yield* b.tokenRequests, 2)
        if (b.seen !== undefined) {
          assert.deepStrictEqual(b.seen.map((s) => s.headers["authorization"]), [
            "Zoho-oauthtoken 1000.access1",
            "Zoho-oauthtoken 1000.access2"
          ])
        }
      })
    ))

  it.effect("a not-authorized refusal (scope, permission) makes no token request", () =>
    run((b) =>
      Effect.gen(function*() {
        const code = codeOf(product, "NotAuthorized")
        assert.isDefined(code, `${product.id} declares a not-authorized code`)
        yield* callList(b) // the token is minted here
        assert.strictEqual(yield* b.tokenRequests, 1)
        yield* b.push({
          status: 401,
          body: errorBody(product, code, "You are not authorized to perform this operation")
        })
        const error = yield* Effect.flip(callList(b))
        assert.strictEqual(error._tag, "ZohoAuthError")
        if (error._tag !== "ZohoAuthError") return
        assert.strictEqual(error.reason, "ScopeMismatch")
        assert.deepStrictEqual(error.requiredScopes, b.list.scopes)
        assert.strictEqual(yield* b.tokenRequests, 1)
        assert.strictEqual(yield* b.sent, 2)
      })
    ))

  it.effect("honours Retry-After on a 429", () =>
    run((b) =>
      Effect.gen(function*() {
        yield* b.push({
          status: 429,
          body: errorBody(product, codeOf(product, "RateLimited"), "too many requests"),
          headers: { "retry-after": "30" }
        })
        const fiber = yield* Effect.fork(callList(b))
        yield* TestClock.adjust(Duration.seconds(29))
        assert.strictEqual(yield* b.sent, 1)
        yield* TestClock.adjust(Duration.seconds(1))
        yield* Fiber.join(fiber)
        assert.strictEqual(yield* b.sent, 2)
      })
    ))

  it.effect("never replays a POST after a connection reset", () =>
    run((b) =>
      Effect.gen(function*() {
        yield* b.push("reset")
        const error = yield* timed(Effect.flip(callCreate(b)))
        assert.strictEqual(error._tag, "ZohoTransportError")
        if (error._tag === "ZohoTransportError") assert.isTrue(error.maybeProcessed)
        assert.strictEqual(yield* b.sent, 1)
      })
    ))
}

describe.each(products.map((product) => ({ product, id: product.id })))(
  "product matrix, in-test HttpClient: $id",
  ({ product }) => rows(product, inTest)
)

describe.each(Object.values(ZohoProducts.all).map((product) => ({ product, id: product.id })))(
  "product matrix, simulator: $id",
  ({ product }) => rows(product, onSimulator)
)

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
