/**
 * The simulator's two faces (in memory and over a real socket) must classify a dropped
 * connection the same way, through the production stack: what a client concludes (reason,
 * whether the request may have been processed) cannot depend on the face a test picked.
 */
import {
  Endpoint,
  Envelope,
  MemoryTokenStore,
  Zoho,
  ZohoCredentials,
  type ZohoError,
  ZohoRegion,
  ZohoUser
} from "@effect-zoho/core"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import { ZohoNodeHttp } from "@effect-zoho/node"
import { SimHttpClient, SimSeed, Simulator } from "@effect-zoho/sim"
import { ZohoSimServer } from "@effect-zoho/zoho-sim"
import type * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Net from "node:net"

const Lead = Schema.Struct({ id: Schema.String })

const listLeads = Endpoint.make({
  product: ZohoProducts.crm,
  operation: "crm.leads.list",
  method: "GET",
  path: "/Leads",
  query: Schema.Struct({ fields: Schema.Array(Schema.String) }),
  response: Envelope.CrmList(Lead),
  empty: { data: [] }
})

const createLead = Endpoint.make({
  product: ZohoProducts.crm,
  operation: "crm.leads.create",
  method: "POST",
  path: "/Leads",
  body: Schema.Struct({ data: Schema.Array(Schema.Struct({ Last_Name: Schema.String })) }),
  response: Envelope.CrmWriteResults
})

const user = ZohoUser.make({
  credentials: ZohoCredentials.RefreshToken({
    clientId: "1000.SIMCLIENT",
    clientSecret: Redacted.make("sim-secret"),
    refreshToken: Redacted.make("1000.simrefresh")
  })
})

const stack = (url: string, http: Layer.Layer<HttpClient.HttpClient>) =>
  Zoho.layer({
    region: ZohoRegion.make("US", "production", { accountsUrl: url, apiUrl: url, uploadUrl: url }),
    user,
    client: { retry: { maxRetries: 0 } }
  }).pipe(Layer.provide(http), Layer.provide(MemoryTokenStore.layer))

type Face = "memory" | "http"
type Kind = "Reset" | "Refuse"

interface Seen {
  readonly tag: string
  readonly reason: string | undefined
  readonly maybeProcessed: boolean | undefined
  /** Leads the simulator holds afterwards (a dropped create must not have been processed). */
  readonly leads: number
}

/** Run one call with `kind` injected on it, through the face's production stack. */
const observe = (face: Face, kind: Kind, call: "list" | "create") =>
  Effect.scoped(Effect.gen(function*() {
    const { simulator, url, http } = face === "http"
      ? yield* Effect.map(
        ZohoSimServer.make({ port: 0, host: "127.0.0.1", seed: SimSeed.demo() }),
        (running) => ({ simulator: running.simulator, url: running.url, http: ZohoNodeHttp.layer() })
      )
      : yield* Effect.map(Simulator.make(SimSeed.demo()), (simulator) => ({
        simulator,
        url: "https://sim.example",
        http: SimHttpClient.layerFrom(simulator)
      }))
    const live = stack(url, http)
    // A first call gets the token, so the fault hits the API call itself.
    yield* Endpoint.call(listLeads)({ query: { fields: ["Last_Name"] } }).pipe(Effect.provide(live))
    yield* simulator.injectFault({ route: { pathPrefix: "/crm/" }, fault: { _tag: kind } })
    const run = call === "list"
      ? Effect.asVoid(Endpoint.call(listLeads)({ query: { fields: ["Last_Name"] } }))
      : Effect.asVoid(Endpoint.call(createLead)({ body: { data: [{ Last_Name: "Dropped" }] } }))
    const error = yield* Effect.flip(run.pipe(Effect.provide(live))) as Effect.Effect<ZohoError.ZohoError>
    const after = yield* Endpoint.call(listLeads)({ query: { fields: ["Last_Name"] } }).pipe(Effect.provide(live))
    return {
      tag: error._tag,
      reason: error._tag === "ZohoTransportError" ? error.reason : undefined,
      maybeProcessed: error._tag === "ZohoTransportError" ? error.maybeProcessed : undefined,
      leads: Endpoint.isNotModified(after) ? -1 : after.data.length
    } satisfies Seen
  }))

describe("simulator faces agree on dropped connections", () => {
  for (const kind of ["Reset", "Refuse"] as const) {
    for (const call of ["list", "create"] as const) {
      it.live(`${kind} on a ${call}: same error in memory and over HTTP`, () =>
        Effect.gen(function*() {
          const memory = yield* observe("memory", kind, call)
          const http = yield* observe("http", kind, call)
          assert.deepStrictEqual(memory, http)
          // The request went out: a client cannot know it was not processed.
          assert.deepStrictEqual(memory, {
            tag: "ZohoTransportError",
            reason: "ConnectionReset",
            maybeProcessed: true,
            leads: 0
          })
        }))
    }
  }

  it.live("a refused connection agrees too: a closed port over HTTP, refuseConnections in memory", () =>
    Effect.gen(function*() {
      // Take a free port, then close it: nothing listens there any more.
      const port = yield* Effect.async<number>((resume) => {
        const server = Net.createServer()
        server.listen(0, "127.0.0.1", () => {
          const { port } = server.address() as Net.AddressInfo
          server.close(() => resume(Effect.succeed(port)))
        })
      })
      const classify = (error: ZohoError.ZohoError) =>
        error._tag === "ZohoTransportError"
          ? { tag: error._tag, reason: error.reason, maybeProcessed: error.maybeProcessed }
          : { tag: error._tag }
      const call = Endpoint.call(listLeads)({ query: { fields: ["Last_Name"] } })
      // The token request is the first to go out, and is refused.
      const http = yield* Effect.flip(
        call.pipe(Effect.provide(stack(`http://127.0.0.1:${port}`, ZohoNodeHttp.layer())))
      )
      const simulator = yield* Simulator.make(SimSeed.demo())
      const memory = yield* Effect.flip(call.pipe(Effect.provide(stack(
        "https://sim.example",
        SimHttpClient.layerFrom(simulator, { refuseConnections: { times: Infinity } })
      ))))
      assert.deepStrictEqual(classify(memory), classify(http))
      assert.deepStrictEqual(classify(http), {
        tag: "ZohoTransportError",
        reason: "ConnectionRefused",
        maybeProcessed: false
      })
      // Provably never seen: the simulator has no trace of it.
      assert.deepStrictEqual(yield* simulator.log, [])
    }))
})
