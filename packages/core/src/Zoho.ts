/**
 * The whole client stack in one layer: `ZohoClient` over `ZohoAuth` (over `ZohoOAuth`) and
 * `ZohoThrottle`. You provide the two things that differ between programs: the transport
 * (`HttpClient`: Node's, or the simulator's) and the `TokenStore` (file, memory, MySQL, Redis).
 *
 * ```
 *  product endpoints ──► ZohoClient ─┬─ ZohoAuth ── ZohoOAuth ─┐
 *                                    ├─ ZohoThrottle           ├─► HttpClient
 *                                    └─ ZohoRetry (policy)  ───┘
 *                                       TokenStore ◄── ZohoAuth
 * ```
 *
 * Every box is its own layer too, so any of them can be swapped (e.g. a Redis-backed throttle).
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as ConfigError from "effect/ConfigError"
import * as Layer from "effect/Layer"
import type { TokenStore } from "./TokenStore.js"
import * as ZohoAuth from "./ZohoAuth.js"
import * as ZohoClient from "./ZohoClient.js"
import type { ZohoConfigError } from "./ZohoError.js"
import * as ZohoOAuth from "./ZohoOAuth.js"
import type { ZohoRegion } from "./ZohoRegion.js"
import * as ZohoThrottle from "./ZohoThrottle.js"
import type { ZohoUser } from "./ZohoUser.js"

/**
 * @category models
 * @since 0.1.0
 */
export interface Options {
  /** The region for users that do not name their own. */
  readonly region: ZohoRegion
  /** The user for fibers that did not pick one with `ZohoUser.as`. */
  readonly user?: ZohoUser | undefined
  readonly auth?: Omit<ZohoAuth.Options, "region" | "user"> | undefined
  readonly client?: ZohoClient.Options | undefined
  readonly throttle?: ZohoThrottle.Options | undefined
  readonly oauth?: ZohoOAuth.Options | undefined
}

/**
 * What the stack provides.
 *
 * @category models
 * @since 0.1.0
 */
export type Services = ZohoClient.ZohoClient | ZohoAuth.ZohoAuth | ZohoThrottle.ZohoThrottle

/**
 * The stack from explicit options.
 *
 * @example
 * ```ts
 * import {
 *   Endpoint,
 *   Envelope,
 *   MemoryTokenStore,
 *   Zoho,
 *   ZohoCredentials,
 *   ZohoProducts,
 *   ZohoRegion,
 *   ZohoUser
 * } from "@effect-zoho/core"
 * import { SimHttpClient, SimSeed } from "@effect-zoho/sim"
 * import { Effect, Layer, Redacted, Schema } from "effect"
 *
 * // The simulator's demo client and refresh token; real ones come from Zoho's API console.
 * const user = ZohoUser.make({
 *   credentials: ZohoCredentials.RefreshToken({
 *     clientId: "1000.SIMCLIENT",
 *     clientSecret: Redacted.make("sim-secret"),
 *     refreshToken: Redacted.make("1000.simrefresh")
 *   })
 * })
 *
 * // The stack owns no transport and no storage: here the in-memory simulator and memory;
 * // in production Node's HTTP client and a persistent store.
 * const ZohoTest = Zoho.layer({ region: ZohoRegion.make("US"), user }).pipe(
 *   Layer.provide(SimHttpClient.layerSeed(SimSeed.demo())),
 *   Layer.provide(MemoryTokenStore.layer)
 * )
 *
 * const listLeads = Endpoint.make({
 *   product: ZohoProducts.crm,
 *   operation: "crm.leads.list",
 *   method: "GET",
 *   path: "/Leads",
 *   query: Schema.Struct({ fields: Schema.Array(Schema.String) }),
 *   response: Envelope.CrmList(Schema.Struct({ id: Schema.String })),
 *   empty: { data: [] }
 * })
 *
 * const leads = await Effect.runPromise(
 *   Endpoint.call(listLeads)({ query: { fields: ["Last_Name"] } }).pipe(Effect.provide(ZohoTest))
 * )
 * assert.ok(Array.isArray(leads.data))
 * ```
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: Options): Layer.Layer<Services, never, HttpClient.HttpClient | TokenStore> =>
  ZohoClient.layer(options.client).pipe(
    Layer.provideMerge(
      Layer.merge(
        ZohoAuth.layer({ ...options.auth, region: options.region, user: options.user }).pipe(
          Layer.provide(ZohoOAuth.layer(options.oauth))
        ),
        ZohoThrottle.layer(options.throttle)
      )
    )
  )

/**
 * The stack from the environment (`ZOHO_CLIENT_ID`, `ZOHO_CLIENT_SECRET`, `ZOHO_REFRESH_TOKEN`,
 * `ZOHO_REGION`, `ZOHO_ORG_ID`, … see `ZohoConfig`); `options` are merged over it.
 *
 * @example
 * ```ts
 * import { MemoryTokenStore, Zoho } from "@effect-zoho/core"
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { Layer } from "effect"
 *
 * // ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN, ZOHO_REGION, ZOHO_ORG_ID… are read
 * // when the layer is built; a missing or malformed one fails it with a ConfigError.
 * export const ZohoLive = Zoho.layerConfig().pipe(
 *   Layer.provide(NodeHttpClient.layerUndici),
 *   Layer.provide(MemoryTokenStore.layer)
 * )
 * ```
 *
 * @category layers
 * @since 0.1.0
 */
export const layerConfig = (
  options: {
    readonly client?: ZohoClient.Options | undefined
    readonly throttle?: ZohoThrottle.Options | undefined
    readonly oauth?: ZohoOAuth.Options | undefined
    readonly auth?: Parameters<typeof ZohoAuth.layerConfig>[0]
  } = {}
): Layer.Layer<Services, ConfigError.ConfigError | ZohoConfigError, HttpClient.HttpClient | TokenStore> =>
  ZohoClient.layerConfig(options.client).pipe(
    Layer.provideMerge(
      Layer.merge(
        ZohoAuth.layerConfig(options.auth).pipe(Layer.provide(ZohoOAuth.layerConfig(options.oauth))),
        ZohoThrottle.layer(options.throttle)
      )
    )
  )
