import * as Endpoint from "@effect-zoho/core/Endpoint"
import { assert, describe, it } from "@effect/vitest"
import * as ExpenseCategories from "../src/endpoints/ExpenseCategories.js"
import * as Generated from "../src/generated/index.js"
import { InvoiceScopes } from "../src/index.js"

const endpointsOf = (module: object): ReadonlyArray<Endpoint.Endpoint> =>
  Object.values(module).filter((v): v is Endpoint.Endpoint =>
    typeof v === "object" && v !== null && Endpoint.TypeId in v
  )

describe("Invoice operations", () => {
  it("prints the typed operations: generated from Books' files and declared by hand", () => {
    const generated = new Set(Object.values(Generated).flatMap(endpointsOf).map((e) => e.operation))
    const byHand = new Set(ExpenseCategories.endpoints.map((e) => e.operation))
    console.log(
      [
        "Invoice typed operations",
        `  generated (Books' files, 17 modules): ${generated.size}`,
        `  by hand (expense categories):         ${byHand.size}`,
        `  total:                                ${generated.size + byHand.size}`
      ].join("\n")
    )
    assert.strictEqual(generated.size, 490)
    assert.strictEqual(byHand.size, 7)
    for (const op of byHand) assert.isFalse(generated.has(op))
    // every operation has its ZohoInvoice.* scopes in the table
    assert.strictEqual(InvoiceScopes.byOperation.size, 497)
    assert.isTrue([...InvoiceScopes.byOperation.values()].flat().every((s) => s.startsWith("ZohoInvoice.")))
  })
})
