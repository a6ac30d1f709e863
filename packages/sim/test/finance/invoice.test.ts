import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { harness, obj, ORG, OTHER_ORG } from "./harness.js"

describe("Invoice", () => {
  it.effect("takes the org id from the header or, as documented too, the organization_id parameter", () =>
    Effect.gen(function*() {
      const h = harness()
      const header = yield* h.call("invoice", "GET", "/contacts", {
        org: "none",
        headers: { "X-com-zoho-invoice-organizationid": ORG }
      })
      assert.strictEqual(header.status, 200)
      const query = yield* h.call("invoice", "GET", "/contacts", { org: "none", query: { organization_id: ORG } })
      assert.strictEqual(query.status, 200)
      // The header wins when both are present.
      const both = yield* h.call("invoice", "GET", "/contacts", {
        org: "none",
        headers: { "X-com-zoho-invoice-organizationid": OTHER_ORG },
        query: { organization_id: ORG }
      })
      assert.strictEqual(both.status, 403)
      assert.strictEqual(both.body.code, 6041)
    }))

  it.effect("sends and voids invoices", () =>
    Effect.gen(function*() {
      const h = harness()
      const contact = yield* h.call("invoice", "POST", "/contacts", { json: { contact_name: "Client" } })
      const created = yield* h.call("invoice", "POST", "/invoices", {
        json: {
          customer_id: obj(contact.body.contact).contact_id,
          line_items: [{ name: "Design", rate: 500 }]
        }
      })
      assert.strictEqual(created.status, 201)
      const id = String(obj(created.body.invoice).invoice_id)
      const sent = yield* h.call("invoice", "POST", `/invoices/${id}/status/sent`)
      assert.strictEqual(sent.body.code, 0)
      const voided = yield* h.call("invoice", "POST", `/invoices/${id}/status/void`)
      assert.strictEqual(voided.body.code, 0)
      const got = yield* h.call("invoice", "GET", `/invoices/${id}`)
      assert.strictEqual(obj(got.body.invoice).status, "void")
      assert.strictEqual(obj(got.body.invoice).balance, "500") // a string in Books' file
      const denied = yield* h.call("invoice", "POST", `/invoices/${id}/status/void`, {
        scopes: ["ZohoBooks.fullaccess.all"]
      })
      assert.strictEqual(denied.status, 401)
    }))
})
