import { Endpoint, Envelope, MemoryTokenStore, Zoho, ZohoCredentials, ZohoRegion, ZohoUser } from "@effect-zoho/core"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import { ZohoNodeHttp } from "@effect-zoho/node"
import { SimSeed } from "@effect-zoho/sim"
import { ZohoSimServer } from "@effect-zoho/zoho-sim"
import type * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Http from "node:http"
import * as Net from "node:net"

/**
 * A real forward proxy on loopback: answers CONNECT (what undici's ProxyAgent sends) after
 * checking Basic credentials, and records every tunnel it opened.
 */
const proxyServer = (credentials: string) =>
  Effect.acquireRelease(
    Effect.async<{ port: number; tunnels: Array<string>; server: Http.Server }>((resume) => {
      const tunnels: Array<string> = []
      const server = Http.createServer((_req, res) => res.writeHead(405).end())
      server.on("connect", (req, client: Net.Socket, head) => {
        const auth = req.headers["proxy-authorization"]
        if (auth !== `Basic ${Buffer.from(credentials).toString("base64")}`) {
          client.end("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n")
          return
        }
        const [host, port] = (req.url ?? "").split(":")
        tunnels.push(req.url ?? "")
        const upstream = Net.connect(Number(port), host, () => {
          client.write("HTTP/1.1 200 Connection Established\r\n\r\n")
          upstream.write(head)
          upstream.pipe(client)
          client.pipe(upstream)
        })
        upstream.on("error", () => client.destroy())
        client.on("error", () => upstream.destroy())
      })
      server.listen(0, "127.0.0.1", () => {
        resume(Effect.succeed({ port: (server.address() as Net.AddressInfo).port, tunnels, server }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )

const listLeads = Endpoint.make({
  product: ZohoProducts.crm,
  operation: "crm.leads.list",
  method: "GET",
  path: "/Leads",
  query: Schema.Struct({ fields: Schema.Array(Schema.String) }),
  response: Envelope.CrmList(Schema.Struct({ id: Schema.String })),
  empty: { data: [] }
})

const user = ZohoUser.make({
  credentials: ZohoCredentials.RefreshToken({
    clientId: "1000.SIMCLIENT",
    clientSecret: Redacted.make("sim-secret"),
    refreshToken: Redacted.make("1000.simrefresh")
  })
})

const stackThrough = (url: string, http: Layer.Layer<HttpClient.HttpClient>) =>
  Zoho.layer({
    region: ZohoRegion.make("US", "production", { accountsUrl: url, apiUrl: url, uploadUrl: url }),
    user,
    client: { retry: { maxRetries: 0 } }
  }).pipe(Layer.provide(http), Layer.provide(MemoryTokenStore.layer))

describe("ZohoNodeHttp", () => {
  it.scoped("reaches the accounts server and the API through an authenticating proxy", () =>
    Effect.gen(function*() {
      const sim = yield* ZohoSimServer.make({ port: 0, host: "127.0.0.1", seed: SimSeed.demo() })
      const proxy = yield* proxyServer("zoho:s3cret")
      const http = ZohoNodeHttp.layer({
        proxy: { host: "127.0.0.1", port: proxy.port, user: "zoho", password: Redacted.make("s3cret") }
      })
      const page = yield* Endpoint.call(listLeads)({ query: { fields: ["Last_Name"] } }).pipe(
        Effect.provide(stackThrough(sim.url, http))
      )
      assert.deepStrictEqual(page.data, [])
      const target = sim.url.replace("http://", "")
      assert.isAtLeast(proxy.tunnels.length, 1)
      assert.isTrue(proxy.tunnels.every((t) => t === target))
      const stats = yield* sim.simulator.stats
      assert.strictEqual(stats.tokenRequests.refresh_token, 1)
    }))

  it.scoped("a proxy that refuses the credentials is a typed transport error, and nothing reaches Zoho", () =>
    Effect.gen(function*() {
      const sim = yield* ZohoSimServer.make({ port: 0, host: "127.0.0.1", seed: SimSeed.demo() })
      const proxy = yield* proxyServer("zoho:s3cret")
      const http = ZohoNodeHttp.layer({
        proxy: { host: "127.0.0.1", port: proxy.port, user: "zoho", password: Redacted.make("wrong") }
      })
      const error = yield* Effect.flip(
        Endpoint.call(listLeads)({ query: { fields: ["Last_Name"] } }).pipe(Effect.provide(stackThrough(sim.url, http)))
      )
      assert.strictEqual(error._tag, "ZohoTransportError")
      assert.notInclude(JSON.stringify(error), "wrong")
      assert.strictEqual((yield* sim.simulator.stats).requests, 0)
    }))

  it.scoped("without a proxy it talks to the server directly", () =>
    Effect.gen(function*() {
      const sim = yield* ZohoSimServer.make({ port: 0, host: "127.0.0.1", seed: SimSeed.demo() })
      const page = yield* Endpoint.call(listLeads)({ query: { fields: ["Last_Name"] } }).pipe(
        Effect.provide(stackThrough(sim.url, ZohoNodeHttp.layer()))
      )
      assert.deepStrictEqual(page.data, [])
    }))
})
