/**
 * The facade's file operations answer the file: `bulkPrint`/`bulkExportAsPdf` stream a PDF (the
 * files declare JSON there; codegen reads `…/print` and `…/pdf` as the file, as Zoho answers).
 */
import { assert, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"
import * as Books from "../src/Books.js"
import * as Stack from "./support/Stack.js"

it.effect("invoices.bulkPrint and bulkExportAsPdf stream a PDF through the facade", () =>
  Effect.gen(function*() {
    const { layer } = yield* Stack.stack()
    return yield* Effect.gen(function*() {
      const contact = yield* Books.contacts.create({ contact_name: "Print Co" })
      const item = yield* Books.items.create({ name: "Paper", rate: 2 })
      const invoice = yield* Books.invoices.create({
        customer_id: contact.contact_id!,
        line_items: [{ item_id: item.item_id!, quantity: 1 }]
      })
      for (const call of [Books.invoices.bulkPrint, Books.invoices.bulkExportAsPdf]) {
        const download = yield* call({ query: { invoice_ids: invoice.invoice_id! } })
        const bytes = yield* Stream.runCollect(download.stream)
        const head = new TextDecoder().decode(Chunk.toReadonlyArray(bytes)[0]!.slice(0, 5))
        assert.strictEqual(head, "%PDF-")
        assert.include(download.contentType ?? "", "pdf")
      }
    }).pipe(Effect.provide(layer))
  }).pipe(Effect.scoped))
