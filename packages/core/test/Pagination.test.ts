import * as Endpoint from "@effect-zoho/core/Endpoint"
import * as Envelope from "@effect-zoho/core/Envelope"
import * as Pagination from "@effect-zoho/core/Pagination"
import { ZohoClient } from "@effect-zoho/core/ZohoClient"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import type { ZohoRequest } from "@effect-zoho/core/ZohoRequest"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"

const CrmRecord = Schema.Struct({ id: Schema.String, Last_Name: Schema.String })

const listRecords = Endpoint.make({
  product: ZohoProducts.crm,
  operation: "crm.records.list",
  method: "GET",
  path: "/{module}",
  pathParams: Schema.Struct({ module: Schema.String }),
  query: Schema.Struct({
    fields: Schema.Array(Schema.String),
    page: Schema.optional(Schema.Int),
    per_page: Schema.optional(Schema.Int),
    page_token: Schema.optional(Schema.String)
  }),
  response: Envelope.CrmList(CrmRecord),
  empty: { data: [] },
  pagination: Endpoint.crmPageToken
})

const searchRecords = Endpoint.make({
  product: ZohoProducts.crm,
  operation: "crm.records.search",
  method: "GET",
  path: "/{module}/search",
  pathParams: Schema.Struct({ module: Schema.String }),
  query: Schema.Struct({ word: Schema.String }),
  response: Envelope.CrmList(CrmRecord),
  pagination: Endpoint.crmPage
})

const Contact = Schema.Struct({ contact_id: Schema.String, contact_name: Schema.String })

const listContacts = Endpoint.make({
  product: ZohoProducts.books,
  operation: "books.contacts.list",
  method: "GET",
  path: "/contacts",
  query: Schema.Struct({ filter_by: Schema.optional(Schema.String) }),
  response: Envelope.FinanceList("contacts", Contact),
  pagination: Endpoint.financePageContext("contacts")
})

// --- fakes that generate pages lazily from the request, following Zoho's rules ----------------

type Reply = { readonly status: number; readonly body?: unknown }

const fakeClient = (serve: (request: ZohoRequest) => Reply) => {
  const requests: Array<ZohoRequest> = []
  const layer = Layer.succeed(ZohoClient, {
    execute: (request) =>
      Effect.sync(() => {
        requests.push(request)
        const reply = serve(request)
        return HttpClientResponse.fromWeb(
          HttpClientRequest.get(`https://www.zohoapis.com/crm/v8${request.path}`),
          new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
            status: reply.status,
            headers: { "content-type": "application/json" }
          })
        )
      })
  })
  return { requests, layer }
}

const crmError = (code: string, message: string): Reply => ({
  status: 400,
  body: { code, details: {}, message, status: "error" }
})

/**
 * A CRM list of `total` records that enforces Zoho's pagination rules: page and page_token are
 * exclusive, page numbers reach only 2,000 records, tokens are bound to the query params.
 */
const crmServer =
  (total: number, options?: { readonly expireTokensAfter?: number }) => (request: ZohoRequest): Reply => {
    const params = request.urlParams
    const perPage = Number(params.per_page ?? 200)
    const binding = `${JSON.stringify(params.fields)}|${perPage}|${request.path}`
    if (params.page !== undefined && params.page_token !== undefined) {
      return crmError("AMBIGUITY_DURING_PROCESSING", "page and page_token both given")
    }
    let offset: number
    if (params.page_token !== undefined) {
      const [bound, at] = String(params.page_token).split("#")
      if (bound !== binding) return crmError("TOKEN_BOUND_DATA_MISMATCH", "params changed")
      offset = Number(at)
      if (options?.expireTokensAfter !== undefined && offset >= options.expireTokensAfter) {
        return crmError("EXPIRED_VALUE", "the page token has expired")
      }
    } else {
      const page = Number(params.page ?? 1)
      if (page * perPage > 2000) return crmError("DISCRETE_PAGINATION_LIMIT_EXCEEDED", "use page_token")
      offset = (page - 1) * perPage
    }
    const end = Math.min(offset + perPage, total)
    if (end <= offset) return { status: 204 }
    const data = []
    for (let i = offset; i < end; i++) data.push({ id: String(i), Last_Name: `N${i}` })
    const more = end < total
    return {
      status: 200,
      body: {
        data,
        info: {
          per_page: perPage,
          count: data.length,
          page: params.page ?? null,
          more_records: more,
          next_page_token: more ? `${binding}#${end}` : null,
          page_token_expiry: "2099-01-01T00:00:00Z"
        }
      }
    }
  }

/** Folds without collecting: counts and checks the ids arrive in order, each once. */
const countInOrder = <E, R>(stream: Stream.Stream<{ readonly id: string }, E, R>) =>
  Stream.runFold(stream, { count: 0, inOrder: true }, (acc, item) => ({
    count: acc.count + 1,
    inOrder: acc.inOrder && item.id === String(acc.count)
  }))

const input = { path: { module: "Leads" }, query: { fields: ["Last_Name"] } }

describe("Pagination.crm", () => {
  it.effect("streams 5,000 records: 10 page requests, then page_token requests, never both", () =>
    Effect.gen(function*() {
      const fake = fakeClient(crmServer(5000))
      const result = yield* countInOrder(Pagination.crm(listRecords, input)).pipe(Effect.provide(fake.layer))
      assert.deepStrictEqual(result, { count: 5000, inOrder: true })

      assert.strictEqual(fake.requests.length, 25)
      fake.requests.forEach((request, i) => {
        const params = request.urlParams
        assert.strictEqual(params.per_page, 200)
        assert.deepStrictEqual(params.fields, ["Last_Name"])
        assert.strictEqual(request.path, "/Leads")
        if (i < 10) {
          assert.strictEqual(params.page, i + 1)
          assert.notProperty(params, "page_token")
        } else {
          assert.notProperty(params, "page")
          assert.isString(params.page_token)
          assert.isTrue(String(params.page_token).endsWith(`#${i * 200}`))
        }
      })
    }))

  it.effect("switches before the first page that would pass 2,000 when per_page does not divide it", () =>
    Effect.gen(function*() {
      const fake = fakeClient(crmServer(3000))
      const result = yield* countInOrder(Pagination.crm(listRecords, input, { perPage: 150 })).pipe(
        Effect.provide(fake.layer)
      )
      assert.deepStrictEqual(result, { count: 3000, inOrder: true })
      // 13 pages reach 1,950; page 14 would reach 2,100, so the rest (1,050) come by token.
      const pages = fake.requests.filter((r) => r.urlParams.page !== undefined).length
      assert.strictEqual(pages, 13)
      assert.strictEqual(fake.requests.length, 13 + 7)
    }))

  it.effect("pages emits whole pages", () =>
    Effect.gen(function*() {
      const fake = fakeClient(crmServer(450))
      const sizes = yield* Stream.runFold(
        Pagination.crmPages(listRecords, input),
        [] as Array<number>,
        (acc, page) => [...acc, page.data.length]
      ).pipe(Effect.provide(fake.layer))
      assert.deepStrictEqual(sizes, [200, 200, 50])
    }))

  it.effect("maxRecords stops the stream without requesting further pages", () =>
    Effect.gen(function*() {
      const fake = fakeClient(crmServer(5000))
      const result = yield* countInOrder(Pagination.crm(listRecords, input, { maxRecords: 2100 })).pipe(
        Effect.provide(fake.layer)
      )
      assert.deepStrictEqual(result, { count: 2100, inOrder: true })
      assert.strictEqual(fake.requests.length, 11)
    }))

  it.effect("pages are pulled lazily: taking one record makes one request", () =>
    Effect.gen(function*() {
      const fake = fakeClient(crmServer(5000))
      const count = yield* Pagination.crm(listRecords, input).pipe(
        Stream.take(1),
        Stream.runCount,
        Effect.provide(fake.layer)
      )
      assert.strictEqual(count, 1)
      assert.strictEqual(fake.requests.length, 1)
    }))

  it.effect("an expired page token fails the stream with a typed error instead of restarting", () =>
    Effect.gen(function*() {
      const fake = fakeClient(crmServer(5000, { expireTokensAfter: 2400 }))
      const seen: Array<number> = []
      const error = yield* Pagination.crm(listRecords, input).pipe(
        Stream.runForEach(() => Effect.sync(() => seen.push(1))),
        Effect.flip,
        Effect.provide(fake.layer)
      )
      assert.strictEqual(error._tag, "ZohoApiError")
      if (error._tag !== "ZohoApiError") return
      assert.strictEqual(error.code, "EXPIRED_VALUE")
      assert.include(error.message, "after 2400 records")
      assert.deepInclude(error.details as object, { recordsEmitted: 2400, cursor: "Token" })
      assert.strictEqual(seen.length, 2400)
      // 10 pages + 2 good tokens + the expired one; no request ever went back to page 1.
      assert.strictEqual(fake.requests.length, 13)
      assert.strictEqual(fake.requests.filter((r) => r.urlParams.page === 1).length, 1)
    }))

  it.effect("an empty list (HTTP 204) is an empty stream", () =>
    Effect.gen(function*() {
      const fake = fakeClient(crmServer(0))
      const count = yield* Stream.runCount(Pagination.crm(listRecords, input)).pipe(Effect.provide(fake.layer))
      assert.strictEqual(count, 0)
      assert.strictEqual(fake.requests.length, 1)
    }))

  it.effect("page-only endpoints never send page_token and stop on more_records false", () =>
    Effect.gen(function*() {
      const fake = fakeClient(crmServer(1234))
      const result = yield* countInOrder(
        Pagination.crm(searchRecords, { path: { module: "Leads" }, query: { word: "x" } })
      ).pipe(Effect.provide(fake.layer))
      assert.deepStrictEqual(result, { count: 1234, inOrder: true })
      assert.deepStrictEqual(fake.requests.map((r) => r.urlParams.page), [1, 2, 3, 4, 5, 6, 7])
      assert.isTrue(fake.requests.every((r) => !("page_token" in r.urlParams)))
      assert.strictEqual(fake.requests[0].path, "/Leads/search")
    }))

  it.effect("the server's limit on a page-only list surfaces as an error, not a silent stop", () =>
    Effect.gen(function*() {
      const fake = fakeClient(crmServer(2500))
      const error = yield* Stream.runCount(
        Pagination.crm(searchRecords, { path: { module: "Leads" }, query: { word: "x" } })
      ).pipe(Effect.flip, Effect.provide(fake.layer))
      assert.strictEqual(error._tag, "ZohoApiError")
      if (error._tag === "ZohoApiError") {
        assert.strictEqual(error.code, "DISCRETE_PAGINATION_LIMIT_EXCEEDED")
        assert.deepInclude(error.details as object, { recordsEmitted: 2000 })
      }
    }))

  it.effect("the stream owns page params and ignores the caller's", () =>
    Effect.gen(function*() {
      const fake = fakeClient(crmServer(300))
      const count = yield* Stream.runCount(
        Pagination.crm(listRecords, { path: { module: "Leads" }, query: { fields: ["Last_Name"], page: 7 } })
      ).pipe(Effect.provide(fake.layer))
      assert.strictEqual(count, 300)
      assert.deepStrictEqual(fake.requests.map((r) => r.urlParams.page), [1, 2])
    }))

  it.effect("a per_page above 200 is InvalidInput before any request", () =>
    Effect.gen(function*() {
      const fake = fakeClient(crmServer(10))
      const error = yield* Stream.runCount(Pagination.crm(listRecords, input, { perPage: 201 })).pipe(
        Effect.flip,
        Effect.provide(fake.layer)
      )
      assert.strictEqual(error._tag, "ZohoConfigError")
      const error2 = yield* Stream.runCount(Pagination.crm(listRecords, input, { maxRecords: 0 })).pipe(
        Effect.flip,
        Effect.provide(fake.layer)
      )
      assert.strictEqual(error2._tag, "ZohoConfigError")
      assert.strictEqual(fake.requests.length, 0)
    }))
})

/** A finance list of `total` contacts, page by page, with `page_context.has_more_page`. */
const financeServer = (total: number, options?: { readonly failOnPage?: number }) => (request: ZohoRequest): Reply => {
  const page = Number(request.urlParams.page)
  const perPage = Number(request.urlParams.per_page)
  if (page === options?.failOnPage) return { status: 200, body: { code: 1002, message: "Contact does not exist." } }
  const start = (page - 1) * perPage
  const end = Math.min(start + perPage, total)
  const contacts = []
  for (let i = start; i < end; i++) contacts.push({ contact_id: String(i), contact_name: `C${i}`, extra: i })
  return {
    status: 200,
    body: {
      code: 0,
      message: "success",
      contacts,
      page_context: { page, per_page: perPage, has_more_page: end < total, report_name: "Contacts" }
    }
  }
}

describe("Pagination.finance", () => {
  it.effect("an answer with no content (HTTP 204) is an empty stream, not a decode error", () =>
    Effect.gen(function*() {
      const fake = fakeClient(() => ({ status: 204 }))
      const count = yield* Stream.runCount(Pagination.finance(listContacts, {})).pipe(Effect.provide(fake.layer))
      assert.strictEqual(count, 0)
      assert.strictEqual(fake.requests.length, 1)
    }))

  it.effect("pages while has_more_page and stops when it turns false", () =>
    Effect.gen(function*() {
      const fake = fakeClient(financeServer(650))
      const result = yield* Stream.runFold(
        Pagination.finance(listContacts, { query: { filter_by: "Status.Active" } }),
        { count: 0, inOrder: true },
        (acc, contact) => ({ count: acc.count + 1, inOrder: acc.inOrder && contact.contact_id === String(acc.count) })
      ).pipe(Effect.provide(fake.layer))
      assert.deepStrictEqual(result, { count: 650, inOrder: true })
      assert.deepStrictEqual(fake.requests.map((r) => r.urlParams.page), [1, 2, 3, 4])
      assert.isTrue(
        fake.requests.every((r) => r.urlParams.per_page === 200 && r.urlParams.filter_by === "Status.Active")
      )
    }))

  it.effect("takes perPage and an explicit listKey, and emits pages", () =>
    Effect.gen(function*() {
      const fake = fakeClient(financeServer(25))
      const pages = yield* Stream.runFold(
        Pagination.financePages(listContacts, {}, { listKey: "contacts", perPage: 10 }),
        [] as Array<number>,
        (acc, page) => [...acc, page.contacts.length]
      ).pipe(Effect.provide(fake.layer))
      assert.deepStrictEqual(pages, [10, 10, 5])
      assert.isTrue(fake.requests.every((r) => r.urlParams.per_page === 10))
    }))

  it.effect("a code != 0 mid-stream fails with the ZohoApiError after the earlier items", () =>
    Effect.gen(function*() {
      const fake = fakeClient(financeServer(1000, { failOnPage: 3 }))
      const seen: Array<number> = []
      const error = yield* Pagination.finance(listContacts, {}).pipe(
        Stream.runForEach(() => Effect.sync(() => seen.push(1))),
        Effect.flip,
        Effect.provide(fake.layer)
      )
      assert.strictEqual(error._tag, "ZohoApiError")
      if (error._tag === "ZohoApiError") assert.strictEqual(error.code, 1002)
      assert.strictEqual(seen.length, 400)
    }))

  it.effect("maxRecords stops early", () =>
    Effect.gen(function*() {
      const fake = fakeClient(financeServer(1000))
      const count = yield* Stream.runCount(Pagination.finance(listContacts, {}, { maxRecords: 250 })).pipe(
        Effect.provide(fake.layer)
      )
      assert.strictEqual(count, 250)
      assert.strictEqual(fake.requests.length, 2)
    }))
})
