/**
 * Paginated lists as `Stream`s in constant memory: one page is requested when the previous one
 * has been consumed, items are emitted chunk by chunk and nothing is accumulated.
 *
 * - CRM ({@link crm}): `page`/`per_page` for the first 2,000 records (pages 1–10 at 200), then
 *   `page_token` from `info.next_page_token` (for `CrmPageToken` endpoints), never both in one
 *   request, the other params never changed mid-stream; stops when `info.more_records` is false.
 *   A token the server refuses (`EXPIRED_VALUE` after 24 h, `TOKEN_BOUND_DATA_MISMATCH`,
 *   `PAGINATION_LIMIT_EXCEEDED` at 100,000) fails the stream with the `ZohoApiError`, enriched with
 *   how many records were already emitted: restarting from page 1 would duplicate them.
 * - Finance ({@link finance}): `page`/`per_page` while `page_context.has_more_page`.
 *
 * The stream owns `page`, `per_page` and `page_token`: values for them in the input are replaced.
 *
 * @since 0.1.0
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type { Definition, Endpoint, Input, Success } from "./Endpoint.js"
import { isNotModified } from "./Endpoint.js"
import type { CrmInfo, FinancePageContext } from "./Envelope.js"
import * as internal from "./internal/endpoint.js"
import type { ZohoClient } from "./ZohoClient.js"
import type { ZohoError } from "./ZohoError.js"
import { ZohoApiError, ZohoConfigError, ZohoDecodeError } from "./ZohoError.js"
import type { ParamValue } from "./ZohoRequest.js"

/**
 * Page-number pagination reaches only this many CRM records; past it Zoho answers
 * `DISCRETE_PAGINATION_LIMIT_EXCEEDED` and a `page_token` is required.
 *
 * @category constants
 * @since 0.1.0
 */
export const crmPageNumberLimit = 2000

/**
 * The CRM `per_page` cap (and default).
 *
 * @category constants
 * @since 0.1.0
 */
export const crmMaxPerPage = 200

/**
 * The finance `per_page` default (whether it is also the cap is unconfirmed).
 *
 * @category constants
 * @since 0.1.0
 */
export const financeDefaultPerPage = 200

/**
 * @category models
 * @since 0.1.0
 */
export interface Options {
  /** Records per request. CRM: 1–200, default 200. Finance: default 200. */
  readonly perPage?: number | undefined
  /** Stop after this many records; no page beyond the one that reaches it is requested. */
  readonly maxRecords?: number | undefined
}

/**
 * @category models
 * @since 0.1.0
 */
export interface FinanceOptions<K extends string> extends Options {
  /** The key holding the items (`contacts`, `invoices`); defaults to the endpoint's declared one. */
  readonly listKey?: K | undefined
}

/**
 * The item type of a CRM list endpoint (`data[]`).
 *
 * @category models
 * @since 0.1.0
 */
export type CrmItem<D> = Success<D> extends { readonly data: ReadonlyArray<infer A> } ? A : never

/**
 * The list key an endpoint declares with `financePageContext(key)`.
 *
 * @category models
 * @since 0.1.0
 */
export type FinanceListKey<D> = D extends { readonly pagination: { readonly listKey: infer K extends string } } ? K
  : string

/**
 * The item type under `K` of a finance list endpoint.
 *
 * @category models
 * @since 0.1.0
 */
export type FinanceItem<D, K extends string> = Success<D> extends { readonly [k in K]?: infer L }
  // Zoho's files mark the list key optional: the item type is the array's, `undefined` aside.
  ? Exclude<L, undefined> extends ReadonlyArray<infer A> ? A : never
  : never

/** Pages the CRM codes below refer to a position in the stream that is lost once they happen. */
const crmCursorCodes: ReadonlySet<string | number> = new Set([
  "EXPIRED_VALUE",
  "TOKEN_BOUND_DATA_MISMATCH",
  "PAGINATION_LIMIT_EXCEEDED",
  "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
  "INVALID_DATA"
])

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

const invalidOption = (endpoint: Endpoint<Definition>, message: string, input: string) =>
  new ZohoConfigError({ reason: "InvalidInput", message: `${endpoint.operation}: ${message}`, input })

const checkCount = (
  endpoint: Endpoint<Definition>,
  name: string,
  value: number | undefined,
  fallback: number,
  max: number
): Effect.Effect<number, ZohoConfigError> =>
  value === undefined
    ? Effect.succeed(fallback)
    : Number.isInteger(value) && value >= 1 && value <= max
    ? Effect.succeed(value)
    : Effect.fail(invalidOption(endpoint, `${name} must be an integer from 1 to ${max}, got ${value}`, String(value)))

const checkMax = (endpoint: Endpoint<Definition>, value: number | undefined) =>
  checkCount(endpoint, "maxRecords", value, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY)

const malformed = (endpoint: Endpoint<Definition>, message: string, value: unknown) =>
  new ZohoDecodeError({
    product: endpoint.product.id,
    operation: endpoint.operation,
    status: 200,
    body: JSON.stringify(value) ?? "",
    message
  })

type CrmCursor =
  | { readonly _tag: "Page"; readonly page: number; readonly emitted: number }
  | { readonly _tag: "Token"; readonly token: string; readonly emitted: number }

const describeCursor = (cursor: CrmCursor) => cursor._tag === "Page" ? `page ${cursor.page}` : "a page_token"

/**
 * Every page of a CRM list endpoint, as decoded. See {@link crm} for the rules.
 *
 * @category streams
 * @since 0.1.0
 */
export const crmPages = <D extends Definition>(
  endpoint: Endpoint<D>,
  input: Input<D>,
  options?: Options
): Stream.Stream<Success<D>, ZohoError, ZohoClient> => {
  const self: Endpoint<Definition> = endpoint
  const useTokens = self.pagination._tag === "CrmPageToken"
  return Stream.unwrap(Effect.gen(function*() {
    const perPage = yield* checkCount(self, "perPage", options?.perPage, crmMaxPerPage, crmMaxPerPage)
    const maxRecords = yield* checkMax(self, options?.maxRecords)

    const fetch = (cursor: CrmCursor) => {
      const params: Record<string, ParamValue> = cursor._tag === "Page"
        ? { page: cursor.page, per_page: perPage, page_token: undefined }
        : { page: undefined, per_page: perPage, page_token: cursor.token }
      return internal.run(self, input, params).pipe(
        Effect.mapError((error): ZohoError =>
          error._tag === "ZohoApiError" && crmCursorCodes.has(error.code) && (cursor._tag === "Token" ||
              error.code !== "INVALID_DATA")
            ? new ZohoApiError({
              product: error.product,
              operation: error.operation,
              status: error.status,
              code: error.code,
              message: `${error.message} (while requesting ${
                describeCursor(cursor)
              } after ${cursor.emitted} records; the stream is not restarted because that would repeat them)`,
              details: { zoho: error.details, recordsEmitted: cursor.emitted, cursor: cursor._tag }
            })
            : error
        )
      )
    }

    const step = (
      cursor: CrmCursor
    ): Effect.Effect<readonly [Chunk.Chunk<Success<D>>, Option.Option<CrmCursor>], ZohoError, ZohoClient> =>
      Effect.gen(function*() {
        const output = yield* fetch(cursor)
        if (isNotModified(output)) return [Chunk.empty(), Option.none()] as const
        if (!isRecord(output) || !Array.isArray(output.data)) {
          return yield* Effect.fail(malformed(self, "A CRM list response has no data array", output))
        }
        const info: CrmInfo | undefined = isRecord(output.info) ? output.info : undefined
        const emitted = cursor.emitted + output.data.length
        const page = Chunk.of(output as Success<D>)
        if (info?.more_records !== true || emitted >= maxRecords) return [page, Option.none()] as const
        const nextPage = cursor._tag === "Page" ? cursor.page + 1 : undefined
        if (nextPage !== undefined && (!useTokens || nextPage * perPage <= crmPageNumberLimit)) {
          return [page, Option.some<CrmCursor>({ _tag: "Page", page: nextPage, emitted })] as const
        }
        const token = info.next_page_token
        if (typeof token !== "string" || token === "") {
          return yield* Effect.fail(
            malformed(
              self,
              `info.more_records is true but info.next_page_token is missing after ${emitted} records`,
              info
            )
          )
        }
        if (cursor._tag === "Token" && cursor.token === token) {
          return yield* Effect.fail(malformed(self, "info.next_page_token repeats the token just used", info))
        }
        return [page, Option.some<CrmCursor>({ _tag: "Token", token, emitted })] as const
      })

    return Stream.paginateChunkEffect<CrmCursor, Success<D>, ZohoError, ZohoClient>(
      { _tag: "Page", page: 1, emitted: 0 },
      step
    )
  })).pipe(Stream.withSpan(`zoho.paginate.${self.operation}`, { attributes: { "zoho.product": self.product.id } }))
}

/**
 * The records of a CRM list endpoint, one by one, in constant memory.
 *
 * @example
 * ```ts
 * import { Endpoint, Envelope, Pagination, ZohoProducts } from "@effect-zoho/core"
 * import { Option, Schema, Stream } from "effect"
 *
 * const listLeads = Endpoint.make({
 *   product: ZohoProducts.crm,
 *   operation: "example.leads.list",
 *   method: "GET",
 *   path: "/Leads",
 *   query: Schema.Struct({
 *     fields: Schema.String,
 *     page: Schema.optional(Schema.Int),
 *     page_token: Schema.optional(Schema.String),
 *     per_page: Schema.optional(Schema.Int)
 *   }),
 *   response: Envelope.CrmList(Schema.Struct({ id: Schema.String, Email: Schema.NullOr(Schema.String) })),
 *   pagination: Endpoint.crmPageToken
 * })
 *
 * // Past 2,000 records CRM wants page_token instead of page; the stream switches by itself,
 * // and only one page is in memory at a time.
 * export const emails = Pagination.crm(listLeads, { query: { fields: "Email" } }).pipe(
 *   Stream.filterMap((lead) => Option.fromNullable(lead.Email))
 * )
 * ```
 *
 * @category streams
 * @since 0.1.0
 */
export const crm = <D extends Definition>(
  endpoint: Endpoint<D>,
  input: Input<D>,
  options?: Options
): Stream.Stream<CrmItem<D>, ZohoError, ZohoClient> => {
  const items = crmPages(endpoint, input, options).pipe(
    Stream.mapConcat((page) => (page as { readonly data: ReadonlyArray<CrmItem<D>> }).data)
  )
  return limited(items, options?.maxRecords)
}

/**
 * Every page of a finance list endpoint, as decoded. See {@link finance} for the rules.
 *
 * @category streams
 * @since 0.1.0
 */
export const financePages = <D extends Definition, K extends string = FinanceListKey<D>>(
  endpoint: Endpoint<D>,
  input: Input<D>,
  options?: FinanceOptions<K>
): Stream.Stream<Success<D>, ZohoError, ZohoClient> => {
  const self: Endpoint<Definition> = endpoint
  return Stream.unwrap(Effect.gen(function*() {
    const listKey = yield* resolveListKey(self, options?.listKey)
    const perPage = yield* checkCount(
      self,
      "perPage",
      options?.perPage,
      financeDefaultPerPage,
      Number.POSITIVE_INFINITY
    )
    const maxRecords = yield* checkMax(self, options?.maxRecords)

    interface Cursor {
      readonly page: number
      readonly emitted: number
    }
    const step = (
      cursor: Cursor
    ): Effect.Effect<readonly [Chunk.Chunk<Success<D>>, Option.Option<Cursor>], ZohoError, ZohoClient> =>
      Effect.gen(function*() {
        const output = yield* internal.run(self, input, { page: cursor.page, per_page: perPage })
        if (isNotModified(output)) return [Chunk.empty(), Option.none()] as const
        const items = isRecord(output) ? output[listKey] : undefined
        if (!isRecord(output) || !Array.isArray(items)) {
          return yield* Effect.fail(malformed(self, `A finance list response has no "${listKey}" array`, output))
        }
        const context: FinancePageContext | undefined = isRecord(output.page_context)
          ? output.page_context as FinancePageContext
          : undefined
        const emitted = cursor.emitted + items.length
        const page = Chunk.of(output as Success<D>)
        return context?.has_more_page === true && emitted < maxRecords
          ? [page, Option.some({ page: cursor.page + 1, emitted })] as const
          : [page, Option.none()] as const
      })

    return Stream.paginateChunkEffect<Cursor, Success<D>, ZohoError, ZohoClient>({ page: 1, emitted: 0 }, step)
  })).pipe(Stream.withSpan(`zoho.paginate.${self.operation}`, { attributes: { "zoho.product": self.product.id } }))
}

/**
 * The items of a finance list endpoint, one by one, in constant memory.
 *
 * @example
 * ```ts
 * import { Endpoint, Envelope, Pagination, ZohoProducts } from "@effect-zoho/core"
 * import { Schema, Stream } from "effect"
 *
 * const listItems = Endpoint.make({
 *   product: ZohoProducts.inventory,
 *   operation: "example.items.list",
 *   method: "GET",
 *   path: "/items",
 *   query: Schema.Struct({ page: Schema.optional(Schema.Int), per_page: Schema.optional(Schema.Int) }),
 *   response: Envelope.FinanceList("items", Schema.Struct({ item_id: Schema.String, name: Schema.String })),
 *   pagination: Endpoint.financePageContext("items")
 * })
 *
 * // Pages follow page_context.has_more_page; stop early with maxRecords.
 * export const firstNames = Pagination.finance(listItems, {}, { perPage: 200, maxRecords: 500 }).pipe(
 *   Stream.map((item) => item.name),
 *   Stream.runCollect
 * )
 * ```
 *
 * @category streams
 * @since 0.1.0
 */
export const finance = <D extends Definition, K extends string = FinanceListKey<D>>(
  endpoint: Endpoint<D>,
  input: Input<D>,
  options?: FinanceOptions<K>
): Stream.Stream<FinanceItem<D, K>, ZohoError, ZohoClient> => {
  const self: Endpoint<Definition> = endpoint
  const items = Stream.unwrap(
    Effect.map(resolveListKey(self, options?.listKey), (listKey) =>
      financePages(endpoint, input, options).pipe(
        Stream.mapConcat((page) => (page as Readonly<Record<string, ReadonlyArray<FinanceItem<D, K>>>>)[listKey])
      ))
  )
  return limited(items, options?.maxRecords)
}

const resolveListKey = (
  endpoint: Endpoint<Definition>,
  listKey: string | undefined
): Effect.Effect<string, ZohoConfigError> => {
  if (listKey !== undefined) return Effect.succeed(listKey)
  if (endpoint.pagination._tag === "FinancePageContext") return Effect.succeed(endpoint.pagination.listKey)
  return Effect.fail(
    invalidOption(endpoint, "a finance list needs a listKey (option or financePageContext(listKey))", "listKey")
  )
}

const limited = <A, E, R>(stream: Stream.Stream<A, E, R>, maxRecords: number | undefined) =>
  // An invalid maxRecords is left to the page stream, which fails with a ZohoConfigError.
  maxRecords !== undefined && Number.isInteger(maxRecords) && maxRecords >= 1 ? Stream.take(stream, maxRecords) : stream
