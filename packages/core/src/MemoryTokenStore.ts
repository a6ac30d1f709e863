/**
 * A `TokenStore` that keeps tokens in the memory of one process: for tests, scripts and
 * short-lived programs. Nothing survives a restart and `withLock` is exclusive inside this process
 * only; use the file, MySQL or Redis store when several processes share tokens.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import { TokenStore } from "./TokenStore.js"
import type * as TokenStoreNs from "./TokenStore.js"
import * as ZohoToken from "./ZohoToken.js"

/**
 * @category models
 * @since 0.1.0
 */
export interface Options {
  /** Tokens the store starts with (e.g. a fixture). Later tokens with the same id win. */
  readonly tokens?: Iterable<ZohoToken.ZohoToken> | undefined
}

/**
 * Builds a fresh, empty (or pre-filled) store. Each call owns its own tokens and locks, so two
 * stores never see each other.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (options?: Options): Effect.Effect<TokenStoreNs.Service> =>
  Effect.gen(function*() {
    const initial = new Map<string, ZohoToken.ZohoToken>()
    for (const token of options?.tokens ?? []) initial.set(token.id, token)
    // A Map keeps insertion order, so `list` is stable and a replaced token keeps its place.
    const tokens = yield* Ref.make<ReadonlyMap<string, ZohoToken.ZohoToken>>(initial)
    // Locks are created on first use of a key and kept: keys are per user, so the set stays small.
    const locks = new Map<string, Effect.Semaphore>()
    const lockFor = (key: string) =>
      Effect.sync(() => {
        let semaphore = locks.get(key)
        if (semaphore === undefined) {
          semaphore = Effect.unsafeMakeSemaphore(1)
          locks.set(key, semaphore)
        }
        return semaphore
      })

    const values = Effect.map(Ref.get(tokens), (map) => Array.from(map.values()))

    return TokenStore.of({
      name: "memory",
      find: (key) =>
        Effect.map(values, (all) => Option.fromNullable(all.find((token) => ZohoToken.matches(token, key)))),
      findById: (id) => Effect.map(Ref.get(tokens), (map) => Option.fromNullable(map.get(id))),
      save: (token) =>
        Ref.update(tokens, (map) => {
          const next = new Map(map)
          next.set(token.id, token)
          return next
        }),
      delete: (id) =>
        Ref.update(tokens, (map) => {
          if (!map.has(id)) return map
          const next = new Map(map)
          next.delete(id)
          return next
        }),
      list: values,
      deleteAll: Ref.set(tokens, new Map()),
      withLock: (key, effect) => Effect.flatMap(lockFor(key), (semaphore) => semaphore.withPermits(1)(effect))
    })
  })

/**
 * An empty in-memory store.
 *
 * @example
 * ```ts
 * import { MemoryTokenStore, Zoho } from "@effect-zoho/core"
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { Layer } from "effect"
 *
 * // Tokens live as long as the process: fine for tests and short jobs (each start refreshes once).
 * export const ZohoLive = Zoho.layerConfig().pipe(
 *   Layer.provide(NodeHttpClient.layerUndici),
 *   Layer.provide(MemoryTokenStore.layer)
 * )
 * ```
 *
 * @category layers
 * @since 0.1.0
 */
export const layer: Layer.Layer<TokenStore> = Layer.effect(TokenStore, make())

/**
 * An in-memory store that starts with `options.tokens`.
 *
 * @category layers
 * @since 0.1.0
 */
export const layerWith = (options: Options): Layer.Layer<TokenStore> => Layer.effect(TokenStore, make(options))
