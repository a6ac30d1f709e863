/**
 * `ZohoThrottle` across processes: every process that points at the same Redis server and prefix
 * draws from one bucket per (product, org), so together they stay inside the org's per-window,
 * concurrency, delay and daily limits. Same policies and the same semantics as core's in-process
 * throttle (`ZohoThrottle.layer`), with the state in Redis:
 *
 * - `<prefix>throttle:<product>:<org>:window`: a ZSET of start times (sliding-window log);
 * - `<prefix>throttle:<product>:<org>:inflight` (and `:complex`): ZSETs of the calls in flight,
 *   scored by a lease expiry that a running call keeps pushing forward, so slots held by a crashed
 *   process are reclaimed after `leaseTtl`;
 * - `<prefix>throttle:<product>:<org>:last`: the last start, for `minDelay`;
 * - `<prefix>throttle:<product>:<org>:budget`: the daily budget (`limit`, `remaining`, `resetAt`)
 *   fed by `observe` from any process.
 *
 * Decisions are atomic Lua scripts timed by the Redis server's clock; the waiting happens here,
 * with `Effect.sleep` for the wait the script returns. All processes must use the same policies.
 *
 * @since 0.1.0
 */
import type * as ThrottlePolicy from "@effect-zoho/core/ThrottlePolicy"
import type { TokenStoreError } from "@effect-zoho/core/ZohoError"
import { ZohoRateLimited } from "@effect-zoho/core/ZohoError"
import * as ZohoThrottle from "@effect-zoho/core/ZohoThrottle"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Scope from "effect/Scope"
import type { RedisOptions } from "ioredis"
import * as Redis from "./internal/redis.js"
import * as Scripts from "./internal/throttleScripts.js"

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * @category models
 * @since 0.1.0
 */
export interface ThrottleOptions extends ZohoThrottle.Options {
  /** Prepended to every key. Default `effect-zoho:`. */
  readonly prefix?: string | undefined
  /**
   * How long a concurrency slot outlives its holder's last heartbeat: a process that dies
   * mid-call gives its slots back after this. Running calls renew every third of it. Default 30 s.
   */
  readonly leaseTtl?: Duration.DurationInput | undefined
  /** Longest gap between two looks at a full concurrency limit. Default 25 ms. */
  readonly maxPollInterval?: Duration.DurationInput | undefined
  /** Upper bound for one Redis command. Default 2 s. */
  readonly commandTimeout?: Duration.DurationInput | undefined
  /**
   * What a call does while Redis cannot be reached. `"wait"` (default): it waits, retrying with
   * back-off, so the shared limits are never exceeded; a timeout around the call still applies.
   * `"proceed"`: it runs without distributed limits (Zoho's own 429s and retries still apply).
   * Either way a warning is logged.
   */
  readonly onUnavailable?: "wait" | "proceed" | undefined
}

/**
 * @category models
 * @since 0.1.0
 */
export interface Options extends ThrottleOptions {
  /** `redis://[:password@]host:port[/db]`. Default `redis://localhost:6379`. */
  readonly url?: string | Redacted.Redacted<string> | undefined
  /** Extra ioredis options, applied over this package's fail-fast defaults. */
  readonly redis?: RedisOptions | undefined
  /** How long building the layer waits for the first connection. Default 5 s. */
  readonly connectTimeout?: Duration.DurationInput | undefined
}

interface Bucket {
  readonly policy: ThrottlePolicy.ThrottlePolicy
  readonly keys: {
    readonly window: string
    readonly last: string
    readonly budget: string
    readonly inflight: string
    readonly complex: string
  }
  /** Local caps in front of the shared ones: a process never polls for more slots than exist. */
  readonly slots: Effect.Semaphore | undefined
  readonly complexSlots: Effect.Semaphore | undefined
  /** One admission at a time per process and bucket: the others wait here, not on Redis. */
  readonly gate: Effect.Semaphore
}

/** Limits this large (`ThrottlePolicy.unlimited`) are not worth a round trip. */
const UNLIMITED = 1_000_000_000

const numberArg = (value: number | undefined): string =>
  value === undefined || !Number.isFinite(value) ? "" : String(value)

/**
 * A distributed throttle over a client someone else opened (the throttle does not close it).
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (client: Redis.Client, options: ThrottleOptions = {}): ZohoThrottle.Service => {
  const prefix = options.prefix ?? Redis.DEFAULT_PREFIX
  const leaseMs = Math.max(1, Math.round(Duration.toMillis(Duration.decode(options.leaseTtl ?? "30 seconds"))))
  const maxPoll = Duration.decode(options.maxPollInterval ?? "25 millis")
  const commandTimeout = Duration.decode(options.commandTimeout ?? "2 seconds")
  const onUnavailable = options.onUnavailable ?? "wait"
  const buckets = new Map<string, Bucket>()
  let sequence = 0
  const processId = Redis.randomId()

  const bucketFor = (key: ZohoThrottle.ThrottleKey): Bucket => {
    const id = `${key.product}\u0000${key.org}`
    let bucket = buckets.get(id)
    if (bucket === undefined) {
      const policy = ZohoThrottle.policyFor(options, key)
      const base = `${prefix}throttle:${key.product}:${encodeURIComponent(key.org)}`
      const cap = (n: number | undefined) =>
        n === undefined || n >= UNLIMITED ? undefined : Effect.unsafeMakeSemaphore(Math.max(1, n))
      bucket = {
        policy,
        keys: {
          window: `${base}:window`,
          last: `${base}:last`,
          budget: `${base}:budget`,
          inflight: `${base}:inflight`,
          complex: `${base}:complex`
        },
        slots: cap(policy.maxConcurrent),
        complexSlots: cap(policy.maxConcurrentComplex),
        gate: Effect.unsafeMakeSemaphore(1)
      }
      buckets.set(id, bucket)
    }
    return bucket
  }

  const evalScript = (
    operation: string,
    s: Redis.Script,
    keys: ReadonlyArray<string>,
    args: ReadonlyArray<string | number>
  ) => Redis.run(operation, commandTimeout, () => Redis.evalScript(client, s, keys, args))

  /**
   * Applies `onUnavailable` to one Redis step. Only `Unavailable` is survivable; any other store
   * failure (a foreign value under our keys) is a defect: no limit could be enforced honestly.
   */
  const resilient = <A>(operation: string, step: Effect.Effect<A, TokenStoreError>, proceed: A): Effect.Effect<A> => {
    const warn = (error: TokenStoreError) =>
      Effect.logWarning(`Distributed throttle: ${error.message}`).pipe(
        Effect.annotateLogs({ operation, onUnavailable })
      )
    const survivable = step.pipe(
      Effect.catchIf((error) => error.reason !== "Unavailable", Effect.die)
    )
    return onUnavailable === "proceed"
      ? survivable.pipe(Effect.catchAll((error) => Effect.as(warn(error), proceed)))
      : survivable.pipe(
        Effect.tapError(warn),
        Effect.retry(Schedule.exponential("50 millis", 2).pipe(Schedule.union(Schedule.spaced("2 seconds")))),
        Effect.orDie
      )
  }

  const pollSchedule = Schedule.exponential("2 millis", 1.5).pipe(
    Schedule.union(Schedule.spaced(maxPoll)),
    Schedule.jittered
  )

  /**
   * Holds one slot of the holders ZSET `slotKey` for the rest of `scope`: polls until the script
   * grants it, registers the release in the same uninterruptible step, then renews the lease
   * while the scope is open.
   */
  const holdSlot = (slotKey: string, max: number, holder: string, scope: Scope.Scope): Effect.Effect<void> =>
    Effect.gen(function*() {
      // Only the round trip is uninterruptible (so a granted slot always gets its release);
      // retries during an outage and the sleeps between polls stay interruptible.
      const attempt = Effect.uninterruptible(
        evalScript("acquire slot", Scripts.acquireSlot, [slotKey], [holder, max, leaseMs]).pipe(
          Effect.map((reply) => reply === 1),
          Effect.tap((taken) =>
            taken
              ? Scope.addFinalizer(
                scope,
                // A release that cannot reach Redis leaves the slot to its lease.
                Effect.ignore(Redis.run("release slot", commandTimeout, () => client.zrem(slotKey, holder)))
              )
              : Effect.void
          )
        )
      )
      const tryOnce = resilient("acquire slot", attempt, true)
      const driver = yield* Schedule.driver(pollSchedule)
      const loop: Effect.Effect<void> = Effect.flatMap(
        tryOnce,
        (taken) =>
          taken ? Effect.void : Effect.zipRight(Effect.orDie(driver.next(undefined)), Effect.suspend(() => loop))
      )
      yield* loop
      const renew = evalScript("renew slot", Scripts.renewSlot, [slotKey], [holder, leaseMs]).pipe(
        Effect.catchAll(() => Effect.void),
        Effect.delay(Duration.millis(Math.max(1, Math.floor(leaseMs / 3)))),
        Effect.forever
      )
      yield* Effect.forkIn(renew, scope)
    })

  const admit = (bucket: Bucket, key: ZohoThrottle.ThrottleKey): Effect.Effect<void, ZohoRateLimited> => {
    const { policy } = bucket
    const once = Effect.suspend(() =>
      resilient(
        "admit",
        evalScript(
          "admit",
          Scripts.admit,
          [bucket.keys.window, bucket.keys.last, bucket.keys.budget],
          [
            policy.requestsPerWindow ?? -1,
            Math.round(Duration.toMillis(policy.window)),
            Math.round(Duration.toMillis(policy.minDelay)),
            `${processId}:${sequence++}`,
            policy.minCallsRemaining,
            policy.dailyBudget ?? -1,
            DAY_MS
          ]
        ).pipe(Effect.map((reply) => reply as [number, number])),
        [1, 0] as [number, number]
      )
    )
    const loop: Effect.Effect<void, ZohoRateLimited> = Effect.flatMap(once, ([status, wait]) => {
      if (status === 1) return Effect.void
      if (status === -1) {
        return Effect.fail(
          new ZohoRateLimited({
            product: key.product,
            operation: key.operation,
            reason: "DailyBudgetSpent",
            retryAfter: Duration.millis(wait)
          })
        )
      }
      return Effect.zipRight(Effect.sleep(Duration.millis(wait)), loop)
    })
    return bucket.gate.withPermits(1)(loop)
  }

  return ZohoThrottle.ZohoThrottle.of({
    withPermit: (key, effect) =>
      Effect.suspend(() => {
        const bucket = bucketFor(key)
        const holder = `${processId}:${sequence++}`
        const complex = key.complex && bucket.complexSlots !== undefined
        const run = Effect.acquireUseRelease(
          Scope.make(),
          (scope) =>
            Effect.gen(function*() {
              if (bucket.slots !== undefined) {
                yield* holdSlot(bucket.keys.inflight, bucket.policy.maxConcurrent, holder, scope)
              }
              if (complex) {
                yield* holdSlot(bucket.keys.complex, bucket.policy.maxConcurrentComplex!, holder, scope)
              }
              yield* admit(bucket, key)
              return yield* effect
            }),
          (scope, exit) => Scope.close(scope, exit)
        )
        const withComplex = complex ? bucket.complexSlots!.withPermits(1)(run) : run
        return bucket.slots === undefined ? withComplex : bucket.slots.withPermits(1)(withComplex)
      }),
    observe: (key, observation) =>
      Effect.suspend(() => {
        const bucket = bucketFor(key)
        return resilient(
          "observe",
          evalScript(
            "observe",
            Scripts.observe,
            [bucket.keys.window, bucket.keys.inflight, bucket.keys.budget],
            [
              numberArg(observation.limit),
              numberArg(observation.remaining),
              numberArg(observation.resetSeconds),
              Math.round(Duration.toMillis(bucket.policy.window)),
              DAY_MS
            ]
          ).pipe(Effect.asVoid),
          undefined
        )
      })
  })
}

/**
 * A distributed throttle that owns its client: connects when the layer is built (failing with
 * `TokenStoreError` reason `Unavailable` when the server cannot be reached within
 * `connectTimeout`) and quits when the layer is released.
 *
 * @example
 * ```ts
 * import { ZohoAuth, ZohoClient, ZohoOAuth } from "@effect-zoho/core"
 * import { RedisThrottle } from "@effect-zoho/store-redis"
 * import { Duration, Layer } from "effect"
 *
 * // Zoho counts calls per org, not per process: with several workers they must share one budget.
 * // Zoho.layer builds the in-process throttle, so the stack is assembled from its parts here.
 * const Throttle = RedisThrottle.layer({
 *   url: "redis://cache.internal:6379",
 *   // Zoho counts a call when it arrives: a slightly longer window leaves room for network delay.
 *   policies: { books: { requestsPerWindow: 100, window: Duration.seconds(63) } }
 * })
 *
 * // Still needs an HttpClient and a TokenStore.
 * export const ZohoLive = ZohoClient.layer().pipe(
 *   Layer.provideMerge(Layer.merge(ZohoAuth.layerConfig().pipe(Layer.provide(ZohoOAuth.layerConfig())), Throttle))
 * )
 * ```
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: Options = {}): Layer.Layer<ZohoThrottle.ZohoThrottle, TokenStoreError> =>
  Layer.scoped(ZohoThrottle.ZohoThrottle, Effect.map(Redis.acquireClient(options), (client) => make(client, options)))

/**
 * A distributed throttle over a caller-owned client (opened and closed by the caller). The
 * client should use `enableOfflineQueue: false` so an outage is noticed at once.
 *
 * @category layers
 * @since 0.1.0
 */
export const layerFromClient = (
  client: Redis.Client,
  options: ThrottleOptions = {}
): Layer.Layer<ZohoThrottle.ZohoThrottle> => Layer.succeed(ZohoThrottle.ZohoThrottle, make(client, options))

/**
 * `ZOHO_REDIS_URL` (secret; default `redis://localhost:6379`) and `ZOHO_REDIS_PREFIX` (default
 * `effect-zoho:`), the same variables as the token store's, so both share one server.
 *
 * @category config
 * @since 0.1.0
 */
export const config: Config.Config<Options> = Config.all({
  url: Config.option(Config.redacted("ZOHO_REDIS_URL")),
  prefix: Config.string("ZOHO_REDIS_PREFIX").pipe(Config.withDefault(Redis.DEFAULT_PREFIX))
}).pipe(Config.map(({ prefix, url }) => ({ prefix, url: Option.getOrUndefined(url) })))

/**
 * A distributed throttle from the environment (see `config`), with `extra` (policies, per-org
 * overrides, …) on top.
 *
 * @category layers
 * @since 0.1.0
 */
export const layerConfig = (
  extra: ThrottleOptions = {},
  options: Config.Config<Options> = config
): Layer.Layer<ZohoThrottle.ZohoThrottle, TokenStoreError | ConfigError.ConfigError> =>
  Layer.unwrapEffect(Effect.map(options, (configured) => layer({ ...extra, ...configured })))
