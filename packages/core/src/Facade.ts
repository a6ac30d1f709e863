/**
 * The pieces a product facade is made of: one function per operation, shaped for how the
 * operation is used instead of the endpoint's raw `{ path, query, body, headers }` input.
 *
 * - {@link list}: a paginated list as a `Stream` of its items (filters are the query without the
 *   params the stream owns: `page`, `per_page`, `page_token`).
 * - {@link get}, {@link create}, {@link update}: the record itself, taken out of the envelope
 *   (`{ code, message, invoice }` → the invoice); an envelope without it is a `ZohoDecodeError`.
 * - {@link remove}: `void` once Zoho confirms.
 * - {@link action}: the id first where the path has one placeholder (`void(invoiceId)`), the full
 *   input otherwise; the decoded answer as is.
 *
 * Every function sends through the endpoint, so checks (path segments, body Schemas, the org id),
 * spans, throttling and retries are the endpoint's. Product facades are generated from these by
 * `@effect-zoho/codegen`, so the same module reads the same in every product.
 *
 * @example
 * ```ts
 * import * as Endpoint from "@effect-zoho/core/Endpoint"
 * import * as Facade from "@effect-zoho/core/Facade"
 * import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
 * import { Schema } from "effect"
 *
 * const Contact = Schema.Struct({ contact_id: Schema.String, contact_name: Schema.String })
 * const getContact = Endpoint.make({
 *   product: ZohoProducts.books,
 *   operation: "example.contacts.get",
 *   method: "GET",
 *   path: "/contacts/{contact_id}",
 *   pathParams: Schema.Struct({ contact_id: Schema.String }),
 *   response: Schema.Struct({ code: Schema.Number, contact: Schema.optional(Contact) })
 * })
 * const get = Facade.get(getContact, "contact")
 * // get("460000000026049"): Effect<{ contact_id: string; contact_name: string }, ZohoError, ZohoClient>
 * ```
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type { Body, Definition, Endpoint, Input, InputArgs, Output, Query, Success } from "./Endpoint.js"
import { isNotModified } from "./Endpoint.js"
import * as internal from "./internal/endpoint.js"
import * as Pagination from "./Pagination.js"
import type { ZohoClient } from "./ZohoClient.js"
import type { ZohoError } from "./ZohoError.js"
import { ZohoConfigError, ZohoDecodeError } from "./ZohoError.js"

type Simplify<A> = { [K in keyof A]: A[K] } extends infer B ? B : never

/**
 * The argument list for an input object: optional when nothing in it is required.
 *
 * @category models
 * @since 0.1.0
 */
export type OptionalArgs<R> = {} extends R ? [rest?: R] : [rest: R]

/** Whether an endpoint declares path params. */
type HasPath<D> = D extends { readonly pathParams: Schema.Schema.AnyNoContext } ? true : false

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never
type IsSingle<K> = [K] extends [never] ? false : [K] extends [UnionToIntersection<K>] ? true : false

/**
 * Whether the endpoint's path has exactly one placeholder (the record's id).
 *
 * @category models
 * @since 0.1.0
 */
export type HasOneId<D> = HasPath<D> extends true ? IsSingle<keyof Schema.Schema.Type<PathSchema<D>>> : false

type PathSchema<D> = D extends { readonly pathParams: infer S extends Schema.Schema.AnyNoContext } ? S : never

/**
 * The input besides the id (`query`, `body`, `headers`).
 *
 * @category models
 * @since 0.1.0
 */
export type Rest<D> = Simplify<Omit<Input<D>, "path">>

/**
 * The input besides the id and the body.
 *
 * @category models
 * @since 0.1.0
 */
export type Options<D> = Simplify<Omit<Input<D>, "path" | "body">>

/**
 * The list filters: the query without the params a paging stream owns, plus the path params of a
 * list under a parent record (`contact_id` for a contact's persons).
 *
 * @category models
 * @since 0.1.0
 */
export type Filters<D> = Simplify<
  & ([Query<D>] extends [never] ? {} : Omit<Query<D>, "page" | "per_page" | "page_token">)
  & (HasPath<D> extends true ? Schema.Schema.Type<PathSchema<D>> : {})
>

/** Filters are optional unless the list sits under a parent record. */
type FilterArgs<D> = {} extends Filters<D> ? [filters?: Filters<D>, options?: Pagination.Options]
  : [filters: Filters<D>, options?: Pagination.Options]

/**
 * The record under `K` in an endpoint's answer.
 *
 * @category models
 * @since 0.1.0
 */
export type Item<D, K extends string> = Success<D> extends { readonly [k in K]?: infer A } ? Exclude<A, undefined>
  : never

/**
 * A function of a record's id (and the rest of the input).
 *
 * @category models
 * @since 0.1.0
 */
export type ById<D, A> = (id: string, ...rest: OptionalArgs<Rest<D>>) => Effect.Effect<A, ZohoError, ZohoClient>

/**
 * What {@link action} makes of an endpoint.
 *
 * @category models
 * @since 0.1.0
 */
export type Action<D> = HasOneId<D> extends true ? ById<D, Output<D>>
  : (...args: InputArgs<D>) => Effect.Effect<Output<D>, ZohoError, ZohoClient>

/**
 * What {@link list} makes of an endpoint.
 *
 * @category models
 * @since 0.1.0
 */
export type List<D, K extends string> = (
  ...args: FilterArgs<D>
) => Stream.Stream<Pagination.FinanceItem<D, K>, ZohoError, ZohoClient>

const placeholders = (endpoint: Endpoint<Definition>): ReadonlyArray<string> =>
  [...endpoint.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!)

/** The name of the one path placeholder, checked when the facade is built (a generator bug otherwise). */
const idName = (endpoint: Endpoint<Definition>): string => {
  const names = placeholders(endpoint)
  if (names.length !== 1) {
    throw new Error(`${endpoint.operation}: ${endpoint.path} has ${names.length} placeholders, a by-id call needs one`)
  }
  return names[0]!
}

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

const withId = (
  endpoint: Endpoint<Definition>,
  name: string,
  id: string,
  rest: object | undefined
): Effect.Effect<object, ZohoConfigError> =>
  typeof id === "string"
    ? Effect.succeed({ ...rest, path: { [name]: id } })
    : Effect.fail(
      new ZohoConfigError({
        reason: "InvalidInput",
        message: `${endpoint.operation}: the id (${name}) must be a string, got ${typeof id}`,
        input: name
      })
    )

const unwrap =
  (endpoint: Endpoint<Definition>, key: string) => (output: unknown): Effect.Effect<unknown, ZohoDecodeError> =>
    isRecord(output) && output[key] !== undefined && output[key] !== null
      ? Effect.succeed(output[key])
      : Effect.fail(
        new ZohoDecodeError({
          product: endpoint.product.id,
          operation: endpoint.operation,
          status: 200,
          body: isNotModified(output) ? "304 Not Modified" : JSON.stringify(output) ?? "",
          message: `${endpoint.operation}: the answer has no "${key}"`
        })
      )

/**
 * A finance list endpoint (`financePageContext`) as a function of its filters, streaming the
 * items of every page (see `Pagination.finance`).
 *
 * @example
 * ```ts
 * import { Endpoint, Envelope, Facade, ZohoProducts } from "@effect-zoho/core"
 * import { Effect, Schema, Stream } from "effect"
 *
 * const Invoice = Schema.Struct({ invoice_id: Schema.String, total: Schema.Number })
 * const listInvoices = Endpoint.make({
 *   product: ZohoProducts.books,
 *   operation: "example.invoices.list",
 *   method: "GET",
 *   path: "/invoices",
 *   query: Schema.Struct({
 *     status: Schema.optional(Schema.String),
 *     page: Schema.optional(Schema.Int),
 *     per_page: Schema.optional(Schema.Int)
 *   }),
 *   response: Envelope.FinanceList("invoices", Invoice),
 *   pagination: Endpoint.financePageContext("invoices")
 * })
 *
 * // `page` and `per_page` belong to the stream; the filters are the rest of the query.
 * const invoices = Facade.list(listInvoices)
 * export const overdueTotal = invoices({ status: "overdue" }).pipe(
 *   Stream.runFold(0, (sum, invoice) => sum + invoice.total),
 *   Effect.withSpan("overdue-total")
 * )
 * ```
 *
 * @category facades
 * @since 0.1.0
 */
export const list = <D extends Definition, K extends string = Pagination.FinanceListKey<D>>(
  endpoint: Endpoint<D>
): List<D, K> => {
  const names = new Set(placeholders(endpoint))
  return ((filters?: Readonly<Record<string, unknown>>, options?: Pagination.Options) => {
    const query: Record<string, unknown> = {}
    const path: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(filters ?? {})) (names.has(key) ? path : query)[key] = value
    const input = names.size === 0 ? { query } : { query, path }
    return Pagination.finance<D, K>(endpoint, input as unknown as Input<D>, options)
  }) as List<D, K>
}

/**
 * Read one record by id: the record under `key` (`"contact"`) of the answer.
 *
 * @example
 * ```ts
 * import { Endpoint, Facade, ZohoProducts } from "@effect-zoho/core"
 * import { Effect, Option, Schema } from "effect"
 *
 * const Contact = Schema.Struct({ contact_id: Schema.String, contact_name: Schema.String })
 * const getContact = Endpoint.make({
 *   product: ZohoProducts.books,
 *   operation: "example.contacts.get",
 *   method: "GET",
 *   path: "/contacts/{contact_id}",
 *   pathParams: Schema.Struct({ contact_id: Schema.String }),
 *   response: Schema.Struct({ code: Schema.Number, contact: Schema.optional(Contact) })
 * })
 *
 * // The path has one placeholder, so the function takes the id first.
 * const get = Facade.get(getContact, "contact")
 * export const name = (id: string) =>
 *   get(id).pipe(
 *     Effect.map((contact) => Option.some(contact.contact_name)),
 *     // A deleted contact is an answer here, not a failure.
 *     Effect.catchIf((error) => error._tag === "ZohoApiError" && error.status === 404, () => Effect.succeedNone)
 *   )
 * ```
 *
 * @category facades
 * @since 0.1.0
 */
export const get = <D extends Definition, const K extends string>(
  endpoint: Endpoint<D>,
  key: K
): ById<D, Item<D, K>> => {
  const self: Endpoint<Definition> = endpoint
  const name = idName(self)
  return ((id: string, rest?: object) =>
    withId(self, name, id, rest).pipe(
      Effect.flatMap((input) => internal.run(self, input, undefined)),
      Effect.flatMap(unwrap(self, key))
    )) as unknown as ById<D, Item<D, K>>
}

/**
 * Create one record from its body; the created record under `key` is returned.
 *
 * @example
 * ```ts
 * import { Endpoint, Facade, ZohoProducts } from "@effect-zoho/core"
 * import { Schema } from "effect"
 *
 * const Contact = Schema.Struct({ contact_id: Schema.String, contact_name: Schema.String })
 * const createContact = Endpoint.make({
 *   product: ZohoProducts.books,
 *   operation: "example.contacts.create",
 *   method: "POST",
 *   path: "/contacts",
 *   body: Schema.Struct({ contact_name: Schema.String }),
 *   response: Schema.Struct({ code: Schema.Number, contact: Schema.optional(Contact) })
 * })
 *
 * // The answer's envelope is dropped: the effect succeeds with the created contact itself.
 * const create = Facade.create(createContact, "contact")
 * export const created = create({ contact_name: "Acme Ltd" })
 * ```
 *
 * @category facades
 * @since 0.1.0
 */
export const create = <D extends Definition, const K extends string>(
  endpoint: Endpoint<D>,
  key: K
): (body: Body<D>, ...options: OptionalArgs<Options<D>>) => Effect.Effect<Item<D, K>, ZohoError, ZohoClient> => {
  const self: Endpoint<Definition> = endpoint
  return ((body: unknown, options?: object) =>
    internal.run(self, { ...options, body }, undefined).pipe(Effect.flatMap(unwrap(self, key)))) as unknown as (
      body: Body<D>,
      ...options: OptionalArgs<Options<D>>
    ) => Effect.Effect<Item<D, K>, ZohoError, ZohoClient>
}

/**
 * Update one record by id with a body; the updated record under `key` is returned.
 *
 * @category facades
 * @since 0.1.0
 */
export const update = <D extends Definition, const K extends string>(
  endpoint: Endpoint<D>,
  key: K
): (
  id: string,
  body: Body<D>,
  ...options: OptionalArgs<Options<D>>
) => Effect.Effect<Item<D, K>, ZohoError, ZohoClient> => {
  const self: Endpoint<Definition> = endpoint
  const name = idName(self)
  return ((id: string, body: unknown, options?: object) =>
    withId(self, name, id, { ...options, body }).pipe(
      Effect.flatMap((input) => internal.run(self, input, undefined)),
      Effect.flatMap(unwrap(self, key))
    )) as unknown as (
      id: string,
      body: Body<D>,
      ...options: OptionalArgs<Options<D>>
    ) => Effect.Effect<Item<D, K>, ZohoError, ZohoClient>
}

/**
 * Delete one record by id; succeeds with `void` once Zoho confirms.
 *
 * @category facades
 * @since 0.1.0
 */
export const remove = <D extends Definition>(endpoint: Endpoint<D>): ById<D, void> => {
  const self: Endpoint<Definition> = endpoint
  const name = idName(self)
  return ((id: string, rest?: object) =>
    withId(self, name, id, rest).pipe(
      Effect.flatMap((input) => internal.run(self, input, undefined)),
      Effect.asVoid
    )) as unknown as ById<D, void>
}

/**
 * Any other operation: by id when its path has one placeholder, with the endpoint's input
 * otherwise; the decoded answer as is.
 *
 * @category facades
 * @since 0.1.0
 */
export const action = <D extends Definition>(endpoint: Endpoint<D>): Action<D> => {
  const self: Endpoint<Definition> = endpoint
  const names = placeholders(self)
  if (names.length === 1) {
    const name = names[0]!
    return ((id: string, rest?: object) =>
      withId(self, name, id, rest).pipe(Effect.flatMap((input) => internal.run(self, input, undefined)))) as Action<
        D
      >
  }
  return ((input?: object) => internal.run(self, input ?? {}, undefined)) as unknown as Action<D>
}

/**
 * The raw success type of a facade function, for annotations.
 *
 * @category models
 * @since 0.1.0
 */
export type SuccessOf<F> = F extends (...args: ReadonlyArray<never>) => Effect.Effect<infer A, infer _E, infer _R> ? A
  : F extends (...args: ReadonlyArray<never>) => Stream.Stream<infer A, infer _E, infer _R> ? A
  : never
