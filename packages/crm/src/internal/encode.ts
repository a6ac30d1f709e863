/**
 * Records on the way out: encoded with the user's Schema (or its partial form for updates),
 * keeping the fields the Schema does not name.
 */
import type { ZohoConfigError } from "@effect-zoho/core/ZohoError"
import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { invalidInput } from "./inputError.js"

/** Encode each record with the user's Schema, keeping the fields it does not name. */
export const encodeRecords = (
  schema: Schema.Schema.AnyNoContext,
  operation: string,
  records: ReadonlyArray<unknown>
): Effect.Effect<ReadonlyArray<unknown>, ZohoConfigError> =>
  Effect.forEach(
    records,
    (record, index) =>
      Schema.encodeUnknown(schema, { onExcessProperty: "preserve", errors: "all" })(record).pipe(
        Effect.mapError((error) =>
          invalidInput(
            `${operation}: record #${index} does not match its Schema: ${
              ParseResult.TreeFormatter.formatErrorSync(error)
            }`,
            `#${index}`
          )
        )
      )
  )

/** A Schema every key of which may be left out, for updates; the whole Schema when it cannot be made partial. */
export const partialOf = (schema: Schema.Schema.AnyNoContext): Schema.Schema.AnyNoContext => {
  try {
    return Schema.partial(schema as Schema.Schema<object, object>)
  } catch {
    return schema
  }
}
