import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { arr, harness, obj, ORG } from "./harness.js"

describe("Expense", () => {
  it.effect("takes the org id from X-com-zoho-expense-organizationid or organization_id", () =>
    Effect.gen(function*() {
      const h = harness()
      const header = yield* h.call("expense", "GET", "/expenses", {
        org: "none",
        headers: { "X-com-zoho-expense-organizationid": ORG }
      })
      assert.strictEqual(header.status, 200)
      // Expense's docs name the query parameter too (finance-endpoints.md §2).
      const query = yield* h.call("expense", "GET", "/expenses", { org: "none", query: { organization_id: ORG } })
      assert.strictEqual(query.status, 200)
      const none = yield* h.call("expense", "GET", "/expenses", { org: "none" })
      assert.strictEqual(none.status, 400)
    }))

  it.effect("walks a report through submit, reject, submit, approve", () =>
    Effect.gen(function*() {
      const h = harness()
      const created = yield* h.call("expense", "POST", "/expensereports", { json: { report_name: "March travel" } })
      assert.strictEqual(created.status, 201)
      const report = obj(created.body.expense_report)
      assert.strictEqual(report.status, "draft")
      assert.strictEqual(report.report_number, "ER-00001")
      const id = String(report.report_id)

      const approveDraft = yield* h.call("expense", "POST", `/expensereports/${id}/approve`)
      assert.strictEqual(approveDraft.body.code, 1025)
      const steps = ["submit", "reject", "submit", "approve"]
      const statuses: Array<unknown> = []
      for (const step of steps) {
        const reply = yield* h.call("expense", "POST", `/expensereports/${id}/${step}`)
        assert.strictEqual(reply.body.code, 0, step)
        statuses.push(obj((yield* h.call("expense", "GET", `/expensereports/${id}`)).body.expense_report).status)
      }
      assert.deepStrictEqual(statuses, ["submitted", "rejected", "submitted", "approved"])
      const list = yield* h.call("expense", "GET", "/expensereports", { query: { filter_by: "Status.Approved" } })
      assert.deepStrictEqual(arr(list.body.expense_reports).map((r) => r.report_id), [id])
    }))

  it.effect("links expenses to an existing report only, and validates amounts", () =>
    Effect.gen(function*() {
      const h = harness()
      const report = yield* h.call("expense", "POST", "/expensereports", { json: { report_name: "Q1" } })
      const reportId = String(obj(report.body.expense_report).report_id)
      const linked = yield* h.call("expense", "POST", "/expenses", { json: { amount: "12.40", report_id: reportId } })
      assert.strictEqual(obj(linked.body.expense).amount, 12.4)
      assert.strictEqual(obj(linked.body.expense).status, "unsubmitted")
      const orphan = yield* h.call("expense", "POST", "/expenses", { json: { amount: 1, report_id: "77" } })
      assert.deepStrictEqual(orphan.body, { code: 1002, message: "Expense report does not exist." })
      const bad = yield* h.call("expense", "POST", "/expenses", { json: { amount: "lots" } })
      assert.strictEqual(bad.body.code, 2)
      const byReport = yield* h.call("expense", "GET", "/expenses", { query: { report_id: reportId } })
      assert.strictEqual(arr(byReport.body.expenses).length, 1)
    }))
})
