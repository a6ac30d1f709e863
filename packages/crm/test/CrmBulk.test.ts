import { SimSeed, Simulator } from "@effect-zoho/sim"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as CrmBulk from "../src/CrmBulk.js"
import * as Csv from "../src/internal/csv.js"
import { streamingStack } from "./support/Streaming.js"

const leads = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    Last_Name: i === 0 ? "O\"Neil, Jr" : `Lead ${i}`,
    Company: i === 1 ? "Multi\nLine \"Co\"" : `Company ${i % 3}`,
    Email: `lead${i}@acme.example`,
    Lead_Status: i % 2 === 0 ? "Contacted" : "Not Contacted"
  }))

const seeded = (n: number) => streamingStack(SimSeed.demo({ crmRecords: { org1: { Leads: leads(n) } } }))

const requests = (method: string, prefix: string) =>
  Effect.map(
    Effect.flatMap(Simulator.Simulator, (s) => s.log),
    (log) => log.filter((e) => e.method === method && e.path.startsWith(prefix)).length
  )

describe("CrmBulk read", () => {
  it.effect("creates a job, polls it on the Clock and streams the CSV rows as records", () =>
    Effect.gen(function*() {
      const { layer } = yield* seeded(1500)
      yield* Effect.gen(function*() {
        const fiber = yield* Effect.fork(
          CrmBulk.read(
            {
              module: { api_name: "Leads" },
              fields: ["Last_Name", "Company", "Email"],
              criteria: { api_name: "Lead_Status", comparator: "equal", value: "Contacted" }
            },
            { interval: "5 seconds" }
          ).pipe(Stream.runCollect)
        )
        yield* TestClock.adjust("4 seconds")
        assert.strictEqual(yield* requests("GET", "/crm/bulk/v8/read/"), 1)
        yield* TestClock.adjust("1 minute")
        const rows = Chunk.toReadonlyArray(yield* Fiber.join(fiber))
        assert.strictEqual(rows.length, 750)
        assert.deepStrictEqual(Object.keys(rows[0]), ["Id", "Last_Name", "Company", "Email"])
        const byEmail = new Map(rows.map((r) => [r.Email, r]))
        assert.strictEqual(byEmail.get("lead0@acme.example")?.Last_Name, "O\"Neil, Jr")
        assert.isFalse(byEmail.has("lead1@acme.example"))
        // Created at t=0, complete at 10 s (2 s queued + 8 s running): polled at 0, 5 and 10 s.
        const log = yield* Effect.flatMap(Simulator.Simulator, (s) => s.log)
        const reads = log.filter((e) => e.method === "GET" && e.path.startsWith("/crm/bulk/v8/read/"))
        assert.strictEqual(reads.filter((e) => !e.path.endsWith("/result")).length, 3)
        assert.strictEqual(reads.filter((e) => e.path.endsWith("/result")).length, 1)
      }).pipe(Effect.provide(layer))
    }))

  it.effect("gives up with a Timeout error, and reports a FAILURE state as Failed", () =>
    Effect.gen(function*() {
      const { layer, simulator } = yield* seeded(10)
      yield* Effect.gen(function*() {
        const query = { module: { api_name: "Leads" }, fields: ["Last_Name"] }
        const slow = yield* Effect.fork(
          Effect.flip(Stream.runDrain(CrmBulk.read(query, { interval: "1 second", timeout: "3 seconds" })))
        )
        yield* TestClock.adjust("10 seconds")
        const timeout = yield* Fiber.join(slow)
        assert.strictEqual(timeout._tag, "BulkJobError")
        assert.strictEqual(timeout._tag === "BulkJobError" ? timeout.reason : "", "Timeout")

        const jobId = yield* CrmBulk.createReadJob(query)
        yield* simulator.injectFault({
          route: { method: "GET", pathPrefix: `/crm/bulk/v8/read/${jobId}` },
          fault: { _tag: "Status", status: 200, body: { data: [{ id: jobId, operation: "read", state: "FAILURE" }] } }
        })
        const failed = yield* Effect.flip(CrmBulk.awaitReadJob(jobId))
        assert.strictEqual(failed._tag === "BulkJobError" ? failed.reason : failed._tag, "Failed")
        const badModule = yield* Effect.flip(CrmBulk.createReadJob({ module: { api_name: "Nope" } }))
        assert.strictEqual(badModule._tag, "ZohoApiError")
      }).pipe(Effect.provide(layer))
    }))
})

describe("CrmBulk write", () => {
  it.effect("zips a CSV from records, uploads it, runs the job and returns per-row results", () =>
    Effect.gen(function*() {
      const { layer } = yield* seeded(2)
      yield* Effect.gen(function*() {
        const fiber = yield* Effect.fork(CrmBulk.write({
          module: "Leads",
          operation: "upsert",
          orgId: "700001",
          findBy: "Email",
          ignoreEmpty: true,
          records: [
            { Last_Name: "New, \"One\"", Email: "new1@acme.example", Company: "Line\nBreak" },
            { Last_Name: "Renamed", Email: "lead1@acme.example" },
            { Last_Name: "", Email: "broken@acme.example" }
          ],
          interval: "2 seconds"
        }))
        yield* TestClock.adjust("1 minute")
        const outcome = yield* Fiber.join(fiber)
        assert.strictEqual(outcome.job.status, "COMPLETED")
        assert.deepStrictEqual(outcome.results.map((r) => r.STATUS), ["ADDED", "UPDATED", "SKIPPED"])
        assert.strictEqual(outcome.results[0].Last_Name, "New, \"One\"")
        assert.match(outcome.results[2].ERRORS, /MANDATORY_NOT_FOUND/)
        const file = outcome.job.resource?.[0]?.file
        assert.deepStrictEqual([file?.added_count, file?.updated_count, file?.skipped_count], [1, 1, 1])
        // The written records are really there: read them back with a bulk read.
        const read = yield* Effect.fork(Stream.runCollect(CrmBulk.read({
          module: { api_name: "Leads" },
          fields: ["Last_Name", "Company"],
          criteria: { api_name: "Email", comparator: "in", value: ["new1@acme.example", "lead1@acme.example"] }
        })))
        yield* TestClock.adjust("1 minute")
        const back = Chunk.toReadonlyArray(yield* Fiber.join(read)).map((r) => [r.Last_Name, r.Company]).sort()
        assert.deepStrictEqual(back, [["New, \"One\"", "Line\nBreak"], ["Renamed", "Multi\nLine \"Co\""]])
      }).pipe(Effect.provide(layer))
    }))

  it.effect("a wrong org id fails the upload; an unknown file id fails the job", () =>
    Effect.gen(function*() {
      const { layer } = yield* seeded(0)
      yield* Effect.gen(function*() {
        const zip = CrmBulk.zipCsv([{ Last_Name: "A" }])
        const upload = yield* Effect.flip(CrmBulk.uploadFile(zip, "wrong-org"))
        assert.strictEqual(upload._tag === "ZohoApiError" ? upload.code : upload._tag, "INVALID_REQUEST")
        const job = yield* Effect.flip(CrmBulk.createWriteJob({ module: "Leads", operation: "insert", fileId: "1" }))
        assert.strictEqual(job._tag === "ZohoApiError" ? job.code : job._tag, "INVALID_FILE_ID")
      }).pipe(Effect.provide(layer))
    }))
})

describe("CrmBulk write results on another host", () => {
  it.effect("follows a download_url on another Zoho host, and refuses to send the token to a foreign one", () =>
    Effect.gen(function*() {
      const { layer, simulator } = yield* seeded(0)
      yield* Effect.gen(function*() {
        const fileId = yield* CrmBulk.uploadFile(CrmBulk.zipCsv([{ Last_Name: "A" }]), "700001")
        const jobId = yield* CrmBulk.createWriteJob({ module: "Leads", operation: "insert", fileId })
        yield* TestClock.adjust("1 minute")
        const job = yield* CrmBulk.awaitWriteJob(jobId)
        const path = new URL(job.result!.download_url).pathname
        const elsewhere = { ...job, result: { download_url: `https://download-accl.zoho.com${path}` } }
        const rows = yield* Stream.runCollect(CrmBulk.writeResultRecords(elsewhere))
        assert.deepStrictEqual(Chunk.toReadonlyArray(rows).map((r) => [r.Last_Name, r.STATUS]), [["A", "ADDED"]])
        const log = yield* simulator.log
        assert.isTrue(log.some((e) => e.path === path))
        const foreign = { ...job, result: { download_url: `https://evil.example${path}` } }
        const refused = yield* Effect.flip(Stream.runDrain(CrmBulk.writeResultRecords(foreign)))
        assert.strictEqual(refused._tag, "ZohoConfigError")
      }).pipe(Effect.provide(layer))
    }))
})

describe("CrmBulk CSV", () => {
  it("parses quoted fields, doubled quotes and line breaks split across any chunk boundary", () => {
    const rows = [["a", "b,c", "d\"e"], ["multi\r\nline", "", "\"q\""], ["x", "y", "z"]]
    const text = rows.map(Csv.row).join("")
    for (let size = 1; size <= text.length; size++) {
      const parser = Csv.makeParser()
      const out: Array<Array<string>> = []
      for (let i = 0; i < text.length; i += size) out.push(...parser.push(text.slice(i, i + size)))
      out.push(...parser.end())
      assert.deepStrictEqual(out, rows, `chunk size ${size}`)
    }
    assert.deepStrictEqual(Csv.parse("h1,h2\nv1,v2"), [["h1", "h2"], ["v1", "v2"]])
  })
})
