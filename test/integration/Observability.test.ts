/**
 * What a tracer and a metrics reader see of one call that took one retry: the span tree, the
 * events on `zoho.request`, the `ZohoMetrics` values, and no secret anywhere in them.
 *
 * The call: a fresh stack (no token yet), the simulator answers the first attempt 429 with
 * `Retry-After: 1`, and the throttle keeps 2 s between starts, so the retry (after 1 s) waits
 * another second for its permit. All waits run on the TestClock.
 */
import { Endpoint, ZohoMetrics, ZohoProducts } from "@effect-zoho/core"
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as Tracer from "effect/Tracer"
import * as util from "node:util"
import { listLeads } from "../support/Endpoints.js"
import { CLIENT_SECRET, GRANT_CODE, REFRESH_TOKEN, stack } from "../support/Stack.js"

interface Recorded {
  readonly span: Tracer.Span
  readonly events: Array<{ readonly name: string; readonly attributes: Record<string, unknown> }>
}

/** Every span the program starts, with its events, on top of Effect's own tracer. */
const recordingTracer = (base: Tracer.Tracer, spans: Array<Recorded>): Tracer.Tracer =>
  Tracer.make({
    span: (...args) => {
      const span = base.span(...args)
      const recorded: Recorded = { span, events: [] }
      spans.push(recorded)
      const event = span.event.bind(span)
      return Object.assign(span, {
        event: (name: string, startTime: bigint, attributes?: Record<string, unknown>) => {
          recorded.events.push({ name, attributes: { ...attributes } })
          event(name, startTime, attributes)
        }
      })
    },
    context: (f, fiber) => base.context(f, fiber)
  })

const parentId = (span: Tracer.Span): string | undefined => Option.getOrUndefined(span.parent)?.spanId

/**
 * Effect's tracer logger turns log lines into span events too (the client's `zoho.request` line,
 * when the log level lets it through): they carry `effect.logLevel`.
 */
const isLogLine = (event: Recorded["events"][number]): boolean => "effect.logLevel" in event.attributes

/**
 * The tree under `root`, one line per span (children in start order), its events (log lines
 * aside) in brackets.
 */
const render = (spans: ReadonlyArray<Recorded>, root: Recorded, depth = 0): Array<string> => {
  const named = root.events.filter((e) => !isLogLine(e)).map((e) => e.name)
  const events = named.length === 0 ? "" : ` [${named.join(", ")}]`
  return [
    `${"  ".repeat(depth)}${root.span.name}${events}`,
    ...spans.filter((s) => parentId(s.span) === root.span.spanId).flatMap((child) => render(spans, child, depth + 1))
  ]
}

const labels = { product: ZohoProducts.crm.id, operation: listLeads.operation }

/** The values this test asserts, read by name and labels (order-free). */
const readMetrics = Effect.all({
  calls: ZohoMetrics.total(ZohoMetrics.names.calls, { ...labels, outcome: "success" }),
  callsAnyOutcome: ZohoMetrics.total(ZohoMetrics.names.calls, labels),
  rateLimited: ZohoMetrics.total(ZohoMetrics.names.rateLimited, labels),
  retries: ZohoMetrics.total(ZohoMetrics.names.retries, { ...labels, reason: "ZohoRateLimited" }),
  refreshes: ZohoMetrics.total(ZohoMetrics.names.tokenRefreshes, {
    ...labels,
    flow: "RefreshToken",
    outcome: "success"
  }),
  throttleWaits: ZohoMetrics.total(ZohoMetrics.names.throttleWait, labels),
  throttleWaitMs: Effect.map(
    ZohoMetrics.snapshot,
    (readings) =>
      readings
        .filter((r) =>
          r.name === ZohoMetrics.names.throttleWait && r.labels.product === labels.product &&
          r.labels.operation === labels.operation
        )
        .reduce((sum, r) => sum + (r.sum ?? 0), 0)
  )
})

const tooMany = { code: "TOO_MANY_REQUESTS", details: {}, message: "too many requests", status: "error" }

describe("observability of one call with one retry", () => {
  it.effect("span tree, events, metric values, and no secret in any of them", () =>
    Effect.gen(function*() {
      const { layer, simulator, store } = yield* stack({
        client: { retry: { jitter: false } },
        throttle: { policies: { [ZohoProducts.crm.id]: { minDelay: Duration.seconds(2) } } }
      })
      yield* simulator.injectFault({
        route: { method: "GET", pathPrefix: "/crm/v8/Leads" },
        fault: { _tag: "Status", status: 429, body: tooMany, headers: { "retry-after": "1" } }
      })
      const spans: Array<Recorded> = []
      const tracer = recordingTracer(yield* Effect.tracer, spans)
      // Metrics are process-wide: compare against what other tests in this worker left.
      const before = yield* readMetrics

      const fiber = yield* Effect.fork(
        Endpoint.call(listLeads)({ query: { fields: ["Last_Name"] } }).pipe(
          Effect.provide(layer),
          Effect.withTracer(tracer)
        )
      )
      yield* TestClock.adjust("1 second") // Retry-After
      yield* TestClock.adjust("1 second") // the throttle's 2 s between starts
      yield* Fiber.join(fiber)

      // The simulator saw one 429 and one success.
      const calls = (yield* simulator.log).filter((e) => e.path === "/crm/v8/Leads")
      assert.deepStrictEqual(calls.map((c) => c.status), [429, 204])

      // The span tree.
      const endpoint = spans.find((s) => s.span.name === `zoho.endpoint.${listLeads.operation}`)
      assert.isDefined(endpoint)
      const tree = render(spans, endpoint!)
      console.log(tree.join("\n"))
      assert.deepStrictEqual(tree, [
        "zoho.endpoint.crm.leads.list",
        "  zoho.request [zoho.retry, zoho.throttle.wait]",
        "    ZohoAuth.refresh",
        "      ZohoOAuth.refresh",
        "        http.client POST",
        "    http.client GET",
        "    http.client GET"
      ])
      const request = spans.find((s) => s.span.name === "zoho.request")!
      assert.strictEqual(request.span.attributes.get("zoho.product"), labels.product)
      assert.strictEqual(request.span.attributes.get("zoho.operation"), labels.operation)
      assert.strictEqual(request.span.attributes.get("zoho.attempt"), 2)
      assert.deepStrictEqual(request.events.filter((e) => !isLogLine(e)), [
        {
          name: "zoho.retry",
          attributes: {
            "zoho.attempt": 2,
            "zoho.retry.delay_ms": 1000,
            "zoho.retry.retry_after": true,
            "error.type": "ZohoRateLimited",
            "http.response.status_code": 429
          }
        },
        {
          name: "zoho.throttle.wait",
          attributes: { "zoho.throttle.reason": "min_delay", "zoho.throttle.wait_ms": 1000 }
        }
      ])

      // The metric values, as deltas.
      const after = yield* readMetrics
      const delta = Object.fromEntries(
        Object.entries(after).map(([name, value]) => [name, value - before[name as keyof typeof before]])
      )
      console.table(delta)
      assert.deepStrictEqual(delta, {
        calls: 1,
        callsAnyOutcome: 1,
        rateLimited: 1,
        retries: 1,
        refreshes: 1,
        throttleWaits: 2, // one permit per attempt: 0 ms, then 1,000 ms
        throttleWaitMs: 1000
      })

      // No secret in any span name, attribute, event or metric label.
      const accessTokens = (yield* store.list).flatMap((t) =>
        t.accessToken === undefined ? [] : [Redacted.value(t.accessToken)]
      )
      assert.isAbove(accessTokens.length, 0)
      const secrets = [CLIENT_SECRET, REFRESH_TOKEN, GRANT_CODE, ...accessTokens]
      const seen = [
        ...spans.map((s) =>
          util.inspect({ name: s.span.name, attributes: [...s.span.attributes], events: s.events }, { depth: 10 })
        ),
        ...(yield* Metric.snapshot).map((pair) => util.inspect(pair.metricKey.tags, { depth: 10 }))
      ]
      // The scan reaches where a token would be: the exchange's Authorization header, redacted.
      assert.isTrue(seen.some((text) => /http\.request\.header\.authorization', '<redacted>'/.test(text)))
      for (const text of seen) {
        for (const secret of secrets) assert.notInclude(text, secret)
        assert.notMatch(text, /Zoho-oauthtoken\s+\S/i)
      }
    }))
})
