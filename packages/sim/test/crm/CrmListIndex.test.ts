/**
 * The list handler keeps each query's sorted records between pages (per version of the module's
 * records). Every write the order or the filters depend on must show in the next page: inserts,
 * deletes, updates (by id, in bulk, by mass update), lookup links and lead conversion.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import { leads, makeHarness, seedWith } from "./harness.js"

type Harness = ReturnType<typeof makeHarness>

/** Every id a query lists, over all its pages (page numbers, 10 a page). */
const listAll = (h: Harness, module: string, query: string) =>
  Effect.gen(function*() {
    const ids: Array<string> = []
    for (let page = 1; page <= 20; page++) {
      const res = yield* h.call("GET", `/${module}?fields=Last_Name&per_page=10&page=${page}${query}`)
      if (res.status === 204) break
      assert.strictEqual(res.status, 200)
      ids.push(...res.json.data.map((r: { id: string }) => r.id))
      if (!res.json.info.more_records) break
    }
    return ids
  })

const byModified = "&sort_by=Modified_Time&sort_order=asc"

describe("CrmSim list index", () => {
  it.effect("a page reflects inserts, deletes and updates made after the previous page", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith({ org1: { Leads: leads(25) } }))
      const before = yield* listAll(h, "Leads", byModified)
      assert.strictEqual(before.length, 25)
      // Listed again with nothing changed: the same order (from the kept list).
      assert.deepStrictEqual(yield* listAll(h, "Leads", byModified), before)

      yield* TestClock.adjust("1 second")
      assert.strictEqual(
        (yield* h.call("PUT", `/Leads/${before[0]}`, { body: { data: [{ Company: "X" }] } })).status,
        200
      )
      const afterUpdate = yield* listAll(h, "Leads", byModified)
      assert.deepStrictEqual(afterUpdate, [...before.slice(1), before[0]])

      yield* TestClock.adjust("1 second")
      const bulk = yield* h.call("PUT", "/Leads", { body: { data: [{ id: before[1], Company: "Y" }] } })
      assert.strictEqual(bulk.status, 200)
      assert.deepStrictEqual(yield* listAll(h, "Leads", byModified), [...before.slice(2), before[0], before[1]])

      const inserted = yield* h.call("POST", "/Leads", { body: { data: leads(1, 100) } })
      const newId: string = inserted.json.data[0].details.id
      const withNew = yield* listAll(h, "Leads", "")
      assert.strictEqual(withNew.length, 26)
      // Default order: id descending, and the new id is the largest.
      assert.strictEqual(withNew[0], newId)

      assert.strictEqual((yield* h.call("DELETE", `/Leads/${before[5]}`)).status, 200)
      const afterDelete = yield* listAll(h, "Leads", "")
      assert.strictEqual(afterDelete.length, 25)
      assert.notInclude(afterDelete, before[5])
    }))

  it.effect("mass update and a lookup link move records in Modified_Time order", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith({
        org1: {
          Leads: leads(12),
          Accounts: [{ Account_Name: "Acme" }],
          Contacts: [{ Last_Name: "C1" }, { Last_Name: "C2" }, { Last_Name: "C3" }]
        }
      }))
      const before = yield* listAll(h, "Leads", byModified)
      yield* TestClock.adjust("1 second")
      const mass = yield* h.call("POST", "/Leads/actions/mass_update", {
        body: { data: [{ Lead_Status: "Contacted" }], ids: [before[0], before[3]] }
      })
      assert.strictEqual(mass.status, 200)
      const after = yield* listAll(h, "Leads", byModified)
      assert.deepStrictEqual(after.slice(-2).sort(), [before[0], before[3]].sort())
      assert.strictEqual(after.length, 12)

      const contacts = yield* listAll(h, "Contacts", byModified)
      const account = (yield* listAll(h, "Accounts", ""))[0]
      yield* TestClock.adjust("1 second")
      const linked = yield* h.call("PUT", `/Accounts/${account}/Contacts/${contacts[0]}`)
      assert.strictEqual(linked.status, 200)
      assert.deepStrictEqual(yield* listAll(h, "Contacts", byModified), [...contacts.slice(1), contacts[0]])
    }))

  it.effect("a converted lead leaves the default list and joins converted=true at once", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith({ org1: { Leads: leads(5) } }))
      const before = yield* listAll(h, "Leads", "")
      assert.deepStrictEqual(yield* listAll(h, "Leads", "&converted=true"), [])
      const res = yield* h.call("POST", `/Leads/${before[2]}/actions/convert`, { body: { data: [{}] } })
      assert.strictEqual(res.status, 200)
      assert.deepStrictEqual(yield* listAll(h, "Leads", ""), before.filter((id) => id !== before[2]))
      assert.deepStrictEqual(yield* listAll(h, "Leads", "&converted=true"), [before[2]])
      assert.deepStrictEqual(yield* listAll(h, "Leads", "&converted=both"), before)
    }))

  it.effect("If-Modified-Since sees an update made after the list was kept", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith({ org1: { Leads: leads(5) } }))
      const [first] = yield* listAll(h, "Leads", "")
      yield* TestClock.adjust("10 seconds")
      const since = { headers: { "if-modified-since": new Date(5_000).toUTCString() } }
      const query = "/Leads?fields=Last_Name"
      assert.strictEqual((yield* h.call("GET", query, since)).status, 304)
      yield* h.call("PUT", `/Leads/${first}`, { body: { data: [{ Company: "Z" }] } })
      const changed = yield* h.call("GET", query, since)
      assert.strictEqual(changed.status, 200)
      assert.deepStrictEqual(changed.json.data.map((r: { id: string }) => r.id), [first])
    }))
})
