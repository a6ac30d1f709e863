/**
 * The finance list keeps each query's filtered, sorted entities between pages (per version of
 * the collection). A create, an update, a status action, a payment's patch of an invoice and a
 * delete must all show in the next list, whatever page and filter it asks for.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { arr, harness, obj } from "./harness.js"

type Harness = ReturnType<typeof harness>

const ids = (h: Harness, query: Record<string, string>) =>
  Effect.map(h.call("books", "GET", "/invoices", { query }), (r) => arr(r.body.invoices).map((i) => i.invoice_id))

const newInvoice = (h: Harness, customerId: string) =>
  Effect.map(
    h.call("books", "POST", "/invoices", {
      json: { customer_id: customerId, line_items: [{ name: "Consulting", rate: 100, quantity: 1 }] }
    }),
    (r) => String(obj(r.body.invoice).invoice_id)
  )

describe("finance list index", () => {
  it.effect("pages and filters follow every write to the collection", () =>
    Effect.gen(function*() {
      const h = harness()
      const contact = yield* h.call("books", "POST", "/contacts", { json: { contact_name: "Acme" } })
      const customerId = String(obj(contact.body.contact).contact_id)
      const made: Array<string> = []
      for (let i = 0; i < 5; i++) made.push(yield* newInvoice(h, customerId))

      const page = (n: number) => ids(h, { per_page: "2", page: String(n) })
      assert.deepStrictEqual(yield* page(1), made.slice(0, 2))
      assert.deepStrictEqual(yield* page(3), made.slice(4))
      assert.deepStrictEqual(yield* ids(h, { filter_by: "Status.Sent" }), [])

      // A create after the list was kept: on the last page at once.
      made.push(yield* newInvoice(h, customerId))
      assert.deepStrictEqual(yield* page(3), made.slice(4, 6))

      // A status action (a new stored object): the filtered list follows.
      yield* h.call("books", "POST", `/invoices/${made[1]}/status/sent`)
      yield* h.call("books", "POST", `/invoices/${made[3]}/status/sent`)
      assert.deepStrictEqual(yield* ids(h, { filter_by: "Status.Sent" }), [made[1], made[3]])

      // A payment patches the invoice it pays (another collection's write).
      const payment = yield* h.call("books", "POST", "/customerpayments", {
        json: { customer_id: customerId, amount: 100, invoices: [{ invoice_id: made[1], amount_applied: 100 }] }
      })
      assert.strictEqual(payment.status, 201)
      assert.deepStrictEqual(yield* ids(h, { filter_by: "Status.Paid" }), [made[1]])
      assert.deepStrictEqual(yield* ids(h, { filter_by: "Status.Sent" }), [made[3]])

      // An update that changes the sort key, then a delete.
      yield* h.call("books", "PUT", `/invoices/${made[0]}`, { json: { reference_number: "zzz" } })
      const byReference = yield* ids(h, { sort_column: "reference_number", sort_order: "D" })
      assert.strictEqual(byReference[0], made[0])
      yield* h.call("books", "DELETE", `/invoices/${made[2]}`)
      assert.deepStrictEqual(yield* ids(h, {}), made.filter((id) => id !== made[2]))
      assert.deepStrictEqual(
        obj(
          (yield* h.call("books", "GET", "/invoices", { query: { response_option: "1", per_page: "2" } })).body
            .page_context
        ).total,
        5
      )
    }))
})
