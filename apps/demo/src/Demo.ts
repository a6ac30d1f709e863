/**
 * The README's demo, as one Effect: exchange a grant code (the token lands in a file store),
 * create leads in 100-record chunks, search them, fetch some by id (batched), stream every lead,
 * convert one, and print a summary with the numbers the client and the simulator counted.
 *
 * By default it runs against the Zoho simulator started in this process (the in-memory
 * `SimHttpClient`, no network), with CRM limits low enough that the client's throttle has to
 * make calls wait. With `ZOHO_CLIENT_ID` set (in the environment or `.env`) it runs against real
 * Zoho through `ZohoNode.layerConfig()` instead, and deletes the leads it created at the end.
 *
 * @since 0.1.0
 */
import * as FileTokenStore from "@effect-zoho/core/FileTokenStore"
import * as Zoho from "@effect-zoho/core/Zoho"
import { ZohoAuth } from "@effect-zoho/core/ZohoAuth"
import * as ZohoClient from "@effect-zoho/core/ZohoClient"
import * as ZohoConfig from "@effect-zoho/core/ZohoConfig"
import * as ZohoCredentials from "@effect-zoho/core/ZohoCredentials"
import * as ZohoRegion from "@effect-zoho/core/ZohoRegion"
import * as ZohoThrottle from "@effect-zoho/core/ZohoThrottle"
import * as ZohoUser from "@effect-zoho/core/ZohoUser"
import * as Crm from "@effect-zoho/crm/Crm"
import * as CrmCriteria from "@effect-zoho/crm/CrmCriteria"
import * as CrmRecords from "@effect-zoho/crm/CrmRecords"
import * as ZohoNode from "@effect-zoho/node/ZohoNode"
import * as ZohoNodeHttp from "@effect-zoho/node/ZohoNodeHttp"
import * as SimHttpClient from "@effect-zoho/sim/SimHttpClient"
import * as SimSeed from "@effect-zoho/sim/SimSeed"
import * as Simulator from "@effect-zoho/sim/Simulator"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as FileSystem from "@effect/platform/FileSystem"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as path from "node:path"

/** @since 0.1.0 */
export interface Options {
  /** Leads to create; default 1,000. */
  readonly leads?: number | undefined
  /** Create requests in flight at once (the records API's `concurrency`); default 4. */
  readonly concurrency?: number | undefined
  /**
   * `simulator` (default `auto`: the simulator unless `ZOHO_CLIENT_ID` is configured, then
   * real Zoho). Tests pass `simulator` so a developer's environment cannot send them to Zoho.
   */
  readonly target?: "auto" | "simulator" | undefined
  /** Where the simulator run keeps its token file; default a fresh temporary directory. */
  readonly tokenFile?: string | undefined
  /** Where the lines go; default `Console.log`. */
  readonly log?: ((line: string) => Effect.Effect<void>) | undefined
  /** How often a progress line is printed while a step runs; default 500 ms. */
  readonly progressEvery?: Duration.DurationInput | undefined
}

/** What the run did, as counted by the client and (for the simulator) by the simulator. @since 0.1.0 */
export interface Summary {
  readonly target: "simulator" | "zoho"
  readonly tokenFile: string
  readonly leadsCreated: number
  readonly leadsFailed: number
  readonly searchFound: number
  /** Records fetched by id, and the calls that took. */
  readonly fetchedById: number
  readonly fetchCalls: number
  readonly streamed: number
  readonly converted: number
  /** Leads deleted at the end (real Zoho only: the simulator is thrown away). */
  readonly cleanedUp: number
  readonly client: Tally
  /** Grant codes exchanged at the accounts server (simulator only: real Zoho does not tell). */
  readonly grantCodeExchanges: number | undefined
  readonly simulator: Simulator.Stats | undefined
  readonly elapsedMillis: number
}

/**
 * What the instrumented client counted.
 *
 * @since 0.1.0
 */
export interface Tally {
  /** API calls finished (`ZohoClient.execute`, successful or not). */
  readonly calls: number
  /** HTTP exchanges (each holds one throttle permit): calls + retries + token replays. */
  readonly attempts: number
  /** Attempts that had to wait for a throttle permit (1 ms or more), and the time spent waiting. */
  readonly waits: number
  readonly waitedMillis: number
  /**
   * Exchanges that failed in a retryable way (`HTTP 429`, `HTTP 503`, `network error`), in order:
   * each was retried, or failed its call.
   */
  readonly failures: ReadonlyArray<string>
}

const emptyTally: Tally = { calls: 0, attempts: 0, waits: 0, waitedMillis: 0, failures: [] }

/**
 * The client-side throttle the demo runs with: 2 CRM calls in flight and 4 a second, low enough
 * that 1,000 leads visibly wait for permits.
 *
 * @since 0.1.0
 */
export const throttle: ZohoThrottle.Options = {
  policies: { crm: { maxConcurrent: 2, requestsPerWindow: 4, window: Duration.seconds(1) } }
}

/**
 * The simulator's CRM limits in the demo: what the throttle above stays within (2 in flight;
 * 4 a second is 240 a minute). Without the throttle, 4 concurrent creates would collect 429s.
 *
 * @since 0.1.0
 */
export const simulatorLimits: Simulator.LimitsInput = { concurrent: 2, requestsPerMinute: 240 }

const Lead = Schema.Struct({
  Last_Name: Schema.String,
  First_Name: Schema.optional(Schema.NullOr(Schema.String)),
  Company: Schema.optional(Schema.NullOr(Schema.String)),
  Email: Schema.optional(Schema.NullOr(Schema.String)),
  Lead_Source: Schema.optional(Schema.NullOr(Schema.String))
})

const companies = 10
const companyName = (run: string, i: number) => `Demo Co ${i % companies} ${run}`

const newLeads = (run: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    First_Name: "Demo",
    Last_Name: `Lead ${i + 1}`,
    Company: companyName(run, i),
    Email: `lead${i + 1}.${run}@demo.example`,
    Lead_Source: "Web Download"
  }))

const seconds = (millis: number) => `${(millis / 1000).toFixed(1)} s`
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** Retries seen so far: a failed exchange is retried unless its call fails (then the demo stops). */
const retriesText = (t: Tally) =>
  t.failures.length === 0 ? "0 retries" : `${plural(t.failures.length, "retry", "retries")} (${t.failures.join(", ")})`

const progressLine = (t: Tally) =>
  `${plural(t.calls, "call")} · ${plural(t.waits, "wait")} for a permit (${seconds(t.waitedMillis)}) · ${
    retriesText(t)
  }`

// ---------------------------------------------------------------------------------------------
// The instrumented client: the same ZohoClient, over a throttle and a transport that count.

const countingThrottle = (inner: ZohoThrottle.Service, tally: Ref.Ref<Tally>): ZohoThrottle.Service => ({
  withPermit: (key, effect) =>
    Effect.flatMap(Clock.currentTimeNanos, (asked) =>
      inner.withPermit(
        key,
        Effect.flatMap(Clock.currentTimeNanos, (granted) => {
          const waited = Number(granted - asked) / 1e6
          return Effect.zipRight(
            Ref.update(tally, (t) => ({
              ...t,
              attempts: t.attempts + 1,
              waits: t.waits + (waited >= 1 ? 1 : 0),
              waitedMillis: t.waitedMillis + waited
            })),
            effect
          )
        })
      )),
  observe: inner.observe
})

const countingHttp = (inner: HttpClient.HttpClient, tally: Ref.Ref<Tally>): HttpClient.HttpClient =>
  inner.pipe(
    HttpClient.tap((response) =>
      response.status === 429 || response.status >= 500
        ? Ref.update(tally, (t) => ({ ...t, failures: [...t.failures, `HTTP ${response.status}`] }))
        : Effect.void
    ),
    HttpClient.tapError(() => Ref.update(tally, (t) => ({ ...t, failures: [...t.failures, "network error"] })))
  )

/**
 * `ZohoClient` over the `ZohoAuth`, `ZohoThrottle` and `HttpClient` of the stack below it, with
 * the throttle and the transport wrapped to count (the stack's own client is not used).
 */
const instrumentedClient = (tally: Ref.Ref<Tally>, options: ZohoClient.Options = {}) =>
  Layer.effect(
    ZohoClient.ZohoClient,
    Effect.map(ZohoClient.make(options), (client) => ({
      execute: (request) =>
        Effect.ensuring(client.execute(request), Ref.update(tally, (t) => ({ ...t, calls: t.calls + 1 })))
    }))
  ).pipe(
    Layer.provide(
      Layer.effect(ZohoThrottle.ZohoThrottle, Effect.map(ZohoThrottle.ZohoThrottle, (t) => countingThrottle(t, tally)))
    ),
    Layer.provide(Layer.effect(HttpClient.HttpClient, Effect.map(HttpClient.HttpClient, (h) => countingHttp(h, tally))))
  )

// ---------------------------------------------------------------------------------------------
// The two targets

interface Target {
  readonly name: "simulator" | "zoho"
  readonly headline: string
  readonly limits: string
  /** What step 1 does: exchange a fresh grant code, or whatever the configured credentials say. */
  readonly signIn: string
  readonly tokenFile: string
  readonly simulator: Simulator.Service | undefined
  readonly layer: Layer.Layer<ZohoClient.ZohoClient | ZohoAuth, unknown>
}

const simulatorScopes = [
  "ZohoCRM.modules.ALL",
  "ZohoCRM.settings.ALL",
  "ZohoCRM.users.ALL",
  "ZohoCRM.org.ALL",
  "ZohoCRM.coql.READ",
  "ZohoSearch.securesearch.READ"
]

const simulatorTarget = (tally: Ref.Ref<Tally>, tokenFile: string | undefined) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const simulator = yield* Simulator.make(SimSeed.demo())
    yield* simulator.setLimits("org1", "crm", simulatorLimits)
    // A fresh code, as the consent screen (or the API console's self client) hands one out.
    const code = yield* simulator.createGrantCode({
      clientId: "1000.SIMCLIENT",
      userId: "50001",
      scopes: simulatorScopes,
      redirectUri: "http://localhost:8080/callback",
      offline: true
    })
    const file = tokenFile ?? path.join(yield* fs.makeTempDirectory({ prefix: "effect-zoho-demo-" }), "tokens.json")
    const user = ZohoUser.make({
      credentials: ZohoCredentials.GrantCode({
        clientId: "1000.SIMCLIENT",
        clientSecret: Redacted.make("sim-secret"),
        grantCode: Redacted.make(code),
        redirectUrl: "http://localhost:8080/callback",
        userName: "admin@sim.example"
      })
    })
    const stack = Zoho.layer({ region: ZohoRegion.make("US"), user, throttle }).pipe(
      Layer.provideMerge(SimHttpClient.layerFrom(simulator)),
      Layer.provide(FileTokenStore.layer({ path: file })),
      Layer.provide(NodeFileSystem.layer)
    )
    return {
      name: "simulator",
      headline: "against the Zoho simulator, in this process (no network, no Zoho account)",
      limits:
        `simulator: CRM allows ${simulatorLimits.concurrent} concurrent calls, ${simulatorLimits.requestsPerMinute}` +
        " a minute · client throttle: 2 in flight, 4 calls a second",
      signIn: "Grant code → token",
      tokenFile: file,
      simulator,
      // The injected 503 is reported in the output below; the client's own log line would repeat it.
      layer: Layer.provideMerge(instrumentedClient(tally, { logLevel: LogLevel.Warning }), stack)
    } satisfies Target
  })

const zohoTarget = (tally: Ref.Ref<Tally>, dotEnv: Layer.Layer<never, unknown>) =>
  Effect.gen(function*() {
    const { path: file } = yield* FileTokenStore.config
    const clientOptions = yield* ZohoClient.config
    // ZohoNode.layerConfig() is the whole production stack; only its client is swapped for the
    // counting one, over a second Node HTTP client configured the same way.
    const stack = Layer.merge(
      ZohoNode.layerConfig({ stack: { throttle } }),
      ZohoNodeHttp.layerConfig().pipe(Layer.provide(dotEnv))
    )
    return {
      name: "zoho",
      headline: "against real Zoho (ZOHO_* variables found): credentials, region and token file from the environment",
      limits: "client throttle: 2 CRM calls in flight, 4 a second",
      signIn: "Sign-in with the configured credentials (a ZOHO_GRANT_CODE is exchanged here)",
      tokenFile: file,
      simulator: undefined,
      layer: Layer.provideMerge(instrumentedClient(tally, clientOptions), stack)
    } satisfies Target
  })

// ---------------------------------------------------------------------------------------------
// The program

/**
 * Run the demo and return what it counted.
 *
 * @since 0.1.0
 */
export const run = (options: Options = {}) =>
  Effect.gen(function*() {
    const count = options.leads ?? 1000
    const log = options.log ?? ((line: string) => Console.log(line))
    const tally = yield* Ref.make(emptyTally)
    const startedAt = yield* Clock.currentTimeMillis

    const dotEnv = ZohoConfig.layerDotEnv(".env").pipe(Layer.provide(NodeFileSystem.layer))
    const real = options.target === "simulator" ? false : yield* Effect.map(
      Effect.provide(Config.option(Config.nonEmptyString("ZOHO_CLIENT_ID")), dotEnv),
      Option.isSome
    )
    const target: Target = real
      ? yield* Effect.provide(zohoTarget(tally, dotEnv), dotEnv)
      : yield* simulatorTarget(tally, options.tokenFile)

    /** `effect`, with a progress line every `progressEvery` while it runs (when something changed). */
    const lastProgress = yield* Ref.make("")
    const withProgress = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
      Effect.scoped(Effect.zipRight(
        Effect.forkScoped(
          Effect.schedule(
            Effect.flatMap(Ref.get(tally), (t) => {
              const line = `     … ${progressLine(t)}`
              return Effect.flatMap(
                Ref.getAndSet(lastProgress, line),
                (last) => (last === line ? Effect.void : log(line))
              )
            }),
            Schedule.spaced(options.progressEvery ?? "500 millis")
          )
        ),
        effect
      ))
    const callsSoFar = Effect.map(Ref.get(tally), (t) => t.calls)
    const timed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
      Effect.gen(function*() {
        const start = yield* Clock.currentTimeMillis
        const calls = yield* callsSoFar
        const value = yield* effect
        return { value, millis: (yield* Clock.currentTimeMillis) - start, calls: (yield* callsSoFar) - calls }
      })

    const runId = startedAt.toString(36)
    const Leads = CrmRecords.make("Leads", Lead, { concurrency: options.concurrency ?? 4 })

    const steps = Effect.gen(function*() {
      yield* log(`effect-zoho demo ${target.headline}`)
      yield* log(`Limits: ${target.limits}`)
      yield* log("")

      // 1. The first call needs a token: the grant code is exchanged once and the tokens stored.
      const auth = yield* ZohoAuth
      const access = yield* auth.accessToken
      const fs = yield* FileSystem.FileSystem
      const stored = yield* fs.exists(target.tokenFile)
      yield* log(`1. ${target.signIn}: signed in as ${access.user.key}; API at ${access.region.apiUrl}`)
      yield* log(
        `   token ${stored ? "saved in" : "kept by the store configured for"} ${target.tokenFile}` +
          (stored ? " (owner-only JSON file, refresh token included)" : "")
      )

      // 2. Writes: the records API cuts the list into 100-record calls and runs them concurrently.
      const chunks = Math.ceil(count / CrmRecords.maxChunkSize)
      yield* log(
        `2. Creating ${count} leads: ${plural(chunks, "call")} of up to 100 records, ${
          options.concurrency ?? 4
        } at a time` +
          " (the throttle lets 2 run)"
      )
      const created = yield* timed(withProgress(Leads.create(newLeads(runId, count))))
      const ids = created.value.succeeded.map((s) => s.id)
      yield* log(
        `   ${created.value.succeeded.length} created, ${created.value.failed.length} failed, in ${
          plural(created.calls, "call")
        } (${seconds(created.millis)})`
      )
      for (const failure of created.value.failed.slice(0, 3)) {
        yield* log(`   ✗ lead #${failure.index}: ${failure.code} ${failure.message}`)
      }

      // 3. Search with a typed criteria, then fetch some of what it found by id: batched gets.
      const criteria = CrmCriteria.equals("Company", companyName(runId, 3))
      yield* log(`3. Searching ${CrmCriteria.toString(criteria)}`)
      const found = yield* timed(
        Stream.runCollect(Leads.search({ criteria }, { fields: ["Last_Name", "Email", "Company"] }))
      )
      const foundLeads = Chunk.toReadonlyArray(found.value)
      yield* log(
        `   ${foundLeads.length} found (${plural(found.calls, "call")}), e.g. ${
          foundLeads.slice(0, 2).map((l) => `${l.Last_Name} <${l.Email ?? "no email"}>`).join(", ") || "none"
        }`
      )
      const wanted = foundLeads.slice(0, 20).map((l) => l.id)
      const fetched = yield* timed(
        Effect.forEach(wanted, (id) => Leads.get(id), { concurrency: "unbounded", batching: true })
      )
      yield* log(
        `   ${wanted.length} concurrent get(id) → ${plural(fetched.calls, "call")} with ids= (request batching)`
      )

      // 4. Stream every lead: pages of 200, `page_token` past 2,000. In the simulator, the first
      // page answers 503 once: the client retries it (a GET is safe to repeat).
      if (target.simulator !== undefined) {
        yield* target.simulator.injectFault({
          route: { method: "GET", pattern: "^/crm/v8/Leads$" },
          fault: { _tag: "Status", status: 503 }
        })
        yield* log("4. Streaming every lead (the simulator will answer the first page with a 503 once)")
      } else {
        yield* log("4. Streaming every lead")
      }
      const retriesBefore = yield* Effect.map(Ref.get(tally), (t) => t.failures.length)
      const streamed = yield* timed(withProgress(Stream.runCount(Leads.list({ fields: ["Last_Name", "Email"] }))))
      const retried = (yield* Effect.map(Ref.get(tally), (t) => t.failures.length)) - retriesBefore
      yield* log(
        `   ${streamed.value} streamed in ${plural(streamed.calls, "page")} (${seconds(streamed.millis)})` +
          (retried > 0 ? `; ${plural(retried, "retry", "retries")}: the 503 was retried and the stream went on` : "")
      )

      // 5. Convert the first lead into a contact and an account.
      let converted = 0
      if (ids.length > 0) {
        const result = yield* Crm.convertLead(ids[0], { notifyLeadOwner: false, notifyNewEntityOwner: false })
        converted = result.status === "success" ? 1 : 0
        yield* log(
          `5. Converted lead ${ids[0]}: contact ${result.details.Contacts?.id ?? "?"}, account ${
            result.details.Accounts?.id ?? "?"
          }`
        )
      }

      // Real Zoho only: leave the org as it was (the converted lead lives on as contact + account).
      let cleanedUp = 0
      if (target.name === "zoho" && ids.length > 1) {
        const removed = yield* withProgress(Leads.delete(ids.slice(1)))
        cleanedUp = removed.succeeded.length
        yield* log(`6. Deleted the ${cleanedUp} other demo leads (the converted one is now a contact and an account)`)
      }

      return {
        leadsCreated: created.value.succeeded.length,
        leadsFailed: created.value.failed.length,
        searchFound: foundLeads.length,
        fetchedById: fetched.value.length,
        fetchCalls: fetched.calls,
        streamed: streamed.value,
        converted,
        cleanedUp
      }
    })

    const counts = yield* steps.pipe(Effect.provide(target.layer))
    const client = yield* Ref.get(tally)
    const stats = target.simulator === undefined ? undefined : yield* target.simulator.stats
    const elapsedMillis = (yield* Clock.currentTimeMillis) - startedAt

    yield* log("")
    yield* log("Summary")
    yield* log(`  leads created     ${counts.leadsCreated} (${counts.leadsFailed} failed)`)
    yield* log(
      `  found by search   ${counts.searchFound}; ${counts.fetchedById} fetched by id in ${
        plural(counts.fetchCalls, "call")
      }`
    )
    yield* log(`  streamed          ${counts.streamed}`)
    yield* log(`  converted         ${counts.converted}`)
    // Every call has finished now, so exchanges beyond one per call are exactly the retries.
    yield* log(
      `  CRM calls         ${client.calls} (${client.attempts} HTTP exchanges: ${
        plural(client.attempts - client.calls, "retry", "retries")
      }${client.failures.length > 0 ? ` after ${client.failures.join(", ")}` : ""})`
    )
    yield* log(
      `  throttle          ${plural(client.waits, "call")} waited for a permit (${
        seconds(client.waitedMillis)
      } summed over calls); ${plural(client.failures.filter((f) => f === "HTTP 429").length, "429")} from the server`
    )
    if (stats !== undefined) {
      const limited = stats.rateLimited.minute + stats.rateLimited.concurrency + stats.rateLimited.day
      yield* log(
        `  simulator saw     ${stats.requests} requests (${stats.byProduct.crm ?? 0} CRM): ${
          plural(stats.tokenRequests.authorization_code, "grant-code exchange")
        }, ${plural(stats.tokenRequests.refresh_token, "refresh", "refreshes")}, ${limited} rate-limited (429)`
      )
    }
    yield* log(`  token file        ${target.tokenFile}`)
    yield* log(`  wall time         ${seconds(elapsedMillis)}`)

    return {
      ...counts,
      target: target.name,
      tokenFile: target.tokenFile,
      client,
      grantCodeExchanges: stats?.tokenRequests.authorization_code,
      simulator: stats,
      elapsedMillis
    } satisfies Summary
  }).pipe(Effect.provide(NodeFileSystem.layer))
