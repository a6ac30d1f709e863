/**
 * The `required` lists of Zoho's Books files hold before a request: a create through
 * `Books.<module>` without a required field fails with `ZohoConfigError` (`InvalidInput`) naming
 * the field, and the simulator never sees the call.
 */
import type { ZohoClient } from "@effect-zoho/core/ZohoClient"
import type { ZohoError } from "@effect-zoho/core/ZohoError"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Books from "../../src/Books.js"
import { stack } from "../support/Stack.js"

/** A body the types would refuse: the test is about what happens at run time when one gets through. */
const untyped = <A>(body: Readonly<Record<string, unknown>>): A => body as A

const cases: ReadonlyArray<{ readonly missing: string; readonly call: Effect.Effect<unknown, ZohoError, ZohoClient> }> =
  [
    {
      missing: "line_items",
      call: Books.invoices.create(untyped({ customer_id: "460000000000001" }))
    },
    { missing: "contact_name", call: Books.contacts.create(untyped({ company_name: "Acme" })) },
    { missing: "bill_number", call: Books.bills.create(untyped({ vendor_id: "460000000000002" })) },
    {
      missing: "user_id",
      call: Books.projects.create(
        untyped({ project_name: "Site", customer_id: "460000000000001", billing_type: "fixed_cost_for_project" })
      )
    },
    {
      missing: "item_id",
      call: Books.invoices.create(untyped({ customer_id: "460000000000001", line_items: [{ rate: 10 }] }))
    }
  ]

describe("Books creates check required fields before a request", () => {
  it.effect("a missing required field is a ZohoConfigError naming it, and nothing is sent", () =>
    Effect.gen(function*() {
      const { layer, simulator } = yield* stack()
      for (const { call, missing } of cases) {
        const error = yield* Effect.flip(Effect.provide(call, layer))
        assert.strictEqual(error._tag, "ZohoConfigError", missing)
        if (error._tag === "ZohoConfigError") {
          assert.strictEqual(error.reason, "InvalidInput")
          assert.include(error.message, missing)
        }
      }
      const stats = yield* simulator.stats
      assert.strictEqual(stats.byProduct.books ?? 0, 0)
    }))
})
