/**
 * What the distributed tests share: the simulator server, the stores they seed, and the token
 * every worker starts from.
 */
import { TokenStore, ZohoToken } from "@effect-zoho/core"
import type { TokenStoreError } from "@effect-zoho/core/ZohoError"
import type { SimSeed, Simulator } from "@effect-zoho/sim"
import { MysqlTokenStore } from "@effect-zoho/store-mysql"
import { RedisTokenStore } from "@effect-zoho/store-redis"
import { ZohoSimServer } from "@effect-zoho/zoho-sim"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

export const CLIENT_ID = "1000.SIMCLIENT"
export const USER_NAME = "admin@sim.example"
/** A refresh token the simulator's demo seed knows (`SimSeed.demo()`). */
export const REFRESH_TOKEN = "1000.simrefresh"

let counter = 0
/** A name (MySQL table or Redis prefix stem) that no other test or earlier run uses. */
export const uniqueName = (stem: string): string =>
  `${stem}_${process.pid}_${Date.now().toString(36)}_${(counter++).toString(36)}`

/** The simulator over HTTP on a loopback port, for the life of the scope (answering at once unless told). */
export const simServer = (seed: SimSeed.SimSeed, simulator?: Simulator.Options) =>
  ZohoSimServer.make({ port: 0, host: "127.0.0.1", seed, simulator })

/**
 * The token every worker finds at start: the right refresh token, and an access token the
 * simulator never issued whose expiry is a minute in the past, so the first call must refresh.
 */
export const expiredToken = (apiDomain: string) =>
  new ZohoToken.ZohoToken({
    id: ZohoToken.makeId(),
    clientId: CLIENT_ID,
    userName: USER_NAME,
    refreshToken: Redacted.make(REFRESH_TOKEN),
    accessToken: Redacted.make("1000.expired.access.token"),
    expiryTime: Date.now() - 60_000,
    apiDomain
  })

export type StoreKind = "mysql" | "redis"

/** The store a worker with `--store kind` (and the same table or prefix) uses. */
export const storeLayer = (
  kind: StoreKind,
  target: { readonly url: string; readonly name: string }
): Layer.Layer<TokenStore.TokenStore, TokenStoreError> =>
  kind === "mysql"
    ? MysqlTokenStore.layer({ url: Redacted.make(target.url), table: target.name, createTable: true })
    : RedisTokenStore.layer({ url: target.url, prefix: `${target.name}:` })

/** The worker arguments that select the same store. */
export const storeArgs = (kind: StoreKind, target: { readonly url: string; readonly name: string }) =>
  kind === "mysql"
    ? ["--store", "mysql", "--mysql-url", target.url, "--table", target.name]
    : ["--store", "redis", "--redis-url", target.url, "--prefix", `${target.name}:`]

/** Runs `f` against the store, with a connection of its own that is closed afterwards. */
export const withStore = <A, E>(
  kind: StoreKind,
  target: { readonly url: string; readonly name: string },
  f: (store: TokenStore.Service) => Effect.Effect<A, E>
): Effect.Effect<A, E | TokenStoreError> =>
  Effect.flatMap(TokenStore.TokenStore, f).pipe(Effect.provide(storeLayer(kind, target)))
