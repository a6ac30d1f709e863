import { FileTokenStore, TokenStore, ZohoError, ZohoToken } from "@effect-zoho/core"
import * as TokenStoreContract from "@effect-zoho/core/testing/TokenStoreContract"
import { NodeFileSystem } from "@effect/platform-node"
import * as PlatformError from "@effect/platform/Error"
import * as FileSystem from "@effect/platform/FileSystem"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as TestClock from "effect/TestClock"
import * as ChildProcess from "node:child_process"
import * as Crypto from "node:crypto"
import * as NodeFs from "node:fs"
import * as Os from "node:os"
import * as NodePath from "node:path"
import { fileURLToPath } from "node:url"
import { fromPlatformError } from "../src/internal/fileLock.js"

const here = NodePath.dirname(fileURLToPath(import.meta.url))

/** The path of the token file used by the current contract test. */
class TokenFile extends Context.Tag("test/TokenFile")<TokenFile, string>() {}

const tempDir = Effect.flatMap(FileSystem.FileSystem, (fs) => fs.makeTempDirectoryScoped({ prefix: "effect-zoho-" }))

// A fresh directory per test: built with the layer, removed when the test's layer is released.
const contractLayer = Layer.unwrapScoped(
  Effect.map(tempDir, (dir) => {
    const path = NodePath.join(dir, "tokens.json")
    return Layer.merge(FileTokenStore.layer({ path }), Layer.succeed(TokenFile, path))
  })
).pipe(Layer.provideMerge(NodeFileSystem.layer))

TokenStoreContract.run("file", contractLayer, {
  // A foreign file holding secrets: decoding it must fail without quoting them.
  provokeFailure: Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const path = yield* TokenFile
    const original = JSON.parse(yield* fs.readFileString(path))
    // tokens keyed by id instead of a list: a schema failure whose "actual" value holds every secret
    const byId = Object.fromEntries(original.tokens.map((t: { id: string }) => [t.id, t]))
    yield* fs.writeFileString(path, JSON.stringify({ ...original, tokens: byId }))
  })
})

const token = (id: string, fields: Partial<Omit<ConstructorParameters<typeof ZohoToken.ZohoToken>[0], "id">> = {}) =>
  new ZohoToken.ZohoToken({ id, clientId: "1000.FILETEST", ...fields })

const isTokenStoreError = (
  exit: Exit.Exit<unknown, unknown>,
  reason: ZohoError.TokenStoreError["reason"]
): ZohoError.TokenStoreError => {
  assert.isTrue(Exit.isFailure(exit), "expected a failure")
  const failure = Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined
  assert.instanceOf(failure, ZohoError.TokenStoreError, Exit.isFailure(exit) ? Cause.pretty(exit.cause) : "")
  const error = failure as ZohoError.TokenStoreError
  assert.strictEqual(error.reason, reason, error.message)
  return error
}

/** Runs `body` with a fresh temp directory and the Node file system. */
const withDir = <A, E>(body: (dir: string) => Effect.Effect<A, E, FileSystem.FileSystem>) =>
  Effect.scoped(Effect.flatMap(tempDir, body)).pipe(Effect.provide(NodeFileSystem.layer))

const readText = (path: string) => Effect.flatMap(FileSystem.FileSystem, (fs) => fs.readFileString(path))

const modeOf = (path: string) =>
  Effect.map(Effect.flatMap(FileSystem.FileSystem, (fs) => fs.stat(path)), (s) => s.mode & 0o777)

/**
 * Advances the TestClock to the next sleep some fiber waits on (never past `limitMillis` after
 * the start), and otherwise lets real file I/O finish, until `fiber` is done. A fiber that is
 * stuck forever is caught by the test timeout.
 */
const drive = <A, E>(fiber: Fiber.RuntimeFiber<A, E>, limitMillis: number) =>
  Effect.gen(function*() {
    const start = yield* TestClock.currentTimeMillis
    while (true) {
      const done = yield* Fiber.poll(fiber)
      if (Option.isSome(done)) return done.value
      const sleeps = Chunk.toReadonlyArray(yield* TestClock.sleeps())
      if (sleeps.length > 0 && (yield* Fiber.status(fiber))._tag === "Suspended") {
        const next = Math.min(...sleeps)
        if (next - start <= limitMillis) yield* TestClock.setTime(next)
      }
      yield* Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))
    }
  })

/** The lock file `withLock(key)` uses (the naming is checked by its own test below). */
const keyLockPath = (path: string, key: string) =>
  `${path}.${Crypto.createHash("sha256").update(key).digest("hex").slice(0, 16)}.lock`

const writeLock = (lockPath: string, info: { pid: number; timestamp: number; hostname?: string }) =>
  Effect.flatMap(FileSystem.FileSystem, (fs) =>
    fs.writeFileString(
      lockPath,
      JSON.stringify({
        pid: info.pid,
        hostname: info.hostname ?? Os.hostname(),
        nonce: "someone-else",
        acquiredAt: info.timestamp,
        timestamp: info.timestamp
      })
    ))

const deadPid = (): number => {
  const child = ChildProcess.spawnSync(process.execPath, ["-e", ""])
  return child.pid!
}

describe("FileTokenStore", () => {
  it.effect("writes the versioned seed-compatible format, owner-only, with no temp or lock files left", () =>
    withDir((dir) =>
      Effect.gen(function*() {
        const fs = yield* FileSystem.FileSystem
        const path = NodePath.join(dir, "tokens.json")
        const store = yield* FileTokenStore.make({ path })
        yield* store.save(
          token("abc1234567", {
            userName: "u@example.com",
            refreshToken: Redacted.make("1000.r"),
            expiryTime: 1700000000000
          })
        )
        yield* store.save(token("def1234567"))
        yield* store.delete("def1234567")
        const json = JSON.parse(yield* readText(path))
        assert.deepStrictEqual(json, {
          format: "effect-zoho/tokens",
          version: 1,
          tokens: [{
            id: "abc1234567",
            user_name: "u@example.com",
            client_id: "1000.FILETEST",
            refresh_token: "1000.r",
            expiry_time: "1700000000000"
          }]
        })
        assert.strictEqual(yield* modeOf(path), 0o600)
        assert.deepStrictEqual(yield* fs.readDirectory(dir), ["tokens.json"])
      })
    ))

  it.effect("creates a missing directory owner-only and treats a missing or empty file as an empty store", () =>
    withDir((dir) =>
      Effect.gen(function*() {
        const fs = yield* FileSystem.FileSystem
        const path = NodePath.join(dir, "nested", "deeper", "tokens.json")
        const store = yield* FileTokenStore.make({ path })
        assert.deepStrictEqual(yield* store.list, [])
        assert.isFalse(yield* fs.exists(NodePath.join(dir, "nested")), "reads must not create anything")
        yield* store.save(token("abc1234567"))
        assert.strictEqual(yield* modeOf(NodePath.join(dir, "nested")), 0o700)
        assert.strictEqual(yield* modeOf(NodePath.join(dir, "nested", "deeper")), 0o700)
        assert.strictEqual(yield* modeOf(path), 0o600)

        const empty = NodePath.join(dir, "empty.json")
        yield* fs.writeFileString(empty, "")
        const emptyStore = yield* FileTokenStore.make({ path: empty })
        assert.deepStrictEqual(yield* emptyStore.list, [])
        yield* emptyStore.save(token("x"))
        assert.deepStrictEqual((yield* emptyStore.list).map((t) => t.id), ["x"])
      })
    ))

  it.effect("tightens a file that was readable by others when it rewrites it", () =>
    withDir((dir) =>
      Effect.gen(function*() {
        const fs = yield* FileSystem.FileSystem
        const path = NodePath.join(dir, "tokens.json")
        yield* fs.writeFileString(path, JSON.stringify({ format: "effect-zoho/tokens", version: 1, tokens: [] }))
        yield* fs.chmod(path, 0o644)
        const store = yield* FileTokenStore.make({ path })
        yield* store.save(token("abc"))
        assert.strictEqual(yield* modeOf(path), 0o600)
      })
    ))

  it.effect("reads a file written by hand in the seed's column layout", () =>
    withDir((dir) =>
      Effect.gen(function*() {
        const fs = yield* FileSystem.FileSystem
        const path = NodePath.join(dir, "tokens.json")
        yield* fs.writeFileString(
          path,
          JSON.stringify({
            format: "effect-zoho/tokens",
            version: 1,
            tokens: [{
              id: "seed000001",
              user_name: "seed@example.com",
              client_id: "1000.SEED",
              client_secret: "cs",
              refresh_token: "1000.rt",
              access_token: "1000.at",
              grant_token: "1000.gt",
              expiry_time: "1700000000123",
              redirect_url: "https://example.com/cb",
              api_domain: "https://www.zohoapis.com",
              some_future_column: "ignored"
            }]
          })
        )
        const store = yield* FileTokenStore.make({ path })
        const found = Option.getOrThrow(
          yield* store.find({ clientId: "1000.SEED", refreshToken: Redacted.make("1000.rt") })
        )
        assert.strictEqual(found.id, "seed000001")
        assert.strictEqual(found.expiryTime, 1700000000123)
        assert.strictEqual(Redacted.value(found.clientSecret!), "cs")
      })
    ))

  describe("never overwrites a file it does not understand", () => {
    const cases: ReadonlyArray<readonly [string, string]> = [
      ["not JSON", "{ this is not json"],
      ["a JSON array", JSON.stringify([{ id: "x" }])],
      ["JSON without the format marker", JSON.stringify({ tokens: [] })],
      ["another program's JSON", JSON.stringify({ format: "something/else", version: 1, tokens: [] })],
      ["a newer version", JSON.stringify({ format: "effect-zoho/tokens", version: 2, tokens: [] })],
      [
        "tokens failing the schema",
        JSON.stringify({ format: "effect-zoho/tokens", version: 1, tokens: [{ id: "ok" }, { user_name: "no id" }] })
      ],
      [
        "a non-numeric expiry",
        JSON.stringify({ format: "effect-zoho/tokens", version: 1, tokens: [{ id: "ok", expiry_time: "soon" }] })
      ]
    ]
    it.effect.each(cases)(
      "%s is Corrupt and stays byte-for-byte the same",
      ([_, content]) =>
        withDir((dir) =>
          Effect.gen(function*() {
            const fs = yield* FileSystem.FileSystem
            const path = NodePath.join(dir, "tokens.json")
            yield* fs.writeFileString(path, content)
            const store = yield* FileTokenStore.make({ path })
            const operations: ReadonlyArray<Effect.Effect<unknown, ZohoError.TokenStoreError>> = [
              store.list,
              store.findById("ok"),
              store.find({ clientId: "c", userName: "u" }),
              store.save(token("new")),
              store.delete("ok"),
              store.deleteAll
            ]
            for (const operation of operations) {
              const error = isTokenStoreError(yield* Effect.exit(operation), "Corrupt")
              assert.strictEqual(error.path, path)
              assert.include(error.message, path)
              assert.include(error.message, "left untouched")
            }
            assert.strictEqual(yield* readText(path), content)
            assert.deepStrictEqual((yield* fs.readDirectory(dir)).sort(), ["tokens.json"], "temp or lock files left")
          })
        )
    )
  })

  it.effect("maps permission errors to reason Permission", () =>
    Effect.sync(() => {
      const denied = new PlatformError.SystemError({
        reason: "PermissionDenied",
        module: "FileSystem",
        method: "open",
        pathOrDescriptor: "/x"
      })
      const eperm = new PlatformError.SystemError({
        reason: "Unknown",
        module: "FileSystem",
        method: "rename",
        pathOrDescriptor: "/x",
        cause: Object.assign(new Error("EPERM"), { code: "EPERM" })
      })
      const enospc = new PlatformError.SystemError({
        reason: "Unknown",
        module: "FileSystem",
        method: "write",
        pathOrDescriptor: "/x",
        cause: Object.assign(new Error("ENOSPC"), { code: "ENOSPC" })
      })
      assert.strictEqual(fromPlatformError("file", "/x", "write")(denied).reason, "Permission")
      assert.strictEqual(fromPlatformError("file", "/x", "write")(eperm).reason, "Permission")
      assert.strictEqual(fromPlatformError("file", "/x", "write")(enospc).reason, "Io")
    }))

  // root ignores file modes, so this can only be observed as an ordinary user.
  it.effect.skipIf(process.getuid?.() === 0)(
    "reports a read-only directory as Permission",
    () =>
      withDir((dir) =>
        Effect.gen(function*() {
          const fs = yield* FileSystem.FileSystem
          const locked = NodePath.join(dir, "locked")
          yield* fs.makeDirectory(locked, { mode: 0o500 })
          const store = yield* FileTokenStore.make({ path: NodePath.join(locked, "tokens.json") })
          const error = isTokenStoreError(yield* Effect.exit(store.save(token("x"))), "Permission")
          assert.include(error.message, locked)
          yield* fs.chmod(locked, 0o700)
        })
      )
  )

  it.effect("reports an unreadable path (a directory) as Io, naming it", () =>
    withDir((dir) =>
      Effect.gen(function*() {
        const store = yield* FileTokenStore.make({ path: dir })
        const error = isTokenStoreError(yield* Effect.exit(store.list), "Io")
        assert.strictEqual(error.path, dir)
      })
    ))

  describe("locks", () => {
    it.effect("breaks a lock that has not been refreshed for staleLockTimeout", () =>
      withDir((dir) =>
        Effect.gen(function*() {
          const fs = yield* FileSystem.FileSystem
          const path = NodePath.join(dir, "tokens.json")
          // held by a live process (this one), last refreshed at clock time 0
          yield* writeLock(keyLockPath(path, "refresh:u"), { pid: process.pid, timestamp: 0 })
          const store = yield* FileTokenStore.make({ path, staleLockTimeout: "5 seconds", lockTimeout: "1 minute" })
          // The body reports the clock time at which it got the lock.
          const fiber = yield* Effect.fork(store.withLock("refresh:u", Clock.currentTimeMillis))
          const exit = yield* drive(fiber, 60_000)
          assert.isTrue(Exit.isSuccess(exit), String(exit))
          const acquiredAt = Exit.isSuccess(exit) ? exit.value : -1
          assert.isAtLeast(acquiredAt, 5_000, "broken before it was stale")
          assert.isBelow(acquiredAt, 5_200, "waited much longer than needed")
          assert.isFalse(yield* fs.exists(keyLockPath(path, "refresh:u")))
        })
      ))

    it.effect("a save breaks a stale data lock too", () =>
      withDir((dir) =>
        Effect.gen(function*() {
          const fs = yield* FileSystem.FileSystem
          const path = NodePath.join(dir, "tokens.json")
          yield* writeLock(`${path}.lock`, { pid: process.pid, timestamp: 0 })
          const store = yield* FileTokenStore.make({ path, staleLockTimeout: "5 seconds", lockTimeout: "1 minute" })
          const fiber = yield* Effect.fork(store.save(token("after-stale")))
          const exit = yield* drive(fiber, 60_000)
          assert.isTrue(Exit.isSuccess(exit), String(exit))
          assert.isAtLeast(yield* TestClock.currentTimeMillis, 5_000, "broken before it was stale")
          assert.deepStrictEqual((yield* store.list).map((t) => t.id), ["after-stale"])
          assert.isFalse(yield* fs.exists(`${path}.lock`))
        })
      ))

    it.effect("breaks a lock whose process is gone at once", () =>
      withDir((dir) =>
        Effect.gen(function*() {
          const path = NodePath.join(dir, "tokens.json")
          yield* writeLock(keyLockPath(path, "refresh:u"), { pid: deadPid(), timestamp: 0 })
          const store = yield* FileTokenStore.make({ path, staleLockTimeout: "1 hour" })
          const fiber = yield* Effect.fork(store.withLock("refresh:u", Clock.currentTimeMillis))
          const exit = yield* drive(fiber, 60_000)
          assert.isTrue(Exit.isSuccess(exit), String(exit))
          assert.isBelow(Exit.isSuccess(exit) ? exit.value : Infinity, 200)
        })
      ))

    it.effect.each([
      ["an empty lock file", ""],
      ["a half-written lock file", `{"pid":${process.pid},"hostna`],
      ["a lock file of garbage", "\u0000\u0000garbage"]
    ])(
      "%s is broken at once (only a crash leaves one: locks are linked into place whole)",
      ([_, content]) =>
        withDir((dir) =>
          Effect.gen(function*() {
            const fs = yield* FileSystem.FileSystem
            const path = NodePath.join(dir, "tokens.json")
            yield* fs.writeFileString(`${path}.lock`, content)
            yield* fs.writeFileString(keyLockPath(path, "refresh:u"), content)
            // A stale timeout of an hour: only the unparsable content may make these stale.
            const store = yield* FileTokenStore.make({ path, staleLockTimeout: "1 hour", lockTimeout: "1 minute" })
            const saved = yield* Effect.fork(Effect.zipRight(store.save(token("after-crash")), Clock.currentTimeMillis))
            const savedAt = yield* drive(saved, 60_000)
            assert.isTrue(Exit.isSuccess(savedAt), String(savedAt))
            assert.isBelow(Exit.isSuccess(savedAt) ? savedAt.value : Infinity, 1_000, "waited for a dead lock")
            const locked = yield* Effect.fork(store.withLock("refresh:u", Clock.currentTimeMillis))
            const lockedAt = yield* drive(locked, 60_000)
            assert.isTrue(Exit.isSuccess(lockedAt), String(lockedAt))
            assert.isBelow(Exit.isSuccess(lockedAt) ? lockedAt.value : Infinity, 1_000, "waited for a dead lock")
            assert.deepStrictEqual((yield* store.list).map((t) => t.id), ["after-crash"])
            assert.deepStrictEqual(yield* fs.readDirectory(dir), ["tokens.json"])
          })
        )
    )

    it.effect("a held lock file is never empty or cut short: it appears whole and heartbeats keep its length", () =>
      withDir((dir) =>
        Effect.gen(function*() {
          const fs = yield* FileSystem.FileSystem
          const path = NodePath.join(dir, "tokens.json")
          const lockPath = keyLockPath(path, "refresh:u")
          const store = yield* FileTokenStore.make({ path, staleLockTimeout: "3 seconds" })
          const entered = yield* Deferred.make<void>()
          const release = yield* Deferred.make<void>()
          const holder = yield* Effect.fork(
            store.withLock("refresh:u", Effect.zipRight(Deferred.succeed(entered, undefined), Deferred.await(release)))
          )
          yield* Deferred.await(entered)
          const first = yield* readText(lockPath)
          const info = JSON.parse(first)
          assert.strictEqual(info.pid, process.pid)
          // No temp name is left next to the lock.
          assert.deepStrictEqual(yield* fs.readDirectory(dir), [NodePath.basename(lockPath)])
          for (const at of [1_000, 2_000, 60_000, 3_600_000, 10_000_000_000]) {
            yield* TestClock.setTime(at)
            // Let the heartbeat's real file I/O finish.
            for (let i = 0; i < 20; i++) {
              yield* Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))
            }
            const now = yield* readText(lockPath)
            assert.strictEqual(now.length, first.length)
            assert.strictEqual(JSON.parse(now).nonce, info.nonce)
          }
          assert.isAbove(JSON.parse(yield* readText(lockPath)).timestamp, 3_600_000 - 1, "no heartbeat seen")
          yield* Deferred.succeed(release, undefined)
          yield* Fiber.join(holder)
          assert.deepStrictEqual(yield* fs.readDirectory(dir), [])
        })
      ))

    it.effect("does not judge a lock from another host by its pid", () =>
      withDir((dir) =>
        Effect.gen(function*() {
          const path = NodePath.join(dir, "tokens.json")
          yield* writeLock(`${path}.lock`, { pid: deadPid(), timestamp: 0, hostname: "some-other-host.invalid" })
          const store = yield* FileTokenStore.make({ path, staleLockTimeout: "3 seconds" })
          const fiber = yield* Effect.fork(store.save(token("x")))
          const exit = yield* drive(fiber, 60_000)
          assert.isTrue(Exit.isSuccess(exit), String(exit))
          assert.isAtLeast(yield* TestClock.currentTimeMillis, 3_000)
        })
      ))

    it.effect("waits for a live lock, then fails with reason Lock and leaves it alone", () =>
      withDir((dir) =>
        Effect.gen(function*() {
          const fs = yield* FileSystem.FileSystem
          const path = NodePath.join(dir, "tokens.json")
          yield* writeLock(`${path}.lock`, { pid: process.pid, timestamp: 0 })
          const before = yield* readText(`${path}.lock`)
          const store = yield* FileTokenStore.make({ path, staleLockTimeout: "1 hour", lockTimeout: "2 seconds" })
          const fiber = yield* Effect.fork(store.save(token("blocked")))
          const exit = yield* drive(fiber, 60_000)
          const error = isTokenStoreError(exit, "Lock")
          assert.include(error.message, `${path}.lock`)
          assert.include(error.message, `pid ${process.pid}`)
          const now = yield* TestClock.currentTimeMillis
          assert.isAtLeast(now, 2_000)
          assert.isBelow(now, 2_300)
          assert.strictEqual(yield* readText(`${path}.lock`), before)
          assert.isFalse(yield* fs.exists(path))
        })
      ))

    it.effect("a holder's heartbeat keeps a long withLock from being broken as stale", () =>
      withDir((dir) =>
        Effect.gen(function*() {
          const path = NodePath.join(dir, "tokens.json")
          const options = { path, staleLockTimeout: "3 seconds", lockTimeout: "10 seconds" } as const
          // Two instances: nothing in-process serializes them, only the lock file does.
          const a = yield* FileTokenStore.make(options)
          const b = yield* FileTokenStore.make(options)
          const entered = yield* Deferred.make<void>()
          const release = yield* Deferred.make<void>()
          const holder = yield* Effect.fork(
            a.withLock("refresh:user", Effect.zipRight(Deferred.succeed(entered, undefined), Deferred.await(release)))
          )
          yield* Deferred.await(entered)
          const bEntered = yield* Ref.make(false)
          const waiter = yield* Effect.fork(b.withLock("refresh:user", Ref.set(bEntered, true)))
          const exit = yield* drive(waiter, 60_000)
          isTokenStoreError(exit, "Lock")
          assert.isAtLeast(yield* TestClock.currentTimeMillis, 10_000, "gave up early")
          assert.isFalse(yield* Ref.get(bEntered), "entered a lock that was held and alive")
          yield* Deferred.succeed(release, undefined)
          yield* Fiber.join(holder)
          const after = yield* Effect.fork(b.withLock("refresh:user", Effect.succeed("free")))
          assert.deepStrictEqual(yield* drive(after, 1_000), Exit.succeed("free"))
        })
      ))

    it.effect("withLock and saves use separate lock files next to the token file, removed after use", () =>
      withDir((dir) =>
        Effect.gen(function*() {
          const fs = yield* FileSystem.FileSystem
          const path = NodePath.join(dir, "tokens.json")
          const store = yield* FileTokenStore.make({ path })
          const seen = yield* store.withLock(
            "refresh:someone@example.com",
            Effect.gen(function*() {
              yield* store.save(token("inside-lock"))
              const names = yield* fs.readDirectory(dir)
              return { names, mode: yield* modeOf(keyLockPath(path, "refresh:someone@example.com")) }
            })
          )
          const lockFiles = seen.names.filter((name) => name.endsWith(".lock"))
          assert.deepStrictEqual(lockFiles, [NodePath.basename(keyLockPath(path, "refresh:someone@example.com"))])
          assert.match(lockFiles[0], /^tokens\.json\.[0-9a-f]{16}\.lock$/)
          assert.strictEqual(seen.mode, 0o600)
          assert.deepStrictEqual(yield* fs.readDirectory(dir), ["tokens.json"])
        })
      ))
  })

  describe("temp files left by crashed writers", () => {
    const hostTag = Crypto.createHash("sha256").update(Os.hostname()).digest("hex").slice(0, 8)
    const secret = JSON.stringify({
      format: "effect-zoho/tokens",
      version: 1,
      tokens: [{ id: "x", refresh_token: "1000.r" }]
    })

    it.effect("are removed when the store is built: a dead pid's at once, any after ten minutes; a live one's is kept", () =>
      withDir((dir) =>
        Effect.gen(function*() {
          const fs = yield* FileSystem.FileSystem
          const path = NodePath.join(dir, "tokens.json")
          const dead = deadPid()
          const names = {
            deadLegacy: `tokens.json.${dead}.0a1b2c3d4e5f.tmp`,
            dead: `tokens.json.${dead}.${hostTag}-0a1b2c3d4e5f.tmp`,
            deadLock: `tokens.json.lock.${dead}.${hostTag}-0a1b2c3d4e5f.tmp`,
            live: `tokens.json.${process.pid}.${hostTag}-0a1b2c3d4e5f.tmp`,
            otherHostFresh: `tokens.json.${dead}.ffffffff-0a1b2c3d4e5f.tmp`,
            otherHostOld: `tokens.json.${dead}.eeeeeeee-0a1b2c3d4e5f.tmp`,
            liveOld: `tokens.json.${process.pid}.${hostTag}-abcdef.tmp`,
            unrelated: `other.json.${dead}.0a1b2c3d4e5f.tmp`
          }
          for (const name of Object.values(names)) yield* fs.writeFileString(NodePath.join(dir, name), secret)
          yield* fs.writeFileString(path, secret)
          // The clock of the test starts at 0: make "old" relative to it.
          yield* TestClock.setTime(Date.now())
          const hourAgo = new Date(Date.now() - 3_600_000)
          yield* fs.utimes(NodePath.join(dir, names.otherHostOld), hourAgo, hourAgo)
          yield* fs.utimes(NodePath.join(dir, names.liveOld), hourAgo, hourAgo)

          const store = yield* FileTokenStore.make({ path })
          assert.deepStrictEqual(
            (yield* fs.readDirectory(dir)).sort(),
            [names.live, names.otherHostFresh, names.unrelated, "tokens.json"].sort()
          )
          assert.deepStrictEqual((yield* store.list).map((t) => t.id), ["x"])
        })
      ))

    it.live("a write uses a temp name the cleanup recognises (pid and host tag)", () =>
      withDir((dir) =>
        Effect.gen(function*() {
          const path = NodePath.join(dir, "tokens.json")
          const store = yield* FileTokenStore.make({ path })
          const seen: Array<string> = []
          const watcher = NodeFs.watch(dir, (_event, name) => {
            if (typeof name === "string" && name.endsWith(".tmp")) seen.push(name)
          })
          yield* store.save(token("x"))
          // fs.watch reports asynchronously.
          yield* Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 100)))
          watcher.close()
          // The token data's temp file and the lock's (written, then linked into place).
          const data = new RegExp(`^tokens\\.json\\.${process.pid}\\.${hostTag}-[0-9a-f]{12}\\.tmp$`)
          const lock = new RegExp(`^tokens\\.json\\.lock\\.${process.pid}\\.${hostTag}-[0-9a-f]{12}\\.tmp$`)
          assert.isTrue(seen.some((name) => data.test(name)), seen.join(", "))
          for (const name of seen) assert.isTrue(data.test(name) || lock.test(name), name)
        })
      ))
  })

  describe("config", () => {
    it.effect("reads ZOHO_TOKEN_FILE and lock timeouts from the environment", () =>
      Effect.gen(function*() {
        const options = yield* FileTokenStore.config.pipe(
          Effect.withConfigProvider(
            ConfigProvider.fromMap(
              new Map([["ZOHO_TOKEN_FILE", "/tmp/x/tokens.json"], ["ZOHO_TOKEN_FILE_LOCK_TIMEOUT", "5 seconds"]])
            )
          )
        )
        assert.strictEqual(options.path, "/tmp/x/tokens.json")
        assert.isDefined(options.lockTimeout)
        assert.isUndefined(options.staleLockTimeout)
        const defaults = yield* FileTokenStore.config.pipe(Effect.withConfigProvider(ConfigProvider.fromMap(new Map())))
        assert.strictEqual(defaults.path, "~/.effect-zoho/tokens.json")
      }))

    it.effect("layerConfig stores tokens in the configured file", () =>
      withDir((dir) =>
        Effect.gen(function*() {
          const path = NodePath.join(dir, "from-env.json")
          yield* Effect.flatMap(TokenStore.TokenStore, (store) => store.save(token("env"))).pipe(
            Effect.provide(FileTokenStore.layerConfig()),
            Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["ZOHO_TOKEN_FILE", path]])))
          )
          assert.strictEqual(JSON.parse(yield* readText(path)).tokens[0].id, "env")
        })
      ))
  })

  describe("several processes", () => {
    const dist = NodePath.resolve(here, "../dist/FileTokenStore.js")
    const child = NodePath.join(here, "fixtures", "file-store-child.mjs")

    const runChild = (args: ReadonlyArray<string>) =>
      Effect.async<void, Error>((resume) => {
        const proc = ChildProcess.execFile(
          process.execPath,
          [child, ...args],
          { timeout: 60_000 },
          (error, _out, err) => {
            resume(
              error ? Effect.fail(new Error(`child ${args.join(" ")} failed: ${error.message}\n${err}`)) : Effect.void
            )
          }
        )
        return Effect.sync(() => proc.kill())
      })

    const requireBuild = Effect.sync(() => {
      if (!NodeFs.existsSync(dist)) {
        throw new Error(`${dist} is missing: run pnpm build first (the child processes load the built package)`)
      }
    })

    it.live(
      "4 processes x 25 read-modify-write saves keep all 100 tokens in valid JSON",
      () =>
        withDir((dir) =>
          Effect.gen(function*() {
            yield* requireBuild
            const fs = yield* FileSystem.FileSystem
            const path = NodePath.join(dir, "shared.json")
            yield* Effect.forEach(["p0", "p1", "p2", "p3"], (prefix) => runChild(["save", path, prefix, "25"]), {
              concurrency: "unbounded",
              discard: true
            })
            const json = JSON.parse(yield* readText(path))
            assert.strictEqual(json.format, "effect-zoho/tokens")
            const stored: Array<string> = json.tokens.map((t: { id: string }) => t.id).sort()
            const expected = ["p0", "p1", "p2", "p3"].flatMap((p) => Array.from({ length: 25 }, (_, i) => `${p}-${i}`))
            assert.deepStrictEqual(stored, expected.sort())
            const store = yield* FileTokenStore.make({ path })
            assert.strictEqual((yield* store.list).length, 100)
            assert.strictEqual(yield* modeOf(path), 0o600)
            assert.deepStrictEqual(yield* fs.readDirectory(dir), ["shared.json"])
          })
        ),
      90_000
    )

    it.live(
      "withLock is exclusive across 4 processes (racy counter keeps every increment)",
      () =>
        withDir((dir) =>
          Effect.gen(function*() {
            yield* requireBuild
            const fs = yield* FileSystem.FileSystem
            const path = NodePath.join(dir, "shared.json")
            const counter = NodePath.join(dir, "counter.txt")
            yield* Effect.forEach([0, 1, 2, 3], () => runChild(["lock", path, counter, "25"]), {
              concurrency: "unbounded",
              discard: true
            })
            assert.strictEqual(yield* readText(counter), "100")
            assert.deepStrictEqual((yield* fs.readDirectory(dir)).sort(), ["counter.txt"])
          })
        ),
      90_000
    )
  })
})
