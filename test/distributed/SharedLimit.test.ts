/**
 * One org's rate limit shared by 4 processes through the Redis throttle (see `sharedLimit.ts`).
 * Asserted is what holds however loaded the machine is: every call succeeds, every process takes
 * part, each request is either a success or a 429 that was retried (none lost, none doubled),
 * and the calls are never admitted faster than the limit allows. How much of the limit a run
 * uses, and how many 429s the delivery jitter causes at a window's edge, depend on the load:
 * `pnpm bench` measures and prints them.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { inject } from "vitest"
import { serversSkipped, skipMessage } from "../support/servers.js"
import {
  CALLS_PER_PROCESS,
  describeRun,
  LIMIT,
  MARGIN_MS,
  measureSharedLimit,
  PROCESSES,
  TOTAL,
  WINDOW_MS
} from "./sharedLimit.js"

const CLIENT_WINDOW_MS = WINDOW_MS + MARGIN_MS

describe.skipIf(serversSkipped)("a rate limit shared by processes through Redis", () => {
  it.scopedLive(
    `${PROCESSES} processes on the Redis limiter: every call succeeds, never faster than ${LIMIT} per ${CLIENT_WINDOW_MS} ms`,
    () =>
      Effect.gen(function*() {
        const m = yield* measureSharedLimit(inject("redisUrl")!, CLIENT_WINDOW_MS)
        console.log(describeRun(CLIENT_WINDOW_MS, m))
        assert.strictEqual(m.ok, TOTAL)
        assert.deepStrictEqual(m.errors, {})
        // Every process took part: the limit was shared, not won by one.
        assert.deepStrictEqual(m.okPerProcess, Array.from({ length: PROCESSES }, () => CALLS_PER_PROCESS))
        // Each request the org saw is a success or a 429 (retried): nothing lost, nothing doubled.
        assert.strictEqual(m.requests, TOTAL + m.rateLimited)
        // Redis admits at most LIMIT starts per client window, so the n-th admission comes at least
        // floor((n - 1) / LIMIT) windows after the first, which came after the release. A call
        // arrives after its admission: load can only push the last arrival later, never sooner.
        const windowsAtLeast = Math.floor((m.requests - 1) / LIMIT)
        assert.isAtLeast(m.arrivals[m.arrivals.length - 1]! - m.releasedAt, windowsAtLeast * CLIENT_WINDOW_MS - 5)
      }),
    90_000
  )
})

if (serversSkipped) {
  describe("a rate limit shared by processes through Redis", () => {
    it.skip(skipMessage, () => {})
  })
}
