/**
 * How a user authenticates: the five flows of the seed SDKs.
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"
import type * as Redacted from "effect/Redacted"

/**
 * @category constructors
 * @since 0.1.0
 */
export type ZohoCredentials = Data.TaggedEnum<{
  /** Exchange a (single-use) grant code once, then persist and refresh. */
  GrantCode: {
    readonly clientId: string
    readonly clientSecret: Redacted.Redacted<string>
    readonly grantCode: Redacted.Redacted<string>
    readonly redirectUrl?: string | undefined
    readonly userName?: string | undefined
  }
  /** Refresh with a long-lived refresh token; access tokens are persisted. */
  RefreshToken: {
    readonly clientId: string
    readonly clientSecret: Redacted.Redacted<string>
    readonly refreshToken: Redacted.Redacted<string>
    readonly userName?: string | undefined
  }
  /** A bare access token: used as is, never persisted, never refreshed. */
  AccessToken: {
    readonly accessToken: Redacted.Redacted<string>
    readonly apiDomain?: string | undefined
  }
  /** Load everything from the store by token id. */
  StoredId: {
    readonly id: string
  }
  /** Self-client client-credentials flow with `soid` (e.g. `ZohoCRM.<zgid>`); no refresh token. */
  ClientCredentials: {
    readonly clientId: string
    readonly clientSecret: Redacted.Redacted<string>
    readonly scopes: ReadonlyArray<string>
    readonly soid: string
  }
}>

/**
 * @category constructors
 * @since 0.1.0
 */
export const ZohoCredentials = Data.taggedEnum<ZohoCredentials>()

/**
 * @category constructors
 * @since 0.1.0
 */
export const { AccessToken, ClientCredentials, GrantCode, RefreshToken, StoredId } = ZohoCredentials
