/**
 * `zoho sim [--port] [--seed]`: the simulator from the same binary (the `zoho-sim` server), on a
 * loopback port, with the CLI's loopback redirect registered for the demo client, so
 * `zoho auth login` and every other command can run against it unchanged. For one-off commands
 * `--sim` / `ZOHO_SIM=1` starts one inside the command instead.
 *
 * @since 0.1.0
 */
import * as SimSeed from "@effect-zoho/sim/SimSeed"
import * as Simulator from "@effect-zoho/sim/Simulator"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as AuthLogin from "./AuthLogin.js"
import * as CliError from "./CliError.js"
import * as Loopback from "./Loopback.js"
import * as Output from "./Output.js"
import * as Targets from "./Targets.js"

const options = {
  port: Options.integer("port").pipe(Options.withDefault(8787), Options.withDescription("Port (0 picks a free one)")),
  host: Options.text("host").pipe(Options.withDefault("127.0.0.1"), Options.withDescription("Address to bind")),
  seed: Options.text("seed").pipe(
    Options.optional,
    Options.withDescription("A SimSeed JSON file (default: the demo org with 2,500 leads and 450 Books invoices)")
  )
}

const loadSeed = (file: Option.Option<string>) =>
  Option.match(file, {
    onNone: () => Effect.succeed(Targets.simSeed()),
    onSome: (path) =>
      Effect.gen(function*() {
        const fs = yield* FileSystem.FileSystem
        const text = yield* fs.readFileString(path).pipe(
          Effect.mapError(() => CliError.usage(`cannot read the seed file ${path}`, "give a SimSeed JSON file"))
        )
        const json = yield* Effect.try({
          try: () => JSON.parse(text) as unknown,
          catch: () => CliError.usage(`the seed file ${path} is not JSON`, "give a SimSeed JSON file")
        })
        return yield* SimSeed.decode(json).pipe(
          Effect.mapError(() => CliError.usage(`the seed file ${path} is not a SimSeed`, "see docs/simulator.md"))
        )
      })
  })

/** `zoho sim`. @since 0.1.0 */
export const command = Command.make("sim", options, (args) =>
  Effect.gen(function*() {
    if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
      return yield* CliError.usage(`--port must be 0-65535, got ${args.port}`, "e.g. --port 8787")
    }
    const seed = Targets.withExtras(yield* loadSeed(args.seed), {
      redirectUris: [Loopback.redirectUriFor(AuthLogin.defaultPort)]
    })
    // Loaded on use: only this command serves HTTP.
    const { ZohoSimServer } = yield* Effect.promise(() => import("@effect-zoho/zoho-sim"))
    const { url } = yield* ZohoSimServer.make({
      port: args.port,
      host: args.host,
      seed,
      simulator: { serverTime: Simulator.defaultServerTime }
    }).pipe(
      Effect.mapError(() =>
        CliError.usage(`cannot listen on ${args.host}:${args.port} (in use?)`, "pass another --port, or --port 0")
      )
    )
    yield* Output.line(`zoho sim listening on ${url}`)
    yield* Output.info(
      [
        "Point the CLI (or any program using effect-zoho) at it:",
        `  export ZOHO_ACCOUNTS_URL=${url} ZOHO_API_URL=${url} ZOHO_CLIENT_ID=${Targets.simClientId}`,
        "  export ZOHO_CLIENT_SECRET=<the demo client's secret, see docs/cli.md>",
        "  zoho auth login --no-browser   # then open the printed URL: the simulator consents at once",
        `Controls: ${url}/__sim/stats, /__sim/faults, /__sim/revoke (see docs/simulator.md). Ctrl-C stops it.`
      ].join("\n")
    )
    return yield* Effect.never
  }).pipe(Effect.scoped)).pipe(
    Command.withDescription("Run the Zoho simulator on a loopback port. Example: `zoho sim --port 8787`")
  )
