import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import { adminId, leads, makeHarness, seedWith } from "./harness.js"

describe("CrmSim records", () => {
  it.effect("lists only the requested fields plus id, with info", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith({ org1: { Leads: leads(5) } }))
      const res = yield* h.call("GET", "/Leads?fields=Last_Name,Email")
      assert.strictEqual(res.status, 200)
      assert.strictEqual(res.json.data.length, 5)
      assert.deepStrictEqual(Object.keys(res.json.data[0]).sort(), ["Email", "Last_Name", "id"])
      assert.match(res.json.data[0].id, /^\d{19}$/)
      assert.deepStrictEqual(res.json.info, {
        per_page: 200,
        count: 5,
        page: 1,
        sort_by: "id",
        sort_order: "desc",
        more_records: false
      })
    }))

  it.effect("requires fields and caps them at 50", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith({ org1: { Leads: leads(1) } }))
      const missing = yield* h.call("GET", "/Leads")
      assert.strictEqual(missing.status, 400)
      assert.deepStrictEqual(missing.json, {
        code: "REQUIRED_PARAM_MISSING",
        details: { param_name: "fields" },
        message: "One of the expected parameter is missing",
        status: "error"
      })
      const fifty = Array.from({ length: 50 }, (_, i) => `F${i}`).join(",")
      assert.strictEqual((yield* h.call("GET", `/Leads?fields=${fifty}`)).status, 200)
      const tooMany = yield* h.call("GET", `/Leads?fields=${fifty},Extra`)
      assert.strictEqual(tooMany.status, 400)
      assert.strictEqual(tooMany.json.code, "LIMIT_EXCEEDED")
    }))

  it.effect("caps per_page at 200 and sorts by the requested key", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith({ org1: { Leads: leads(250) } }))
      const res = yield* h.call("GET", "/Leads?fields=Last_Name&per_page=500")
      assert.strictEqual(res.json.data.length, 200)
      assert.strictEqual(res.json.info.per_page, 200)
      assert.isTrue(res.json.info.more_records)
      const asc = yield* h.call("GET", "/Leads?fields=Last_Name&per_page=3&sort_by=id&sort_order=asc")
      const ids: Array<string> = asc.json.data.map((r: { id: string }) => r.id)
      assert.deepStrictEqual(ids, [...ids].sort())
      const bad = yield* h.call("GET", "/Leads?fields=Last_Name&sort_by=Last_Name")
      assert.strictEqual(bad.status, 400)
    }))

  it.effect("answers 204 with no body for an empty module and 400 for an unknown one", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith())
      const empty = yield* h.call("GET", "/Deals?fields=Deal_Name")
      assert.strictEqual(empty.status, 204)
      assert.isUndefined(empty.raw)
      const unknown = yield* h.call("GET", "/Nope?fields=Name")
      assert.strictEqual(unknown.status, 400)
      assert.strictEqual(unknown.json.code, "INVALID_MODULE")
    }))

  it.effect("filters by ids and answers 304 when nothing changed since If-Modified-Since", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith({ org1: { Leads: leads(3) } }))
      const all = yield* h.call("GET", "/Leads?fields=Last_Name")
      const two = all.json.data.slice(0, 2).map((r: { id: string }) => r.id)
      const byIds = yield* h.call("GET", `/Leads?fields=Last_Name&ids=${two.join(",")}`)
      assert.deepStrictEqual(byIds.json.data.map((r: { id: string }) => r.id).sort(), [...two].sort())
      yield* TestClock.adjust("1 hour")
      const stamp = new Date(3_600_000).toUTCString()
      const notModified = yield* h.call("GET", "/Leads?fields=Last_Name", { headers: { "if-modified-since": stamp } })
      assert.strictEqual(notModified.status, 304)
      yield* TestClock.adjust("1 minute")
      yield* h.call("PUT", `/Leads/${two[0]}`, { body: { data: [{ Company: "Changed" }] } })
      const modified = yield* h.call("GET", "/Leads?fields=Company", { headers: { "if-modified-since": stamp } })
      assert.strictEqual(modified.status, 200)
      assert.deepStrictEqual(modified.json.data, [{ id: two[0], Company: "Changed" }])
    }))

  it.effect("gets one record with every field, and INVALID_DATA for an unknown id", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith({ org1: { Leads: leads(1) } }))
      const id = (yield* h.call("GET", "/Leads?fields=Last_Name")).json.data[0].id
      const res = yield* h.call("GET", `/Leads/${id}`)
      assert.strictEqual(res.status, 200)
      const rec = res.json.data[0]
      assert.strictEqual(rec.Last_Name, "Lead0")
      assert.deepStrictEqual(rec.Owner, { id: adminId, name: "Sim Admin", email: "admin@sim.example" })
      assert.match(rec.Created_Time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/)
      assert.strictEqual(rec.Phone, null)
      const unknown = yield* h.call("GET", "/Leads/1234567890123456789")
      assert.strictEqual(unknown.status, 400)
      assert.strictEqual(unknown.json.code, "INVALID_DATA")
      const h2 = makeHarness(seedWith(), { unknownRecordId: "no-content" })
      assert.strictEqual((yield* h2.call("GET", "/Leads/1234567890123456789")).status, 204)
    }))

  it.effect("inserts 100 records with 201 and rejects 101", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith())
      yield* TestClock.setTime(Date.parse("2026-11-23T10:00:00Z"))
      const ok = yield* h.call("POST", "/Leads", { body: { data: leads(100), trigger: ["workflow"] } })
      assert.strictEqual(ok.status, 201)
      assert.strictEqual(ok.json.data.length, 100)
      const first = ok.json.data[0]
      assert.strictEqual(first.code, "SUCCESS")
      assert.strictEqual(first.status, "success")
      assert.strictEqual(first.message, "record added")
      assert.strictEqual(first.details.Created_Time, "2026-11-23T10:00:00+00:00")
      assert.deepStrictEqual(first.details.Created_By, { id: adminId, name: "Sim Admin" })
      const tooMany = yield* h.call("POST", "/Leads", { body: { data: leads(101, 1000) } })
      assert.strictEqual(tooMany.status, 400)
      assert.strictEqual(tooMany.json.code, "LIMIT_EXCEEDED")
      const count = yield* h.call("GET", "/Leads/actions/count")
      assert.deepStrictEqual(count.json, { count: "100" })
    }))

  it.effect("reports mandatory, duplicate and invalid values per record, with 207 when mixed", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith({ org1: { Leads: [{ Last_Name: "Old", Email: "taken@example.com" }] } }))
      const res = yield* h.call("POST", "/Leads", {
        body: {
          data: [
            { Last_Name: "Ok", Email: "new@example.com" },
            { First_Name: "NoLast" },
            { Last_Name: "Dup", Email: "TAKEN@example.com" },
            { Last_Name: "Bad", Lead_Status: "Not a status" },
            { Last_Name: "BadNum", No_of_Employees: "many" }
          ]
        }
      })
      assert.strictEqual(res.status, 207)
      const [ok, mandatory, dup, picklist, num] = res.json.data
      assert.strictEqual(ok.code, "SUCCESS")
      assert.deepStrictEqual(mandatory, {
        code: "MANDATORY_NOT_FOUND",
        details: { api_name: "Last_Name", json_path: "$.data[1].Last_Name" },
        message: "required field not found",
        status: "error"
      })
      assert.strictEqual(dup.code, "DUPLICATE_DATA")
      assert.strictEqual(dup.details.api_name, "Email")
      assert.strictEqual(dup.details.json_path, "$.data[2].Email")
      assert.match(dup.details.duplicate_record.id, /^\d{19}$/)
      assert.strictEqual(dup.details.duplicate_record.module.api_name, "Leads")
      assert.strictEqual(picklist.code, "INVALID_DATA")
      assert.strictEqual(picklist.details.api_name, "Lead_Status")
      assert.strictEqual(num.code, "INVALID_DATA")
      assert.strictEqual(num.details.api_name, "No_of_Employees")
      const allBad = yield* h.call("POST", "/Leads", { body: { data: [{ First_Name: "x" }] } })
      assert.strictEqual(allBad.status, 400)
      assert.strictEqual(allBad.json.data[0].code, "MANDATORY_NOT_FOUND")
    }))

  it.effect("validates lookups against the target module", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith())
      const acc = yield* h.call("POST", "/Accounts", { body: { data: [{ Account_Name: "Acme" }] } })
      const accountId = acc.json.data[0].details.id
      const res = yield* h.call("POST", "/Contacts", {
        body: {
          data: [{ Last_Name: "A", Account_Name: { id: accountId } }, { Last_Name: "B", Account_Name: { id: "1" } }]
        }
      })
      assert.strictEqual(res.status, 207)
      const contactId = res.json.data[0].details.id
      const got = yield* h.call("GET", `/Contacts/${contactId}?fields=Account_Name`)
      assert.deepStrictEqual(got.json.data[0].Account_Name, { id: accountId, name: "Acme" })
      assert.strictEqual(res.json.data[1].details.api_name, "Account_Name")
      const dupAccount = yield* h.call("POST", "/Accounts", { body: { data: [{ Account_Name: "acme" }] } })
      assert.strictEqual(dupAccount.json.data[0].code, "DUPLICATE_DATA")
    }))

  it.effect("updates in bulk and by id, with per-record errors", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith())
      const ins = yield* h.call("POST", "/Deals", {
        body: { data: [{ Deal_Name: "D1", Stage: "Qualification", Closing_Date: "2026-12-01", Amount: 10 }] }
      })
      assert.strictEqual(ins.status, 201)
      const id = ins.json.data[0].details.id
      yield* TestClock.adjust("5 minutes")
      const bulk = yield* h.call("PUT", "/Deals", {
        body: { data: [{ id, Amount: 99.5 }, { Amount: 1 }, { id: "999", Amount: 2 }] }
      })
      assert.strictEqual(bulk.status, 207)
      assert.strictEqual(bulk.json.data[0].message, "record updated")
      assert.notStrictEqual(bulk.json.data[0].details.Modified_Time, bulk.json.data[0].details.Created_Time)
      assert.strictEqual(bulk.json.data[1].code, "MANDATORY_NOT_FOUND")
      assert.strictEqual(bulk.json.data[2].code, "INVALID_DATA")
      const one = yield* h.call("PUT", `/Deals/${id}`, { body: { data: [{ Stage: "Closed Won" }] } })
      assert.strictEqual(one.status, 200)
      const got = yield* h.call("GET", `/Deals/${id}?fields=Stage,Amount`)
      assert.deepStrictEqual(got.json.data[0], { id, Stage: "Closed Won", Amount: 99.5 })
      const cleared = yield* h.call("PUT", `/Deals/${id}`, { body: { data: [{ Deal_Name: null }] } })
      assert.strictEqual(cleared.status, 400)
      assert.strictEqual(cleared.json.data[0].code, "MANDATORY_NOT_FOUND")
    }))

  it.effect("upserts: inserts new records and updates duplicates", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith({ org1: { Leads: [{ Last_Name: "Old", Email: "old@example.com" }] } }))
      const res = yield* h.call("POST", "/Leads/upsert", {
        body: {
          data: [{ Last_Name: "Old2", Email: "old@example.com" }, { Last_Name: "New", Email: "new@example.com" }],
          duplicate_check_fields: ["Email"]
        }
      })
      assert.strictEqual(res.status, 200)
      assert.strictEqual(res.json.data[0].action, "update")
      assert.strictEqual(res.json.data[0].duplicate_field, "Email")
      assert.strictEqual(res.json.data[0].message, "record updated")
      assert.strictEqual(res.json.data[1].action, "insert")
      assert.strictEqual(res.json.data[1].message, "record added")
      const list = yield* h.call("GET", "/Leads?fields=Last_Name,Email&sort_order=asc")
      assert.deepStrictEqual(list.json.data.map((r: { Last_Name: string }) => r.Last_Name), ["Old2", "New"])
      const bad = yield* h.call("POST", "/Leads/upsert", {
        body: { data: [{ Last_Name: "x" }], duplicate_check_fields: ["Nope"] }
      })
      assert.strictEqual(bad.status, 400)
    }))

  it.effect("deletes by ids and by path, keeping a recycle bin", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith({ org1: { Leads: leads(3) } }))
      const ids: Array<string> = (yield* h.call("GET", "/Leads?fields=Last_Name")).json.data.map((r: { id: string }) =>
        r.id
      )
      const del = yield* h.call("DELETE", `/Leads?ids=${ids[0]},${ids[1]},123`)
      assert.strictEqual(del.status, 207)
      assert.deepStrictEqual(del.json.data[0], {
        code: "SUCCESS",
        details: { id: ids[0] },
        message: "record deleted",
        status: "success"
      })
      assert.strictEqual(del.json.data[2].code, "INVALID_DATA")
      const one = yield* h.call("DELETE", `/Leads/${ids[2]}`)
      assert.strictEqual(one.status, 200)
      assert.strictEqual((yield* h.call("GET", "/Leads?fields=Last_Name")).status, 204)
      const bin = yield* h.call("GET", "/Leads/deleted?type=recycle")
      assert.strictEqual(bin.json.data.length, 3)
      assert.strictEqual(bin.json.data[0].type, "recycle")
      assert.strictEqual((yield* h.call("GET", "/Leads/deleted?type=permanent")).status, 204)
      const many = Array.from({ length: 101 }, (_, i) => String(i)).join(",")
      assert.strictEqual((yield* h.call("DELETE", `/Leads?ids=${many}`)).json.code, "LIMIT_EXCEEDED")
      assert.strictEqual((yield* h.call("DELETE", "/Leads")).json.code, "REQUIRED_PARAM_MISSING")
    }))

  it.effect("converts a lead into an account, a contact and a deal", () =>
    Effect.gen(function*() {
      const h = makeHarness(
        seedWith({
          org1: { Leads: [{ Last_Name: "Smith", First_Name: "Ann", Company: "Smith Co", Email: "ann@smith.co" }] }
        })
      )
      const id = (yield* h.call("GET", "/Leads?fields=Last_Name")).json.data[0].id
      const res = yield* h.call("POST", `/Leads/${id}/actions/convert`, {
        body: { data: [{ Deals: { Deal_Name: "Smith deal", Stage: "Qualification", Closing_Date: "2026-12-31" } }] }
      })
      assert.strictEqual(res.status, 200)
      const details = res.json.data[0].details
      assert.strictEqual(details.Accounts.name, "Smith Co")
      assert.strictEqual(details.Contacts.name, "Ann Smith")
      assert.strictEqual(details.Deals.name, "Smith deal")
      assert.strictEqual((yield* h.call("GET", "/Leads?fields=Last_Name")).status, 204)
      assert.strictEqual((yield* h.call("GET", "/Leads?fields=Last_Name&converted=true")).json.data.length, 1)
      const contact = yield* h.call("GET", `/Contacts/${details.Contacts.id}?fields=Account_Name,Email`)
      assert.deepStrictEqual(contact.json.data[0].Account_Name, { id: details.Accounts.id, name: "Smith Co" })
      const again = yield* h.call("POST", `/Leads/${id}/actions/convert`, { body: { data: [{}] } })
      assert.strictEqual(again.json.code, "ID_ALREADY_CONVERTED")
    }))

  it.effect("answers OAUTH_SCOPE_MISMATCH without the module scope", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith({ org1: { Leads: leads(1) } }))
      const readOnly = ["ZohoCRM.modules.leads.READ"]
      assert.strictEqual((yield* h.call("GET", "/Leads?fields=Last_Name", { scopes: readOnly })).status, 200)
      const denied = yield* h.call("POST", "/Leads", { scopes: readOnly, body: { data: leads(1, 5) } })
      assert.strictEqual(denied.status, 401)
      assert.deepStrictEqual(denied.json, {
        code: "OAUTH_SCOPE_MISMATCH",
        details: {},
        message: "invalid oauth scope to access this URL",
        status: "error"
      })
      assert.strictEqual((yield* h.call("GET", "/Contacts?fields=Last_Name", { scopes: readOnly })).status, 401)
      assert.strictEqual((yield* h.call("DELETE", "/Leads?ids=1", { scopes: readOnly })).status, 401)
    }))

  it.effect("answers 404 INVALID_URL_PATTERN for unknown paths and 405 for wrong methods", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith())
      const res = yield* h.call("GET", "/Leads/1/unknown/deep/path")
      assert.strictEqual(res.status, 404)
      assert.strictEqual(res.json.code, "INVALID_URL_PATTERN")
      assert.strictEqual((yield* h.call("PATCH", "/Leads")).status, 405)
      assert.strictEqual((yield* h.call("GET", "/coql")).status, 405)
    }))

  it.effect("keeps state per simulator instance and per org", () =>
    Effect.gen(function*() {
      const seed = seedWith()
      const a = makeHarness(seed)
      const b = makeHarness(seed)
      yield* a.call("POST", "/Leads", { body: { data: leads(1) } })
      assert.strictEqual((yield* a.call("GET", "/Leads?fields=Last_Name")).status, 200)
      assert.strictEqual((yield* b.call("GET", "/Leads?fields=Last_Name")).status, 204)
    }))
})
