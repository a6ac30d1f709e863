/**
 * examples/src/crmToBooks.ts (docs/crm-to-books.md) against the simulator: closed-won CRM deals
 * become sent Books invoices, the invoice numbers go back to the deals, and running it again
 * creates nothing, even after a run that stopped between creating an invoice and writing back.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"
import { simulatorStack, type Summary, sync, writtenBack } from "../../../../examples/src/crmToBooks.js"
import * as Books from "../../src/Books.js"
import { field } from "../modules/Matrix.js"

const quiet = { log: () => Effect.void }
const line = (label: string, s: Summary) =>
  `${label}: ${s.wonDeals} won deals → ${s.invoicesCreated} invoices created, ${s.contactsCreated} customers ` +
  `created, ${s.alreadyInvoiced} already invoiced, ${s.resumed} resumed, ${s.withoutAmount} without an amount`

/** Every invoice in Books, and every won deal's id and description in CRM. */
const state = Effect.gen(function*() {
  const invoices = Chunk.toReadonlyArray(yield* Stream.runCollect(Books.invoices.list()))
  const deals = yield* writtenBack()
  return { invoices, deals, invoiced: deals.filter((d) => d.invoiceNumber !== undefined) }
})

describe("CRM closed-won deals become Books invoices (examples/src/crmToBooks.ts)", () => {
  it.effect("the first run invoices every won deal with an amount, the second creates nothing", () =>
    Effect.gen(function*() {
      const { layer } = yield* simulatorStack(5)
      yield* Effect.gen(function*() {
        const first = yield* sync(quiet)
        const second = yield* sync(quiet)
        console.log(`${line("first run ", first)}\n${line("second run", second)}`)

        assert.strictEqual(first.wonDeals, 6)
        assert.strictEqual(first.invoicesCreated, 5)
        assert.strictEqual(first.contactsCreated, 3, "two deals per repeat customer reuse its contact")
        assert.strictEqual(first.withoutAmount, 1)
        assert.strictEqual(second.invoicesCreated, 0)
        assert.strictEqual(second.contactsCreated, 0)
        assert.strictEqual(second.alreadyInvoiced, 5)

        const { invoiced, invoices } = yield* state
        assert.strictEqual(invoices.length, 5)
        assert.isTrue(invoices.every((i) => field(i, "status") === "sent"), "every invoice is sent")
        const byReference = new Map(invoices.map((i) => [field(i, "reference_number"), field(i, "invoice_number")]))
        assert.strictEqual(invoiced.length, 5)
        for (const deal of invoiced) assert.strictEqual(deal.invoiceNumber, byReference.get(deal.id))
        const totals = invoices.map((i) => Number(field(i, "total"))).sort((a, b) => a - b)
        assert.deepStrictEqual(totals, [1000, 2000, 3000, 4000, 5000])
      }).pipe(Effect.provide(layer))
    }))

  it.effect("a run that fails writing back is resumed: no invoice twice", () =>
    Effect.gen(function*() {
      const { layer, simulator } = yield* simulatorStack(5)
      yield* Effect.gen(function*() {
        // CRM refuses every deal update: the first invoice is created and sent, then the run fails.
        yield* simulator.injectFault({
          route: { method: "PUT", pattern: "^/crm/v8/Deals" },
          times: Infinity,
          fault: {
            _tag: "Status",
            status: 400,
            body: { data: [{ code: "INVALID_DATA", message: "invalid data", status: "error", details: {} }] }
          }
        })
        const failed = yield* Effect.either(sync(quiet))
        assert.isTrue(Either.isLeft(failed))
        assert.strictEqual((yield* state).invoices.length, 1)

        yield* simulator.clearFaults
        const resumed = yield* sync(quiet)
        const again = yield* sync(quiet)
        console.log(`${line("after a failed write-back", resumed)}\n${line("then", again)}`)
        assert.strictEqual(resumed.resumed, 1)
        assert.strictEqual(resumed.invoicesCreated, 4)
        assert.strictEqual(again.invoicesCreated + again.resumed, 0)
        const { invoiced, invoices } = yield* state
        assert.strictEqual(invoices.length, 5)
        assert.strictEqual(new Set(invoices.map((i) => field(i, "reference_number"))).size, 5)
        assert.strictEqual(invoiced.length, 5)
      }).pipe(Effect.provide(layer))
    }))
})
