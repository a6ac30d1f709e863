import * as Endpoint from "@effect-zoho/core/Endpoint"
import * as Envelope from "@effect-zoho/core/Envelope"
import { ZohoClient } from "@effect-zoho/core/ZohoClient"
import type { ZohoError } from "@effect-zoho/core/ZohoError"
import { ZohoAuthError } from "@effect-zoho/core/ZohoError"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import type { ZohoRequest } from "@effect-zoho/core/ZohoRequest"
import * as ZohoTransfer from "@effect-zoho/core/ZohoTransfer"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"

// --- endpoints under test ---------------------------------------------------------------------

const CrmRecord = Schema.Struct({ id: Schema.String, Last_Name: Schema.optional(Schema.String) })

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
    page_token: Schema.optional(Schema.String),
    converted: Schema.optional(Schema.Boolean)
  }),
  headers: Schema.Struct({ "If-Modified-Since": Schema.optional(Schema.Date) }),
  response: Envelope.CrmList(CrmRecord),
  empty: { data: [] },
  notModified: true,
  pagination: Endpoint.crmPageToken,
  scopes: ["ZohoCRM.modules.ALL"],
  docs: "https://www.zoho.com/crm/developer/docs/api/v8/get-records.html"
})

const getRecord = Endpoint.make({
  product: ZohoProducts.crm,
  operation: "crm.records.get",
  method: "GET",
  path: "/{module}/{id}",
  pathParams: Schema.Struct({ module: Schema.String, id: Schema.String }),
  response: Schema.Struct({ data: Schema.Array(CrmRecord) })
})

// The template names {id} but the Schema forgets it: the call must stop before the network.
const brokenGet = Endpoint.make({
  product: ZohoProducts.crm,
  operation: "crm.records.broken",
  method: "GET",
  path: "/{module}/{id}",
  pathParams: Schema.Struct({ module: Schema.String }),
  response: Schema.Unknown
})

const insertRecords = Endpoint.make({
  product: ZohoProducts.crm,
  operation: "crm.records.insert",
  method: "POST",
  path: "/{module}",
  pathParams: Schema.Struct({ module: Schema.String }),
  body: Schema.Struct({
    data: Schema.Array(Schema.Struct({ Last_Name: Schema.String, Closing_Date: Schema.optional(Schema.Date) })),
    trigger: Schema.optional(Schema.Array(Schema.Literal("workflow", "approval", "blueprint")))
  }),
  response: Envelope.CrmWriteResults,
  complex: true
})

const Contact = Schema.Struct({ contact_id: Schema.String, contact_name: Schema.String })

const listContacts = Endpoint.make({
  product: ZohoProducts.books,
  operation: "books.contacts.list",
  method: "GET",
  path: "/contacts",
  query: Schema.Struct({
    page: Schema.optional(Schema.Int),
    per_page: Schema.optional(Schema.Int),
    last_modified_time: Schema.optional(Schema.Date)
  }),
  response: Envelope.FinanceList("contacts", Contact),
  pagination: Endpoint.financePageContext("contacts")
})

const createContact = Endpoint.make({
  product: ZohoProducts.books,
  operation: "books.contacts.create",
  method: "POST",
  path: "/contacts",
  body: Schema.Struct({ contact_name: Schema.String }),
  bodyEncoding: "JSONString",
  response: Envelope.FinanceObject("contact", Contact)
})

const deleteContact = Endpoint.make({
  product: ZohoProducts.books,
  operation: "books.contacts.delete",
  method: "DELETE",
  path: "/contacts/{contact_id}",
  pathParams: Schema.Struct({ contact_id: Schema.String }),
  response: Schema.Struct({ code: Schema.Number, message: Schema.String })
})

// --- a fake ZohoClient answering from a table -------------------------------------------------

interface Reply {
  readonly status: number
  readonly body?: unknown
  readonly headers?: Record<string, string>
}

type Table = Readonly<Record<string, Reply | ZohoError>>

const toResponse = (request: ZohoRequest, reply: Reply) => {
  const text = reply.body === undefined
    ? null
    : typeof reply.body === "string"
    ? reply.body
    : JSON.stringify(reply.body)
  return HttpClientResponse.fromWeb(
    HttpClientRequest.get(`https://www.zohoapis.com${request.basePath ?? "/x"}${request.path}`),
    new Response(text, {
      status: reply.status,
      headers: { "content-type": "application/json;charset=UTF-8", ...reply.headers }
    })
  )
}

interface Fake {
  readonly requests: Array<ZohoRequest>
  readonly spans: Array<string>
  readonly layer: Layer.Layer<ZohoClient>
}

const fake = (table: Table): Fake => {
  const requests: Array<ZohoRequest> = []
  const spans: Array<string> = []
  const layer = Layer.succeed(ZohoClient, {
    execute: (request) =>
      Effect.gen(function*() {
        requests.push(request)
        const span = yield* Effect.option(Effect.currentSpan)
        if (Option.isSome(span)) spans.push(span.value.name)
        const reply = table[`${request.method} ${request.path}`]
        if (reply === undefined) return yield* Effect.dieMessage(`no fake reply for ${request.method} ${request.path}`)
        if ("_tag" in reply) return yield* Effect.fail(reply)
        return toResponse(request, reply)
      })
  })
  return { requests, spans, layer }
}

const list = Endpoint.call(listRecords)
const get = Endpoint.call(getRecord)
const insert = Endpoint.call(insertRecords)
const contacts = Endpoint.call(listContacts)

describe("Endpoint", () => {
  it.effect("builds the CRM request from typed input and decodes the list, keeping unknown fields", () =>
    Effect.gen(function*() {
      const f = fake({
        "GET /Leads": {
          status: 200,
          body: {
            data: [{ id: "1", Last_Name: "Ada", Custom__c: { nested: true } }, { id: "2" }],
            info: { per_page: 2, count: 2, page: 1, more_records: false, next_page_token: null, call: false },
            top_level_extra: "kept"
          }
        }
      })
      const since = new Date("2024-05-01T10:00:00.000Z")
      const result = yield* list({
        path: { module: "Leads" },
        query: { fields: ["Last_Name", "Email"], page: 1, converted: false },
        headers: { "If-Modified-Since": since }
      }).pipe(Effect.provide(f.layer))

      assert.strictEqual(f.requests.length, 1)
      const request = f.requests[0]
      assert.strictEqual(request.product, ZohoProducts.crm)
      assert.strictEqual(request.operation, "crm.records.list")
      assert.strictEqual(request.method, "GET")
      assert.strictEqual(request.pathTemplate, "/{module}")
      assert.strictEqual(request.path, "/Leads")
      assert.deepStrictEqual(request.urlParams, { fields: ["Last_Name", "Email"], page: 1, converted: false })
      assert.deepStrictEqual(request.headers, { "If-Modified-Since": "2024-05-01T10:00:00.000Z" })
      assert.deepStrictEqual(request.body, { _tag: "None" })
      assert.isTrue(request.idempotent)
      assert.strictEqual(request.host, "api")
      assert.deepStrictEqual(f.spans, ["zoho.endpoint.crm.records.list"])

      assert.isFalse(Endpoint.isNotModified(result))
      if (Endpoint.isNotModified(result)) return
      assert.strictEqual(result.data.length, 2)
      assert.strictEqual(result.data[0].Last_Name, "Ada")
      assert.deepStrictEqual((result.data[0] as Record<string, unknown>).Custom__c, { nested: true })
      assert.strictEqual(result.info?.more_records, false)
      assert.strictEqual((result.info as Record<string, unknown>).call, false)
      assert.strictEqual((result as Record<string, unknown>).top_level_extra, "kept")
    }))

  it.effect("URI-encodes path params", () =>
    Effect.gen(function*() {
      const f = fake({ "GET /Custom%20Module/a%26b%3F%23": { status: 200, body: { data: [{ id: "a&b?#" }] } } })
      const result = yield* get({ path: { module: "Custom Module", id: "a&b?#" } }).pipe(Effect.provide(f.layer))
      assert.strictEqual(result.data[0].id, "a&b?#")
      assert.strictEqual(f.requests[0].pathTemplate, "/{module}/{id}")
    }))

  it.effect("a missing, empty or dot path param is InvalidInput and sends nothing", () => {
    const f = fake({})
    return Effect.gen(function*() {
      const missing = yield* Effect.flip(Endpoint.call(brokenGet)({ path: { module: "Leads" } }))
      assert.strictEqual(missing._tag, "ZohoConfigError")
      if (missing._tag !== "ZohoConfigError") return
      assert.strictEqual(missing.reason, "InvalidInput")
      assert.strictEqual(missing.input, "id")
      assert.include(missing.message, "crm.records.broken")

      // Anything that would leave its segment (and so the base path) once a server decodes it.
      for (
        const id of ["", ".", "..", "a/b", "../../oauth", "..\\x", "%2e%2E", "%252e%252e", "a%2Fb", "a%5cb", "x\r\ny"]
      ) {
        const error = yield* Effect.flip(get({ path: { module: "Leads", id } }))
        assert.strictEqual(error._tag, "ZohoConfigError", JSON.stringify(id))
        assert.strictEqual(error._tag === "ZohoConfigError" ? error.reason : "", "InvalidInput")
      }
      assert.strictEqual(f.requests.length, 0)
    }).pipe(Effect.provide(f.layer))
  })

  it.effect("input that does not encode is InvalidInput before the network", () =>
    Effect.gen(function*() {
      const f = fake({})
      const error = yield* Effect.flip(
        list({ path: { module: "Leads" }, query: { fields: ["Id"], per_page: 1.5 } }).pipe(Effect.provide(f.layer))
      )
      assert.strictEqual(error._tag, "ZohoConfigError")
      if (error._tag === "ZohoConfigError") assert.strictEqual(error.input, "query")
      assert.strictEqual(f.requests.length, 0)
    }))

  it.effect("204 yields the declared empty value, or {data: []} for a CRM list", () =>
    Effect.gen(function*() {
      const f = fake({ "GET /Leads": { status: 204 } })
      const result = yield* list({ path: { module: "Leads" }, query: { fields: ["Id"] } }).pipe(Effect.provide(f.layer))
      assert.deepStrictEqual(result, { data: [] })

      const undeclared = Endpoint.make({
        product: ZohoProducts.crm,
        operation: "crm.search",
        method: "GET",
        path: "/{module}/search",
        pathParams: Schema.Struct({ module: Schema.String }),
        query: Schema.Struct({ word: Schema.String }),
        response: Envelope.CrmList(CrmRecord),
        pagination: Endpoint.crmPage
      })
      const g = fake({ "GET /Leads/search": { status: 204 } })
      const searched = yield* Endpoint.call(undeclared)({ path: { module: "Leads" }, query: { word: "x" } }).pipe(
        Effect.provide(g.layer)
      )
      assert.deepStrictEqual(searched, { data: [] })
    }))

  it.effect("204 on an endpoint whose payload cannot be empty is a ZohoDecodeError", () =>
    Effect.gen(function*() {
      const f = fake({ "GET /Leads/1": { status: 204 } })
      const error = yield* Effect.flip(get({ path: { module: "Leads", id: "1" } }).pipe(Effect.provide(f.layer)))
      assert.strictEqual(error._tag, "ZohoDecodeError")
      if (error._tag === "ZohoDecodeError") {
        assert.strictEqual(error.status, 204)
        assert.include(error.message, "no content")
      }
    }))

  it.effect("304 is NotModified where declared and an error elsewhere", () =>
    Effect.gen(function*() {
      const f = fake({ "GET /Leads": { status: 304 }, "GET /Leads/1": { status: 304 } })
      const result = yield* list({ path: { module: "Leads" }, query: { fields: ["Id"] } }).pipe(Effect.provide(f.layer))
      assert.isTrue(Endpoint.isNotModified(result))
      const error = yield* Effect.flip(get({ path: { module: "Leads", id: "1" } }).pipe(Effect.provide(f.layer)))
      assert.strictEqual(error._tag, "ZohoApiError")
      if (error._tag === "ZohoApiError") {
        assert.strictEqual(error.status, 304)
        assert.strictEqual(error.code, "NOT_MODIFIED")
      }
    }))

  it.effect("a CRM error body is a ZohoApiError with Zoho's code, message and details", () =>
    Effect.gen(function*() {
      const f = fake({
        "GET /Nope": {
          status: 400,
          body: {
            code: "INVALID_MODULE",
            details: { resource_path_index: 0 },
            message: "the module name given seems to be invalid",
            status: "error"
          }
        }
      })
      const error = yield* Effect.flip(list({ path: { module: "Nope" }, query: { fields: ["Id"] } })).pipe(
        Effect.provide(f.layer)
      )
      assert.strictEqual(error._tag, "ZohoApiError")
      if (error._tag !== "ZohoApiError") return
      assert.strictEqual(error.product, "crm")
      assert.strictEqual(error.operation, "crm.records.list")
      assert.strictEqual(error.status, 400)
      assert.strictEqual(error.code, "INVALID_MODULE")
      assert.strictEqual(error.message, "the module name given seems to be invalid")
      assert.deepStrictEqual(error.details, { resource_path_index: 0 })
    }))

  it.effect("a scope mismatch names the scopes the endpoint needs", () =>
    Effect.gen(function*() {
      const fromClient = fake({
        "GET /Leads": new ZohoAuthError({ reason: "ScopeMismatch", product: "crm", message: "invalid oauth scope" })
      })
      const error = yield* Effect.flip(list({ path: { module: "Leads" }, query: { fields: ["Id"] } })).pipe(
        Effect.provide(fromClient.layer)
      )
      assert.strictEqual(error._tag, "ZohoAuthError")
      if (error._tag === "ZohoAuthError") assert.deepStrictEqual(error.requiredScopes, ["ZohoCRM.modules.ALL"])

      const fromBody = fake({
        "GET /Leads": {
          status: 403,
          body: { code: "OAUTH_SCOPE_MISMATCH", details: {}, message: "invalid oauth scope", status: "error" }
        }
      })
      const error2 = yield* Effect.flip(list({ path: { module: "Leads" }, query: { fields: ["Id"] } })).pipe(
        Effect.provide(fromBody.layer)
      )
      assert.strictEqual(error2._tag, "ZohoAuthError")
      if (error2._tag === "ZohoAuthError") {
        assert.strictEqual(error2.reason, "ScopeMismatch")
        assert.strictEqual(error2.operation, "crm.records.list")
        assert.deepStrictEqual(error2.requiredScopes, ["ZohoCRM.modules.ALL"])
      }
    }))

  it.effect("a non-JSON body is a ZohoDecodeError with the raw text and status", () =>
    Effect.gen(function*() {
      const html = "<html><body>Bad gateway-ish</body></html>"
      const f = fake({ "GET /Leads": { status: 200, body: html, headers: { "content-type": "text/html" } } })
      const error = yield* Effect.flip(list({ path: { module: "Leads" }, query: { fields: ["Id"] } })).pipe(
        Effect.provide(f.layer)
      )
      assert.strictEqual(error._tag, "ZohoDecodeError")
      if (error._tag !== "ZohoDecodeError") return
      assert.strictEqual(error.body, html)
      assert.strictEqual(error.status, 200)
      assert.strictEqual(error.operation, "crm.records.list")
    }))

  it.effect("a body that does not match the Schema is a ZohoDecodeError with the body and parse error", () =>
    Effect.gen(function*() {
      const raw = JSON.stringify({ data: [{ id: 42 }] })
      const f = fake({ "GET /Leads/42": { status: 200, body: raw } })
      const error = yield* Effect.flip(get({ path: { module: "Leads", id: "42" } })).pipe(Effect.provide(f.layer))
      assert.strictEqual(error._tag, "ZohoDecodeError")
      if (error._tag !== "ZohoDecodeError") return
      assert.strictEqual(error.body, raw)
      assert.include(error.message, "id")
      assert.include(error.message, "Expected string")
    }))

  it.effect("a 207 write is decoded per record and partitioned with indexes", () =>
    Effect.gen(function*() {
      const f = fake({
        "POST /Leads": {
          status: 207,
          body: {
            data: [
              {
                code: "SUCCESS",
                details: { id: "111", Created_Time: "2024-01-01T00:00:00+00:00" },
                message: "record added",
                status: "success"
              },
              {
                code: "MANDATORY_NOT_FOUND",
                details: { api_name: "Last_Name" },
                message: "required field not found",
                status: "error"
              },
              { code: "SUCCESS", details: { id: "333" }, message: "record added", status: "success" }
            ]
          }
        }
      })
      const result = yield* insert({
        path: { module: "Leads" },
        body: {
          data: [{ Last_Name: "A", Closing_Date: new Date("2024-02-03T00:00:00.000Z") }, { Last_Name: "" }, {
            Last_Name: "C"
          }],
          trigger: ["workflow"]
        }
      }).pipe(Effect.provide(f.layer))

      const request = f.requests[0]
      assert.strictEqual(request.method, "POST")
      assert.isFalse(request.idempotent)
      assert.isTrue(request.complex)
      assert.deepStrictEqual(request.body, {
        _tag: "Json",
        value: {
          data: [{ Last_Name: "A", Closing_Date: "2024-02-03T00:00:00.000Z" }, { Last_Name: "" }, { Last_Name: "C" }],
          trigger: ["workflow"]
        }
      })

      const { failed, succeeded } = Envelope.crm.partition(result)
      assert.deepStrictEqual(succeeded.map((s) => [s.index, s.result.details.id]), [[0, "111"], [2, "333"]])
      assert.strictEqual(succeeded[0].result.details.Created_Time, "2024-01-01T00:00:00+00:00")
      assert.strictEqual(failed.length, 1)
      assert.strictEqual(failed[0].index, 1)
      assert.strictEqual(failed[0].result.code, "MANDATORY_NOT_FOUND")
      assert.deepStrictEqual(failed[0].result.details, { api_name: "Last_Name" })
    }))

  it.effect("builds the finance request and decodes page_context, keeping unknown fields", () =>
    Effect.gen(function*() {
      const f = fake({
        "GET /contacts": {
          status: 200,
          body: {
            code: 0,
            message: "success",
            contacts: [{ contact_id: "9", contact_name: "Acme", currency_code: "EUR" }],
            page_context: { page: 2, per_page: 1, has_more_page: true, sort_column: "contact_name", custom_view: "x" }
          }
        }
      })
      const result = yield* contacts({
        query: { page: 2, per_page: 1, last_modified_time: new Date("2024-03-04T05:06:07.000Z") }
      }).pipe(Effect.provide(f.layer))
      const request = f.requests[0]
      assert.strictEqual(request.product, ZohoProducts.books)
      assert.strictEqual(request.path, "/contacts")
      assert.deepStrictEqual(request.urlParams, {
        page: 2,
        per_page: 1,
        last_modified_time: "2024-03-04T05:06:07.000Z"
      })
      assert.strictEqual(result.code, 0)
      assert.strictEqual(result.contacts[0].contact_name, "Acme")
      assert.strictEqual((result.contacts[0] as Record<string, unknown>).currency_code, "EUR")
      assert.strictEqual(result.page_context?.has_more_page, true)
      assert.strictEqual((result.page_context as Record<string, unknown>).custom_view, "x")

      // Every input field of this endpoint is optional, so the input itself is too.
      const g = fake({
        "GET /contacts": { status: 200, body: { code: 0, message: "success", contacts: [] } }
      })
      const empty = yield* contacts().pipe(Effect.provide(g.layer))
      assert.deepStrictEqual(empty.contacts, [])
      assert.deepStrictEqual(g.requests[0].urlParams, {})
    }))

  it.effect("finance code != 0 on HTTP 200 is a ZohoApiError with the numeric code", () =>
    Effect.gen(function*() {
      const f = fake({
        "GET /contacts": { status: 200, body: { code: 1002, message: "Contact does not exist.", hint: "check id" } },
        "DELETE /contacts/7": { status: 404, body: { code: 1002, message: "Contact does not exist." } }
      })
      const error = yield* Effect.flip(contacts({})).pipe(Effect.provide(f.layer))
      assert.strictEqual(error._tag, "ZohoApiError")
      if (error._tag !== "ZohoApiError") return
      assert.strictEqual(error.product, "books")
      assert.strictEqual(error.status, 200)
      assert.strictEqual(error.code, 1002)
      assert.strictEqual(error.message, "Contact does not exist.")
      assert.deepStrictEqual(error.details, { hint: "check id" })

      const error2 = yield* Effect.flip(Endpoint.call(deleteContact)({ path: { contact_id: "7" } })).pipe(
        Effect.provide(f.layer)
      )
      assert.strictEqual(error2._tag, "ZohoApiError")
      if (error2._tag === "ZohoApiError") {
        assert.strictEqual(error2.status, 404)
        assert.strictEqual(error2.code, 1002)
      }
    }))

  it.effect("a JSONString endpoint sends its encoded body as the JSONString form field", () =>
    Effect.gen(function*() {
      const f = fake({
        "POST /contacts": {
          status: 201,
          body: {
            code: 0,
            message: "The contact has been added.",
            contact: { contact_id: "5", contact_name: "New" }
          }
        }
      })
      const result = yield* Endpoint.call(createContact)({ body: { contact_name: "New" } }).pipe(
        Effect.provide(f.layer)
      )
      assert.strictEqual(result.contact.contact_id, "5")
      assert.deepStrictEqual(f.requests[0].body, { _tag: "Form", fields: { JSONString: "{\"contact_name\":\"New\"}" } })
      assert.isFalse(f.requests[0].idempotent)
    }))

  it("resolves defaults and keeps the declaration", () => {
    assert.strictEqual(listRecords.operation, "crm.records.list")
    assert.isTrue(listRecords.idempotent)
    assert.isTrue(listRecords.notModified)
    assert.deepStrictEqual(listRecords.pagination, { _tag: "CrmPageToken" })
    assert.deepStrictEqual(listContacts.pagination, { _tag: "FinancePageContext", listKey: "contacts" })
    assert.isFalse(insertRecords.idempotent)
    assert.strictEqual(getRecord.host, "api")
    assert.deepStrictEqual(getRecord.scopes, [])
    const search = Endpoint.make({
      product: ZohoProducts.crm,
      operation: "crm.coql",
      method: "POST",
      path: "/coql",
      body: Schema.Struct({ select_query: Schema.String }),
      response: Schema.Unknown,
      idempotent: true
    })
    assert.isTrue(search.idempotent)
  })

  it("types the input from the declaration", () => {
    // Only checked by the compiler: each line must be a type error (never run, so never yielded).
    // @effect-diagnostics floatingEffect:off
    const typeErrors = () => {
      // @ts-expect-error path is required where the endpoint has path params
      get({})
      // @ts-expect-error listContacts has no path params
      contacts({ path: { module: "x" } })
      // @ts-expect-error query values are typed
      list({ path: { module: "Leads" }, query: { fields: "Id" } })
      // @ts-expect-error the If-Modified-Since header takes a Date
      list({ path: { module: "Leads" }, query: { fields: [] }, headers: { "If-Modified-Since": 3 } })
      // @ts-expect-error empty must match the response type
      Endpoint.make({ product: "crm", operation: "x", method: "GET", path: "/", response: Schema.Number, empty: "" })
    }
    // @effect-diagnostics floatingEffect:error
    assert.isFunction(typeErrors)
  })
})

describe("Endpoint bodies and file answers", () => {
  const post = { product: ZohoProducts.books, method: "POST", path: "/files", response: Schema.Unknown } as const
  const text = (blob: Blob) => Effect.promise(() => blob.text())

  it.effect("form fields, multipart parts from bytes and a Stream, raw bytes", () =>
    Effect.gen(function*() {
      const form = Endpoint.make({
        ...post,
        operation: "books.files.form",
        body: Schema.Struct({ a: Schema.String, n: Schema.Number, o: Schema.Struct({ k: Schema.String }) }),
        bodyEncoding: "form"
      })
      const formRequest = yield* Endpoint.toRequest(form, { body: { a: "x y", n: 2, o: { k: "v" } } })
      assert.deepStrictEqual(formRequest.body, { _tag: "Form", fields: { a: "x y", n: "2", o: "{\"k\":\"v\"}" } })

      const multipart = Endpoint.make({
        ...post,
        operation: "books.files.multipart",
        body: Schema.Struct({ file: ZohoTransfer.File, note: Schema.String }),
        bodyEncoding: "multipart"
      })
      const chunks = Stream.make(new TextEncoder().encode("hello "), new TextEncoder().encode("world"))
      const multipartRequest = yield* Endpoint.toRequest(multipart, {
        body: { file: { fileName: "a.txt", contentType: "text/plain", stream: chunks }, note: "n" }
      })
      assert.strictEqual(multipartRequest.body._tag, "Multipart")
      if (multipartRequest.body._tag !== "Multipart") return
      const [file, note] = multipartRequest.body.parts
      assert.deepStrictEqual(note, { _tag: "Field", name: "note", value: "n" })
      assert.strictEqual(file._tag === "File" ? file.fileName : "", "a.txt")
      assert.strictEqual(file._tag === "File" ? yield* text(file.blob) : "", "hello world")

      const bytes = Endpoint.make({
        ...post,
        operation: "books.files.bytes",
        body: ZohoTransfer.File,
        bodyEncoding: "bytes"
      })
      const bytesRequest = yield* Endpoint.toRequest(bytes, {
        body: { fileName: "p.png", contentType: "image/png", bytes: Uint8Array.from([1, 2, 3]) }
      })
      assert.deepStrictEqual(bytesRequest.body, {
        _tag: "Bytes",
        bytes: Uint8Array.from([1, 2, 3]),
        contentType: "image/png"
      })

      // A source that fails is a transport error before anything is sent.
      const broken = yield* Effect.flip(Endpoint.toRequest(multipart, {
        body: { file: { fileName: "a.txt", stream: Stream.fail("disk gone") }, note: "n" }
      }))
      assert.strictEqual(broken._tag, "ZohoTransportError")
      assert.isFalse(broken._tag === "ZohoTransportError" && broken.maybeProcessed)
    }))

  it.effect("the response Schema decides how the answer is read, per endpoint", () =>
    Effect.gen(function*() {
      const get = { product: ZohoProducts.crm, method: "GET", path: "/file" } as const
      const streamed = Endpoint.make({
        ...get,
        operation: "crm.f.s",
        response: Schema.UndefinedOr(ZohoTransfer.Streamed)
      })
      const buffered = Endpoint.make({ ...get, operation: "crm.f.b", response: ZohoTransfer.Buffered })
      const envelope = Endpoint.make({ ...get, operation: "crm.f.e", response: Schema.Unknown })
      assert.deepStrictEqual([streamed.responseKind, buffered.responseKind, envelope.responseKind], [
        "stream",
        "bytes",
        "envelope"
      ])
      assert.strictEqual((yield* Endpoint.toRequest(streamed, {})).bufferBody, false)
      assert.strictEqual((yield* Endpoint.toRequest(buffered, {})).bufferBody, true)
      assert.strictEqual((yield* Endpoint.toRequest(envelope, {})).bufferBody, undefined)
      assert.strictEqual(
        ZohoTransfer.fileNameOf("attachment; filename=\"a_.pdf\"; filename*=UTF-8''a%C3%A9.pdf"),
        "aé.pdf"
      )
    }))
})
