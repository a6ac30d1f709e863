/**
 * The demo's program, end to end against the in-process simulator, with a small lead count. The
 * throttle windows and the retry backoff run on the TestClock: the test moves time forward only
 * when the program is asleep, to the next wake-up.
 */
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as FileSystem from "@effect/platform/FileSystem"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"
import * as TestServices from "effect/TestServices"
import * as path from "node:path"
import * as Demo from "../src/Demo.js"

/** Run `effect` to its end, moving the TestClock to each pending wake-up while it sleeps. */
const runWithClock = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(effect)
    while (Option.isNone(yield* Fiber.poll(fiber))) {
      const sleeps = yield* TestClock.sleeps()
      if (Chunk.isEmpty(sleeps)) {
        // Real I/O (the token file) is in progress: give it a moment of real time.
        yield* TestServices.provideLive(Effect.sleep("2 millis"))
      } else {
        const now = yield* TestClock.currentTimeMillis
        yield* TestClock.adjust(Math.max(1, Math.min(...Chunk.toReadonlyArray(sleeps)) - now))
      }
    }
    return yield* Fiber.join(fiber)
  })

describe("Demo", () => {
  it.scoped("creates, searches, streams and converts leads through a throttled, retrying client", () =>
    Effect.gen(function*() {
      const fs = yield* FileSystem.FileSystem
      const tokenFile = path.join(yield* fs.makeTempDirectoryScoped(), "tokens.json")
      const lines: Array<string> = []
      const leads = 250

      const summary = yield* runWithClock(Demo.run({
        leads,
        target: "simulator",
        tokenFile,
        // No ticker sleeps: the only sleeps left are the throttle's and the retry's.
        progressEvery: "1 hour",
        log: (line) => Effect.sync(() => lines.push(line))
      }))

      assert.strictEqual(summary.target, "simulator")
      assert.strictEqual(summary.leadsCreated, leads)
      assert.strictEqual(summary.leadsFailed, 0)
      assert.strictEqual(summary.streamed, leads)
      assert.strictEqual(summary.converted, 1)
      assert.strictEqual(summary.grantCodeExchanges, 1)
      // Company i % 10 === 3: 25 of 250; 20 of them fetched by id in one batched call.
      assert.strictEqual(summary.searchFound, 25)
      assert.strictEqual(summary.fetchedById, 20)
      assert.strictEqual(summary.fetchCalls, 1)

      // 3 creates + search + batched get + 2 pages + convert; the injected 503 is the one retry.
      assert.strictEqual(summary.client.calls, 8)
      assert.strictEqual(summary.client.attempts, 9)
      assert.deepStrictEqual(summary.client.failures, ["HTTP 503"])
      // 8 calls at 4 a second: some had to wait for the window.
      assert.isAbove(summary.client.waits, 0)
      assert.isAbove(summary.client.waitedMillis, 0)

      const stats = summary.simulator!
      assert.strictEqual(stats.tokenRequests.refresh_token, 0)
      assert.strictEqual(stats.byProduct.crm, 9)
      assert.deepStrictEqual(stats.rateLimited, { minute: 0, concurrency: 0, day: 0 })

      // The token went into the file store.
      assert.strictEqual(summary.tokenFile, tokenFile)
      const file = JSON.parse(yield* fs.readFileString(tokenFile)) as { format: string; tokens: Array<unknown> }
      assert.strictEqual(file.format, "effect-zoho/tokens")
      assert.strictEqual(file.tokens.length, 1)

      const output = lines.join("\n")
      assert.include(output, `leads created     ${leads} (0 failed)`)
      assert.include(output, "1 retry: the 503 was retried")
      assert.include(output, "1 grant-code exchange")
    }).pipe(Effect.provide(NodeFileSystem.layer)))
})
