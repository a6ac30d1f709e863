/**
 * The client's metrics, as Effect `Metric`s: read them with `Metric.value`/`Metric.snapshot` (or
 * {@link snapshot} and {@link total} here), or export them with `@effect/opentelemetry`'s metrics
 * layer like any other Effect metric (see docs/observability.md).
 *
 * Every one is labelled with the call it belongs to: `product` (the descriptor's id) and
 * `operation` (the endpoint's operation name). `ZohoClient` puts those two labels on everything
 * recorded during a call ({@link withCallLabels}), so a token refresh or a throttle wait carries
 * the labels of the call that caused it. Label values are ids and names from the descriptors and
 * error tags: never a URL, a header, an org id or a token.
 *
 * | metric | kind | extra labels | recorded |
 * |---|---|---|---|
 * | `zoho.client.calls` | counter | `outcome` | once per `ZohoClient.execute`, retries and replays included |
 * | `zoho.client.rate_limited` | counter | | per 429 response (each attempt) |
 * | `zoho.client.retries` | counter | `reason` | per retry `ZohoRetry` decides on (the attempt after the first) |
 * | `zoho.auth.token_refreshes` | counter | `flow`, `outcome` | per token request to Zoho's accounts server |
 * | `zoho.throttle.wait` | histogram (ms) | `time_unit` | per throttle permit, the time spent waiting for it |
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as Metric from "effect/Metric"
import type * as MetricKeyType from "effect/MetricKeyType"
import * as MetricLabel from "effect/MetricLabel"
import * as MetricState from "effect/MetricState"
import * as Option from "effect/Option"

/**
 * The label names.
 *
 * @category metrics
 * @since 0.1.0
 */
export const labels = {
  /** The product descriptor's id. */
  product: "product",
  /** The endpoint's operation name, e.g. `crm.leads.list`. */
  operation: "operation",
  /**
   * How a call ended: `success` (a response below 400), `ZohoApiError` (a response of 400 or more,
   * which the endpoint layer reads as Zoho's error, or the failure), another failure's tag
   * (`ZohoRateLimited`, `ZohoAuthError`, `ZohoTransportError`, `ZohoTimeoutError`,
   * `ZohoOAuthError`, `TokenStoreError`, `ZohoConfigError`), `interrupted` or `defect`. For token
   * refreshes: `success` or the failure's tag.
   */
  outcome: "outcome",
  /** What a retry answered: the failure's tag (`ZohoRateLimited`, `ZohoApiError` for a 5xx, …). */
  reason: "reason",
  /** The credentials kind a token was requested with (`RefreshToken`, `GrantCode`, …). */
  flow: "flow"
} as const

/**
 * The metrics' names, for {@link total} and for finding them in an exporter.
 *
 * @category metrics
 * @since 0.1.0
 */
export const names = {
  calls: "zoho.client.calls",
  rateLimited: "zoho.client.rate_limited",
  retries: "zoho.client.retries",
  tokenRefreshes: "zoho.auth.token_refreshes",
  throttleWait: "zoho.throttle.wait"
} as const

/**
 * Calls through `ZohoClient.execute`, by `outcome`: one per call however many attempts it took.
 * A finance answer of HTTP 200 with a non-zero `code` counts as `success` here (the HTTP outcome).
 *
 * @category metrics
 * @since 0.1.0
 */
export const calls: Metric.Metric.Counter<number> = Metric.counter(names.calls, {
  description: "Zoho API calls, by outcome",
  incremental: true
})

/**
 * HTTP 429 responses from Zoho, one per attempt that got one (whether or not it was retried).
 *
 * @category metrics
 * @since 0.1.0
 */
export const rateLimited: Metric.Metric.Counter<number> = Metric.counter(names.rateLimited, {
  description: "HTTP 429 responses from Zoho",
  incremental: true
})

/**
 * Retries: each attempt after the first that `ZohoRetry` decided on, by `reason`. A replay after a
 * refused token is not a retry (it shows as a second token refresh).
 *
 * @category metrics
 * @since 0.1.0
 */
export const retries: Metric.Metric.Counter<number> = Metric.counter(names.retries, {
  description: "Retried Zoho API attempts, by the failure that caused them",
  incremental: true
})

/**
 * Token requests to Zoho's accounts server (refresh, grant-code exchange, client credentials), by
 * `flow` and `outcome`; a token found fresh in the store is not one. Zoho caps these per refresh
 * token (10 per 10 minutes), so a rising count is worth an alert.
 *
 * @category metrics
 * @since 0.1.0
 */
export const tokenRefreshes: Metric.Metric.Counter<number> = Metric.counter(names.tokenRefreshes, {
  description: "Access token requests to Zoho's accounts server",
  incremental: true
})

/**
 * Bucket boundaries of {@link throttleWait}, in milliseconds: from "no wait" to a minute (a
 * per-minute window).
 *
 * @category metrics
 * @since 0.1.0
 */
export const throttleWaitBoundaries: ReadonlyArray<number> = [
  0,
  5,
  25,
  100,
  250,
  500,
  1_000,
  2_500,
  5_000,
  10_000,
  30_000,
  60_000
]

/**
 * The time each call attempt waited for its throttle permit (concurrency, window, delay), in
 * milliseconds; 0 when it went straight through. Recorded for every throttle layer, the Redis one
 * included.
 *
 * @category metrics
 * @since 0.1.0
 */
export const throttleWait: Metric.Metric<
  MetricKeyType.MetricKeyType.Histogram,
  Duration.Duration,
  MetricState.MetricState.Histogram
> = Metric.timerWithBoundaries(
  names.throttleWait,
  throttleWaitBoundaries,
  "Time spent waiting for a Zoho throttle permit"
)

/**
 * The labels of the call the current fiber works for (`product`, `operation`): set by
 * `ZohoClient` around each call ({@link withCallLabels}) and inherited by the fibers it forks, so
 * a token refresh led by a call carries that call's labels. Empty outside a call. Read it to label
 * your own metrics the same way.
 *
 * Kept apart from Effect's own metric labels (`Effect.tagMetrics`) so that Effect's runtime
 * metrics (`effect_fiber_*`) are not split by operation.
 *
 * @category metrics
 * @since 0.1.0
 */
export const currentCallLabels: FiberRef.FiberRef<ReadonlyArray<MetricLabel.MetricLabel>> = FiberRef.unsafeMake<
  ReadonlyArray<MetricLabel.MetricLabel>
>([])

/**
 * Run `effect` as the call `product`/`operation`: what this module records inside carries those
 * labels (what `ZohoClient` does around each call).
 *
 * @category metrics
 * @since 0.1.0
 */
export const withCallLabels =
  (product: string, operation: string) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.locally(effect, currentCallLabels, [
      MetricLabel.make(labels.product, product),
      MetricLabel.make(labels.operation, operation)
    ])

/**
 * A labelled metric per label set, made once: `Metric.taggedWithLabels` builds a new metric key
 * (and hashes it) on every call otherwise, which was a measurable part of a call's own cost. The
 * label sets are few (products × operations × outcomes), so the cache stays small.
 */
const labelled = new WeakMap<object, Map<string, unknown>>()

const withLabels = <Type, In, Out>(
  metric: Metric.Metric<Type, In, Out>,
  extra: Readonly<Record<string, string>>
): Effect.Effect<Metric.Metric<Type, In, Out>> =>
  Effect.map(FiberRef.get(currentCallLabels), (call) => {
    let byLabels = labelled.get(metric)
    if (byLabels === undefined) labelled.set(metric, byLabels = new Map())
    let key = ""
    for (const name in extra) key += `${name}\u0000${extra[name]}\u0001`
    for (const label of call) key += `${label.key}\u0000${label.value}\u0001`
    const cached = byLabels.get(key) as Metric.Metric<Type, In, Out> | undefined
    if (cached !== undefined) return cached
    const made = Metric.taggedWithLabels(metric, [
      ...Object.entries(extra).map(([name, value]) => MetricLabel.make(name, value)),
      ...call
    ])
    byLabels.set(key, made)
    return made
  })

/**
 * Add one to a counter of this module, labelled with the current call and `extra` labels.
 *
 * @category metrics
 * @since 0.1.0
 */
export const increment = (
  metric: Metric.Metric.Counter<number>,
  extra: Readonly<Record<string, string>> = {}
): Effect.Effect<void> => Effect.flatMap(withLabels(metric, extra), Metric.increment)

/**
 * Record a duration in {@link throttleWait} (or another timer), labelled with the current call.
 *
 * @category metrics
 * @since 0.1.0
 */
export const recordDuration = (
  metric: Metric.Metric<MetricKeyType.MetricKeyType.Histogram, Duration.Duration, MetricState.MetricState.Histogram>,
  duration: Duration.Duration
): Effect.Effect<void> => Effect.flatMap(withLabels(metric, {}), (labelled) => Metric.update(labelled, duration))

/**
 * The `outcome` label of a failed call or token request: the failure's tag, `interrupted` or
 * `defect`.
 *
 * @category metrics
 * @since 0.1.0
 */
export const failureOutcome = (cause: Cause.Cause<{ readonly _tag: string }>): string =>
  Option.match(Cause.failureOption(cause), {
    onNone: () => Cause.isInterruptedOnly(cause) ? "interrupted" : "defect",
    onSome: (error) => error._tag
  })

/**
 * One labelled series of a metric: a counter's count, or a histogram's count and sum.
 *
 * @category models
 * @since 0.1.0
 */
export interface Reading {
  readonly name: string
  readonly labels: Readonly<Record<string, string>>
  /** A counter's value, a histogram's number of observations. */
  readonly count: number
  /** A histogram's sum of observations (ms for `zoho.throttle.wait`). */
  readonly sum?: number | undefined
}

const known: ReadonlySet<string> = new Set(Object.values(names))

/**
 * Every series of this module's metrics, as recorded so far in this process.
 *
 * @category metrics
 * @since 0.1.0
 */
export const snapshot: Effect.Effect<ReadonlyArray<Reading>> = Effect.map(
  Metric.snapshot,
  (pairs) =>
    pairs.flatMap((pair): Array<Reading> => {
      const name = pair.metricKey.name
      if (!known.has(name)) return []
      const labelled = Object.fromEntries(pair.metricKey.tags.map((label) => [label.key, label.value]))
      const state = pair.metricState
      if (MetricState.isHistogramState(state)) return [{ name, labels: labelled, count: state.count, sum: state.sum }]
      if (MetricState.isCounterState(state)) return [{ name, labels: labelled, count: Number(state.count) }]
      return []
    })
)

/**
 * The sum of a metric's counts over every series whose labels include `where`, e.g.
 * `total(ZohoMetrics.names.calls, { outcome: "success" })`. Label order does not matter.
 *
 * @example
 * ```ts
 * import { ZohoMetrics } from "@effect-zoho/core"
 * import { Effect } from "effect"
 *
 * // After some calls: how many failed with a 429, over every product and operation.
 * export const rateLimited = ZohoMetrics.total(ZohoMetrics.names.rateLimited)
 *
 * // Or every series with its labels, e.g. to print a table at the end of a batch job.
 * export const report = ZohoMetrics.snapshot.pipe(
 *   Effect.tap((readings) => Effect.forEach(readings, (r) => Effect.log(r.name, r.labels, r.count)))
 * )
 * ```
 *
 * @category metrics
 * @since 0.1.0
 */
export const total = (name: string, where: Readonly<Record<string, string>> = {}): Effect.Effect<number> =>
  Effect.map(snapshot, (readings) =>
    readings
      .filter((r) => r.name === name && Object.entries(where).every(([k, v]) => r.labels[k] === v))
      .reduce((sum, r) => sum + r.count, 0))
