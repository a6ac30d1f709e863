#!/usr/bin/env node
/**
 * `zoho-sim --port 0 --host 127.0.0.1 --seed seed.json`: the Zoho simulator on a loopback port,
 * spending 20–80 ms on each call by default (`--server-time`) so bursts meet Zoho's limits.
 * Prints `zoho-sim listening on <url>` once bound; SIGINT/SIGTERM shut it down cleanly.
 *
 * @since 0.1.0
 */
import { SimSeed, Simulator } from "@effect-zoho/sim"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Console from "effect/Console"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import { readFile } from "node:fs/promises"
import { parseArgs } from "node:util"
import * as ZohoSimServer from "./ZohoSimServer.js"

const usage = `Usage: zoho-sim [--port <n>] [--host <addr>] [--seed <file.json>] [--server-time <ms>|<min>-<max>]

  --port          TCP port to listen on (default 8787; 0 picks a free one)
  --host          address to bind (default 127.0.0.1)
  --seed          a SimSeed JSON file (default: the built-in demo seed)
  --server-time   milliseconds each call takes, fixed or drawn from a range (default 20-80;
                  0 answers at once). Calls hold their concurrency slot meanwhile, as on Zoho.

Controls: GET /__sim/stats, GET /__sim/log, POST|DELETE /__sim/faults, POST /__sim/revoke,
POST /__sim/expire-tokens, POST /__sim/reset-counters, POST /__sim/limits, POST /__sim/grants`

class UsageError extends Data.TaggedError("UsageError")<{ readonly message: string }> {}

const parse = Effect.try({
  try: () =>
    parseArgs({
      options: {
        port: { type: "string", default: "8787" },
        host: { type: "string", default: "127.0.0.1" },
        seed: { type: "string" },
        "server-time": { type: "string" },
        help: { type: "boolean", short: "h", default: false }
      },
      strict: true
    }).values,
  catch: (e) => new UsageError({ message: e instanceof Error ? e.message : String(e) })
})

/** `--server-time 50` or `--server-time 20-80` (milliseconds). */
const parseServerTime = (raw: string): Effect.Effect<Simulator.ServerTime, UsageError> => {
  const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(raw)
  if (m === null || (m[2] !== undefined && Number(m[2]) < Number(m[1]))) {
    return Effect.fail(
      new UsageError({ message: `--server-time must be milliseconds (50) or a range (20-80), got ${raw}` })
    )
  }
  const min = Duration.millis(Number(m[1]))
  return Effect.succeed(m[2] === undefined ? min : { min, max: Duration.millis(Number(m[2])) })
}

const loadSeed = (path: string | undefined) =>
  path === undefined
    ? Effect.succeed(SimSeed.demo())
    : Effect.tryPromise({
      try: () => readFile(path, "utf8"),
      catch: (e) => new UsageError({ message: `Cannot read seed file ${path}: ${e instanceof Error ? e.message : e}` })
    }).pipe(
      Effect.flatMap((text) =>
        Effect.try({
          try: () => JSON.parse(text) as unknown,
          catch: () => new UsageError({ message: `Seed file ${path} is not valid JSON` })
        })
      ),
      Effect.flatMap((json) =>
        SimSeed.decode(json).pipe(
          Effect.mapError((e) =>
            new UsageError({
              message: `Seed file ${path} is not a valid seed:\n${ParseResult.TreeFormatter.formatErrorSync(e)}`
            })
          )
        )
      )
    )

const program = Effect.gen(function*() {
  const args = yield* parse
  if (args.help) {
    yield* Console.log(usage)
    return
  }
  const port = Number(args.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    return yield* new UsageError({ message: `--port must be an integer from 0 to 65535, got ${args.port}` })
  }
  const serverTime = args["server-time"] === undefined
    ? Simulator.defaultServerTime
    : yield* parseServerTime(args["server-time"])
  const seed = yield* loadSeed(args.seed)
  const { url } = yield* ZohoSimServer.make({ port, host: args.host, seed, simulator: { serverTime } })
  yield* Console.log(`zoho-sim listening on ${url}`)
  return yield* Effect.never
}).pipe(
  Effect.scoped,
  Effect.catchTag("UsageError", (e) =>
    Console.error(`zoho-sim: ${e.message}\n\n${usage}`).pipe(
      Effect.zipRight(Effect.sync(() => {
        process.exitCode = 2
      }))
    ))
)

NodeRuntime.runMain(program, { disableErrorReporting: false })
