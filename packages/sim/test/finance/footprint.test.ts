/**
 * The cost of driving the finance products from their OpenAPI model: the server's start time
 * (model parsed, resources inferred, port open, first finance answer) and its memory, printed.
 * Only generous bounds are asserted; the figures are for the reader (the target here is < 2 s).
 */
import { SimHttpApp, SimSeed, Simulator } from "@effect-zoho/sim"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpServer from "@effect/platform/HttpServer"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Http from "node:http"

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)

describe("finance simulator footprint", () => {
  it.live("starts with the four finance files' model loaded, and answers over HTTP", () =>
    Effect.scoped(Effect.gen(function*() {
      const before = process.memoryUsage()
      const started = performance.now()
      const node = Http.createServer()
      const server = yield* NodeHttpServer.make(() => node, { port: 0, host: "127.0.0.1" })
      const simulator = yield* Simulator.make(SimSeed.demo())
      yield* HttpServer.serveEffect(SimHttpApp.make(simulator)).pipe(
        Effect.provideService(HttpServer.HttpServer, server)
      )
      yield* Effect.addFinalizer(() => Effect.sync(() => node.closeAllConnections()))
      const address = server.address
      assert(address._tag === "TcpAddress")
      const url = `http://127.0.0.1:${address.port}`
      const call = (path: string, init: RequestInit = {}) =>
        Effect.promise(async () => {
          const res = await fetch(`${url}${path}`, init)
          return { status: res.status, body: await res.json() as Record<string, unknown> }
        })
      const token = yield* call("/oauth/v2/token", {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "refresh_token",
          refresh_token: "1000.simrefresh",
          client_id: "1000.SIMCLIENT",
          client_secret: "sim-secret"
        })
      })
      const auth = { authorization: `Zoho-oauthtoken ${String(token.body.access_token)}` }
      const first = yield* call("/books/v3/contacts?organization_id=800001", { headers: auth })
      const startMs = performance.now() - started
      assert.strictEqual(first.status, 200)
      const after = process.memoryUsage()

      // Bad input over HTTP is Zoho's answer, never a 500 from the simulator.
      const garbage = yield* call("/books/v3/contacts?organization_id=800001", {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: "{not json"
      })
      assert.deepStrictEqual(garbage, { status: 400, body: { code: 1038, message: "JSON is not well formed" } })

      console.log(
        `finance simulator: started in ${startMs.toFixed(0)} ms; heap ${mb(after.heapUsed)} MB ` +
          `(+${mb(after.heapUsed - before.heapUsed)} MB for the server and model), rss ${mb(after.rss)} MB`
      )
      assert.isBelow(startMs, 20_000)
      assert.isBelow(after.heapUsed - before.heapUsed, 500 * 1024 * 1024)
    })))
})
