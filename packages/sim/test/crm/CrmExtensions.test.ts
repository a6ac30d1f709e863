import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import { leads, makeHarness, multipart, seedWith } from "./harness.js"

const seed = () =>
  seedWith({
    org1: {
      Leads: leads(3),
      Accounts: [{ Account_Name: "Acme" }, { Account_Name: "Globex" }],
      Contacts: [{ Last_Name: "Smith" }, { Last_Name: "Jones" }],
      Deals: [{ Deal_Name: "Big", Stage: "Qualification" }]
    }
  })

const idsOf = (h: ReturnType<typeof makeHarness>, module: string, field: string) =>
  Effect.map(
    h.call("GET", `/${module}?fields=${field}&sort_by=id&sort_order=asc`),
    (r) => r.json.data.map((x: { id: string }) => x.id) as Array<string>
  )

const png = new Uint8Array([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4])

describe("CrmSim notes", () => {
  it.effect("creates, lists, updates and deletes notes", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed())
      const [lead] = yield* idsOf(h, "Leads", "Last_Name")
      const created = yield* h.call("POST", "/Notes", {
        body: {
          data: [{
            Note_Title: "Call",
            Note_Content: "Rang them",
            Parent_Id: { module: { api_name: "Leads" }, id: lead }
          }]
        }
      })
      assert.strictEqual(created.status, 201)
      const noteId = created.json.data[0].details.id
      const viaRecord = yield* h.call("POST", `/Leads/${lead}/Notes`, { body: { data: [{ Note_Content: "Second" }] } })
      assert.strictEqual(viaRecord.status, 201)
      const all = yield* h.call("GET", "/Notes?fields=Note_Title,Note_Content,Parent_Id")
      assert.strictEqual(all.json.data.length, 2)
      const ofLead = yield* h.call("GET", `/Leads/${lead}/Notes?fields=Note_Content`)
      assert.deepStrictEqual(ofLead.json.data.map((n: { Note_Content: string }) => n.Note_Content).sort(), [
        "Rang them",
        "Second"
      ])
      yield* TestClock.adjust("1 minute")
      const updated = yield* h.call("PUT", `/Notes/${noteId}`, { body: { data: [{ Note_Content: "Changed" }] } })
      assert.strictEqual(updated.json.data[0].code, "SUCCESS")
      const one = yield* h.call("GET", `/Notes/${noteId}`)
      assert.strictEqual(one.json.data[0].Note_Content, "Changed")
      assert.strictEqual(one.json.data[0].Parent_Id.module.api_name, "Leads")
      const del = yield* h.call("DELETE", `/Notes?ids=${noteId}`)
      assert.strictEqual(del.json.data[0].status, "success")
      assert.strictEqual((yield* h.call("GET", `/Notes/${noteId}`)).status, 204)
    }))

  it.effect("rejects a note without content or with an unknown parent, and non-admins listing all", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed())
      const bad = yield* h.call("POST", "/Notes", {
        body: {
          data: [{ Note_Content: "x", Parent_Id: { module: { api_name: "Leads" }, id: "1" } }, { Note_Title: "t" }]
        }
      })
      assert.strictEqual(bad.status, 400)
      assert.deepStrictEqual(bad.json.data.map((e: { code: string }) => e.code), [
        "INVALID_DATA",
        "MANDATORY_NOT_FOUND"
      ])
      const rep = yield* h.call("GET", "/Notes?fields=Note_Content", { userId: "50002" })
      assert.strictEqual(rep.status, 403)
    }))
})

describe("CrmSim tags", () => {
  it.effect("adds tags to one or many records, lists them per module and removes them", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed())
      const [a, b] = yield* idsOf(h, "Leads", "Last_Name")
      const created = yield* h.call("POST", "/settings/tags?module=Leads", { body: { tags: [{ name: "Hot" }] } })
      assert.strictEqual(created.status, 201)
      const one = yield* h.call("POST", `/Leads/${a}/actions/add_tags`, {
        body: { tags: [{ name: "Hot" }, { name: "VIP" }] }
      })
      assert.deepStrictEqual(one.json.data[0].details.tags.map((t: { name: string }) => t.name), ["Hot", "VIP"])
      const many = yield* h.call("POST", "/Leads/actions/add_tags", { body: { tags: [{ name: "Q3" }], ids: [a, b] } })
      assert.strictEqual(many.json.data.length, 2)
      const list = yield* h.call("GET", "/settings/tags?module=Leads")
      assert.deepStrictEqual(list.json.tags.map((t: { name: string }) => t.name), ["Hot", "Q3", "VIP"])
      assert.strictEqual(list.json.info.count, 3)
      const removed = yield* h.call("POST", `/Leads/${a}/actions/remove_tags`, { body: { tags: [{ name: "Hot" }] } })
      assert.deepStrictEqual(removed.json.data[0].details.tags.map((t: { name: string }) => t.name), ["VIP", "Q3"])
    }))

  it.effect("needs the module parameter and refuses a duplicate tag", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed())
      assert.strictEqual((yield* h.call("GET", "/settings/tags")).json.code, "REQUIRED_PARAM_MISSING")
      yield* h.call("POST", "/settings/tags?module=Leads", { body: { tags: [{ name: "Hot" }] } })
      const dup = yield* h.call("POST", "/settings/tags?module=Leads", { body: { tags: [{ name: "hot" }] } })
      assert.strictEqual(dup.status, 400)
      assert.strictEqual(dup.json.tags[0].code, "DUPLICATE_DATA")
    }))
})

describe("CrmSim related records", () => {
  it.effect("links and delinks Contacts to Accounts through the lookup, and Contacts to Deals", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed())
      const [acme] = yield* idsOf(h, "Accounts", "Account_Name")
      const [smith, jones] = yield* idsOf(h, "Contacts", "Last_Name")
      const [deal] = yield* idsOf(h, "Deals", "Deal_Name")
      assert.strictEqual((yield* h.call("GET", `/Accounts/${acme}/Contacts?fields=Last_Name`)).status, 204)
      const linked = yield* h.call("PUT", `/Accounts/${acme}/Contacts`, {
        body: { data: [{ id: smith }, { id: jones }] }
      })
      assert.strictEqual(linked.status, 200)
      const contacts = yield* h.call("GET", `/Accounts/${acme}/Contacts?fields=Last_Name`)
      assert.deepStrictEqual(contacts.json.data.map((c: { Last_Name: string }) => c.Last_Name).sort(), [
        "Jones",
        "Smith"
      ])
      const smithRec = yield* h.call("GET", `/Contacts/${smith}`)
      assert.strictEqual(smithRec.json.data[0].Account_Name.id, acme)
      yield* h.call("DELETE", `/Accounts/${acme}/Contacts/${jones}`)
      const after = yield* h.call("GET", `/Accounts/${acme}/Contacts?fields=Last_Name`)
      assert.deepStrictEqual(after.json.data.map((c: { id: string }) => c.id), [smith])
      yield* h.call("PUT", `/Deals/${deal}/Contacts/${jones}`)
      const dealContacts = yield* h.call("GET", `/Deals/${deal}/Contacts?fields=Last_Name`)
      assert.deepStrictEqual(dealContacts.json.data.map((c: { id: string }) => c.id), [jones])
      const meta = yield* h.call("GET", "/settings/related_lists?module=Deals")
      const names = meta.json.related_lists.map((l: { api_name: string }) => l.api_name)
      assert.includeMembers(names, ["Contacts", "Notes", "Attachments"])
    }))

  it.effect("answers an error for an unknown list, parent or related id", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed())
      const [acme] = yield* idsOf(h, "Accounts", "Account_Name")
      assert.strictEqual((yield* h.call("GET", `/Accounts/${acme}/Nope?fields=Name`)).status, 404)
      assert.strictEqual((yield* h.call("GET", "/Accounts/1/Contacts?fields=Last_Name")).json.code, "INVALID_DATA")
      const bad = yield* h.call("DELETE", `/Accounts/${acme}/Contacts/1`)
      assert.strictEqual(bad.status, 400)
      assert.strictEqual(bad.json.data[0].code, "INVALID_DATA")
      assert.strictEqual((yield* h.call("GET", "/settings/related_lists")).json.code, "REQUIRED_PARAM_MISSING")
    }))
})

describe("CrmSim attachments and photos", () => {
  it.effect("uploads a file and a link, lists, downloads the bytes and deletes", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed())
      const [lead] = yield* idsOf(h, "Leads", "Last_Name")
      const form = new FormData()
      const bytes = new Uint8Array(Array.from({ length: 3000 }, (_, i) => i % 251))
      form.append("file", new Blob([bytes], { type: "application/pdf" }), "report \"q3\".pdf")
      const mp = yield* multipart(form)
      const up = yield* h.call("POST", `/Leads/${lead}/Attachments`, {
        body: mp.body,
        headers: { "content-type": mp.contentType }
      })
      assert.strictEqual(up.status, 200)
      const id = up.json.data[0].details.id
      const link = new FormData()
      link.append("attachmentUrl", "https://example.com/docs/spec.txt")
      const lmp = yield* multipart(link)
      yield* h.call("POST", `/Leads/${lead}/Attachments`, {
        body: lmp.body,
        headers: { "content-type": lmp.contentType }
      })
      const list = yield* h.call("GET", `/Leads/${lead}/Attachments?fields=File_Name,Size`)
      assert.deepStrictEqual(list.json.data.map((a: { File_Name: string }) => a.File_Name).sort(), [
        "report \"q3\".pdf",
        "spec.txt"
      ])
      const down = yield* h.call("GET", `/Leads/${lead}/Attachments/${id}`)
      assert.strictEqual(down.headers["content-type"], "application/pdf")
      assert.deepStrictEqual(down.bytes, bytes)
      assert.match(down.headers["content-disposition"], /filename\*=UTF-8''report%20%22q3%22\.pdf/)
      yield* h.call("DELETE", `/Leads/${lead}/Attachments/${id}`)
      assert.strictEqual((yield* h.call("GET", `/Leads/${lead}/Attachments/${id}`)).status, 204)
    }))

  it.effect("refuses an upload without a file", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed())
      const [lead] = yield* idsOf(h, "Leads", "Last_Name")
      const res = yield* h.call("POST", `/Leads/${lead}/Attachments`, { body: {} })
      assert.strictEqual(res.status, 400)
      assert.strictEqual(res.json.code, "REQUIRED_PARAM_MISSING")
    }))

  it.effect("uploads, downloads and deletes a record photo; refuses a non-image", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed())
      const [contact] = yield* idsOf(h, "Contacts", "Last_Name")
      assert.strictEqual((yield* h.call("GET", `/Contacts/${contact}/photo`)).status, 204)
      const form = new FormData()
      form.append("file", new Blob([png]), "me.png")
      const mp = yield* multipart(form)
      const up = yield* h.call("POST", `/Contacts/${contact}/photo`, {
        body: mp.body,
        headers: { "content-type": mp.contentType }
      })
      assert.strictEqual(up.json.code, "SUCCESS")
      const got = yield* h.call("GET", `/Contacts/${contact}/photo`)
      assert.strictEqual(got.headers["content-type"], "image/png")
      assert.deepStrictEqual(got.bytes, png)
      assert.strictEqual((yield* h.call("DELETE", `/Contacts/${contact}/photo`)).json.code, "SUCCESS")
      const text = new FormData()
      text.append("file", new Blob(["hello"]), "x.png")
      const tmp = yield* multipart(text)
      const bad = yield* h.call("POST", `/Contacts/${contact}/photo`, {
        body: tmp.body,
        headers: { "content-type": tmp.contentType }
      })
      assert.strictEqual(bad.status, 400)
    }))
})

describe("CrmSim mass update", () => {
  it.effect("schedules a job that completes over Clock time", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed())
      const ids = yield* idsOf(h, "Leads", "Last_Name")
      const res = yield* h.call("POST", "/Leads/actions/mass_update", {
        body: { data: [{ Lead_Status: "Junk Lead" }], ids: [...ids, "1"] }
      })
      const jobId = res.json.data[0].details.job_id
      const early = yield* h.call("GET", `/Leads/actions/mass_update?job_id=${jobId}`)
      assert.strictEqual(early.json.data[0].Status, "SCHEDULED")
      yield* TestClock.adjust("1 minute")
      const done = yield* h.call("GET", `/Leads/actions/mass_update?job_id=${jobId}`)
      assert.deepStrictEqual(done.json.data[0], {
        Status: "COMPLETED",
        Total_Count: 4,
        Updated_Count: 3,
        Not_Updated_Count: 0,
        Failed_Count: 1
      })
      const lead = yield* h.call("GET", `/Leads/${ids[0]}`)
      assert.strictEqual(lead.json.data[0].Lead_Status, "Junk Lead")
    }))

  it.effect("refuses an invalid value and an unknown job id", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed())
      const ids = yield* idsOf(h, "Leads", "Last_Name")
      const bad = yield* h.call("POST", "/Leads/actions/mass_update", {
        body: { data: [{ Lead_Status: "nope" }], ids }
      })
      assert.strictEqual(bad.status, 400)
      assert.strictEqual(bad.json.data[0].code, "INVALID_DATA")
      assert.strictEqual((yield* h.call("GET", "/Leads/actions/mass_update?job_id=1")).status, 400)
    }))
})

describe("CrmSim settings and functions", () => {
  it.effect("custom views, roles and profiles", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed())
      const views = yield* h.call("GET", "/settings/custom_views?module=Leads")
      assert.strictEqual(views.json.custom_views[0].name, "All Leads")
      const one = yield* h.call("GET", `/settings/custom_views/${views.json.custom_views[1].id}?module=Leads`)
      assert.strictEqual(one.json.custom_views[0].name, "My Leads")
      assert.strictEqual((yield* h.call("GET", "/settings/custom_views")).json.code, "REQUIRED_PARAM_MISSING")
      const roles = yield* h.call("GET", "/settings/roles")
      assert.deepStrictEqual(roles.json.roles.map((r: { name: string }) => r.name), ["CEO", "Manager"])
      const role = yield* h.call("GET", `/settings/roles/${roles.json.roles[1].id}`)
      assert.strictEqual(role.json.roles[0].reporting_to.name, "CEO")
      assert.strictEqual((yield* h.call("GET", "/settings/roles/1")).status, 400)
      const profiles = yield* h.call("GET", "/settings/profiles")
      assert.deepStrictEqual(profiles.json.profiles.map((p: { name: string }) => p.name), ["Administrator", "Standard"])
      assert.strictEqual((yield* h.call("GET", "/settings/profiles", { scopes: ["ZohoCRM.modules.ALL"] })).status, 401)
    }))

  it.effect("the recycle bin lists deleted records and deletes them permanently", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed())
      const [a, b] = yield* idsOf(h, "Leads", "Last_Name")
      yield* h.call("DELETE", `/Leads?ids=${a},${b}`)
      const bin = yield* h.call("GET", "/settings/recycle_bin?module=Leads")
      assert.deepStrictEqual(bin.json.recycle_bin.map((r: { id: string }) => r.id).sort(), [a, b].sort())
      assert.strictEqual(bin.json.info.count, 2)
      const del = yield* h.call("DELETE", `/settings/recycle_bin?ids=${a},1`)
      assert.strictEqual(del.status, 207)
      const after = yield* h.call("GET", "/settings/recycle_bin")
      assert.deepStrictEqual(after.json.recycle_bin.map((r: { id: string }) => r.id), [b])
      assert.strictEqual((yield* h.call("GET", "/settings/recycle_bin?module=Nope")).status, 400)
    }))

  it.effect("executes functions with GET parameters and POST bodies", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed())
      const get = yield* h.call("GET", "/functions/echo/actions/execute?auth_type=oauth&name=Ada&n=1")
      assert.strictEqual(get.json.code, "success")
      assert.deepStrictEqual(JSON.parse(get.json.details.output), { name: "Ada", n: "1" })
      const post = yield* h.call("POST", "/functions/sum/actions/execute?auth_type=oauth", { body: { a: 2, b: 40 } })
      assert.strictEqual(post.json.details.output, "42")
      const args = encodeURIComponent(JSON.stringify({ text: "hi" }))
      const upper = yield* h.call("GET", `/functions/upper/actions/execute?arguments=${args}`)
      assert.strictEqual(upper.json.details.output, "HI")
      assert.strictEqual((yield* h.call("GET", "/functions/nope/actions/execute")).status, 404)
    }))
})
