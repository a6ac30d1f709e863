import * as MemoryTokenStore from "@effect-zoho/core/MemoryTokenStore"
import * as TokenStore from "@effect-zoho/core/TokenStore"
import * as Zoho from "@effect-zoho/core/Zoho"
import type { ZohoClient } from "@effect-zoho/core/ZohoClient"
import { ZohoApiError, ZohoAuthError, ZohoConfigError, ZohoTransportError } from "@effect-zoho/core/ZohoError"
import * as ZohoRegion from "@effect-zoho/core/ZohoRegion"
import type * as ZohoUser from "@effect-zoho/core/ZohoUser"
import * as SimHttpClient from "@effect-zoho/sim/SimHttpClient"
import * as SimSeed from "@effect-zoho/sim/SimSeed"
import * as Simulator from "@effect-zoho/sim/Simulator"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as Expense from "../src/Expense.js"
import { admin, userFor } from "./support/Stack.js"

const clerk = userFor("1000.clerkrefresh", "clerk@sim.example")

/** The demo seed plus a second user of the same org who is not an approver (role `standard`). */
const seed = SimSeed.demo({
  users: [
    { id: "50001", email: "admin@sim.example", name: "Sim Admin", orgId: "org1" },
    { id: "50002", email: "clerk@sim.example", name: "Clerk", orgId: "org1", role: "standard" }
  ],
  refreshTokens: [
    { token: "1000.simrefresh", clientId: "1000.SIMCLIENT", userId: "50001", scopes: SimSeed.demoScopes },
    { token: "1000.clerkrefresh", clientId: "1000.SIMCLIENT", userId: "50002", scopes: SimSeed.demoScopes }
  ]
})

const as = (simulator: Simulator.Service, user: ZohoUser.ZohoUser) =>
  Zoho.layer({ region: ZohoRegion.make("US"), user }).pipe(
    Layer.provide(SimHttpClient.layerFrom(simulator)),
    Layer.provide(Layer.effect(TokenStore.TokenStore, MemoryTokenStore.make()))
  )

/** One simulator; the program runs as the admin (an approver) and gets a way to act as the clerk. */
const run = <A, E>(
  program: (
    clerkDo: <B, F>(effect: Effect.Effect<B, F, ZohoClient>) => Effect.Effect<B, F>,
    simulator: Simulator.Service
  ) => Effect.Effect<A, E, ZohoClient>
) =>
  Effect.gen(function*() {
    const simulator = yield* Simulator.make(seed)
    const clerkLayer = as(simulator, clerk)
    return yield* Effect.provide(
      program((effect) => Effect.provide(effect, clerkLayer), simulator),
      as(simulator, admin)
    )
  })

const collect = <A, E, R>(stream: Stream.Stream<A, E, R>) =>
  Effect.map(Stream.runCollect(stream), Chunk.toReadonlyArray)

const pdf = {
  fileName: "taxi.pdf",
  contentType: "application/pdf",
  bytes: new TextEncoder().encode("%PDF-1.4 receipt")
}

const setup = Effect.gen(function*() {
  const currency = yield* Expense.currencies.create({ currency_code: "EUR", currency_format: "1.234.567,89" })
  const category = yield* Expense.categories.create({ category_name: "Taxi" })
  return { currencyId: currency.currency_id!, categoryId: category.category_id ?? "460000000000418" }
})

const expenseBody = (s: Effect.Effect.Success<typeof setup>, amount: number) => ({
  currency_id: s.currencyId,
  date: "2026-03-02",
  line_items: [{ category_id: s.categoryId, amount }]
})

const expensesPosted = (simulator: Simulator.Service) =>
  Effect.map(simulator.log, (log) => log.filter((e) => e.method === "POST" && e.path === "/expense/v1/expenses").length)

describe("Expense", () => {
  it.effect("an expense report from creation to reimbursement: create, add an expense with a receipt, submit, approve, reimburse", () =>
    run(() =>
      Effect.gen(function*() {
        const s = yield* setup
        const report = yield* Expense.expenseReports.create({
          report_name: "March travel",
          start_date: "2026-03-01",
          end_date: "2026-03-31"
        })
        const reportId = report.report_id!
        const expense = yield* Expense.expenseReports.addExpense(reportId, expenseBody(s, 23.5), pdf)
        assert.strictEqual(expense.report_id, reportId)
        const statuses: Array<string | undefined> = []
        yield* Expense.expenseReports.submit(reportId, { body: {} })
        statuses.push((yield* Expense.expenseReports.get(reportId)).status)
        yield* Expense.expenseReports.approve(reportId, { body: {} })
        statuses.push((yield* Expense.expenseReports.get(reportId)).status)
        yield* Expense.expenseReports.reimburse(reportId, { body: { amount: 23.5, date: "2026-04-01" } })
        statuses.push((yield* Expense.expenseReports.get(reportId)).status)
        assert.deepStrictEqual(statuses, ["submitted", "approved", "reimbursed"])
        const inReport = yield* collect(Expense.expenses.list({}, { perPage: 2 }))
        assert.deepStrictEqual(inReport.map((e) => (e as unknown as { readonly report_id?: string }).report_id), [
          reportId
        ])
      })
    ))

  it.effect("existing expenses are added to a report; a rejected report goes back to submitted", () =>
    run(() =>
      Effect.gen(function*() {
        const s = yield* setup
        const a = yield* Expense.expenses.create(expenseBody(s, 10))
        const b = yield* Expense.expenses.createWithReceipt(expenseBody(s, 11), {
          ...pdf,
          fileName: "b.jpg",
          contentType: "image/jpeg"
        })
        const report = yield* Expense.expenseReports.create({
          report_name: "Q1",
          start_date: "2026-01-01",
          end_date: "2026-03-31"
        })
        const added = yield* Expense.expenseReports.addExpenses(report.report_id!, [
          { expense_id: a.expense_id!, line_items: [{ category_id: s.categoryId, amount: 10 }] },
          { expense_id: b.expense_id!, line_items: [{ category_id: s.categoryId, amount: 11 }] }
        ])
        assert.deepStrictEqual(added.map((e) => e.report_id), [report.report_id, report.report_id])
        yield* Expense.expenseReports.submit(report.report_id!, { body: {} })
        yield* Expense.expenseReports.reject(report.report_id!, { body: {} })
        yield* Expense.expenseReports.submit(report.report_id!, { body: {} })
        assert.strictEqual((yield* Expense.expenseReports.get(report.report_id!)).status, "submitted")
      })
    ))

  it.effect("a receipt that is not an image or a PDF is refused before any request, naming its type", () =>
    run((_clerk, simulator) =>
      Effect.gen(function*() {
        const s = yield* setup
        const error = yield* Effect.flip(
          Expense.expenses.createWithReceipt(expenseBody(s, 5), {
            fileName: "notes.txt",
            bytes: new Uint8Array([104, 105])
          })
        )
        assert.instanceOf(error, ZohoConfigError)
        assert.strictEqual(error.reason, "InvalidInput")
        assert.include(error.message, `"notes.txt" is application/octet-stream`)
        const typed = yield* Effect.flip(
          Expense.expenses.createWithReceipt(expenseBody(s, 5), {
            fileName: "r.zip",
            contentType: "application/zip",
            bytes: new Uint8Array([1])
          })
        )
        assert.include(typed.message, "application/zip")
        assert.strictEqual(yield* expensesPosted(simulator), 0)
      })
    ))

  it.effect("an expense in a currency the org does not have: Zoho's 1002 as a typed error, no expense", () =>
    run(() =>
      Effect.gen(function*() {
        const s = yield* setup
        const error = yield* Effect.flip(
          Expense.expenses.create({ ...expenseBody(s, 5), currency_id: "460000000099999" })
        )
        assert.instanceOf(error, ZohoApiError)
        assert.strictEqual(error.code, 1002)
        assert.include(error.message, "Currency")
        assert.deepStrictEqual(yield* collect(Expense.expenses.list()), [])
      })
    ))

  it.effect("an approval by a user who is not an approver: Zoho's 57 as a typed error, the report stays submitted", () =>
    run((asClerk) =>
      Effect.gen(function*() {
        const report = yield* Expense.expenseReports.create({
          report_name: "R",
          start_date: "2026-01-01",
          end_date: "2026-01-31"
        })
        yield* Expense.expenseReports.submit(report.report_id!, { body: {} })
        const error = yield* Effect.flip(asClerk(Expense.expenseReports.approve(report.report_id!, { body: {} })))
        // Zoho's 57 is the client's ZohoAuthError (ScopeMismatch), never replayed with a new token.
        assert.instanceOf(error, ZohoAuthError)
        assert.strictEqual(error.reason, "ScopeMismatch")
        assert.include(error.message, "not authorized")
        assert.strictEqual((yield* Expense.expenseReports.get(report.report_id!)).status, "submitted")
      })
    ))

  it.effect("a receipt upload that fails part way creates no expense and reports no success", () =>
    run((_clerk, simulator) =>
      Effect.gen(function*() {
        const s = yield* setup
        // The file's stream fails after its first chunk: nothing is sent.
        const failing = {
          fileName: "scan.pdf",
          contentType: "application/pdf",
          stream: Stream.concat(Stream.make(new Uint8Array([37, 80, 68, 70])), Stream.fail("disk read error"))
        }
        const read = yield* Effect.flip(Expense.expenses.createWithReceipt(expenseBody(s, 7), failing))
        assert.instanceOf(read, ZohoTransportError)
        assert.strictEqual(yield* expensesPosted(simulator), 0)
        // The connection drops while the upload is in flight: a create is not replayed, and the
        // caller gets the failure, not an expense.
        yield* simulator.injectFault({
          route: { method: "POST", pathPrefix: "/expense/v1/expenses" },
          fault: { _tag: "Reset" }
        })
        const dropped = yield* Effect.flip(Expense.expenses.createWithReceipt(expenseBody(s, 7), pdf))
        assert.instanceOf(dropped, ZohoTransportError)
        assert.strictEqual(yield* expensesPosted(simulator), 1)
        assert.deepStrictEqual(yield* collect(Expense.expenses.list()), [])
      })
    ))
})
