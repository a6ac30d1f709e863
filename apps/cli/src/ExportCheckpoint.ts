/**
 * Where an export to a file stands, saved next to it (`<out>.zoho-export`) after every page is
 * written: the cursor of the next page (a page number, or CRM's `page_token`), the records and
 * pages so far, and the output's length at that point. `--resume` truncates the file to that
 * length (dropping a page that was being written when the run stopped) and carries on from the
 * cursor, so no record is written twice or skipped. The file is replaced atomically and removed
 * when the export completes.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as fs from "node:fs"
import * as CliError from "./CliError.js"

/** @since 0.1.0 */
export const Cursor = Schema.Union(
  Schema.TaggedStruct("Page", { page: Schema.Number }),
  Schema.TaggedStruct("Token", { token: Schema.String })
)

/** @since 0.1.0 */
export type Cursor = typeof Cursor.Type

/** @since 0.1.0 */
export class Checkpoint extends Schema.Class<Checkpoint>("@effect-zoho/cli/ExportCheckpoint")({
  version: Schema.Literal(1),
  product: Schema.String,
  resource: Schema.String,
  format: Schema.Literal("ndjson", "csv"),
  /** Everything that shapes the records (fields, filters, criteria, page size): must match to resume. */
  request: Schema.String,
  columns: Schema.Array(Schema.String),
  next: Cursor,
  records: Schema.Number,
  pages: Schema.Number,
  bytes: Schema.Number,
  total: Schema.optional(Schema.Number)
}) {}

const CheckpointJson = Schema.parseJson(Checkpoint)

/** The checkpoint file of an output file. @since 0.1.0 */
export const pathFor = (out: string): string => `${out}.zoho-export`

/** The checkpoint to resume from; a missing or unreadable one is a usage error. @since 0.1.0 */
export const read = (out: string): Effect.Effect<Checkpoint, CliError.CliUsageError> =>
  Effect.gen(function*() {
    const file = pathFor(out)
    const text = yield* Effect.try({
      try: () => fs.readFileSync(file, "utf8"),
      catch: () =>
        CliError.usage(
          `nothing to resume: ${file} does not exist (the export finished, or never started)`,
          "run the export without --resume"
        )
    })
    return yield* Schema.decodeUnknown(CheckpointJson)(text).pipe(
      Effect.mapError(() => CliError.usage(`${file} is not an export checkpoint`, "remove it and export again"))
    )
  })

/** Replace the checkpoint atomically. @since 0.1.0 */
export const write = (out: string, checkpoint: Checkpoint): Effect.Effect<void, CliError.CliFailure> =>
  Effect.try({
    try: () => {
      const file = pathFor(out)
      const temp = `${file}.${process.pid}.tmp`
      fs.writeFileSync(temp, JSON.stringify(Schema.encodeSync(Checkpoint)(checkpoint)))
      fs.renameSync(temp, file)
    },
    catch: (e) => new CliError.CliFailure({ message: `cannot write the export checkpoint: ${String(e)}` })
  })

/** Remove the checkpoint (the export is complete). @since 0.1.0 */
export const remove = (out: string): Effect.Effect<void> => Effect.sync(() => fs.rmSync(pathFor(out), { force: true }))
