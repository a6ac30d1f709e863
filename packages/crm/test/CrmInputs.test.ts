/**
 * Bad input is a typed error before any request (ids, chunk sizes, field counts), id-taking
 * writes report per id, and every list or search that matches nothing (Zoho: HTTP 204) is an
 * empty stream, not a decode error.
 */
import { Endpoint, type ZohoError } from "@effect-zoho/core"
import { Simulator } from "@effect-zoho/sim"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Crm from "../src/Crm.js"
import * as CrmFiles from "../src/CrmFiles.js"
import * as CrmMetadata from "../src/CrmMetadata.js"
import * as CrmRecords from "../src/CrmRecords.js"
import * as GenUsers from "../src/generated/Users.js"
import { leads, stack } from "./support/Stack.js"

const Lead = Schema.Struct({ Last_Name: Schema.String, Email: Schema.optional(Schema.NullOr(Schema.String)) })
const Leads = CrmRecords.make("Leads", Lead)

/** Every request the simulator saw (token requests included). */
const seen = Effect.map(Effect.flatMap(Simulator.Simulator, (s) => s.log), (log) => log.length)

const invalidInput = (error: unknown, mentioning: string) => {
  const e = error as ZohoError.ZohoError
  assert.strictEqual(e._tag, "ZohoConfigError", String(e))
  if (e._tag === "ZohoConfigError") {
    assert.strictEqual(e.reason, "InvalidInput")
    assert.include(e.message, mentioning)
  }
}

describe("record ids", () => {
  it.effect("an id with a comma fails every id-taking call before any request", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack()
      yield* Effect.gen(function*() {
        const bad = "1234567000000000001,1234567000000000002"
        const calls: ReadonlyArray<readonly [string, Effect.Effect<unknown, unknown, never>]> = [
          ["delete", Effect.provide(Leads.delete([bad]), layer)],
          ["deleteAll", Effect.provide(Leads.deleteAll(["1234567000000000003", bad]), layer)],
          ["get", Effect.provide(Leads.get(bad), layer)],
          ["getMany", Effect.provide(Leads.getMany([bad]), layer)],
          ["delink", Effect.provide(Leads.delink("1234567000000000003", "Campaigns", [bad]), layer)],
          ["deleteNotes", Effect.provide(Leads.deleteNotes([bad]), layer)],
          ["addTags", Effect.provide(Leads.addTags([bad], ["vip"]), layer)],
          ["removeTags", Effect.provide(Leads.removeTags([bad], ["vip"]), layer)],
          ["massUpdate", Effect.provide(Leads.massUpdate({ Last_Name: "x" }, { ids: [bad] }), layer)],
          ["purgeRecycleBin", Effect.provide(CrmMetadata.purgeRecycleBin([bad]), layer)],
          ["related", Effect.provide(Stream.runDrain(Leads.related(bad, "Notes", { fields: ["Note_Title"] })), layer)],
          ["convertLead", Effect.provide(Crm.convertLead(bad), layer)]
        ]
        for (const [name, call] of calls) {
          invalidInput(yield* Effect.flip(call), bad)
          assert.strictEqual(yield* seen, 0, `${name} sent a request`)
        }
        for (const other of ["", " 1", "1 ", "-1", "1.5", "0x1f", "abc", "1".repeat(21)]) {
          invalidInput(yield* Effect.flip(Effect.provide(Leads.delete([other]), layer)), "record id")
        }
        assert.strictEqual(yield* seen, 0)
      }).pipe(Effect.provide(layer))
    }))

  it.effect("a bad id anywhere in a long list stops the call before its first chunk is sent", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack()
      yield* Effect.gen(function*() {
        const created = yield* Leads.createAll(leads(150).map(({ Email, Last_Name }) => ({ Last_Name, Email })))
        const ids = created.map((c) => c.id)
        const before = yield* seen
        const error = yield* Effect.flip(Leads.delete([...ids, `${ids[0]},${ids[1]}`]))
        invalidInput(error, "#150")
        assert.strictEqual(yield* seen, before)
        assert.strictEqual((yield* Leads.getMany(ids)).length, 150)
      }).pipe(Effect.provide(layer))
    }))

  it.effect("deleting 3 ids reports 3 results, each naming its id; a missing one fails alone", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack()
      yield* Effect.gen(function*() {
        const created = yield* Leads.createAll([{ Last_Name: "A" }, { Last_Name: "B" }, { Last_Name: "C" }])
        const ids = created.map((c) => c.id)
        const result = yield* Leads.delete(ids)
        assert.deepStrictEqual(result.succeeded.map((s) => [s.index, s.id]), ids.map((id, i) => [i, id]))
        assert.deepStrictEqual(result.failed, [])

        const [d] = yield* Leads.createAll([{ Last_Name: "D" }])
        const missing = "1000000000000000001"
        const mixed = yield* Leads.delete([missing, d.id])
        assert.deepStrictEqual(mixed.succeeded.map((s) => [s.index, s.id]), [[1, d.id]])
        assert.deepStrictEqual(mixed.failed.map((f) => [f.index, f.id]), [[0, missing]])
        const strict = yield* Effect.flip(Leads.deleteAll([missing]))
        assert.strictEqual(strict._tag, "CrmWriteError")
        assert.include(strict.message, missing)
      }).pipe(Effect.provide(layer))
    }))
})

describe("write options", () => {
  it.effect.each([0, Number.NaN, -1, 1.5, 101, Number.POSITIVE_INFINITY])(
    "chunkSize %s is a typed error before any request",
    (chunkSize) =>
      Effect.gen(function*() {
        const { layer } = yield* stack()
        const Bad = CrmRecords.make("Leads", Lead, { chunkSize })
        yield* Effect.gen(function*() {
          invalidInput(yield* Effect.flip(Bad.create([{ Last_Name: "x" }])), "chunkSize")
          invalidInput(yield* Effect.flip(Bad.delete(["1234567000000000001"])), "chunkSize")
          invalidInput(yield* Effect.flip(Bad.addNotes("1234567000000000001", [{ content: "x" }])), "chunkSize")
          assert.strictEqual(yield* seen, 0)
        }).pipe(Effect.provide(layer))
      })
  )

  it.effect("concurrency 0 is a typed error too", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack()
      const Bad = CrmRecords.make("Leads", Lead, { concurrency: 0 })
      yield* Effect.gen(function*() {
        invalidInput(yield* Effect.flip(Bad.create([{ Last_Name: "x" }])), "concurrency")
        assert.strictEqual(yield* seen, 0)
      }).pipe(Effect.provide(layer))
    }))
})

describe("read field limit", () => {
  const fiftyOne = Array.from({ length: 51 }, (_, i) => `Field_${i}`)

  it.effect("search and related lists refuse more than 50 fields before any request", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack()
      yield* Effect.gen(function*() {
        invalidInput(
          yield* Effect.flip(Stream.runDrain(Leads.search({ word: "x" }, { fields: fiftyOne }))),
          "at most 50"
        )
        const Wide = CrmRecords.make("Leads", undefined, { fields: fiftyOne })
        invalidInput(yield* Effect.flip(Stream.runDrain(Wide.search({ word: "x" }))), "at most 50")
        invalidInput(
          yield* Effect.flip(Stream.runDrain(Leads.related("1234567000000000001", "Notes", { fields: fiftyOne }))),
          "at most 50"
        )
        assert.strictEqual(yield* seen, 0)
        // 50 is fine.
        yield* Stream.runDrain(Leads.search({ word: "x" }, { fields: fiftyOne.slice(0, 50) }))
      }).pipe(Effect.provide(layer))
    }))
})

describe("nothing to list (HTTP 204) is an empty stream", () => {
  it.effect("COQL, list, page, search, deleted, related, notes, attachments, users, tags", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack()
      yield* Effect.gen(function*() {
        const count = <A, E, R>(stream: Stream.Stream<A, E, R>) => Effect.map(Stream.runCollect(stream), Chunk.size)
        // An empty module first: list, page, search, COQL, deleted records.
        const Empty = CrmRecords.make("Deals", Schema.Struct({ Deal_Name: Schema.String }))
        assert.strictEqual(yield* count(Empty.list()), 0)
        const page = yield* Empty.page()
        assert.isFalse(Endpoint.isNotModified(page))
        if (!Endpoint.isNotModified(page)) assert.deepStrictEqual(page.records, [])
        assert.strictEqual(yield* count(Empty.search({ word: "nobody" })), 0)
        assert.strictEqual(yield* count(Empty.deleted()), 0)
        assert.strictEqual(yield* count(Crm.coql("select Deal_Name from Deals where Deal_Name = 'x'")), 0)

        // A lead with nothing attached: search misses, related lists and notes are empty.
        const [lead] = yield* Leads.createAll([{ Last_Name: "Alone", Email: "alone@example.com" }])
        assert.strictEqual(yield* count(Leads.search({ email: "nobody@example.com" })), 0)
        assert.strictEqual(yield* count(Crm.coql("select Last_Name from Leads where Last_Name = 'Nobody'")), 0)
        assert.strictEqual(yield* count(Leads.notes(lead.id)), 0)
        assert.strictEqual(yield* count(Leads.related(lead.id, "Attachments", { fields: ["File_Name"] })), 0)
        assert.strictEqual(yield* count(CrmFiles.listAttachments("Leads", lead.id)), 0)
        assert.deepStrictEqual(yield* Leads.tags, [])
        // A users filter that matches nobody (the simulator's users are all active).
        const users = yield* Endpoint.call(GenUsers.getUsers)({ query: { type: "DeactiveUsers" } })
        assert.isFalse(users !== undefined && Endpoint.isNotModified(users))
        assert.deepStrictEqual(users !== undefined && !Endpoint.isNotModified(users) ? users.users ?? [] : [], [])
      }).pipe(Effect.provide(layer))
    }))

  it.effect("a COQL query answered 204 after full pages ends the stream cleanly", () =>
    Effect.gen(function*() {
      const { layer, simulator } = yield* stack()
      yield* Effect.gen(function*() {
        yield* Leads.createAll(leads(5).map(({ Email, Last_Name }) => ({ Last_Name, Email })))
        // Zoho says more_records on a full page; the next page is empty (204).
        const rows = yield* Stream.runCollect(Crm.coql("select Last_Name from Leads where Last_Name is not null", {
          pageSize: 5
        }))
        assert.strictEqual(Chunk.size(rows), 5)
        yield* simulator.injectFault({
          route: { method: "POST", pathPrefix: "/crm/v8/coql" },
          fault: { _tag: "Status", status: 204 }
        })
        assert.strictEqual(
          yield* Stream.runCount(Crm.coql("select Last_Name from Leads where Last_Name is not null")),
          0
        )
      }).pipe(Effect.provide(layer))
    }))
})
