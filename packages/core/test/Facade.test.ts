import * as Endpoint from "@effect-zoho/core/Endpoint"
import * as Envelope from "@effect-zoho/core/Envelope"
import * as Facade from "@effect-zoho/core/Facade"
import { ZohoClient } from "@effect-zoho/core/ZohoClient"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import type { ZohoRequest } from "@effect-zoho/core/ZohoRequest"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"

const Contact = Schema.Struct({ contact_id: Schema.String, contact_name: Schema.String })
const product = ZohoProducts.books

const listContacts = Endpoint.make({
  product,
  operation: "test.contacts.list",
  method: "GET",
  path: "/contacts",
  query: Schema.Struct({
    filter_by: Schema.optional(Schema.String),
    page: Schema.optional(Schema.Number),
    per_page: Schema.optional(Schema.Number)
  }),
  response: Envelope.FinanceList("contacts", Contact),
  pagination: Endpoint.financePageContext("contacts")
})
const single = Schema.Struct({ code: Schema.Number, message: Schema.String, contact: Schema.optional(Contact) })
const getContact = Endpoint.make({
  product,
  operation: "test.contacts.get",
  method: "GET",
  path: "/contacts/{contact_id}",
  pathParams: Schema.Struct({ contact_id: Schema.String }),
  response: single
})
const createContact = Endpoint.make({
  product,
  operation: "test.contacts.create",
  method: "POST",
  path: "/contacts",
  body: Schema.Struct({ contact_name: Schema.String }),
  response: single
})
const updateContact = Endpoint.make({
  product,
  operation: "test.contacts.update",
  method: "PUT",
  path: "/contacts/{contact_id}",
  pathParams: Schema.Struct({ contact_id: Schema.String }),
  body: Schema.Struct({ contact_name: Schema.String }),
  response: single
})
const ok = Schema.Struct({ code: Schema.Number, message: Schema.String })
const deleteContact = Endpoint.make({
  product,
  operation: "test.contacts.delete",
  method: "DELETE",
  path: "/contacts/{contact_id}",
  pathParams: Schema.Struct({ contact_id: Schema.String }),
  response: ok
})
const markActive = Endpoint.make({
  product,
  operation: "test.contacts.markActive",
  method: "POST",
  path: "/contacts/{contact_id}/active",
  pathParams: Schema.Struct({ contact_id: Schema.String }),
  response: ok
})
const deleteComment = Endpoint.make({
  product,
  operation: "test.contacts.deleteComment",
  method: "DELETE",
  path: "/contacts/{contact_id}/comments/{comment_id}",
  pathParams: Schema.Struct({ contact_id: Schema.String, comment_id: Schema.String }),
  response: ok
})

const contacts = {
  list: Facade.list(listContacts),
  get: Facade.get(getContact, "contact"),
  create: Facade.create(createContact, "contact"),
  update: Facade.update(updateContact, "contact"),
  delete: Facade.remove(deleteContact),
  markActive: Facade.action(markActive),
  deleteComment: Facade.action(deleteComment)
}

/** Seven contacts, served the way a finance list and record answer, every request recorded. */
const fake = () => {
  const requests: Array<ZohoRequest> = []
  const all = Array.from({ length: 7 }, (_, i) => ({ contact_id: `${i + 1}`, contact_name: `C${i + 1}` }))
  const reply = (request: ZohoRequest): unknown => {
    if (request.method === "GET" && request.path === "/contacts") {
      const page = Number(request.urlParams.page)
      const perPage = Number(request.urlParams.per_page)
      const slice = all.slice((page - 1) * perPage, page * perPage)
      return {
        code: 0,
        message: "success",
        contacts: slice,
        page_context: { page, per_page: perPage, has_more_page: page * perPage < all.length }
      }
    }
    if (request.path === "/contacts/404") return { code: 0, message: "success" }
    const id = request.path.split("/")[2] ?? "8"
    return { code: 0, message: "success", contact: { contact_id: id, contact_name: `C${id}` } }
  }
  const layer = Layer.succeed(ZohoClient, {
    execute: (request) =>
      Effect.sync(() => {
        requests.push(request)
        return HttpClientResponse.fromWeb(
          HttpClientRequest.get(`https://www.zohoapis.com/books/v3${request.path}`),
          new Response(JSON.stringify(reply(request)), { status: 200, headers: { "content-type": "application/json" } })
        )
      })
  })
  return { requests, layer }
}

describe("Facade", () => {
  it.effect("list streams every page's records; get, create and update return the record itself", () => {
    const { layer, requests } = fake()
    return Effect.gen(function*() {
      const listed = yield* contacts.list({ filter_by: "Status.All" }, { perPage: 3 }).pipe(Stream.runCollect)
      assert.deepStrictEqual(Chunk.toReadonlyArray(listed).map((c) => c.contact_id), [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7"
      ])
      assert.strictEqual(requests.length, 3)
      const got = yield* contacts.get("5")
      assert.deepStrictEqual(got, { contact_id: "5", contact_name: "C5" })
      const created = yield* contacts.create({ contact_name: "Ada" })
      assert.strictEqual(created.contact_id, "8")
      const updated = yield* contacts.update("2", { contact_name: "B" })
      assert.strictEqual(updated.contact_id, "2")
      assert.deepStrictEqual(requests.slice(3).map((r) => `${r.method} ${r.path}`), [
        "GET /contacts/5",
        "POST /contacts",
        "PUT /contacts/2"
      ])
    }).pipe(Effect.provide(layer))
  })

  it.effect("delete is void; an action takes the id when its path has one placeholder, the input otherwise", () => {
    const { layer, requests } = fake()
    return Effect.gen(function*() {
      const deleted: void = yield* contacts.delete("3")
      assert.isUndefined(deleted)
      const active = yield* contacts.markActive("3")
      assert.strictEqual(active.code, 0)
      yield* contacts.deleteComment({ path: { contact_id: "3", comment_id: "9" } })
      assert.deepStrictEqual(requests.map((r) => `${r.method} ${r.path}`), [
        "DELETE /contacts/3",
        "POST /contacts/3/active",
        "DELETE /contacts/3/comments/9"
      ])
    }).pipe(Effect.provide(layer))
  })

  it.effect("an answer without the record is a ZohoDecodeError naming the key; a bad id fails before any request", () => {
    const { layer, requests } = fake()
    return Effect.gen(function*() {
      const missing = yield* Effect.exit(contacts.get("404"))
      assert.isTrue(Exit.isFailure(missing))
      const error = yield* Effect.flip(contacts.get("404"))
      assert.strictEqual(error._tag, "ZohoDecodeError")
      assert.include(error.message, "\"contact\"")
      const before = requests.length
      const slash = yield* Effect.flip(contacts.get("1/../2"))
      assert.strictEqual(slash._tag, "ZohoConfigError")
      const empty = yield* Effect.flip(contacts.delete(""))
      assert.strictEqual(empty._tag, "ZohoConfigError")
      assert.strictEqual(requests.length, before)
    }).pipe(Effect.provide(layer))
  })

  it("a by-id facade over a path without exactly one placeholder is refused when built", () => {
    assert.throws(() => Facade.get(listContacts, "contacts"), /placeholders/)
    assert.throws(() => Facade.remove(deleteComment), /placeholders/)
  })
})
