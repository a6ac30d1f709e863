/**
 * Bad input through `Inventory.<module>` under the whole stack: what can be checked locally fails
 * with a typed `ZohoConfigError` before any Inventory request leaves the client; what only Zoho can
 * refuse fails with a typed `ZohoApiError` and leaves nothing half-written behind.
 */
import type { ZohoError } from "@effect-zoho/core/ZohoError"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Inventory from "../src/Inventory.js"
import * as InventoryError from "../src/InventoryError.js"
import * as Stack from "./support/Stack.js"

/** A value of the wrong type, as a JavaScript caller or untyped data (a CSV, a form) would pass it. */
const untyped = <A>(value: unknown): A => value as A

const configError = (error: ZohoError, reason: string) => {
  assert.strictEqual(error._tag, "ZohoConfigError", InventoryError.describe(error))
  if (error._tag === "ZohoConfigError") assert.strictEqual(error.reason, reason, error.message)
  return error.message
}

describe("Inventory bad input", () => {
  it.effect("a missing organization id is a typed error, and nothing is sent", () =>
    Effect.gen(function*() {
      const { layer, sent } = yield* Stack.stack({ organizationId: null })
      yield* Effect.gen(function*() {
        const listed = yield* Effect.flip(Stream.runDrain(Inventory.items.list()))
        configError(listed, "MissingOrganizationId")
        const created = yield* Effect.flip(Inventory.items.create({ name: "Crate" }))
        configError(created, "MissingOrganizationId")
        assert.strictEqual(yield* Stack.count(sent), 0)
        // The organizations list is the one call Zoho answers without an org id (to find it).
        const orgs = yield* Effect.map(Stream.runCollect(Inventory.organizations.list()), Chunk.toReadonlyArray)
        // Read as `unknown`: core's list item type is `never` until its `FinanceItem` takes Zoho's
        // optional list keys (fixed on the books branch).
        assert.deepStrictEqual(orgs.map((o: unknown) => JSON.stringify(o).includes(Stack.FINANCE_ORG)), [true])
        assert.strictEqual(yield* Stack.count(sent), 1)
      }).pipe(Effect.provide(layer))
    }))

  it.effect("a quantity that is not a number is a typed error naming the field, and nothing is sent", () =>
    Effect.gen(function*() {
      const { layer, sent } = yield* Stack.stack()
      yield* Effect.gen(function*() {
        const item = yield* Inventory.items.create({ name: "Crate", rate: 20 })
        const before = yield* Stack.count(sent)
        const adjustment = yield* Effect.flip(Inventory.inventoryAdjustments.create({
          adjustment_type: "quantity",
          date: "2026-12-01",
          reason: "Sold at the counter",
          line_items: [{ item_id: item.item_id!, quantity_adjusted: untyped<number>("ten") }]
        }))
        assert.include(configError(adjustment, "InvalidInput"), "quantity_adjusted")

        const customer = yield* Inventory.contacts.create({ contact_name: "Retailer" })
        const order = yield* Effect.flip(Inventory.salesOrders.create({
          customer_id: customer.contact_id!,
          salesorder_number: "SO-1",
          line_items: [{ item_id: item.item_id!, quantity: untyped<number>("3 pcs") }]
        }))
        assert.include(configError(order, "InvalidInput"), "quantity")
        // Only the contact create went out: neither refused write reached the simulator.
        assert.strictEqual((yield* Stack.count(sent)) - before, 1)
        assert.strictEqual(yield* Stack.count(sent, "POST", "/inventoryadjustments"), 0)
        assert.strictEqual(yield* Stack.count(sent, "POST", "/salesorders"), 0)
      }).pipe(Effect.provide(layer))
    }))

  it.effect("a create without a field the files require names it, before any request", () =>
    Effect.gen(function*() {
      const { layer, sent } = yield* Stack.stack()
      yield* Effect.gen(function*() {
        const error = yield* Effect.flip(Inventory.inventoryAdjustments.create(untyped({
          adjustment_type: "quantity",
          date: "2026-12-01",
          line_items: [{ item_id: "1", quantity_adjusted: 1 }]
        })))
        assert.include(configError(error, "InvalidInput"), "reason")
        assert.strictEqual(yield* Stack.count(sent), 0)
      }).pipe(Effect.provide(layer))
    }))

  it.effect("a write Zoho refuses fails typed and leaves nothing written; a refused action changes nothing", () =>
    Effect.gen(function*() {
      const { layer } = yield* Stack.stack()
      yield* Effect.gen(function*() {
        const item = yield* Inventory.items.create({ name: "Crate", rate: 20 })
        const refused = yield* Effect.flip(Inventory.salesOrders.create({
          customer_id: "4815162342",
          salesorder_number: "SO-1",
          line_items: [{ item_id: item.item_id!, quantity: 1 }]
        }))
        assert.strictEqual(refused._tag, "ZohoApiError")
        assert.isTrue(InventoryError.is(refused, "NOT_FOUND"), InventoryError.describe(refused))
        assert.strictEqual(Chunk.size(yield* Stream.runCollect(Inventory.salesOrders.list())), 0)

        const customer = yield* Inventory.contacts.create({ contact_name: "Retailer" })
        const order = yield* Inventory.salesOrders.create({
          customer_id: customer.contact_id!,
          salesorder_number: "SO-2",
          line_items: [{ item_id: item.item_id!, quantity: 1 }]
        })
        yield* Inventory.salesOrders.markAsVoid(order.salesorder_id!)
        const confirm = yield* Effect.flip(Inventory.salesOrders.markAsConfirmed(order.salesorder_id!))
        assert.strictEqual(confirm._tag, "ZohoApiError")
        assert.strictEqual((yield* Inventory.salesOrders.get(order.salesorder_id!)).status, "void")
      }).pipe(Effect.provide(layer))
    }))

  it.effect("an id that is not a string is refused locally", () =>
    Effect.gen(function*() {
      const { layer, sent } = yield* Stack.stack()
      const error = yield* Effect.flip(Inventory.items.get(untyped<string>(42)).pipe(Effect.provide(layer)))
      assert.include(configError(error, "InvalidInput"), "item_id")
      assert.strictEqual(yield* Stack.count(sent), 0)
    }))
})
