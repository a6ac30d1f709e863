/**
 * The client stack over the in-memory simulator, for this package's tests: the demo seed (finance
 * org 800001), a memory token store, `Zoho.layer` on the simulator's HttpClient.
 */
import * as MemoryTokenStore from "@effect-zoho/core/MemoryTokenStore"
import * as TokenStore from "@effect-zoho/core/TokenStore"
import * as Zoho from "@effect-zoho/core/Zoho"
import * as ZohoCredentials from "@effect-zoho/core/ZohoCredentials"
import * as ZohoRegion from "@effect-zoho/core/ZohoRegion"
import * as ZohoUser from "@effect-zoho/core/ZohoUser"
import * as SimHttpClient from "@effect-zoho/sim/SimHttpClient"
import * as SimSeed from "@effect-zoho/sim/SimSeed"
import * as Simulator from "@effect-zoho/sim/Simulator"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

export const FINANCE_ORG = "800001"

export const userFor = (refreshToken: string, userName: string): ZohoUser.ZohoUser =>
  ZohoUser.make({
    credentials: ZohoCredentials.RefreshToken({
      clientId: "1000.SIMCLIENT",
      clientSecret: Redacted.make("sim-secret"),
      refreshToken: Redacted.make(refreshToken),
      userName
    }),
    organizationId: FINANCE_ORG
  })

export const admin = userFor("1000.simrefresh", "admin@sim.example")

/** A simulator and the stack wired to it, in one layer that also provides `Simulator`. */
export const stack = (options: { readonly seed?: SimSeed.SimSeed; readonly user?: ZohoUser.ZohoUser } = {}) =>
  Effect.gen(function*() {
    const simulator = yield* Simulator.make(options.seed ?? SimSeed.demo())
    const store = yield* MemoryTokenStore.make()
    const zoho = Zoho.layer({ region: ZohoRegion.make("US"), user: options.user ?? admin }).pipe(
      Layer.provide(SimHttpClient.layerFrom(simulator)),
      Layer.provide(Layer.succeed(TokenStore.TokenStore, store))
    )
    return { simulator, layer: Layer.merge(zoho, Layer.succeed(Simulator.Simulator, simulator)) }
  })
