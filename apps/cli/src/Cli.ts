/**
 * The `zoho` command: one subcommand group per file (`schema` for now; `auth`, `api` later).
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as SchemaCommand from "./SchemaCommand.js"

/** @since 0.1.0 */
export const command = Command.make("zoho").pipe(
  Command.withDescription("effect-zoho from the command line"),
  Command.withSubcommands([SchemaCommand.command])
)

/**
 * Run the CLI on `argv` (as `process.argv`: node, script, then the arguments).
 *
 * @since 0.1.0
 */
export const run = Command.run(command, { name: "zoho", version: "0.1.0" })
