/**
 * Single refresh across processes: 8 worker processes × 100 concurrent calls, every one starting
 * from an expired token in one shared store, against the simulator server over loopback HTTP.
 * Exactly one refresh may reach the accounts endpoint: the store's lock makes the processes
 * take turns and each re-reads the store under it.
 */
import { SimSeed } from "@effect-zoho/sim"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { inject } from "vitest"
import { serversSkipped, skipMessage } from "../support/servers.js"
import { expiredToken, simServer, storeArgs, type StoreKind, uniqueName, withStore } from "./seed.js"
import { requireBuild, resultOf, spawnWorkers, sumErrors } from "./workers.js"

const PROCESSES = 8
const CALLS = 100

const singleRefresh = (kind: StoreKind, url: string) =>
  Effect.gen(function*() {
    requireBuild()
    const sim = yield* simServer(SimSeed.demo())
    // The concurrency limit is not under test here: let all 800 calls in at once.
    yield* sim.simulator.setLimits("*", "crm", { concurrent: 10_000 })
    const target = { url, name: uniqueName(`single_${kind}`) }
    const seeded = expiredToken(sim.url)
    yield* withStore(kind, target, (store) => store.save(seeded))

    const args = [
      "--sim",
      sim.url,
      ...storeArgs(kind, target),
      "--calls",
      String(CALLS),
      "--max-concurrent",
      String(CALLS)
    ]
    const spawned = yield* spawnWorkers(Array.from({ length: PROCESSES }, () => args), { timeout: "50 seconds" })
    // Every process has built its stack and waits: they all start calling now.
    yield* spawned.release
    const results = (yield* spawned.outcomes).map(resultOf)

    const stats = yield* sim.simulator.stats
    const ok = results.reduce((n, r) => n + r.ok, 0)
    const errors = sumErrors(results)
    const spread = Math.max(...results.map((r) => r.startedAt)) - Math.min(...results.map((r) => r.startedAt))
    const label = kind === "mysql" ? "MySQL" : "Redis"
    console.log(
      `${label}: ${PROCESSES} processes x ${CALLS} calls -> refresh requests: ${stats.tokenRequests.refresh_token}` +
        ` (ok ${ok}/${PROCESSES * CALLS}, errors ${JSON.stringify(errors)}, start spread ${spread} ms)`
    )

    assert.strictEqual(stats.tokenRequests.refresh_token, 1)
    assert.strictEqual(stats.tokensIssued, 1)
    assert.deepStrictEqual(errors, {})
    assert.strictEqual(ok, PROCESSES * CALLS)
    // Every process made all its calls against the API (none answered from somewhere else).
    assert.strictEqual(stats.byProduct["crm"], PROCESSES * CALLS)

    // The refreshed token is in the store, in place of the seeded one.
    const stored = yield* withStore(kind, target, (store) => store.findById(seeded.id))
    assert.isTrue(Option.isSome(stored))
    const token = Option.getOrThrow(stored)
    assert.notStrictEqual(Redacted.value(token.accessToken!), "1000.expired.access.token")
    assert.isAbove(token.expiryTime!, Date.now())
    assert.strictEqual(Redacted.value(token.refreshToken!), "1000.simrefresh")
  })

describe.skipIf(serversSkipped)("single refresh across processes", () => {
  it.scopedLive(
    "8 processes x 100 concurrent calls on an expired token, one MySQL store: exactly 1 refresh",
    () => singleRefresh("mysql", inject("mysqlUrl")!),
    60_000
  )

  it.scopedLive(
    "8 processes x 100 concurrent calls on an expired token, one Redis store: exactly 1 refresh",
    () => singleRefresh("redis", inject("redisUrl")!),
    60_000
  )
})

if (serversSkipped) {
  describe("single refresh across processes", () => {
    it.skip(skipMessage, () => {})
  })
}
