import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { parseCriteria } from "../../src/internal/crm/Search.js"
import { leads, makeHarness, seedWith } from "./harness.js"

const people = [
  {
    Last_Name: "Burns",
    First_Name: "Monty",
    Email: "monty@burns.com",
    Phone: "+1 (555) 010-0001",
    No_of_Employees: 5,
    Lead_Status: "Contacted"
  },
  {
    Last_Name: "Burnside",
    First_Name: "Ann",
    Email: "ann@side.com",
    Phone: "555-0002",
    No_of_Employees: 50,
    Lead_Status: "Junk Lead"
  },
  {
    Last_Name: "Smithers",
    First_Name: "Waylon",
    Email: "w@smithers.com",
    Phone: "555-0003",
    No_of_Employees: 500,
    Lead_Status: "Contacted"
  },
  {
    Last_Name: "Simpson, H",
    First_Name: "Homer",
    Email: "homer@plant.com",
    Phone: "555-0004",
    No_of_Employees: 1,
    Lead_Status: "Not Contacted"
  }
]

const names = (res: { json: { data: Array<{ Last_Name: string }> } }) => res.json.data.map((r) => r.Last_Name).sort()

describe("CrmSim search", () => {
  it("parses nested criteria with escapes", () => {
    const c = parseCriteria("((Last_Name:equals:Simpson\\, H)and(First_Name:starts_with:Ho))or(Lead_Status:in:A,B)")
    assert.strictEqual(c._tag, "Or")
    if (c._tag === "Or" && c.left._tag === "And" && c.left.left._tag === "Cond" && c.right._tag === "Cond") {
      assert.deepStrictEqual(c.left.left.values, ["Simpson, H"])
      assert.deepStrictEqual(c.right.values, ["A", "B"])
    } else {
      assert.fail("unexpected tree")
    }
  })

  it.effect("criteria operators: equals (contains), starts_with, in, not_equal, greater/less, and/or", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith({ org1: { Leads: people } }))
      const q = (criteria: string) =>
        h.call("GET", `/Leads/search?criteria=${encodeURIComponent(criteria)}&fields=Last_Name`)
      assert.deepStrictEqual(names(yield* q("(Last_Name:equals:Burns)")), ["Burns", "Burnside"])
      assert.deepStrictEqual(names(yield* q("(Last_Name:starts_with:smith)")), ["Smithers"])
      assert.deepStrictEqual(names(yield* q("(Lead_Status:in:Junk Lead,Not Contacted)")), ["Burnside", "Simpson, H"])
      assert.deepStrictEqual(names(yield* q("(Lead_Status:not_equal:Contacted)")), ["Burnside", "Simpson, H"])
      assert.deepStrictEqual(names(yield* q("(No_of_Employees:greater_than:5)")), ["Burnside", "Smithers"])
      assert.deepStrictEqual(names(yield* q("(No_of_Employees:less_than:50)")), ["Burns", "Simpson, H"])
      assert.deepStrictEqual(names(yield* q("(No_of_Employees:between:5,50)")), ["Burns", "Burnside"])
      assert.deepStrictEqual(
        names(
          yield* q("((Lead_Status:equals:Contacted)and(No_of_Employees:greater_than:10))or(First_Name:equals:Homer)")
        ),
        ["Simpson, H", "Smithers"]
      )
      assert.deepStrictEqual(names(yield* q("(Last_Name:equals:Simpson\\, H)")), ["Simpson, H"])
      assert.strictEqual((yield* q("(Last_Name:equals:Nobody)")).status, 204)
      const exact = makeHarness(seedWith({ org1: { Leads: people } }), { searchEquals: "exact" })
      const res = yield* exact.call("GET", "/Leads/search?criteria=(Last_Name:equals:burns)&fields=Last_Name")
      assert.deepStrictEqual(names(res), ["Burns"])
    }))

  it.effect("rejects malformed criteria, unknown fields and more than 10 conditions", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith({ org1: { Leads: people } }))
      const q = (criteria: string) => h.call("GET", `/Leads/search?criteria=${encodeURIComponent(criteria)}`)
      assert.strictEqual((yield* q("(Last_Name:equals")).json.code, "INVALID_QUERY")
      assert.strictEqual((yield* q("(Nope:equals:x)")).json.code, "INVALID_QUERY")
      assert.strictEqual((yield* q("(Last_Name:sounds_like:x)")).json.code, "INVALID_QUERY")
      const eleven = Array.from({ length: 11 }, (_, i) => `(Last_Name:equals:x${i})`).join("or")
      const res = yield* q(eleven)
      assert.strictEqual(res.status, 400)
      assert.strictEqual(res.json.code, "LIMIT_EXCEEDED")
      assert.strictEqual((yield* h.call("GET", "/Leads/search")).json.code, "REQUIRED_PARAM_MISSING")
    }))

  it.effect("email, phone and word; criteria wins over email", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith({ org1: { Leads: people } }))
      assert.deepStrictEqual(names(yield* h.call("GET", "/Leads/search?email=ANN@side.com")), ["Burnside"])
      assert.deepStrictEqual(names(yield* h.call("GET", "/Leads/search?phone=5550003")), ["Smithers"])
      assert.deepStrictEqual(names(yield* h.call("GET", "/Leads/search?word=plant")), ["Simpson, H"])
      assert.deepStrictEqual(
        names(yield* h.call("GET", "/Leads/search?criteria=(First_Name:equals:Monty)&email=ann@side.com")),
        ["Burns"]
      )
    }))

  it.effect("reaches at most 2,000 records (LIMIT_REACHED beyond)", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith({ org1: { Leads: leads(2500) } }))
      const tenth = yield* h.call("GET", "/Leads/search?word=lead&page=10&per_page=200")
      assert.strictEqual(tenth.status, 200)
      assert.strictEqual(tenth.json.data.length, 200)
      assert.isTrue(tenth.json.info.more_records)
      const beyond = yield* h.call("GET", "/Leads/search?word=lead&page=11&per_page=200")
      assert.strictEqual(beyond.status, 400)
      assert.strictEqual(beyond.json.code, "LIMIT_REACHED")
    }))

  it.effect("needs ZohoSearch.securesearch.READ besides the module scope", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith({ org1: { Leads: people } }))
      const res = yield* h.call("GET", "/Leads/search?word=burns", { scopes: ["ZohoCRM.modules.ALL"] })
      assert.strictEqual(res.status, 401)
      assert.strictEqual(res.json.code, "OAUTH_SCOPE_MISMATCH")
      const loose = makeHarness(seedWith({ org1: { Leads: people } }), { searchNeedsSecureSearchScope: false })
      assert.strictEqual(
        (yield* loose.call("GET", "/Leads/search?word=burns", { scopes: ["ZohoCRM.modules.ALL"] })).status,
        200
      )
    }))
})
