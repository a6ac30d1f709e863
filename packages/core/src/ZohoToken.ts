/**
 * The stored OAuth token, with the seed SDKs' fields.
 *
 * In memory every secret is `Redacted`; the encoded form (what a store writes) uses the seed's
 * snake_case column names and plain strings, so the MySQL table and the JSON file match the
 * official SDKs' `oauthtoken` layout.
 *
 * @since 0.1.0
 */
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"

const Secret = Schema.Redacted(Schema.String)

/**
 * @category models
 * @since 0.1.0
 */
export class ZohoToken extends Schema.Class<ZohoToken>("@effect-zoho/core/ZohoToken")({
  /** Store key. The seed uses a short random id (varchar(10)). */
  id: Schema.String,
  userName: Schema.optional(Schema.String).pipe(Schema.fromKey("user_name")),
  clientId: Schema.optional(Schema.String).pipe(Schema.fromKey("client_id")),
  clientSecret: Schema.optional(Secret).pipe(Schema.fromKey("client_secret")),
  refreshToken: Schema.optional(Secret).pipe(Schema.fromKey("refresh_token")),
  accessToken: Schema.optional(Secret).pipe(Schema.fromKey("access_token")),
  grantToken: Schema.optional(Secret).pipe(Schema.fromKey("grant_token")),
  /** Epoch milliseconds when the access token expires; stored as a string like the seed. */
  expiryTime: Schema.optional(Schema.NumberFromString).pipe(Schema.fromKey("expiry_time")),
  redirectUrl: Schema.optional(Schema.String).pipe(Schema.fromKey("redirect_url")),
  apiDomain: Schema.optional(Schema.String).pipe(Schema.fromKey("api_domain"))
}) {
  /**
   * True when there is an access token that is still valid `skewMillis` from `nowMillis`.
   *
   * @since 0.1.0
   */
  isFresh(nowMillis: number, skewMillis: number): boolean {
    return this.accessToken !== undefined && this.expiryTime !== undefined && this.expiryTime - skewMillis > nowMillis
  }
}

/**
 * The seed's column order, for stores that write rows.
 *
 * @category constants
 * @since 0.1.0
 */
export const columns = [
  "id",
  "user_name",
  "client_id",
  "client_secret",
  "refresh_token",
  "access_token",
  "grant_token",
  "expiry_time",
  "redirect_url",
  "api_domain"
] as const

/**
 * The encoded (stored) form: snake_case keys, plain strings.
 *
 * @category models
 * @since 0.1.0
 */
export type Encoded = typeof ZohoToken.Encoded

/**
 * @category schemas
 * @since 0.1.0
 */
export const encode = Schema.encode(ZohoToken)
/**
 * @category schemas
 * @since 0.1.0
 */
export const decode = Schema.decodeUnknown(ZohoToken)

/**
 * Which stored token belongs to a user: the seed SDK's `findToken` rule. A token matches when the
 * client id matches, the user name matches when both are known, and the refresh token (or, before
 * the first exchange, the grant token) matches when given.
 *
 * @category models
 * @since 0.1.0
 */
export interface TokenKey {
  readonly clientId: string
  readonly userName?: string | undefined
  readonly refreshToken?: Redacted.Redacted<string> | undefined
  readonly grantToken?: Redacted.Redacted<string> | undefined
}

/**
 * @category utils
 * @since 0.1.0
 */
export const matches = (token: ZohoToken, key: TokenKey): boolean => {
  if (token.clientId !== key.clientId) return false
  if (key.userName !== undefined && token.userName !== undefined && token.userName !== key.userName) return false
  if (key.refreshToken !== undefined) {
    return token.refreshToken !== undefined && Redacted.value(token.refreshToken) === Redacted.value(key.refreshToken)
  }
  if (key.grantToken !== undefined) {
    return token.grantToken !== undefined && Redacted.value(token.grantToken) === Redacted.value(key.grantToken)
  }
  return key.userName !== undefined && token.userName === key.userName
}

/**
 * A short random id like the seed's (10 characters, fits varchar(10)).
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeId = (): string => {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
  const bytes = crypto.getRandomValues(new Uint8Array(10))
  let id = ""
  for (const b of bytes) id += alphabet[b % alphabet.length]
  return id
}

/**
 * @category utils
 * @since 0.1.0
 */
export const accessTokenOption = (token: ZohoToken): Option.Option<Redacted.Redacted<string>> =>
  Option.fromNullable(token.accessToken)
