import { SimHttpApp, SimSeed, Simulator } from "@effect-zoho/sim"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import * as HttpServer from "@effect/platform/HttpServer"
import type * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Http from "node:http"
import { fakeProducts } from "./support/FakeProducts.js"

const dropConnection = (request: HttpServerRequest.HttpServerRequest, kind: "Reset" | "Refuse") =>
  Effect.sync(() => {
    const socket = NodeHttpServerRequest.toIncomingMessage(request).socket
    if (kind === "Reset") socket.resetAndDestroy()
    else socket.destroy()
  })

/** A simulator served on a loopback port for the test's scope; returns its base URL. */
const serve = (options: { readonly drop?: boolean; readonly builtIn?: boolean } = {}) =>
  Effect.gen(function*() {
    const node = Http.createServer()
    const server = yield* NodeHttpServer.make(() => node, { port: 0, host: "127.0.0.1" })
    const simulator = yield* Simulator.make(SimSeed.demo(), {
      products: options.builtIn === true ? [] : fakeProducts,
      builtInProducts: options.builtIn === true
    })
    yield* HttpServer.serveEffect(
      SimHttpApp.make(simulator, options.drop === false ? {} : { dropConnection })
    ).pipe(Effect.provideService(HttpServer.HttpServer, server))
    yield* Effect.addFinalizer(() => Effect.sync(() => node.closeAllConnections()))
    const address = server.address
    assert(address._tag === "TcpAddress")
    return { url: `http://127.0.0.1:${address.port}`, simulator }
  })

const fetchJson = (url: string, init?: RequestInit) =>
  Effect.promise(async () => {
    const res = await fetch(url, init)
    const text = await res.text()
    return { status: res.status, headers: res.headers, body: text === "" ? undefined : JSON.parse(text) }
  })

const accessToken = (url: string) =>
  Effect.map(
    fetchJson(`${url}/oauth/v2/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: "1000.simrefresh",
        client_id: "1000.SIMCLIENT",
        client_secret: "sim-secret"
      })
    }),
    (r) => r.body.access_token as string
  )

/** The error fetch rejects with, or `undefined` when it answered. */
const fetchError = (url: string, init?: RequestInit) =>
  Effect.promise(() =>
    fetch(url, init).then(
      (res) => res.text().then(() => undefined),
      (error: unknown) => error as Error & { cause?: { code?: string; name?: string } }
    )
  )

describe("SimHttpApp", () => {
  it.scopedLive("serves the accounts server and products over real HTTP", () =>
    Effect.gen(function*() {
      const { url } = yield* serve()
      const t = yield* accessToken(url)
      assert.match(t, /^1000\./)
      const contacts = yield* fetchJson(`${url}/books/v3/contacts?organization_id=800001`, {
        headers: { authorization: `Zoho-oauthtoken ${t}` }
      })
      assert.strictEqual(contacts.status, 200)
      assert.strictEqual(contacts.body.code, 0)
      assert.strictEqual(contacts.headers.get("x-rate-limit-limit"), "1000")
      const echo = yield* fetchJson(`${url}/books/v3/echo?organization_id=800001`, {
        method: "POST",
        headers: { authorization: `Zoho-oauthtoken ${t}`, "content-type": "application/json" },
        body: JSON.stringify({ a: 1 })
      })
      assert.strictEqual(echo.body.body, "{\"a\":1}")
      assert.strictEqual(echo.body.contentType, "application/json")
      const missing = yield* fetchJson(`${url}/nope`)
      assert.strictEqual(missing.status, 404)
      const stats = yield* fetchJson(`${url}/__sim/stats`)
      assert.strictEqual(stats.body.requests, 4)
    }))

  it.scopedLive("reset and refuse drop the socket; hang never answers until the client gives up", () =>
    Effect.gen(function*() {
      const { simulator, url } = yield* serve()
      yield* simulator.injectFault({ route: { pathPrefix: "/crm/" }, fault: { _tag: "Reset" } })
      const reset = yield* fetchError(`${url}/crm/v8/Leads`)
      assert.isDefined(reset)
      assert.strictEqual(reset!.name, "TypeError")
      yield* simulator.injectFault({ route: { pathPrefix: "/crm/" }, fault: { _tag: "Refuse" } })
      assert.isDefined(yield* fetchError(`${url}/crm/v8/Leads`))
      yield* simulator.injectFault({ route: { pathPrefix: "/crm/" }, fault: { _tag: "Hang" } })
      const hung = yield* fetchError(`${url}/crm/v8/Leads`, { signal: AbortSignal.timeout(300) })
      assert.isDefined(hung)
      assert.strictEqual(hung!.name, "TimeoutError")
      // Normal service afterwards.
      const after = yield* fetchJson(`${url}/crm/v8/Leads`)
      assert.strictEqual(after.status, 401)
      const log = yield* simulator.log
      assert.deepStrictEqual(log.map((e) => e.outcome), ["Reset", "Refuse", "Hang", "Respond"])
    }))

  it.scopedLive("without dropConnection a dropped connection becomes a 503 that closes the connection", () =>
    Effect.gen(function*() {
      const { simulator, url } = yield* serve({ drop: false })
      yield* simulator.injectFault({ fault: { _tag: "Reset" } })
      const res = yield* fetchJson(`${url}/crm/v8/Leads`)
      assert.strictEqual(res.status, 503)
      assert.strictEqual(res.headers.get("x-sim-fault"), "Reset")
    }))

  it.scopedLive("admin controls over HTTP: inject, list and clear faults", () =>
    Effect.gen(function*() {
      const { url } = yield* serve()
      const injected = yield* fetchJson(`${url}/__sim/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify([
          { route: { method: "GET", pathPrefix: "/crm/" }, times: 2, fault: { _tag: "Status", status: 500 } },
          { route: { pattern: "^/books/" }, fault: { _tag: "Delay", duration: "50 millis" } }
        ])
      })
      assert.strictEqual(injected.status, 200)
      assert.strictEqual(injected.body.faults.length, 2)
      assert.deepStrictEqual(injected.body.faults[1].fault, { _tag: "Delay", millis: 50 })
      assert.strictEqual((yield* fetchJson(`${url}/crm/v8/Leads`)).status, 500)
      const listed = yield* fetchJson(`${url}/__sim/faults`)
      assert.strictEqual(listed.body.faults[0].remaining, 1)
      assert.strictEqual((yield* fetchJson(`${url}/__sim/faults`, { method: "DELETE" })).status, 200)
      assert.strictEqual((yield* fetchJson(`${url}/crm/v8/Leads`)).status, 401)
      assert.deepStrictEqual((yield* fetchJson(`${url}/__sim/faults`)).body.faults, [])
    }))

  it.scopedLive("serves the built-in products", () =>
    Effect.gen(function*() {
      const { url } = yield* serve({ builtIn: true })
      const t = yield* accessToken(url)
      const books = yield* fetchJson(`${url}/books/v3/contacts?organization_id=800001`, {
        headers: { authorization: `Zoho-oauthtoken ${t}` }
      })
      assert.strictEqual(books.status, 200)
      assert.strictEqual(books.body.code, 0)
      assert.isArray(books.body.contacts)
      const crm = yield* fetchJson(`${url}/crm/v8/org`, { headers: { authorization: `Zoho-oauthtoken ${t}` } })
      assert.oneOf(crm.status, [200, 204])
      const bad = yield* fetchJson(`${url}/crm/v8/Leads`, { headers: { authorization: "Zoho-oauthtoken 1000.bad" } })
      assert.strictEqual(bad.status, 401)
      assert.strictEqual(bad.body.code, "INVALID_TOKEN")
    }))
})
