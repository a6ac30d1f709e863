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

/** One page as the pager reads it: the decoded answer (none for a 304), its items, what comes next. */
interface Fetched<C> {
  readonly page: unknown
  readonly items: ReadonlyArray<unknown>
  readonly next: Option.Option<C>
}

/** The limits of one stream, checked when it is first pulled. */
interface Limits {
  readonly perPage: number
  readonly maxRecords: number
}

/**
 * The one stream every list is built on: `limits` checked on the first pull, then `fetch` page by
 * page, each page's chunk (`emit`) emitted as it arrives, inside one `zoho.paginate.*` span. One
 * stream stage, not a chain: an unwrap, a page stream, a flatten and a take each cost a channel
 * per list call, which on a one-page list was more than the client's own work.
 */
const pager = <C extends { readonly emitted: number }, A>(
  endpoint: Endpoint<Definition>,
  limits: Effect.Effect<Limits, ZohoConfigError>,
  first: C,
  fetch: (limits: Limits, cursor: C) => Effect.Effect<Fetched<C>, ZohoError, ZohoClient>,
  emit: (fetched: Fetched<C>, cursor: C, limits: Limits) => ReadonlyArray<A>
): Stream.Stream<A, ZohoError, ZohoClient> =>
  Stream.paginateChunkEffect<
    readonly [Limits, C] | undefined,
    A,
    ZohoError,
    ZohoClient
  >(undefined, (state) =>
    Effect.flatMap(
      state === undefined
        ? Effect.map(limits, (l) => [l, first] as const)
        : Effect.succeed(state),
      ([l, cursor]) =>
        Effect.map(fetch(l, cursor), (fetched) =>
          [
            Chunk.unsafeFromArray(emit(fetched, cursor, l)),
            Option.map(fetched.next, (next) => [l, next] as const)
          ] as const)
    )).pipe(
      Stream.withSpan(`zoho.paginate.${endpoint.operation}`, {
        attributes: { "zoho.product": endpoint.product.id },
        captureStackTrace: false
      })
    )

/** The decoded page itself, as one element (a 304 emits nothing). */
const wholePage = <C>(fetched: Fetched<C>): ReadonlyArray<unknown> => fetched.page === undefined ? [] : [fetched.page]

/** The page's items, cut at `maxRecords`. */
const itemsUpTo = <C extends { readonly emitted: number }>(
  fetched: Fetched<C>,
  cursor: C,
  limits: Limits
): ReadonlyArray<unknown> => {
  const room = limits.maxRecords - cursor.emitted
  return fetched.items.length > room ? fetched.items.slice(0, room) : fetched.items
}

const crmLimits = (endpoint: Endpoint<Definition>, options: Options | undefined) =>
  Effect.zipWith(
    checkCount(endpoint, "perPage", options?.perPage, crmMaxPerPage, crmMaxPerPage),
    checkMax(endpoint, options?.maxRecords),
    (perPage, maxRecords): Limits => ({ perPage, maxRecords })
  )

/** One CRM page and the cursor after it (the rules are {@link crm}'s). */
const crmFetch = (endpoint: Endpoint<Definition>, input: unknown) => {
  const useTokens = endpoint.pagination._tag === "CrmPageToken"
  return (limits: Limits, cursor: CrmCursor): Effect.Effect<Fetched<CrmCursor>, ZohoError, ZohoClient> => {
    const { maxRecords, perPage } = limits
    const params: Record<string, ParamValue> = cursor._tag === "Page"
      ? { page: cursor.page, per_page: perPage, page_token: undefined }
      : { page: undefined, per_page: perPage, page_token: cursor.token }
    const fetched = internal.run(endpoint, input, params).pipe(
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
    return Effect.flatMap(fetched, (output): Effect.Effect<Fetched<CrmCursor>, ZohoError> => {
      if (isNotModified(output)) return Effect.succeed({ page: undefined, items: [], next: Option.none() })
      if (!isRecord(output) || !Array.isArray(output.data)) {
        return Effect.fail(malformed(endpoint, "A CRM list response has no data array", output))
      }
      const items: ReadonlyArray<unknown> = output.data
      const info: CrmInfo | undefined = isRecord(output.info) ? output.info : undefined
      const emitted = cursor.emitted + items.length
      const done = (next: Option.Option<CrmCursor>) => Effect.succeed({ page: output, items, next })
      if (info?.more_records !== true || emitted >= maxRecords) return done(Option.none())
      const nextPage = cursor._tag === "Page" ? cursor.page + 1 : undefined
      if (nextPage !== undefined && (!useTokens || nextPage * perPage <= crmPageNumberLimit)) {
        return done(Option.some({ _tag: "Page", page: nextPage, emitted }))
      }
      const token = info.next_page_token
      if (typeof token !== "string" || token === "") {
        return Effect.fail(
          malformed(
            endpoint,
            `info.more_records is true but info.next_page_token is missing after ${emitted} records`,
            info
          )
        )
      }
      if (cursor._tag === "Token" && cursor.token === token) {
        return Effect.fail(malformed(endpoint, "info.next_page_token repeats the token just used", info))
      }
      return done(Option.some({ _tag: "Token", token, emitted }))
    })
  }
}

const crmStart: CrmCursor = { _tag: "Page", page: 1, emitted: 0 }

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
  return pager(self, crmLimits(self, options), crmStart, crmFetch(self, input), wholePage) as Stream.Stream<
    Success<D>,
    ZohoError,
    ZohoClient
  >
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
  const self: Endpoint<Definition> = endpoint
  return pager(self, crmLimits(self, options), crmStart, crmFetch(self, input), itemsUpTo) as Stream.Stream<
    CrmItem<D>,
    ZohoError,
    ZohoClient
  >
}

interface FinanceCursor {
  readonly page: number
  readonly emitted: number
}

const financeStart: FinanceCursor = { page: 1, emitted: 0 }

interface FinanceLimits extends Limits {
  readonly listKey: string
}

const financeLimits = (endpoint: Endpoint<Definition>, options: FinanceOptions<string> | undefined) =>
  Effect.all({
    listKey: resolveListKey(endpoint, options?.listKey),
    perPage: checkCount(endpoint, "perPage", options?.perPage, financeDefaultPerPage, Number.POSITIVE_INFINITY),
    maxRecords: checkMax(endpoint, options?.maxRecords)
  })

/** One finance page and the page after it, while `page_context.has_more_page`. */
const financeFetch = (endpoint: Endpoint<Definition>, input: unknown) =>
(
  limits: Limits,
  cursor: FinanceCursor
): Effect.Effect<Fetched<FinanceCursor>, ZohoError, ZohoClient> => {
  const { listKey } = limits as FinanceLimits
  return Effect.flatMap(
    internal.run(endpoint, input, { page: cursor.page, per_page: limits.perPage }),
    (output): Effect.Effect<Fetched<FinanceCursor>, ZohoError> => {
      if (isNotModified(output)) return Effect.succeed({ page: undefined, items: [], next: Option.none() })
      const items = isRecord(output) ? output[listKey] : undefined
      if (!isRecord(output) || !Array.isArray(items)) {
        return Effect.fail(malformed(endpoint, `A finance list response has no "${listKey}" array`, output))
      }
      const context: FinancePageContext | undefined = isRecord(output.page_context)
        ? output.page_context as FinancePageContext
        : undefined
      const emitted = cursor.emitted + items.length
      return Effect.succeed({
        page: output,
        items,
        next: context?.has_more_page === true && emitted < limits.maxRecords
          ? Option.some({ page: cursor.page + 1, emitted })
          : Option.none()
      })
    }
  )
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
  return pager(self, financeLimits(self, options), financeStart, financeFetch(self, input), wholePage) as Stream.Stream<
    Success<D>,
    ZohoError,
    ZohoClient
  >
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
  return pager(self, financeLimits(self, options), financeStart, financeFetch(self, input), itemsUpTo) as Stream.Stream<
    FinanceItem<D, K>,
    ZohoError,
    ZohoClient
  >
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
