/**
 * Who a call runs as. The seed SDKs' `switch_user`, done per fiber: `ZohoUser.as(user)(effect)`
 * runs `effect` (and everything it forks) with that user's token, region, org ids and rate limits,
 * while other fibers keep theirs. No global state.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { dual } from "effect/Function"
import * as Option from "effect/Option"
import type { ZohoCredentials } from "./ZohoCredentials.js"
import { ZohoConfigError } from "./ZohoError.js"
import type { ZohoRegion } from "./ZohoRegion.js"

/**
 * @category models
 * @since 0.1.0
 */
export interface ZohoUser {
  /**
   * A stable key for this user: caches, single-flight refresh and per-org throttling are keyed by
   * it. Defaults to the credentials' user name, token id or client id.
   */
  readonly key: string
  readonly credentials: ZohoCredentials
  /** Overrides the client's default region for this user. */
  readonly region?: ZohoRegion | undefined
  /** The org id for the products that take one: one id for all, or one per product id. */
  readonly organizationId?: string | Readonly<Record<string, string | undefined>> | undefined
  /**
   * Which org this user belongs to, for products whose calls carry no org id (CRM: the token is
   * bound to one org): users with the same `orgKey` share that org's throttle bucket. One key for
   * every product, or one per product id. See {@link throttleOrg}.
   */
  readonly orgKey?: string | Readonly<Record<string, string | undefined>> | undefined
}

/**
 * @category constructors
 * @since 0.1.0
 */
export const make = (options: {
  readonly credentials: ZohoCredentials
  readonly key?: string | undefined
  readonly region?: ZohoRegion | undefined
  readonly organizationId?: string | Readonly<Record<string, string | undefined>> | undefined
  readonly orgKey?: string | Readonly<Record<string, string | undefined>> | undefined
}): ZohoUser => ({
  key: options.key ?? defaultKey(options.credentials),
  credentials: options.credentials,
  region: options.region,
  organizationId: options.organizationId,
  ...(options.orgKey === undefined ? {} : { orgKey: options.orgKey })
})

const defaultKey = (c: ZohoCredentials): string => {
  switch (c._tag) {
    case "StoredId":
      return `id:${c.id}`
    case "GrantCode":
    case "RefreshToken":
      return c.userName !== undefined ? `user:${c.clientId}:${c.userName}` : `client:${c.clientId}`
    case "ClientCredentials":
      return `soid:${c.clientId}:${c.soid}`
    case "AccessToken":
      return "access-token"
  }
}

/**
 * The org id a product (by id) needs for this user, if any.
 *
 * @category getters
 * @since 0.1.0
 */
export const organizationIdFor = (user: ZohoUser, product: string): string | undefined =>
  typeof user.organizationId === "string" ? user.organizationId : user.organizationId?.[product]

/**
 * The org a call without an organization id is throttled under (Zoho limits per org, not per
 * user). In order:
 * 1. the user's `orgKey` (for this product id, or for all);
 * 2. the org of client-credentials credentials (`soid` = `<service>.<org id>`);
 * 3. the user's `key`: without either, the client cannot know two users share an org, so each
 *    user gets its own bucket (declare `orgKey` to share one).
 *
 * The result is prefixed (`org:`, `soid:`, `user:`) so a user key can never collide with an org.
 *
 * @category getters
 * @since 0.1.0
 */
export const throttleOrg = (user: ZohoUser, product: string): string => {
  const declared = typeof user.orgKey === "string" ? user.orgKey : user.orgKey?.[product]
  if (declared !== undefined && declared !== "") return `org:${declared}`
  if (user.credentials._tag === "ClientCredentials") {
    const dot = user.credentials.soid.indexOf(".")
    const org = dot < 0 ? user.credentials.soid : user.credentials.soid.slice(dot + 1)
    if (org !== "") return `org:${org}`
  }
  return `user:${user.key}`
}

/**
 * Check an organization id before it goes into a query string or a header: Zoho's are numeric,
 * so an empty id, one with spaces or line breaks (header injection), or any other non-digit is a
 * `ZohoConfigError` (reason `InvalidInput`), never a request Zoho would refuse again and again.
 *
 * @category validation
 * @since 0.1.0
 */
export const validateOrganizationId = (id: string, source = "organizationId"): Either.Either<string, ZohoConfigError> =>
  /^[0-9]{1,40}$/.test(id) ? Either.right(id) : Either.left(
    new ZohoConfigError({
      reason: "InvalidInput",
      message: id.trim().length === 0
        ? `${source} is empty: set the numeric organization id (GET /organizations lists them) or leave it unset`
        : `${source} must be Zoho's numeric organization id (digits only, no spaces or line breaks)`,
      // The id is not a secret, but it may hold line breaks: show it escaped.
      input: JSON.stringify(id).slice(0, 60)
    })
  )

/**
 * Check what a user carries into requests (its organization ids); the first problem is a
 * `ZohoConfigError`.
 *
 * @category validation
 * @since 0.1.0
 */
export const validate = (user: ZohoUser): Either.Either<ZohoUser, ZohoConfigError> => {
  const org = user.organizationId
  if (org === undefined) return Either.right(user)
  const ids: ReadonlyArray<readonly [string, string | undefined]> = typeof org === "string"
    ? [["organizationId", org]]
    : Object.entries(org).map(([product, id]) => [`organizationId.${product}`, id] as const)
  for (const [source, id] of ids) {
    if (id === undefined) continue
    const checked = validateOrganizationId(id, `${source} of user "${user.key}"`)
    if (Either.isLeft(checked)) return Either.left(checked.left)
  }
  return Either.right(user)
}

/**
 * The user of the current fiber; `None` means "the client's default user".
 *
 * @category tags
 * @since 0.1.0
 */
export class CurrentUser extends Context.Reference<CurrentUser>()("@effect-zoho/core/ZohoUser/CurrentUser", {
  defaultValue: (): Option.Option<ZohoUser> => Option.none()
}) {}

/**
 * Run an effect as `user`.
 *
 * @example
 * ```ts
 * import { Endpoint, Envelope, ZohoCredentials, ZohoProducts, ZohoUser } from "@effect-zoho/core"
 * import { Effect, Redacted, Schema } from "effect"
 *
 * const listContacts = Endpoint.make({
 *   product: ZohoProducts.books,
 *   operation: "books.contacts.list",
 *   method: "GET",
 *   path: "/contacts",
 *   response: Envelope.FinanceList("contacts", Schema.Struct({ contact_id: Schema.String }))
 * })
 *
 * // A second org served by the same stack: its own credentials, tokens and rate-limit budget.
 * const acme = ZohoUser.make({
 *   credentials: ZohoCredentials.RefreshToken({
 *     clientId: "1000.ACME",
 *     clientSecret: Redacted.make("…"),
 *     refreshToken: Redacted.make("1000.…")
 *   }),
 *   organizationId: "20345678"
 * })
 *
 * // Every call inside runs as acme; fibers it forks inherit the user.
 * export const acmeContacts = Endpoint.call(listContacts)().pipe(ZohoUser.as(acme))
 * ```
 *
 * @category context
 * @since 0.1.0
 */
export const as: {
  (user: ZohoUser): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, user: ZohoUser): Effect.Effect<A, E, R>
} = dual(
  2,
  <A, E, R>(self: Effect.Effect<A, E, R>, user: ZohoUser): Effect.Effect<A, E, R> =>
    Effect.provideService(self, CurrentUser, Option.some(user))
)
