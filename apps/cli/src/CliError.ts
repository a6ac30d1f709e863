/**
 * The CLI's own failures. Each prints as one line (`zoho: …`); the exit code tells a script what
 * kind of failure it was: 2 for input the CLI refuses before doing anything (nothing is sent and no
 * token is written), 1 for a failure while doing the work (Zoho refused, a check failed).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * Bad input: an unknown product, a malformed flag or file, a port in use, a callback with the
 * wrong `state`. `hint` says what to type instead.
 *
 * @since 0.1.0
 */
export class CliUsageError extends Schema.TaggedError<CliUsageError>("@effect-zoho/cli/CliUsageError")(
  "CliUsageError",
  {
    message: Schema.String,
    hint: Schema.optional(Schema.String)
  }
) {}

/**
 * The work failed in a way the command already explained (a `doctor` check, an interrupted
 * export): exit 1 with this line.
 *
 * @since 0.1.0
 */
export class CliFailure extends Schema.TaggedError<CliFailure>("@effect-zoho/cli/CliFailure")(
  "CliFailure",
  { message: Schema.String }
) {}

/** @since 0.1.0 */
export const usage = (message: string, hint?: string): CliUsageError =>
  new CliUsageError(hint === undefined ? { message } : { message, hint })

/** The process exit code for a failure. @since 0.1.0 */
export const exitCode = (error: unknown): number =>
  typeof error === "object" && error !== null && "_tag" in error &&
    (error._tag === "CliUsageError" || error._tag === "ValidationError" ||
      // @effect/cli's parse errors carry these tags.
      [
        "CommandMismatch",
        "CorrectedFlag",
        "HelpRequested",
        "InvalidArgument",
        "InvalidValue",
        "MissingValue",
        "MissingFlag",
        "MultipleValuesDetected",
        "MissingSubcommand",
        "NoBuiltInMatch",
        "UnclusteredFlag"
      ]
        .includes(String(error._tag)))
    ? 2
    : 1

/**
 * One line for an error the CLI stops on: its message, Zoho's code, and what to do instead.
 * Errors never carry tokens or secrets (the library redacts them), so the line is safe to print.
 *
 * @since 0.1.0
 */
export const line = (error: unknown): string => {
  if (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string") {
    const code = "code" in error && (typeof error.code === "string" || typeof error.code === "number")
      ? ` (${error.code})`
      : ""
    const hint = "hint" in error && typeof error.hint === "string" ? `; ${error.hint}` : ""
    return `zoho: ${error.message.replace(/\s+/g, " ").trim()}${code}${hint}`
  }
  return `zoho: ${String(error)}`
}
