import { CustomFields } from "@effect-zoho/core"
import { SimSeed } from "@effect-zoho/sim"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Books from "../src/Books.js"
import { stack } from "./support/Stack.js"

const seed = SimSeed.demo({
  financeRecords: {
    org1: {
      books: {
        contacts: [{ contact_id: "460000000001001", contact_name: "Acme Ltd" }],
        invoices: [{
          invoice_id: "460000000002001",
          customer_id: "460000000001001",
          line_items: [{ name: "Consulting", rate: 100, quantity: 1 }],
          // A field no OpenAPI file declares (Zoho adds fields often).
          x_legacy_reference: "LEGACY-42",
          custom_fields: [
            {
              customfield_id: "46001",
              api_name: "cf_po_number",
              label: "PO Number",
              value: "PO-7",
              data_type: "string"
            },
            { customfield_id: "46002", api_name: "cf_priority", label: "Priority", value: 3, data_type: "number" }
          ]
        }]
      }
    }
  }
})

const InvoiceFields = CustomFields.make({ cf_po_number: Schema.String, Priority: Schema.NumberFromString })

describe("Books records", () => {
  it.effect("decoding keeps fields the files do not declare, custom fields' keys included", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack({ seed })
      const invoice = yield* Books.invoices.get("460000000002001").pipe(Effect.provide(layer))
      assert.strictEqual((invoice as Record<string, unknown>).x_legacy_reference, "LEGACY-42")
      const first = CustomFields.fieldsOf(invoice)[0]
      assert.strictEqual(first?.label, "PO Number")
      assert.strictEqual(first?.api_name, "cf_po_number")
      assert.strictEqual(first?.data_type, "string")
    }))

  it.effect("custom fields read by api name or label, typed", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack({ seed })
      const invoice = yield* Books.invoices.get("460000000002001").pipe(Effect.provide(layer))
      assert.deepStrictEqual(yield* InvoiceFields.read(invoice), { cf_po_number: "PO-7", Priority: 3 })
      assert.strictEqual(yield* CustomFields.get(invoice, "PO Number", Schema.String), "PO-7")
      const wrong = yield* Effect.flip(CustomFields.get(invoice, "cf_po_number", Schema.NumberFromString))
      assert.strictEqual(wrong.input, "cf_po_number")
    }))

  it.effect("custom fields written by api name (and by id from a record) reach Zoho", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack({ seed })
      const created = yield* Effect.gen(function*() {
        const item = yield* Books.items.create({ name: "Support", rate: 50 })
        const custom_fields = yield* InvoiceFields.input({ cf_po_number: "PO-100" })
        return yield* Books.invoices.create({
          customer_id: "460000000001001",
          line_items: [{ item_id: item.item_id ?? "", quantity: 2 }],
          custom_fields
        })
      }).pipe(Effect.provide(layer))
      assert.strictEqual(yield* CustomFields.get(created, "cf_po_number", Schema.String), "PO-100")
      // Updating by the ids the seeded invoice's definitions give.
      const seeded = yield* Books.invoices.get("460000000002001").pipe(Effect.provide(layer))
      const custom_fields = yield* InvoiceFields.input({ Priority: 1 }, { fields: seeded })
      assert.deepStrictEqual(custom_fields, [{ customfield_id: "46002", value: "1" }])
      const updated = yield* Books.invoices.update("460000000002001", {
        customer_id: "460000000001001",
        line_items: [{ item_id: created.line_items?.[0]?.item_id ?? "", quantity: 1 }],
        custom_fields
      }).pipe(Effect.provide(layer))
      assert.deepStrictEqual(CustomFields.fieldsOf(updated).map((f) => [f.customfield_id, f.value]), [["46002", "1"]])
      // The custom-fields-only update takes the same list.
      const answer = yield* Books.invoices.updateCustomFields("460000000002001", { body: custom_fields }).pipe(
        Effect.provide(layer)
      )
      assert.strictEqual(answer.code, 0)
    }))

  it.effect("a wrong type in a custom field fails naming the field, before any request", () =>
    Effect.gen(function*() {
      const { booksRequests, layer } = yield* stack({ seed })
      const untyped: Record<string, unknown> = { Priority: "high" }
      const error = yield* Effect.gen(function*() {
        const custom_fields = yield* InvoiceFields.input(untyped as CustomFields.Values<typeof InvoiceFields.fields>)
        return yield* Books.invoices.create({ customer_id: "460000000001001", line_items: [], custom_fields })
      }).pipe(Effect.flip, Effect.provide(layer))
      assert.strictEqual(error._tag, "ZohoConfigError")
      assert.strictEqual(error._tag === "ZohoConfigError" && error.input, "Priority")
      assert.strictEqual((yield* booksRequests).length, 0)
    }))

  it.effect("a create without a required field fails naming it, before any request", () =>
    Effect.gen(function*() {
      const { booksRequests, layer } = yield* stack({ seed })
      const body: Record<string, unknown> = { line_items: [{ name: "x", rate: 1 }] }
      const error = yield* Books.invoices.create(body as Parameters<typeof Books.invoices.create>[0]).pipe(
        Effect.flip,
        Effect.provide(layer)
      )
      assert.strictEqual(error._tag, "ZohoConfigError")
      if (error._tag !== "ZohoConfigError") return
      assert.strictEqual(error.reason, "InvalidInput")
      assert.include(error.message, "body.customer_id: is missing")
      assert.isBelow(error.message.length, 300)
      const contact = yield* Books.contacts.create({} as Parameters<typeof Books.contacts.create>[0]).pipe(
        Effect.flip,
        Effect.provide(layer)
      )
      assert.include(contact.message, "contact_name")
      assert.strictEqual((yield* booksRequests).length, 0)
    }))
})
