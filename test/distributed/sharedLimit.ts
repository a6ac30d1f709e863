/**
 * One org's rate limit shared by several processes: workers on the Redis throttle against the
 * simulator server, whose CRM limit is set to `LIMIT` calls per `WINDOW_MS` (a minute scaled
 * down to one second so a run covers several windows in a few seconds). The client policy has
 * the same figure, over a window of `clientWindowMs`. The simulator's request log (arrival
 * times) shows what the org saw. Used by `SharedLimit.test.ts` (what must always hold) and by
 * `pnpm bench` (how much of the limit was used, which depends on the machine's load).
 */
import { SimSeed } from "@effect-zoho/sim"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { expiredToken, simServer, storeArgs, uniqueName, withStore } from "./seed.js"
import { requireBuild, resultOf, spawnWorkers, sumErrors } from "./workers.js"

export const PROCESSES = 4
export const LIMIT = 20
export const WINDOW_MS = 1_000
/** 5% of the window: 3 s on Zoho's real minute. */
export const MARGIN_MS = 50
export const CALLS_PER_PROCESS = 40
export const TOTAL = PROCESSES * CALLS_PER_PROCESS

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

export interface Measured {
  /** Epoch ms just before the workers were released. */
  readonly releasedAt: number
  /** Arrival times at the simulator (epoch ms), sorted. */
  readonly arrivals: ReadonlyArray<number>
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

/** Runs the workers once against a fresh simulator and a fresh Redis prefix. */
export const measureSharedLimit = (redisUrl: string, clientWindowMs: number) =>
  Effect.gen(function*() {
    requireBuild()
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
    const spawned = yield* spawnWorkers(Array.from({ length: PROCESSES }, () => args), { timeout: "60 seconds" })
    // The warm-up calls leave the window; then the simulator forgets them.
    yield* Effect.sleep(Duration.millis(clientWindowMs))
    yield* sim.simulator.resetCounters
    const releasedAt = Date.now()
    yield* spawned.release
    const results = (yield* spawned.outcomes).map(resultOf)

    const stats = yield* sim.simulator.stats
    const log = (yield* sim.simulator.log).filter((entry) => entry.product === "crm")
    const arrivals = log.map((entry) => entry.at).sort((a, b) => a - b)
    const first = arrivals[0]
    const last = arrivals[arrivals.length - 1]
    // Windows aligned on the first arrival; the last one is partial and not judged on usage.
    const windows = Math.floor((last - first) / WINDOW_MS) + 1
    const perWindow = Array.from(
      { length: windows },
      (_, w) => arrivals.filter((t) => t >= first + w * WINDOW_MS && t < first + (w + 1) * WINDOW_MS).length
    )
    const full = perWindow.slice(0, -1)
    const measured: Measured = {
      releasedAt,
      arrivals,
      perWindow,
      full,
      usage: full.length === 0 ? 0 : Math.min(...full) / LIMIT,
      sustained: (arrivals.length - LIMIT) / ((last - first) / WINDOW_MS) / LIMIT,
      sliding: maxInSlidingWindow(arrivals, WINDOW_MS),
      rateLimited: stats.rateLimited.minute + stats.rateLimited.concurrency + stats.rateLimited.day,
      ok: results.reduce((n, r) => n + r.ok, 0),
      errors: sumErrors(results),
      okPerProcess: results.map((r) => r.ok),
      requests: log.length
    }
    return measured
  })

/** One line of figures for a run. */
export const describeRun = (clientWindowMs: number, m: Measured): string =>
  `Shared limit: ${PROCESSES} processes, simulator ${LIMIT} calls per ${WINDOW_MS} ms, client window ${clientWindowMs} ms` +
  ` -> per window ${m.perWindow.join(", ")}; most in any ${WINDOW_MS} ms: ${m.sliding};` +
  ` lowest full window ${(m.usage * 100).toFixed(0)}% of the limit, sustained ${(m.sustained * 100).toFixed(0)}%;` +
  ` 429s: ${m.rateLimited}; ok ${m.ok}/${TOTAL}; errors ${JSON.stringify(m.errors)}`
