/**
 * Which Books organization a call works in.
 *
 * Every Books call but organization discovery names an organization (`organization_id`). The id
 * comes, first found wins, from:
 * 1. the call itself: {@link within} puts it on every Books request of the effect (or stream) it
 *    wraps — one call, or a whole program;
 * 2. the fiber's user: `ZohoUser.as(user)` with a user whose `organizationId` names the Books org
 *    (the way CRM picks the user; {@link forUser} sets it on an existing user);
 * 3. the client's default (`ZohoClient` option `organizationId`, env `ZOHO_ORG_ID`).
 *
 * `Books.organizations.list()` needs none of them: it lists the organizations the token's user
 * belongs to, which is how a program finds the id to use.
 *
 * An id that is not Zoho's (digits only) is a `ZohoConfigError` before any request; an id of an
 * organization the user does not belong to is Zoho's `ZohoApiError` code 6041
 * (`BooksError.names.ORGANIZATION_NOT_ASSOCIATED`), naming the id.
 *
 * @example
 * ```ts
 * import * as Books from "@effect-zoho/books/Books"
 * import { BooksOrganizations } from "@effect-zoho/books"
 * import { Effect, Stream } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const orgs = yield* Stream.runCollect(Books.organizations.list())
 *   for (const org of orgs) {
 *     const contacts = yield* Books.contacts.list().pipe(
 *       Stream.runCount,
 *       BooksOrganizations.within(org.organization_id ?? "")
 *     )
 *     yield* Effect.log(`${org.name}: ${contacts} contacts`)
 *   }
 * })
 * ```
 *
 * @since 0.1.0
 */
import type * as Facade from "@effect-zoho/core/Facade"
import { ZohoClient } from "@effect-zoho/core/ZohoClient"
import type { ZohoConfigError } from "@effect-zoho/core/ZohoError"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import type { ZohoRequest } from "@effect-zoho/core/ZohoRequest"
import * as ZohoUser from "@effect-zoho/core/ZohoUser"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { dual } from "effect/Function"
import * as Stream from "effect/Stream"
import type * as Organizations from "./generated/Organizations.js"

/**
 * An organization as `Books.organizations.list` streams it (unknown fields kept).
 *
 * @category models
 * @since 0.1.0
 */
export type Organization = Facade.SuccessOf<typeof Organizations.facade.list>

/**
 * Check an organization id: Zoho's are digits only. Anything else (empty, spaces, a line break)
 * is a `ZohoConfigError` (`InvalidInput`) naming the id.
 *
 * @category organizations
 * @since 0.1.0
 */
export const validate = (organizationId: string): Effect.Effect<string, ZohoConfigError> =>
  ZohoUser.validateOrganizationId(organizationId, "Books organization id")

const product = ZohoProducts.books

const hasOrg = (request: ZohoRequest): boolean => {
  const rule = product.orgId
  switch (rule._tag) {
    case "None":
      return true
    case "Query":
      return request.urlParams[rule.name] !== undefined
    case "Header":
      return Object.keys(request.headers).some((name) => name.toLowerCase() === rule.name.toLowerCase())
  }
}

const withOrg = (request: ZohoRequest, organizationId: string): ZohoRequest => {
  const rule = product.orgId
  if (request.product.id !== product.id || hasOrg(request)) return request
  return rule._tag === "Query"
    ? { ...request, urlParams: { ...request.urlParams, [rule.name]: organizationId } }
    : rule._tag === "Header"
    ? { ...request, headers: { ...request.headers, [rule.name]: organizationId } }
    : request
}

/** The client, sending every Books request that names no org in `organizationId`. */
const clientIn = (organizationId: string) => (client: ZohoClient["Type"]): ZohoClient["Type"] => ({
  execute: (request) => client.execute(withOrg(request, organizationId))
})

/**
 * Run `self` in a Books organization: every Books request it makes (forks included) names
 * `organizationId`, whatever the user or the client would say. The innermost `within` wins;
 * other products' requests are left alone. The id is checked first: a bad one fails with
 * `ZohoConfigError` and nothing is sent.
 *
 * @example
 * ```ts
 * import * as Books from "@effect-zoho/books/Books"
 * import { BooksOrganizations } from "@effect-zoho/books"
 * import { Effect } from "effect"
 *
 * // The same contact created in two organizations of the user.
 * export const inBoth = Effect.all([
 *   Books.contacts.create({ contact_name: "Acme Ltd" }).pipe(BooksOrganizations.within("800001")),
 *   Books.contacts.create({ contact_name: "Acme Ltd" }).pipe(BooksOrganizations.within("800002"))
 * ])
 * ```
 *
 * @category organizations
 * @since 0.1.0
 */
export const within: {
  (
    organizationId: string
  ): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E | ZohoConfigError, R | ZohoClient>
  <A, E, R>(self: Effect.Effect<A, E, R>, organizationId: string): Effect.Effect<A, E | ZohoConfigError, R | ZohoClient>
} = dual(
  2,
  <A, E, R>(self: Effect.Effect<A, E, R>, organizationId: string) =>
    Effect.flatMap(validate(organizationId), (id) => Effect.updateService(self, ZohoClient, clientIn(id)))
)

/**
 * {@link within} for a stream (a `list`): every page request names `organizationId`.
 *
 * @example
 * ```ts
 * import * as Books from "@effect-zoho/books/Books"
 * import { BooksOrganizations } from "@effect-zoho/books"
 * import { Stream } from "effect"
 *
 * export const unpaid = Books.invoices.list({ filter_by: "Status.Unpaid" }).pipe(
 *   BooksOrganizations.withinStream("800001"),
 *   Stream.runCount
 * )
 * ```
 *
 * @category organizations
 * @since 0.1.0
 */
export const withinStream: {
  (
    organizationId: string
  ): <A, E, R>(self: Stream.Stream<A, E, R>) => Stream.Stream<A, E | ZohoConfigError, R | ZohoClient>
  <A, E, R>(self: Stream.Stream<A, E, R>, organizationId: string): Stream.Stream<A, E | ZohoConfigError, R | ZohoClient>
} = dual(
  2,
  <A, E, R>(self: Stream.Stream<A, E, R>, organizationId: string) =>
    Stream.unwrap(Effect.map(validate(organizationId), (id) => Stream.updateService(self, ZohoClient, clientIn(id))))
)

/**
 * `user` with `organizationId` as its Books organization (its ids for other products kept), for
 * `ZohoUser.as`: the fiber's calls then work in that org. A bad id is a `ZohoConfigError`.
 *
 * @example
 * ```ts
 * import * as Books from "@effect-zoho/books/Books"
 * import { BooksOrganizations } from "@effect-zoho/books"
 * import { ZohoUser } from "@effect-zoho/core"
 * import { Effect, Either } from "effect"
 *
 * export const createIn = (user: ZohoUser.ZohoUser, organizationId: string) =>
 *   Effect.gen(function*() {
 *     const scoped = yield* Either.match(BooksOrganizations.forUser(user, organizationId), {
 *       onLeft: Effect.fail,
 *       onRight: Effect.succeed
 *     })
 *     return yield* Books.contacts.create({ contact_name: "Globex" }).pipe(ZohoUser.as(scoped))
 *   })
 * ```
 *
 * @category organizations
 * @since 0.1.0
 */
export const forUser = (
  user: ZohoUser.ZohoUser,
  organizationId: string
): Either.Either<ZohoUser.ZohoUser, ZohoConfigError> =>
  Either.map(ZohoUser.validateOrganizationId(organizationId, "Books organization id"), (id) => {
    const current = user.organizationId
    // One id for every product stays the id of the others: spell it out per known product.
    const others: Record<string, string | undefined> = typeof current === "string"
      ? Object.fromEntries(Object.keys(ZohoProducts.all).map((p) => [p, current]))
      : { ...current }
    return { ...user, organizationId: { ...others, [product.id]: id } }
  })
