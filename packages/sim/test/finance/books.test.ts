import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import { arr, harness, makeSeed, obj } from "./harness.js"

const customer = (h: ReturnType<typeof harness>, name = "Acme Ltd") =>
  Effect.map(
    h.call("books", "POST", "/contacts", { json: { contact_name: name } }),
    (r) => String(obj(r.body.contact).contact_id)
  )

const invoice = (h: ReturnType<typeof harness>, customerId: string) =>
  Effect.map(
    h.call("books", "POST", "/invoices", {
      json: { customer_id: customerId, line_items: [{ name: "Consulting", rate: 150, quantity: 2 }] }
    }),
    (r) => obj(r.body.invoice)
  )

describe("Books invoices", () => {
  it.effect("creates a draft with a number, the customer's name and totals", () =>
    Effect.gen(function*() {
      const h = harness()
      yield* TestClock.setTime(Date.UTC(2025, 2, 14, 9, 30))
      const customerId = yield* customer(h)
      const created = yield* h.call("books", "POST", "/invoices", {
        json: { customer_id: customerId, line_items: [{ name: "A", rate: 10, quantity: 3 }, { name: "B", rate: 2.5 }] }
      })
      assert.strictEqual(created.status, 201)
      assert.strictEqual(created.body.message, "The invoice has been created.")
      const inv = obj(created.body.invoice)
      assert.strictEqual(inv.status, "draft")
      assert.strictEqual(inv.invoice_number, "INV-000001")
      assert.strictEqual(inv.customer_name, "Acme Ltd")
      // Books' file declares `total` and `balance` as strings (sub_total and item_total as numbers).
      assert.strictEqual(inv.total, "32.5")
      assert.strictEqual(inv.balance, "32.5")
      assert.strictEqual(inv.sub_total, 32.5)
      assert.strictEqual(inv.date, "2025-03-14")
      assert.strictEqual(inv.created_time, "2025-03-14T09:30:00+0000")
      assert.deepStrictEqual(arr(inv.line_items).map((l) => l.item_total), [30, 2.5])
      const second = yield* invoice(h, customerId)
      assert.strictEqual(second.invoice_number, "INV-000002")
    }))

  it.effect("refuses an unknown customer and prices lines from a referenced item", () =>
    Effect.gen(function*() {
      const h = harness()
      const unknown = yield* h.call("books", "POST", "/invoices", {
        json: { customer_id: "460000000099999", line_items: [{ name: "x", rate: 1 }] }
      })
      assert.deepStrictEqual(unknown, { status: 400, body: { code: 1002, message: "Customer does not exist." } })
      const customerId = yield* customer(h)
      const item = yield* h.call("books", "POST", "/items", { json: { name: "Bolt", rate: 0.75 } })
      const itemId = String(obj(item.body.item).item_id)
      const created = yield* h.call("books", "POST", "/invoices", {
        json: { customer_id: customerId, line_items: [{ item_id: itemId, quantity: 4 }] }
      })
      const line = arr(obj(created.body.invoice).line_items)[0]
      assert.strictEqual(line.name, "Bolt")
      assert.strictEqual(line.rate, 0.75)
      assert.strictEqual(obj(created.body.invoice).total, "3")
      const badItem = yield* h.call("books", "POST", "/invoices", {
        json: { customer_id: customerId, line_items: [{ item_id: "1" }] }
      })
      assert.strictEqual(badItem.body.code, 1002)
      const noLines = yield* h.call("books", "POST", "/invoices", { json: { customer_id: customerId, line_items: [] } })
      assert.strictEqual(noLines.body.code, 4)
    }))

  it.effect("marks sent, voids, returns to draft; refuses invalid transitions", () =>
    Effect.gen(function*() {
      const h = harness()
      const id = String((yield* invoice(h, yield* customer(h))).invoice_id)
      const sent = yield* h.call("books", "POST", `/invoices/${id}/status/sent`)
      assert.deepStrictEqual(sent, {
        status: 200,
        body: { code: 0, message: "Invoice status has been changed to Sent." }
      })
      assert.strictEqual(obj((yield* h.call("books", "GET", `/invoices/${id}`)).body.invoice).status, "sent")

      const again = yield* h.call("books", "POST", `/invoices/${id}/status/sent`)
      assert.strictEqual(again.status, 400)
      assert.strictEqual(again.body.code, 1025)

      const voided = yield* h.call("books", "POST", `/invoices/${id}/status/void`)
      assert.strictEqual(voided.body.code, 0)
      const afterVoid = obj((yield* h.call("books", "GET", `/invoices/${id}`)).body.invoice)
      assert.strictEqual(afterVoid.status, "void")

      const sendVoid = yield* h.call("books", "POST", `/invoices/${id}/status/sent`)
      assert.strictEqual(sendVoid.body.code, 1025)
      assert.include(String(sendVoid.body.message), "void")

      const draft = yield* h.call("books", "POST", `/invoices/${id}/status/draft`)
      assert.strictEqual(draft.body.code, 0)
      assert.strictEqual(obj((yield* h.call("books", "GET", `/invoices/${id}`)).body.invoice).status, "draft")

      const missing = yield* h.call("books", "POST", "/invoices/460000000099999/status/sent")
      assert.deepStrictEqual(missing, { status: 404, body: { code: 1002, message: "Invoice does not exist." } })
      const wrongMethod = yield* h.call("books", "GET", `/invoices/${id}/status/sent`)
      assert.strictEqual(wrongMethod.status, 405)
    }))

  it.effect("needs the CREATE scope for status actions", () =>
    Effect.gen(function*() {
      const h = harness()
      const id = String((yield* invoice(h, yield* customer(h))).invoice_id)
      const denied = yield* h.call("books", "POST", `/invoices/${id}/status/sent`, {
        scopes: ["ZohoBooks.invoices.READ", "ZohoBooks.invoices.UPDATE"]
      })
      assert.strictEqual(denied.status, 401)
      const allowed = yield* h.call("books", "POST", `/invoices/${id}/status/sent`, {
        scopes: ["ZohoBooks.invoices.CREATE"]
      })
      assert.strictEqual(allowed.status, 200)
    }))

  it.effect("filters by status, searches and sorts", () =>
    Effect.gen(function*() {
      const h = harness()
      const customerId = yield* customer(h)
      const ids: Array<string> = []
      for (let i = 0; i < 5; i++) ids.push(String((yield* invoice(h, customerId)).invoice_id))
      yield* h.call("books", "POST", `/invoices/${ids[1]}/status/sent`)
      yield* h.call("books", "POST", `/invoices/${ids[3]}/status/sent`)
      yield* h.call("books", "POST", `/invoices/${ids[4]}/status/void`)

      const byStatus = (filter: string) =>
        Effect.map(
          h.call("books", "GET", "/invoices", { query: { filter_by: filter } }),
          (r) => arr(r.body.invoices).map((i) => i.invoice_id)
        )
      assert.deepStrictEqual(yield* byStatus("Status.Sent"), [ids[1], ids[3]])
      assert.deepStrictEqual(yield* byStatus("Status.Draft"), [ids[0], ids[2]])
      assert.deepStrictEqual(yield* byStatus("Status.Void"), [ids[4]])
      assert.deepStrictEqual(yield* byStatus("Status.Unpaid"), [ids[1], ids[3]])
      assert.deepStrictEqual((yield* byStatus("Status.All")).length, 5)
      const filtered = yield* h.call("books", "GET", "/invoices", { query: { filter_by: "Status.Sent" } })
      assert.strictEqual(obj(filtered.body.page_context).applied_filter, "Status.Sent")
      const bad = yield* h.call("books", "GET", "/invoices", { query: { filter_by: "Status.Bogus" } })
      assert.deepStrictEqual(bad, { status: 400, body: { code: 2, message: "Invalid value passed for filter_by" } })

      const searched = yield* h.call("books", "GET", "/invoices", { query: { search_text: "inv-000003" } })
      assert.deepStrictEqual(arr(searched.body.invoices).map((i) => i.invoice_id), [ids[2]])

      const sorted = yield* h.call("books", "GET", "/invoices", {
        query: { sort_column: "invoice_number", sort_order: "D" }
      })
      assert.deepStrictEqual(arr(sorted.body.invoices).map((i) => i.invoice_id), [...ids].reverse())
      assert.strictEqual(obj(sorted.body.page_context).sort_column, "invoice_number")
      assert.strictEqual(obj(sorted.body.page_context).sort_order, "D")
    }))
})

describe("Books contacts and items", () => {
  it.effect("marks contacts inactive and active, filterable by status", () =>
    Effect.gen(function*() {
      const h = harness()
      const a = yield* customer(h, "Alpha")
      yield* customer(h, "Beta")
      const inactive = yield* h.call("books", "POST", `/contacts/${a}/inactive`)
      assert.strictEqual(inactive.body.message, "The contact has been marked as inactive.")
      const list = yield* h.call("books", "GET", "/contacts", { query: { filter_by: "Status.Inactive" } })
      assert.deepStrictEqual(arr(list.body.contacts).map((c) => c.contact_name), ["Alpha"])
      const twice = yield* h.call("books", "POST", `/contacts/${a}/inactive`)
      assert.strictEqual(twice.body.code, 1025)
      const active = yield* h.call("books", "POST", `/contacts/${a}/active`)
      assert.strictEqual(active.body.code, 0)
      const byName = yield* h.call("books", "GET", "/contacts", { query: { contact_name_startswith: "be" } })
      assert.deepStrictEqual(arr(byName.body.contacts).map((c) => c.contact_name), ["Beta"])
    }))

  it.effect("serves seeded records with ids and defaults filled in", () =>
    Effect.gen(function*() {
      const h = harness(makeSeed({
        org1: {
          books: {
            contacts: [{ contact_id: "1001", contact_name: "Seeded" }, { contact_name: "No Id" }],
            invoices: [{ customer_id: "1001", status: "sent", line_items: [] }]
          }
        }
      }))
      const seeded = yield* h.call("books", "GET", "/contacts/1001")
      assert.strictEqual(obj(seeded.body.contact).status, "active")
      const list = yield* h.call("books", "GET", "/contacts")
      assert.strictEqual(arr(list.body.contacts).length, 2)
      assert.match(String(arr(list.body.contacts)[1].contact_id), /^\d+$/)
      const invoices = yield* h.call("books", "GET", "/invoices", { query: { filter_by: "Status.Sent" } })
      assert.strictEqual(arr(invoices.body.invoices)[0].invoice_number, "INV-000001")
    }))

  it.effect("rejects a non-numeric item rate", () =>
    Effect.gen(function*() {
      const h = harness()
      const bad = yield* h.call("books", "POST", "/items", { json: { name: "X", rate: "cheap" } })
      assert.deepStrictEqual(bad.body, { code: 2, message: "Invalid value passed for rate" })
    }))
})

describe("Books customer payments", () => {
  it.effect("take a sent invoice to partially paid, then paid; refuse drafts and overpayment", () =>
    Effect.gen(function*() {
      const h = harness()
      const customerId = yield* customer(h)
      const inv = yield* invoice(h, customerId)
      const id = String(inv.invoice_id)
      const pay = (amount: number) =>
        h.call("books", "POST", "/customerpayments", {
          json: {
            customer_id: customerId,
            amount,
            payment_mode: "cash",
            invoices: [{ invoice_id: id, amount_applied: amount }]
          }
        })
      const onDraft = yield* pay(100)
      assert.deepStrictEqual([onDraft.status, onDraft.body.code], [400, 1025])
      yield* h.call("books", "POST", `/invoices/${id}/status/sent`)
      const part = yield* pay(100)
      assert.strictEqual(part.status, 201)
      assert.strictEqual(obj(part.body.payment).amount, 100)
      const afterPart = obj((yield* h.call("books", "GET", `/invoices/${id}`)).body.invoice)
      assert.deepStrictEqual([afterPart.status, afterPart.balance], ["partially_paid", "200"])
      const tooMuch = yield* pay(250)
      assert.deepStrictEqual(tooMuch.body, { code: 2, message: "Invalid value passed for amount_applied" })
      yield* pay(200)
      const paid = obj((yield* h.call("books", "GET", `/invoices/${id}`)).body.invoice)
      assert.deepStrictEqual([paid.status, paid.balance], ["paid", "0"])
      const voidPaid = yield* h.call("books", "POST", `/invoices/${id}/status/void`)
      assert.strictEqual(voidPaid.body.code, 1025)
    }))
})
