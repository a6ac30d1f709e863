/**
 * A `TokenStore` on Redis, shared by every process that points at the same server and prefix.
 *
 * Layout (with the default prefix `effect-zoho:`):
 * - `effect-zoho:token:<id>`: one HASH per token, with the seed SDKs' field names (`id`,
 *   `user_name`, `client_id`, `client_secret`, `refresh_token`, `access_token`, `grant_token`,
 *   `expiry_time`, `redirect_url`, `api_domain`); absent fields are absent from the hash;
 * - `effect-zoho:tokens`: a SET of every token id, kept consistent with the hashes by MULTI/EXEC;
 * - `effect-zoho:lock:<key>`: the refresh locks (`SET NX PX` with a random token, a heartbeat that
 *   extends it while the holder runs, and a release that only deletes its own token).
 *
 * During an outage every operation fails within `commandTimeout` with `TokenStoreError` reason
 * `Unavailable` (never a silent fallback); ioredis reconnects on its own and the store works again
 * once the server is back.
 *
 * @since 0.1.0
 */
import { TokenStore } from "@effect-zoho/core/TokenStore"
import type * as TokenStoreNs from "@effect-zoho/core/TokenStore"
import { TokenStoreError } from "@effect-zoho/core/ZohoError"
import * as ZohoToken from "@effect-zoho/core/ZohoToken"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import type { RedisOptions } from "ioredis"
import * as Lock from "./internal/lock.js"
import * as Redis from "./internal/redis.js"

/**
 * The ioredis client type this package works with.
 *
 * @category models
 * @since 0.1.0
 */
export type Client = Redis.Client

/**
 * @category constants
 * @since 0.1.0
 */
export const DEFAULT_PREFIX = Redis.DEFAULT_PREFIX

/**
 * @category models
 * @since 0.1.0
 */
export interface StoreOptions {
  /** Prepended to every key, so several apps can share one server. Default `effect-zoho:`. */
  readonly prefix?: string | undefined
  /** How long a lock lives without a heartbeat (a crashed holder frees it after this). Default 10 s. */
  readonly lockTtl?: Duration.DurationInput | undefined
  /** How long `withLock` waits for a held lock before failing with reason `Lock`. Default 60 s. */
  readonly lockTimeout?: Duration.DurationInput | undefined
  /** Upper bound for one command; past it the call fails with reason `Unavailable`. Default 2 s. */
  readonly commandTimeout?: Duration.DurationInput | undefined
}

/**
 * @category models
 * @since 0.1.0
 */
export interface Options extends StoreOptions {
  /** `redis://[:password@]host:port[/db]` (or `rediss://`). Default `redis://localhost:6379`. */
  readonly url?: string | Redacted.Redacted<string> | undefined
  /** Extra ioredis options, applied over this package's fail-fast defaults. */
  readonly redis?: RedisOptions | undefined
  /** How long building the layer waits for the first connection. Default 5 s. */
  readonly connectTimeout?: Duration.DurationInput | undefined
}

const deleteAllScript = Redis.script(`
local ids = redis.call('SMEMBERS', KEYS[1])
for _, id in ipairs(ids) do
  redis.call('DEL', ARGV[1] .. id)
end
redis.call('DEL', KEYS[1])
return #ids
`)

/** The encoded fields as HSET arguments; `undefined` fields are left out. */
const toFields = (encoded: ZohoToken.Encoded): Array<string> => {
  const fields: Array<string> = []
  for (const column of ZohoToken.columns) {
    const value = (encoded as Record<string, string | undefined>)[column]
    if (value !== undefined) fields.push(column, value)
  }
  return fields
}

/**
 * A store over a client someone else opened (the client is not closed by the store). The client
 * should use `enableOfflineQueue: false` so calls fail at once during an outage; with the offline
 * queue on they still fail, after `commandTimeout`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (client: Client, options: StoreOptions = {}): TokenStoreNs.Service => {
  const prefix = options.prefix ?? DEFAULT_PREFIX
  const indexKey = `${prefix}tokens`
  const tokenPrefix = `${prefix}token:`
  const tokenKey = (id: string) => `${tokenPrefix}${id}`
  const commandTimeout = Duration.decode(options.commandTimeout ?? "2 seconds")
  const lockOptions: Lock.LockOptions = {
    ttl: Duration.decode(options.lockTtl ?? "10 seconds"),
    timeout: Duration.decode(options.lockTimeout ?? "60 seconds"),
    commandTimeout
  }
  const cmd = <A>(operation: string, f: () => Promise<A>) => Redis.run(operation, commandTimeout, f)

  const corrupt = (id: string, message: string) =>
    new TokenStoreError({ reason: "Corrupt", store: Redis.STORE, path: tokenKey(id), message })

  // Decode failures name the fields only: their values may be secrets.
  const decode = (id: string, hash: Record<string, string>): Effect.Effect<ZohoToken.ZohoToken, TokenStoreError> =>
    ZohoToken.decode(hash).pipe(
      Effect.mapError(() =>
        corrupt(id, `The hash ${tokenKey(id)} is not a token (fields: ${Object.keys(hash).sort().join(", ")})`)
      )
    )

  /** Transaction replies carry one error per failed command; any of them fails the whole call. */
  const checkExec = (operation: string) => (replies: Array<[Error | null, unknown]> | null) =>
    Effect.forEach(
      replies ?? [],
      ([error]) => error === null ? Effect.void : Effect.fail(Redis.toStoreError(operation)(error)),
      {
        discard: true
      }
    )

  const findById = (id: string) =>
    cmd("HGETALL", () => client.hgetall(tokenKey(id))).pipe(
      Effect.flatMap((hash) => Object.keys(hash).length === 0 ? Effect.succeedNone : Effect.asSome(decode(id, hash)))
    )

  const list = Effect.gen(function*() {
    const ids = (yield* cmd("SMEMBERS", () => client.smembers(indexKey))).sort()
    if (ids.length === 0) return []
    const replies = yield* cmd("HGETALL", () => {
      const pipeline = client.pipeline()
      for (const id of ids) pipeline.hgetall(tokenKey(id))
      return pipeline.exec()
    })
    const tokens: Array<ZohoToken.ZohoToken> = []
    for (const [i, [error, hash]] of (replies ?? []).entries()) {
      if (error !== null) return yield* Effect.fail(Redis.toStoreError("HGETALL")(error))
      const fields = hash as Record<string, string>
      // An id whose hash vanished between the two round trips was deleted meanwhile.
      if (Object.keys(fields).length === 0) continue
      tokens.push(yield* decode(ids[i]!, fields))
    }
    return tokens
  })

  return TokenStore.of({
    name: Redis.STORE,
    find: (key) => Effect.map(list, (all) => Option.fromNullable(all.find((token) => ZohoToken.matches(token, key)))),
    findById,
    save: (token) =>
      ZohoToken.encode(token).pipe(
        Effect.mapError(() => corrupt(token.id, `Token ${token.id} cannot be encoded`)),
        Effect.flatMap((encoded) =>
          cmd("save", () =>
            client.multi()
              .del(tokenKey(token.id))
              .hset(tokenKey(token.id), ...toFields(encoded))
              .sadd(indexKey, token.id)
              .exec())
        ),
        Effect.flatMap(checkExec("save"))
      ),
    delete: (id) =>
      cmd("delete", () => client.multi().del(tokenKey(id)).srem(indexKey, id).exec()).pipe(
        Effect.flatMap(checkExec("delete"))
      ),
    list,
    deleteAll: cmd("deleteAll", () => Redis.evalScript(client, deleteAllScript, [indexKey], [tokenPrefix])).pipe(
      Effect.asVoid
    ),
    withLock: (key, effect) => Lock.withLock(client, `${prefix}lock:${key}`, lockOptions, effect)
  })
}

/**
 * A store that owns its client: connects when the layer is built (failing with `Unavailable`
 * when the server cannot be reached within `connectTimeout`) and quits when it is released.
 *
 * @example
 * ```ts
 * import { Zoho } from "@effect-zoho/core"
 * import { RedisTokenStore } from "@effect-zoho/store-redis"
 * import { Layer, Redacted } from "effect"
 *
 * // Tokens in Redis for every process of the org; a refresh takes a lock (SET NX PX) first.
 * const TokensLive = RedisTokenStore.layer({
 *   url: Redacted.make("redis://:secret@cache.internal:6379/0"),
 *   prefix: "zoho:prod:"
 * })
 *
 * // Still needs an HttpClient (Node's, or @effect-zoho/node's ZohoNodeHttp.layer()).
 * export const ZohoLive = Zoho.layerConfig().pipe(Layer.provide(TokensLive))
 * ```
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: Options = {}): Layer.Layer<TokenStore, TokenStoreError> =>
  Layer.scoped(TokenStore, Effect.map(Redis.acquireClient(options), (client) => make(client, options)))

/**
 * A store over a caller-owned client: the caller opened it and closes it. See `make` for the
 * client options that make outages fail fast.
 *
 * @category layers
 * @since 0.1.0
 */
export const layerFromClient = (client: Client, options: StoreOptions = {}): Layer.Layer<TokenStore> =>
  Layer.succeed(TokenStore, make(client, options))

/**
 * `ZOHO_REDIS_URL` (secret: it may hold a password; default `redis://localhost:6379`) and
 * `ZOHO_REDIS_PREFIX` (default `effect-zoho:`).
 *
 * @category config
 * @since 0.1.0
 */
export const config: Config.Config<Options> = Config.all({
  url: Config.option(Config.redacted("ZOHO_REDIS_URL")),
  prefix: Config.string("ZOHO_REDIS_PREFIX").pipe(Config.withDefault(DEFAULT_PREFIX))
}).pipe(Config.map(({ prefix, url }) => ({ prefix, url: Option.getOrUndefined(url) })))

/**
 * A store that owns its client, configured from the environment (see `config`).
 *
 * @category layers
 * @since 0.1.0
 */
export const layerConfig = (
  options: Config.Config<Options> = config
): Layer.Layer<TokenStore, TokenStoreError | ConfigError.ConfigError> => Layer.unwrapEffect(Effect.map(options, layer))
