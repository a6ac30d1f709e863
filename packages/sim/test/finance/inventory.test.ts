import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { arr, harness, obj, ORG } from "./harness.js"

const setup = (h: ReturnType<typeof harness>) =>
  Effect.gen(function*() {
    const contact = yield* h.call("inventory", "POST", "/contacts", { json: { contact_name: "Retailer" } })
    const item = yield* h.call("inventory", "POST", "/items", { json: { name: "Crate", rate: 20 } })
    return { customerId: String(obj(contact.body.contact).contact_id), itemId: String(obj(item.body.item).item_id) }
  })

describe("Inventory sales orders", () => {
  it.effect("creates a draft priced from the item, confirms it, then voids it", () =>
    Effect.gen(function*() {
      const h = harness()
      const { customerId, itemId } = yield* setup(h)
      const created = yield* h.call("inventory", "POST", "/salesorders", {
        json: { customer_id: customerId, line_items: [{ item_id: itemId, quantity: 3 }] }
      })
      assert.strictEqual(created.status, 201)
      assert.strictEqual(created.body.message, "Sales Order has been created.")
      // Inventory's file names the created entity `sales_order`; its get answers `salesorder`.
      const so = obj(created.body.sales_order)
      assert.strictEqual(so.status, "draft")
      assert.strictEqual(so.salesorder_number, "SO-00001")
      assert.strictEqual(so.customer_name, "Retailer")
      assert.strictEqual(so.total, 60)
      const id = String(so.salesorder_id)

      const confirmed = yield* h.call("inventory", "POST", `/salesorders/${id}/status/confirmed`)
      assert.deepStrictEqual(confirmed.body, {
        code: 0,
        message: "Sales order status has been changed to 'Confirmed'."
      })
      const again = yield* h.call("inventory", "POST", `/salesorders/${id}/status/confirmed`)
      assert.strictEqual(again.status, 400)
      assert.strictEqual(again.body.code, 1025)

      const list = yield* h.call("inventory", "GET", "/salesorders", { query: { filter_by: "Status.Confirmed" } })
      assert.deepStrictEqual(arr(list.body.salesorders).map((s) => s.salesorder_id), [id])

      const voided = yield* h.call("inventory", "POST", `/salesorders/${id}/status/void`)
      assert.strictEqual(voided.body.code, 0)
      const confirmVoid = yield* h.call("inventory", "POST", `/salesorders/${id}/status/confirmed`)
      assert.strictEqual(confirmVoid.body.code, 1025)
      const got = yield* h.call("inventory", "GET", `/salesorders/${id}`)
      assert.strictEqual(obj(got.body.salesorder).status, "void")
    }))

  it.effect("requires customer_id and line_items, and the customer to exist", () =>
    Effect.gen(function*() {
      const h = harness()
      const { itemId } = yield* setup(h)
      const noCustomer = yield* h.call("inventory", "POST", "/salesorders", {
        json: { line_items: [{ item_id: itemId }] }
      })
      assert.deepStrictEqual(noCustomer.body, { code: 4, message: "customer_id is required" })
      const unknown = yield* h.call("inventory", "POST", "/salesorders", {
        json: { customer_id: "42", line_items: [{ item_id: itemId }] }
      })
      assert.strictEqual(unknown.body.code, 1002)
      const confirmMissing = yield* h.call("inventory", "POST", "/salesorders/42/status/confirmed")
      assert.deepStrictEqual(confirmMissing, {
        status: 404,
        body: { code: 1002, message: "Sales Order does not exist." }
      })
    }))

  it.effect("takes organization_id from the query, also inside a form body", () =>
    Effect.gen(function*() {
      const h = harness()
      const form = yield* h.call("inventory", "POST", "/items", {
        org: "none",
        raw: {
          contentType: "application/x-www-form-urlencoded",
          body: new URLSearchParams({ organization_id: ORG, JSONString: JSON.stringify({ name: "Via form" }) })
            .toString()
        }
      })
      assert.strictEqual(form.status, 201)
      assert.strictEqual(obj(form.body.item).name, "Via form")
    }))

  it.effect("marks items inactive and back", () =>
    Effect.gen(function*() {
      const h = harness()
      const { itemId } = yield* setup(h)
      const inactive = yield* h.call("inventory", "POST", `/items/${itemId}/inactive`)
      assert.strictEqual(inactive.body.message, "The item has been marked as inactive.")
      const active = yield* h.call("inventory", "GET", "/items", { query: { filter_by: "Status.Active" } })
      assert.deepStrictEqual(active.body.items, [])
      yield* h.call("inventory", "POST", `/items/${itemId}/active`)
      const again = yield* h.call("inventory", "GET", "/items", { query: { filter_by: "Status.Active" } })
      assert.strictEqual(arr(again.body.items).length, 1)
    }))
})
