import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as CrmSim from "../../src/internal/crm/CrmSim.js"
import { crmUserId } from "../../src/internal/crm/Store.js"
import { makeHarness, seedWith } from "./harness.js"

const seed = seedWith({}, {
  orgs: [{
    id: "org1",
    name: "Sim Org",
    zgid: "700001",
    crmModules: [{
      apiName: "Projects__c",
      singular: "Project",
      fields: [
        { apiName: "Name", mandatory: true, unique: true },
        { apiName: "Budget", dataType: "currency" },
        { apiName: "Phase", dataType: "picklist", pickListValues: ["Plan", "Build"] }
      ]
    }]
  }]
})

const userId = (zuid: string) => crmUserId(seed.users.find((u) => u.id === zuid)!)
const adminId = userId("50001")
const repId = userId("50002")

describe("CrmSim metadata", () => {
  it.effect("lists built-in and custom modules", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed)
      const res = yield* h.call("GET", "/settings/modules")
      assert.strictEqual(res.status, 200)
      const names = res.json.modules.map((m: { api_name: string }) => m.api_name)
      assert.deepStrictEqual(names, ["Leads", "Contacts", "Accounts", "Deals", "Projects__c"])
      const custom = res.json.modules[4]
      assert.strictEqual(custom.generated_type, "custom")
      assert.strictEqual(custom.singular_label, "Project")
      assert.match(custom.id, /^\d{19}$/)
      const one = yield* h.call("GET", "/settings/modules/leads")
      assert.strictEqual(one.json.modules[0].api_name, "Leads")
      assert.isTrue(one.json.modules[0].fields.some((f: { api_name: string }) => f.api_name === "Last_Name"))
      assert.strictEqual((yield* h.call("GET", "/settings/modules/Nope")).json.code, "INVALID_MODULE")
    }))

  it.effect("fields need module, and describe types, mandatory, unique and picklists", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed)
      const missing = yield* h.call("GET", "/settings/fields")
      assert.strictEqual(missing.status, 400)
      assert.deepStrictEqual(missing.json.details, { param_name: "module" })
      const res = yield* h.call("GET", "/settings/fields?module=Leads")
      const byName = new Map<string, Record<string, unknown>>(
        res.json.fields.map((f: { api_name: string }) => [f.api_name, f])
      )
      assert.strictEqual(byName.get("Last_Name")!.system_mandatory, true)
      assert.strictEqual(byName.get("Email")!.data_type, "email")
      assert.strictEqual((byName.get("Lead_Status")!.pick_list_values as Array<unknown>).length, 8)
      const custom = yield* h.call("GET", "/settings/fields?module=Projects__c")
      const budget = custom.json.fields.find((f: { api_name: string }) => f.api_name === "Budget")
      assert.strictEqual(budget.data_type, "currency")
      assert.strictEqual(budget.custom_field, true)
      const layouts = yield* h.call("GET", "/settings/layouts?module=Deals")
      assert.strictEqual(layouts.json.layouts[0].sections[0].fields.length > 0, true)
      assert.strictEqual((yield* h.call("GET", "/settings/fields?module=Nope")).json.code, "INVALID_MODULE")
      assert.strictEqual(
        (yield* h.call("GET", "/settings/fields?module=Leads", { scopes: ["ZohoCRM.modules.ALL"] })).status,
        401
      )
    }))

  it.effect("custom modules validate their seeded fields", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed)
      const res = yield* h.call("POST", "/Projects__c", {
        body: {
          data: [{ Name: "Apollo", Budget: 10, Phase: "Plan" }, { Budget: 1 }, { Name: "apollo" }, {
            Name: "X",
            Phase: "Ship"
          }]
        }
      })
      assert.strictEqual(res.status, 207)
      assert.deepStrictEqual(res.json.data.map((d: { code: string }) => d.code), [
        "SUCCESS",
        "MANDATORY_NOT_FOUND",
        "DUPLICATE_DATA",
        "INVALID_DATA"
      ])
      const scoped = yield* h.call("GET", "/Projects__c?fields=Name", { scopes: ["ZohoCRM.modules.custom.READ"] })
      assert.strictEqual(scoped.status, 200)
    }))

  it.effect("users carry Zoho's ids and fields: a long CRM id apart from the zuid, long role and profile ids", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed)
      const users = (yield* h.call("GET", "/users")).json.users
      const roles = (yield* h.call("GET", "/settings/roles")).json.roles
      const profiles = (yield* h.call("GET", "/settings/profiles")).json.profiles
      for (const u of users) {
        assert.match(u.id, /^\d{15,19}$/)
        assert.notStrictEqual(u.id, u.zuid)
        assert.match(u.role.id, /^\d{15,19}$/)
        assert.match(u.profile.id, /^\d{15,19}$/)
        assert.isFalse("type" in u, "Zoho's user schema has no `type`")
        assert.include(roles.map((r: { id: string }) => r.id), u.role.id)
        assert.include(profiles.map((p: { id: string }) => p.id), u.profile.id)
      }
      // Record owners name the CRM user id.
      const created = yield* h.call("POST", "/Leads", { body: { data: [{ Last_Name: "Owned" }] } })
      const rec = yield* h.call("GET", `/Leads/${created.json.data[0].details.id}`)
      assert.strictEqual(rec.json.data[0].Owner.id, users[0].id)
      const reassigned = yield* h.call("PUT", `/Leads/${created.json.data[0].details.id}`, {
        body: { data: [{ Owner: { id: repId } }] }
      })
      assert.strictEqual(reassigned.json.data[0].code, "SUCCESS")
    }))

  it.effect("users by type and id, and the org", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed)
      const all = yield* h.call("GET", "/users?type=AllUsers")
      assert.deepStrictEqual(all.json.users.map((u: { zuid: string }) => u.zuid), ["50001", "50002"])
      assert.deepStrictEqual(all.json.users.map((u: { id: string }) => u.id), [adminId, repId])
      assert.deepStrictEqual(all.json.info, { per_page: 200, count: 2, page: 1, more_records: false })
      const admins = yield* h.call("GET", "/users?type=AdminUsers")
      assert.deepStrictEqual(admins.json.users.map((u: { id: string }) => u.id), [adminId])
      const me = yield* h.call("GET", "/users?type=CurrentUser", { userId: "50002" })
      assert.deepStrictEqual(me.json.users.map((u: { email: string }) => u.email), ["rep@sim.example"])
      const one = yield* h.call("GET", `/users/${repId}`)
      assert.strictEqual(one.json.users[0].full_name, "Sales Rep")
      assert.strictEqual(one.json.users[0].profile.name, "Standard")
      assert.strictEqual((yield* h.call("GET", "/users/999")).status, 204)
      // Users are addressed by their CRM id, not by the zuid.
      assert.strictEqual((yield* h.call("GET", "/users/50002")).status, 204)
      assert.strictEqual((yield* h.call("GET", "/users", { scopes: ["ZohoCRM.modules.ALL"] })).status, 401)
      const org = yield* h.call("GET", "/org")
      assert.strictEqual(org.json.org[0].company_name, "Sim Org")
      assert.strictEqual(org.json.org[0].zgid, "700001")
      assert.strictEqual(org.json.org[0].primary_email, "admin@sim.example")
      assert.strictEqual((yield* h.call("GET", "/org", { scopes: ["ZohoCRM.users.ALL"] })).status, 401)
    }))

  it("exposes the product contract and Zoho's auth error bodies", () => {
    const sim = CrmSim.make(seed)
    assert.strictEqual(sim.basePath, "/crm/v8")
    assert.strictEqual(sim.product, "crm")
    const invalid = sim.errors.invalidToken()
    assert.strictEqual(invalid.status, 401)
    assert.deepStrictEqual(JSON.parse(String(invalid.body)), {
      code: "INVALID_TOKEN",
      details: {},
      message: "invalid oauth token",
      status: "error"
    })
    const scope = sim.errors.scopeMismatch(["ZohoCRM.modules.leads.READ"])
    assert.strictEqual(scope.status, 401)
    assert.strictEqual(JSON.parse(String(scope.body)).code, "OAUTH_SCOPE_MISMATCH")
    const limited = sim.errors.rateLimited("day")
    assert.strictEqual(limited.status, 429)
    assert.strictEqual(JSON.parse(String(limited.body)).code, "TOO_MANY_REQUESTS")
    const notFound = sim.errors.notFound()
    assert.strictEqual(notFound.status, 404)
    assert.strictEqual(JSON.parse(String(notFound.body)).code, "INVALID_URL_PATTERN")
  })
})
