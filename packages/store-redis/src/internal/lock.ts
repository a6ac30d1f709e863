/**
 * A lock across processes on one Redis server:
 *
 * - acquire = `SET <key> <random token> NX PX <ttl>`, polled with a capped, jittered exponential
 *   back-off up to a timeout (then `TokenStoreError` reason `Lock`);
 * - while the effect runs, a heartbeat pushes the expiry forward every `ttl / 3` (PEXPIRE, only
 *   while the key still holds our token), so a slow holder keeps its lock and a crashed one loses
 *   it after at most `ttl`;
 * - release deletes the key only while it still holds our token, so a holder whose lock expired
 *   and was taken by another process never deletes the new holder's lock.
 *
 * Each SET runs uninterruptibly and its release is registered in the same step, so an interrupt
 * can land only between attempts (while sleeping): an interrupted waiter never holds the lock.
 */
import { TokenStoreError } from "@effect-zoho/core/ZohoError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as Scope from "effect/Scope"
import * as Redis from "./redis.js"

/** @internal */
export interface LockOptions {
  readonly ttl: Duration.Duration
  readonly timeout: Duration.Duration
  readonly commandTimeout: Duration.Duration
}

const release = Redis.script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`)

const extend = Redis.script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`)

/** @internal */
export const retrySchedule = (timeout: Duration.Duration) =>
  Schedule.exponential("5 millis", 1.5).pipe(
    // union keeps the shorter delay: waits grow from 5 ms but never beyond 100 ms
    Schedule.union(Schedule.spaced("100 millis")),
    Schedule.jittered,
    Schedule.upTo(timeout)
  )

/**
 * Holds the lock `lockKey` for the rest of the current scope.
 *
 * @internal
 */
export const lockScoped = (
  client: Redis.Client,
  lockKey: string,
  options: LockOptions
): Effect.Effect<void, TokenStoreError, Scope.Scope> =>
  Effect.gen(function*() {
    const scope = yield* Effect.scope
    const token = Redis.randomId()
    const ttlMs = Math.max(1, Math.round(Duration.toMillis(options.ttl)))
    const cmd = <A>(operation: string, f: () => Promise<A>) => Redis.run(operation, options.commandTimeout, f)

    const releaseLock = cmd("lock release", () => Redis.evalScript(client, release, [lockKey], [token])).pipe(
      // A release that cannot reach the server leaves the key to expire after `ttl`.
      Effect.ignore
    )

    const tryOnce = Effect.uninterruptible(
      Effect.flatMap(cmd("lock acquire", () => client.set(lockKey, token, "PX", ttlMs, "NX")), (reply) =>
        reply === "OK"
          ? Effect.as(Scope.addFinalizer(scope, releaseLock), true)
          : Effect.succeed(false))
    )

    const driver = yield* Schedule.driver(retrySchedule(options.timeout))
    const acquire: Effect.Effect<void, TokenStoreError> = Effect.flatMap(tryOnce, (acquired) =>
      acquired ? Effect.void : driver.next(undefined).pipe(
        Effect.mapError(() =>
          new TokenStoreError({
            reason: "Lock",
            store: Redis.STORE,
            message: `Timed out after ${Duration.format(options.timeout)} waiting for lock ${lockKey}`
          })
        ),
        Effect.zipRight(Effect.suspend(() =>
          acquire
        ))
      ))
    yield* acquire

    const heartbeat = cmd("lock extend", () => Redis.evalScript(client, extend, [lockKey], [token, ttlMs])).pipe(
      Effect.flatMap((extended) =>
        extended === 1
          ? Effect.void
          : Effect.logWarning("Redis lock expired while held; another process may have taken it").pipe(
            Effect.annotateLogs({ lock: lockKey })
          )
      ),
      // Outages are survived: the next beat tries again, and the key's own expiry is the backstop.
      Effect.catchAll(() => Effect.void),
      Effect.delay(Duration.millis(Math.max(1, Math.floor(ttlMs / 3)))),
      Effect.forever
    )
    // Forked after the release finalizer, so the scope stops the heartbeat before releasing.
    yield* Effect.forkIn(heartbeat, scope)
  })

/** Runs `effect` holding the lock. @internal */
export const withLock = <A, E, R>(
  client: Redis.Client,
  lockKey: string,
  options: LockOptions,
  effect: Effect.Effect<A, E, R>
): Effect.Effect<A, E | TokenStoreError, R> =>
  // Not `Effect.scoped`: that would also close over a `Scope` the caller's effect may need.
  Effect.acquireUseRelease(
    Scope.make(),
    (scope) => Effect.zipRight(Scope.extend(lockScoped(client, lockKey, options), scope), effect),
    (scope, exit) => Scope.close(scope, exit)
  )
