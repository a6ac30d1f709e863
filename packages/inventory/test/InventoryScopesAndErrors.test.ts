import { ZohoApiError, ZohoConfigError } from "@effect-zoho/core/ZohoError"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Inventoryadjustments from "../src/generated/Inventoryadjustments.js"
import * as Items from "../src/generated/Items.js"
import * as Inventory from "../src/Inventory.js"
import * as InventoryError from "../src/InventoryError.js"
import * as InventoryScopes from "../src/InventoryScopes.js"
import * as Stack from "./support/Stack.js"

describe("InventoryScopes", () => {
  it("lists the scopes of the endpoints a program calls, sorted and deduplicated", () => {
    assert.deepStrictEqual(
      InventoryScopes.requiredScopes([Items.listItems, Items.getItem, Inventoryadjustments.createInventoryAdjustment]),
      ["ZohoInventory.inventoryadjustments.CREATE", "ZohoInventory.items.READ"]
    )
    assert.deepStrictEqual(
      InventoryScopes.forOperations(["inventory.salesorders.markSalesOrderAsConfirmed", "not.an.operation"]),
      ["ZohoInventory.salesorders.CREATE"]
    )
  })

  it("knows a scope for each of the 504 operations, all under ZohoInventory.", () => {
    assert.strictEqual(InventoryScopes.byOperation.size, 504)
    for (const [operation, scopes] of InventoryScopes.byOperation) {
      assert.isAbove(scopes.length, 0, operation)
      for (const scope of scopes) assert.match(scope, /^ZohoInventory\.[A-Za-z_]+\.[A-Za-z]+$/, operation)
    }
  })
})

describe("InventoryError", () => {
  it("names every code once, and the name list matches the table", () => {
    const tableNames = InventoryError.codes.map((c) => c.name)
    assert.deepStrictEqual([...tableNames].sort(), [...InventoryError.names].sort())
    assert.strictEqual(new Set(InventoryError.codes.map((c) => c.code)).size, InventoryError.codes.length)
    assert.strictEqual(InventoryError.codeOf("NOT_FOUND"), 1002)
    assert.strictEqual(InventoryError.lookup(1002)?.confidence, "documented")
    assert.strictEqual(InventoryError.lookup(6041)?.confidence, "reported")
  })

  it("tells a code by name and describes it on one line", () => {
    const error = new ZohoApiError({
      product: "inventory",
      operation: "inventory.items.getItem",
      status: 404,
      code: 1002,
      message: "Item does not exist."
    })
    assert.isTrue(InventoryError.is(error, "NOT_FOUND"))
    assert.isFalse(InventoryError.is(error, "INVALID_VALUE"))
    const line = InventoryError.describe(error)
    assert.include(line, "1002 NOT_FOUND")
    assert.include(line, "Item does not exist.")
    assert.notInclude(line, "\n")
    const local = new ZohoConfigError({ reason: "InvalidInput", message: "bad quantity" })
    assert.isFalse(InventoryError.is(local, "NOT_FOUND"))
    assert.strictEqual(InventoryError.describe(local), "ZohoConfigError: bad quantity")
  })

  it.effect("a missing item from the simulator is NOT_FOUND by name", () =>
    Effect.gen(function*() {
      const { layer } = yield* Stack.stack()
      const error = yield* Effect.flip(Inventory.items.get("4815162342").pipe(Effect.provide(layer)))
      assert.isTrue(InventoryError.is(error, "NOT_FOUND"), InventoryError.describe(error))
    }))
})
