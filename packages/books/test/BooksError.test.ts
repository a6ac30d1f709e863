import { ZohoCredentials, ZohoProducts, ZohoUser } from "@effect-zoho/core"
import { ZohoApiError, ZohoAuthError, ZohoRateLimited } from "@effect-zoho/core/ZohoError"
import { SimSeed } from "@effect-zoho/sim"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as Books from "../src/Books.js"
import * as BooksError from "../src/BooksError.js"
import * as BooksOrganizations from "../src/BooksOrganizations.js"
import { FINANCE_ORG, stack } from "./support/Stack.js"

describe("BooksError", () => {
  it("names every code once, and agrees with the Books descriptor's table", () => {
    const codes = BooksError.codes.map((c) => c.code)
    assert.strictEqual(new Set(codes).size, codes.length)
    assert.strictEqual(new Set(BooksError.codes.map((c) => c.name)).size, codes.length)
    for (const entry of ZohoProducts.books.errorCodes) {
      const ours = BooksError.lookup(entry.code)
      assert.isDefined(ours, String(entry.code))
      assert.strictEqual(ours?.kind, entry.kind, String(entry.code))
    }
    // The codes Zoho's Books pages document are marked so.
    for (const code of [0, 1000, 1002, 44, 45, 1070]) {
      assert.strictEqual(BooksError.lookup(code)?.source, "documented", String(code))
    }
    assert.strictEqual(BooksError.names.NOT_FOUND, 1002)
    assert.strictEqual(BooksError.names.ORGANIZATION_NOT_ASSOCIATED, 6041)
    assert.strictEqual(BooksError.lookup("1002")?.name, "NOT_FOUND")
    assert.isUndefined(BooksError.lookup(424242))
    assert.isUndefined(BooksError.lookup("NOT_FOUND"))
  })

  it.effect("a record that does not exist: NOT_FOUND, catchable by name", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack()
      const error = yield* Books.contacts.get("460000000099999").pipe(Effect.flip, Effect.provide(layer))
      assert.strictEqual(BooksError.nameOf(error), "NOT_FOUND")
      assert.isTrue(BooksError.is("NOT_FOUND")(error))
      assert.isFalse(BooksError.is("INVALID_VALUE")(error))
      assert.strictEqual(
        BooksError.describe(error),
        "NOT_FOUND (1002) on books.contacts.getContact: the record does not exist; Zoho: Contact does not exist. — " +
          "check the id, and the organization it belongs to"
      )
      const recovered = yield* Books.contacts.get("460000000099999").pipe(
        Effect.map((c) => c.contact_name),
        Effect.catchIf(BooksError.is("NOT_FOUND"), () => Effect.succeed("none")),
        Effect.provide(layer)
      )
      assert.strictEqual(recovered, "none")
    }))

  it.effect("an unknown organization: ORGANIZATION_NOT_ASSOCIATED naming the id", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack()
      const error = yield* Books.invoices.list().pipe(
        Stream.runDrain,
        BooksOrganizations.within("123456"),
        Effect.flip,
        Effect.provide(layer)
      )
      assert.strictEqual(BooksError.nameOf(error), "ORGANIZATION_NOT_ASSOCIATED")
      assert.isTrue(BooksError.is("ORGANIZATION_NOT_ASSOCIATED")(error))
      const line = BooksError.describe(error)
      assert.include(line, "ORGANIZATION_NOT_ASSOCIATED (6041) on books.invoices.listInvoices")
      assert.include(line, "123456")
      assert.include(line, "Books.organizations.list")
    }))

  it.effect("a missing scope: ZohoAuthError carrying the operation's scopes, no token minted for it", () =>
    Effect.gen(function*() {
      const seed = SimSeed.demo({
        refreshTokens: [{
          token: "1000.limited",
          clientId: "1000.SIMCLIENT",
          userId: "50001",
          scopes: ["ZohoBooks.contacts.ALL", "ZohoBooks.settings.READ"]
        }]
      })
      const limited = ZohoUser.make({
        credentials: ZohoCredentials.RefreshToken({
          clientId: "1000.SIMCLIENT",
          clientSecret: Redacted.make("sim-secret"),
          refreshToken: Redacted.make("1000.limited")
        }),
        organizationId: FINANCE_ORG
      })
      const { layer, simulator } = yield* stack({ seed, user: limited })
      const contact = yield* Books.contacts.create({ contact_name: "Acme" }).pipe(Effect.provide(layer))
      const error = yield* Books.invoices.create({
        customer_id: contact.contact_id ?? "",
        line_items: [{ item_id: "1", quantity: 1 }]
      }).pipe(Effect.flip, Effect.provide(layer))
      assert.strictEqual(error._tag, "ZohoAuthError")
      if (error._tag !== "ZohoAuthError") return
      assert.strictEqual(error.reason, "ScopeMismatch")
      assert.strictEqual(error.operation, "books.invoices.createInvoice")
      assert.deepStrictEqual(error.requiredScopes, ["ZohoBooks.invoices.CREATE"])
      assert.strictEqual(BooksError.nameOf(error), "NOT_AUTHORIZED")
      assert.deepStrictEqual(BooksError.requiredScopes(error), ["ZohoBooks.invoices.CREATE"])
      assert.include(BooksError.describe(error), "grant ZohoBooks.invoices.CREATE")
      // One token for the whole run: a refusal for a scope is not a reason to mint another.
      assert.strictEqual((yield* simulator.stats).tokensIssued, 1)
    }))

  it("describes errors without a Books code, and finds scopes from the operation name", () => {
    const bare = new ZohoAuthError({
      reason: "ScopeMismatch",
      product: "books",
      operation: "books.bills.createBill",
      message: "You are not authorized to perform this operation"
    })
    assert.deepStrictEqual(BooksError.requiredScopes(bare), ["ZohoBooks.bills.CREATE"])
    const limit = new ZohoRateLimited({
      product: "books",
      operation: "books.invoices.listInvoices",
      reason: "TooManyRequests",
      code: 44
    })
    assert.strictEqual(BooksError.nameOf(limit), "PER_MINUTE_LIMIT")
    const other = new ZohoApiError({ product: "books", operation: "x", status: 400, code: 99999, message: "odd" })
    assert.isUndefined(BooksError.nameOf(other))
    assert.strictEqual(BooksError.describe(other), "ZohoApiError: odd")
    assert.deepStrictEqual(BooksError.requiredScopes(other), [])
  })
})
