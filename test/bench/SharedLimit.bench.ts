/**
 * How much of one org's limit 4 processes on the Redis throttle use, and how many 429s the
 * delivery jitter causes, with a client window 5% longer than the server's and with the same
 * window. The test (`test/distributed/SharedLimit.test.ts`) asserts only what load cannot change.
 */
import { describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { inject } from "vitest"
import { describeRun, MARGIN_MS, measureSharedLimit, WINDOW_MS } from "../distributed/sharedLimit.js"
import { serversSkipped } from "../support/servers.js"

describe.skipIf(serversSkipped)("shared limit figures", () => {
  for (const clientWindowMs of [WINDOW_MS + MARGIN_MS, WINDOW_MS]) {
    it.scopedLive(`client window ${clientWindowMs} ms`, () =>
      Effect.gen(function*() {
        const m = yield* measureSharedLimit(inject("redisUrl")!, clientWindowMs)
        console.log(describeRun(clientWindowMs, m))
      }), 120_000)
  }
})
