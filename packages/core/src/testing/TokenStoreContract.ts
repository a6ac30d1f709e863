/**
 * The conformance suite every `TokenStore` backend must pass: memory and file here, MySQL and
 * Redis in their packages, and any store a user writes. Call `run` inside a vitest test file:
 *
 * ```ts
 * import * as TokenStoreContract from "@effect-zoho/core/testing/TokenStoreContract"
 * TokenStoreContract.run("memory", MemoryTokenStore.layer)
 * ```
 *
 * Isolation: `layer` is built afresh for every test (and released after it), and every test
 * first calls `deleteAll`, so a backend over a shared server starts each test empty too. Tests
 * run one after another. They use the live clock because backends talk to real servers and may
 * poll; the suite itself never sleeps.
 *
 * Needs `vitest` and `@effect/vitest` (dev dependencies of the test suite that imports it).
 *
 * @since 0.1.0
 */
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import { TokenStore } from "../TokenStore.js"
import type { TokenStoreError } from "../ZohoError.js"
import { ZohoToken } from "../ZohoToken.js"

/**
 * @category models
 * @since 0.1.0
 */
export interface Options<R = never> {
  /** How many saves run at once in the concurrency test. Default 50. */
  readonly concurrentSaves?: number | undefined
  /** How many fibers contend for one lock in the mutual-exclusion test. Default 20. */
  readonly lockContenders?: number | undefined
  /** Per-test timeout in milliseconds. Default 30,000. */
  readonly timeout?: number | undefined
  /**
   * Damages the backend so that the next store operation fails (e.g. writes a foreign file, or
   * a malformed row) while tokens with secrets are stored. The suite then checks that the failure
   * is a `TokenStoreError` whose text holds no secret. Runs in a scope that closes after the
   * test, so it may register a finalizer that repairs the backend. Optional: without it, the
   * secret checks cover tokens and lock errors only.
   */
  readonly provokeFailure?: Effect.Effect<void, unknown, TokenStore | Scope.Scope | R> | undefined
}

const SECRETS = {
  clientSecret: "contract-client-secret-7f3a9c",
  refreshToken: "1000.contract-refresh-token.4be1d2",
  accessToken: "1000.contract-access-token.98c0aa",
  grantToken: "1000.contract-grant-token.55e7f1"
} as const

const secretValues: ReadonlyArray<string> = Object.values(SECRETS)

/** A token with every field set, as the seed SDKs store it. */
const fullToken = (id = "tok0000001") =>
  new ZohoToken({
    id,
    userName: "owner@example.com",
    clientId: "1000.CONTRACTCLIENT",
    clientSecret: Redacted.make(SECRETS.clientSecret),
    refreshToken: Redacted.make(SECRETS.refreshToken),
    accessToken: Redacted.make(SECRETS.accessToken),
    grantToken: Redacted.make(SECRETS.grantToken),
    expiryTime: 1_767_225_600_123,
    redirectUrl: "https://app.example.com/oauth/callback",
    apiDomain: "https://www.zohoapis.eu"
  })

const simpleToken = (id: string, fields: Partial<Omit<ConstructorParameters<typeof ZohoToken>[0], "id">> = {}) =>
  new ZohoToken({ id, clientId: "1000.CONTRACTCLIENT", ...fields })

const ids = (tokens: ReadonlyArray<ZohoToken>) => tokens.map((token) => token.id).sort()

const assertNoSecret = (label: string, text: string) => {
  for (const secret of secretValues) {
    assert.isFalse(text.includes(secret), `${label} reveals a secret`)
  }
}

const safeStringify = (value: unknown): string => {
  try {
    return JSON.stringify(value) ?? ""
  } catch {
    return ""
  }
}

/**
 * Registers the contract tests for the store that `layer` provides.
 *
 * @category utils
 * @since 0.1.0
 */
export const run = <R = never>(
  name: string,
  layer: Layer.Layer<TokenStore | R, unknown>,
  options?: Options<R>
): void => {
  const timeout = options?.timeout ?? 30_000
  const concurrentSaves = options?.concurrentSaves ?? 50
  const lockContenders = options?.lockContenders ?? 20

  const test = <A, E>(title: string, body: (store: TokenStore["Type"]) => Effect.Effect<A, E, TokenStore | R>) =>
    it.live(
      title,
      () =>
        Effect.gen(function*() {
          const store = yield* TokenStore
          yield* store.deleteAll
          return yield* body(store)
        }).pipe(Effect.provide(layer)),
      timeout
    )

  describe(`TokenStore contract: ${name}`, () => {
    test("has a name", (store) =>
      Effect.sync(() => {
        assert.isString(store.name)
        assert.isAbove(store.name.length, 0)
      }))

    test("starts empty after deleteAll", (store) =>
      Effect.gen(function*() {
        assert.deepStrictEqual(yield* store.list, [])
        assert.isTrue(Option.isNone(yield* store.findById("tok0000001")))
      }))

    test("save + findById round-trips every field", (store) =>
      Effect.gen(function*() {
        const token = fullToken()
        yield* store.save(token)
        const found = yield* store.findById(token.id)
        assert.isTrue(Option.isSome(found), "saved token not found")
        const got = Option.getOrThrow(found)
        assert.instanceOf(got, ZohoToken)
        assert.strictEqual(got.id, token.id)
        assert.strictEqual(got.userName, "owner@example.com")
        assert.strictEqual(got.clientId, "1000.CONTRACTCLIENT")
        assert.strictEqual(got.redirectUrl, "https://app.example.com/oauth/callback")
        assert.strictEqual(got.apiDomain, "https://www.zohoapis.eu")
        assert.strictEqual(typeof got.expiryTime, "number")
        assert.strictEqual(got.expiryTime, 1_767_225_600_123)
        for (const field of ["clientSecret", "refreshToken", "accessToken", "grantToken"] as const) {
          const secret = got[field]
          assert.isTrue(secret !== undefined && Redacted.isRedacted(secret), `${field} is not Redacted`)
          assert.strictEqual(Redacted.value(secret!), SECRETS[field], `${field} changed`)
        }
        assert.isTrue(Option.isNone(yield* store.findById("tok-missing")))
      }))

    test("round-trips a token with only the required fields", (store) =>
      Effect.gen(function*() {
        yield* store.save(new ZohoToken({ id: "bare000001" }))
        const got = Option.getOrThrow(yield* store.findById("bare000001"))
        assert.strictEqual(got.id, "bare000001")
        for (
          const field of [
            "userName",
            "clientId",
            "clientSecret",
            "refreshToken",
            "accessToken",
            "grantToken",
            "expiryTime",
            "redirectUrl",
            "apiDomain"
          ] as const
        ) {
          assert.isUndefined(got[field], `${field} should stay absent`)
        }
      }))

    test("save replaces the token with the same id", (store) =>
      Effect.gen(function*() {
        yield* store.save(fullToken("tok0000001"))
        yield* store.save(simpleToken("tok0000002", { userName: "other@example.com" }))
        yield* store.save(
          simpleToken("tok0000001", {
            userName: "owner@example.com",
            accessToken: Redacted.make("1000.replaced-access"),
            expiryTime: 42
          })
        )
        const all = yield* store.list
        assert.deepStrictEqual(ids(all), ["tok0000001", "tok0000002"])
        const got = Option.getOrThrow(yield* store.findById("tok0000001"))
        assert.strictEqual(Redacted.value(got.accessToken!), "1000.replaced-access")
        assert.strictEqual(got.expiryTime, 42)
        // Replace means replace: fields absent from the new token are gone.
        assert.isUndefined(got.refreshToken)
        assert.isUndefined(got.clientSecret)
      }))

    test("find follows the matching rules", (store) =>
      Effect.gen(function*() {
        const alice = simpleToken("alice00001", {
          userName: "alice@example.com",
          refreshToken: Redacted.make("1000.refresh-alice")
        })
        const bob = simpleToken("bob0000001", {
          userName: "bob@example.com",
          refreshToken: Redacted.make("1000.refresh-bob")
        })
        const otherClient = simpleToken("carol00001", {
          clientId: "1000.OTHERCLIENT",
          userName: "alice@example.com",
          refreshToken: Redacted.make("1000.refresh-carol")
        })
        const pending = simpleToken("grant00001", { grantToken: Redacted.make("1000.grant-pending") })
        yield* Effect.forEach([alice, bob, otherClient, pending], store.save, { discard: true })

        const found = (key: Parameters<TokenStore["Type"]["find"]>[0]) =>
          Effect.map(store.find(key), Option.map((token) => token.id))

        // client id + user name
        assert.deepStrictEqual(
          yield* found({ clientId: "1000.CONTRACTCLIENT", userName: "alice@example.com" }),
          Option.some("alice00001")
        )
        assert.deepStrictEqual(
          yield* found({ clientId: "1000.OTHERCLIENT", userName: "alice@example.com" }),
          Option.some("carol00001")
        )
        // refresh token (with and without a user name)
        assert.deepStrictEqual(
          yield* found({ clientId: "1000.CONTRACTCLIENT", refreshToken: Redacted.make("1000.refresh-bob") }),
          Option.some("bob0000001")
        )
        assert.deepStrictEqual(
          yield* found({
            clientId: "1000.CONTRACTCLIENT",
            userName: "bob@example.com",
            refreshToken: Redacted.make("1000.refresh-bob")
          }),
          Option.some("bob0000001")
        )
        // grant token before the first exchange
        assert.deepStrictEqual(
          yield* found({ clientId: "1000.CONTRACTCLIENT", grantToken: Redacted.make("1000.grant-pending") }),
          Option.some("grant00001")
        )
        // non-matches
        assert.deepStrictEqual(yield* found({ clientId: "1000.UNKNOWN", userName: "alice@example.com" }), Option.none())
        assert.deepStrictEqual(
          yield* found({ clientId: "1000.CONTRACTCLIENT", userName: "nobody@example.com" }),
          Option.none()
        )
        assert.deepStrictEqual(
          yield* found({ clientId: "1000.CONTRACTCLIENT", refreshToken: Redacted.make("1000.refresh-unknown") }),
          Option.none()
        )
        assert.deepStrictEqual(
          yield* found({
            clientId: "1000.CONTRACTCLIENT",
            userName: "alice@example.com",
            refreshToken: Redacted.make("1000.refresh-bob")
          }),
          Option.none(),
          "user name and refresh token belong to different tokens"
        )
        assert.deepStrictEqual(
          yield* found({ clientId: "1000.OTHERCLIENT", refreshToken: Redacted.make("1000.refresh-alice") }),
          Option.none(),
          "refresh token of another client"
        )
        assert.deepStrictEqual(
          yield* found({ clientId: "1000.CONTRACTCLIENT", grantToken: Redacted.make("1000.grant-other") }),
          Option.none()
        )
        assert.deepStrictEqual(yield* found({ clientId: "1000.CONTRACTCLIENT" }), Option.none(), "client id alone")
      }))

    test("delete removes one token and succeeds for a missing id", (store) =>
      Effect.gen(function*() {
        yield* store.save(simpleToken("keep000001", { userName: "keep@example.com" }))
        yield* store.save(simpleToken("drop000001", { userName: "drop@example.com" }))
        yield* store.delete("drop000001")
        assert.isTrue(Option.isNone(yield* store.findById("drop000001")))
        assert.isTrue(
          Option.isNone(yield* store.find({ clientId: "1000.CONTRACTCLIENT", userName: "drop@example.com" }))
        )
        assert.deepStrictEqual(ids(yield* store.list), ["keep000001"])
        yield* store.delete("drop000001")
        yield* store.delete("never-saved")
        assert.deepStrictEqual(ids(yield* store.list), ["keep000001"])
      }))

    test("list returns every stored token", (store) =>
      Effect.gen(function*() {
        const tokens = ["list000001", "list000002", "list000003"].map((id) => simpleToken(id, { userName: `${id}@x` }))
        yield* Effect.forEach(tokens, store.save, { discard: true })
        const all = yield* store.list
        assert.deepStrictEqual(ids(all), ["list000001", "list000002", "list000003"])
        for (const token of all) assert.strictEqual(token.userName, `${token.id}@x`)
      }))

    test("deleteAll empties the store and the store stays usable", (store) =>
      Effect.gen(function*() {
        yield* Effect.forEach(["all0000001", "all0000002"], (id) => store.save(simpleToken(id)), { discard: true })
        yield* store.deleteAll
        assert.deepStrictEqual(yield* store.list, [])
        assert.isTrue(Option.isNone(yield* store.findById("all0000001")))
        yield* store.deleteAll
        yield* store.save(simpleToken("all0000003"))
        assert.deepStrictEqual(ids(yield* store.list), ["all0000003"])
      }))

    test("holds many tokens", (store) =>
      Effect.gen(function*() {
        const count = 120
        const expected = Array.from({ length: count }, (_, i) => `many${String(i).padStart(6, "0")}`)
        yield* Effect.forEach(
          expected,
          (id, i) => store.save(simpleToken(id, { userName: `${id}@x`, expiryTime: i })),
          { discard: true }
        )
        const all = yield* store.list
        assert.deepStrictEqual(ids(all), expected)
        const probe = Option.getOrThrow(yield* store.findById("many000077"))
        assert.strictEqual(probe.expiryTime, 77)
        assert.deepStrictEqual(
          Option.map(yield* store.find({ clientId: "1000.CONTRACTCLIENT", userName: "many000100@x" }), (t) => t.id),
          Option.some("many000100")
        )
      }))

    test(`keeps every one of ${concurrentSaves} concurrent saves of different ids`, (store) =>
      Effect.gen(function*() {
        const expected = Array.from({ length: concurrentSaves }, (_, i) => `conc${String(i).padStart(6, "0")}`)
        yield* Effect.forEach(expected, (id) => store.save(simpleToken(id)), {
          concurrency: "unbounded",
          discard: true
        })
        assert.deepStrictEqual(ids(yield* store.list), expected)
      }))

    test("withLock returns the effect's value and passes its error through unchanged", (store) =>
      Effect.gen(function*() {
        assert.strictEqual(yield* store.withLock("refresh:value", Effect.succeed(42)), 42)
        const failure = { _tag: "ContractFailure" } as const
        const exit = yield* Effect.exit(store.withLock("refresh:value", Effect.fail(failure)))
        assert.deepStrictEqual(exit, Exit.fail(failure))
      }))

    test(`withLock is mutually exclusive (${lockContenders} contenders)`, (store) =>
      Effect.gen(function*() {
        const inside = yield* Ref.make(0)
        const maxInside = yield* Ref.make(0)
        const completed = yield* Ref.make(0)
        const critical = Effect.gen(function*() {
          const now = yield* Ref.updateAndGet(inside, (n) => n + 1)
          yield* Ref.update(maxInside, (max) => Math.max(max, now))
          // Give every other fiber the chance to barge in while we are inside.
          for (let i = 0; i < 10; i++) yield* Effect.yieldNow()
          yield* Ref.update(inside, (n) => n - 1)
          yield* Ref.update(completed, (n) => n + 1)
        })
        yield* Effect.forEach(
          Array.from({ length: lockContenders }),
          () => store.withLock("refresh:exclusive", critical),
          { concurrency: "unbounded", discard: true }
        )
        assert.strictEqual(yield* Ref.get(maxInside), 1, "two fibers were inside the lock at once")
        assert.strictEqual(yield* Ref.get(completed), lockContenders)
      }))

    test("withLock on different keys does not block", (store) =>
      Effect.gen(function*() {
        const entered = yield* Deferred.make<void>()
        const release = yield* Deferred.make<void>()
        const holder = yield* Effect.fork(
          store.withLock(
            "refresh:key-a",
            Effect.zipRight(Deferred.succeed(entered, undefined), Deferred.await(release))
          )
        )
        yield* Deferred.await(entered)
        const other = yield* store.withLock("refresh:key-b", Effect.succeed("b")).pipe(
          Effect.timeoutFail({ duration: "10 seconds", onTimeout: () => "key-b waited for key-a" })
        )
        assert.strictEqual(other, "b")
        yield* Deferred.succeed(release, undefined)
        yield* Fiber.join(holder)
      }))

    test("withLock releases the lock when the effect fails or dies", (store) =>
      Effect.gen(function*() {
        const failed = yield* Effect.exit(store.withLock("refresh:release", Effect.fail("boom")))
        assert.isTrue(Exit.isFailure(failed))
        const died = yield* Effect.exit(store.withLock("refresh:release", Effect.die("defect")))
        assert.isTrue(Exit.isFailure(died) && Cause.isDie(died.cause))
        const after = yield* store.withLock("refresh:release", Effect.succeed("free")).pipe(
          Effect.timeoutFail({ duration: "10 seconds", onTimeout: () => "lock not released after a failure" })
        )
        assert.strictEqual(after, "free")
      }))

    test("withLock releases the lock when the holder is interrupted", (store) =>
      Effect.gen(function*() {
        const entered = yield* Deferred.make<void>()
        const holder = yield* Effect.fork(
          store.withLock("refresh:interrupt", Effect.zipRight(Deferred.succeed(entered, undefined), Effect.never))
        )
        yield* Deferred.await(entered)
        yield* Fiber.interrupt(holder)
        const after = yield* store.withLock("refresh:interrupt", Effect.succeed("free")).pipe(
          Effect.timeoutFail({ duration: "10 seconds", onTimeout: () => "lock not released after interruption" })
        )
        assert.strictEqual(after, "free")
      }))

    test("an interrupted waiter never runs and does not keep the lock", (store) =>
      Effect.gen(function*() {
        const entered = yield* Deferred.make<void>()
        const release = yield* Deferred.make<void>()
        const waiterRan = yield* Ref.make(false)
        const holder = yield* Effect.fork(
          store.withLock(
            "refresh:waiter",
            Effect.zipRight(Deferred.succeed(entered, undefined), Deferred.await(release))
          )
        )
        yield* Deferred.await(entered)
        const waiter = yield* Effect.fork(store.withLock("refresh:waiter", Ref.set(waiterRan, true)))
        // Let the waiter reach the lock before it is interrupted.
        for (let i = 0; i < 20; i++) yield* Effect.yieldNow()
        yield* Fiber.interrupt(waiter)
        yield* Deferred.succeed(release, undefined)
        yield* Fiber.join(holder)
        assert.isFalse(yield* Ref.get(waiterRan), "the interrupted waiter ran inside the lock")
        const after = yield* store.withLock("refresh:waiter", Effect.succeed("free")).pipe(
          Effect.timeoutFail({ duration: "10 seconds", onTimeout: () => "lock kept by an interrupted waiter" })
        )
        assert.strictEqual(after, "free")
      }))

    test("secrets never show in tokens or errors", (store) =>
      Effect.gen(function*() {
        yield* store.save(fullToken())
        const got = Option.getOrThrow(yield* store.findById("tok0000001"))
        assertNoSecret("String(token)", String(got))
        assertNoSecret("JSON.stringify(token)", safeStringify(got))
        assertNoSecret("JSON.stringify(list)", safeStringify(yield* store.list))
        const provoke = options?.provokeFailure
        if (provoke === undefined) return
        yield* Effect.scoped(
          Effect.gen(function*() {
            yield* provoke
            const attempts: ReadonlyArray<Effect.Effect<unknown, TokenStoreError>> = [
              store.list,
              store.findById("tok0000001"),
              store.find({ clientId: "1000.CONTRACTCLIENT", refreshToken: Redacted.make(SECRETS.refreshToken) }),
              store.save(fullToken("tok0000002"))
            ]
            for (const attempt of attempts) {
              const exit = yield* Effect.exit(attempt)
              assert.isTrue(Exit.isFailure(exit), "the provoked failure did not make the store fail")
              if (Exit.isSuccess(exit)) continue
              const error = Cause.failureOption(exit.cause)
              assert.isTrue(Option.isSome(error), `expected a failure, got ${Cause.pretty(exit.cause)}`)
              const value = Option.getOrThrow(error)
              assert.strictEqual(value._tag, "TokenStoreError")
              assertNoSecret("String(error)", String(value))
              assertNoSecret("JSON.stringify(error)", safeStringify(value))
              assertNoSecret("error.message", value.message)
              assertNoSecret("Cause.pretty", Cause.pretty(exit.cause))
            }
          })
        )
      }))
  })
}
