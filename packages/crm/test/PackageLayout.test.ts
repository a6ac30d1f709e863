/**
 * The package's layout promises: the main entry loads only the generated modules it uses, each
 * generated module is importable by itself, and the records API refines the generated
 * declarations (one declaration and one name per operation) instead of declaring its own.
 */
import type * as Endpoint from "@effect-zoho/core/Endpoint"
import { assert, describe, it } from "@effect/vitest"
import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import * as Scopes from "../src/generated/Scopes.js"
import * as endpoints from "../src/internal/endpoints.js"

/** Whether building `ast` built a struct, a union or an array (what costs time and memory). */
const built = (ast: SchemaAST.AST): boolean =>
  ast._tag === "TypeLiteral" || ast._tag === "Union" || ast._tag === "TupleType" || ast._tag === "Transformation"

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")

/** Every source file the given one imports, transitively (relative imports only). */
const importGraph = (entry: string): ReadonlySet<string> => {
  const seen = new Set<string>()
  const stack = [entry]
  for (let file = stack.pop(); file !== undefined; file = stack.pop()) {
    if (seen.has(file)) continue
    seen.add(file)
    const source = fs.readFileSync(file, "utf8")
    for (const m of source.matchAll(/^(?:import|export)\s[^;]*?from "(\.{1,2}\/[^"]+)\.js"/gm)) {
      stack.push(path.resolve(path.dirname(file), `${m[1]}.ts`))
    }
  }
  return seen
}

describe("package layout", () => {
  it("the main entry loads no generated index and only a few generated modules", () => {
    const loaded = [...importGraph(path.join(pkg, "src/index.ts"))]
    const generated = loaded.filter((f) => f.includes(`${path.sep}generated${path.sep}`))
    assert.notInclude(generated, path.join(pkg, "src/generated/index.ts"))
    const all = fs.readdirSync(path.join(pkg, "src/generated")).filter((f) => f.endsWith(".ts"))
    assert.isAtMost(generated.length, 25, `${generated.length} of ${all.length}`)
    assert.isAbove(all.length, 100)
  })

  it("the generated modules the main entry loads build their Schemas on first use", async () => {
    const generated = [...importGraph(path.join(pkg, "src/index.ts"))]
      .filter((f) => f.includes(`${path.sep}generated${path.sep}`))
    let schemas = 0
    let endpoints = 0
    for (const file of generated) {
      const exports = await import(file) as Record<string, unknown>
      for (const [name, value] of Object.entries(exports)) {
        if (Schema.isSchema(value)) {
          schemas++
          assert.isFalse(built(value.ast), `${path.basename(file)}: ${name} is built when the module loads`)
        } else if (typeof value === "object" && value !== null && "definition" in value) {
          endpoints++
          const endpoint = value as Endpoint.Endpoint
          // A file answer stays as declared: the endpoint reads its kind when it is declared.
          const parts = [
            "pathParams",
            "query",
            "headers",
            "body",
            ...(endpoint.responseKind === "envelope" ? ["response"] as const : [])
          ] as const
          for (const part of parts) {
            const schema = endpoint.definition[part]
            if (schema !== undefined) {
              assert.isFalse(
                built(schema.ast),
                `${path.basename(file)}: ${name}.${part} is built when the module loads`
              )
            }
          }
        }
      }
    }
    // Record, Shared, Users, Modules, Fields, Layouts, …: the graph the records API reaches
    assert.isAbove(schemas, 150)
    assert.isAbove(endpoints, 100)
  })

  it("exports every generated module as a subpath, without side effects", () => {
    const json = JSON.parse(fs.readFileSync(path.join(pkg, "package.json"), "utf8"))
    assert.deepStrictEqual(json.exports["./generated/*"], {
      types: "./dist/generated/*.d.ts",
      default: "./dist/generated/*.js"
    })
    assert.isTrue(json.sideEffects === false || (Array.isArray(json.sideEffects) && json.sideEffects.length === 0))
  })

  it("the records API's endpoints are refinements of generated operations", () => {
    const Item = Schema.Struct({ id: Schema.String })
    const refined: ReadonlyArray<Endpoint.Endpoint> = [
      endpoints.list("Leads", Item),
      endpoints.create("Leads"),
      endpoints.update("Leads"),
      endpoints.upsert("Leads"),
      endpoints.remove("Leads"),
      endpoints.search("Leads", Item),
      endpoints.deleted("Leads"),
      endpoints.count("Leads"),
      endpoints.convertLead,
      endpoints.coql(Item),
      endpoints.massUpdate("Leads"),
      endpoints.massUpdateStatus("Leads"),
      endpoints.related("Leads", Item),
      endpoints.linkRelated("Leads"),
      endpoints.delinkRelated("Leads"),
      endpoints.createNotes,
      endpoints.deleteNotes,
      endpoints.addTags,
      endpoints.removeTags,
      endpoints.moduleTags
    ]
    for (const e of refined) {
      assert.isTrue(Scopes.byOperation.has(e.operation), `${e.operation} is a generated operation`)
    }
    assert.strictEqual(new Set(refined.map((e) => e.operation)).size, refined.length)
    // narrower scopes than the generated `ZohoCRM.modules.ALL`
    assert.deepStrictEqual(endpoints.list("Leads", Item).scopes, ["ZohoCRM.modules.Leads.READ"])
    assert.deepStrictEqual(Scopes.byOperation.get("crm.record.getRecords"), ["ZohoCRM.modules.ALL"])
  })
})
