/**
 * The whole client stack over the in-memory simulator, for Books: what the package's tests run
 * against. The same wiring as the repository's test/support/Stack.ts (memory token store, the
 * simulator's HttpClient, `Zoho.layer`), with a user whose Books organization id is the demo
 * seed's finance org, so every Books call names it.
 */
import { MemoryTokenStore, TokenStore, Zoho, ZohoCredentials, ZohoRegion, ZohoUser } from "@effect-zoho/core"
import type * as ZohoClient from "@effect-zoho/core/ZohoClient"
import type * as ZohoThrottle from "@effect-zoho/core/ZohoThrottle"
import { SimHttpClient, SimSeed, Simulator } from "@effect-zoho/sim"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

/** The Books organization id of `SimSeed.demo()`'s org. */
export const ORG = "800001"

/** The demo seed's admin, by refresh token, in the Books org. */
export const user = ZohoUser.make({
  credentials: ZohoCredentials.RefreshToken({
    clientId: "1000.SIMCLIENT",
    clientSecret: Redacted.make("sim-secret"),
    refreshToken: Redacted.make("1000.simrefresh"),
    userName: "admin@sim.example"
  }),
  organizationId: ORG
})

export interface Options {
  /** Default `SimSeed.demo()`. */
  readonly seed?: SimSeed.SimSeed | undefined
  readonly user?: ZohoUser.ZohoUser | undefined
  readonly client?: ZohoClient.Options | undefined
  readonly throttle?: ZohoThrottle.Options | undefined
}

/**
 * A fresh simulator and the stack wired to it. `layer` provides `Zoho.Services` and the
 * `Simulator` (for counters, the request log and fault injection).
 */
export const stack = (options: Options = {}) =>
  Effect.gen(function*() {
    const simulator = yield* Simulator.make(options.seed ?? SimSeed.demo())
    const store = yield* MemoryTokenStore.make()
    const zoho = Zoho.layer({
      region: ZohoRegion.make("US"),
      user: options.user ?? user,
      client: options.client,
      throttle: options.throttle
    }).pipe(
      Layer.provide(SimHttpClient.layerFrom(simulator)),
      Layer.provide(Layer.succeed(TokenStore.TokenStore, store))
    )
    return { simulator, layer: Layer.merge(zoho, Layer.succeed(Simulator.Simulator, simulator)) }
  })

/** How many requests the simulator answered for `method path` (paths without query strings). */
export const requestsTo = (simulator: Simulator.Service, method: string, path: string) =>
  Effect.map(simulator.log, (log) => log.filter((e) => e.method === method && e.path === path).length)
