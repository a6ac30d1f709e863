#!/usr/bin/env node
/**
 * `zoho`: see `Cli.ts`. A failure prints one line to stderr (usage errors from `@effect/cli` print
 * their own) and sets the exit code: 2 for input refused before anything was done, 1 for a failure
 * while working, 130 for an interruption (Ctrl-C).
 *
 * @since 0.1.0
 */
import * as ZohoConfig from "@effect-zoho/core/ZohoConfig"
import * as ValidationError from "@effect/cli/ValidationError"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Cause from "effect/Cause"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Cli from "./Cli.js"
import * as CliError from "./CliError.js"

let code = 1

// `zoho … | head` closes stdout early: that is the reader being done, not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0)
})

Cli.run(process.argv).pipe(
  Effect.tapError((error) =>
    Effect.zipRight(
      ValidationError.isValidationError(error) ? Effect.void : Console.error(Cli.errorLine(error)),
      Effect.sync(() => {
        code = ValidationError.isValidationError(error) ? 2 : CliError.exitCode(error)
      })
    )
  ),
  Effect.tapDefect((defect) => Console.error(Cli.errorLine(defect))),
  // Library log lines go to stderr, warnings and up unless --log-level asks for more: stdout
  // carries only data. (The library redacts secrets from its log lines.)
  Logger.withMinimumLogLevel(LogLevel.Warning),
  Effect.provide(Logger.replace(Logger.defaultLogger, Logger.prettyLogger({ stderr: true }))),
  // The library's settings from the environment, then a `.env` in the working directory (as
  // `ZohoNode.layerConfig` reads them).
  Effect.provide(ZohoConfig.layerDotEnv(".env")),
  Effect.provide(NodeContext.layer),
  (program) =>
    NodeRuntime.runMain(program, {
      disableErrorReporting: true,
      teardown: (exit, onExit) => onExit(Exit.isSuccess(exit) ? 0 : Cause.isInterruptedOnly(exit.cause) ? 130 : code)
    })
)
