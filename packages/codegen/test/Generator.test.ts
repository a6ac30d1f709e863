import * as MemoryTokenStore from "@effect-zoho/core/MemoryTokenStore"
import * as Zoho from "@effect-zoho/core/Zoho"
import { ZohoConfigError } from "@effect-zoho/core/ZohoError"
import * as ZohoRegion from "@effect-zoho/core/ZohoRegion"
import * as ZohoTransfer from "@effect-zoho/core/ZohoTransfer"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
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

// Downloads from a URL Zoho hands out: the whole path is one URL-valued path parameter.
const downloads = doc("exports.json", {
  openapi: "3.0.1",
  security: [{ "iam-oauth2-schema": ["ZohoCRM.bulk.ALL"] }],
  paths: {
    "/{download_url}": {
      get: {
        operationId: "Download Result",
        parameters: [{ $ref: "#/components/parameters/download_url" }],
        responses: { "200": { description: "", content: { "application/octet-stream": {} } } }
      }
    },
    "/{report}": {
      get: {
        operationId: "Download Report",
        parameters: [{ name: "report", in: "path", required: true, schema: { type: "string", format: "uri" } }],
        responses: { "200": { description: "", content: { "application/zip": {} } } }
      }
    }
  },
  components: {
    parameters: { download_url: { name: "download_url", in: "path", required: true, schema: { type: "string" } } }
  }
})

/** An HttpClient that records what reaches it (and answers 200): what a refused link must not reach. */
const recordingClient = (sent: Array<HttpClientRequest.HttpClientRequest>) =>
  Layer.succeed(
    HttpClient.HttpClient,
    HttpClient.make((request) =>
      Effect.sync(() => {
        sent.push(request)
        return HttpClientResponse.fromWeb(request, new Response("{}", { status: 200 }))
      })
    )
  )

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
    assert.deepStrictEqual([...out.files.keys()], ["Notes.ts", "Scopes.ts", "Users.ts", "index.ts"])
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
    // CRM's required lists lie: only ids, codes and messages stay required
    assert.include(code, `"id": Schema.String`)
    assert.include(code, `"Owner": Schema.optional(`)
    assert.include(code, `"message": Schema.optional(Schema.String)`)
    // only what an operation reaches is emitted: the exception shape is errors' business
    assert.notInclude(code, "API_Exception")
    assert.include(out.files.get("Users.ts")!, `"name": Schema.optional(Schema.NullOr(Schema.String))`)
    assert.include(out.files.get("Users.ts")!, `"id": Schema.String`)
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

  it("CRM declarations build their Schemas on first use; the finance ones when the module loads", () => {
    const code = generate("crm", [notes, users]).files.get("Notes.ts")!
    // a component: suspended, so importing the module builds no struct
    assert.match(
      code,
      /export const Note: Schema\.Schema<Note> = Schema\.suspend\(\(\): Schema\.Schema<Note> => Schema\.Struct\(\{/
    )
    // an endpoint's own parameter Schemas: suspended, typed with the type they decode to
    assert.match(code, /export const getNotes = [\s\S]*?query: Schema\.suspend\(\(\): Schema\.Schema<\{\n/)
    assert.notMatch(code, /(query|pathParams|headers|body|response): Schema\.Struct\(/)
    const finance = generate("books", [
      doc("items.json", {
        openapi: "3.0.0",
        paths: {
          "/items": {
            get: {
              operationId: "list_items",
              parameters: [{ name: "name", in: "query", schema: { type: "string" } }],
              responses: {
                "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/Items" } } } }
              }
            }
          }
        },
        components: {
          schemas: { Items: { type: "object", properties: { items: { type: "array", items: { type: "string" } } } } }
        }
      })
    ]).files.get("Items.ts")!
    assert.include(finance, `export const Items: Schema.Schema<Items> = Schema.Struct({`)
    assert.include(finance, `query: Schema.Struct({`)
    assert.notInclude(finance, "Schema.suspend")
  })

  it("emits a component found identical in two files once, in Shared", () => {
    const wrapper = { type: "object", properties: { data: { type: "array", items: { type: "string" } } } }
    const file = (name: string, op: string) =>
      doc(`${name}.json`, {
        openapi: "3.0.1",
        paths: {
          [`/crm/v8/${name}`]: {
            get: {
              operationId: op,
              responses: {
                "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/Wrapper" } } } }
              }
            }
          }
        },
        // Same shape, other prose: still the same component.
        components: { schemas: { Wrapper: { ...wrapper, description: `prose of ${name}` } } }
      })
    const out = generate("crm", [file("a", "List A"), file("b", "List B")])
    const shared = out.files.get("Shared.ts")!
    assert.strictEqual(shared.match(/export const Wrapper\b/g)?.length, 1)
    assert.notInclude(out.files.get("A.ts")!, "export const Wrapper")
    assert.include(out.files.get("A.ts")!, `import * as $Shared from "./Shared.js"`)
    assert.include(out.files.get("B.ts")!, "$Shared.Wrapper")
  })

  it("strips org-id inputs, reads integer ids as strings, marks multipart and binary operations", () => {
    const books = doc("invoices.json", {
      openapi: "3.0.0",
      paths: {
        "/invoices/{invoice_id}": {
          get: {
            operationId: "get_invoice",
            parameters: [
              { name: "organization_id", in: "query", required: true, schema: { type: "string" } },
              { name: "X-com-zoho-books-organizationid", in: "header", schema: { type: "string" } },
              { name: "invoice_id", in: "path", required: true, schema: { type: "integer" } },
              { name: "accept", in: "query", schema: { type: "string", enum: ["json", "pdf"] } }
            ],
            responses: {
              "200": { content: { "application/pdf": { schema: { type: "string", format: "binary" } } } }
            }
          }
        },
        "/invoices/{invoice_id}/attachment": {
          post: {
            operationId: "add_attachment",
            parameters: [{ name: "invoice_id", in: "path", required: true, schema: { type: "string" } }],
            requestBody: {
              content: {
                "multipart/form-data": {
                  schema: { type: "object", properties: { attachment: { type: "string", format: "binary" } } }
                }
              }
            },
            responses: {
              "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/Answer" } } } }
            }
          }
        }
      },
      components: {
        schemas: {
          Answer: {
            type: "object",
            required: ["code", "message", "customer_id"],
            properties: { code: { type: "integer" }, message: { type: "string" }, customer_id: { type: "integer" } }
          }
        }
      }
    })
    const out = generate("books", [books])
    const code = out.files.get("Invoices.ts")!
    assert.notInclude(code, "organization_id")
    assert.notInclude(code, "organizationid")
    assert.include(code, `"accept": Schema.optional(Schema.Literal("json", "pdf"))`)
    // an integer id: a string or a number in, a string out
    assert.include(code, `"invoice_id": Schema.Union(Schema.String, Schema.transform(Schema.Number, Schema.String`)
    assert.include(code, `export type Answer_Encoded`)
    assert.include(code, `"customer_id": Schema.Union(Schema.String, Schema.transform(`)
    // finance files' required lists are kept
    assert.include(code, `"code": Schema.Number`)
    assert.match(code, /export const getInvoice = [\s\S]*?responseBody: "binary",/)
    assert.match(code, /export const addAttachment = [\s\S]*?requestBody: "multipart",/)
    assert.deepStrictEqual(out.operations.map((o) => [o.operation, o.requestBody, o.responseBody]), [
      ["books.invoices.getInvoice", undefined, "binary"],
      ["books.invoices.addAttachment", "multipart", "json"]
    ])
  })

  it("emits an operation whose whole path is a URL parameter as a link download, not an endpoint", () => {
    const out = generate("crm", [downloads])
    const code = out.files.get("Exports.ts")!
    assert.include(code, `import * as ZohoTransfer from "@effect-zoho/core/ZohoTransfer"`)
    // only links here: no endpoint, no Schema to import
    assert.notInclude(code, "Endpoint")
    assert.notInclude(code, `from "effect/Schema"`)
    assert.include(
      code,
      [
        `export const downloadResult = ZohoTransfer.link({`,
        `  product: ZohoProducts.crm,`,
        `  operation: "crm.exports.downloadResult",`,
        `  pathTemplate: "/{download_url}",`,
        `  scopes: ["ZohoCRM.bulk.ALL"]`,
        `})`
      ].join("\n")
    )
    assert.include(code, `export const downloadReport = ZohoTransfer.link({`)
    assert.notInclude(code, "pathParams")
    assert.deepStrictEqual(out.operations.map((o) => [o.operation, o.kind, o.method, o.path, o.responseBody]), [
      ["crm.exports.downloadResult", "link", "GET", "/{download_url}", "binary"],
      ["crm.exports.downloadReport", "link", "GET", "/{report}", "binary"]
    ])
    // listed with the other operations' scopes
    assert.include(out.files.get("Scopes.ts")!, `["crm.exports.downloadResult", ["ZohoCRM.bulk.ALL"]]`)
  })

  it.effect.runIf(haveSpecs)(
    "generates CRM's bulk write download as a link that refuses a non-Zoho URL",
    () =>
      Effect.gen(function*() {
        const crm = Generator.generate("crm", path.join(specs, "zoho-crm-oas-v8"))
        assert.deepStrictEqual(crm.operations.filter((o) => o.kind === "link").map((o) => o.operation), [
          "crm.audit_log_export.downloadExportAuditLogResult",
          "crm.backup.downloadBackedUpData",
          "crm.bulk_write.downloadBulkWriteResult"
        ])
        const code = crm.files.get("BulkWrite.ts")!
        assert.match(
          code,
          /export const downloadBulkWriteResult = ZohoTransfer\.link\(\{\n {2}product: ZohoProducts\.crm,/
        )
        assert.notMatch(code, /\{download_url\}"[\s\S]*?pathParams/)
        // the committed module is this output (see the --check test): load it and call the link
        const committed = path.join(root, "packages/crm/src/generated/BulkWrite.ts")
        assert.strictEqual(fs.readFileSync(committed, "utf8"), code)
        const module: { readonly downloadBulkWriteResult: ZohoTransfer.LinkDownload } = yield* Effect.promise(() =>
          import(committed)
        )
        const link = module.downloadBulkWriteResult
        assert.strictEqual(link.operation, "crm.bulk_write.downloadBulkWriteResult")
        assert.deepStrictEqual(link.scopes, ["ZohoCRM.bulk.ALL"])
        const sent: Array<HttpClientRequest.HttpClientRequest> = []
        const stack = Zoho.layer({ region: ZohoRegion.make("US") }).pipe(
          Layer.provide(Layer.merge(recordingClient(sent), MemoryTokenStore.layer))
        )
        for (const url of ["https://attacker.example.com/crm/bulk/v8/write/1/result", "http://download.zoho.com/x"]) {
          const error = yield* ZohoTransfer.downloadLink(link, url).pipe(Effect.flip, Effect.provide(stack))
          assert.instanceOf(error, ZohoConfigError)
          assert.strictEqual((error as ZohoConfigError).reason, "UntrustedHost")
        }
        // refused before any request (no token was even fetched)
        assert.strictEqual(sent.length, 0)
      })
  )

  it.runIf(haveSpecs)("generates every product's files with the expected operation counts", () => {
    const crm = Generator.generate("crm", path.join(specs, "zoho-crm-oas-v8"))
    assert.strictEqual(crm.operations.length, 422)
    assert.strictEqual(crm.modules.length, 102)
    // Shared components once and only what operations reach: well under the 1.4 MB of repeats
    const crmSize = Generator.size(crm)
    console.log(`CRM generated output: ${(crmSize / 1024).toFixed(0)} KiB in ${crm.files.size} files`)
    assert.isBelow(crmSize, 1_000_000)
    const expected: ReadonlyArray<readonly [Generator.ProductName, string, number, number]> = [
      ["books", "zoho-books-oas-v3", 849, 42],
      ["inventory", "zoho-inventory-oas-v1", 504, 37],
      // Invoice: Books' files, only the 17 modules Zoho Invoice documents
      ["invoice", "zoho-books-oas-v3", 490, 17],
      ["billing", "zoho-billing-oas-v1", 192, 24],
      ["expense", "zoho-expense-oas-v1", 65, 11]
    ]
    for (const [product, folder, operations, modules] of expected) {
      const out = Generator.generate(product, path.join(specs, folder))
      assert.strictEqual(out.operations.length, operations, product)
      assert.strictEqual(out.modules.length, modules, product)
      assert.strictEqual(new Set(out.operations.map((o) => o.operation)).size, operations, `${product}: unique names`)
      // the finance files hand out no download URL taken as a path: no links, no URL path parameter
      assert.deepStrictEqual(out.operations.filter((o) => o.kind === "link"), [], product)
      assert.isFalse(out.operations.some((o) => /\{[A-Za-z_]*url\}/i.test(o.path)), product)
      for (const o of out.operations) {
        assert.match(o.operation, new RegExp(`^${product}\\.[A-Za-z0-9_]+\\.[A-Za-z0-9_]+$`))
      }
      // the client adds the org id: no generated input asks for it
      for (const content of out.files.values()) {
        for (const query of content.match(/ {2}query: Schema\.Struct\(\{[\s\S]*?\n {2}\}\)/g) ?? []) {
          assert.notInclude(query, `"organization_id"`, product)
        }
        assert.notMatch(content, /"X-com-zoho-[a-z]+-organizationid"/i, product)
      }
      console.log(`${product}: ${operations} operations, ${(Generator.size(out) / 1024).toFixed(0)} KiB`)
    }
    const inventory = Generator.generate("inventory", path.join(specs, "zoho-inventory-oas-v1"))
    assert.include(inventory.files.get("Items.ts")!, `pagination: Endpoint.financePageContext("items")`)
    const books = Generator.generate("books", path.join(specs, "zoho-books-oas-v3"))
    // Invoice: Books' operations of its modules, under Invoice's names, scopes and docs
    const invoice = Generator.generate("invoice", path.join(specs, "zoho-books-oas-v3"))
    assert.deepStrictEqual(
      invoice.operations.map((o) => `${o.method} ${o.path} ${o.operation.replace(/^invoice\./, "")}`),
      books.operations.filter((o) => invoice.modules.includes(o.module)).map((o) =>
        `${o.method} ${o.path} ${o.operation.replace(/^books\./, "")}`
      )
    )
    assert.isTrue(invoice.operations.every((o) => o.scopes.every((s) => s.startsWith("ZohoInvoice."))))
    assert.include(invoice.files.get("Invoices.ts")!, `docs: "https://www.zoho.com/invoice/api/v3/invoices/"`)
    assert.notInclude(invoice.files.get("Invoices.ts")!, "ZohoBooks")
    assert.isFalse(invoice.modules.includes("Bills"))
    assert.isAbove(books.operations.filter((o) => o.requestBody === "multipart").length, 0)
    assert.isAbove(books.operations.filter((o) => o.responseBody === "jsonOrBinary").length, 0)
    // deterministic
    const again = Generator.generate("crm", path.join(specs, "zoho-crm-oas-v8"))
    assert.deepStrictEqual([...again.files], [...crm.files])
  }, 600_000) // six products generated in one test: minutes on a loaded machine

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
        // arguments are parsed strictly: an unknown flag is a usage error
        assert.throws(() => execFileSync(process.execPath, [main, "crm", "--chek"], { stdio: "pipe" }), /--chek/)
        Generator.write(generated, tmp)
        assert.include(run().toString(), "up to date")
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true })
    }
  })
})
