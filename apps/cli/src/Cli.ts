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

/**
 * One line for an error the CLI stops on: its tag, message and Zoho's code (errors never carry
 * tokens or secrets, so the line is safe to print).
 *
 * @since 0.1.0
 */
export const errorLine = (error: unknown): string => {
  if (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string") {
    const tag = "_tag" in error && typeof error._tag === "string" ? `${error._tag}: ` : ""
    const code = "code" in error && (typeof error.code === "string" || typeof error.code === "number")
      ? ` (${error.code})`
      : ""
    return `zoho: ${tag}${error.message}${code}`
  }
  return `zoho: ${String(error)}`
}
