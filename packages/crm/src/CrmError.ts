/**
 * Errors of the CRM records API, beside core's `ZohoError` union: a record that is not there, a
 * write that failed for some records (the strict variants), and a pick-list value the field does
 * not allow (caught before anything is sent).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * `get(id)` found no record with this id in the module (or the user cannot see it).
 *
 * @category errors
 * @since 0.1.0
 */
export class CrmRecordNotFound extends Schema.TaggedError<CrmRecordNotFound>("@effect-zoho/crm/CrmRecordNotFound")(
  "CrmRecordNotFound",
  {
    module: Schema.String,
    id: Schema.String
  }
) {}

/**
 * Schema of one refused record of a write: its input index, Zoho's code, message and details.
 *
 * @category schemas
 * @since 0.1.0
 */
export const WriteFailure = Schema.Struct({
  /** Position of the record in the caller's input, across chunks. */
  index: Schema.Number,
  /** The record id, for operations that take ids (delete, delink, tags, …). */
  id: Schema.optional(Schema.String),
  /** Zoho's code (`MANDATORY_NOT_FOUND`, `DUPLICATE_DATA`, …) or, when the whole request of the record's chunk failed, that error's code or tag. */
  code: Schema.String,
  message: Schema.String,
  details: Schema.optional(Schema.Unknown),
  /** True when the chunk's request failed as a whole (throttled, network, …), not the record itself. */
  requestFailed: Schema.optional(Schema.Boolean)
})
/**
 * One refused record of a write (see the {@link WriteFailure} schema).
 *
 * @category models
 * @since 0.1.0
 */
export type WriteFailure = typeof WriteFailure.Type

/**
 * A strict write (`createAll`, `updateAll`, …) where some records failed. `failures` lists every
 * failed record with its input index; `succeeded` says how many were written anyway (they are
 * not rolled back: Zoho has no transactions).
 *
 * @category errors
 * @since 0.1.0
 */
export class CrmWriteError extends Schema.TaggedError<CrmWriteError>("@effect-zoho/crm/CrmWriteError")(
  "CrmWriteError",
  {
    module: Schema.String,
    operation: Schema.String,
    succeeded: Schema.Number,
    failures: Schema.Array(WriteFailure)
  }
) {
  override get message(): string {
    const shown = this.failures.slice(0, 5).map((f) =>
      `#${f.index}${f.id !== undefined ? ` (${f.id})` : ""} ${f.code}: ${f.message}`
    ).join("; ")
    const more = this.failures.length > 5 ? `; … ${this.failures.length - 5} more` : ""
    return `${this.operation} on ${this.module}: ${this.failures.length} record(s) failed, ${this.succeeded} written (${shown}${more})`
  }
}

/**
 * Schema of one pick-list value the fields metadata does not allow: the field, the value and the
 * allowed values.
 *
 * @category schemas
 * @since 0.1.0
 */
export const PickListViolation = Schema.Struct({
  index: Schema.Number,
  field: Schema.String,
  value: Schema.Unknown,
  allowed: Schema.Array(Schema.String)
})
/**
 * One refused pick-list value (see the {@link PickListViolation} schema).
 *
 * @category models
 * @since 0.1.0
 */
export type PickListViolation = typeof PickListViolation.Type

/**
 * `pickListValidation` found values the fields metadata does not allow; nothing was sent.
 *
 * @category errors
 * @since 0.1.0
 */
export class CrmPickListError extends Schema.TaggedError<CrmPickListError>("@effect-zoho/crm/CrmPickListError")(
  "CrmPickListError",
  {
    module: Schema.String,
    violations: Schema.Array(PickListViolation)
  }
) {
  override get message(): string {
    const first = this.violations[0]
    if (first === undefined) return `Invalid pick-list values for ${this.module}`
    return `${this.module}.${first.field} (record #${first.index}) does not allow ${
      JSON.stringify(first.value)
    }; allowed: ${first.allowed.join(", ")}${
      this.violations.length > 1 ? ` (+${this.violations.length - 1} more)` : ""
    }`
  }
}
