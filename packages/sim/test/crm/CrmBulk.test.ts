import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate"
import { parse } from "../../src/internal/crm/Csv.js"
import { adminId, leads, makeHarness, multipart, seedWith } from "./harness.js"

const uploadHeaders = { feature: "bulk-write", "x-crm-org": "700001" }

const unzipCsv = (bytes: Uint8Array): Array<Array<string>> => {
  const files = Object.values(unzipSync(bytes))
  assert.strictEqual(files.length, 1)
  return parse(strFromU8(files[0]))
}

const zipForm = (csv: string) => {
  const form = new FormData()
  form.append("file", new Blob([zipSync({ "leads.csv": strToU8(csv) })], { type: "application/zip" }), "leads.zip")
  return multipart(form)
}

describe("CrmSim bulk read", () => {
  it.effect("a job moves from ADDED through IN PROGRESS to COMPLETED on the Clock and serves a zipped CSV", () =>
    Effect.gen(function*() {
      const withQuotes = { Last_Name: "O\"Neil, \"Jr\"", Company: "Line\nBreak", Lead_Status: "Contacted" }
      const h = makeHarness(seedWith({ org1: { Leads: [...leads(5), withQuotes] } }))
      const created = yield* h.call("POST", "/crm/bulk/v8/read", {
        body: {
          query: {
            module: { api_name: "Leads" },
            fields: ["Last_Name", "Company", "Owner"],
            criteria: { api_name: "Lead_Status", comparator: "equal", value: "Contacted" }
          }
        }
      })
      assert.strictEqual(created.status, 201)
      assert.strictEqual(created.json.data[0].details.state, "ADDED")
      const id = created.json.data[0].details.id
      const status = () => Effect.map(h.call("GET", `/crm/bulk/v8/read/${id}`), (r) => r.json.data[0])
      assert.strictEqual((yield* status()).state, "ADDED")
      assert.strictEqual((yield* h.call("GET", `/crm/bulk/v8/read/${id}/result`)).status, 400)
      yield* TestClock.adjust("3 seconds")
      assert.strictEqual((yield* status()).state, "IN PROGRESS")
      yield* TestClock.adjust("10 seconds")
      const done = yield* status()
      assert.strictEqual(done.state, "COMPLETED")
      assert.strictEqual(done.result.count, 4)
      assert.isFalse(done.result.more_records)
      const result = yield* h.call("GET", done.result.download_url)
      assert.strictEqual(result.headers["content-type"], "application/zip")
      const rows = unzipCsv(result.bytes)
      assert.deepStrictEqual(rows[0], ["Id", "Last_Name", "Company", "Owner"])
      assert.strictEqual(rows.length, 5)
      assert.deepStrictEqual(rows[4].slice(1, 4), ["O\"Neil, \"Jr\"", "Line\nBreak", adminId])
    }))

  it.effect("pages past the page size and refuses bad queries", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith({ org1: { Leads: leads(5) } }), { bulkReadPageSize: 3 })
      const page2 = yield* h.call("POST", "/crm/bulk/v8/read", {
        body: { query: { module: { api_name: "Leads" }, fields: ["Last_Name"], page: 2 } }
      })
      yield* TestClock.adjust("1 minute")
      const done = yield* h.call("GET", `/crm/bulk/v8/read/${page2.json.data[0].details.id}`)
      assert.strictEqual(done.json.data[0].result.count, 2)
      const first = yield* h.call("POST", "/crm/bulk/v8/read", {
        body: { query: { module: "Leads", fields: ["Last_Name"] } }
      })
      yield* TestClock.adjust("1 minute")
      const firstDone = yield* h.call("GET", `/crm/bulk/v8/read/${first.json.data[0].details.id}`)
      assert.isTrue(firstDone.json.data[0].result.more_records)
      const notes = yield* h.call("POST", "/crm/bulk/v8/read", { body: { query: { module: { api_name: "Notes" } } } })
      assert.strictEqual(notes.json.code, "MODULE_NOT_SUPPORTED")
      const badField = yield* h.call("POST", "/crm/bulk/v8/read", {
        body: { query: { module: { api_name: "Leads" }, fields: ["Nope"] } }
      })
      assert.strictEqual(badField.status, 400)
      assert.strictEqual((yield* h.call("GET", "/crm/bulk/v8/read/1")).status, 404)
      const noScope = yield* h.call("POST", "/crm/bulk/v8/read", {
        body: { query: { module: { api_name: "Leads" } } },
        scopes: ["ZohoCRM.modules.ALL"]
      })
      assert.strictEqual(noScope.json.code, "OAUTH_SCOPE_MISMATCH")
    }))
})

describe("CrmSim bulk write", () => {
  it.effect("uploads a zipped CSV, runs the job when its time comes and serves the results", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith({ org1: { Leads: [{ Last_Name: "Old", Email: "old@example.com" }] } }))
      const csv =
        "Last_Name,Email,Company\r\nNew,new@example.com,\"Acme, Inc\"\r\n,missing@example.com,X\r\nRenamed,old@example.com,Y\r\n"
      const mp = yield* zipForm(csv)
      const up = yield* h.call("POST", "/upload", {
        body: mp.body,
        headers: { ...uploadHeaders, "content-type": mp.contentType }
      })
      assert.strictEqual(up.json.code, "FILE_UPLOAD_SUCCESS")
      const job = yield* h.call("POST", "/crm/bulk/v8/write", {
        body: {
          operation: "upsert",
          resource: [{
            type: "data",
            module: { api_name: "Leads" },
            file_id: up.json.details.file_id,
            find_by: "Email"
          }]
        }
      })
      assert.strictEqual(job.status, 201)
      const id = job.json.details.id
      const before = yield* h.call("GET", `/crm/bulk/v8/write/${id}`)
      assert.strictEqual(before.json.status, "ADDED")
      assert.isUndefined(before.json.result)
      assert.strictEqual((yield* h.call("GET", "/Leads/actions/count")).json.count, "1")
      yield* TestClock.adjust("1 minute")
      const after = yield* h.call("GET", `/crm/bulk/v8/write/${id}`)
      assert.strictEqual(after.json.status, "COMPLETED")
      assert.deepStrictEqual(after.json.resource[0].file, {
        status: "COMPLETED",
        name: "leads.csv",
        added_count: 1,
        skipped_count: 1,
        updated_count: 1,
        total_count: 3
      })
      const url = new URL(after.json.result.download_url)
      const result = yield* h.call("GET", url.pathname)
      const rows = unzipCsv(result.bytes)
      assert.deepStrictEqual(rows[0], ["Last_Name", "Email", "Company", "RECORD_ID", "STATUS", "ERRORS"])
      assert.deepStrictEqual(rows.slice(1).map((r) => r[4]), ["ADDED", "SKIPPED", "UPDATED"])
      assert.strictEqual(rows[1][2], "Acme, Inc")
      const renamed = yield* h.call("GET", `/Leads/${rows[3][3]}`)
      assert.strictEqual(renamed.json.data[0].Last_Name, "Renamed")
    }))

  it.effect("refuses uploads without the headers or with a non-zip file, and jobs with an unknown file", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith())
      const mp = yield* zipForm("Last_Name\r\nA\r\n")
      const noHeaders = yield* h.call("POST", "/upload", { body: mp.body, headers: { "content-type": mp.contentType } })
      assert.strictEqual(noHeaders.status, 400)
      const form = new FormData()
      form.append("file", new Blob(["Last_Name\nA\n"]), "leads.csv")
      const plain = yield* multipart(form)
      const notZip = yield* h.call("POST", "/upload", {
        body: plain.body,
        headers: { ...uploadHeaders, "content-type": plain.contentType }
      })
      assert.strictEqual(notZip.json.code, "INVALID_FILE_FORMAT")
      const job = yield* h.call("POST", "/crm/bulk/v8/write", {
        body: { operation: "insert", resource: [{ type: "data", module: { api_name: "Leads" }, file_id: "1" }] }
      })
      assert.strictEqual(job.json.code, "INVALID_FILE_ID")
      assert.strictEqual((yield* h.call("GET", "/crm/bulk/v8/write/1")).json.code, "RESOURCE_NOT_FOUND")
    }))
})
