import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as CustomFields from "../src/CustomFields.js"

const record = {
  invoice_id: "1",
  custom_fields: [
    { customfield_id: "46001", api_name: "cf_po_number", label: "PO Number", value: "PO-7", data_type: "string" },
    { customfield_id: "46002", api_name: "cf_priority", label: "Priority", value: "3", data_type: "number" },
    { customfield_id: "46003", api_name: "cf_due_reason", label: "Due reason", value: "" },
    { custom_field_id: "46004", label: "Rush", value: true }
  ]
}

describe("CustomFields", () => {
  it.effect("reads a field by api name, label (any case) or id, decoded with a Schema", () =>
    Effect.gen(function*() {
      assert.strictEqual(yield* CustomFields.get(record, "cf_po_number", Schema.String), "PO-7")
      assert.strictEqual(yield* CustomFields.get(record, "priority", Schema.NumberFromString), 3)
      assert.strictEqual(yield* CustomFields.get(record, " Priority ", Schema.NumberFromString), 3)
      assert.strictEqual(yield* CustomFields.get(record, "46001", Schema.String), "PO-7")
      assert.strictEqual(yield* CustomFields.get(record, "46004", Schema.Boolean), true)
      assert.deepStrictEqual(yield* CustomFields.getOption(record, "Due reason", Schema.String), Option.none())
      assert.deepStrictEqual(yield* CustomFields.getOption(record, "cf_missing", Schema.String), Option.none())
      assert.deepStrictEqual(
        yield* CustomFields.getOption(record.custom_fields, "Rush", Schema.Boolean),
        Option.some(true)
      )
    }))

  it.effect("a wrong type or a missing field is a ZohoConfigError naming the field", () =>
    Effect.gen(function*() {
      const wrong = yield* Effect.flip(CustomFields.get(record, "cf_priority", Schema.Number))
      assert.strictEqual(wrong._tag, "ZohoConfigError")
      assert.strictEqual(wrong.reason, "InvalidInput")
      assert.strictEqual(wrong.input, "cf_priority")
      assert.include(wrong.message, `custom field "cf_priority"`)
      assert.include(wrong.message, "Expected number")
      const wrongOption = yield* Effect.flip(CustomFields.getOption(record, "PO Number", Schema.NumberFromString))
      assert.strictEqual(wrongOption.input, "PO Number")
      const missing = yield* Effect.flip(CustomFields.get(record, "cf_nope", Schema.String))
      assert.strictEqual(missing.input, "cf_nope")
      assert.include(missing.message, "not on the record")
      assert.deepStrictEqual(missing.choices, ["cf_po_number", "cf_priority", "cf_due_reason", "Rush"])
      const none = yield* Effect.flip(CustomFields.get({ invoice_id: "2" }, "cf_nope", Schema.String))
      assert.include(none.message, "no custom fields")
    }))

  it.effect("builds the custom_fields list: api names, labels, ids from definitions, values as text", () =>
    Effect.gen(function*() {
      const plain = yield* CustomFields.input({
        cf_po_number: "PO-8",
        Priority: 2,
        Rush: false,
        "Due reason": null,
        skipped: undefined
      })
      assert.deepStrictEqual(plain, [
        { api_name: "cf_po_number", value: "PO-8" },
        { label: "Priority", value: "2" },
        { label: "Rush", value: "false" },
        { label: "Due reason", value: "" }
      ])
      const byId = yield* CustomFields.input({ cf_po_number: "PO-9", Priority: 1, Other: "x" }, { fields: record })
      assert.deepStrictEqual(byId, [
        { customfield_id: "46001", value: "PO-9" },
        { customfield_id: "46002", value: "1" },
        { label: "Other", value: "x" }
      ])
      assert.deepStrictEqual(yield* CustomFields.input({ Custom: "y" }, { by: "api_name" }), [
        { api_name: "Custom", value: "y" }
      ])
      assert.deepStrictEqual(yield* CustomFields.input({ cf_x: "y" }, { by: "label" }), [{ label: "cf_x", value: "y" }])
    }))

  it.effect("a value that cannot be a custom field's is a ZohoConfigError naming the field", () =>
    Effect.gen(function*() {
      for (const bad of [{ a: 1 }, [1], Number.NaN, Infinity]) {
        const error = yield* Effect.flip(CustomFields.input({ cf_bad: bad }))
        assert.strictEqual(error.input, "cf_bad")
        assert.include(error.message, `custom field "cf_bad"`)
      }
    }))

  it.effect("make: typed reads and checked writes for a fixed set of fields", () =>
    Effect.gen(function*() {
      const Fields = CustomFields.make({
        cf_po_number: Schema.String,
        Priority: Schema.NumberFromString,
        "Due reason": Schema.String,
        cf_absent: Schema.String
      })
      const read = yield* Fields.read(record)
      assert.deepStrictEqual(read, { cf_po_number: "PO-7", Priority: 3 })
      const priority: number | undefined = read.Priority
      assert.strictEqual(priority, 3)
      assert.deepStrictEqual(yield* Fields.input({ cf_po_number: "PO-1", Priority: 5 }), [
        { api_name: "cf_po_number", value: "PO-1" },
        { label: "Priority", value: "5" }
      ])
      // Untyped data reaching a typed codec: checked at run time, naming the field.
      const untyped: Record<string, unknown> = { Priority: "high" }
      const wrong = yield* Effect.flip(Fields.input(untyped as CustomFields.Values<typeof Fields.fields>))
      assert.strictEqual(wrong.input, "Priority")
      const undeclared = yield* Effect.flip(
        Fields.input({ cf_other: "x" } as CustomFields.Values<typeof Fields.fields>)
      )
      assert.strictEqual(undeclared.input, "cf_other")
      assert.include(undeclared.message, "not one of the fields")
      const wrongRead = yield* Effect.flip(CustomFields.make({ cf_po_number: Schema.NumberFromString }).read(record))
      assert.strictEqual(wrongRead.input, "cf_po_number")
    }))
})
