import { assert, describe, it } from "@effect/vitest"
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import * as Generator from "../src/Generator.js"
import { generate } from "../src/internal/generate.js"
import { camelCase, pascalCase } from "../src/internal/names.js"
import type { Document } from "../src/internal/openapi.js"
import { parseDocument, parseRef, Specs } from "../src/internal/openapi.js"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..")
const specs = path.resolve(root, "../shared/specs")
const haveSpecs = fs.existsSync(path.join(specs, "zoho-crm-oas-v8"))

const raw = "https://raw.githubusercontent.com/Zohocorp-Pvt-Ltd/crm-oas/refs/heads/main/v8.0"

const doc = (fileName: string, value: unknown): Document => parseDocument(fileName, JSON.stringify(value))

// Two files that reference each other the way Zoho's CRM files do.
const users = doc("users.json", {
  openapi: "3.0.1",
  paths: {},
  components: {
    schemas: {
      Minified_User: {
        type: "object",
        required: ["id"],
        properties: { id: { type: "string" }, name: { type: "string", nullable: true } }
      }
    }
  }
})
const notes = doc("notes.json", {
  openapi: "3.0.1",
  security: [{ "iam-oauth2-schema": ["ZohoCRM.modules.ALL", " ZohoCRM.modules.notes.READ"] }],
  paths: {
    "/crm/v8/Notes": {
      get: {
        operationId: "Get Notes",
        description: "SECRET PROSE that must not be copied",
        parameters: [{ $ref: "#/components/parameters/page" }, { $ref: "#/components/parameters/If-Modified-Since" }],
        responses: {
          "200": {
            description: "",
            content: {
              "application/json": {
                schema: {
                  oneOf: [{ $ref: "#/components/schemas/Wrapper" }, { $ref: "#/components/schemas/API_Exception" }]
                }
              }
            }
          },
          "204": { description: "" }
        }
      },
      post: {
        operationId: "Get Notes",
        requestBody: { $ref: "#/components/requestBodies/Body" },
        responses: {
          "201": {
            description: "",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Wrapper" } } }
          }
        }
      }
    },
    "/crm/bulk/v8/read": {
      post: {
        operationId: "Create Job",
        security: [{ "iam-oauth2-schema": ["ZohoCRM.bulk.CREATE"] }],
        responses: { "200": { description: "", content: { "application/json": { schema: { type: "object" } } } } }
      }
    }
  },
  components: {
    parameters: { page: { name: "page", in: "query", required: false, schema: { type: "integer" } } },
    requestBodies: {
      Body: { content: { "application/json": { schema: { $ref: "#/components/schemas/Wrapper" } } } }
    },
    schemas: {
      Wrapper: {
        type: "object",
        required: ["data"],
        properties: { data: { type: "array", items: { $ref: "#/components/schemas/Note" } } }
      },
      Note: {
        type: "object",
        description: "MORE PROSE",
        required: ["id", "Owner"],
        properties: {
          id: { type: "string" },
          Owner: { $ref: `${raw}/users.json#/components/schemas/Minified_User` },
          Parent: { $ref: "#/components/schemas/Note" },
          kind: { type: "string", enum: ["a", "b"] },
          extra: { type: "object", additionalProperties: { type: "integer" } },
          either: { anyOf: [{ type: "string" }, { type: "boolean" }] },
          message: { type: "string", enum: ["some sentence"] }
        }
      },
      API_Exception: {
        type: "object",
        properties: { status: { type: "string", enum: ["error"] }, code: { type: "string" } }
      }
    }
  }
})

describe("codegen", () => {
  it("maps raw GitHub refs to the sibling file", () => {
    assert.deepStrictEqual(parseRef(`${raw}/users.json#/components/schemas/Minified_User`, "notes"), {
      doc: "users",
      pointer: ["components", "schemas", "Minified_User"]
    })
    assert.deepStrictEqual(parseRef("#/components/parameters/a~1b", "notes"), {
      doc: "notes",
      pointer: ["components", "parameters", "a/b"]
    })
    const s = new Specs([users, notes])
    const resolved = s.deref({ $ref: `${raw}/users.json#/components/schemas/Minified_User` }, "notes")
    assert.strictEqual(resolved?.doc, "users")
    assert.isUndefined(s.deref({ $ref: "#/components/parameters/nope" }, "notes"))
  })

  it("names things deterministically", () => {
    assert.strictEqual(camelCase("Get Records"), "getRecords")
    assert.strictEqual(camelCase("IDSUpdate"), "idsUpdate")
    assert.strictEqual(camelCase("SCHEDULE"), "schedule")
    assert.strictEqual(camelCase("create_item"), "createItem")
    assert.strictEqual(pascalCase("bulk_read"), "BulkRead")
    assert.strictEqual(pascalCase("contact-persons"), "ContactPersons")
  })

  it("emits schemas, endpoints and imports from two linked files", () => {
    const out = generate("crm", [notes, users])
    assert.deepStrictEqual([...out.files.keys()], ["Notes.ts", "Users.ts", "index.ts"])
    const code = out.files.get("Notes.ts")!
    assert.isTrue(code.startsWith("// Generated by @effect-zoho/codegen from Zoho's CRM v8 OpenAPI file notes.json"))
    assert.notInclude(code, "PROSE")
    assert.notInclude(code, "some sentence")
    // cross-file ref: imported lazily; recursion: suspended; the rest maps one to one
    assert.include(code, `import * as $Users from "./Users.js"`)
    assert.include(code, `Schema.suspend((): Schema.Schema<$Users.Minified_User> => $Users.Minified_User)`)
    assert.include(code, `"Parent": Schema.optional(Schema.suspend((): Schema.Schema<Note> => Note))`)
    assert.include(code, `"kind": Schema.optional(Schema.Literal("a", "b"))`)
    assert.include(code, `"extra": Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Number }))`)
    assert.include(code, `"either": Schema.optional(Schema.Union(`)
    assert.include(code, `"message": Schema.optional(Schema.String)`)
    assert.include(out.files.get("Users.ts")!, `"name": Schema.optional(Schema.NullOr(Schema.String))`)
    // endpoints
    assert.deepStrictEqual(out.operations.map((o) => o.operation), [
      "crm.notes.createJob",
      "crm.notes.getNotes",
      "crm.notes.getNotes_2"
    ])
    assert.include(code, `basePath: "/crm/bulk/v8"`)
    assert.include(code, `path: "/Notes"`)
    assert.include(code, `pagination: Endpoint.crmPage`)
    assert.include(code, `notModified: true`)
    assert.include(code, `scopes: ["ZohoCRM.modules.ALL", "ZohoCRM.modules.notes.READ"]`)
    assert.include(code, `scopes: ["ZohoCRM.bulk.CREATE"]`)
    // the success payload drops the exception branch
    assert.match(code, /export const getNotes = [\s\S]*?response: Wrapper,/)
    assert.strictEqual(
      out.files.get("index.ts")!.split("\n").filter((l) => l.startsWith("export")).join("\n"),
      `export * as Notes from "./Notes.js"\nexport * as Users from "./Users.js"`
    )
  })

  it.runIf(haveSpecs)("generates all three products with the expected operation counts", () => {
    const crm = Generator.generate("crm", path.join(specs, "zoho-crm-oas-v8"))
    assert.strictEqual(crm.operations.length, 422)
    assert.strictEqual(crm.modules.length, 102)
    const inventory = Generator.generate("inventory", path.join(specs, "zoho-inventory-oas-v1"))
    assert.strictEqual(inventory.operations.length, 504)
    assert.strictEqual(inventory.modules.length, 37)
    const billing = Generator.generate("billing", path.join(specs, "zoho-billing-oas-v1"))
    assert.strictEqual(billing.operations.length, 192)
    assert.strictEqual(billing.modules.length, 24)
    for (const out of [crm, inventory, billing]) {
      assert.strictEqual(new Set(out.operations.map((o) => o.operation)).size, out.operations.length)
    }
    assert.include(inventory.files.get("Items.ts")!, `pagination: Endpoint.financePageContext("items")`)
    // deterministic
    const again = Generator.generate("crm", path.join(specs, "zoho-crm-oas-v8"))
    assert.deepStrictEqual([...again.files], [...crm.files])
  })

  it.runIf(haveSpecs)("--check fails on a modified, missing or extra file", () => {
    const committed = path.join(root, "packages/crm/src/generated")
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "codegen-check-"))
    try {
      fs.cpSync(committed, tmp, { recursive: true })
      const generated = Generator.generate("crm", path.join(specs, "zoho-crm-oas-v8"))
      assert.isTrue(Generator.isUpToDate(Generator.check(generated, tmp)), "committed output is up to date")
      fs.appendFileSync(path.join(tmp, "Notes.ts"), "\n// edited\n")
      fs.rmSync(path.join(tmp, "Tags.ts"))
      fs.writeFileSync(path.join(tmp, "Stray.ts"), "export {}\n")
      assert.deepStrictEqual(Generator.check(generated, tmp), {
        stale: ["Notes.ts"],
        missing: ["Tags.ts"],
        extra: ["Stray.ts"]
      })
      // the CLI says so with a non-zero exit
      const main = path.join(root, "packages/codegen/dist/main.js")
      if (fs.existsSync(main)) {
        const run = () =>
          execFileSync(process.execPath, [
            main,
            "crm",
            "--spec",
            path.join(specs, "zoho-crm-oas-v8"),
            "--out",
            tmp,
            "--check"
          ], {
            stdio: "pipe"
          })
        assert.throws(run)
        Generator.write(generated, tmp)
        assert.include(run().toString(), "up to date")
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true })
    }
  })
})
