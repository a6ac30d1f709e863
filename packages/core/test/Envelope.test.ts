import * as Envelope from "@effect-zoho/core/Envelope"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"

const crmContext = (status: number): Envelope.Context => ({ product: "crm", operation: "crm.op", status })
const booksContext = (status: number): Envelope.Context => ({ product: "books", operation: "books.op", status })

describe("Envelope.toError", () => {
  it("CRM: a whole-body error is an error at any status", () => {
    const body = { code: "INVALID_DATA", details: { api_name: "id" }, message: "invalid data", status: "error" }
    const error = Option.getOrThrow(Envelope.toError(ZohoProducts.crm, crmContext(200), body))
    assert.strictEqual(error._tag, "ZohoApiError")
    if (error._tag !== "ZohoApiError") return
    assert.strictEqual(error.status, 200)
    assert.strictEqual(error.code, "INVALID_DATA")
    assert.deepStrictEqual(error.details, { api_name: "id" })
  })

  it("CRM: a failed write body reports the first error entry and keeps the whole body", () => {
    const body = {
      data: [
        { code: "SUCCESS", details: { id: "1" }, message: "ok", status: "success" },
        { code: "DUPLICATE_DATA", details: { api_name: "Email" }, message: "duplicate", status: "error" }
      ]
    }
    const error = Option.getOrThrow(Envelope.toError(ZohoProducts.crm, crmContext(400), body))
    assert.strictEqual(error._tag, "ZohoApiError")
    if (error._tag !== "ZohoApiError") return
    assert.strictEqual(error.code, "DUPLICATE_DATA")
    assert.deepStrictEqual(error.details, body)
  })

  it("CRM: a 2xx write body with failed entries is not an error here (partition it)", () => {
    const body = { data: [{ code: "DUPLICATE_DATA", details: {}, message: "duplicate", status: "error" }] }
    assert.isTrue(Option.isNone(Envelope.toError(ZohoProducts.crm, crmContext(207), body)))
  })

  it("CRM: an unrecognised error body falls back to HTTP_<status>", () => {
    const error = Option.getOrThrow(Envelope.toError(ZohoProducts.crm, crmContext(404), { message: "nope" }))
    assert.strictEqual(error._tag, "ZohoApiError")
    if (error._tag === "ZohoApiError") {
      assert.strictEqual(error.code, "HTTP_404")
      assert.strictEqual(error.message, "nope")
    }
  })

  it("CRM: OAUTH_SCOPE_MISMATCH becomes a ZohoAuthError with the scopes", () => {
    const error = Option.getOrThrow(
      Envelope.toError(
        ZohoProducts.crm,
        { ...crmContext(401), scopes: ["ZohoCRM.coql.READ"] },
        { code: "OAUTH_SCOPE_MISMATCH", details: {}, message: "invalid oauth scope", status: "error" }
      )
    )
    assert.strictEqual(error._tag, "ZohoAuthError")
    if (error._tag === "ZohoAuthError") {
      assert.strictEqual(error.reason, "ScopeMismatch")
      assert.deepStrictEqual(error.requiredScopes, ["ZohoCRM.coql.READ"])
    }
  })

  it("finance: code 0 on 2xx is success, code != 0 is an error on any status", () => {
    assert.isTrue(
      Option.isNone(Envelope.toError(ZohoProducts.books, booksContext(201), { code: 0, message: "created" }))
    )
    const error = Option.getOrThrow(
      Envelope.toError(ZohoProducts.books, booksContext(200), {
        code: 1038,
        message: "JSON is not well formed",
        field: "x"
      })
    )
    assert.strictEqual(error._tag, "ZohoApiError")
    if (error._tag !== "ZohoApiError") return
    assert.strictEqual(error.code, 1038)
    assert.strictEqual(error.status, 200)
    assert.deepStrictEqual(error.details, { field: "x" })
  })

  it("finance: a 4xx with code 0 or no code is still an error", () => {
    const zero = Option.getOrThrow(Envelope.toError(ZohoProducts.books, booksContext(400), { code: 0, message: "odd" }))
    assert.strictEqual(zero._tag === "ZohoApiError" && zero.code, "HTTP_400")
    const none = Option.getOrThrow(Envelope.toError(ZohoProducts.books, booksContext(500), "text"))
    assert.strictEqual(none._tag === "ZohoApiError" && none.code, "HTTP_500")
  })
})

describe("Envelope.decode", () => {
  const Item = Schema.Struct({ id: Schema.String })

  it.effect("keeps unknown fields at every level", () =>
    Effect.gen(function*() {
      const text = JSON.stringify({
        code: 0,
        message: "success",
        items: [{ id: "1", more: [1, 2] }],
        page_context: { page: 1, per_page: 200, has_more_page: false, applied_filter: "Status.All", extra: 1 },
        top: true
      })
      const value = yield* Envelope.decode(
        ZohoProducts.books,
        Envelope.FinanceList("items", Item),
        booksContext(200),
        text
      )
      assert.deepStrictEqual(value, JSON.parse(text))
      assert.strictEqual(value.items[0].id, "1")
    }))

  it.effect("non-JSON is a ZohoDecodeError with the raw text and status", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Envelope.decode(ZohoProducts.crm, Item, crmContext(502), "<h1>Bad Gateway</h1>"))
      assert.strictEqual(error._tag, "ZohoDecodeError")
      if (error._tag !== "ZohoDecodeError") return
      assert.strictEqual(error.body, "<h1>Bad Gateway</h1>")
      assert.strictEqual(error.status, 502)
      assert.include(error.message, "not JSON")
    }))

  it.effect("a mismatch is a ZohoDecodeError naming the bad field", () =>
    Effect.gen(function*() {
      const text = JSON.stringify({ data: [{ id: "1" }, { id: 2 }] })
      const error = yield* Effect.flip(Envelope.decode(ZohoProducts.crm, Envelope.CrmList(Item), crmContext(200), text))
      assert.strictEqual(error._tag, "ZohoDecodeError")
      if (error._tag !== "ZohoDecodeError") return
      assert.strictEqual(error.body, text)
      assert.include(error.message, "[1]")
      assert.include(error.message, "Expected string, actual 2")
    }))

  it.effect("an error envelope wins over the success Schema", () =>
    Effect.gen(function*() {
      const text = JSON.stringify({ code: 1002, message: "Invoice does not exist." })
      const error = yield* Effect.flip(Envelope.decode(ZohoProducts.books, Schema.Unknown, booksContext(200), text))
      assert.strictEqual(error._tag, "ZohoApiError")
    }))
})

describe("Envelope.crm", () => {
  it.effect("decodes mixed write results and partitions them with indexes", () =>
    Effect.gen(function*() {
      const text = JSON.stringify({
        data: [
          { code: "INVALID_DATA", details: { api_name: "Email" }, message: "invalid", status: "error" },
          { code: "SUCCESS", details: { id: "7", Modified_By: { id: "u" } }, message: "updated", status: "success" },
          { code: "RECORD_LOCKED", details: {}, message: "locked", status: "error" }
        ]
      })
      const results = yield* Envelope.decode(ZohoProducts.crm, Envelope.CrmWriteResults, crmContext(207), text)
      const viaWrapper = Envelope.crm.partition(results)
      const viaArray = Envelope.crm.partition(results.data)
      assert.deepStrictEqual(viaWrapper, viaArray)
      assert.deepStrictEqual(viaWrapper.succeeded.map((s) => s.index), [1])
      assert.deepStrictEqual(viaWrapper.succeeded[0].result.details.Modified_By, { id: "u" })
      assert.deepStrictEqual(viaWrapper.failed.map((f) => [f.index, f.result.code]), [[0, "INVALID_DATA"], [
        2,
        "RECORD_LOCKED"
      ]])
    }))

  it.effect("an entry with an unknown status fails decoding instead of passing silently", () =>
    Effect.gen(function*() {
      const text = JSON.stringify({ data: [{ code: "X", details: {}, message: "?", status: "maybe" }] })
      const error = yield* Effect.flip(
        Envelope.decode(ZohoProducts.crm, Envelope.CrmWriteResults, crmContext(200), text)
      )
      assert.strictEqual(error._tag, "ZohoDecodeError")
    }))

  it.effect("a success entry needs a record id", () =>
    Effect.gen(function*() {
      const text = JSON.stringify({ data: [{ code: "SUCCESS", details: {}, message: "ok", status: "success" }] })
      const error = yield* Effect.flip(
        Envelope.decode(ZohoProducts.crm, Envelope.CrmWriteResults, crmContext(201), text)
      )
      assert.strictEqual(error._tag, "ZohoDecodeError")
    }))

  it.effect("CrmList accepts token-paged info with null page fields", () =>
    Effect.gen(function*() {
      const text = JSON.stringify({
        data: [],
        info: { page: null, per_page: 200, more_records: false, next_page_token: null, page_token_expiry: null }
      })
      const list = yield* Envelope.decode(ZohoProducts.crm, Envelope.CrmList(Schema.Unknown), crmContext(200), text)
      assert.strictEqual(list.info?.more_records, false)
    }))
})
