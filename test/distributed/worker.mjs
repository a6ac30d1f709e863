#!/usr/bin/env node
/**
 * One worker process of the distributed tests: the whole effect-zoho stack, built from the
 * packages' build output (`dist`), over real HTTP (undici, loopback) against a running simulator
 * server, with a MySQL or Redis token store and optionally the Redis throttle.
 *
 * Protocol (stdout, one JSON object per line):
 *   {"event":"ready","pid":…}                          the stack is built; waiting for the barrier
 *   {"event":"result","ok":…,"errors":{tag:count},…}   the calls are done
 *   {"event":"buildError","error":"Tag:Reason"}        the stack could not be built (typed failure)
 * The exit code is 0 whenever a result or buildError line was printed: a failing store is a
 * reported outcome, not a crash.
 *
 *   node worker.mjs --sim URL --store mysql|redis [--table T] [--prefix P]
 *     [--mysql-url URL] [--redis-url URL]   default: EFFECT_ZOHO_TEST_MYSQL_URL / _REDIS_URL
 *     [--product crm|books]                 what the calls list: CRM Leads (default) or Books invoices
 *     [--org-id ID]                         the Books organization id (default the demo seed's, 800001)
 *     [--throttle local|redis] [--limit N --window-ms MS]   the product's per-window policy
 *     [--max-concurrent N]                  the product's concurrency policy
 *     [--max-retries N]                     the client's retry policy (default: core's, 10)
 *     [--warmup]                            make one call before saying ready (token, connections)
 *     [--barrier FILE]                      wait for FILE before the first call
 *     [--calls N]                           N calls, all started at once (default 100)
 *     [--until FILE --fibers K --gap-ms MS] instead: K fibers call in a loop until FILE exists
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"

const root = Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), "../..")
const built = [
  "packages/core/dist/index.js",
  "packages/node/dist/index.js",
  "packages/store-mysql/dist/index.js",
  "packages/store-redis/dist/index.js"
]
const missing = built.filter((file) => !Fs.existsSync(Path.join(root, file)))
if (missing.length > 0) {
  console.error(`test/distributed/worker.mjs: ${missing.join(", ")} not found: run pnpm build first`)
  process.exit(2)
}

const { values: args } = parseArgs({
  options: {
    sim: { type: "string" },
    store: { type: "string" },
    table: { type: "string", default: "oauthtoken" },
    prefix: { type: "string", default: "effect-zoho:" },
    "mysql-url": { type: "string" },
    "redis-url": { type: "string" },
    product: { type: "string", default: "crm" },
    "org-id": { type: "string", default: "800001" },
    throttle: { type: "string", default: "local" },
    limit: { type: "string" },
    "window-ms": { type: "string" },
    "max-concurrent": { type: "string" },
    "max-retries": { type: "string" },
    barrier: { type: "string" },
    calls: { type: "string", default: "100" },
    until: { type: "string" },
    fibers: { type: "string", default: "4" },
    "gap-ms": { type: "string", default: "50" },
    warmup: { type: "boolean", default: false }
  }
})

const fail = (message) => {
  console.error(`test/distributed/worker.mjs: ${message}`)
  process.exit(2)
}
if (args.sim === undefined) fail("--sim URL is required")
if (args.store !== "mysql" && args.store !== "redis") fail("--store must be mysql or redis")
if (args.throttle !== "local" && args.throttle !== "redis") fail("--throttle must be local or redis")
if (args.product !== "crm" && args.product !== "books") fail("--product must be crm or books")

const {
  Endpoint,
  Envelope,
  ZohoAuth,
  ZohoClient,
  ZohoCredentials,
  ZohoOAuth,
  ZohoProducts,
  ZohoRegion,
  ZohoThrottle,
  ZohoUser
} = await import("@effect-zoho/core")
const { ZohoNodeHttp } = await import("@effect-zoho/node")
const { MysqlTokenStore } = await import("@effect-zoho/store-mysql")
const { RedisThrottle, RedisTokenStore } = await import("@effect-zoho/store-redis")
const Duration = await import("effect/Duration")
const Effect = await import("effect/Effect")
const Layer = await import("effect/Layer")
const Logger = await import("effect/Logger")
const ManagedRuntime = await import("effect/ManagedRuntime")
const Redacted = await import("effect/Redacted")
const Schema = await import("effect/Schema")

const mysqlUrl = args["mysql-url"] ?? process.env.EFFECT_ZOHO_TEST_MYSQL_URL
const redisUrl = args["redis-url"] ?? process.env.EFFECT_ZOHO_TEST_REDIS_URL
if (args.store === "mysql" && mysqlUrl === undefined) fail("no --mysql-url and no EFFECT_ZOHO_TEST_MYSQL_URL")
if ((args.store === "redis" || args.throttle === "redis") && redisUrl === undefined) {
  fail("no --redis-url and no EFFECT_ZOHO_TEST_REDIS_URL")
}

const listLeads = Endpoint.make({
  product: ZohoProducts.crm,
  operation: "crm.leads.list",
  method: "GET",
  path: "/Leads",
  query: Schema.Struct({ fields: Schema.Array(Schema.String) }),
  response: Envelope.CrmList(Schema.Struct({ id: Schema.String })),
  empty: { data: [] },
  scopes: ["ZohoCRM.modules.leads.READ"]
})

const listInvoices = Endpoint.make({
  product: ZohoProducts.books,
  operation: "books.invoices.list",
  method: "GET",
  path: "/invoices",
  response: Envelope.FinanceList("invoices", Schema.Struct({ invoice_id: Schema.String })),
  scopes: ["ZohoBooks.invoices.READ"]
})

const user = ZohoUser.make({
  credentials: ZohoCredentials.RefreshToken({
    clientId: "1000.SIMCLIENT",
    clientSecret: Redacted.make("sim-secret"),
    refreshToken: Redacted.make("1000.simrefresh"),
    userName: "admin@sim.example"
  })
})
const region = ZohoRegion.make("US", "production", { accountsUrl: args.sim, apiUrl: args.sim, uploadUrl: args.sim })

const policy = {}
if (args.limit !== undefined) policy.requestsPerWindow = Number(args.limit)
if (args["window-ms"] !== undefined) policy.window = Duration.millis(Number(args["window-ms"]))
if (args["max-concurrent"] !== undefined) policy.maxConcurrent = Number(args["max-concurrent"])
const policies = { [args.product]: policy }

const store = args.store === "mysql"
  ? MysqlTokenStore.layer({ url: Redacted.make(mysqlUrl), table: args.table, connectTimeout: "2 seconds" })
  : RedisTokenStore.layer({ url: redisUrl, prefix: args.prefix })
const throttle = args.throttle === "redis"
  ? RedisThrottle.layer({ url: redisUrl, prefix: args.prefix, policies })
  : ZohoThrottle.layer({ policies })

const clientOptions = {
  ...(args["max-retries"] === undefined ? {} : { retry: { maxRetries: Number(args["max-retries"]) } }),
  ...(args.product === "books" ? { organizationId: args["org-id"] } : {})
}
const stack = ZohoClient.layer(clientOptions).pipe(
  Layer.provideMerge(Layer.merge(ZohoAuth.layer({ region, user }).pipe(Layer.provide(ZohoOAuth.layer())), throttle)),
  Layer.provide(ZohoNodeHttp.layer()),
  Layer.provide(store)
)

const print = (line) => process.stdout.write(`${JSON.stringify(line)}\n`)

/** `Tag` or `Tag:reason`: what a test asserts on, never a message (no secrets in the output). */
const describe = (error) => {
  if (error === null || typeof error !== "object") return `Defect:${String(error)}`
  const tag = typeof error._tag === "string" ? error._tag : "Unknown"
  return typeof error.reason === "string" ? `${tag}:${error.reason}` : tag
}

// Log lines go to stderr: stdout carries only the JSON protocol.
const logToStderr = Logger.replace(Logger.defaultLogger, Logger.withConsoleError(Logger.logfmtLogger))
const runtime = ManagedRuntime.make(Layer.merge(stack, logToStderr))
try {
  await runtime.runtime()
} catch (error) {
  // A ManagedRuntime build failure rejects with a FiberFailure; its cause holds the typed error.
  const failure = error?.[Symbol.for("effect/Runtime/FiberFailure/Cause")]
  const typed = failure?._tag === "Fail" ? failure.error : error
  print({ event: "buildError", pid: process.pid, error: describe(typed) })
  process.exit(0)
}

const listOnce = args.product === "books"
  ? Endpoint.call(listInvoices)({})
  : Endpoint.call(listLeads)({ query: { fields: ["Last_Name"] } })

let warmupError
if (args.warmup) {
  warmupError = await runtime.runPromise(
    listOnce.pipe(Effect.match({ onSuccess: () => undefined, onFailure: describe }))
  )
}

print({ event: "ready", pid: process.pid, ...(warmupError === undefined ? {} : { warmupError }) })

if (args.barrier !== undefined) {
  const deadline = Date.now() + 60_000
  while (!Fs.existsSync(args.barrier)) {
    if (Date.now() > deadline) fail(`barrier ${args.barrier} never appeared`)
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}

const errors = {}
const okTimes = []
const errorTimes = []
let ok = 0
const oneCall = listOnce.pipe(
  Effect.match({
    onSuccess: () => {
      ok++
      okTimes.push(Date.now())
    },
    onFailure: (error) => {
      const key = describe(error)
      errors[key] = (errors[key] ?? 0) + 1
      errorTimes.push(Date.now())
    }
  }),
  // A defect is reported like a failure: the worker itself must not crash.
  Effect.catchAllDefect((defect) =>
    Effect.sync(() => {
      const key = `Defect:${describe(defect)}`
      errors[key] = (errors[key] ?? 0) + 1
    })
  )
)

const startedAt = Date.now()
let program
if (args.until === undefined) {
  const calls = Number(args.calls)
  program = Effect.all(Array.from({ length: calls }, () => oneCall), { concurrency: "unbounded", discard: true })
} else {
  const until = args.until
  const gap = Number(args["gap-ms"])
  const loop = Effect.gen(function*() {
    while (!Fs.existsSync(until)) {
      yield* oneCall
      yield* Effect.sleep(gap)
    }
  })
  program = Effect.all(Array.from({ length: Number(args.fibers) }, () => loop), {
    concurrency: "unbounded",
    discard: true
  })
}

await runtime.runPromise(program)
const finishedAt = Date.now()
print({
  event: "result",
  pid: process.pid,
  ok,
  errors,
  startedAt,
  finishedAt,
  ...(args.until === undefined ? {} : { okTimes, errorTimes })
})
await Promise.race([runtime.dispose(), new Promise((resolve) => setTimeout(resolve, 5_000))])
process.exit(0)
