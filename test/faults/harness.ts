/**
 * The fault matrix's harness. A scenario is data: a name, the simulator it runs against (seed,
 * where API calls go), how to break it (`setup`), what the program does (`run`), and what must
 * come out (`expect`). `runScenario` serves a fresh simulator on a loopback port, runs the program
 * through the production Node stack (`ZohoNode.layerConfig`: undici, the file store, config from
 * the environment) with every log line captured, and checks:
 *
 * - the outcome: success, or the typed error's tag and fields, with a readable one-line `message`;
 * - a generous upper time bound (real time on a possibly loaded machine; never a lower bound);
 * - the requests the simulator saw (token endpoint and API, from its own log);
 * - the records it created (duplicates are records beyond the expected ones);
 * - that no secret appears in the error (String, JSON, inspect, Cause.pretty) or in any log line.
 *
 * Each run adds a row to `rows`, printed as a table by `printTable`.
 */
import type { ZohoOAuth } from "@effect-zoho/core"
import { Zoho } from "@effect-zoho/core"
import type * as TokenStore from "@effect-zoho/core/TokenStore"
import type * as ZohoClient from "@effect-zoho/core/ZohoClient"
import type { TokenStoreError } from "@effect-zoho/core/ZohoError"
import { ZohoNode, ZohoNodeHttp } from "@effect-zoho/node"
import { SimHttpApp, SimSeed, Simulator } from "@effect-zoho/sim"
import { ZohoSimServer } from "@effect-zoho/zoho-sim"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpServer from "@effect/platform/HttpServer"
import { assert } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Equal from "effect/Equal"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Fs from "node:fs"
import * as Http from "node:http"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Util from "node:util"
import { freePort } from "../support/servers.js"
import { type ResetProxy, resetProxy } from "./proxy.js"

export const CLIENT_ID = "1000.SIMCLIENT"
export const CLIENT_SECRET = "sim-secret"
export const REFRESH_TOKEN = "1000.simrefresh"
export const GRANT_CODE = "1000.simgrant"
export const USER_NAME = "admin@sim.example"
/** A refresh token without any CRM scope (for the scope-mismatch scenario). */
export const BOOKS_ONLY_REFRESH_TOKEN = "1000.booksonlyrefresh"

/** Every secret the scenarios use, plus the shape of every token the simulator issues. */
const secrets: ReadonlyArray<string | RegExp> = [
  CLIENT_SECRET,
  REFRESH_TOKEN,
  BOOKS_ONLY_REFRESH_TOKEN,
  GRANT_CODE,
  /1000\.[0-9a-f]{32}\.[0-9a-f]{32}/,
  /Zoho-oauthtoken\s+\S/i
]

/** The simulator and the production stack wired to it, for one scenario. */
export interface World {
  readonly sim: Simulator.Service
  /** The simulator server: accounts server and (by default) API host. */
  readonly url: string
  /** Where API calls go: the simulator, the reset proxy in front of it, or a closed port. */
  readonly apiUrl: string
  readonly proxy: ResetProxy
  /** A temp directory of the scenario's own (token files). */
  readonly dir: string
  /** The production configuration of the default user (`ZOHO_*`). */
  readonly env: Readonly<Record<string, string>>
  /** The production stack; `env` entries override (an empty value unsets), `store` replaces the file store. */
  readonly stack: (options?: StackOptions) => Layer.Layer<Zoho.Services, unknown>
  /** `effect` on a stack of its own: a process of its own, sharing only what the store shares. */
  readonly provide: <A, E, R>(
    effect: Effect.Effect<A, E, R>,
    options?: StackOptions
  ) => Effect.Effect<A, unknown, Exclude<R, Zoho.Services>>
  /** Start the scenario's clock now: what came before (starting a database server) is not timed. */
  readonly restartClock: Effect.Effect<void>
}

export interface StackOptions {
  readonly env?: Readonly<Record<string, string>> | undefined
  readonly store?: Layer.Layer<TokenStore.TokenStore, TokenStoreError> | undefined
}

/** An exact count, or an inclusive range where the figure is a policy's choice. */
export type Count = number | readonly [min: number, max: number]

export interface Expected {
  /** `"success"`, or the error's `_tag` with fields that must equal (e.g. `reason`) or exist. */
  readonly outcome:
    | "success"
    | {
      readonly tag: string
      readonly fields?: Readonly<Record<string, unknown>> | undefined
      readonly present?: ReadonlyArray<string> | undefined
    }
  readonly tokenRequests: Count
  readonly apiRequests: Count
  /** Records the simulator created (CRM inserts it answered with 2xx). Default 0. */
  readonly created?: number | undefined
  /** Upper bound on the run, in seconds of real time. Default 15. */
  readonly withinSeconds?: number | undefined
}

export interface Scenario {
  readonly name: string
  /** Overrides of the matrix seed (`settings` are merged). */
  readonly seed?: Partial<typeof SimSeed.SimSeed.Encoded> | undefined
  /** Where token responses send API calls. Default the simulator. */
  readonly apiVia?: "sim" | "proxy" | "closed" | undefined
  readonly client?: ZohoClient.Options | undefined
  readonly oauth?: ZohoOAuth.Options | undefined
  /** Configuration overrides for the default stack. */
  readonly env?: Readonly<Record<string, string>> | undefined
  /** Inject the faults (before `run`, not timed). */
  readonly setup?: ((world: World) => Effect.Effect<void, unknown, Scope.Scope>) | undefined
  readonly run: (world: World) => Effect.Effect<unknown, unknown, Scope.Scope>
  readonly expect: Expected
  /** The fix (issue 8 item / brief contract) this scenario relies on, for the report. */
  readonly needs?: string | undefined
}

export interface Row {
  readonly scenario: string
  readonly outcome: string
  readonly tokenRequests: number
  readonly apiRequests: number
  readonly created: number
  readonly seconds: number
}

export const rows: Array<Row> = []

/**
 * The client settings of the whole matrix: short waits so that every failure shows up within
 * seconds, every body logged (the strictest test of redaction).
 */
const matrixClient: ZohoClient.Options = {
  readTimeout: "5 seconds",
  retry: {
    maxRetries: 2,
    backoff: Duration.millis(50),
    maxBackoff: Duration.millis(200),
    maxRetryAfter: Duration.seconds(5),
    jitter: false
  },
  logBodies: true
}

const mergeClient = (o: ZohoClient.Options | undefined): ZohoClient.Options => ({
  ...matrixClient,
  ...o,
  retry: { ...matrixClient.retry, ...o?.retry }
})

const matrixSeed = (overrides: Partial<typeof SimSeed.SimSeed.Encoded> = {}): SimSeed.SimSeed => {
  const scopes = SimSeed.demoScopes
  return SimSeed.demo({
    refreshTokens: [
      { token: REFRESH_TOKEN, clientId: CLIENT_ID, userId: "50001", scopes },
      { token: BOOKS_ONLY_REFRESH_TOKEN, clientId: CLIENT_ID, userId: "50001", scopes: ["ZohoBooks.fullaccess.all"] }
    ],
    ...overrides,
    // Retries must not run into the mint cap by accident; the mint-cap scenarios set it.
    settings: { tokenMintLimit: 1_000, ...overrides.settings }
  })
}

/** The simulator served on a loopback port, with `api_domain` pointing wherever the scenario says. */
const serve = (seed: SimSeed.SimSeed, apiDomain: (url: string) => string) =>
  Effect.gen(function*() {
    const node = Http.createServer()
    const server = yield* NodeHttpServer.make(() => node, { port: 0, host: "127.0.0.1" })
    const port = server.address._tag === "TcpAddress" ? server.address.port : 0
    const url = `http://127.0.0.1:${port}`
    const sim = yield* Simulator.make(
      new SimSeed.SimSeed({ ...seed, settings: { ...seed.settings, apiDomain: apiDomain(url), accountsServer: url } })
    )
    yield* HttpServer.serveEffect(SimHttpApp.make(sim, { dropConnection: ZohoSimServer.dropConnection })).pipe(
      Effect.provideService(HttpServer.HttpServer, server)
    )
    // Before the listener's own finalizer: closing would otherwise wait for hung exchanges.
    yield* Effect.addFinalizer(() => Effect.sync(() => node.closeAllConnections()))
    return { sim, url, port }
  })

const tempDir = Effect.acquireRelease(
  Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-zoho-faults-"))),
  (dir) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
)

/** A simulator (seeded like the matrix, with `overrides`) on a loopback port, as its own world. */
export const makeWorld = (
  scenario: Pick<Scenario, "seed" | "apiVia" | "client" | "oauth" | "env">,
  clock: { started: number } = { started: Date.now() }
) =>
  Effect.gen(function*() {
    const dir = yield* tempDir
    const proxy = yield* resetProxy
    const closed = `http://127.0.0.1:${yield* Effect.promise(freePort)}`
    const via = scenario.apiVia ?? "sim"
    const { port, sim, url } = yield* serve(
      matrixSeed(scenario.seed),
      (own) => via === "proxy" ? proxy.url : via === "closed" ? closed : own
    )
    proxy.target(port)
    const apiUrl = via === "proxy" ? proxy.url : via === "closed" ? closed : url
    const env: Record<string, string> = {
      ZOHO_REGION: "us",
      ZOHO_ACCOUNTS_URL: url,
      ZOHO_API_URL: apiUrl,
      ZOHO_CLIENT_ID: CLIENT_ID,
      ZOHO_CLIENT_SECRET: CLIENT_SECRET,
      ZOHO_REFRESH_TOKEN: REFRESH_TOKEN,
      ZOHO_USER_NAME: USER_NAME,
      ZOHO_TOKEN_FILE: Path.join(dir, "tokens.json"),
      ...scenario.env
    }
    const options = { client: mergeClient(scenario.client), oauth: scenario.oauth }
    const stack = (o: StackOptions = {}): Layer.Layer<Zoho.Services, unknown> => {
      const services = o.store === undefined
        ? ZohoNode.layerConfig({ dotEnv: false, stack: options })
        : Zoho.layerConfig(options).pipe(Layer.provide(o.store), Layer.provide(ZohoNodeHttp.layerConfig()))
      return services.pipe(
        Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries({ ...env, ...o.env })))))
      )
    }
    const world: World = {
      sim,
      url,
      apiUrl,
      proxy,
      dir,
      env,
      stack,
      provide: (effect, o) => Effect.provide(effect, stack(o)),
      restartClock: Effect.sync(() => {
        clock.started = Date.now()
      })
    }
    return world
  })

const matches = (count: Count, n: number) => typeof count === "number" ? n === count : n >= count[0] && n <= count[1]

const showCount = (count: Count) => typeof count === "number" ? String(count) : `${count[0]}..${count[1]}`

const field = (error: unknown, name: string): unknown =>
  typeof error === "object" && error !== null ? (error as Record<string, unknown>)[name] : undefined

/** `Tag` or `Tag:reason` (`Tag:phase` for timeouts): what the table shows. */
export const describeError = (error: unknown): string => {
  const tag = field(error, "_tag")
  const name = typeof tag === "string" ? tag : "Unknown"
  const detail = field(error, "reason") ?? field(error, "phase")
  return typeof detail === "string" ? `${name}:${detail}` : name
}

/** Everything the library produced for this failure, as text. */
const renderings = (error: unknown, cause: Cause.Cause<unknown>): ReadonlyArray<string> => {
  const json = (() => {
    try {
      return JSON.stringify(error) ?? ""
    } catch (e) {
      return `JSON.stringify threw: ${String(e)}`
    }
  })()
  return [String(error), json, Util.inspect(error, { depth: Infinity }), Cause.pretty(cause)]
}

const findSecret = (text: string): string | undefined => {
  for (const secret of secrets) {
    const hit = typeof secret === "string" ? text.includes(secret) : secret.test(text)
    if (hit) return String(secret)
  }
  return undefined
}

/** A message a person can act on: one line, no field dump, no "undefined". */
const readable = (message: unknown): string | undefined => {
  if (typeof message !== "string" || message.trim().length === 0) return "no message"
  if (message.includes("\n")) return "more than one line"
  if (/undefined/.test(message)) return "says undefined"
  if (/^\s*[{(]/.test(message)) return "a field dump"
  return undefined
}

class HarnessTimeout {
  readonly _tag = "HarnessTimeout"
  readonly message = "the scenario did not finish: it hung"
}

/** Run one scenario and assert its expectations; adds its row to the table. */
export const runScenario = (scenario: Scenario): Effect.Effect<void, unknown> =>
  Effect.scoped(Effect.gen(function*() {
    const clock = { started: Date.now() }
    const world = yield* makeWorld(scenario, clock)
    if (scenario.setup !== undefined) yield* scenario.setup(world)
    const lines: Array<string> = []
    const capture = Logger.make((options) => {
      lines.push(Logger.logfmtLogger.log(options), Logger.jsonLogger.log(options), Logger.stringLogger.log(options))
    })
    const within = scenario.expect.withinSeconds ?? 15
    clock.started = Date.now()
    const exit = yield* scenario.run(world).pipe(
      Effect.timeoutFail({ duration: Duration.seconds(within + 15), onTimeout: () => new HarnessTimeout() }),
      Effect.provide(Logger.replace(Logger.defaultLogger, capture)),
      Logger.withMinimumLogLevel(LogLevel.All),
      Effect.exit
    )
    const seconds = (Date.now() - clock.started) / 1000

    const log = yield* world.sim.log
    const tokenRequests = log.filter((e) => e.path === "/oauth/v2/token").length
    const apiRequests = log.filter((e) => !e.path.startsWith("/oauth/")).length
    const created = log.filter((e) =>
      e.method === "POST" && e.path === "/crm/v8/Leads" && e.outcome === "Respond" && e.status >= 200 &&
      e.status < 300
    ).length
    const error = Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined
    const outcome = Exit.isSuccess(exit)
      ? "success"
      : error !== undefined
      ? describeError(error)
      : `Defect: ${Cause.pretty(exit.cause).split("\n")[0]}`
    rows.push({ scenario: scenario.name, outcome, tokenRequests, apiRequests, created, seconds })

    // Every broken expectation at once, so one run shows all that is wrong with a scenario.
    const problems: Array<string> = []
    const check = (ok: boolean, problem: string) => {
      if (!ok) problems.push(problem)
    }
    const expect = scenario.expect
    if (expect.outcome === "success") {
      check(Exit.isSuccess(exit), `expected success, got ${Exit.isFailure(exit) ? Cause.pretty(exit.cause) : ""}`)
    } else if (error === undefined) {
      check(false, `expected ${expect.outcome.tag}, got ${outcome}`)
    } else {
      check(field(error, "_tag") === expect.outcome.tag, `expected ${expect.outcome.tag}`)
      for (const [name, value] of Object.entries(expect.outcome.fields ?? {})) {
        check(
          Equal.equals(field(error, name), value),
          `${name} is ${String(field(error, name))}, expected ${String(value)}`
        )
      }
      for (const name of expect.outcome.present ?? []) {
        check(field(error, name) !== undefined, `${name} must be set`)
      }
      const problem = readable(field(error, "message"))
      check(problem === undefined, `message ${JSON.stringify(field(error, "message"))}: ${problem}`)
    }
    check(seconds < within, `took ${seconds} s, bound ${within} s`)
    check(
      matches(expect.tokenRequests, tokenRequests),
      `${tokenRequests} token requests, expected ${showCount(expect.tokenRequests)}`
    )
    check(
      matches(expect.apiRequests, apiRequests),
      `${apiRequests} API requests, expected ${showCount(expect.apiRequests)}`
    )
    check(created === (expect.created ?? 0), `${created} records created, expected ${expect.created ?? 0}`)
    const texts = [...(Exit.isFailure(exit) ? renderings(error, exit.cause) : []), ...lines]
    for (const text of texts) {
      const secret = findSecret(text)
      if (secret !== undefined) {
        check(false, `a secret (${secret}) appears in:\n${text.slice(0, 1_500)}`)
      }
    }
    assert.deepStrictEqual(problems, [], `[${scenario.name}] outcome ${outcome}`)
  }))

/** The table of every scenario run so far. */
export const printTable = (): void => {
  if (rows.length === 0) return
  const header = ["scenario", "outcome", "token req", "API req", "created", "time (s)"]
  const body = rows.map((r) => [
    r.scenario,
    r.outcome,
    String(r.tokenRequests),
    String(r.apiRequests),
    String(r.created),
    r.seconds.toFixed(2)
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)))
  const line = (cells: ReadonlyArray<string>) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`
  console.log(
    [
      `Fault matrix: ${rows.length} scenarios`,
      line(header),
      `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
      ...body.map(line)
    ].join("\n")
  )
}
