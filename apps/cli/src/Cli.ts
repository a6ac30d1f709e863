/**
 * The `zoho` command: one subcommand group per file.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as ApiCommand from "./ApiCommand.js"
import * as AuthCommand from "./AuthCommand.js"
import * as ExportCommand from "./ExportCommand.js"
import * as SchemaCommand from "./SchemaCommand.js"

/** @since 0.1.0 */
export const version = "0.1.0"

/** @since 0.1.0 */
export const command = Command.make("zoho").pipe(
  Command.withDescription(
    "effect-zoho from the command line. Start with `zoho auth login --sim` (no account needed), then " +
      "`zoho api crm GET /Leads -q fields=Last_Name --paginate`."
  ),
  Command.withSubcommands([AuthCommand.command, ApiCommand.command, ExportCommand.command, SchemaCommand.command])
)

/**
 * Run the CLI on `argv` (as `process.argv`: node, script, then the arguments).
 *
 * @since 0.1.0
 */
export const run = Command.run(command, { name: "zoho", version })

/**
 * One line for an error the CLI stops on: its message, Zoho's code, and what to do instead.
 * Errors never carry tokens or secrets (the library redacts them), so the line is safe to print.
 *
 * @since 0.1.0
 */
export const errorLine = (error: unknown): string => {
  if (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string") {
    const code = "code" in error && (typeof error.code === "string" || typeof error.code === "number")
      ? ` (${error.code})`
      : ""
    const hint = "hint" in error && typeof error.hint === "string" ? `; ${error.hint}` : ""
    return `zoho: ${error.message.replace(/\s+/g, " ").trim()}${code}${hint}`
  }
  return `zoho: ${String(error)}`
}
