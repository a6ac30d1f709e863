/**
 * Checks the simulator's CRM answers against the response schemas of Zoho's official v8 OpenAPI
 * files. The files are read at runtime from the shared specs folder (never copied); their
 * cross-file `$ref`s are raw GitHub URLs, so each local file is registered under that URL.
 */
import { assert, describe, it } from "@effect/vitest"
import { Ajv } from "ajv"
import type { ValidateFunction } from "ajv"
import * as Effect from "effect/Effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { leads, makeHarness, seedWith } from "./harness.js"

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..")
const specDir = path.resolve(repoRoot, "../shared/specs/zoho-crm-oas-v8")
const base = "https://raw.githubusercontent.com/Zohocorp-Pvt-Ltd/crm-oas/refs/heads/main/v8.0/"
const available = fs.existsSync(path.join(specDir, "record.json"))

type Json = Record<string, unknown>

/**
 * OAS 3.0 → JSON Schema, lightly: local `#/…` refs become absolute (so a schema lifted out of its
 * file still resolves), and `oneOf` becomes `anyOf` because Zoho's alternatives (a record wrapper
 * vs. `API_Exception`) declare no required keys and would otherwise always match twice. Each test
 * also checks the specific alternative it expects, so the loosening hides nothing.
 */
const adapt = (node: unknown, file: string): unknown => {
  if (Array.isArray(node)) return node.map((n) => adapt(n, file))
  if (typeof node !== "object" || node === null) return node
  const out: Json = {}
  for (const [k, v] of Object.entries(node)) {
    if (k === "$ref" && typeof v === "string") out.$ref = v.startsWith("#") ? `${base}${file}${v}` : v
    else if (k === "oneOf") out.anyOf = adapt(v, file)
    else if (k === "example" || k === "examples" || k === "description") continue
    else out[k] = adapt(v, file)
  }
  return out
}

const load = () => {
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateFormats: true })
  // Zoho's own time format: seconds and an explicit offset.
  ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/)
  ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/)
  for (const format of ["int32", "int64", "float", "double", "byte", "binary", "password", "email", "uri", "url"]) {
    ajv.addFormat(format, true)
  }
  const docs = new Map<string, Json>()
  for (const file of fs.readdirSync(specDir).filter((f) => f.endsWith(".json"))) {
    const doc = JSON.parse(fs.readFileSync(path.join(specDir, file), "utf8")) as Json
    docs.set(file, doc)
    ajv.addSchema({ $id: `${base}${file}`, components: adapt(doc.components ?? {}, file) })
  }
  const cache = new Map<string, ValidateFunction>()
  const compile = (key: string, schema: () => unknown) => {
    let v = cache.get(key)
    if (v === undefined) {
      v = ajv.compile(schema() as Json)
      cache.set(key, v)
    }
    return v
  }
  /** A named component schema, e.g. `record.json`, `Response_Wrapper`. */
  const component = (file: string, name: string) =>
    compile(`${file}#${name}`, () => ({ $ref: `${base}${file}#/components/schemas/${name}` }))
  /** The response schema an operation declares for a status. */
  const operation = (file: string, p: string, method: string, status: string) =>
    compile(`${file} ${method} ${p} ${status}`, () => {
      const paths = docs.get(file)!.paths as Record<string, Record<string, Json>>
      const responses = paths[p][method].responses as Record<string, Json>
      const content = responses[status].content as Record<string, Json>
      return adapt(content["application/json"].schema, file)
    })
  return { component, operation }
}

const check = (validate: ValidateFunction, value: unknown, what: string) => {
  const ok = validate(value)
  assert.isTrue(ok, `${what}: ${JSON.stringify(validate.errors?.slice(0, 5))}`)
}

const suite = available ? describe : describe.skip

suite("CrmSim conforms to Zoho's CRM v8 OpenAPI response schemas", () => {
  const oas = available ? load() : undefined!
  const records = "/crm/v8/{module_api_name}"
  const seed = seedWith({
    org1: {
      Leads: [...leads(3), { Last_Name: "Taken", Email: "taken@example.com" }],
      Accounts: [{ Account_Name: "Acme" }]
    }
  })

  it.effect("list, get and search answers", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed)
      const list = yield* h.call(
        "GET",
        "/Leads?fields=Last_Name,Email,Owner,Created_Time,Created_By,Lead_Status&per_page=2"
      )
      assert.strictEqual(list.status, 200)
      check(oas.operation("record.json", records, "get", "200"), list.json, "list (operation)")
      check(oas.component("record.json", "Response_Wrapper"), list.json, "list (Response_Wrapper)")
      const id = list.json.data[0].id
      const get = yield* h.call("GET", `/Leads/${id}`)
      check(oas.operation("record.json", `${records}/{id}`, "get", "200"), get.json, "get (operation)")
      check(oas.component("record.json", "Response_Wrapper"), get.json, "get (Response_Wrapper)")
      const search = yield* h.call("GET", "/Leads/search?word=lead")
      check(oas.operation("record.json", `${records}/search`, "get", "200"), search.json, "search")
      check(oas.component("record.json", "Response_Wrapper"), search.json, "search (Response_Wrapper)")
    }))

  it.effect("insert success entries, 207 mixed entries and per-record errors", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed)
      const ok = yield* h.call("POST", "/Leads", { body: { data: leads(2, 50) } })
      assert.strictEqual(ok.status, 201)
      check(oas.operation("record.json", records, "post", "200"), ok.json, "insert")
      for (const entry of ok.json.data) check(oas.component("record.json", "Success_Response"), entry, "success entry")
      const mixed = yield* h.call("POST", "/Leads", {
        body: {
          data: [
            { Last_Name: "Fine" },
            { First_Name: "No last name" },
            { Last_Name: "Dup", Email: "taken@example.com" },
            { Last_Name: "Bad", Lead_Status: "nope" }
          ]
        }
      })
      assert.strictEqual(mixed.status, 207)
      check(oas.operation("record.json", records, "post", "200"), mixed.json, "207")
      const [fine, ...errors] = mixed.json.data
      check(oas.component("record.json", "Success_Response"), fine, "207 success entry")
      for (const entry of errors) check(oas.component("record.json", "API_Exception"), entry, `207 ${entry.code}`)
      const upsert = yield* h.call("POST", "/Leads/upsert", {
        body: { data: [{ Last_Name: "T2", Email: "taken@example.com" }] }
      })
      check(oas.operation("record.json", `${records}/upsert`, "post", "200"), upsert.json, "upsert")
      for (const entry of upsert.json.data) {
        check(oas.component("record.json", "Success_Response"), entry, "upsert entry")
      }
      const update = yield* h.call("PUT", "/Leads", {
        body: { data: [{ id: fine.details.id, Company: "X" }, { id: "1" }] }
      })
      check(oas.operation("record.json", records, "put", "200"), update.json, "update")
      check(oas.component("record.json", "API_Exception"), update.json.data[1], "update error entry")
      const del = yield* h.call("DELETE", `/Leads?ids=${fine.details.id},1`)
      check(oas.operation("record.json", records, "delete", "200"), del.json, "delete")
      check(oas.component("record.json", "Success_Response"), del.json.data[0], "delete entry")
      check(oas.component("record.json", "API_Exception"), del.json.data[1], "delete error entry")
      const bin = yield* h.call("GET", "/Leads/deleted")
      check(oas.component("record.json", "Deleted_Records_Wrapper"), bin.json, "deleted records")
    }))

  it.effect("request-level errors are API_Exception bodies", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed)
      const answers = [
        yield* h.call("GET", "/Leads"),
        yield* h.call("GET", "/Nope?fields=Last_Name"),
        yield* h.call("GET", "/Leads/123"),
        yield* h.call("POST", "/Leads", { body: { data: leads(101) } }),
        yield* h.call("GET", `/Leads?fields=${Array.from({ length: 51 }, (_, i) => `F${i}`).join(",")}`),
        yield* h.call("GET", "/Leads/search?criteria=(Nope:equals:1)")
        // OAUTH_SCOPE_MISMATCH is left out: Zoho's real message ("invalid oauth scope to access this
        // URL") is missing from the OAS `message` enum.
      ]
      for (const a of answers) {
        assert.isAtLeast(a.status, 400)
        check(oas.component("record.json", "API_Exception"), a.json, `${a.status} ${a.json.code}`)
      }
    }))

  it.effect("COQL answers and errors", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed)
      const q = (select_query: string) => h.call("POST", "/coql", { body: { select_query } })
      const rows = yield* q("select Last_Name, Email, Owner from Leads where Last_Name like 'Lead%' order by Last_Name")
      check(oas.operation("coql.json", "/crm/v8/coql", "post", "200"), rows.json, "coql rows")
      // The 400 alternatives are distinguishable for syntax errors, so the real `oneOf` applies there.
      const syntax = yield* q("select from Leads")
      assert.strictEqual(syntax.status, 400)
      check(oas.operation("coql.json", "/crm/v8/coql", "post", "400"), syntax.json, "syntax error")
      check(oas.component("coql.json", "Syntax_Exception"), syntax.json, "Syntax_Exception")
      const column = yield* q("select Nope from Leads")
      check(oas.component("coql.json", "Query_Exception"), column.json, "invalid column")
      const limit = yield* q("select Last_Name from Leads limit 5000")
      check(oas.component("coql.json", "Limit_Exceeded_Exception"), limit.json, "limit exceeded")
    }))

  it.effect("notes list and create answers", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed)
      const list = yield* h.call("GET", "/Leads?fields=Last_Name")
      const lead = list.json.data[0].id
      const created = yield* h.call("POST", "/Notes", {
        body: { data: [{ Note_Title: "T", Note_Content: "C", Parent_Id: { module: { api_name: "Leads" }, id: lead } }] }
      })
      check(oas.operation("notes.json", "/crm/v8/Notes", "post", "200"), created.json, "notes create")
      const notes = yield* h.call(
        "GET",
        "/Notes?fields=Note_Title,Note_Content,Parent_Id,Owner,Created_Time,Modified_Time,Created_By,Modified_By"
      )
      check(oas.operation("notes.json", "/crm/v8/Notes", "get", "200"), notes.json, "notes list (operation)")
      check(oas.component("notes.json", "Response_Wrapper"), notes.json, "notes list (Response_Wrapper)")
      const one = yield* h.call("GET", `/Notes/${notes.json.data[0].id}`)
      check(oas.component("notes.json", "Note"), one.json.data[0], "a whole note")
    }))

  it.effect("bulk read job creation", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed)
      const job = yield* h.call("POST", "/crm/bulk/v8/read", {
        body: { query: { module: { api_name: "Leads" }, fields: ["Last_Name"] } }
      })
      assert.strictEqual(job.status, 201)
      check(oas.operation("bulk_read.json", "/crm/bulk/v8/read", "post", "201"), job.json, "bulk read create")
      check(oas.component("bulk_read.json", "Success_Response"), job.json.data[0], "bulk read Success_Response")
      const missing = yield* h.call("GET", "/crm/bulk/v8/read/1")
      check(oas.operation("bulk_read.json", "/crm/bulk/v8/read/{job_id}", "get", "404"), missing.json, "bulk read 404")
      check(oas.component("bulk_read.json", "Resource_Not_Found"), missing.json, "Resource_Not_Found")
    }))
})

if (!available) {
  describe("CrmSim OAS conformance", () => {
    it.skip(`skipped: Zoho's CRM v8 OpenAPI files are not at ${specDir}`, () => {})
  })
}
