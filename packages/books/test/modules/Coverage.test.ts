/**
 * How much of Zoho Books is typed: the generated operations (Zoho publishes 849 in its Books v3
 * files), each one a function of its module's facade, and every module reachable as
 * `Books.<module>`. Prints the count per module.
 */
import * as Endpoint from "@effect-zoho/core/Endpoint"
import { assert, describe, it } from "@effect/vitest"
import * as Books from "../../src/Books.js"
import * as Generated from "../../src/generated/index.js"
import * as Scopes from "../../src/generated/Scopes.js"

const isEndpoint = (u: unknown): u is Endpoint.Endpoint => typeof u === "object" && u !== null && Endpoint.TypeId in u

/** Generated modules with operations (Scopes and Shared hold data and types only). */
const modules = Object.entries(Generated as Readonly<Record<string, Readonly<Record<string, unknown>>>>)
  .map(([name, exports]) => ({
    name,
    endpoints: Object.values(exports).filter(isEndpoint),
    facade: exports.facade as Readonly<Record<string, unknown>> | undefined
  }))
  .filter((m) => m.endpoints.length > 0)

/** The modules the issue names, as `Books.<name>`. */
const listed = [
  "contacts",
  "items",
  "estimates",
  "salesOrders",
  "invoices",
  "recurringInvoices",
  "creditNotes",
  "customerPayments",
  "retainerInvoices",
  "purchaseOrders",
  "bills",
  "vendorCredits",
  "vendorPayments",
  "expenses",
  "recurringExpenses",
  "bankAccounts",
  "bankTransactions",
  "bankRules",
  "chartOfAccounts",
  "journals",
  "projects",
  "timeEntries",
  "taxes",
  "currencies",
  "users",
  "organizations"
] as const

describe("Books coverage", () => {
  it("types all 849 operations of Zoho's Books files, one scope entry each", () => {
    const operations = modules.flatMap((m) => m.endpoints.map((e) => e.operation))
    const rows = modules.map((m) => `${m.name.padEnd(24)} ${String(m.endpoints.length).padStart(4)}`)
    console.log(
      `Books: ${operations.length} typed operations in ${modules.length} modules ` +
        `(Scopes.byOperation: ${Scopes.byOperation.size})\n${rows.join("\n")}`
    )
    assert.strictEqual(operations.length, 849)
    assert.strictEqual(new Set(operations).size, operations.length, "operation names are unique")
    assert.strictEqual(Scopes.byOperation.size, operations.length)
    for (const operation of operations) assert.isTrue(Scopes.byOperation.has(operation), operation)
    assert.isTrue(modules.every((m) => m.endpoints.every((e) => e.product.id === "books")))
  })

  it("gives every generated module a facade with one function per operation, reachable as Books.<module>", () => {
    const facades = new Set<unknown>(Object.values(Books))
    const problems: Array<string> = []
    for (const m of modules) {
      if (m.facade === undefined) {
        problems.push(`${m.name}: no facade`)
        continue
      }
      const functions = Object.values(m.facade).filter((f) => typeof f === "function").length
      if (functions !== m.endpoints.length) {
        problems.push(`${m.name}: ${functions} facade functions for ${m.endpoints.length} operations`)
      }
      if (!facades.has(m.facade)) problems.push(`${m.name}: not exported by Books`)
    }
    assert.deepStrictEqual(problems, [])
    assert.strictEqual(facades.size, modules.length, "one Books export per module")
  })

  it("has every module the issue names, with list and get", () => {
    const books = Books as Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>
    assert.deepStrictEqual(listed.filter((name) => typeof books[name]?.list !== "function"), [])
    // Bank rules' get is named after its operationId (getBankAccountRule minus "Rule"): see the matrix notes.
    assert.deepStrictEqual(listed.filter((name) => typeof books[name]?.get !== "function"), ["bankRules"])
    assert.strictEqual(typeof books.bankRules?.getBankAccount, "function")
  })
})
