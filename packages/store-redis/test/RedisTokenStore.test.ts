import { TokenStore, ZohoToken } from "@effect-zoho/core"
import * as TokenStoreContract from "@effect-zoho/core/testing/TokenStoreContract"
import * as RedisTokenStore from "@effect-zoho/store-redis/RedisTokenStore"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import { Redis } from "ioredis"
import { afterAll, beforeAll } from "vitest"
import { redisUrlForFile, serversSkipped, skipTitle } from "./support/redisServer.js"

let server: { readonly url: string; readonly stop: () => Promise<void> } | undefined
beforeAll(async () => {
  if (serversSkipped) return
  server = await redisUrlForFile()
}, 30_000)
afterAll(async () => {
  await server?.stop()
})

const url = () => {
  if (server === undefined) throw new Error("redis server not started")
  return server.url
}

// A prefix of our own, so files sharing one server never see each other's keys.
const prefix = `test-${crypto.randomUUID().slice(0, 8)}:`

/** A raw client for the test's own inspection (another "process"), closed with the scope. */
const rawClient = Effect.acquireRelease(
  Effect.sync(() => new Redis(url(), { maxRetriesPerRequest: 1 })),
  (client) => Effect.promise(() => client.quit().catch(() => "closed"))
)

const storeLayer = Layer.suspend(() => RedisTokenStore.layer({ url: url(), prefix }))

describe.skipIf(serversSkipped)(skipTitle("redis"), () => {
  TokenStoreContract.run("redis", storeLayer, {
    provokeFailure: Effect.gen(function*() {
      const client = yield* rawClient
      // Foreign values of the wrong type where the index and a token hash belong.
      yield* Effect.promise(() => client.set(`${prefix}tokens`, "not a set"))
      yield* Effect.promise(() => client.set(`${prefix}token:tok0000001`, "not a hash"))
      yield* Effect.addFinalizer(() =>
        Effect.promise(() => client.del(`${prefix}tokens`, `${prefix}token:tok0000001`, `${prefix}token:tok0000002`))
      )
    })
  })
})

const secretToken = new ZohoToken.ZohoToken({
  id: "layout0001",
  userName: "owner@example.com",
  clientId: "1000.LAYOUT",
  clientSecret: Redacted.make("layout-client-secret"),
  refreshToken: Redacted.make("1000.layout-refresh"),
  accessToken: Redacted.make("1000.layout-access"),
  expiryTime: 1_767_225_600_123,
  apiDomain: "https://www.zohoapis.com"
})

describe.skipIf(serversSkipped)(skipTitle("RedisTokenStore"), () => {
  it.live("one hash per token with the seed's field names, and a set of ids", () =>
    Effect.gen(function*() {
      const store = yield* TokenStore.TokenStore
      const client = yield* rawClient
      yield* store.deleteAll
      yield* store.save(secretToken)
      const hash = yield* Effect.promise(() => client.hgetall(`${prefix}token:layout0001`))
      assert.deepStrictEqual(hash, {
        id: "layout0001",
        user_name: "owner@example.com",
        client_id: "1000.LAYOUT",
        client_secret: "layout-client-secret",
        refresh_token: "1000.layout-refresh",
        access_token: "1000.layout-access",
        expiry_time: "1767225600123",
        api_domain: "https://www.zohoapis.com"
      })
      assert.deepStrictEqual(yield* Effect.promise(() => client.smembers(`${prefix}tokens`)), ["layout0001"])
      yield* store.delete("layout0001")
      assert.strictEqual(yield* Effect.promise(() => client.exists(`${prefix}token:layout0001`)), 0)
      assert.deepStrictEqual(yield* Effect.promise(() => client.smembers(`${prefix}tokens`)), [])
    }).pipe(Effect.scoped, Effect.provide(storeLayer)))

  it.live("a hash written by hand in the seed's layout is read back", () =>
    Effect.gen(function*() {
      const store = yield* TokenStore.TokenStore
      const client = yield* rawClient
      yield* store.deleteAll
      yield* Effect.promise(() =>
        client.multi()
          .hset(
            `${prefix}token:seed000001`,
            "id",
            "seed000001",
            "client_id",
            "1000.SEED",
            "user_name",
            "u@x",
            "refresh_token",
            "1000.r",
            "expiry_time",
            "42"
          )
          .sadd(`${prefix}tokens`, "seed000001")
          .exec()
      )
      const found = yield* store.find({ clientId: "1000.SEED", userName: "u@x" })
      assert.isTrue(Option.isSome(found))
      const token = Option.getOrThrow(found)
      assert.strictEqual(Redacted.value(token.refreshToken!), "1000.r")
      assert.strictEqual(token.expiryTime, 42)
    }).pipe(Effect.scoped, Effect.provide(storeLayer)))

  it.live("a token hash with a malformed field is a Corrupt error naming fields, not values", () =>
    Effect.gen(function*() {
      const store = yield* TokenStore.TokenStore
      const client = yield* rawClient
      yield* store.deleteAll
      yield* Effect.promise(() =>
        client.multi()
          .hset(`${prefix}token:bad0000001`, "id", "bad0000001", "access_token", "1000.leak-me", "expiry_time", "soon")
          .sadd(`${prefix}tokens`, "bad0000001")
          .exec()
      )
      const exit = yield* Effect.exit(store.findById("bad0000001"))
      assert.isTrue(Exit.isFailure(exit))
      const error = Option.getOrThrow(
        Cause.failureOption((exit as Exit.Failure<unknown, { reason: string; message: string }>).cause)
      )
      assert.strictEqual(error.reason, "Corrupt")
      assert.include(error.message, "expiry_time")
      assert.notInclude(error.message, "leak-me")
      assert.notInclude(Cause.pretty((exit as Exit.Failure<unknown, unknown>).cause), "leak-me")
      yield* store.deleteAll
    }).pipe(Effect.scoped, Effect.provide(storeLayer)))

  it.live("layerConfig reads ZOHO_REDIS_URL and ZOHO_REDIS_PREFIX", () =>
    Effect.gen(function*() {
      const other = `${prefix}cfg:`
      const client = yield* rawClient
      yield* Effect.gen(function*() {
        const store = yield* TokenStore.TokenStore
        yield* store.save(new ZohoToken.ZohoToken({ id: "config0001" }))
      }).pipe(
        Effect.provide(RedisTokenStore.layerConfig()),
        Effect.withConfigProvider(
          ConfigProvider.fromMap(new Map([["ZOHO_REDIS_URL", url()], ["ZOHO_REDIS_PREFIX", other]]))
        )
      )
      assert.deepStrictEqual(yield* Effect.promise(() => client.hgetall(`${other}token:config0001`)), {
        id: "config0001"
      })
      yield* Effect.promise(() => client.del(`${other}token:config0001`, `${other}tokens`))
    }).pipe(Effect.scoped))

  it.live("the lock is exclusive across two clients (two processes)", () =>
    Effect.gen(function*() {
      const a = RedisTokenStore.make(yield* rawClient, { prefix })
      const b = RedisTokenStore.make(yield* rawClient, { prefix })
      const inside = yield* Ref.make(0)
      const maxInside = yield* Ref.make(0)
      const critical = Effect.gen(function*() {
        const now = yield* Ref.updateAndGet(inside, (n) => n + 1)
        yield* Ref.update(maxInside, (max) => Math.max(max, now))
        yield* Effect.sleep("3 millis")
        yield* Ref.update(inside, (n) => n - 1)
      })
      yield* Effect.forEach(
        Array.from({ length: 30 }, (_, i) => i % 2 === 0 ? a : b),
        (store) => store.withLock("refresh:two-clients", critical),
        { concurrency: "unbounded", discard: true }
      )
      assert.strictEqual(yield* Ref.get(maxInside), 1)
    }).pipe(Effect.scoped))

  it.live("a holder whose lock expired does not delete the next holder's lock", () =>
    Effect.gen(function*() {
      const client = yield* rawClient
      const slow = RedisTokenStore.make(yield* rawClient, { prefix, lockTtl: "200 millis" })
      const lockKey = `${prefix}lock:refresh:expired`
      const entered = yield* Deferred.make<void>()
      const proceed = yield* Deferred.make<void>()
      const holder = yield* Effect.fork(
        slow.withLock("refresh:expired", Effect.zipRight(Deferred.succeed(entered, undefined), Deferred.await(proceed)))
      )
      yield* Deferred.await(entered)
      const first = yield* Effect.promise(() => client.get(lockKey))
      assert.isNotNull(first)
      // Another process takes over the key (as if our lock had expired and been taken).
      yield* Effect.promise(() => client.set(lockKey, "other-holder", "PX", 10_000))
      yield* Deferred.succeed(proceed, undefined)
      yield* Fiber.join(holder)
      assert.strictEqual(yield* Effect.promise(() => client.get(lockKey)), "other-holder")
      yield* Effect.promise(() => client.del(lockKey))
    }).pipe(Effect.scoped))

  it.live("the lock is extended while a holder runs longer than its ttl", () =>
    Effect.gen(function*() {
      const client = yield* rawClient
      const a = RedisTokenStore.make(yield* rawClient, { prefix, lockTtl: "300 millis" })
      const b = RedisTokenStore.make(yield* rawClient, { prefix, lockTtl: "300 millis", lockTimeout: "200 millis" })
      const lockKey = `${prefix}lock:refresh:long`
      const entered = yield* Deferred.make<void>()
      const holder = yield* Effect.fork(
        a.withLock("refresh:long", Effect.zipRight(Deferred.succeed(entered, undefined), Effect.sleep("1200 millis")))
      )
      yield* Deferred.await(entered)
      yield* Effect.sleep("900 millis")
      // Three times the ttl later the key is still there, with a fresh expiry.
      const ttl = yield* Effect.promise(() => client.pttl(lockKey))
      assert.isAbove(ttl, 0)
      const blocked = yield* Effect.exit(b.withLock("refresh:long", Effect.succeed("b got in")))
      assert.isTrue(Exit.isFailure(blocked), "b entered while a still held the lock")
      const error = Option.getOrThrow(Cause.failureOption((blocked as Exit.Failure<unknown, { reason: string }>).cause))
      assert.strictEqual(error.reason, "Lock")
      yield* Fiber.join(holder)
      assert.strictEqual(yield* Effect.promise(() => client.exists(lockKey)), 0, "released after the holder finished")
      assert.strictEqual(yield* b.withLock("refresh:long", Effect.succeed("b got in")), "b got in")
    }).pipe(Effect.scoped))

  it.live("a crashed holder's lock frees itself after the ttl", () =>
    Effect.gen(function*() {
      const client = yield* rawClient
      const store = RedisTokenStore.make(yield* rawClient, { prefix, lockTtl: "300 millis", lockTimeout: "3 seconds" })
      // A lock left by a process that died: no heartbeat, no release.
      yield* Effect.promise(() => client.set(`${prefix}lock:refresh:crashed`, "dead-process", "PX", 300))
      const started = Date.now()
      assert.strictEqual(yield* store.withLock("refresh:crashed", Effect.succeed("in")), "in")
      assert.isAtMost(Date.now() - started, 2_000)
    }).pipe(Effect.scoped))
})
