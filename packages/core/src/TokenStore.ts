/**
 * Where tokens live between runs and across processes. One contract, many backends: memory and
 * file here; MySQL and Redis in their own packages; or your own. Every backend must pass the
 * shared suite in `@effect-zoho/core/testing/TokenStoreContract`.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import type { TokenStoreError } from "./ZohoError.js"
import type { TokenKey, ZohoToken } from "./ZohoToken.js"

/**
 * @category models
 * @since 0.1.0
 */
export interface Service {
  /** A short name for errors and logs: `memory`, `file`, `mysql`, `redis`. */
  readonly name: string
  /** The token for a user (the seed's `findToken`, see `ZohoToken.matches`). */
  readonly find: (key: TokenKey) => Effect.Effect<Option.Option<ZohoToken>, TokenStoreError>
  /** The token with this id (the stored-id flow). */
  readonly findById: (id: string) => Effect.Effect<Option.Option<ZohoToken>, TokenStoreError>
  /** Insert or replace the token with `token.id`. */
  readonly save: (token: ZohoToken) => Effect.Effect<void, TokenStoreError>
  /** Remove the token with this id; removing a missing id succeeds. */
  readonly delete: (id: string) => Effect.Effect<void, TokenStoreError>
  /** Every stored token. */
  readonly list: Effect.Effect<ReadonlyArray<ZohoToken>, TokenStoreError>
  /** Remove every stored token. */
  readonly deleteAll: Effect.Effect<void, TokenStoreError>
  /**
   * Run `effect` holding an exclusive lock named `key`, across every process that shares this
   * store (in-process only for the memory store). Used around refresh so N callers make one refresh.
   */
  readonly withLock: <A, E, R>(key: string, effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E | TokenStoreError, R>
}

/**
 * @category tags
 * @since 0.1.0
 */
export class TokenStore extends Context.Tag("@effect-zoho/core/TokenStore")<TokenStore, Service>() {}
