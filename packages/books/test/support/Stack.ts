/**
 * The whole client stack over the in-memory simulator, for the Books tests: memory token store,
 * `Zoho.layer` with the simulator's HttpClient, and a record of every URL sent (with its query,
 * which the simulator's own log leaves out) so tests can tell which org id went out.
 */
import { MemoryTokenStore, TokenStore, Zoho, ZohoCredentials, ZohoRegion, ZohoUser } from "@effect-zoho/core"
import type * as ZohoClient from "@effect-zoho/core/ZohoClient"
import type * as ZohoThrottle from "@effect-zoho/core/ZohoThrottle"
import { SimHttpClient, SimSeed, Simulator } from "@effect-zoho/sim"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"

export const FINANCE_ORG = "800001"
/** The Books organization id of `SimSeed.demo()`'s org (the same as {@link FINANCE_ORG}). */
export const ORG = FINANCE_ORG

const credentials = ZohoCredentials.RefreshToken({
  clientId: "1000.SIMCLIENT",
  clientSecret: Redacted.make("sim-secret"),
  refreshToken: Redacted.make("1000.simrefresh"),
  userName: "admin@sim.example"
})

/** The seed's admin with the seed's Books organization. */
export const user = ZohoUser.make({ credentials, organizationId: FINANCE_ORG })

/** The same admin with no organization id anywhere. */
export const userWithoutOrg = ZohoUser.make({ credentials })

export interface Options {
  readonly seed?: SimSeed.SimSeed | undefined
  readonly user?: ZohoUser.ZohoUser | undefined
  readonly client?: ZohoClient.Options | undefined
  readonly throttle?: ZohoThrottle.Options | undefined
}

/** One request as it left the client. */
export interface Sent {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  /** The body's content type (`multipart/form-data; boundary=…` for uploads), if any. */
  readonly contentType: string | undefined
}

const contentTypeOf = (request: HttpClientRequest.HttpClientRequest): string | undefined =>
  request.headers["content-type"] ?? ("contentType" in request.body ? request.body.contentType : undefined)

export const stack = (options: Options = {}) =>
  Effect.gen(function*() {
    const simulator = yield* Simulator.make(options.seed ?? SimSeed.demo())
    const store = yield* MemoryTokenStore.make()
    const sent = yield* Ref.make<ReadonlyArray<Sent>>([])
    const recording = Layer.effect(
      HttpClient.HttpClient,
      Effect.map(HttpClient.HttpClient, (client) =>
        HttpClient.tapRequest(client, (request) => {
          const url = new URL(request.url)
          const query = new URLSearchParams(url.search)
          for (const [name, value] of request.urlParams) query.append(name, value)
          return Ref.update(
            sent,
            (
              all
            ) => [...all, { method: request.method, path: url.pathname, query, contentType: contentTypeOf(request) }]
          )
        }))
    ).pipe(Layer.provide(SimHttpClient.layerFrom(simulator)))
    const zoho = Zoho.layer({
      region: ZohoRegion.make("US"),
      user: options.user ?? user,
      client: options.client,
      throttle: options.throttle
    }).pipe(
      Layer.provide(recording),
      Layer.provide(Layer.succeed(TokenStore.TokenStore, store))
    )
    /** The requests sent to the Books API (token requests left out). */
    const booksRequests = Effect.map(Ref.get(sent), (all) => all.filter((r) => r.path.startsWith("/books/")))
    return { simulator, store, booksRequests, layer: Layer.merge(zoho, Layer.succeed(Simulator.Simulator, simulator)) }
  })

/** How many requests the simulator answered for `method path` (paths without query strings). */
export const requestsTo = (simulator: Simulator.Service, method: string, path: string) =>
  Effect.map(simulator.log, (log) => log.filter((e) => e.method === method && e.path === path).length)
