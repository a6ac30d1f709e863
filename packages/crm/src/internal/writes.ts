/**
 * Chunked writes: the write options checked, records sent in chunks of at most 100, and the
 * per-record results gathered in input order.
 */
import * as Envelope from "@effect-zoho/core/Envelope"
import type { ZohoConfigError, ZohoError } from "@effect-zoho/core/ZohoError"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type { WriteFailure } from "../CrmError.js"
import { invalidInput } from "./inputError.js"

export const chunksOf = <A>(items: ReadonlyArray<A>, size: number): ReadonlyArray<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
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
