import { ZohoUser } from "@effect-zoho/core"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"
import * as Books from "../src/Books.js"
import * as BooksOrganizations from "../src/BooksOrganizations.js"
import { FINANCE_ORG, stack, user, userWithoutOrg } from "./support/Stack.js"

const orgOf = (query: URLSearchParams) => query.get("organization_id")

describe("Books organizations", () => {
  it.effect("organizations.list works with no organization id anywhere, and sends none", () =>
    Effect.gen(function*() {
      const { booksRequests, layer } = yield* stack({ user: userWithoutOrg })
      const orgs = yield* Stream.runCollect(Books.organizations.list()).pipe(Effect.provide(layer))
      assert.deepStrictEqual([...orgs].map((o) => o.organization_id), [FINANCE_ORG])
      const sent = yield* booksRequests
      assert.strictEqual(sent.length, 1)
      assert.strictEqual(sent[0]!.path, "/books/v3/organizations")
      assert.isNull(orgOf(sent[0]!.query))
      // One organization by id is organization discovery too.
      const one = yield* Books.organizations.get(FINANCE_ORG).pipe(Effect.provide(layer))
      assert.strictEqual(one.organization_id, FINANCE_ORG)
    }))

  it.effect("any other call without an org id fails before a request (MissingOrganizationId)", () =>
    Effect.gen(function*() {
      const { booksRequests, layer } = yield* stack({ user: userWithoutOrg })
      const error = yield* Books.contacts.create({ contact_name: "Acme" }).pipe(Effect.flip, Effect.provide(layer))
      assert.strictEqual(error._tag, "ZohoConfigError")
      assert.strictEqual(error._tag === "ZohoConfigError" && error.reason, "MissingOrganizationId")
      assert.strictEqual((yield* booksRequests).length, 0)
    }))

  it.effect("per call: within(org) names the org on every Books request, lists included", () =>
    Effect.gen(function*() {
      const { booksRequests, layer } = yield* stack({ user: userWithoutOrg })
      const created = yield* Books.contacts.create({ contact_name: "Acme" }).pipe(
        BooksOrganizations.within(FINANCE_ORG),
        Effect.provide(layer)
      )
      const listed = yield* Books.contacts.list().pipe(
        BooksOrganizations.withinStream(FINANCE_ORG),
        Stream.runCollect,
        Effect.provide(layer)
      )
      assert.deepStrictEqual([...listed].map((c) => c.contact_id), [created.contact_id])
      const sent = yield* booksRequests
      assert.strictEqual(sent.length, 2)
      assert.isTrue(sent.every((r) => orgOf(r.query) === FINANCE_ORG))
    }))

  it.effect("per fiber: ZohoUser.as with a user whose Books org is set (forUser)", () =>
    Effect.gen(function*() {
      const { booksRequests, layer } = yield* stack({ user: userWithoutOrg })
      const inOrg = Either.getOrThrow(BooksOrganizations.forUser(userWithoutOrg, FINANCE_ORG))
      assert.strictEqual(ZohoUser.organizationIdFor(inOrg, "books"), FINANCE_ORG)
      assert.strictEqual(inOrg.key, userWithoutOrg.key)
      const [inside, outside] = yield* Effect.all([
        Books.contacts.create({ contact_name: "Fiber Co" }).pipe(ZohoUser.as(inOrg), Effect.either),
        Books.contacts.create({ contact_name: "No Org Co" }).pipe(Effect.either)
      ], { concurrency: 2 }).pipe(Effect.provide(layer))
      assert.isTrue(Either.isRight(inside))
      // The other fiber keeps the default user, which has no org.
      assert.isTrue(Either.isLeft(outside) && outside.left._tag === "ZohoConfigError")
      assert.deepStrictEqual((yield* booksRequests).map((r) => orgOf(r.query)), [FINANCE_ORG])
      // One id for every product stays the id of the other products.
      const shared = Either.getOrThrow(BooksOrganizations.forUser(user, "800002"))
      assert.strictEqual(ZohoUser.organizationIdFor(shared, "books"), "800002")
      assert.strictEqual(ZohoUser.organizationIdFor(shared, "inventory"), FINANCE_ORG)
    }))

  it.effect("within wins over the user's org; an unknown org is Zoho's 6041, naming the id", () =>
    Effect.gen(function*() {
      const { booksRequests, layer } = yield* stack({ user })
      const error = yield* Books.contacts.list().pipe(
        Stream.runCollect,
        BooksOrganizations.within("800999"),
        Effect.flip,
        Effect.provide(layer)
      )
      assert.strictEqual(error._tag, "ZohoApiError")
      if (error._tag !== "ZohoApiError") return
      assert.strictEqual(error.code, 6041)
      assert.include(error.message, "800999")
      assert.deepStrictEqual((yield* booksRequests).map((r) => orgOf(r.query)), ["800999"])
    }))

  it.effect("an invalid org id (not digits) is a ZohoConfigError naming it, before any request", () =>
    Effect.gen(function*() {
      const { booksRequests, layer } = yield* stack({ user })
      for (const bad of ["", "80 0001", "800001\r\nX-Evil: 1", "org-1"]) {
        const viaCall = yield* Books.contacts.list().pipe(
          Stream.runCollect,
          BooksOrganizations.within(bad),
          Effect.flip,
          Effect.provide(layer)
        )
        assert.strictEqual(viaCall._tag, "ZohoConfigError")
        assert.strictEqual(viaCall._tag === "ZohoConfigError" && viaCall.reason, "InvalidInput")
        assert.strictEqual(viaCall._tag === "ZohoConfigError" && viaCall.input, JSON.stringify(bad).slice(0, 60))
        const viaStream = yield* Books.contacts.list().pipe(
          BooksOrganizations.withinStream(bad),
          Stream.runCollect,
          Effect.flip,
          Effect.provide(layer)
        )
        assert.strictEqual(viaStream._tag, "ZohoConfigError")
        assert.isTrue(Either.isLeft(BooksOrganizations.forUser(user, bad)))
        // A user carrying a bad id is refused before its token is even fetched.
        const viaUser = yield* Books.contacts.list().pipe(
          Stream.runCollect,
          ZohoUser.as({ ...user, organizationId: { books: bad } }),
          Effect.flip,
          Effect.provide(layer)
        )
        assert.strictEqual(viaUser._tag, "ZohoConfigError")
      }
      assert.strictEqual((yield* booksRequests).length, 0)
    }))
})
