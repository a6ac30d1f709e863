/**
 * The client stack over an in-memory simulator, plus the CRM metadata cache: what the CRM tests
 * run against.
 */
import { MemoryTokenStore, TokenStore, Zoho, ZohoCredentials, ZohoRegion, ZohoUser } from "@effect-zoho/core"
import { SimHttpClient, SimSeed, Simulator } from "@effect-zoho/sim"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as CrmMetadata from "../../src/CrmMetadata.js"

export const user = ZohoUser.make({
  credentials: ZohoCredentials.RefreshToken({
    clientId: "1000.SIMCLIENT",
    clientSecret: Redacted.make("sim-secret"),
    refreshToken: Redacted.make("1000.simrefresh"),
    userName: "admin@sim.example"
  })
})

/** `count` leads named `Lead <i>` with a unique email. */
export const leads = (count: number, extra: (i: number) => Record<string, unknown> = () => ({})) =>
  Array.from({ length: count }, (_, i) => ({
    Last_Name: `Lead ${i}`,
    Company: `Company ${i % 7}`,
    Email: `lead${i}@acme.example`,
    ...extra(i)
  }))

export interface Options {
  readonly seed?: SimSeed.SimSeed | undefined
  readonly metadata?: CrmMetadata.Options | undefined
}

export const stack = (options: Options = {}) =>
  Effect.gen(function*() {
    const simulator = yield* Simulator.make(options.seed ?? SimSeed.demo())
    const store = yield* MemoryTokenStore.make()
    const zoho = Zoho.layer({ region: ZohoRegion.make("US"), user }).pipe(
      Layer.provide(SimHttpClient.layerFrom(simulator)),
      Layer.provide(Layer.succeed(TokenStore.TokenStore, store))
    )
    const layer = CrmMetadata.layer(options.metadata).pipe(
      Layer.provideMerge(zoho),
      Layer.merge(Layer.succeed(Simulator.Simulator, simulator))
    )
    return { simulator, layer }
  })

/** Requests the simulator saw for `method path` (paths without query strings). */
export const calls = (method: string, path: string) =>
  Effect.map(
    Effect.flatMap(Simulator.Simulator, (s) => s.log),
    (log) => log.filter((e) => e.method === method && e.path === path).length
  )
