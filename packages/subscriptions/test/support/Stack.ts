/**
 * The whole client stack over the in-memory simulator, as the Billing tests run it: the memory
 * token store, `Zoho.layer` and the simulator's HttpClient, with every request the client sends
 * recorded (method, path, query, the org id header) so a test can check what went on the wire.
 */
import { MemoryTokenStore, TokenStore, Zoho, ZohoCredentials, ZohoRegion, ZohoUser } from "@effect-zoho/core"
import { SimHttpClient, SimSeed, Simulator } from "@effect-zoho/sim"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"

export const ORG = "800001"
export const ORG_HEADER = "x-com-zoho-subscriptions-organizationid"

/** The demo user; `null` for one without an organization id. */
export const user = (organizationId: string | null) =>
  ZohoUser.make({
    credentials: ZohoCredentials.RefreshToken({
      clientId: "1000.SIMCLIENT",
      clientSecret: Redacted.make("sim-secret"),
      refreshToken: Redacted.make("1000.simrefresh"),
      userName: "admin@sim.example"
    }),
    ...(organizationId === null ? {} : { organizationId })
  })

/** One request as the client sent it (never its Authorization header). */
export interface Sent {
  readonly method: string
  /** The path below the product's base path, without the query string. */
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  /** The value of `X-com-zoho-subscriptions-organizationid`, if any. */
  readonly orgHeader: string | undefined
}

export interface Options {
  readonly seed?: SimSeed.SimSeed | undefined
  /** The user's organization id; `null` for a user without one. */
  readonly organizationId?: string | null | undefined
}

/** `financeRecords` for the demo org's Billing: collection → rows. */
export const seedWith = (billing: Readonly<Record<string, ReadonlyArray<Record<string, unknown>>>>) =>
  SimSeed.demo({ financeRecords: { org1: { billing } } })

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
          if (!url.pathname.startsWith("/billing/v1")) return Effect.void
          return Ref.update(sent, (all) => [...all, {
            method: request.method,
            path: url.pathname.slice("/billing/v1".length),
            query: Object.fromEntries(request.urlParams),
            orgHeader: request.headers[ORG_HEADER]
          }])
        }))
    ).pipe(Layer.provide(SimHttpClient.layerFrom(simulator)))
    const layer = Zoho.layer({
      region: ZohoRegion.make("US"),
      user: user(options.organizationId === undefined ? ORG : options.organizationId),
      // These tests are about the facade, not throttling: no per-minute window to wait for under TestClock.
      throttle: { policies: { billing: { requestsPerWindow: 100_000 } } }
    }).pipe(
      Layer.provide(recording),
      Layer.provide(Layer.succeed(TokenStore.TokenStore, store))
    )
    return { simulator, sent, layer: Layer.merge(layer, Layer.succeed(Simulator.Simulator, simulator)) }
  })
