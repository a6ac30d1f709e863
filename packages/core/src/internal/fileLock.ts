/**
 * A lock file protocol that holds across processes on one host (and across hosts on a shared
 * file system, by timestamps alone):
 *
 * - acquire = create `<lock>` with exclusive create (`wx`, mode 0600) and write
 *   `{ pid, hostname, nonce, acquiredAt, timestamp }` into it;
 * - while held, a heartbeat rewrites `timestamp` through the open descriptor, so a long holder
 *   (a slow refresh) is never mistaken for a stale one. Writing through the descriptor means a
 *   holder whose lock was broken can never clobber the new holder's file;
 * - a waiter breaks a lock whose pid is dead (same host) or whose timestamp is older than the
 *   stale timeout, after re-reading it to make sure it is still the same stale lock;
 * - release removes the file only while it still carries our nonce.
 *
 * Waiting backs off exponentially (capped, jittered) on the Effect `Clock` up to a maximum wait.
 */
import type * as PlatformError from "@effect/platform/Error"
import type * as FileSystem from "@effect/platform/FileSystem"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Scope from "effect/Scope"
import { TokenStoreError } from "../ZohoError.js"
import * as NodeHost from "./nodeHost.js"

/** @internal */
export interface LockOptions {
  /** Store name for errors. */
  readonly store: string
  /** A lock not refreshed for this long (or whose process is gone) is broken. */
  readonly staleTimeout: Duration.Duration
  /** How long to wait for a held lock before failing with reason `Lock`. */
  readonly timeout: Duration.Duration
}

const LockInfo = Schema.Struct({
  pid: Schema.Number,
  hostname: Schema.String,
  nonce: Schema.String,
  acquiredAt: Schema.Number,
  timestamp: Schema.Number
})
type LockInfo = typeof LockInfo.Type

const decodeLockInfo = Schema.decodeUnknownOption(Schema.parseJson(LockInfo))

const encodeLockInfo = (info: LockInfo): Uint8Array => new TextEncoder().encode(JSON.stringify(info))

const errnoCode = (error: PlatformError.PlatformError): string | undefined => {
  if (error._tag !== "SystemError") return undefined
  const cause = error.cause as { readonly code?: unknown } | undefined
  return typeof cause?.code === "string" ? cause.code : undefined
}

/** @internal */
export const isNotFound = (error: PlatformError.PlatformError): boolean =>
  error._tag === "SystemError" && error.reason === "NotFound"

/** @internal */
export const isAlreadyExists = (error: PlatformError.PlatformError): boolean =>
  error._tag === "SystemError" && error.reason === "AlreadyExists"

/** @internal */
export const isPermissionError = (error: PlatformError.PlatformError): boolean => {
  if (error._tag === "SystemError" && error.reason === "PermissionDenied") return true
  const code = errnoCode(error)
  return code === "EACCES" || code === "EPERM" || code === "EROFS"
}

/**
 * File system errors carry paths and errno text, never file contents, so they are safe to keep
 * as the cause.
 *
 * @internal
 */
export const fromPlatformError =
  (store: string, path: string, action: string) => (error: PlatformError.PlatformError): TokenStoreError =>
    new TokenStoreError({
      reason: isPermissionError(error) ? "Permission" : "Io",
      store,
      path,
      message: `Could not ${action} ${path}: ${error.message}`,
      cause: error
    })

class Busy {
  readonly _tag = "Busy"
  constructor(readonly holder: Option.Option<LockInfo>) {}
}

interface Held {
  readonly scope: Scope.CloseableScope
  readonly nonce: string
}

const retrySchedule = (timeout: Duration.Duration) =>
  Schedule.exponential("5 millis", 1.5).pipe(
    // union keeps the shorter delay, so waits grow from 5ms but never beyond 100ms
    Schedule.union(Schedule.spaced("100 millis")),
    Schedule.jittered,
    Schedule.upTo(timeout)
  )

/**
 * Holds the lock file `lockPath` for the rest of the current scope.
 *
 * @internal
 */
export const lockScoped = (
  fs: FileSystem.FileSystem,
  lockPath: string,
  options: LockOptions
): Effect.Effect<void, TokenStoreError, Scope.Scope> => {
  const ioError = (action: string) => fromPlatformError(options.store, lockPath, action)

  const removeIfOurs = (nonce: string) =>
    fs.readFileString(lockPath).pipe(
      Effect.flatMap((content) =>
        Option.match(decodeLockInfo(content), {
          onNone: () => Effect.void,
          onSome: (info) => info.nonce === nonce ? fs.remove(lockPath) : Effect.void
        })
      ),
      Effect.ignore
    )

  const heartbeat = (file: FileSystem.File, base: LockInfo) => {
    const interval = Duration.divide(options.staleTimeout, 3).pipe(
      Option.getOrElse(() => Duration.seconds(1))
    )
    const beat = Effect.gen(function*() {
      const bytes = encodeLockInfo({ ...base, timestamp: yield* Clock.currentTimeMillis })
      yield* file.seek(0, "start")
      yield* file.writeAll(bytes)
      yield* file.truncate(bytes.length)
    }).pipe(Effect.ignore)
    return Effect.forever(Effect.zipRight(Effect.sleep(interval), beat))
  }

  const isStale = (now: number, content: string) =>
    Option.match(decodeLockInfo(content), {
      onSome: (info) => {
        if (info.hostname === NodeHost.hostname() && !NodeHost.isProcessAlive(info.pid)) {
          return Effect.succeed(true)
        }
        return Effect.succeed(now - info.timestamp > Duration.toMillis(options.staleTimeout))
      },
      // Empty or half-written: the creator may be between `open` and `write`, so judge by mtime.
      onNone: () =>
        fs.stat(lockPath).pipe(
          Effect.map((stat) =>
            Option.match(stat.mtime, {
              onNone: () => false,
              onSome: (mtime) => now - mtime.getTime() > Duration.toMillis(options.staleTimeout)
            })
          ),
          Effect.orElseSucceed(() => false)
        )
    })

  // Called when the lock exists: break it when stale, then report busy so the caller retries.
  const inspect = Effect.gen(function*() {
    const content = yield* fs.readFileString(lockPath).pipe(Effect.option)
    if (Option.isNone(content)) return yield* Effect.fail(new Busy(Option.none()))
    const now = yield* Clock.currentTimeMillis
    const holder = decodeLockInfo(content.value)
    if (yield* isStale(now, content.value)) {
      // Re-read so we only remove the lock we judged stale, not one a faster waiter just created.
      const again = yield* fs.readFileString(lockPath).pipe(Effect.option)
      if (Option.isSome(again) && again.value === content.value) {
        yield* fs.remove(lockPath).pipe(Effect.ignore)
        yield* Effect.logWarning("broke a stale token store lock").pipe(
          Effect.annotateLogs({
            lock: lockPath,
            pid: Option.match(holder, { onNone: () => "unknown", onSome: (info) => String(info.pid) })
          })
        )
      }
    }
    return yield* Effect.fail(new Busy(holder))
  })

  const create: Effect.Effect<Held, Busy | TokenStoreError> = Effect.gen(function*() {
    const scope = yield* Scope.make()
    const opened = yield* fs.open(lockPath, { flag: "wx", mode: 0o600 }).pipe(
      Scope.extend(scope),
      Effect.either
    )
    if (opened._tag === "Left") {
      yield* Scope.close(scope, Exit.void)
      if (isAlreadyExists(opened.left)) return yield* inspect
      return yield* Effect.fail(ioError("create the lock file")(opened.left))
    }
    const now = yield* Clock.currentTimeMillis
    const info: LockInfo = {
      pid: NodeHost.pid(),
      hostname: NodeHost.hostname(),
      nonce: NodeHost.randomHex(16),
      acquiredAt: now,
      timestamp: now
    }
    const written = yield* opened.right.writeAll(encodeLockInfo(info)).pipe(Effect.either)
    if (written._tag === "Left") {
      yield* Scope.close(scope, Exit.void)
      yield* fs.remove(lockPath).pipe(Effect.ignore)
      return yield* Effect.fail(ioError("write the lock file")(written.left))
    }
    // The acquire step runs uninterruptibly; the heartbeat must stay interruptible or closing
    // the scope would wait for it forever.
    yield* Effect.forkIn(Effect.interruptible(heartbeat(opened.right, info)), scope)
    return { scope, nonce: info.nonce }
  })

  const release = (held: Held) => Effect.zipRight(Scope.close(held.scope, Exit.void), removeIfOurs(held.nonce))

  return Effect.acquireRelease(create, release).pipe(
    Effect.retry({ schedule: retrySchedule(options.timeout), while: (error) => error._tag === "Busy" }),
    Effect.catchIf(
      (error): error is Busy => error._tag === "Busy",
      (busy) =>
        Effect.fail(
          new TokenStoreError({
            reason: "Lock",
            store: options.store,
            path: lockPath,
            message: `Timed out after ${Duration.format(options.timeout)} waiting for the lock ${lockPath}` +
              Option.match(busy.holder, {
                onNone: () => "",
                onSome: (info) => ` (held by pid ${info.pid} on ${info.hostname})`
              })
          })
        )
    ),
    Effect.asVoid
  )
}
