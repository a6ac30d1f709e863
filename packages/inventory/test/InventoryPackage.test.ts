/**
 * What the package ships: every operation of Zoho's Inventory files typed (504), and every
 * generated module reachable as `Inventory.<module>` through its facade.
 */
import { assert, describe, it } from "@effect/vitest"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import * as Generated from "../src/generated/index.js"
import * as Inventory from "../src/Inventory.js"
import * as InventoryScopes from "../src/InventoryScopes.js"

const generatedDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "../src/generated")

/** Module files: everything generated except the shared types, the scope table and the index. */
const moduleFiles = fs.readdirSync(generatedDir)
  .filter((f) => f.endsWith(".ts") && !["Shared.ts", "Scopes.ts", "index.ts"].includes(f))
  .map((f) => f.slice(0, -3))
  .sort()

const isEndpoint = (u: unknown): u is { readonly operation: string; readonly definition: unknown } =>
  typeof u === "object" && u !== null && "operation" in u && "definition" in u && typeof u.operation === "string"

/** The generated namespaces that are modules (the index also re-exports the shared types). */
const modules: Readonly<Record<string, Readonly<Record<string, unknown>>>> = Object.fromEntries(
  Object.entries(Generated as unknown as Readonly<Record<string, Readonly<Record<string, unknown>>>>)
    .filter(([name]) => name !== "Shared")
)

describe("@effect-zoho/inventory", () => {
  it("types the 504 operations of Zoho's Inventory files, each once", () => {
    const operations = Object.values(modules).flatMap((module) =>
      Object.values(module).filter(isEndpoint).map((e) => e.operation)
    )
    console.log(
      `Inventory: ${operations.length} typed operations in ${moduleFiles.length} modules ` +
        `(${new Set(operations).size} distinct names, ${InventoryScopes.byOperation.size} in the scope table)`
    )
    assert.strictEqual(operations.length, 504)
    assert.strictEqual(new Set(operations).size, 504)
    assert.deepStrictEqual([...operations].sort(), [...InventoryScopes.byOperation.keys()].sort())
  })

  it("exports every generated module, and every module has a facade reachable as Inventory.<module>", () => {
    assert.deepStrictEqual(Object.keys(modules).sort(), moduleFiles)
    const facades = new Set<unknown>(Object.values(Inventory))
    const missing = moduleFiles.filter((name) => !facades.has(modules[name]!.facade))
    assert.deepStrictEqual(missing, [], "modules without an Inventory.<module> facade")
    const entries = moduleFiles.map((name) => Object.keys(modules[name]!.facade as object).length)
    console.log(
      `Inventory facade: ${moduleFiles.length} modules, ${entries.reduce((a, b) => a + b, 0)} functions ` +
        `(every operation of a module is one facade function)`
    )
    // One facade function per operation: nothing generated is left out of the facade.
    for (const name of moduleFiles) {
      const module = modules[name]!
      const count = Object.values(module).filter(isEndpoint).length
      assert.strictEqual(Object.keys(module.facade as object).length, count, name)
    }
  })
})
