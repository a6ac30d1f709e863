/**
 * Throughput at a known limit: how much of an org's limit the client uses, how many 429s it gets
 * and how many calls complete, in one process (the in-process throttle) and in 4 processes
 * sharing the Redis throttle. Worker processes (`test/distributed/worker.mjs`, the built stack
 * over loopback HTTP) against the simulator server in this process; arrival times and statuses
 * come from the simulator's request log. Written to `bench/results.json` (section `throughput`).
 *
 * - Books: 100 requests per window per org, client and simulator alike (`ThrottlePolicy.finance`,
 *   the simulator's finance default), with the window shortened from a minute to 6 s so a run
 *   covers five windows in about 30 s. Utilisation: the calls answered in each full window
 *   (windows counted from the first answer; the last, partial one left out) over the limit. The limit is a count per window, so the share of it used
 *   and the 429s at window edges mean the same at any window length; a shorter window only makes
 *   the fixed costs (latency, jitter, process start) weigh more, so the figures are if anything
 *   pessimistic. The simulator answers in 20–80 ms (`Simulator.defaultServerTime`), as a nearby
 *   Zoho data center does.
 * - CRM: the concurrency limit, 5 calls in flight (`ZohoProducts.crm.throttle`, the free
 *   edition; the simulator set to the same), each call held 200 ms by the simulator, so a fully
 *   used limit completes 25 calls a second. Utilisation: the calls' server time over the run
 *   (calls × 200 ms ÷ (5 × the time from the first arrival to the last answer)).
 */
import { ZohoProducts } from "@effect-zoho/core"
import { SimSeed, Simulator } from "@effect-zoho/sim"
import { describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { inject } from "vitest"
import { expiredToken, simServer, storeArgs, uniqueName, withStore } from "../distributed/seed.js"
import { maxInSlidingWindow } from "../distributed/sharedLimit.js"
import { requireBuild, resultOf, spawnWorkers, sumErrors } from "../distributed/workers.js"
import { serversSkipped } from "../support/servers.js"
import { fmt, table, writeResults } from "./support/benchWorld.js"

/** One minute scaled down tenfold. */
const WINDOW_MS = 6_000
const BOOKS_LIMIT = ZohoProducts.books.throttle.requestsPerWindow ?? 100
const BOOKS_CALLS = 5 * BOOKS_LIMIT
const CRM_CONCURRENT = ZohoProducts.crm.throttle.maxConcurrent
const CRM_SERVER_MS = 200
const CRM_CALLS = 500

type Product = "books" | "crm"

interface Scenario {
  readonly product: Product
  readonly processes: 1 | 4
}

interface Row {
  readonly product: Product
  readonly limit: string
  readonly processes: number
  readonly throttle: "in process" | "Redis"
  readonly calls: number
  readonly completed: number
  readonly errors: Record<string, number>
  readonly rateLimited: number
  readonly seconds: number
  /** Share of the limit used over the run, 0–1. */
  readonly utilisation: number
  /** Books: served calls in each window from the first arrival; CRM: most calls in flight at once. */
  readonly detail: string
}

const run = (redisUrl: string, { processes, product }: Scenario) =>
  Effect.gen(function*() {
    requireBuild()
    const books = product === "books"
    const sim = yield* simServer(SimSeed.demo(), {
      serverTime: books ? Simulator.defaultServerTime : Duration.millis(CRM_SERVER_MS)
    })
    yield* books
      ? sim.simulator.setLimits("*", "books", {
        requestsPerMinute: BOOKS_LIMIT,
        window: Duration.millis(WINDOW_MS),
        perDay: 1_000_000_000
      })
      : sim.simulator.setLimits("*", "crm", { concurrent: CRM_CONCURRENT, perDay: 1_000_000_000 })
    const target = { url: redisUrl, name: uniqueName(`throughput_${product}`) }
    yield* withStore("redis", target, (store) => store.save(expiredToken(sim.url)))

    const total = books ? BOOKS_CALLS : CRM_CALLS
    const args = [
      "--sim",
      sim.url,
      ...storeArgs("redis", target),
      "--product",
      product,
      "--throttle",
      processes === 1 ? "local" : "redis",
      ...(books ? ["--limit", String(BOOKS_LIMIT), "--window-ms", String(WINDOW_MS)] : []),
      "--calls",
      String(total / processes),
      "--warmup"
    ]
    const spawned = yield* spawnWorkers(Array.from({ length: processes }, () => args), { timeout: "150 seconds" })
    // The warm-up calls (token, connections) leave the client's window; the simulator forgets them.
    yield* Effect.sleep(Duration.millis(books ? WINDOW_MS : 500))
    yield* sim.simulator.resetCounters
    const releasedAt = Date.now()
    yield* spawned.release
    const results = (yield* spawned.outcomes).map(resultOf)
    const seconds = (Date.now() - releasedAt) / 1000

    const stats = yield* sim.simulator.stats
    const log = (yield* sim.simulator.log).filter((entry) => entry.product === product && entry.at >= releasedAt)
    // Answered (200, or 204 for an empty CRM module), not refused with a 429.
    const served = log.filter((entry) => entry.status >= 200 && entry.status < 300).map((entry) => entry.at)
      .sort((a, b) => a - b)
    const first = served[0]!
    const last = served[served.length - 1]!
    let utilisation: number
    let detail: string
    if (books) {
      // Windows from the first answered call; the last one is partial (the run ends in it).
      const windows = Math.floor((last - first) / WINDOW_MS) + 1
      const perWindow = Array.from(
        { length: windows },
        (_, w) => served.filter((t) => t >= first + w * WINDOW_MS && t < first + (w + 1) * WINDOW_MS).length
      )
      const full = perWindow.slice(0, -1)
      utilisation = full.reduce((n, k) => n + k, 0) / (full.length * BOOKS_LIMIT)
      detail = `answered per window ${perWindow.join(", ")}; most in any ${WINDOW_MS / 1000} s: ${
        maxInSlidingWindow(served, WINDOW_MS)
      }`
    } else {
      utilisation = served.length * CRM_SERVER_MS / (CRM_CONCURRENT * (last + CRM_SERVER_MS - first))
      detail = `most in flight: ${maxInSlidingWindow(served, CRM_SERVER_MS)}`
    }
    const row: Row = {
      product,
      limit: books ? `${BOOKS_LIMIT} per ${WINDOW_MS / 1000} s` : `${CRM_CONCURRENT} in flight`,
      processes,
      throttle: processes === 1 ? "in process" : "Redis",
      calls: total,
      completed: results.reduce((n, r) => n + r.ok, 0),
      errors: sumErrors(results),
      rateLimited: stats.rateLimited.minute + stats.rateLimited.concurrency + stats.rateLimited.day,
      seconds,
      utilisation,
      detail
    }
    return row
  }).pipe(Effect.scoped)

describe.skipIf(serversSkipped)("throughput at a known limit", () => {
  it.live("Books 100 per window and CRM 5 in flight, 1 process and 4 on Redis", () =>
    Effect.gen(function*() {
      const redisUrl = inject("redisUrl")!
      const rows: Array<Row> = []
      for (const product of ["books", "crm"] as const) {
        for (const processes of [1, 4] as const) rows.push(yield* run(redisUrl, { product, processes }))
      }
      console.log(
        `\nThroughput at a known limit (Books window: a minute scaled to ${WINDOW_MS / 1000} s)\n` +
          table(
            ["product", "limit", "processes", "throttle", "completed", "429s", "utilisation", "seconds", "detail"],
            rows.map((r) => [
              r.product,
              r.limit,
              String(r.processes),
              r.throttle,
              `${r.completed}/${r.calls}`,
              String(r.rateLimited),
              `${fmt(r.utilisation * 100, 1)}%`,
              fmt(r.seconds, 1),
              r.detail + (Object.keys(r.errors).length === 0 ? "" : `; errors ${JSON.stringify(r.errors)}`)
            ])
          )
      )
      writeResults("throughput", {
        method: `Books: ${BOOKS_LIMIT} calls per ${WINDOW_MS} ms window (a minute scaled down), client and ` +
          `simulator; CRM: ${CRM_CONCURRENT} in flight, ${CRM_SERVER_MS} ms per call at the simulator`,
        windowMs: WINDOW_MS,
        rows
      })
    }), 420_000)
})
