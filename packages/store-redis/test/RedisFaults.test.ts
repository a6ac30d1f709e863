/**
 * Faults against a redis-server this file owns (it must stop and restart it): persistence is
 * `appendonly yes` + `appendfsync always`, so a write Redis acknowledged survives even a SIGKILL,
 * as on a production server with AOF. Real time, bounded: ioredis reconnects with its own back-off.
 */
import { TokenStore, ZohoProducts, ZohoToken } from "@effect-zoho/core"
import type { ZohoError } from "@effect-zoho/core"
import { ZohoThrottle } from "@effect-zoho/core/ZohoThrottle"
import * as RedisThrottle from "@effect-zoho/store-redis/RedisThrottle"
import * as RedisTokenStore from "@effect-zoho/store-redis/RedisTokenStore"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as fs from "node:fs"
import { afterAll, beforeAll } from "vitest"
import { type RedisServer, serversSkipped, skipTitle, startRedisServer } from "./support/redisServer.js"

let server: RedisServer | undefined
beforeAll(async () => {
  if (serversSkipped) return
  server = await startRedisServer(["--appendonly", "yes", "--appendfsync", "always"])
}, 30_000)
afterAll(async () => {
  await server?.stop()
  if (server !== undefined) fs.rmSync(server.dir, { recursive: true, force: true })
})

const srv = () => server!
const stopServer = (signal?: NodeJS.Signals) => Effect.promise(() => srv().stop(signal))
const startServer = Effect.promise(() => srv().start())

const prefix = "faults:"
const storeLayer = Layer.suspend(() => RedisTokenStore.layer({ url: srv().url, prefix }))

const token = (id: string) =>
  new ZohoToken.ZohoToken({
    id,
    clientId: "1000.FAULTS",
    userName: `${id}@example.com`,
    refreshToken: Redacted.make(`1000.refresh-${id}-secret`),
    accessToken: Redacted.make(`1000.access-${id}-secret`),
    expiryTime: 1_767_225_600_000
  })

const storeErrorOf = <A>(exit: Exit.Exit<A, unknown>): ZohoError.TokenStoreError => {
  assert.isTrue(Exit.isFailure(exit), "expected a failure")
  const failure = Option.getOrThrow(Cause.failureOption((exit as Exit.Failure<A, unknown>).cause))
  assert.strictEqual((failure as { _tag: string })._tag, "TokenStoreError", String(failure))
  return failure as ZohoError.TokenStoreError
}

/** Polls until the store answers again (bounded: the caller's test timeout). */
const untilBack = (store: TokenStore.Service) =>
  store.list.pipe(Effect.retry(Schedule.spaced("50 millis").pipe(Schedule.upTo("8 seconds"))))

describe.skipIf(serversSkipped)(skipTitle("RedisTokenStore faults"), () => {
  it.live(
    "server down: every operation fails fast with Unavailable, no secret, then works again",
    () =>
      Effect.gen(function*() {
        const store = yield* TokenStore.TokenStore
        yield* store.deleteAll
        yield* store.save(token("down000001"))
        yield* stopServer()
        const operations: ReadonlyArray<readonly [string, Effect.Effect<unknown, unknown>]> = [
          ["findById", store.findById("down000001")],
          ["find", store.find({ clientId: "1000.FAULTS", userName: "down000001@example.com" })],
          ["list", store.list],
          ["save", store.save(token("down000002"))],
          ["delete", store.delete("down000001")],
          ["deleteAll", store.deleteAll],
          ["withLock", store.withLock("refresh:down", Effect.succeed("ran"))]
        ]
        for (const [name, operation] of operations) {
          const started = Date.now()
          const exit = yield* Effect.exit(operation)
          const elapsed = Date.now() - started
          const error = storeErrorOf(exit)
          assert.strictEqual(error.reason, "Unavailable", `${name}: ${error.message}`)
          assert.isAtMost(elapsed, 1_000, `${name} took ${elapsed} ms to fail`)
          assert.notInclude(Cause.pretty((exit as Exit.Failure<unknown, unknown>).cause), "secret", name)
        }
        yield* startServer
        yield* untilBack(store)
        // The token written before the outage is still there (AOF), and writes work again.
        const found = yield* store.findById("down000001")
        assert.isTrue(Option.isSome(found))
        assert.strictEqual(Redacted.value(Option.getOrThrow(found).refreshToken!), "1000.refresh-down000001-secret")
        yield* store.save(token("down000003"))
        assert.isTrue(Option.isSome(yield* store.findById("down000003")))
      }).pipe(Effect.provide(storeLayer)),
    20_000
  )

  it.live(
    "server killed and restarted mid-run: no acknowledged token is lost, the store reconnects",
    () =>
      Effect.gen(function*() {
        const store = yield* TokenStore.TokenStore
        yield* store.deleteAll
        const saved: Array<string> = []
        const failures: Array<string> = []
        // A writer that keeps saving new tokens through the crash and the restart.
        const writer = yield* Effect.fork(
          Effect.forEach(
            Array.from({ length: 2_000 }, (_, i) => `run${String(i).padStart(7, "0")}`),
            (id) =>
              store.save(token(id)).pipe(
                Effect.matchEffect({
                  onSuccess: () => Effect.sync(() => saved.push(id)),
                  onFailure: (error) => Effect.as(Effect.sync(() => failures.push(error.reason)), undefined)
                }),
                Effect.zipLeft(Effect.sleep("2 millis"))
              ),
            { discard: true }
          )
        )
        yield* Effect.sleep("300 millis")
        const beforeCrash = saved.length
        yield* stopServer("SIGKILL")
        yield* Effect.sleep("300 millis")
        yield* startServer
        yield* untilBack(store)
        yield* Effect.sleep("300 millis")
        yield* Fiber.interrupt(writer)
        const stored = new Set((yield* store.list).map((t) => t.id))
        const lost = saved.filter((id) => !stored.has(id))
        console.log(
          `restart mid-run: ${saved.length} saves acknowledged (${beforeCrash} before the crash), ${failures.length} failed during the outage, ${lost.length} lost`
        )
        assert.isAbove(beforeCrash, 0)
        assert.isAbove(saved.length, beforeCrash, "no save succeeded after the restart")
        assert.isAbove(failures.length, 0, "the outage was not noticed")
        assert.deepStrictEqual([...new Set(failures)], ["Unavailable"])
        assert.deepStrictEqual(lost, [])
      }).pipe(Effect.provide(storeLayer)),
    30_000
  )

  it.live("building the layer while the server is down is a typed Unavailable error", () =>
    Effect.gen(function*() {
      yield* stopServer()
      const started = Date.now()
      const exit = yield* Effect.exit(
        Effect.provide(
          TokenStore.TokenStore,
          RedisTokenStore.layer({ url: srv().url, prefix, connectTimeout: "1 second" })
        )
      )
      yield* startServer
      const error = storeErrorOf(exit)
      assert.strictEqual(error.reason, "Unavailable")
      assert.isAtMost(Date.now() - started, 3_000)
    }), 20_000)
})

describe.skipIf(serversSkipped)(skipTitle("RedisThrottle faults"), () => {
  const key = {
    product: ZohoProducts.books.id,
    org: "org-faults",
    policy: ZohoProducts.books.throttle,
    operation: "list",
    complex: false
  } as const
  const throttleLayer = (onUnavailable: "wait" | "proceed") =>
    Layer.suspend(() =>
      RedisThrottle.layer({
        url: srv().url,
        prefix,
        onUnavailable,
        policies: { books: { maxConcurrent: 2, requestsPerWindow: 100 } }
      })
    )

  it.live(
    "onUnavailable wait: a call during an outage waits and runs once Redis is back",
    () =>
      Effect.gen(function*() {
        const throttle = yield* ZohoThrottle
        yield* throttle.withPermit(key, Effect.void)
        yield* stopServer()
        const call = yield* Effect.fork(throttle.withPermit(key, Effect.succeed("ran")))
        yield* Effect.sleep("500 millis")
        assert.isTrue(Option.isNone(yield* Fiber.poll(call)), "the call ran without the shared limits")
        yield* startServer
        assert.strictEqual(yield* Fiber.join(call), "ran")
      }).pipe(Effect.provide(throttleLayer("wait"))),
    20_000
  )

  it.live(
    "onUnavailable proceed: a call during an outage runs without the shared limits",
    () =>
      Effect.gen(function*() {
        const throttle = yield* ZohoThrottle
        yield* stopServer()
        const started = Date.now()
        const result = yield* throttle.withPermit(key, Effect.succeed("ran")).pipe(Effect.ensuring(startServer))
        assert.strictEqual(result, "ran")
        assert.isAtMost(Date.now() - started, 2_000)
      }).pipe(Effect.provide(throttleLayer("proceed"))),
    20_000
  )
})
