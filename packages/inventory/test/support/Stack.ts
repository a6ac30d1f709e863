/**
 * The whole client stack (auth, throttle, retry) over the in-memory simulator, as the Inventory
 * tests run it, plus a record of the Inventory requests that left the client (method, path and
 * query), so a test can say where the organization id went and that a refused input sent nothing.
 */
import { MemoryTokenStore, TokenStore, Zoho, ZohoCredentials, ZohoRegion, ZohoUser } from "@effect-zoho/core"
import { SimHttpClient, SimSeed, Simulator } from "@effect-zoho/sim"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"

/** The finance organization of `SimSeed.demo()`. */
export const FINANCE_ORG = "800001"

export const userWith = (organizationId: string | undefined) =>
  ZohoUser.make({
    credentials: ZohoCredentials.RefreshToken({
      clientId: "1000.SIMCLIENT",
      clientSecret: Redacted.make("sim-secret"),
      refreshToken: Redacted.make("1000.simrefresh"),
      userName: "admin@sim.example"
    }),
    ...(organizationId === undefined ? {} : { organizationId })
  })

/** One Inventory request as it left the client. */
export interface Sent {
  readonly method: string
  /** Below `/inventory/v1`. */
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly headers: Readonly<Record<string, string>>
}

export interface Options {
  readonly seed?: SimSeed.SimSeed | undefined
  /** The org id the user carries; `null` for none. Default the demo's `800001`. */
  readonly organizationId?: string | null | undefined
}

/** Seed records for the demo org's Inventory: collection (`items`, `locations`) → records. */
export const seedWith = (records: Readonly<Record<string, ReadonlyArray<Record<string, unknown>>>>) =>
  SimSeed.demo({ financeRecords: { [FINANCE_ORG]: { inventory: records } } })

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
          const marker = "/inventory/v1"
          const at = url.pathname.indexOf(marker)
          if (at < 0) return Effect.void
          const query = Object.fromEntries([...url.searchParams, ...request.urlParams])
          return Ref.update(sent, (all) => [...all, {
            method: request.method,
            path: url.pathname.slice(at + marker.length),
            query,
            headers: { ...request.headers }
          }])
        }))
    ).pipe(Layer.provide(SimHttpClient.layerFrom(simulator)))
    const organizationId = options.organizationId === null ? undefined : options.organizationId ?? FINANCE_ORG
    const zoho = Zoho.layer({ region: ZohoRegion.make("US"), user: userWith(organizationId) }).pipe(
      Layer.provide(recording),
      Layer.provide(Layer.succeed(TokenStore.TokenStore, store))
    )
    return { simulator, sent, layer: Layer.merge(zoho, Layer.succeed(Simulator.Simulator, simulator)) }
  })

/** Inventory requests sent so far for `method path` (path below `/inventory/v1`). */
export const count = (sent: Ref.Ref<ReadonlyArray<Sent>>, method?: string, path?: string) =>
  Effect.map(
    Ref.get(sent),
    (all) =>
      all.filter((s) => (method === undefined || s.method === method) && (path === undefined || s.path === path)).length
  )
