#!/usr/bin/env node
/**
 * `zoho`: see `Cli.ts`. A failure prints one line (the usage errors `@effect/cli` reports itself)
 * and exits with code 1.
 *
 * @since 0.1.0
 */
import * as ValidationError from "@effect/cli/ValidationError"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Cli from "./Cli.js"

Cli.run(process.argv).pipe(
  Effect.tapError((error) =>
    ValidationError.isValidationError(error) ? Effect.void : Console.error(Cli.errorLine(error))
  ),
  Effect.provide(NodeContext.layer),
  (program) => NodeRuntime.runMain(program, { disableErrorReporting: true })
)
