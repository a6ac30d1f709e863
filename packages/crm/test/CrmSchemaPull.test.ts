/**
 * `CrmSchemaPull` against the simulator: the generated source declares what the org's metadata
 * says, compiles next to a program that uses it with `CrmRecords.make`, and its Schemas decode
 * (and encode) real simulator records.
 */
import { SimSeed } from "@effect-zoho/sim"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as FileSystem from "@effect/platform/FileSystem"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as path from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import ts from "typescript"
import type * as CrmMetadata from "../src/CrmMetadata.js"
import * as CrmRecords from "../src/CrmRecords.js"
import * as CrmSchemaPull from "../src/CrmSchemaPull.js"
import { stack } from "./support/Stack.js"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..")

const invoices = [
  {
    Name: "INV-1",
    Status__c: "Paid",
    Customer__c: { id: "4150868000000224005", name: "Acme" },
    Channels__c: ["Email", "Portal"],
    Due_Date__c: "2025-03-31",
    Amount__c: 1250.5,
    Lines__c: 3,
    Disputed__c: false
  },
  { Name: "INV-2", Status__c: null, Customer__c: null, Channels__c: [], Amount__c: null }
]

const seed = SimSeed.demo({
  orgs: [{
    id: "org1",
    name: "Sim Org",
    zgid: "700001",
    financeOrganizationId: "800001",
    crmModules: [{
      apiName: "Invoices__c",
      singular: "Invoice",
      fields: [
        { apiName: "Name", mandatory: true },
        { apiName: "Status__c", dataType: "picklist", pickListValues: ["Draft", "Sent", "Paid"] },
        { apiName: "Customer__c", dataType: "lookup" },
        { apiName: "Channels__c", dataType: "multiselectpicklist", pickListValues: ["Email", "Portal", "Post"] },
        { apiName: "Due_Date__c", dataType: "date" },
        { apiName: "Amount__c", dataType: "currency" },
        { apiName: "Lines__c", dataType: "integer" },
        { apiName: "Disputed__c", dataType: "boolean" }
      ]
    }]
  }],
  crmRecords: { org1: { Invoices__c: invoices } }
})

const field = (api_name: string, data_type: string, extra: Partial<CrmMetadata.Field> = {}): CrmMetadata.Field => ({
  api_name,
  data_type,
  ...extra
})

type AnySchema = Schema.Schema<Readonly<Record<string, unknown>>, Readonly<Record<string, unknown>>>

describe("CrmSchemaPull", () => {
  it.effect("pulls every module of the simulator, sorted, with mapped field types", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack({ seed })
      const source = yield* CrmSchemaPull.pull().pipe(Effect.provide(layer))

      assert.include(source, "from the org's fields metadata at 1970-01-01T00:00:00.000Z")
      const declared = [...source.matchAll(/^export const (\w+) = Schema\.Struct\(\{$/gm)].map((m) => m[1])
      assert.deepStrictEqual(declared, ["Accounts", "Contacts", "Deals", "Invoices__c", "Leads"])

      const invoice = source.slice(
        source.indexOf("export const Invoices__c"),
        source.indexOf("export type Invoices__c")
      )
      const keys = [...invoice.matchAll(/^ {2}(\w+): /gm)].map((m) => m[1])
      assert.deepStrictEqual(keys, [...keys].sort())
      assert.includeMembers(keys, ["Name", "Owner", "Created_Time", "Status__c", "Customer__c"])
      assert.include(
        invoice,
        "Status__c: Schema.optional(Schema.NullOr(Schema.Literal(\"Draft\", \"Sent\", \"Paid\")))"
      )
      assert.include(
        invoice,
        "Channels__c: Schema.optional(Schema.NullOr(Schema.Array(Schema.Literal(\"Email\", \"Portal\", \"Post\"))))"
      )
      assert.include(invoice, "Customer__c: Schema.optional(Schema.NullOr(ZohoLookup))")
      assert.include(invoice, "Owner: Schema.optional(Schema.NullOr(ZohoLookup))")
      assert.include(invoice, "Due_Date__c: Schema.optional(Schema.NullOr(ZohoDate))")
      assert.include(invoice, "Created_Time: Schema.optional(Schema.NullOr(ZohoDateTime))")
      assert.include(invoice, "Amount__c: Schema.optional(Schema.NullOr(Schema.Number))")
      assert.include(invoice, "Lines__c: Schema.optional(Schema.NullOr(Schema.Int))")
      assert.include(invoice, "Disputed__c: Schema.optional(Schema.NullOr(Schema.Boolean))")
      assert.include(invoice, "(picklist, custom)")
      assert.include(source, "Lead_Status: Schema.optional(Schema.NullOr(Schema.Literal(\"Attempted to Contact\"")
      assert.include(source, "  Invoices__c: Invoices__c,\n  Leads: Leads\n} as const")
    }))

  it.effect("pulls only the modules asked for, by any case; an unknown module fails", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack({ seed })
      const metadata = yield* CrmSchemaPull.pullMetadata({ modules: ["invoices__c", "Leads"] }).pipe(
        Effect.provide(layer)
      )
      assert.deepStrictEqual(metadata.modules.map((m) => m.module.api_name), ["Invoices__c", "Leads"])
      assert.strictEqual(metadata.modules[0].fields.length, 13)
      const error = yield* Effect.flip(CrmSchemaPull.pull(["Nope"]).pipe(Effect.provide(layer)))
      assert.include(error.message.toLowerCase(), "module")
    }))

  it("render: valid identifiers, quoted keys, json_type fallback, comments that cannot break out", () => {
    const source = CrmSchemaPull.render({
      generatedAt: "2025-01-01T00:00:00.000Z",
      skipped: [{ module: "Activities", reason: "not supported" }],
      modules: [
        {
          module: { api_name: "Sales Orders", plural_label: "Orders */ evil" },
          fields: [
            field("zeta", "subform", { json_type: "jsonarray" }),
            field("Weird-Key", "text", { display_label: "A */ label", system_mandatory: true }),
            field("Total", "formula", { json_type: "double" }),
            field("id", "bigint")
          ]
        },
        { module: { api_name: "2Fast" }, fields: [] },
        { module: { api_name: "Schema" }, fields: [field("Status", "picklist")] }
      ]
    })
    assert.include(source, "export const _2Fast = Schema.Struct({})")
    assert.include(source, "export const Sales_Orders = Schema.Struct({")
    assert.include(source, "export const Schema_ = Schema.Struct({")
    assert.include(source, "\"Weird-Key\": Schema.optional(Schema.NullOr(Schema.String))")
    assert.include(source, "zeta: Schema.optional(Schema.NullOr(Schema.Array(Schema.Unknown)))")
    assert.include(source, "Total: Schema.optional(Schema.NullOr(Schema.Number))")
    // A pick list without values cannot be a literal union.
    assert.include(source, "Status: Schema.optional(Schema.NullOr(Schema.String))")
    assert.include(source, "(text, required to create)")
    assert.include(source, "Skipped (fields not readable): Activities.")
    assert.notInclude(source, "  id: ")
    assert.notInclude(source, "*/ evil")
    assert.include(source, "  \"Sales Orders\": Sales_Orders,")
    // Deterministic: the same metadata renders the same text.
    assert.strictEqual(
      source,
      CrmSchemaPull.render({
        generatedAt: "2025-01-01T00:00:00.000Z",
        skipped: [{ module: "Activities", reason: "not supported" }],
        modules: [
          { module: { api_name: "Schema" }, fields: [field("Status", "picklist")] },
          { module: { api_name: "2Fast" }, fields: [] },
          {
            module: { api_name: "Sales Orders", plural_label: "Orders */ evil" },
            fields: [
              field("Total", "formula", { json_type: "double" }),
              field("id", "bigint"),
              field("Weird-Key", "text", { display_label: "A */ label", system_mandatory: true }),
              field("zeta", "subform", { json_type: "jsonarray" })
            ]
          }
        ]
      })
    )
  })

  it.scoped(
    "the generated file compiles with CrmRecords.make and decodes the simulator's records",
    () =>
      Effect.gen(function*() {
        const { layer } = yield* stack({ seed })
        const source = yield* CrmSchemaPull.pull().pipe(Effect.provide(layer))

        // Inside examples/, whose node_modules resolve `effect` and the built `@effect-zoho/crm`.
        const fs = yield* FileSystem.FileSystem
        const base = path.join(root, "examples/build/schema-pull")
        yield* fs.makeDirectory(base, { recursive: true })
        const dir = yield* fs.makeTempDirectoryScoped({ directory: base })
        yield* fs.writeFileString(path.join(dir, "zoho-schema.ts"), source)
        yield* fs.writeFileString(
          path.join(dir, "program.ts"),
          [
            "import { CrmRecords } from \"@effect-zoho/crm\"",
            "import { Effect, Stream } from \"effect\"",
            "import { Leads, modules, type Invoices__c } from \"./zoho-schema.js\"",
            "",
            "const leads = CrmRecords.make(\"Leads\", Leads)",
            "const invoices = CrmRecords.make(\"Invoices__c\", modules.Invoices__c)",
            "",
            "export const program = Effect.gen(function*() {",
            "  const lead = yield* leads.get(\"1\")",
            "  const status: \"Contacted\" | \"Junk Lead\" | string | null | undefined = lead.Lead_Status",
            "  const owner: string | undefined = lead.Owner?.id",
            "  const all = yield* Stream.runCollect(invoices.list())",
            "  yield* leads.createAll([{ Last_Name: \"Ada\", Lead_Status: \"Contacted\" }])",
            "  return { status, owner, all }",
            "})",
            "",
            "// @ts-expect-error: not one of the pick list's values",
            "export const wrong: Invoices__c = { Status__c: \"Overdue\" }",
            "export const right: Invoices__c = { Status__c: \"Paid\", Channels__c: [\"Email\"], Due_Date__c: null }",
            ""
          ].join("\n")
        )
        const config = ts.readConfigFile(path.join(root, "examples/tsconfig.docs.json"), ts.sys.readFile)
        const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, path.join(root, "examples"))
        const program = ts.createProgram([path.join(dir, "program.ts")], parsed.options)
        const diagnostics = ts.getPreEmitDiagnostics(program).map((d) =>
          ts.flattenDiagnosticMessageText(d.messageText, "\n")
        )
        assert.deepStrictEqual(diagnostics, [])

        // Run the generated module itself: transpiled to JS, imported, its Schemas used for real.
        const js = ts.transpileModule(source, {
          compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }
        })
        const file = path.join(dir, "zoho-schema.mjs")
        yield* fs.writeFileString(file, js.outputText)
        const generated = (yield* Effect.promise(() => import(/* @vite-ignore */ pathToFileURL(file).href))) as {
          readonly modules: Readonly<Record<string, AnySchema>>
        }
        assert.deepStrictEqual(Object.keys(generated.modules), [
          "Accounts",
          "Contacts",
          "Deals",
          "Invoices__c",
          "Leads"
        ])

        yield* Effect.gen(function*() {
          const Invoices = CrmRecords.make("Invoices__c", generated.modules.Invoices__c)
          const read = Chunk.toReadonlyArray(yield* Stream.runCollect(Invoices.list({ sortBy: "id" })))
          assert.strictEqual(read.length, 2)
          const paid = read.find((r) => r.Name === "INV-1")!
          assert.strictEqual(paid.Status__c, "Paid")
          assert.deepStrictEqual(paid.Customer__c, { id: "4150868000000224005", name: "Acme" })
          assert.deepStrictEqual(paid.Channels__c, ["Email", "Portal"])
          assert.strictEqual(paid.Due_Date__c, "2025-03-31")
          // The owner is named by its CRM user id (a long id of its own), not by the seed's zuid.
          assert.match((paid.Owner as { readonly id: string }).id, /^\d{19}$/)
          const unpaid = read.find((r) => r.Name === "INV-2")!
          assert.strictEqual(unpaid.Status__c, null)

          const Leads = CrmRecords.make("Leads", generated.modules.Leads)
          const created = yield* Leads.createAll([{ Last_Name: "Ada", Lead_Status: "Contacted", No_of_Employees: 12 }])
          const lead = yield* Leads.get(created[0].id)
          assert.strictEqual(lead.Lead_Status, "Contacted")
          assert.strictEqual(lead.No_of_Employees, 12)
          // The generated pick list is strict: a value the org does not know is refused before sending.
          const refused = yield* Effect.either(Leads.createAll([{ Last_Name: "Bob", Lead_Status: "Maybe" }]))
          assert.isTrue(Either.isLeft(refused))
        }).pipe(Effect.provide(layer))

        const Invoice = generated.modules.Invoices__c
        assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(Invoice)({ Status__c: "Overdue" })))
        assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(Invoice)({ Due_Date__c: "31/03/2025" })))
        assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(Invoice)({ Lines__c: 1.5 })))
      }).pipe(Effect.provide(NodeFileSystem.layer)),
    { timeout: 60_000 }
  )
})
