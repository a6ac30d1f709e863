import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { parse } from "../../src/internal/crm/Coql.js"
import { leads, makeHarness, seedWith } from "./harness.js"

const seed = seedWith({
  org1: {
    Leads: [
      {
        Last_Name: "Burns",
        First_Name: "Monty",
        Email: "monty@burns.com",
        No_of_Employees: 5,
        Lead_Status: "Contacted"
      },
      { Last_Name: "Burnside", First_Name: "Ann", Email: null, No_of_Employees: 50, Lead_Status: "Junk Lead" },
      {
        Last_Name: "Smithers",
        First_Name: "Waylon",
        Email: "w@smithers.com",
        No_of_Employees: 500,
        Lead_Status: "Contacted"
      },
      {
        Last_Name: "O'Hara",
        First_Name: "Scarlett",
        Email: "s@tara.com",
        No_of_Employees: 1,
        Lead_Status: "Not Contacted"
      }
    ],
    Accounts: [{ Account_Name: "Acme" }]
  }
})

const names = (res: { json: { data: Array<{ Last_Name: string }> } }) => res.json.data.map((r) => r.Last_Name)

describe("CrmSim COQL", () => {
  it("parses select, where, order by and both limit forms", () => {
    const q = parse(
      "SELECT Last_Name, Email FROM Leads WHERE (a = 1 or b != 'x') and c is not null ORDER BY Last_Name desc, id LIMIT 10, 20"
    )
    assert.deepStrictEqual(q.fields, ["Last_Name", "Email"])
    assert.strictEqual(q.module, "Leads")
    assert.strictEqual(q.where?._tag, "And")
    assert.deepStrictEqual(q.orderBy, [{ field: "Last_Name", direction: "desc" }, { field: "id", direction: "asc" }])
    assert.strictEqual(q.offset, 10)
    assert.strictEqual(q.limit, 20)
    const p = parse("select id from Leads limit 5 offset 15")
    assert.strictEqual(p.limit, 5)
    assert.strictEqual(p.offset, 15)
  })

  it.effect("select, where (=, !=, <, >, like, in, not in, is null), and/or with parentheses, order", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed)
      const q = (select_query: string) => h.call("POST", "/coql", { body: { select_query } })
      const all = yield* q("select Last_Name from Leads order by Last_Name")
      assert.strictEqual(all.status, 200)
      assert.deepStrictEqual(names(all), ["Burns", "Burnside", "O'Hara", "Smithers"])
      assert.deepStrictEqual(Object.keys(all.json.data[0]).sort(), ["Last_Name", "id"])
      assert.deepStrictEqual(all.json.info, { count: 4, more_records: false })
      assert.deepStrictEqual(
        names(yield* q("select Last_Name from Leads where Lead_Status = 'contacted' order by Last_Name asc")),
        ["Burns", "Smithers"]
      )
      assert.deepStrictEqual(
        names(yield* q("select Last_Name from Leads where No_of_Employees > 5 order by No_of_Employees desc")),
        ["Smithers", "Burnside"]
      )
      assert.deepStrictEqual(
        names(yield* q("select Last_Name from Leads where No_of_Employees <= 5 and Lead_Status != 'Contacted'")),
        ["O'Hara"]
      )
      assert.deepStrictEqual(
        names(yield* q("select Last_Name from Leads where Last_Name like 'burn%' order by Last_Name")),
        ["Burns", "Burnside"]
      )
      assert.deepStrictEqual(names(yield* q("select Last_Name from Leads where Last_Name like '%ar%'")), ["O'Hara"])
      assert.deepStrictEqual(names(yield* q("select Last_Name from Leads where Last_Name = 'O''Hara'")), ["O'Hara"])
      assert.deepStrictEqual(
        names(
          yield* q("select Last_Name from Leads where Lead_Status in ('Junk Lead', 'Not Contacted') order by Last_Name")
        ),
        ["Burnside", "O'Hara"]
      )
      assert.deepStrictEqual(
        names(yield* q("select Last_Name from Leads where Lead_Status not in ('Contacted') order by Last_Name")),
        ["Burnside", "O'Hara"]
      )
      assert.deepStrictEqual(names(yield* q("select Last_Name from Leads where Email is null")), ["Burnside"])
      assert.deepStrictEqual(
        names(
          yield* q(
            "select Last_Name from Leads where (Lead_Status = 'Contacted' and No_of_Employees > 100) or First_Name = 'Ann' order by Last_Name"
          )
        ),
        ["Burnside", "Smithers"]
      )
      assert.deepStrictEqual(
        names(yield* q("select Last_Name from Leads where No_of_Employees between 2 and 60 order by Last_Name")),
        ["Burns", "Burnside"]
      )
      assert.strictEqual((yield* q("select Last_Name from Leads where Last_Name = 'Nobody'")).status, 204)
    }))

  it.effect("limit and offset page through the rows", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith({ org1: { Leads: leads(30) } }))
      const q = (select_query: string) => h.call("POST", "/coql", { body: { select_query } })
      const first = yield* q("select Last_Name from Leads order by No_of_Employees limit 10")
      assert.deepStrictEqual(names(first), Array.from({ length: 10 }, (_, i) => `Lead${i}`))
      assert.isTrue(first.json.info.more_records)
      const third = yield* q("select Last_Name from Leads order by No_of_Employees limit 10 offset 20")
      assert.deepStrictEqual(names(third), Array.from({ length: 10 }, (_, i) => `Lead${20 + i}`))
      assert.isFalse(third.json.info.more_records)
      const mysql = yield* q("select Last_Name from Leads order by No_of_Employees limit 25, 10")
      assert.deepStrictEqual(names(mysql), ["Lead25", "Lead26", "Lead27", "Lead28", "Lead29"])
      const defaultLimit = makeHarness(seedWith({ org1: { Leads: leads(250) } }))
      const res = yield* defaultLimit.call("POST", "/coql", { body: { select_query: "select Last_Name from Leads" } })
      assert.strictEqual(res.json.data.length, 200)
      assert.isTrue(res.json.info.more_records)
    }))

  it.effect("enforces the LIMIT, SELECT, WHERE and reachable-row limits", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed)
      const q = (select_query: string) => h.call("POST", "/coql", { body: { select_query } })
      assert.strictEqual((yield* q("select Last_Name from Leads limit 2001")).json.code, "LIMIT_EXCEEDED")
      assert.strictEqual((yield* q("select Last_Name from Leads limit 2000")).status, 200)
      assert.strictEqual((yield* q("select Last_Name from Leads limit 99000, 2000")).json.code, "LIMIT_EXCEEDED")
      const fields = Array.from({ length: 51 }, () => "Last_Name").join(", ")
      assert.strictEqual((yield* q(`select ${fields} from Leads`)).json.code, "LIMIT_EXCEEDED")
      const where = Array.from({ length: 26 }, (_, i) => `Last_Name = 'x${i}'`).join(" or ")
      const res = yield* q(`select Last_Name from Leads where ${where}`)
      assert.strictEqual(res.json.code, "LIMIT_EXCEEDED")
      assert.deepStrictEqual(res.json.details, { clause: "where", limit: 25 })
    }))

  it.effect("reports syntax errors with line, column and near; invalid columns and modules", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed)
      const q = (select_query: string) => h.call("POST", "/coql", { body: { select_query } })
      const missingFrom = yield* q("select Last_Name Leads")
      assert.strictEqual(missingFrom.status, 400)
      assert.deepStrictEqual(missingFrom.json, {
        code: "SYNTAX_ERROR",
        details: { line: 1, column: 18, near: "Leads" },
        message: "error occurred while parsing the query",
        status: "error"
      })
      assert.strictEqual((yield* q("select * from Leads")).json.code, "SYNTAX_ERROR")
      assert.strictEqual((yield* q("select Last_Name from Leads where Last_Name = 'open")).json.code, "SYNTAX_ERROR")
      assert.strictEqual((yield* q("select Last_Name from Leads where (Last_Name = 'x'")).json.code, "SYNTAX_ERROR")
      const column = yield* q("select Nope from Leads")
      assert.strictEqual(column.json.code, "INVALID_QUERY")
      assert.strictEqual(column.json.details.column_name, "Nope")
      const value = yield* q("select Last_Name from Leads where No_of_Employees = 'many'")
      assert.strictEqual(value.json.code, "INVALID_QUERY")
      assert.strictEqual(value.json.message, "value given seems to be invalid for the column")
      assert.strictEqual((yield* q("select Name from Nope")).json.code, "INVALID_QUERY")
      assert.strictEqual((yield* h.call("POST", "/coql", { body: {} })).json.code, "REQUIRED_PARAM_MISSING")
    }))

  it.effect("follows lookups with dotted fields and needs the coql scope", () =>
    Effect.gen(function*() {
      const h = makeHarness(seed)
      const acc =
        (yield* h.call("POST", "/coql", { body: { select_query: "select Account_Name from Accounts" } })).json.data[0]
      yield* h.call("POST", "/Contacts", {
        body: { data: [{ Last_Name: "Linked", Account_Name: { id: acc.id } }, { Last_Name: "Alone" }] }
      })
      const res = yield* h.call("POST", "/coql", {
        body: {
          select_query:
            "select Last_Name, Account_Name, Account_Name.Account_Name from Contacts where Account_Name.Account_Name = 'Acme'"
        }
      })
      assert.strictEqual(res.json.data.length, 1)
      assert.deepStrictEqual(res.json.data[0].Account_Name, { id: acc.id })
      assert.strictEqual(res.json.data[0]["Account_Name.Account_Name"], "Acme")
      const denied = yield* h.call("POST", "/coql", {
        body: { select_query: "select Last_Name from Leads" },
        scopes: ["ZohoCRM.modules.ALL"]
      })
      assert.strictEqual(denied.status, 401)
      const noModule = yield* h.call("POST", "/coql", {
        body: { select_query: "select Last_Name from Leads" },
        scopes: ["ZohoCRM.coql.READ", "ZohoCRM.modules.contacts.READ"]
      })
      assert.strictEqual(noModule.status, 401)
    }))
})
