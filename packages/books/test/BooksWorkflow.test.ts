/**
 * The common tasks of docs/books.md, run against the simulator: a contact and an invoice, the
 * invoice sent and emailed, a payment recorded, the unpaid invoices streamed, a PDF downloaded.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Books from "../src/Books.js"
import * as BooksFiles from "../src/BooksFiles.js"
import { stack } from "./support/Stack.js"

describe("Books common tasks", () => {
  it.effect("contact → invoice → sent and emailed → paid; unpaid invoices streamed; PDF", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack()
      yield* Effect.gen(function*() {
        const contact = yield* Books.contacts.create({ contact_name: "Acme Ltd" })
        const customerId = contact.contact_id ?? ""
        const item = yield* Books.items.create({ name: "Consulting", rate: 150 })
        const invoice = yield* Books.invoices.create({
          customer_id: customerId,
          line_items: [{ item_id: item.item_id ?? "", quantity: 2 }]
        })
        const invoiceId = invoice.invoice_id ?? ""
        yield* Books.invoices.markSent(invoiceId)
        const emailed = yield* Books.invoices.email(invoiceId, { body: { to_mail_ids: ["ap@acme.example"] } })
        assert.strictEqual(emailed.code, 0)
        // A second invoice stays unpaid.
        const other = yield* Books.invoices.create({
          customer_id: customerId,
          line_items: [{ item_id: item.item_id ?? "", quantity: 1 }]
        })
        yield* Books.invoices.markSent(other.invoice_id ?? "")

        const payment = yield* Books.customerPayments.create({
          customer_id: customerId,
          payment_mode: "banktransfer",
          amount: 300,
          date: "2026-01-15",
          invoice_id: invoiceId,
          amount_applied: 300,
          invoices: [{ invoice_id: invoiceId, amount_applied: 300 }]
        })
        assert.strictEqual(payment.amount, 300)
        assert.strictEqual((yield* Books.invoices.get(invoiceId)).status, "paid")

        const unpaid = yield* Stream.runCollect(Books.invoices.list({ filter_by: "Status.Unpaid" }))
        assert.deepStrictEqual([...unpaid].map((i) => i.invoice_id), [other.invoice_id])

        const pdf = yield* BooksFiles.invoicePdf(invoiceId)
        const size = yield* Stream.runFold(pdf.stream, 0, (n, chunk) => n + chunk.length)
        assert.strictEqual(size, pdf.contentLength)
        assert.isAbove(size, 100)
      }).pipe(Effect.provide(layer))
    }))
})
