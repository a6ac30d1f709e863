/**
 * COQL (`SELECT … FROM … WHERE …`) as a `Stream`: the query is sent page by page with
 * `LIMIT offset, count`, up to Zoho's 2,000 rows per call and 100,000 rows in all.
 *
 * A `LIMIT` in the query caps the rows streamed (an `OFFSET` there is where the stream starts);
 * the stream owns the paging, so the query itself must not be paged by hand.
 *
 * @since 0.1.0
 */
import * as Endpoint from "@effect-zoho/core/Endpoint"
import type { ZohoClient } from "@effect-zoho/core/ZohoClient"
import type { ZohoError } from "@effect-zoho/core/ZohoError"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as endpoints from "./internal/endpoints.js"
import { invalidInput } from "./internal/inputError.js"

/**
 * Rows per COQL call (Zoho's cap).
 *
 * @category constants
 * @since 0.1.0
 */
export const maxLimit = 2000

/**
 * Rows reachable through `LIMIT`/`OFFSET` (Zoho's cap).
 *
 * @category constants
 * @since 0.1.0
 */
export const maxRows = 100_000

/**
 * How a COQL query is read: the row Schema, the page size and a cap on the rows streamed.
 *
 * @category options
 * @since 0.1.0
 */
export interface Options<A, I> {
  /** Decode each row (unknown fields are kept); default: untyped rows. */
  readonly schema?: Schema.Schema<A, I, never> | undefined
  /** Rows per call, 1–2,000; default 2,000 (fewer calls; Zoho charges more credits above 200). */
  readonly pageSize?: number | undefined
  /** Stop after this many rows. */
  readonly maxRecords?: number | undefined
}

const Row = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/** A trailing `limit …` clause: `limit n`, `limit o, n` or `limit n offset o`. */
const trailingLimit = /\s+limit\s+(\d+)(?:\s*,\s*(\d+)|\s+offset\s+(\d+))?\s*;?\s*$/i

/**
 * Split a query into its body and the paging its own `LIMIT` asks for: the stream pages the body
 * and honours the caller's limit and offset.
 *
 * @category utils
 * @since 0.1.0
 */
export const parseLimit = (query: string): {
  readonly body: string
  readonly offset: number
  readonly limit: number | undefined
} => {
  const trimmed = query.trim().replace(/;\s*$/, "")
  const m = trailingLimit.exec(trimmed)
  if (m === null) return { body: trimmed, offset: 0, limit: undefined }
  const body = trimmed.slice(0, m.index)
  if (m[2] !== undefined) return { body, offset: Number(m[1]), limit: Number(m[2]) }
  return { body, offset: m[3] !== undefined ? Number(m[3]) : 0, limit: Number(m[1]) }
}

/**
 * Every row of a COQL query, paged with `LIMIT offset, count` as a `Stream`: rows arrive as
 * they are read, and the stream stops when Zoho has no more rows or the caller's limit is reached.
 *
 * @example
 * ```ts
 * import { CrmCoql } from "@effect-zoho/crm"
 * import { Schema, Stream } from "effect"
 *
 * const Row = Schema.Struct({ id: Schema.String, Last_Name: Schema.String, Company: Schema.NullOr(Schema.String) })
 *
 * export const recent = CrmCoql.query(
 *   "select id, Last_Name, Company from Leads where Lead_Status = 'Contacted' order by Created_Time desc",
 *   { schema: Row, pageSize: 200, maxRecords: 1_000 }
 * ).pipe(Stream.runCollect)
 * ```
 *
 * @category queries
 * @since 0.1.0
 */
export const query: {
  (
    select: string,
    options?: Options<Readonly<Record<string, unknown>>, Readonly<Record<string, unknown>>>
  ): Stream.Stream<
    Readonly<Record<string, unknown>>,
    ZohoError,
    ZohoClient
  >
  <A, I>(select: string, options: Options<A, I> & { readonly schema: Schema.Schema<A, I, never> }): Stream.Stream<
    A,
    ZohoError,
    ZohoClient
  >
} = <A, I>(select: string, options: Options<A, I> = {}): Stream.Stream<A, ZohoError, ZohoClient> => {
  const schema = (options.schema ?? Row) as unknown as Schema.Schema<A, I, never>
  const call = Endpoint.call(endpoints.coql(schema))
  return Stream.unwrap(Effect.gen(function*() {
    const pageSize = options.pageSize ?? maxLimit
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxLimit) {
      return yield* Effect.fail(
        invalidInput(`COQL pageSize must be an integer from 1 to ${maxLimit}`, String(pageSize))
      )
    }
    const { body, limit, offset: start } = parseLimit(select)
    if (!/^\s*select\s/i.test(body)) {
      return yield* Effect.fail(invalidInput("A COQL query starts with SELECT", select))
    }
    const wanted = Math.min(limit ?? Number.POSITIVE_INFINITY, options.maxRecords ?? Number.POSITIVE_INFINITY)
    interface Cursor {
      readonly offset: number
      readonly emitted: number
    }
    const step = (cursor: Cursor) =>
      Effect.gen(function*() {
        const count = Math.min(pageSize, wanted - cursor.emitted, maxRows - cursor.offset)
        const output = yield* call({ body: { select_query: `${body} limit ${cursor.offset}, ${count}` } })
        if (Endpoint.isNotModified(output)) return [Chunk.empty<A>(), Option.none<Cursor>()] as const
        const rows = output.data as ReadonlyArray<A>
        const emitted = cursor.emitted + rows.length
        const offset = cursor.offset + rows.length
        const more = output.info?.more_records === true && rows.length > 0 && emitted < wanted && offset < maxRows
        return [Chunk.fromIterable(rows), more ? Option.some({ offset, emitted }) : Option.none<Cursor>()] as const
      })
    return wanted <= 0
      ? Stream.empty
      : Stream.paginateChunkEffect<Cursor, A, ZohoError, ZohoClient>({ offset: start, emitted: 0 }, step)
  })).pipe(Stream.withSpan("crm.coql", { attributes: { "zoho.product": "crm" } }))
}
