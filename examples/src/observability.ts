/**
 * Observability: the client's spans and metrics exported with `@effect/opentelemetry` to
 * OpenTelemetry's console exporters, against the in-process simulator (no Zoho account, no
 * network).
 *
 * The program writes a lead and lists the leads once more. The simulator answers the list's first
 * attempt with a 429 and `Retry-After: 1`, and the throttle keeps 1.5 s between two CRM calls, so
 * the list shows both a throttle wait and a retry: as events on its `zoho.request` span and in
 * `ZohoMetrics`. Spans print as they end; metrics print once, when the SDK layer shuts down.
 * Last, the same metrics read back with `ZohoMetrics.snapshot`.
 *
 * Run it from the repository root:
 * `npx -y pnpm@10.34.8 --filter @effect-zoho/examples build && node examples/dist/observability.js`
 * (see docs/observability.md).
 */
import {
  MemoryTokenStore,
  Zoho,
  ZohoCredentials,
  ZohoMetrics,
  ZohoProducts,
  ZohoRegion,
  ZohoUser
} from "@effect-zoho/core"
import { Crm, CrmRecords } from "@effect-zoho/crm"
import { SimHttpClient, SimSeed, Simulator } from "@effect-zoho/sim"
import { NodeSdk } from "@effect/opentelemetry"
import { ConsoleMetricExporter, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics"
import { ConsoleSpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { Console, Duration, Effect, Layer, Redacted, Schema, Stream } from "effect"

const Leads = CrmRecords.make("Leads", Schema.Struct({ Last_Name: Schema.String }))

const program = Effect.gen(function*() {
  const simulator = yield* Simulator.Simulator
  yield* Leads.createAll([{ Last_Name: "Lovelace" }])
  // Zoho refuses the next list once: 429, come back in a second.
  yield* simulator.injectFault({
    route: { method: "GET", pathPrefix: "/crm/v8/Leads" },
    fault: {
      _tag: "Status",
      status: 429,
      body: { code: "TOO_MANY_REQUESTS", details: {}, message: "too many requests", status: "error" },
      headers: { "retry-after": "1" }
    }
  })
  const count = yield* Stream.runCount(Leads.list())
  yield* Console.log(`${count} lead(s) listed`)
})

const user = ZohoUser.make({
  credentials: ZohoCredentials.RefreshToken({
    clientId: "1000.SIMCLIENT",
    clientSecret: Redacted.make("sim-secret"),
    refreshToken: Redacted.make("1000.simrefresh")
  })
})

const ZohoLive = Layer.unwrapEffect(
  Effect.map(Simulator.make(SimSeed.demo()), (simulator) =>
    Zoho.layer({
      region: ZohoRegion.make("US"),
      user,
      client: { retry: { jitter: false } },
      throttle: { policies: { [ZohoProducts.crm.id]: { minDelay: Duration.millis(1_500) } } }
    }).pipe(
      Layer.provide(SimHttpClient.layerFrom(simulator)),
      Layer.provide(MemoryTokenStore.layer),
      Layer.merge(Layer.succeed(Simulator.Simulator, simulator))
    ))
)

// Spans to the console as they end; metrics collected by a reader that exports on shutdown.
const TelemetryLive = NodeSdk.layer(() => ({
  resource: { serviceName: "effect-zoho-example" },
  spanProcessor: new SimpleSpanProcessor(new ConsoleSpanExporter()),
  metricReader: new PeriodicExportingMetricReader({
    exporter: new ConsoleMetricExporter(),
    exportIntervalMillis: 60_000
  })
}))

// Telemetry below everything else: built first, shut down (and flushed) last.
const MainLive = Crm.layer().pipe(Layer.provideMerge(ZohoLive), Layer.provideMerge(TelemetryLive))

const main = Effect.provide(program, MainLive)

Effect.runPromise(Effect.zipRight(main, ZohoMetrics.snapshot)).then((readings) => {
  console.log("ZohoMetrics.snapshot:")
  for (const r of readings) {
    const labels = Object.entries(r.labels).map(([k, v]) => `${k}=${v}`).join(" ")
    console.log(`  ${r.name} {${labels}} count=${r.count}${r.sum === undefined ? "" : ` sum=${r.sum}`}`)
  }
})
