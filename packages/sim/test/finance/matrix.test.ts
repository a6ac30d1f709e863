/**
 * The same behaviours for every finance product: organization-id rule, CRUD envelopes, paging
 * with `page_context`, `JSONString` bodies, error codes and scope checks.
 */
import type { KnownProductId as ProductId } from "@effect-zoho/core/ZohoProducts"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { arr, harness, makeSeed, obj, ORG, orgHeader, OTHER_ORG } from "./harness.js"

interface Case {
  readonly product: ProductId
  readonly collection: string
  readonly singular: string
  readonly idField: string
  readonly label: string
  readonly create: Record<string, unknown>
  readonly update: Record<string, unknown>
  readonly requiredField: string
  readonly seedRecord: (i: number) => Record<string, unknown>
  readonly scope: string
  readonly notMemberStatus: number
}

const cases: ReadonlyArray<Case> = [
  {
    product: "books",
    collection: "contacts",
    singular: "contact",
    idField: "contact_id",
    label: "Contact",
    create: { contact_name: "Acme Ltd", email: "ap@acme.example" },
    update: { contact_name: "Acme Limited" },
    requiredField: "contact_name",
    seedRecord: (i) => ({ contact_name: `Customer ${String(i).padStart(3, "0")}` }),
    scope: "ZohoBooks.contacts",
    notMemberStatus: 400
  },
  {
    product: "inventory",
    collection: "items",
    singular: "item",
    idField: "item_id",
    label: "Item",
    create: { name: "Widget", rate: 12.5, sku: "W-1" },
    update: { rate: 14 },
    requiredField: "name",
    seedRecord: (i) => ({ name: `Item ${i}`, rate: i }),
    scope: "ZohoInventory.items",
    notMemberStatus: 400
  },
  {
    product: "invoice",
    collection: "contacts",
    singular: "contact",
    idField: "contact_id",
    label: "Contact",
    create: { contact_name: "Bolt GmbH" },
    update: { company_name: "Bolt" },
    requiredField: "contact_name",
    seedRecord: (i) => ({ contact_name: `Client ${i}` }),
    scope: "ZohoInvoice.contacts",
    notMemberStatus: 403
  },
  {
    product: "expense",
    collection: "expenses",
    singular: "expense",
    idField: "expense_id",
    label: "Expense",
    create: { amount: 42.5, merchant_name: "Cafe Uno" },
    update: { amount: 40 },
    requiredField: "amount",
    seedRecord: (i) => ({ amount: i, merchant_name: `Merchant ${i}` }),
    // The Expense file's scope names are singular (`ZohoExpense.expense.READ`).
    scope: "ZohoExpense.expense",
    notMemberStatus: 400
  },
  {
    product: "billing",
    collection: "customers",
    singular: "customer",
    idField: "customer_id",
    label: "Customer",
    create: { display_name: "Ann Lee", email: "ann@example.com" },
    update: { company_name: "Lee & Co" },
    requiredField: "display_name",
    seedRecord: (i) => ({ display_name: `Subscriber ${i}`, email: `s${i}@example.com` }),
    scope: "ZohoSubscriptions.customers",
    notMemberStatus: 403
  }
]

describe.each(cases)("finance matrix: $product", (c) => {
  const base = `/${c.collection}`

  it.effect("lists with the org id in the documented place, refuses it elsewhere or missing", () =>
    Effect.gen(function*() {
      const h = harness()
      const okReply = yield* h.call(c.product, "GET", base)
      assert.strictEqual(okReply.status, 200)
      assert.strictEqual(okReply.body.code, 0)
      assert.strictEqual(okReply.body.message, "success")
      assert.deepStrictEqual(okReply.body[c.collection], [])

      const missing = yield* h.call(c.product, "GET", base, { org: "none" })
      assert.strictEqual(missing.status, 400)
      assert.strictEqual(missing.body.code, 2)
      assert.strictEqual(missing.body.message, "Invalid value passed for organization_id")

      // The other transport does not count, except Invoice and Expense, which document both.
      const header = orgHeader[c.product]
      const wrongPlace = header === undefined
        ? yield* h.call(c.product, "GET", base, {
          org: "none",
          headers: { "X-com-zoho-invoice-organizationid": ORG }
        })
        : yield* h.call(c.product, "GET", base, { org: "none", query: { organization_id: ORG } })
      assert.strictEqual(wrongPlace.status, c.product === "invoice" || c.product === "expense" ? 200 : 400)

      const other = yield* h.call(c.product, "GET", base, { org: { id: OTHER_ORG } })
      assert.strictEqual(other.status, c.notMemberStatus)
      assert.strictEqual(other.body.code, 6041)
      assert.include(String(other.body.message), OTHER_ORG)

      const garbage = yield* h.call(c.product, "GET", base, { org: { id: "not-an-org" } })
      assert.strictEqual(garbage.status, 400)
      assert.strictEqual(garbage.body.code, 2)
    }))

  it.effect("orgKey names the requested org, else the caller's", () =>
    Effect.gen(function*() {
      const h = harness()
      const sim = h.sim(c.product)
      assert.strictEqual(sim.orgKey(yield* h.context(c.product, "GET", base, { org: { id: "123" } })), "123")
      assert.strictEqual(sim.orgKey(yield* h.context(c.product, "GET", base, { org: "none" })), ORG)
    }))

  it.effect("create, get, update, delete; then 1002 on the deleted id", () =>
    Effect.gen(function*() {
      const h = harness()
      const created = yield* h.call(c.product, "POST", base, { json: c.create })
      assert.strictEqual(created.status, 201)
      assert.strictEqual(created.body.code, 0)
      const record = obj(created.body[c.singular])
      const id = String(record[c.idField])
      assert.match(id, /^\d{15}$/)
      for (const [k, v] of Object.entries(c.create)) assert.deepStrictEqual(record[k], v)

      const got = yield* h.call(c.product, "GET", `${base}/${id}`)
      assert.strictEqual(got.status, 200)
      // The create and get answers each carry the fields their own response schema declares.
      const gotRecord = obj(got.body[c.singular])
      for (const [k, v] of Object.entries(record)) if (k in gotRecord) assert.deepStrictEqual(gotRecord[k], v)

      const updated = yield* h.call(c.product, "PUT", `${base}/${id}`, { json: c.update })
      assert.strictEqual(updated.status, 200)
      assert.strictEqual(updated.body.code, 0)
      for (const [k, v] of Object.entries(c.update)) assert.deepStrictEqual(obj(updated.body[c.singular])[k], v)
      assert.strictEqual(obj(updated.body[c.singular])[c.idField], id)

      const listed = yield* h.call(c.product, "GET", base)
      assert.deepStrictEqual(arr(listed.body[c.collection]).map((r) => r[c.idField]), [id])

      const deleted = yield* h.call(c.product, "DELETE", `${base}/${id}`)
      assert.strictEqual(deleted.status, 200)
      assert.strictEqual(deleted.body.code, 0)
      assert.notProperty(deleted.body, c.singular)

      const gone = yield* h.call(c.product, "GET", `${base}/${id}`)
      assert.strictEqual(gone.status, 404)
      assert.deepStrictEqual(gone.body, { code: 1002, message: `${c.label} does not exist.` })
      const goneUpdate = yield* h.call(c.product, "PUT", `${base}/${id}`, { json: c.update })
      assert.strictEqual(goneUpdate.body.code, 1002)
      const goneDelete = yield* h.call(c.product, "DELETE", `${base}/${id}`)
      assert.strictEqual(goneDelete.status, 404)
    }))

  it.effect("pages 450 seeded records over three pages with page_context", () =>
    Effect.gen(function*() {
      const records = Array.from({ length: 450 }, (_, i) => c.seedRecord(i))
      const h = harness(makeSeed({ org1: { [c.product]: { [c.collection]: records } } }))
      const seen: Array<unknown> = []
      const contexts: Array<Record<string, unknown>> = []
      for (let page = 1; page <= 3; page++) {
        const reply = yield* h.call(c.product, "GET", base, { query: { page: String(page) } })
        assert.strictEqual(reply.status, 200)
        seen.push(...arr(reply.body[c.collection]).map((r) => r[c.idField]))
        contexts.push(obj(reply.body.page_context))
      }
      assert.deepStrictEqual(contexts.map((p) => p.has_more_page), [true, true, false])
      assert.deepStrictEqual(contexts.map((p) => p.page), [1, 2, 3])
      assert.deepStrictEqual(contexts.map((p) => p.per_page), [200, 200, 200])
      assert.strictEqual(seen.length, 450)
      assert.strictEqual(new Set(seen).size, 450)
      for (const key of ["report_name", "applied_filter", "sort_column", "sort_order"]) {
        assert.property(contexts[0], key)
      }

      const clamped = yield* h.call(c.product, "GET", base, { query: { per_page: "1000" } })
      assert.strictEqual(obj(clamped.body.page_context).per_page, 200)
      assert.strictEqual(arr(clamped.body[c.collection]).length, 200)

      const small = yield* h.call(c.product, "GET", base, { query: { per_page: "100", page: "5" } })
      assert.strictEqual(arr(small.body[c.collection]).length, 50)
      assert.strictEqual(obj(small.body.page_context).has_more_page, false)

      // A last page that is exactly full has no page after it.
      const exact = yield* h.call(c.product, "GET", base, { query: { per_page: "150", page: "3" } })
      assert.strictEqual(arr(exact.body[c.collection]).length, 150)
      assert.strictEqual(obj(exact.body.page_context).has_more_page, false)
      const beforeExact = yield* h.call(c.product, "GET", base, { query: { per_page: "150", page: "2" } })
      assert.strictEqual(obj(beforeExact.body.page_context).has_more_page, true)

      const beyond = yield* h.call(c.product, "GET", base, { query: { page: "9" } })
      assert.deepStrictEqual(beyond.body[c.collection], [])

      const total = yield* h.call(c.product, "GET", base, { query: { response_option: "2" } })
      assert.strictEqual(obj(total.body.page_context).total, 450)

      const bad = yield* h.call(c.product, "GET", base, { query: { per_page: "-3" } })
      assert.strictEqual(bad.status, 400)
      assert.strictEqual(bad.body.code, 2)
    }))

  it.effect("accepts JSONString as a form field, a query parameter and a multipart field", () =>
    Effect.gen(function*() {
      const h = harness()
      const jsonString = JSON.stringify(c.create)
      const form = yield* h.call(c.product, "POST", base, {
        raw: {
          contentType: "application/x-www-form-urlencoded;charset=UTF-8",
          body: new URLSearchParams({ JSONString: jsonString }).toString()
        }
      })
      assert.strictEqual(form.status, 201)
      for (const [k, v] of Object.entries(c.create)) assert.deepStrictEqual(obj(form.body[c.singular])[k], v)

      const query = yield* h.call(c.product, "POST", base, { query: { JSONString: jsonString } })
      assert.strictEqual(query.status, 201)

      const boundary = "----sim1234"
      const multipart = yield* h.call(c.product, "POST", base, {
        raw: {
          contentType: `multipart/form-data; boundary=${boundary}`,
          body:
            `--${boundary}\r\nContent-Disposition: form-data; name="JSONString"\r\n\r\n${jsonString}\r\n--${boundary}--\r\n`
        }
      })
      assert.strictEqual(multipart.status, 201)

      const listed = yield* h.call(c.product, "GET", base)
      assert.strictEqual(arr(listed.body[c.collection]).length, 3)
    }))

  it.effect("rejects malformed JSON (1038) and a missing required field", () =>
    Effect.gen(function*() {
      const h = harness()
      const broken = yield* h.call(c.product, "POST", base, {
        raw: { contentType: "application/json", body: "{\"oops\": " }
      })
      assert.deepStrictEqual(broken, { status: 400, body: { code: 1038, message: "JSON is not well formed" } })

      const brokenForm = yield* h.call(c.product, "POST", base, { query: { JSONString: "[1,2" } })
      assert.strictEqual(brokenForm.body.code, 1038)

      const { [c.requiredField]: _dropped, ...incomplete } = c.create
      const missing = yield* h.call(c.product, "POST", base, { json: incomplete })
      assert.strictEqual(missing.status, 400)
      assert.strictEqual(missing.body.code, 4)
      assert.include(String(missing.body.message), c.requiredField)
      const listed = yield* h.call(c.product, "GET", base)
      assert.deepStrictEqual(listed.body[c.collection], [])
    }))

  it.effect("checks scopes per operation", () =>
    Effect.gen(function*() {
      const h = harness()
      const readOnly = [`${c.scope}.READ`]
      const list = yield* h.call(c.product, "GET", base, { scopes: readOnly })
      assert.strictEqual(list.status, 200)
      const create = yield* h.call(c.product, "POST", base, { scopes: readOnly, json: c.create })
      assert.deepStrictEqual(create, {
        status: 401,
        body: { code: 57, message: "You are not authorized to perform this operation" }
      })
      const otherProduct = yield* h.call(c.product, "GET", base, { scopes: ["ZohoCRM.modules.ALL"] })
      assert.strictEqual(otherProduct.status, 401)
      const orgs = yield* h.call(c.product, "GET", "/organizations", { scopes: readOnly, org: "none" })
      assert.strictEqual(orgs.status, 401)
    }))

  it.effect("answers unknown paths with code 5 and wrong methods with 405", () =>
    Effect.gen(function*() {
      const h = harness()
      const unknown = yield* h.call(c.product, "GET", "/nope")
      assert.deepStrictEqual(unknown, { status: 404, body: { code: 5, message: "Invalid URL Passed" } })
      const root = yield* h.call(c.product, "GET", "/")
      assert.strictEqual(root.body.code, 5)
      const badAction = yield* h.call(c.product, "POST", `${base}/1/explode`)
      assert.strictEqual(badAction.body.code, 5)
      const patch = yield* h.call(c.product, "PATCH", base)
      assert.strictEqual(patch.status, 405)
      assert.strictEqual(patch.body.code, 37)
    }))

  it.effect("lists the caller's organization without an org id", () =>
    Effect.gen(function*() {
      const h = harness()
      const list = yield* h.call(c.product, "GET", "/organizations", { org: "none" })
      assert.strictEqual(list.status, 200)
      const orgs = arr(list.body.organizations)
      assert.deepStrictEqual(orgs.map((o) => [o.organization_id, o.name]), [[ORG, "Sim Org"]])
      const one = yield* h.call(c.product, "GET", `/organizations/${ORG}`, { org: "none" })
      assert.strictEqual(obj(one.body.organization).organization_id, ORG)
      const other = yield* h.call(c.product, "GET", `/organizations/${OTHER_ORG}`, { org: "none" })
      assert.strictEqual(other.body.code, 6041)
      const theirs = yield* h.call(c.product, "GET", "/organizations", { org: "none", userId: "50002" })
      assert.strictEqual(arr(theirs.body.organizations)[0].organization_id, OTHER_ORG)
    }))

  it.effect("keeps each organization's data apart", () =>
    Effect.gen(function*() {
      const h = harness()
      yield* h.call(c.product, "POST", base, { json: c.create })
      const theirs = yield* h.call(c.product, "GET", base, { userId: "50002", org: { id: OTHER_ORG } })
      assert.strictEqual(theirs.status, 200)
      assert.deepStrictEqual(theirs.body[c.collection], [])
      const ours = yield* h.call(c.product, "GET", base)
      assert.strictEqual(arr(ours.body[c.collection]).length, 1)
    }))

  it("builds the core's error responses in the finance envelope", () => {
    const h = harness()
    const errors = h.sim(c.product).errors
    const body = (r: { body?: string | Uint8Array | undefined }) => JSON.parse(String(r.body))
    assert.strictEqual(errors.invalidToken().status, 401)
    // An expired token (14, replayed by the client) and a refusal (57, never replayed) differ.
    assert.strictEqual(body(errors.invalidToken()).code, 14)
    assert.strictEqual(errors.scopeMismatch(["x"]).status, 401)
    assert.strictEqual(body(errors.scopeMismatch(["x"])).code, 57)
    assert.deepStrictEqual(
      (["minute", "concurrency", "day"] as const).map((
        k
      ) => [errors.rateLimited(k).status, body(errors.rateLimited(k)).code]),
      [[429, 44], [429, 1070], [429, 45]]
    )
    assert.deepStrictEqual(body(errors.notFound()), { code: 5, message: "Invalid URL Passed" })
    assert.strictEqual(errors.notFound().status, 404)
  })
})

describe("finance options", () => {
  it.effect("requireOrgId: false falls back to the caller's organization", () =>
    Effect.gen(function*() {
      const h = harness(makeSeed(), { requireOrgId: false })
      const reply = yield* h.call("books", "GET", "/contacts", { org: "none" })
      assert.strictEqual(reply.status, 200)
    }))

  it("serves each product under its base path", () => {
    const h = harness()
    assert.deepStrictEqual(
      h.sims.map((s) => [s.product, s.basePath]),
      [
        ["books", "/books/v3"],
        ["inventory", "/inventory/v1"],
        ["invoice", "/invoice/v3"],
        ["expense", "/expense/v1"],
        ["billing", "/billing/v1"]
      ]
    )
  })
})
