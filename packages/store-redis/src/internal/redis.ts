/**
 * The ioredis plumbing shared by the token store and the throttle: one way to own a client, one
 * way to run a command as an Effect, one way to run a Lua script, one way to turn an ioredis
 * failure into a `TokenStoreError` that carries no command arguments (they can hold secrets).
 */
import { TokenStoreError } from "@effect-zoho/core/ZohoError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import { Redis } from "ioredis"
import type { RedisOptions } from "ioredis"
import { createHash } from "node:crypto"

/** @internal */
export type Client = Redis

/** @internal */
export const STORE = "redis"

/** @internal */
export const DEFAULT_URL = "redis://localhost:6379"

/** @internal */
export const DEFAULT_PREFIX = "effect-zoho:"

/** Options of the clients this package creates itself. @internal */
export interface ConnectionOptions {
  readonly url?: string | Redacted.Redacted<string> | undefined
  readonly redis?: RedisOptions | undefined
  readonly connectTimeout?: Duration.DurationInput | undefined
}

const CONNECTION_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN"
])

const isConnectionError = (error: unknown): boolean => {
  if (typeof error !== "object" || error === null) return false
  const e = error as { readonly name?: unknown; readonly code?: unknown; readonly message?: unknown }
  if (e.name === "MaxRetriesPerRequestError") return true
  if (typeof e.code === "string" && CONNECTION_ERROR_CODES.has(e.code)) return true
  const message = typeof e.message === "string" ? e.message : ""
  return message.includes("Connection is closed") ||
    message.includes("enableOfflineQueue") ||
    message.includes("Command timed out") ||
    message.includes("connect ETIMEDOUT") ||
    message.includes("Stream isn't writeable")
}

/**
 * ioredis attaches the command and its arguments to reply errors (`error.command.args`), and an
 * HSET of a token has the secrets among them, so only the server's message text survives, and
 * only its first word-ish part for reply errors (e.g. `WRONGTYPE Operation against a key…`).
 *
 * @internal
 */
export const toStoreError = (operation: string) => (error: unknown): TokenStoreError => {
  if (error instanceof TokenStoreError) return error
  const raw = typeof error === "object" && error !== null && "message" in error ? String(error.message) : String(error)
  const message = raw.split("\n")[0]!.slice(0, 200)
  if (isConnectionError(error)) {
    return new TokenStoreError({
      reason: "Unavailable",
      store: STORE,
      message: `Redis is unavailable (${operation}): ${message}`
    })
  }
  return new TokenStoreError({
    reason: message.startsWith("WRONGTYPE") ? "Corrupt" : "Io",
    store: STORE,
    message: `Redis ${operation} failed: ${message}`
  })
}

/**
 * One command (or pipeline) as an Effect, bounded by `timeout` so a call during an outage fails
 * fast as `Unavailable` even on a caller-owned client that queues commands while offline.
 *
 * @internal
 */
export const run = <A>(
  operation: string,
  timeout: Duration.Duration,
  f: () => Promise<A>
): Effect.Effect<A, TokenStoreError> =>
  Effect.tryPromise({ try: f, catch: toStoreError(operation) }).pipe(
    Effect.timeoutFail({
      duration: timeout,
      onTimeout: () =>
        new TokenStoreError({
          reason: "Unavailable",
          store: STORE,
          message: `Redis is unavailable (${operation}): no answer within ${Duration.format(timeout)}`
        })
    })
  )

/** A Lua script run by EVALSHA, re-sent with EVAL when the server forgot it (restart, flush). @internal */
export interface Script {
  readonly source: string
  readonly sha: string
}

/** @internal */
export const script = (source: string): Script => ({ source, sha: createHash("sha1").update(source).digest("hex") })

/** @internal */
export const evalScript = (
  client: Client,
  s: Script,
  keys: ReadonlyArray<string>,
  args: ReadonlyArray<string | number>
): Promise<unknown> =>
  client.evalsha(s.sha, keys.length, ...keys, ...args).catch((error: unknown) => {
    if (error instanceof Error && error.message.startsWith("NOSCRIPT")) {
      return client.eval(s.source, keys.length, ...keys, ...args)
    }
    throw error
  })

/**
 * Fail fast during an outage instead of queueing: with the offline queue off, a command sent
 * while the connection is down is rejected at once, and an in-flight one is retried at most once
 * on the new connection (none of our commands is unsafe to repeat except the throttle's
 * admission, which at worst counts one start twice, i.e. errs on the safe side). ioredis keeps
 * reconnecting in the background (its default back-off, capped at 2 s).
 *
 * @internal
 */
export const clientDefaults: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  lazyConnect: true
}

/**
 * A client owned by the current scope: connected before the layer is built (so a wrong URL or a
 * server that is down fails the layer with `Unavailable`), quit when the scope closes.
 *
 * @internal
 */
export const acquireClient = (options: ConnectionOptions): Effect.Effect<Client, TokenStoreError, Scope.Scope> => {
  const connectTimeout = Duration.decode(options.connectTimeout ?? "5 seconds")
  const url = options.url === undefined
    ? DEFAULT_URL
    : Redacted.isRedacted(options.url)
    ? Redacted.value(options.url)
    : options.url
  return Effect.acquireRelease(
    Effect.gen(function*() {
      const client = new Redis(url, {
        connectTimeout: Duration.toMillis(connectTimeout),
        ...clientDefaults,
        ...options.redis
      })
      // Without a listener ioredis reports every failed reconnect as an unhandled error event;
      // the failures themselves reach callers as typed errors.
      client.on("error", () => {})
      yield* run("connect", connectTimeout, () => client.connect()).pipe(
        Effect.tapError(() => Effect.sync(() => client.disconnect()))
      )
      return client
    }),
    (client) =>
      Effect.tryPromise(() => client.quit()).pipe(
        Effect.timeout("1 second"),
        Effect.ignore,
        Effect.zipRight(Effect.sync(() => client.disconnect()))
      )
  )
}

/** A 128-bit random value, for lock tokens and holder ids. @internal */
export const randomId = (): string => {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")
}
