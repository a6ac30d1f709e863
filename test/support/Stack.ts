/**
 * The full client stack over the in-memory simulator: what the integration tests run against.
 */
import { MemoryTokenStore, TokenStore, Zoho, ZohoCredentials, ZohoRegion, ZohoUser } from "@effect-zoho/core"
import type * as ZohoClient from "@effect-zoho/core/ZohoClient"
import type * as ZohoThrottle from "@effect-zoho/core/ZohoThrottle"
import { SimHttpClient, SimSeed, Simulator } from "@effect-zoho/sim"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

export const CLIENT_ID = "1000.SIMCLIENT"
export const CLIENT_SECRET = "sim-secret"
export const REFRESH_TOKEN = "1000.simrefresh"
export const GRANT_CODE = "1000.simgrant"
export const FINANCE_ORG = "800001"

export const refreshUser = ZohoUser.make({
  credentials: ZohoCredentials.RefreshToken({
    clientId: CLIENT_ID,
    clientSecret: Redacted.make(CLIENT_SECRET),
    refreshToken: Redacted.make(REFRESH_TOKEN),
    userName: "admin@sim.example"
  }),
  organizationId: FINANCE_ORG
})

export const grantUser = ZohoUser.make({
  credentials: ZohoCredentials.GrantCode({
    clientId: CLIENT_ID,
    clientSecret: Redacted.make(CLIENT_SECRET),
    grantCode: Redacted.make(GRANT_CODE),
    redirectUrl: "http://localhost:8080/callback",
    userName: "admin@sim.example"
  }),
  organizationId: FINANCE_ORG
})

export interface StackOptions {
  readonly seed?: SimSeed.SimSeed | undefined
  readonly user?: ZohoUser.ZohoUser | undefined
  readonly client?: ZohoClient.Options | undefined
  readonly throttle?: ZohoThrottle.Options | undefined
  /** Requests that find nothing listening (refused before the simulator sees them). */
  readonly refuseConnections?: SimHttpClient.Options["refuseConnections"]
}

/**
 * A simulator plus the whole stack wired to it: `Simulator`, `TokenStore` (memory) and
 * `Zoho.Services`, all from one layer so a test can reach each of them.
 */
export const stack = (options: StackOptions = {}) =>
  Effect.gen(function*() {
    const simulator = yield* Simulator.make(options.seed ?? SimSeed.demo())
    const store = yield* MemoryTokenStore.make()
    const zoho = Zoho.layer({
      region: ZohoRegion.make("US"),
      user: options.user ?? refreshUser,
      client: options.client,
      throttle: options.throttle
    }).pipe(
      Layer.provide(SimHttpClient.layerFrom(simulator, { refuseConnections: options.refuseConnections })),
      Layer.provide(Layer.succeed(TokenStore.TokenStore, store))
    )
    return { simulator, store, layer: Layer.merge(zoho, Layer.succeed(Simulator.Simulator, simulator)) }
  })
