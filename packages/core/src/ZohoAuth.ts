/**
 * The access token for the current user, always fresh.
 *
 * - refreshed `skew` ahead of expiry, persisted through the `TokenStore`;
 * - single flight: N concurrent callers on an expired token cause exactly one refresh (in process,
 *   and across processes when the store's lock is distributed);
 * - `api_domain` from the token response wins for that user;
 * - `invalidate` drops a token the API refused (401 `INVALID_TOKEN`) so the replay gets a new one.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import type { TokenStoreError, ZohoAuthError, ZohoConfigError, ZohoOAuthError } from "./ZohoError.js"
import type { ZohoRegion } from "./ZohoRegion.js"
import type { ZohoUser } from "./ZohoUser.js"

/** What a request needs to authenticate. @since 0.1.0 */
export interface AccessToken {
  readonly token: Redacted.Redacted<string>
  /** The user this token belongs to (the fiber's user or the default one). */
  readonly user: ZohoUser
  /** The user's region with `api_domain` from the token response applied. */
  readonly region: ZohoRegion
  /** Epoch ms, when known. */
  readonly expiresAt: number | undefined
}

/** @since 0.1.0 */
export type AuthError = ZohoAuthError | ZohoOAuthError | TokenStoreError | ZohoConfigError

/** @since 0.1.0 */
export interface Service {
  /** The current fiber's user (see `ZohoUser.as`), or the default user. */
  readonly currentUser: Effect.Effect<ZohoUser, ZohoAuthError>
  /** A valid access token for the current user, refreshing (once) if needed. */
  readonly accessToken: Effect.Effect<AccessToken, AuthError>
  /**
   * The API refused `token`: forget it (memory and store) unless a newer one already replaced it,
   * so the next `accessToken` refreshes.
   */
  readonly invalidate: (token: Redacted.Redacted<string>) => Effect.Effect<void, TokenStoreError>
  /** Revoke the current user's refresh token at Zoho and delete it from the store. */
  readonly revoke: Effect.Effect<void, AuthError>
}

/** @since 0.1.0 */
export class ZohoAuth extends Context.Tag("@effect-zoho/core/ZohoAuth")<ZohoAuth, Service>() {}
