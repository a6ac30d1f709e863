/**
 * The `zoho` command: one subcommand group per file.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as ApiCommand from "./ApiCommand.js"
import * as AuthCommand from "./AuthCommand.js"
import * as CliError from "./CliError.js"
import * as DoctorCommand from "./DoctorCommand.js"
import * as ExportCommand from "./ExportCommand.js"
import * as SchemaCommand from "./SchemaCommand.js"
import * as SimCommand from "./SimCommand.js"

/** @since 0.1.0 */
export const version = "0.1.0"

/** @since 0.1.0 */
export const command = Command.make("zoho").pipe(
  Command.withDescription(
    "effect-zoho from the command line. Start with `zoho auth login --sim` (no account needed), then " +
      "`zoho api crm GET /Leads -q fields=Last_Name --paginate`."
  ),
  Command.withSubcommands([
    AuthCommand.command,
    ApiCommand.command,
    ExportCommand.command,
    DoctorCommand.command,
    SimCommand.command,
    SchemaCommand.command
  ])
)

/**
 * Run the CLI on `argv` (as `process.argv`: node, script, then the arguments).
 *
 * @since 0.1.0
 */
export const run = Command.run(command, { name: "zoho", version })

/**
 * One line for an error the CLI stops on (see `CliError.line`).
 *
 * @since 0.1.0
 */
export const errorLine = CliError.line
