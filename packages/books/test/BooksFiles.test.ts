import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Books from "../src/Books.js"
import * as BooksFiles from "../src/BooksFiles.js"
import { stack } from "./support/Stack.js"

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)

/** The whole file, read from its stream. */
const read = (file: BooksFiles.Download) =>
  Effect.map(Stream.runCollect(file.stream), (chunks) => {
    const all = [...chunks]
    const out = new Uint8Array(all.reduce((n, c) => n + c.length, 0))
    let at = 0
    for (const c of all) {
      out.set(c, at)
      at += c.length
    }
    return out
  })

const isPdf = (bytes: Uint8Array) => text(bytes.slice(0, 5)) === "%PDF-" && text(bytes).trimEnd().endsWith("%%EOF")

const documents = Effect.gen(function*() {
  const customer = yield* Books.contacts.create({ contact_name: "Acme Ltd" })
  const vendor = yield* Books.contacts.create({ contact_name: "Parts Inc", contact_type: "vendor" })
  const item = yield* Books.items.create({ name: "Consulting", rate: 120 })
  const line_items = [{ item_id: item.item_id ?? "", quantity: 2 }]
  const invoice = yield* Books.invoices.create({ customer_id: customer.contact_id ?? "", line_items })
  const second = yield* Books.invoices.create({ customer_id: customer.contact_id ?? "", line_items })
  const estimate = yield* Books.estimates.create({ customer_id: customer.contact_id ?? "", line_items })
  const bill = yield* Books.bills.create({
    vendor_id: vendor.contact_id ?? "",
    bill_number: "B-1",
    line_items: [{ item_id: item.item_id ?? "", quantity: 1 }]
  })
  return {
    invoiceId: invoice.invoice_id ?? "",
    secondId: second.invoice_id ?? "",
    estimateId: estimate.estimate_id ?? "",
    billId: bill.bill_id ?? ""
  }
})

describe("BooksFiles", () => {
  it.effect("an invoice's, an estimate's and a bill's PDF, streamed (GET …?accept=pdf)", () =>
    Effect.gen(function*() {
      const { booksRequests, layer } = yield* stack()
      yield* Effect.gen(function*() {
        const ids = yield* documents
        for (
          const [download, path] of [
            [BooksFiles.invoicePdf(ids.invoiceId), `/books/v3/invoices/${ids.invoiceId}`],
            [BooksFiles.estimatePdf(ids.estimateId), `/books/v3/estimates/${ids.estimateId}`],
            [BooksFiles.billPdf(ids.billId), `/books/v3/bills/${ids.billId}`]
          ] as const
        ) {
          const file = yield* download
          assert.strictEqual(file.contentType, "application/pdf")
          assert.isTrue(isPdf(yield* read(file)), path)
          const sent = (yield* booksRequests).at(-1)!
          assert.strictEqual(sent.path, path)
          assert.strictEqual(sent.query.get("accept"), "pdf")
        }
        yield* BooksFiles.invoicePdf(ids.invoiceId, { print: true })
        assert.strictEqual((yield* booksRequests).at(-1)!.query.get("print"), "true")
      }).pipe(Effect.provide(layer))
    }))

  it.effect("several invoices or estimates in one PDF, to export or to print", () =>
    Effect.gen(function*() {
      const { booksRequests, layer } = yield* stack()
      yield* Effect.gen(function*() {
        const ids = yield* documents
        const both = [ids.invoiceId, ids.secondId]
        for (
          const [download, path, name] of [
            [BooksFiles.invoicesPdf(both), "/books/v3/invoices/pdf", "invoice_ids"],
            [BooksFiles.printInvoices(both), "/books/v3/invoices/print", "invoice_ids"],
            [BooksFiles.estimatesPdf([ids.estimateId]), "/books/v3/estimates/pdf", "estimate_ids"],
            [BooksFiles.printEstimates([ids.estimateId]), "/books/v3/estimates/print", "estimate_ids"]
          ] as const
        ) {
          assert.isTrue(isPdf(yield* Effect.flatMap(download, read)), path)
          const sent = (yield* booksRequests).at(-1)!
          assert.strictEqual(sent.path, path)
          assert.strictEqual(sent.query.get(name), name === "invoice_ids" ? both.join(",") : ids.estimateId)
        }
      }).pipe(Effect.provide(layer))
    }))

  it.effect("a PDF for an invoice that does not exist is Zoho's 1002, naming the id", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack()
      const error = yield* BooksFiles.invoicePdf("460000000099999").pipe(Effect.flip, Effect.provide(layer))
      assert.strictEqual(error._tag, "ZohoApiError")
      if (error._tag !== "ZohoApiError") return
      assert.strictEqual(error.code, 1002)
      assert.strictEqual(error.status, 404)
      assert.strictEqual(error.operation, "books.invoices.getInvoice")
      assert.include(error.message, "invoice_id 460000000099999")
      assert.deepInclude(error.details as object, { invoice_id: "460000000099999" })
    }))

  it.effect("ids that are not Zoho ids fail naming the id field, before any request", () =>
    Effect.gen(function*() {
      const { booksRequests, layer } = yield* stack()
      for (const bad of ["", "abc", "../organizations", "1 2", "12\r\n"]) {
        const single = yield* BooksFiles.invoicePdf(bad).pipe(Effect.flip, Effect.provide(layer))
        assert.strictEqual(single._tag, "ZohoConfigError")
        assert.strictEqual(single._tag === "ZohoConfigError" && single.input, "invoice_id")
        const many = yield* BooksFiles.invoicesPdf(["460000000000001", bad]).pipe(Effect.flip, Effect.provide(layer))
        assert.strictEqual(many._tag === "ZohoConfigError" && many.input, "invoice_ids")
      }
      const none = yield* BooksFiles.printInvoices([]).pipe(Effect.flip, Effect.provide(layer))
      assert.include(none.message, "invoice_ids is empty")
      const upload = yield* BooksFiles.uploadBillAttachment("x", { fileName: "a.pdf", bytes: new Uint8Array(1) }).pipe(
        Effect.flip,
        Effect.provide(layer)
      )
      assert.strictEqual(upload._tag === "ZohoConfigError" && upload.input, "bill_id")
      assert.strictEqual((yield* booksRequests).length, 0)
    }))

  it.effect("attachments: uploaded as multipart, downloaded as a stream", () =>
    Effect.gen(function*() {
      const { booksRequests, layer } = yield* stack()
      yield* Effect.gen(function*() {
        const ids = yield* documents
        const pdf = new TextEncoder().encode("%PDF-1.4\n%%EOF\n")
        const answer = yield* BooksFiles.uploadInvoiceAttachment(ids.invoiceId, { fileName: "po.pdf", bytes: pdf }, {
          canSendInMail: true
        })
        assert.strictEqual(answer.code, 0)
        const sent = (yield* booksRequests).at(-1)!
        assert.strictEqual(sent.path, `/books/v3/invoices/${ids.invoiceId}/attachment`)
        assert.match(sent.contentType ?? "", /^multipart\/form-data; boundary=/)
        assert.strictEqual(sent.query.get("can_send_in_mail"), "true")
        assert.strictEqual(
          (yield* BooksFiles.uploadBillAttachment(ids.billId, { fileName: "b.pdf", bytes: pdf })).code,
          0
        )
        // From a stream too (gathered before sending: a multipart body needs its length).
        const streamed = yield* BooksFiles.uploadBillAttachment(ids.billId, {
          fileName: "c.pdf",
          stream: Stream.make(pdf.slice(0, 4), pdf.slice(4))
        })
        assert.strictEqual(streamed.code, 0)
        assert.isTrue(isPdf(yield* Effect.flatMap(BooksFiles.invoiceAttachment(ids.invoiceId), read)))
        assert.isTrue(isPdf(yield* Effect.flatMap(BooksFiles.billAttachment(ids.billId), read)))
        // Upload to an invoice that does not exist: nothing written, Zoho's error names the id.
        const missing = yield* BooksFiles.uploadInvoiceAttachment("460000000099999", { fileName: "x.pdf", bytes: pdf })
          .pipe(Effect.flip)
        assert.include(missing.message, "invoice_id 460000000099999")
      }).pipe(Effect.provide(layer))
    }))
})
