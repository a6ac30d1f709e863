import { Endpoint } from "@effect-zoho/core"
import { SimSeed } from "@effect-zoho/sim"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as CrmCriteria from "../src/CrmCriteria.js"
import * as CrmRecords from "../src/CrmRecords.js"
import { calls, leads, stack } from "./support/Stack.js"

const Lead = Schema.Struct({
  Last_Name: Schema.String,
  Email: Schema.optional(Schema.NullOr(Schema.String)),
  Lead_Status: Schema.optional(Schema.NullOr(Schema.String))
})
const Leads = CrmRecords.make("Leads", Lead)

const seeded = (records: ReadonlyArray<Record<string, unknown>>) =>
  stack({ seed: SimSeed.demo({ crmRecords: { org1: { Leads: records } } }) })

describe("CrmRecords", () => {
  it.effect("create, get, update, upsert and delete a typed record", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack()
      yield* Effect.gen(function*() {
        const created = yield* Leads.createAll([{ Last_Name: "Ada", Email: "ada@example.com" }])
        const id = created[0].id
        assert.strictEqual(created[0].index, 0)
        const lead = yield* Leads.get(id)
        assert.strictEqual(lead.Last_Name, "Ada")
        assert.strictEqual(lead.id, id)

        yield* Leads.updateAll([{ id, Lead_Status: "Contacted" }])
        assert.strictEqual((yield* Leads.get(id)).Lead_Status, "Contacted")

        const upserted = yield* Leads.upsertAll([
          { Last_Name: "Ada L.", Email: "ada@example.com" },
          { Last_Name: "Grace", Email: "grace@example.com" }
        ])
        assert.deepStrictEqual(upserted.map((s) => s.action), ["update", "insert"])
        assert.strictEqual(upserted[0].id, id)

        const removed = yield* Leads.deleteAll([id])
        assert.strictEqual(removed[0].id, id)
        const gone = yield* Effect.flip(Leads.get(id))
        assert.strictEqual(gone._tag, "CrmRecordNotFound")
        assert.isTrue(Option.isNone(yield* Leads.getOption(id)))
        const deleted = yield* Stream.runCollect(Leads.deleted())
        assert.deepStrictEqual(Chunk.toReadonlyArray(deleted).map((d) => d.id), [id])
      }).pipe(Effect.provide(layer))
    }))

  it.effect("250 records with 3 bad ones: 3 calls, 3 failures with their input indices", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack()
      yield* Effect.gen(function*() {
        const bad = new Set([5, 120, 249])
        const input = leads(250).map((r, i) => bad.has(i) ? { ...r, Last_Name: "" } : r)
        const result = yield* Leads.create(input)
        assert.strictEqual(yield* calls("POST", "/crm/v8/Leads"), 3)
        assert.strictEqual(result.succeeded.length, 247)
        assert.deepStrictEqual(result.failed.map((f) => f.index), [5, 120, 249])
        assert.deepStrictEqual(result.failed.map((f) => f.code), [
          "MANDATORY_NOT_FOUND",
          "MANDATORY_NOT_FOUND",
          "MANDATORY_NOT_FOUND"
        ])
        // Successes are in input order and skip the failed indices.
        assert.strictEqual(result.succeeded[5].index, 6)
        assert.strictEqual(result.succeeded[246].index, 248)

        const strict = yield* Effect.flip(
          Leads.createAll(leads(3, () => ({ Email: null })).map((r, i) => i === 1 ? { ...r, Last_Name: "" } : r))
        )
        assert.strictEqual(strict._tag, "CrmWriteError")
        if (strict._tag === "CrmWriteError") {
          assert.strictEqual(strict.succeeded, 2)
          assert.deepStrictEqual(strict.failures.map((f) => f.index), [1])
        }
      }).pipe(Effect.provide(layer))
    }))

  it.effect("a chunk in which every record fails (HTTP 400) is reported per record, not as one error", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack()
      const result = yield* Leads.create(
        leads(102, (i) => (i >= 100 ? { Last_Name: "" } : {})),
        {}
      ).pipe(Effect.provide(layer))
      assert.strictEqual(result.succeeded.length, 100)
      assert.deepStrictEqual(result.failed.map((f) => [f.index, f.code]), [
        [100, "MANDATORY_NOT_FOUND"],
        [101, "MANDATORY_NOT_FOUND"]
      ])
    }))

  it.effect("chunk size and concurrency are options", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack()
      const Small = CrmRecords.make("Leads", Lead, { chunkSize: 10, concurrency: 4 })
      yield* Effect.gen(function*() {
        const result = yield* Small.create(leads(35))
        assert.strictEqual(result.succeeded.length, 35)
        assert.deepStrictEqual(result.succeeded.map((s) => s.index), Array.from({ length: 35 }, (_, i) => i))
        assert.strictEqual(yield* calls("POST", "/crm/v8/Leads"), 4)
      }).pipe(Effect.provide(layer))
    }))

  it.effect("typed records keep the fields their Schema does not name, and writes send them back", () =>
    Effect.gen(function*() {
      const { layer } = yield* seeded([{
        Last_Name: "Lovelace",
        Email: "ada@x.example",
        Company: "Engines",
        Phone: "555"
      }])
      const Narrow = CrmRecords.make("Leads", Lead, { fields: ["Last_Name", "Email", "Company", "Phone"] })
      yield* Effect.gen(function*() {
        const [lead] = Chunk.toReadonlyArray(yield* Stream.runCollect(Narrow.list()))
        assert.strictEqual(lead.Last_Name, "Lovelace")
        assert.strictEqual(lead["Company"], "Engines")
        // Read, change a typed field, write the whole record back: nothing is lost.
        yield* Narrow.updateAll([{ ...lead, Last_Name: "Byron", Phone: "556" }])
        const again = yield* Narrow.get(lead.id)
        assert.strictEqual(again.Last_Name, "Byron")
        assert.strictEqual(again["Company"], "Engines")
        assert.strictEqual(again["Phone"], "556")
        // A create with a field outside the Schema sends it.
        const [created] = yield* Narrow.createAll([{ Last_Name: "Hopper", Company: "Navy" }])
        assert.strictEqual((yield* Narrow.get(created.id))["Company"], "Navy")
      }).pipe(Effect.provide(layer))
    }))

  it.effect("a record that does not match its Schema fails before anything is sent", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack()
      yield* Effect.gen(function*() {
        const error = yield* Effect.flip(Leads.create([{ Last_Name: 42 as unknown as string }]))
        assert.strictEqual(error._tag, "ZohoConfigError")
        assert.strictEqual(yield* calls("POST", "/crm/v8/Leads"), 0)
      }).pipe(Effect.provide(layer))
    }))

  it.effect("a Schema naming more than Zoho's 50 readable fields is a typed error, not a truncated read", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack()
      const Wide = Schema.Struct(
        Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`Field_${i}`, Schema.optional(Schema.String)]))
      )
      const wide = CrmRecords.make("Leads", Wide)
      yield* Effect.gen(function*() {
        const error = yield* Effect.flip(Stream.runDrain(wide.list()))
        assert.strictEqual(error._tag, "ZohoConfigError")
        assert.include(error.message, "at most 50")
        assert.strictEqual(yield* calls("GET", "/crm/v8/Leads"), 0)
        // Naming the fields to read is the way out.
        yield* Stream.runDrain(wide.list({ fields: ["Field_0", "Field_1"] }))
        assert.strictEqual(yield* calls("GET", "/crm/v8/Leads"), 1)
      }).pipe(Effect.provide(layer))
    }))

  it.effect("pick-list validation names the field and the allowed values, and sends nothing", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack()
      const Checked = CrmRecords.make("Leads", Lead, { pickListValidation: true })
      yield* Effect.gen(function*() {
        const error = yield* Effect.flip(
          Checked.create([{ Last_Name: "A", Lead_Status: "Contacted" }, { Last_Name: "B", Lead_Status: "Bogus" }])
        )
        assert.strictEqual(error._tag, "CrmPickListError")
        if (error._tag === "CrmPickListError") {
          assert.strictEqual(error.violations.length, 1)
          assert.strictEqual(error.violations[0].field, "Lead_Status")
          assert.strictEqual(error.violations[0].index, 1)
          assert.include(error.violations[0].allowed, "Contacted")
          assert.include(error.message, "Lead_Status")
        }
        assert.strictEqual(yield* calls("POST", "/crm/v8/Leads"), 0)
        // Valid values go through; the fields metadata is read once (cached).
        yield* Checked.createAll([{ Last_Name: "C", Lead_Status: "Contacted" }])
        yield* Checked.createAll([{ Last_Name: "D", Lead_Status: "Junk Lead" }])
        assert.strictEqual(yield* calls("GET", "/crm/v8/settings/fields"), 1)
        // Without validation Zoho's own check answers per record.
        const unchecked = yield* Leads.create([{ Last_Name: "E", Lead_Status: "Bogus" }])
        assert.strictEqual(unchecked.failed.length, 1)
      }).pipe(Effect.provide(layer))
    }))

  it.effect("100 concurrent get(id) calls become exactly 1 list call with ids=", () =>
    Effect.gen(function*() {
      const { layer } = yield* seeded(leads(150))
      yield* Effect.gen(function*() {
        const ids = Chunk.toReadonlyArray(yield* Stream.runCollect(Leads.list({ sortOrder: "asc" }))).map((r) => r.id)
        const before = yield* calls("GET", "/crm/v8/Leads")
        const got = yield* Effect.forEach(ids.slice(0, 100), (id) => Leads.get(id), {
          concurrency: "unbounded",
          batching: true
        })
        assert.strictEqual((yield* calls("GET", "/crm/v8/Leads")) - before, 1)
        assert.deepStrictEqual(got.map((r) => r.id), ids.slice(0, 100))

        // 150 ids: two calls (100 + 50); a missing id fails only its own get.
        const all = yield* Effect.forEach(
          [...ids, "999999999"],
          (id) => Effect.either(Leads.get(id)),
          { concurrency: "unbounded", batching: true }
        )
        assert.strictEqual((yield* calls("GET", "/crm/v8/Leads")) - before, 3)
        assert.strictEqual(all.filter(Either.isRight).length, 150)
        const missing = all[150]
        assert.isTrue(Either.isLeft(missing) && missing.left._tag === "CrmRecordNotFound")

        const many = yield* Leads.getMany(ids.slice(0, 10))
        assert.strictEqual(many.length, 10)
        assert.strictEqual((yield* calls("GET", "/crm/v8/Leads")) - before, 4)
      }).pipe(Effect.provide(layer))
    }))

  it.effect("within a request cache, a record asked for twice is fetched once", () =>
    Effect.gen(function*() {
      const { layer } = yield* seeded(leads(3))
      yield* Effect.gen(function*() {
        const [first] = Chunk.toReadonlyArray(yield* Stream.runCollect(Leads.list({ maxRecords: 1 })))
        const before = yield* calls("GET", "/crm/v8/Leads")
        yield* Effect.gen(function*() {
          yield* Leads.get(first.id)
          yield* Leads.get(first.id)
          yield* Leads.get(first.id)
        }).pipe(CrmRecords.withRequestCache())
        assert.strictEqual((yield* calls("GET", "/crm/v8/Leads")) - before, 1)
        // Outside the cache scope every get goes out.
        yield* Leads.get(first.id)
        yield* Leads.get(first.id)
        assert.strictEqual((yield* calls("GET", "/crm/v8/Leads")) - before, 3)
      }).pipe(Effect.provide(layer))
    }))

  it.effect("streams 10,000 records through page and page_token (10 + 40 calls)", () =>
    Effect.gen(function*() {
      const { layer } = yield* seeded(leads(10_000))
      yield* Effect.gen(function*() {
        const { count, ids } = yield* Leads.list().pipe(
          Stream.runFold({ count: 0, ids: new Set<string>() }, (acc, lead) => {
            acc.ids.add(lead.id)
            return { count: acc.count + 1, ids: acc.ids }
          })
        )
        assert.strictEqual(count, 10_000)
        assert.strictEqual(ids.size, 10_000)
        assert.strictEqual(yield* calls("GET", "/crm/v8/Leads"), 50)
        assert.strictEqual(yield* Leads.count(), 10_000)
      }).pipe(Effect.provide(layer))
    }), 60_000)

  it.effect("If-Modified-Since: 304 is a typed NotModified; changes come back as a stream", () =>
    Effect.gen(function*() {
      const { layer } = yield* seeded(leads(5))
      yield* Effect.gen(function*() {
        yield* TestClock.adjust("1 hour")
        const now = new Date(yield* TestClockNow)
        const none = yield* Leads.page({ modifiedSince: now })
        assert.isTrue(Endpoint.isNotModified(none))
        const unchanged = yield* Leads.modifiedSince(now)
        assert.isTrue(Endpoint.isNotModified(unchanged))
        assert.strictEqual(Chunk.size(yield* Stream.runCollect(Leads.list({ modifiedSince: now }))), 0)

        yield* TestClock.adjust("1 minute")
        const [created] = yield* Leads.createAll([{ Last_Name: "New" }])
        const changed = yield* Leads.modifiedSince(now)
        assert.isFalse(Endpoint.isNotModified(changed))
        if (!Endpoint.isNotModified(changed)) {
          const records = Chunk.toReadonlyArray(yield* Stream.runCollect(changed))
          assert.deepStrictEqual(records.map((r) => r.id), [created.id])
        }
      }).pipe(Effect.provide(layer))
    }))

  it.effect("search by criteria builder, email and word; count with criteria", () =>
    Effect.gen(function*() {
      const { layer } = yield* seeded(leads(30))
      yield* Effect.gen(function*() {
        const byCompany = yield* Stream.runCollect(
          Leads.search({ criteria: CrmCriteria.equals("Company", "Company 3") }, { fields: ["Last_Name", "Company"] })
        )
        assert.strictEqual(Chunk.size(byCompany), 4) // i = 3, 10, 17, 24
        const either = yield* Stream.runCollect(Leads.search({
          criteria: CrmCriteria.or(
            CrmCriteria.equals("Email", "lead1@acme.example"),
            CrmCriteria.equals("Email", "lead2@acme.example")
          )
        }))
        assert.strictEqual(Chunk.size(either), 2)
        const byEmail = yield* Stream.runCollect(Leads.search({ email: "lead7@acme.example" }))
        assert.deepStrictEqual(Chunk.toReadonlyArray(byEmail).map((r) => r.Last_Name), ["Lead 7"])
        const none = yield* Stream.runCollect(Leads.search({ word: "nobody-here" }))
        assert.strictEqual(Chunk.size(none), 0)
        // A criteria with a value that holds the grammar's own characters is escaped.
        assert.strictEqual(
          CrmCriteria.toString(
            CrmCriteria.and(CrmCriteria.equals("Company", "A (B), C"), CrmCriteria.in("Lead_Source", ["Web", "Chat"]))
          ),
          "((Company:equals:A \\(B\\)\\, C)and(Lead_Source:in:Web,Chat))"
        )
        const invalid = yield* Effect.flip(Stream.runCollect(Leads.search({ criteria: CrmCriteria.and() })))
        assert.strictEqual(invalid._tag, "ZohoConfigError")
      }).pipe(Effect.provide(layer))
    }))

  it.effect("convert a lead", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack()
      yield* Effect.gen(function*() {
        const [lead] = yield* Leads.createAll([{ Last_Name: "Turing", Email: "alan@x.example", Company: "Bletchley" }])
        const converted = yield* CrmRecords.convertLead(lead.id, {
          deal: { Deal_Name: "Enigma", Stage: "Qualification" }
        })
        assert.strictEqual(converted.status, "success")
        assert.isString(converted.details.Contacts?.id)
        assert.isString(converted.details.Accounts?.id)
        assert.isString(converted.details.Deals?.id)
        const again = yield* Effect.flip(CrmRecords.convertLead(lead.id))
        assert.strictEqual(again._tag === "ZohoApiError" ? again.code : again._tag, "ID_ALREADY_CONVERTED")
      }).pipe(Effect.provide(layer))
    }))

  it.effect("a missing scope names the scope the operation needs", () =>
    Effect.gen(function*() {
      const seed = SimSeed.demo()
      const { layer } = yield* stack({
        seed: SimSeed.demo({
          refreshTokens: seed.refreshTokens.map((t) => ({ ...t, scopes: ["ZohoCRM.settings.ALL"] }))
        })
      })
      const error = yield* Effect.flip(Stream.runCollect(Leads.list())).pipe(Effect.provide(layer))
      assert.strictEqual(error._tag, "ZohoAuthError")
      if (error._tag === "ZohoAuthError") {
        assert.strictEqual(error.reason, "ScopeMismatch")
        assert.deepStrictEqual(error.requiredScopes, ["ZohoCRM.modules.Leads.READ"])
      }
    }))
})

const TestClockNow = Effect.clockWith((clock) => clock.currentTimeMillis)
