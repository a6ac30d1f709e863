/**
 * A lock file protocol that holds across processes on one host (and across hosts on a shared
 * file system, by timestamps alone):
 *
 * - acquire = write `{ pid, hostname, nonce, acquiredAt, timestamp }` into a private temp file
 *   (`<lock>.<pid>.<host tag>-<random>.tmp`, exclusive create, 0600), then hard-link it to
 *   `<lock>` (the link fails if `<lock>` exists, so it is the exclusive create) and unlink the
 *   temp name. The lock file therefore appears with its whole content or not at all;
 * - while held, a heartbeat rewrites `timestamp` through the open descriptor, in place and at the
 *   same length (the JSON is padded with spaces), so a long holder (a slow refresh) is never
 *   mistaken for a stale one and the file is never empty or cut short. Writing through the
 *   descriptor means a holder whose lock was broken can never clobber the new holder's file;
 * - a waiter breaks a lock at once when it cannot be parsed (empty or half-written: only a crash
 *   leaves one, see the rule below) or when its pid is dead (same host); otherwise when its
 *   timestamp is older than the stale timeout. It re-reads the lock first to make sure it is
 *   still the same stale lock;
 * - release removes the file only while it still carries our nonce.
 *
 * The rule for unparsable locks: a live holder's lock file always parses, because it is linked
 * into place complete and then only rewritten in place at the same length. So an empty or
 * unparsable lock can only come from a process that died (kill -9, power loss) while an older
 * version of this protocol (exclusive create, then write) was between its two steps, or from
 * disk damage: it is broken immediately. A read racing a heartbeat could in theory see a mix of
 * two timestamps; the re-read before breaking sees the new content and keeps the lock. Every
 * process sharing a lock directory must use this protocol (an older one writes after creating,
 * so its lock can be empty for a moment).
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

/**
 * The lock's JSON padded with spaces to `width` bytes (JSON allows trailing whitespace), so every
 * heartbeat overwrites the file at the same length.
 */
const encodeLockInfo = (info: LockInfo, width = 0): Uint8Array => {
  const json = JSON.stringify(info)
  return new TextEncoder().encode(json.length >= width ? json : json.padEnd(width, " "))
}

/** Room for the timestamp to grow while the lock is held. */
const LOCK_PADDING = 24

/**
 * A name for a private temp file next to `target`: `<target>.<pid>.<host tag>-<random>.tmp`.
 * The pid and host tag let a later start tell whether its writer is gone (see
 * {@link removeLeftovers}).
 *
 * @internal
 */
export const tempName = (target: string): string =>
  `${target}.${NodeHost.pid()}.${hostTag()}-${NodeHost.randomHex(6)}.tmp`

/** 8 hex digits of this host's name: a temp file's host, without spelling the hostname out. */
const hostTag = (): string => NodeHost.sha256Hex(NodeHost.hostname()).slice(0, 8)

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

/**
 * Temp files of crashed writers: `<base>.[<anything>.]<pid>.[<host tag>-]<hex>.tmp` (the host
 * tag is missing in names written by older versions, which were always on this host's pid).
 */
const leftoverPattern = (base: string) =>
  new RegExp(`^${escapeRegExp(base)}\\.(?:.+\\.)?(\\d+)\\.(?:([0-9a-f]{8})-)?[0-9a-f]+\\.tmp$`)

/** @internal */
export interface LeftoverOptions {
  /** A temp file older than this is removed whatever its pid or host (a write lasts milliseconds). */
  readonly maxAge: Duration.Duration
}

/**
 * Removes the temp files that crashed writers left next to `path` (a token file's temp holds
 * every token in clear): those of a process of this host that is no longer alive, and any older
 * than `maxAge` (a pid of another host cannot be checked; a pid may have been reused). A temp
 * file of a live process on this host, or a fresh one of another host, may be a write in flight
 * and is kept. Best effort: returns the names removed, never fails.
 *
 * @internal
 */
export const removeLeftovers = (
  fs: FileSystem.FileSystem,
  path: string,
  options: LeftoverOptions
): Effect.Effect<ReadonlyArray<string>> =>
  Effect.gen(function*() {
    const directory = NodeHost.dirname(path)
    const base = path.slice(directory.length).replace(/^[\\/]+/, "")
    const pattern = leftoverPattern(base)
    const names = yield* fs.readDirectory(directory)
    const here = hostTag()
    const now = yield* Clock.currentTimeMillis
    const removed: Array<string> = []
    for (const name of names) {
      const match = pattern.exec(name)
      if (match === null) continue
      const pid = Number(match[1])
      const tag = match[2]
      const full = `${directory}/${name}`
      const deadHere = (tag === undefined || tag === here) && !NodeHost.isProcessAlive(pid)
      const old = deadHere ? true : yield* fs.stat(full).pipe(
        Effect.map((info) =>
          Option.match(info.mtime, {
            onNone: () => false,
            onSome: (mtime) => now - mtime.getTime() > Duration.toMillis(options.maxAge)
          })
        ),
        Effect.orElseSucceed(() => false)
      )
      if (!deadHere && !old) continue
      const gone = yield* fs.remove(full).pipe(Effect.as(true), Effect.orElseSucceed(() => false))
      if (gone) removed.push(name)
    }
    return removed
  }).pipe(Effect.orElseSucceed((): ReadonlyArray<string> => []))

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
  constructor(
    readonly holder: Option.Option<LockInfo>,
    /** This attempt removed a stale lock: try again at once rather than after a back-off. */
    readonly broke: boolean = false
  ) {}
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

  const heartbeat = (file: FileSystem.File, base: LockInfo, width: number) => {
    const interval = Duration.divide(options.staleTimeout, 3).pipe(
      Option.getOrElse(() => Duration.seconds(1))
    )
    const beat = Effect.gen(function*() {
      const bytes = encodeLockInfo({ ...base, timestamp: yield* Clock.currentTimeMillis }, width)
      yield* file.seek(0, "start")
      yield* file.writeAll(bytes)
      // Same length as before (padded), so nothing to cut; only a timestamp that outgrew the
      // padding (centuries) would need it.
      if (bytes.length !== width) yield* file.truncate(bytes.length)
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
      // Empty or half-written: a lock is linked into place complete, so no live holder has one
      // like this (see the rule at the top); its writer crashed. Stale at once.
      onNone: () => Effect.succeed(true)
    })

  // Called when the lock exists: break it when stale, then report busy so the caller retries.
  const inspect = Effect.gen(function*() {
    const content = yield* fs.readFileString(lockPath).pipe(Effect.option)
    if (Option.isNone(content)) return yield* Effect.fail(new Busy(Option.none()))
    const now = yield* Clock.currentTimeMillis
    const holder = decodeLockInfo(content.value)
    let broke = false
    if (yield* isStale(now, content.value)) {
      // Re-read so we only remove the lock we judged stale, not one a faster waiter just created.
      const again = yield* fs.readFileString(lockPath).pipe(Effect.option)
      if (Option.isSome(again) && again.value === content.value) {
        broke = yield* fs.remove(lockPath).pipe(Effect.as(true), Effect.orElseSucceed(() => false))
        yield* Effect.logWarning("broke a stale token store lock").pipe(
          Effect.annotateLogs({
            lock: lockPath,
            pid: Option.match(holder, { onNone: () => "unknown", onSome: (info) => String(info.pid) })
          })
        )
      }
    }
    return yield* Effect.fail(new Busy(holder, broke))
  })

  const create: Effect.Effect<Held, Busy | TokenStoreError> = Effect.gen(function*() {
    const scope = yield* Scope.make()
    const fail = (error: TokenStoreError) => Effect.zipRight(Scope.close(scope, Exit.void), Effect.fail(error))
    const now = yield* Clock.currentTimeMillis
    const info: LockInfo = {
      pid: NodeHost.pid(),
      hostname: NodeHost.hostname(),
      nonce: NodeHost.randomHex(16),
      acquiredAt: now,
      timestamp: now
    }
    const width = encodeLockInfo(info).length + LOCK_PADDING
    // Write the whole content under a private name first, then link it into place: the lock
    // file is never seen empty or half-written (see the rule at the top).
    const temp = tempName(lockPath)
    const opened = yield* fs.open(temp, { flag: "wx", mode: 0o600 }).pipe(Scope.extend(scope), Effect.either)
    if (opened._tag === "Left") return yield* fail(ioError("create the lock file")(opened.left))
    const written = yield* opened.right.writeAll(encodeLockInfo(info, width)).pipe(Effect.either)
    if (written._tag === "Left") {
      yield* fs.remove(temp).pipe(Effect.ignore)
      return yield* fail(ioError("write the lock file")(written.left))
    }
    const linked = yield* fs.link(temp, lockPath).pipe(Effect.either)
    // The descriptor keeps the file; the temp name is not needed any more either way.
    yield* fs.remove(temp).pipe(Effect.ignore)
    if (linked._tag === "Left") {
      yield* Scope.close(scope, Exit.void)
      if (isAlreadyExists(linked.left)) return yield* inspect
      return yield* Effect.fail(ioError("create the lock file")(linked.left))
    }
    // The acquire step runs uninterruptibly; the heartbeat must stay interruptible or closing
    // the scope would wait for it forever.
    yield* Effect.forkIn(Effect.interruptible(heartbeat(opened.right, info, width)), scope)
    return { scope, nonce: info.nonce }
  })

  const release = (held: Held) => Effect.zipRight(Scope.close(held.scope, Exit.void), removeIfOurs(held.nonce))

  // A stale lock just removed is taken over at once, not after the next back-off step.
  const attempt = create.pipe(Effect.catchIf((error) => error._tag === "Busy" && error.broke, () => create))

  return Effect.acquireRelease(attempt, release).pipe(
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
