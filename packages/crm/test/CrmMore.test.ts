import { SimSeed } from "@effect-zoho/sim"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as Crm from "../src/Crm.js"
import * as CrmCoql from "../src/CrmCoql.js"
import * as CrmMetadata from "../src/CrmMetadata.js"
import * as CrmRecords from "../src/CrmRecords.js"
import { calls, leads, stack } from "./support/Stack.js"

const seeded = (records: ReadonlyArray<Record<string, unknown>>) =>
  stack({ seed: SimSeed.demo({ crmRecords: { org1: { Leads: records } } }) })

describe("CrmCoql", () => {
  it.effect(
    "streams a query page by page with LIMIT offset, count; a LIMIT in the query caps it",
    () =>
      Effect.gen(function*() {
        const { layer } = yield* seeded(leads(4500))
        yield* Effect.gen(function*() {
          const rows = yield* Crm.coql("select Last_Name, Email from Leads where Company is not null").pipe(
            Stream.runCount
          )
          assert.strictEqual(rows, 4500)
          assert.strictEqual(yield* calls("POST", "/crm/v8/coql"), 3)
          const Row = Schema.Struct({ Last_Name: Schema.String, id: Schema.String })
          const capped = yield* CrmCoql.query("select Last_Name from Leads order by id limit 2500", {
            schema: Row,
            pageSize: 1000
          }).pipe(Stream.runCollect)
          assert.strictEqual(Chunk.size(capped), 2500)
          assert.strictEqual(yield* calls("POST", "/crm/v8/coql"), 6)
          const offset = yield* Crm.coql("select Last_Name from Leads limit 4400, 500").pipe(Stream.runCount)
          assert.strictEqual(offset, 100)
          assert.deepStrictEqual(CrmCoql.parseLimit("select a from b limit 10 offset 20"), {
            body: "select a from b",
            offset: 20,
            limit: 10
          })
        }).pipe(Effect.provide(layer))
      }),
    60_000
  )
})

describe("CrmMetadata", () => {
  it.effect("modules, fields and layouts are cached per user for the TTL", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack({ metadata: { timeToLive: "5 minutes" } })
      yield* Effect.gen(function*() {
        const metadata = yield* CrmMetadata.CrmMetadata
        const fields = yield* metadata.fields("Leads")
        const status = fields.find((f) => f.api_name === "Lead_Status")
        assert.strictEqual(status?.data_type, "picklist")
        yield* metadata.fields("Leads")
        yield* Crm.metadata.fields("Leads")
        assert.strictEqual(yield* calls("GET", "/crm/v8/settings/fields"), 1)
        const modules = yield* Crm.metadata.modules
        assert.include(modules.map((m) => m.api_name), "Leads")
        yield* metadata.modules
        assert.strictEqual(yield* calls("GET", "/crm/v8/settings/modules"), 1)
        const layouts = yield* metadata.layouts("Leads")
        assert.isAbove(layouts.length, 0)

        yield* TestClock.adjust("6 minutes")
        yield* metadata.fields("Leads")
        assert.strictEqual(yield* calls("GET", "/crm/v8/settings/fields"), 2)
        yield* metadata.invalidate("Leads")
        yield* metadata.fields("Leads")
        assert.strictEqual(yield* calls("GET", "/crm/v8/settings/fields"), 3)
      }).pipe(Effect.provide(layer))
    }))

  it.effect("custom views, related lists, roles, profiles and the recycle bin", () =>
    Effect.gen(function*() {
      const { layer } = yield* seeded(leads(3))
      yield* Effect.gen(function*() {
        const views = yield* Crm.metadata.customViews("Leads")
        assert.isAbove(views.length, 0)
        const relatedLists = yield* Crm.metadata.relatedLists("Leads")
        assert.isAbove(relatedLists.length, 0)
        const roles = yield* Crm.metadata.roles
        assert.include(roles.map((r) => r.name), "CEO")
        const profiles = yield* Crm.metadata.profiles
        assert.isAbove(profiles.length, 0)

        const Leads = Crm.records("Leads")
        const ids = Chunk.toReadonlyArray(yield* Stream.runCollect(Leads.list({ fields: ["Last_Name"] }))).map((r) =>
          r.id
        )
        yield* Leads.deleteAll(ids.slice(0, 2))
        const bin = Chunk.toReadonlyArray(yield* Stream.runCollect(Crm.metadata.recycleBin({ module: "Leads" })))
        assert.sameMembers(bin.map((e) => e.id), ids.slice(0, 2))
        const purged = yield* Crm.metadata.purgeRecycleBin([ids[0]])
        assert.strictEqual(purged.succeeded.length, 1)
        assert.strictEqual(Chunk.size(yield* Stream.runCollect(Crm.metadata.recycleBin())), 1)
      }).pipe(Effect.provide(layer))
    }))
})

describe("CrmRecords: mass update, related records, notes, tags, functions", () => {
  const Leads = CrmRecords.make(
    "Leads",
    Schema.Struct({ Last_Name: Schema.String, Lead_Status: Schema.optional(Schema.NullOr(Schema.String)) })
  )

  it.effect("mass update by ids, then poll its job", () =>
    Effect.gen(function*() {
      const { layer } = yield* seeded(leads(20))
      yield* Effect.gen(function*() {
        const ids = Chunk.toReadonlyArray(yield* Stream.runCollect(Leads.list())).map((r) => r.id)
        const jobId = yield* Leads.massUpdate({ Lead_Status: "Contacted" }, { ids: ids.slice(0, 5) })
        assert.isString(jobId)
        yield* TestClock.adjust("1 minute")
        const status = yield* Leads.massUpdateStatus(jobId)
        assert.strictEqual(status.Status, "COMPLETED")
        assert.strictEqual(status.Updated_Count, 5)
        const updated = yield* Leads.getMany(ids.slice(0, 6))
        assert.deepStrictEqual(updated.map((r) => r.Lead_Status), [
          "Contacted",
          "Contacted",
          "Contacted",
          "Contacted",
          "Contacted",
          null
        ])
      }).pipe(Effect.provide(layer))
    }))

  it.effect("related records of an account after a conversion", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack()
      yield* Effect.gen(function*() {
        const [lead] = yield* Leads.createAll([{ Last_Name: "Hopper", Company: "Navy" }])
        const converted = yield* Crm.convertLead(lead.id)
        const Accounts = Crm.records("Accounts", undefined, { fields: ["Account_Name"] })
        const contacts = Chunk.toReadonlyArray(
          yield* Stream.runCollect(
            Accounts.related(converted.details.Accounts!.id, "Contacts", { fields: ["Last_Name"] })
          )
        )
        assert.deepStrictEqual(contacts.map((c) => c.id), [converted.details.Contacts!.id])
        assert.strictEqual(contacts[0]["Last_Name"], "Hopper")
      }).pipe(Effect.provide(layer))
    }))

  it.effect("notes: add, list and delete", () =>
    Effect.gen(function*() {
      const { layer } = yield* seeded(leads(1))
      yield* Effect.gen(function*() {
        const [lead] = Chunk.toReadonlyArray(yield* Stream.runCollect(Leads.list()))
        const added = yield* Leads.addNotes(lead.id, [{ title: "Call", content: "Called twice" }, { content: "" }])
        assert.strictEqual(added.succeeded.length, 1)
        assert.deepStrictEqual(added.failed.map((f) => [f.index, f.code]), [[1, "MANDATORY_NOT_FOUND"]])
        const notes = Chunk.toReadonlyArray(yield* Stream.runCollect(Leads.notes(lead.id)))
        assert.deepStrictEqual(notes.map((n) => n["Note_Content"]), ["Called twice"])
        const removed = yield* Leads.deleteNotes([notes[0].id])
        assert.strictEqual(removed.succeeded.length, 1)
        assert.strictEqual(Chunk.size(yield* Stream.runCollect(Leads.notes(lead.id))), 0)
      }).pipe(Effect.provide(layer))
    }))

  it.effect("tags: add to many records, list the module's tags, remove", () =>
    Effect.gen(function*() {
      const { layer } = yield* seeded(leads(3))
      yield* Effect.gen(function*() {
        const ids = Chunk.toReadonlyArray(yield* Stream.runCollect(Leads.list())).map((r) => r.id)
        const added = yield* Leads.addTags([...ids, "12345"], ["vip", "2025"])
        assert.strictEqual(added.succeeded.length, 3)
        assert.deepStrictEqual(added.failed.map((f) => f.index), [3])
        assert.sameMembers((yield* Leads.tags).map((t) => t.name), ["vip", "2025"])
        const removed = yield* Leads.removeTags(ids.slice(0, 1), ["vip"])
        assert.strictEqual(removed.succeeded.length, 1)
      }).pipe(Effect.provide(layer))
    }))

  it.effect("functions: execute by GET and by POST", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack()
      yield* Effect.gen(function*() {
        const upper = yield* Crm.functions.get("upper", { text: "hello" })
        assert.strictEqual(upper.details?.output, "HELLO")
        const sum = yield* Crm.functions.post("sum", { a: 2, b: 3 })
        assert.strictEqual(sum.details?.output, "5")
        const missing = yield* Effect.flip(Crm.functions.get("nope"))
        assert.strictEqual(missing._tag, "ZohoApiError")
      }).pipe(Effect.provide(layer))
    }))
})
