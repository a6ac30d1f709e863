/**
 * Helpers of the records API: record Schemas, chunked writes with per-record results, pick-list
 * checks.
 */
import * as Envelope from "@effect-zoho/core/Envelope"
import type { ZohoError } from "@effect-zoho/core/ZohoError"
import { ZohoConfigError } from "@effect-zoho/core/ZohoError"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import type { PickListViolation, WriteFailure } from "../CrmError.js"
import type * as CrmMetadata from "../CrmMetadata.js"

/** The field names a Schema puts on the wire (its encoded side), without `id`. */
export const fieldNames = (schema: Schema.Schema.AnyNoContext): ReadonlyArray<string> => {
  const names = new Set<string>()
  const visit = (ast: AST.AST): void => {
    switch (ast._tag) {
      case "TypeLiteral":
        for (const p of ast.propertySignatures) if (typeof p.name === "string") names.add(p.name)
        return
      case "Refinement":
        return visit(ast.from)
      case "Transformation":
        return visit(ast.from)
      case "Union":
        return ast.types.forEach(visit)
      case "Suspend":
        return visit(ast.f())
      default:
        return
    }
  }
  visit(AST.encodedAST(schema.ast))
  names.delete("id")
  return [...names]
}

export const chunksOf = <A>(items: ReadonlyArray<A>, size: number): ReadonlyArray<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

export const invalidInput = (message: string, input?: string) =>
  new ZohoConfigError({ reason: "InvalidInput", message, ...(input !== undefined ? { input } : {}) })

/**
 * A Zoho record id: decimal digits only (a 64-bit number, so at most 19 digits; 20 leaves room
 * for a wider id without letting anything but digits through). Ids travel in comma-joined
 * `ids=` lists, where `"1,2"` would silently address two records.
 */
export const recordIdPattern = /^[0-9]{1,20}$/

/** Why `id` is not a record id, or `undefined` when it is one. */
const idProblem = (id: unknown): string | undefined =>
  typeof id !== "string"
    ? `a record id must be a string, got ${typeof id}`
    : recordIdPattern.test(id)
    ? undefined
    : id === ""
    ? "a record id must not be empty"
    : `${JSON.stringify(id.length > 40 ? `${id.slice(0, 40)}…` : id)} is not a record id (1 to 20 digits)`

/**
 * Check every id before anything is sent: a bad one anywhere fails the whole call, so no chunk
 * of a list is written before the bad id is found.
 */
export const checkIds = (
  what: string,
  ids: ReadonlyArray<unknown>
): Effect.Effect<ReadonlyArray<string>, ZohoConfigError> => {
  for (let index = 0; index < ids.length; index++) {
    const problem = idProblem(ids[index])
    if (problem !== undefined) {
      return Effect.fail(
        invalidInput(`${what}: ${problem} (#${index})`, typeof ids[index] === "string" ? ids[index] as string : "id")
      )
    }
  }
  return Effect.succeed(ids as ReadonlyArray<string>)
}

/** One id (a path parameter or a single get). */
export const checkId = (what: string, id: unknown): Effect.Effect<string, ZohoConfigError> => {
  const problem = idProblem(id)
  return problem === undefined
    ? Effect.succeed(id as string)
    : Effect.fail(invalidInput(`${what}: ${problem}`, typeof id === "string" ? id : "id"))
}

/** Zoho's cap on records per write and ids per call. */
export const maxChunkSize = 100

/**
 * `chunkSize` and `concurrency` as given: a value that is not a whole number in range is a typed
 * error (0 or NaN would otherwise loop or send nothing; clamping would hide a typo).
 */
export const checkWriteOptions = (
  module: string,
  options: { readonly chunkSize?: number | undefined; readonly concurrency?: number | undefined },
  defaults: { readonly chunkSize: number; readonly concurrency: number }
): Effect.Effect<{ readonly chunkSize: number; readonly concurrency: number }, ZohoConfigError> => {
  const chunkSize = options.chunkSize ?? defaults.chunkSize
  const concurrency = options.concurrency ?? defaults.concurrency
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > maxChunkSize) {
    return Effect.fail(
      invalidInput(
        `${module}: chunkSize must be a whole number from 1 to ${maxChunkSize}, got ${chunkSize}`,
        "chunkSize"
      )
    )
  }
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    return Effect.fail(
      invalidInput(`${module}: concurrency must be a whole number of at least 1, got ${concurrency}`, "concurrency")
    )
  }
  return Effect.succeed({ chunkSize, concurrency })
}

/** Zoho's cap on the fields of one read (records list, get, search, related lists). */
export const maxReadFields = 50

/** More than 50 fields is Zoho's `LIMIT_EXCEEDED`: say so before spending a call, never drop any. */
export const checkFieldCount = (
  module: string,
  fields: ReadonlyArray<string>
): Effect.Effect<ReadonlyArray<string>, ZohoConfigError> =>
  fields.length > maxReadFields
    ? Effect.fail(
      invalidInput(
        `${module}: Zoho reads at most ${maxReadFields} fields per call and ${fields.length} were asked for; ` +
          "pass the fields option with the ones you need",
        "fields"
      )
    )
    : Effect.succeed(fields)

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

/** One record that was written; `details` is Zoho's (`id`, `Created_Time`, …). */
export interface WriteSuccess {
  readonly index: number
  readonly id: string
  readonly code: string
  readonly message: string
  readonly details: Readonly<Record<string, unknown>>
  /** Upsert only: whether the record was inserted or updated. */
  readonly action?: string | undefined
}

export interface WriteResult {
  readonly succeeded: ReadonlyArray<WriteSuccess>
  readonly failed: ReadonlyArray<WriteFailure>
}

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * Zoho answers a write where every record failed with HTTP 400 and the per-record entries; core
 * turns it into a `ZohoApiError` whose `details` is the whole body. Those are per-record results.
 */
const perRecord = (error: ZohoError, size: number): Envelope.CrmWriteResults | undefined => {
  if (error._tag !== "ZohoApiError" || !isRecord(error.details)) return undefined
  const decoded = Schema.decodeUnknownEither(Envelope.CrmWriteResults)(error.details)
  return Either.isRight(decoded) && decoded.right.data.length === size ? decoded.right : undefined
}

const errorCode = (error: ZohoError): string =>
  error._tag === "ZohoApiError" && typeof error.code === "string" ? error.code : String(
    "code" in error && error.code !== undefined ? error.code : error._tag
  )

/**
 * Send `items` in chunks of `chunkSize` with at most `concurrency` requests in flight; the results
 * of every record, in input order. A chunk whose request failed as a whole reports each of its
 * records as failed (`requestFailed`), so a partial failure is never silent; only when every chunk
 * failed that way does the whole effect fail (then nothing was written).
 */
export const writeChunked = <R>(
  items: ReadonlyArray<unknown>,
  options: {
    readonly chunkSize: number
    readonly concurrency: number
    /** The items are record ids: every result, failed ones too, names the id it is about. */
    readonly itemsAreIds?: boolean | undefined
  },
  send: (chunk: ReadonlyArray<unknown>) => Effect.Effect<Envelope.CrmWriteResults, ZohoError, R>
): Effect.Effect<WriteResult, ZohoError, R> =>
  Effect.gen(function*() {
    if (items.length === 0) return { succeeded: [], failed: [] }
    const chunks = chunksOf(items, options.chunkSize)
    const outcomes = yield* Effect.forEach(
      chunks,
      (chunk) =>
        Effect.either(
          Effect.catchIf(send(chunk), (e) => perRecord(e, chunk.length) !== undefined, (e) =>
            Effect.succeed(perRecord(e, chunk.length)!))
        ),
      { concurrency: options.concurrency }
    )
    const firstError = outcomes.find(Either.isLeft)
    if (firstError !== undefined && outcomes.every(Either.isLeft)) return yield* Effect.fail(firstError.left)
    const succeeded: Array<WriteSuccess> = []
    const failed: Array<WriteFailure> = []
    const idAt = (index: number): { readonly id?: string } =>
      options.itemsAreIds === true && typeof items[index] === "string" ? { id: items[index] as string } : {}
    outcomes.forEach((outcome, c) => {
      const offset = c * options.chunkSize
      const size = chunks[c].length
      if (Either.isLeft(outcome)) {
        const error = outcome.left
        for (let i = 0; i < size; i++) {
          failed.push({
            index: offset + i,
            ...idAt(offset + i),
            code: errorCode(error),
            message: error.message,
            details: error,
            requestFailed: true
          })
        }
        return
      }
      const entries = outcome.right.data
      for (let i = 0; i < size; i++) {
        const entry = entries[i]
        if (entry === undefined) {
          failed.push({
            index: offset + i,
            ...idAt(offset + i),
            code: "MISSING_RESULT",
            message: `Zoho returned ${entries.length} results for ${size} records`
          })
        } else if (entry.status === "success") {
          const action = (entry as { readonly action?: unknown }).action
          succeeded.push({
            index: offset + i,
            id: entry.details.id,
            code: entry.code,
            message: entry.message,
            details: entry.details,
            ...(typeof action === "string" ? { action } : {})
          })
        } else {
          failed.push({
            index: offset + i,
            ...idAt(offset + i),
            code: entry.code,
            message: entry.message,
            ...(entry.details !== undefined ? { details: entry.details } : {})
          })
        }
      }
    })
    return { succeeded, failed }
  })

/** Values outside the pick lists of `fields`, record by record. */
export const pickListViolations = (
  fields: ReadonlyArray<CrmMetadata.Field>,
  records: ReadonlyArray<unknown>
): ReadonlyArray<PickListViolation> => {
  const lists = new Map<string, { readonly multi: boolean; readonly allowed: ReadonlyArray<string> }>()
  for (const f of fields) {
    if ((f.data_type === "picklist" || f.data_type === "multiselectpicklist") && f.pick_list_values != null) {
      const values = f.pick_list_values
      // An empty list means the metadata does not say: nothing to check against.
      if (values.length > 0) {
        lists.set(f.api_name, {
          multi: f.data_type === "multiselectpicklist",
          allowed: values.map((v) => v.actual_value)
        })
      }
    }
  }
  const violations: Array<PickListViolation> = []
  records.forEach((record, index) => {
    if (!isRecord(record)) return
    for (const [field, value] of Object.entries(record)) {
      const list = lists.get(field)
      if (list === undefined || value === null || value === undefined) continue
      const allowed = new Set(list.allowed)
      const values: ReadonlyArray<unknown> = list.multi && Array.isArray(value) ? value : [value]
      const bad = values.find((v) => typeof v !== "string" || !allowed.has(v))
      if (bad !== undefined || (list.multi && !Array.isArray(value))) {
        violations.push({ index, field, value, allowed: list.allowed })
      }
    }
  })
  return violations
}
