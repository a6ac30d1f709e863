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

/** @since 0.1.0 */
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

/** What the stack provides. @since 0.1.0 */
export type Services = ZohoClient.ZohoClient | ZohoAuth.ZohoAuth | ZohoThrottle.ZohoThrottle

/**
 * The stack from explicit options.
 *
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
