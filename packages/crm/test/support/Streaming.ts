/**
 * The client stack over an in-memory simulator with an unbuffered client (`bufferBody: false`),
 * so downloads stream: what the files and bulk tests run against.
 */
import { MemoryTokenStore, TokenStore, Zoho, ZohoCredentials, ZohoRegion, ZohoUser } from "@effect-zoho/core"
import { SimHttpClient, type SimSeed, Simulator } from "@effect-zoho/sim"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

const user = ZohoUser.make({
  credentials: ZohoCredentials.RefreshToken({
    clientId: "1000.SIMCLIENT",
    clientSecret: Redacted.make("sim-secret"),
    refreshToken: Redacted.make("1000.simrefresh"),
    userName: "admin@sim.example"
  })
})

/** The stack over the simulator with an unbuffered client, so downloads really stream. */
export const streamingStack = (seed: SimSeed.SimSeed) =>
  Effect.gen(function*() {
    const simulator = yield* Simulator.make(seed)
    const store = yield* MemoryTokenStore.make()
    const layer = Zoho.layer({ region: ZohoRegion.make("US"), user, client: { bufferBody: false } }).pipe(
      Layer.provide(SimHttpClient.layerFrom(simulator)),
      Layer.provide(Layer.succeed(TokenStore.TokenStore, store)),
      Layer.merge(Layer.succeed(Simulator.Simulator, simulator))
    )
    return { simulator, layer }
  })
