/**
 * The default `TokenStore`: one JSON file, safe to share between processes on a host.
 *
 * The file is `{ "format": "effect-zoho/tokens", "version": 1, "tokens": [...] }` where each token
 * uses the seed SDKs' snake_case columns (`ZohoToken.Encoded`). It is created owner-only (0600,
 * and 0700 for a directory this store creates) and always replaced atomically: a temp file in
 * the same directory is written, fsynced and renamed over it, so readers never see half a file.
 *
 * Every read-modify-write happens under the lock file `<path>.lock`; `withLock(key, …)` holds
 * `<path>.<sha256(key) prefix>.lock`. Locks use exclusive create, carry pid + timestamp, are
 * kept fresh by a heartbeat while held, and are broken when their process is gone or they are
 * older than `staleLockTimeout`. A lock file that is empty or cannot be parsed is broken at once:
 * locks are written under a temp name and linked into place complete, so only a crash leaves one
 * like that. Reads need no lock.
 *
 * A crash (kill -9) in the middle of a write can leave its temp file, `<path>.<pid>.<host>-<random>.tmp`,
 * which holds every token of the file in clear. Building the store removes such leftovers: those
 * of a process of this host that is gone at once, any other once it is older than ten minutes
 * (a write takes milliseconds, so a fresh temp file of a live process may be a write in flight).
 *
 * A file that is not JSON, or not this format, is reported as `TokenStoreError` reason `Corrupt`
 * and is never overwritten. A missing (or empty) file is an empty store.
 *
 * @since 0.1.0
 */
import * as FileSystem from "@effect/platform/FileSystem"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Scope from "effect/Scope"
import * as FileLock from "./internal/fileLock.js"
import * as NodeHost from "./internal/nodeHost.js"
import { TokenStore } from "./TokenStore.js"
import type * as TokenStoreNs from "./TokenStore.js"
import { TokenStoreError } from "./ZohoError.js"
import * as ZohoToken from "./ZohoToken.js"

/**
 * The `format` marker written into every token file.
 *
 * @category constants
 * @since 0.1.0
 */
export const FORMAT = "effect-zoho/tokens"

/**
 * The file layout version this module reads and writes.
 *
 * @category constants
 * @since 0.1.0
 */
export const VERSION = 1

/**
 * Where `layerConfig` puts the file when `ZOHO_TOKEN_FILE` is not set.
 *
 * @category constants
 * @since 0.1.0
 */
export const DEFAULT_PATH = "~/.effect-zoho/tokens.json"

/**
 * @category models
 * @since 0.1.0
 */
export interface Options {
  /** The token file. A leading `~` is the home directory; relative paths use the working directory. */
  readonly path: string
  /** How long to wait for a lock held by someone else before failing with reason `Lock`. Default 60 seconds. */
  readonly lockTimeout?: Duration.DurationInput | undefined
  /**
   * A lock whose holder has not refreshed it for this long is broken (a holder refreshes it every
   * third of this while alive; a dead holder on this host is detected at once). Default 30 seconds.
   */
  readonly staleLockTimeout?: Duration.DurationInput | undefined
}

const STORE = "file"

/** A temp file older than this is a crash's leftover whatever its pid: a write lasts milliseconds. */
const LEFTOVER_MAX_AGE = Duration.minutes(10)

const TokenFile = Schema.Struct({
  format: Schema.Literal(FORMAT),
  version: Schema.Literal(VERSION),
  tokens: Schema.Array(ZohoToken.ZohoToken)
})

const Envelope = Schema.Struct({ format: Schema.Literal(FORMAT), version: Schema.Number })

const decodeTokenFile = Schema.decodeUnknownEither(TokenFile, { errors: "all" })
const encodeTokenFile = Schema.encodeEither(TokenFile)

/**
 * Builds a store over the file `options.path`. Nothing is read or created until the first call;
 * building it only removes the temp files crashed writers left next to the file.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (options: Options): Effect.Effect<TokenStoreNs.Service, never, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const path = NodeHost.resolvePath(options.path)
    const directory = NodeHost.dirname(path)
    const lockOptions: FileLock.LockOptions = {
      store: STORE,
      timeout: Duration.decode(options.lockTimeout ?? "60 seconds"),
      staleTimeout: Duration.decode(options.staleLockTimeout ?? "30 seconds")
    }
    const ioError = (action: string) => FileLock.fromPlatformError(STORE, path, action)

    // A crashed writer's temp file holds every token in clear: remove it before anything else.
    const removed = yield* FileLock.removeLeftovers(fs, path, { maxAge: LEFTOVER_MAX_AGE })
    if (removed.length > 0) {
      yield* Effect.logWarning("removed temp files left by crashed token store writers").pipe(
        Effect.annotateLogs({ store: STORE, path, files: removed.join(", ") })
      )
    }
    const corrupt = (message: string) =>
      new TokenStoreError({ reason: "Corrupt", store: STORE, path, message: `${message}; it was left untouched` })

    // Only the shape of a failure is reported: parse messages quote actual values, which here
    // could be tokens or client secrets.
    const describeSchemaFailure = (error: ParseResult.ParseError): string => {
      const paths = ParseResult.ArrayFormatter.formatErrorSync(error)
        .slice(0, 5)
        .map((issue) => issue.path.length === 0 ? "(root)" : issue.path.map(String).join("."))
      return Array.from(new Set(paths)).join(", ")
    }

    const parse = (content: string): Effect.Effect<ReadonlyArray<ZohoToken.ZohoToken>, TokenStoreError> => {
      if (content.trim() === "") return Effect.succeed([])
      let json: unknown
      try {
        json = JSON.parse(content)
      } catch {
        return Effect.fail(corrupt(`The token file ${path} is not valid JSON`))
      }
      const envelope = Schema.decodeUnknownOption(Envelope)(json)
      if (Option.isNone(envelope)) {
        return Effect.fail(
          corrupt(`The file ${path} is not an effect-zoho token file (no "format": "${FORMAT}" marker)`)
        )
      }
      if (envelope.value.version !== VERSION) {
        return Effect.fail(
          corrupt(`The token file ${path} has version ${envelope.value.version}; this version reads ${VERSION}`)
        )
      }
      return Either.match(decodeTokenFile(json), {
        onLeft: (error) =>
          Effect.fail(
            corrupt(
              `The token file ${path} holds entries that are not valid tokens (at ${describeSchemaFailure(error)})`
            )
          ),
        onRight: (file) => Effect.succeed(file.tokens)
      })
    }

    const read: Effect.Effect<ReadonlyArray<ZohoToken.ZohoToken>, TokenStoreError> = fs.readFileString(path).pipe(
      Effect.catchIf(FileLock.isNotFound, () => Effect.succeed("")),
      Effect.mapError(ioError("read")),
      Effect.flatMap(parse)
    )

    const ensureDirectory = fs.exists(directory).pipe(
      Effect.flatMap((exists) => exists ? Effect.void : fs.makeDirectory(directory, { recursive: true, mode: 0o700 })),
      Effect.mapError(ioError("create the directory of"))
    )

    const write = (tokens: ReadonlyArray<ZohoToken.ZohoToken>): Effect.Effect<void, TokenStoreError> =>
      Effect.gen(function*() {
        const encoded = yield* encodeTokenFile({ format: FORMAT, version: VERSION, tokens }).pipe(
          Effect.mapError(() =>
            new TokenStoreError({
              reason: "Invalid",
              store: STORE,
              path,
              message: "A token could not be encoded for the token file"
            })
          )
        )
        const bytes = new TextEncoder().encode(JSON.stringify(encoded, null, 2) + "\n")
        const temp = FileLock.tempName(path)
        const writeTemp = Effect.scoped(
          Effect.gen(function*() {
            const file = yield* fs.open(temp, { flag: "wx", mode: 0o600 })
            yield* file.writeAll(bytes)
            yield* file.sync
          })
        ).pipe(
          // The mode given to open is masked by the umask; make it exactly owner-only.
          Effect.zipRight(fs.chmod(temp, 0o600)),
          Effect.zipRight(fs.rename(temp, path)),
          Effect.mapError(ioError("write"))
        )
        yield* writeTemp.pipe(
          Effect.onExit((exit) => Exit.isFailure(exit) ? fs.remove(temp).pipe(Effect.ignore) : Effect.void)
        )
        // Persist the rename itself; not every platform can fsync a directory, so this is best effort.
        yield* Effect.scoped(Effect.flatMap(fs.open(directory, { flag: "r" }), (dir) => dir.sync)).pipe(
          Effect.ignore
        )
      })

    const fileMutex = yield* Effect.makeSemaphore(1)
    const dataLock = `${path}.lock`

    const modify = (
      f: (tokens: ReadonlyArray<ZohoToken.ZohoToken>) => Option.Option<ReadonlyArray<ZohoToken.ZohoToken>>
    ): Effect.Effect<void, TokenStoreError> =>
      fileMutex.withPermits(1)(
        Effect.scoped(
          Effect.gen(function*() {
            yield* ensureDirectory
            yield* FileLock.lockScoped(fs, dataLock, lockOptions)
            const next = f(yield* read)
            if (Option.isSome(next)) yield* write(next.value)
          })
        )
      )

    const keyLocks = new Map<string, Effect.Semaphore>()
    const keyMutex = (key: string) =>
      Effect.sync(() => {
        let semaphore = keyLocks.get(key)
        if (semaphore === undefined) {
          semaphore = Effect.unsafeMakeSemaphore(1)
          keyLocks.set(key, semaphore)
        }
        return semaphore
      })
    const keyLockPath = (key: string) => `${path}.${NodeHost.sha256Hex(key).slice(0, 16)}.lock`

    return TokenStore.of({
      name: STORE,
      find: (key) => Effect.map(read, (tokens) => Option.fromNullable(tokens.find((t) => ZohoToken.matches(t, key)))),
      findById: (id) => Effect.map(read, (tokens) => Option.fromNullable(tokens.find((t) => t.id === id))),
      save: (token) =>
        modify((tokens) => {
          const index = tokens.findIndex((t) => t.id === token.id)
          if (index === -1) return Option.some([...tokens, token])
          const next = tokens.slice()
          next[index] = token
          return Option.some(next)
        }),
      delete: (id) =>
        modify((tokens) =>
          tokens.some((t) => t.id === id) ? Option.some(tokens.filter((t) => t.id !== id)) : Option.none()
        ),
      list: read,
      deleteAll: modify((tokens) => tokens.length === 0 ? Option.none() : Option.some([])),
      withLock: (key, effect) =>
        Effect.flatMap(keyMutex(key), (semaphore) =>
          semaphore.withPermits(1)(
            Effect.acquireUseRelease(
              ensureDirectory.pipe(Effect.zipRight(Scope.make())),
              (scope) =>
                Effect.zipRight(Scope.extend(FileLock.lockScoped(fs, keyLockPath(key), lockOptions), scope), effect),
              (scope, exit) => Scope.close(scope, exit)
            )
          ))
    })
  })

/**
 * @example
 * ```ts
 * import { FileTokenStore, Zoho } from "@effect-zoho/core"
 * import { NodeFileSystem, NodeHttpClient } from "@effect/platform-node"
 * import { Layer } from "effect"
 *
 * // Tokens survive restarts, and the processes of one machine share them (writes take a lock).
 * export const ZohoLive = Zoho.layerConfig().pipe(
 *   Layer.provide(NodeHttpClient.layerUndici),
 *   Layer.provide(FileTokenStore.layer({ path: "./.zoho/tokens.json" })),
 *   Layer.provide(NodeFileSystem.layer)
 * )
 * ```
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: Options): Layer.Layer<TokenStore, never, FileSystem.FileSystem> =>
  Layer.effect(TokenStore, make(options))

/**
 * The options from the environment: `ZOHO_TOKEN_FILE` (default `~/.effect-zoho/tokens.json`),
 * `ZOHO_TOKEN_FILE_LOCK_TIMEOUT` and `ZOHO_TOKEN_FILE_STALE_LOCK_TIMEOUT` (durations such as
 * `30 seconds`).
 *
 * @category config
 * @since 0.1.0
 */
export const config: Config.Config<Options> = Config.all({
  path: Config.string("ZOHO_TOKEN_FILE").pipe(Config.withDefault(DEFAULT_PATH)),
  lockTimeout: Config.option(Config.duration("ZOHO_TOKEN_FILE_LOCK_TIMEOUT")),
  staleLockTimeout: Config.option(Config.duration("ZOHO_TOKEN_FILE_STALE_LOCK_TIMEOUT"))
}).pipe(
  Config.map(({ lockTimeout, path, staleLockTimeout }) => ({
    path,
    lockTimeout: Option.getOrUndefined(lockTimeout),
    staleLockTimeout: Option.getOrUndefined(staleLockTimeout)
  }))
)

/**
 * @category layers
 * @since 0.1.0
 */
export const layerConfig = (
  options: Config.Config<Options> = config
): Layer.Layer<TokenStore, ConfigError.ConfigError, FileSystem.FileSystem> =>
  Layer.unwrapEffect(Effect.map(options, layer))
