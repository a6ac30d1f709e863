/**
 * One org's rate limit shared by several processes: 4 workers on the Redis throttle against the
 * simulator server, whose CRM limit is set to LIMIT calls per WINDOW (a minute scaled down to one
 * second so the run covers several windows in a few seconds). The client policy has the same
 * figure. The simulator's request log (arrival times) shows what the org saw.
 *
 * The throttle admits a call by the Redis server's clock; Zoho counts it when it arrives, a few
 * milliseconds later, and that delay varies (a new connection, a busy event loop). With a window
 * exactly as long as the server's, a saturating load therefore meets the odd 429 at a window's
 * edge (retried, and reported by the second test); a client window a few percent longer than the
 * server's absorbs the variation and gives zero 429s (the first test).
 */
import { SimSeed } from "@effect-zoho/sim"
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { inject } from "vitest"
import { serversSkipped, skipMessage } from "../support/servers.js"
import { expiredToken, simServer, storeArgs, uniqueName, withStore } from "./seed.js"
import { requireBuild, resultOf, spawnWorkers, sumErrors } from "./workers.js"

const PROCESSES = 4
const LIMIT = 20
const WINDOW_MS = 1_000
/** 5% of the window: 3 s on Zoho's real minute. */
const MARGIN_MS = 50
const CALLS_PER_PROCESS = 40

/** The most arrivals in any interval [t, t + window) that starts at an arrival. */
export const maxInSlidingWindow = (times: ReadonlyArray<number>, window: number): number => {
  const sorted = [...times].sort((a, b) => a - b)
  let max = 0
  let lo = 0
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi] - sorted[lo] >= window) lo++
    max = Math.max(max, hi - lo + 1)
  }
  return max
}

interface Measured {
  readonly perWindow: ReadonlyArray<number>
  readonly full: ReadonlyArray<number>
  readonly usage: number
  /** After the first window: calls per window over the whole run, as a share of the limit. */
  readonly sustained: number
  readonly sliding: number
  readonly rateLimited: number
  readonly ok: number
  readonly errors: Record<string, number>
  readonly okPerProcess: ReadonlyArray<number>
  readonly requests: number
}

const TOTAL = PROCESSES * CALLS_PER_PROCESS

const run = (clientWindowMs: number) =>
  Effect.gen(function*() {
    requireBuild()
    const redisUrl = inject("redisUrl")!
    const sim = yield* simServer(SimSeed.demo())
    yield* sim.simulator.setLimits("*", "crm", { requestsPerMinute: LIMIT, window: `${WINDOW_MS} millis` })
    const target = { url: redisUrl, name: uniqueName("shared_limit") }
    yield* withStore("redis", target, (store) => store.save(expiredToken(sim.url)))

    const args = [
      "--sim",
      sim.url,
      ...storeArgs("redis", target),
      "--throttle",
      "redis",
      "--limit",
      String(LIMIT),
      "--window-ms",
      String(clientWindowMs),
      "--calls",
      String(CALLS_PER_PROCESS),
      // The token and the connections exist before the measured run starts.
      "--warmup"
    ]
    const spawned = yield* spawnWorkers(Array.from({ length: PROCESSES }, () => args), { timeout: "30 seconds" })
    // The warm-up calls leave the window; then the simulator forgets them.
    yield* Effect.sleep(Duration.millis(clientWindowMs))
    yield* sim.simulator.resetCounters
    yield* spawned.release
    const results = (yield* spawned.outcomes).map(resultOf)

    const stats = yield* sim.simulator.stats
    const log = (yield* sim.simulator.log).filter((entry) => entry.product === "crm")
    const times = log.map((entry) => entry.at).sort((a, b) => a - b)
    const first = times[0]
    const last = times[times.length - 1]
    // Windows aligned on the first arrival; the last one is partial and not judged on usage.
    const windows = Math.floor((last - first) / WINDOW_MS) + 1
    const perWindow = Array.from(
      { length: windows },
      (_, w) => times.filter((t) => t >= first + w * WINDOW_MS && t < first + (w + 1) * WINDOW_MS).length
    )
    const full = perWindow.slice(0, -1)
    const measured: Measured = {
      perWindow,
      full,
      usage: Math.min(...full) / LIMIT,
      sustained: (times.length - LIMIT) / ((last - first) / WINDOW_MS) / LIMIT,
      sliding: maxInSlidingWindow(times, WINDOW_MS),
      rateLimited: stats.rateLimited.minute + stats.rateLimited.concurrency + stats.rateLimited.day,
      ok: results.reduce((n, r) => n + r.ok, 0),
      errors: sumErrors(results),
      okPerProcess: results.map((r) => r.ok),
      requests: log.length
    }
    console.log(
      `Shared limit: ${PROCESSES} processes, simulator ${LIMIT} calls per ${WINDOW_MS} ms, client window ${clientWindowMs} ms` +
        ` -> per window ${perWindow.join(", ")}; most in any ${WINDOW_MS} ms: ${measured.sliding};` +
        ` lowest full window ${(measured.usage * 100).toFixed(0)}% of the limit, sustained ${
          (measured.sustained * 100).toFixed(0)
        }%; 429s: ${measured.rateLimited};` +
        ` ok ${measured.ok}/${TOTAL}; errors ${JSON.stringify(measured.errors)}`
    )
    return measured
  })

describe.skipIf(serversSkipped)("a rate limit shared by processes through Redis", () => {
  it.scopedLive(
    `4 processes on the Redis limiter (client window +5%): never above ${LIMIT} per ${WINDOW_MS} ms, >= 90% used, no 429`,
    () =>
      Effect.gen(function*() {
        const m = yield* run(WINDOW_MS + MARGIN_MS)
        assert.strictEqual(m.rateLimited, 0)
        assert.strictEqual(m.requests, TOTAL)
        assert.isAtMost(Math.max(...m.perWindow), LIMIT)
        // `m.sliding` (printed above) counts arrivals at the simulator in any 1 s span: the throttle
        // admits by Redis time, so delivery jitter on a loaded machine can squeeze one extra arrival
        // into a sliding span. What the server enforces is asserted: its windows and zero 429s.
        assert.isAtLeast(m.full.length, 5)
        assert.isAtLeast(m.usage, 0.9)
        // Over the whole run (worker start-up and the last partial window included), with other
        // test files competing for the 2 cores; the figure is printed above.
        assert.isAtLeast(m.sustained, 0.85)
        assert.strictEqual(m.ok, TOTAL)
        assert.deepStrictEqual(m.errors, {})
        // Every process took part: the limit was shared, not won by one.
        assert.deepStrictEqual(m.okPerProcess, Array.from({ length: PROCESSES }, () => CALLS_PER_PROCESS))
      }),
    30_000
  )

  it.scopedLive(
    `4 processes on the Redis limiter (client window = server window): every call succeeds, >= 90% used, 429s reported`,
    () =>
      Effect.gen(function*() {
        const m = yield* run(WINDOW_MS)
        assert.strictEqual(m.ok, TOTAL)
        assert.deepStrictEqual(m.errors, {})
        assert.isAtLeast(m.full.length, 5)
        assert.isAtLeast(m.usage, 0.9)
        // Only edge effects: every 429 was one extra arrival in a window, retried once.
        assert.strictEqual(m.requests, TOTAL + m.rateLimited)
        assert.isAtMost(m.rateLimited, TOTAL / 10)
      }),
    30_000
  )
})

if (serversSkipped) {
  describe("a rate limit shared by processes through Redis", () => {
    it.skip(skipMessage, () => {})
  })
}
