/**
 * A full invoice export as NDJSON: every invoice's summary streamed from `Books.invoices.list`,
 * each read in full with `Books.invoices.get` (line items and all), one JSON line each, written to
 * a file through `FileSystem.sink`. 1,000 invoices take about 1,005 calls; Books allows 100 a
 * minute per org, so the export runs for ten minutes on the TestClock, and the client's throttle
 * (Books' default policy, nothing configured) must keep it inside the limit while using it fully.
 */
import type { ZohoClient } from "@effect-zoho/core/ZohoClient"
import type { ZohoError } from "@effect-zoho/core/ZohoError"
import { SimSeed } from "@effect-zoho/sim"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import type { PlatformError } from "@effect/platform/Error"
import * as FileSystem from "@effect/platform/FileSystem"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as path from "node:path"
import * as Books from "../../src/Books.js"
import { ORG, stack } from "../support/Stack.js"
import { field } from "./Matrix.js"

const INVOICES = 1_000
const LIMIT_PER_MINUTE = 100

/** The org on a paid plan (10,000 calls a day), with 1,000 sent invoices of one customer. */
const seed = SimSeed.demo({
  orgs: [{ id: "org1", name: "Sim Org", zgid: "700001", financeOrganizationId: ORG, financePlan: "premium" }],
  financeRecords: {
    [ORG]: {
      books: {
        contacts: [{ contact_id: "460000000000001", contact_name: "Acme Ltd" }],
        invoices: Array.from({ length: INVOICES }, (_, i) => ({
          customer_id: "460000000000001",
          customer_name: "Acme Ltd",
          status: "sent",
          date: "2025-03-14",
          reference_number: `EXPORT-${i + 1}`,
          line_items: [{
            line_item_id: `${460000000100000 + i}`,
            name: "Consulting",
            rate: 150,
            quantity: 1 + (i % 4)
          }],
          total: 150 * (1 + (i % 4)),
          balance: 150 * (1 + (i % 4))
        }))
      }
    }
  }
})

/**
 * Every invoice, in full, as one JSON line each in `file`: the list's summaries are read one page
 * of 200 at a time and each invoice is fetched with up to 5 calls in flight (Books' concurrency
 * on the free plan); memory stays at a page plus the calls in flight.
 */
const exportInvoices = (
  file: string
): Effect.Effect<number, ZohoError | PlatformError, ZohoClient | FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    let lines = 0
    yield* Books.invoices.list({}, { perPage: 200 }).pipe(
      // `field`, not `summary.invoice_id`: the list's item type is `never` for now (Pagination.FinanceItem
      // wants the list key required, and every generated finance list declares it optional).
      Stream.mapEffect((summary) => Books.invoices.get(String(field(summary, "invoice_id"))), { concurrency: 5 }),
      Stream.map((invoice) => {
        lines++
        return `${JSON.stringify(invoice)}\n`
      }),
      Stream.encodeText,
      Stream.run(fs.sink(file))
    )
    return lines
  })

describe("a 1,000-invoice export to NDJSON at Books' 100 calls a minute", () => {
  it.scoped("uses at least 95% of the limit with zero 429s", () =>
    Effect.gen(function*() {
      const { layer, simulator } = yield* stack({ seed })
      const fs = yield* FileSystem.FileSystem
      const file = path.join(yield* fs.makeTempDirectoryScoped({ prefix: "books-export-" }), "invoices.ndjson")

      const fiber = yield* Effect.fork(Effect.provide(exportInvoices(file), layer))
      // Ten minutes and a bit of simulated time, a second at a time, so every wait for a permit ends.
      for (let s = 0; s < 11 * 60; s++) yield* TestClock.adjust("1 second")
      const written = yield* Fiber.join(fiber)

      const stats = yield* simulator.stats
      const log = (yield* simulator.log).filter((e) => e.product === "books")
      const start = log[0]!.at
      const end = log[log.length - 1]!.at
      const minutes = Math.ceil((end - start + 1) / 60_000)
      const perMinute = Array.from(
        { length: minutes },
        (_, m) => log.filter((e) => e.at >= start + m * 60_000 && e.at < start + (m + 1) * 60_000).length
      )
      // The last minute holds what was left over; every minute before it was a full one.
      const full = perMinute.slice(0, -1)
      const lowest = Math.min(...full) / LIMIT_PER_MINUTE
      const average = full.reduce((a, b) => a + b, 0) / (full.length * LIMIT_PER_MINUTE)
      const rateLimited = stats.rateLimited.minute + stats.rateLimited.concurrency + stats.rateLimited.day

      const lines = (yield* fs.readFileString(file)).split("\n").filter((l) => l !== "")
      const invoices = lines.map((l) =>
        JSON.parse(l) as { invoice_number?: string; line_items?: ReadonlyArray<unknown> }
      )
      console.log(
        [
          `Books invoice export: ${lines.length} invoices as NDJSON in ${log.length} calls over ${
            ((end - start) / 60_000).toFixed(1)
          } min (TestClock)`,
          `  calls per minute   ${perMinute.join(", ")}`,
          `  limit used         lowest full minute ${(lowest * 100).toFixed(0)}% of ${LIMIT_PER_MINUTE}/min; ` +
          `average of the ${full.length} full minutes ${(average * 100).toFixed(1)}%`,
          `  429s               ${rateLimited}`
        ].join("\n")
      )

      assert.strictEqual(written, INVOICES)
      assert.strictEqual(lines.length, INVOICES)
      assert.strictEqual(new Set(invoices.map((i) => i.invoice_number)).size, INVOICES)
      assert.isTrue(invoices.every((i) => (i.line_items?.length ?? 0) === 1), "full invoices, line items included")
      assert.strictEqual(log.length, INVOICES + INVOICES / 200)
      assert.strictEqual(rateLimited, 0)
      assert.isAtLeast(full.length, 9)
      assert.isAtLeast(lowest, 0.95)
      assert.isAtMost(Math.max(...perMinute), LIMIT_PER_MINUTE)
    }).pipe(Effect.provide(NodeFileSystem.layer)), 120_000)
})
