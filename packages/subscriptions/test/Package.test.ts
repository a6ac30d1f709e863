/**
 * What the package promises as a whole: 192 typed Billing operations, every generated module
 * behind a facade in `Subscriptions`, and the product resolvable by both of its names.
 */
import * as Endpoint from "@effect-zoho/core/Endpoint"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import { assert, describe, it } from "@effect/vitest"
import * as Option from "effect/Option"
import * as Generated from "../src/generated/index.js"
import * as Subscriptions from "../src/Subscriptions.js"

const isEndpoint = (u: unknown): u is Endpoint.Endpoint => typeof u === "object" && u !== null && Endpoint.TypeId in u

/** Generated modules with operations (`Shared` holds schemas only). */
const modules = Object.entries(Generated).filter(([, m]) => Object.values(m).some(isEndpoint))

describe("@effect-zoho/subscriptions", () => {
  it("types 192 Billing operations, and every generated module has a facade in Subscriptions", () => {
    const facades: Readonly<Record<string, unknown>> = Subscriptions
    const rows = modules.map(([name, module]) => {
      const operations = Object.values(module).filter(isEndpoint)
      const facade = "facade" in module ? (module.facade as Readonly<Record<string, unknown>>) : undefined
      assert(facade !== undefined, `${name} has a facade`)
      // The facade in Subscriptions is the module's own, under a camelCase plural name.
      const exported = Object.entries(facades).find(([, value]) => value === facade)
      assert(exported !== undefined, `${name}.facade is exported by Subscriptions`)
      for (const op of operations) assert.strictEqual(op.product, ZohoProducts.billing, op.operation)
      return {
        module: name,
        as: `Subscriptions.${exported[0]}`,
        operations: operations.length,
        functions: Object.keys(facade).length
      }
    })
    const total = rows.reduce((n, r) => n + r.operations, 0)
    const functions = rows.reduce((n, r) => n + r.functions, 0)
    console.log(
      `Billing: ${total} typed operations in ${rows.length} modules, ${functions} facade functions\n` +
        rows.map((r) =>
          `  ${r.as.padEnd(34)} ${String(r.operations).padStart(3)} ops  ${String(r.functions).padStart(3)} fns`
        )
          .join("\n")
    )
    assert.strictEqual(total, 192)
    // One facade function per operation: nothing typed is out of the facade's reach.
    assert.strictEqual(functions, total)
    // Each module under its own name.
    assert.strictEqual(new Set(rows.map((r) => r.as)).size, rows.length)
  })

  it("is the product Zoho now calls Billing: both names resolve to one descriptor", () => {
    for (const name of ["billing", "subscriptions", "Zoho Billing", "Zoho Subscriptions", " SUBSCRIPTIONS "]) {
      assert.strictEqual(Option.getOrUndefined(ZohoProducts.find(name)), ZohoProducts.billing, name)
    }
    assert.strictEqual(ZohoProducts.billing.basePath, "/billing/v1")
    assert.strictEqual(ZohoProducts.billing.scopePrefix, "ZohoSubscriptions.")
    assert.deepStrictEqual(ZohoProducts.billing.orgId, {
      _tag: "Header",
      name: "X-com-zoho-subscriptions-organizationid"
    })
  })
})
