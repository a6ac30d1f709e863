import * as Endpoint from "@effect-zoho/core/Endpoint"
import { assert, describe, it } from "@effect/vitest"
import * as ExpenseReceipts from "../src/endpoints/ExpenseReceipts.js"
import * as Generated from "../src/generated/index.js"

const endpointsOf = (module: object): ReadonlyArray<Endpoint.Endpoint> =>
  Object.values(module).filter((v): v is Endpoint.Endpoint =>
    typeof v === "object" && v !== null && Endpoint.TypeId in v
  )

describe("Expense operations", () => {
  it("prints the typed operations: from the third-party file, refined by hand", () => {
    const generated = new Set(Object.values(Generated).flatMap(endpointsOf).map((e) => e.operation))
    // A refinement keeps its operation's name: one operation, two ways to send it.
    const refined = [ExpenseReceipts.createExpenseWithReceipt]
    console.log(
      [
        "Expense typed operations",
        `  generated (third-party OpenAPI file): ${generated.size}`,
        `  refined by hand (multipart receipt):  ${refined.length}`,
        `  distinct operations:                  ${new Set([...generated, ...refined.map((e) => e.operation)]).size}`
      ].join("\n")
    )
    assert.strictEqual(generated.size, 65)
    for (const e of refined) assert.isTrue(generated.has(e.operation))
  })
})
