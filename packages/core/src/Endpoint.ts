/**
 * Endpoints as data, turned into typed functions.
 *
 * An endpoint declares its product, a stable operation name, method, path template, the Schemas
 * of its path params, query, body, headers and success payload, its pagination style and whether
 * it is safe to replay. {@link call} turns it into
 * `(input) => Effect<Output, ZohoError, ZohoClient>`:
 *
 * - path params are encoded with their Schema, checked (missing, empty, `.`/`..`, a `/` or `\`,
 *   also percent-encoded, a control character) and URI-encoded; a bad one fails with
 *   `ZohoConfigError` `InvalidInput` before any network call (no token is fetched);
 * - bodies are JSON, form, `JSONString`, multipart or raw bytes, and answers an envelope or a
 *   file, buffered or streamed, per endpoint (see `ZohoTransfer`);
 * - query, body and headers are ENCODED with their Schemas, so callers pass typed values;
 * - the body is checked against the product's envelope (see `Envelope`) and the success payload
 *   decoded with the response Schema, keeping unknown fields;
 * - HTTP 204 (and a 2xx with an empty body) yields the endpoint's `empty` value; without one, list
 *   endpoints get an empty page decoded through the response Schema (`{ data: [] }` for CRM
 *   pagination, `{ code: 0, message: "", <listKey>: [] }` for finance) and every other endpoint gets `undefined` decoded through it (so `Schema.Void` works); if that
 *   does not decode, the 204 is a `ZohoDecodeError`;
 * - HTTP 304 yields a {@link NotModified} value for endpoints declaring `notModified: true`
 *   (CRM `If-Modified-Since`), otherwise a `ZohoApiError` with code `NOT_MODIFIED`;
 * - each call runs in the span `zoho.endpoint.<operation>`, and an `OAUTH_SCOPE_MISMATCH` gets the
 *   endpoint's `scopes` as `requiredScopes`.
 *
 * @example
 * ```ts
 * import { Endpoint, Envelope, ZohoProducts } from "@effect-zoho/core"
 * import { Schema } from "effect"
 *
 * const Lead = Schema.Struct({ id: Schema.String, Last_Name: Schema.String })
 * const listRecords = Endpoint.make({
 *   product: ZohoProducts.crm,
 *   operation: "crm.records.list",
 *   method: "GET",
 *   path: "/{module}",
 *   pathParams: Schema.Struct({ module: Schema.String }),
 *   query: Schema.Struct({ fields: Schema.Array(Schema.String), page: Schema.optional(Schema.Number) }),
 *   response: Envelope.CrmList(Lead),
 *   pagination: Endpoint.crmPageToken
 * })
 * const list = Endpoint.call(listRecords)
 * // An Effect: nothing is sent until it runs, and every run sends a new request.
 * export const firstPage = list({ path: { module: "Leads" }, query: { fields: ["Last_Name"] } })
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Data from "effect/Data"
import type * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import * as internal from "./internal/endpoint.js"
import * as ZohoTransfer from "./internal/transfer.js"
import type { ZohoClient } from "./ZohoClient.js"
import type { ZohoError } from "./ZohoError.js"
import type { ZohoProduct } from "./ZohoProduct.js"
import type { Method, ZohoRequest } from "./ZohoRequest.js"

/**
 * @category symbols
 * @since 0.1.0
 */
export const TypeId: unique symbol = Symbol.for("@effect-zoho/core/Endpoint")
/**
 * @category symbols
 * @since 0.1.0
 */
export type TypeId = typeof TypeId

/**
 * How a list endpoint pages:
 * - `None`: not paginated;
 * - `CrmPage`: `page`/`per_page` only (search: at most 2,000 records, the server says when to stop);
 * - `CrmPageToken`: `page`/`per_page` for the first 2,000 records, then `page_token`;
 * - `FinancePageContext`: `page`/`per_page` while `page_context.has_more_page`, items under `listKey`.
 *
 * @category models
 * @since 0.1.0
 */
export type PaginationStyle =
  | { readonly _tag: "None" }
  | { readonly _tag: "CrmPage" }
  | { readonly _tag: "CrmPageToken" }
  | { readonly _tag: "FinancePageContext"; readonly listKey: string }

/**
 * @category pagination
 * @since 0.1.0
 */
export const noPagination: { readonly _tag: "None" } = { _tag: "None" }
/**
 * @category pagination
 * @since 0.1.0
 */
export const crmPage: { readonly _tag: "CrmPage" } = { _tag: "CrmPage" }
/**
 * @category pagination
 * @since 0.1.0
 */
export const crmPageToken: { readonly _tag: "CrmPageToken" } = { _tag: "CrmPageToken" }
/**
 * @category pagination
 * @since 0.1.0
 */
export const financePageContext = <const K extends string>(
  listKey: K
): { readonly _tag: "FinancePageContext"; readonly listKey: K } => ({ _tag: "FinancePageContext", listKey })

/**
 * @category models
 * @since 0.1.0
 */
export type BodyEncoding = "json" | "form" | "JSONString" | "multipart" | "bytes"

/**
 * What an endpoint declaration may contain. Schemas must not need services (`R = never`).
 *
 * @category models
 * @since 0.1.0
 */
export interface Definition {
  /** The product's descriptor (`ZohoProducts.crm`, or one made with `ZohoProduct.make`). */
  readonly product: ZohoProduct
  /** Stable name for spans, logs and errors, e.g. `crm.records.list`. */
  readonly operation: string
  readonly method: Method
  /** Below the product base path, with `{name}` placeholders, e.g. `/{module}/{id}`. */
  readonly path: string
  readonly pathParams?: Schema.Schema.AnyNoContext
  readonly query?: Schema.Schema.AnyNoContext
  readonly body?: Schema.Schema.AnyNoContext
  readonly headers?: Schema.Schema.AnyNoContext
  /** The success payload (the whole body, envelope included). */
  readonly response: Schema.Schema.AnyNoContext
  /** The value for HTTP 204 / an empty 2xx body (type-checked against `response`). */
  readonly empty?: unknown
  /** Whether HTTP 304 is an expected answer (`If-Modified-Since`), returned as `NotModified`. */
  readonly notModified?: boolean
  readonly pagination?: PaginationStyle
  /** Defaults to true for GET/PUT/DELETE and false for POST/PATCH; search and COQL POSTs can say true. */
  readonly idempotent?: boolean
  /** CRM "complex" APIs share a lower concurrency limit. */
  readonly complex?: boolean
  readonly host?: "api" | "upload"
  /** Overrides the product base path (CRM bulk: `/crm/bulk/v8`). */
  readonly basePath?: string
  /**
   * How the body is sent (see `ZohoTransfer`): `json` (default); `form` (URL-encoded fields);
   * the finance family's `JSONString` form field; `multipart` (text fields, and `ZohoTransfer.File`
   * fields as file parts); `bytes` (the body is one `ZohoTransfer.File`, sent raw).
   */
  readonly bodyEncoding?: BodyEncoding
  /** OAuth scopes the operation needs; reported on `OAUTH_SCOPE_MISMATCH`. */
  readonly scopes?: ReadonlyArray<string>
  /** A documentation URL. */
  readonly docs?: string
}

/**
 * A declared endpoint: the definition as written (`definition`, for its Schemas and types) plus
 * every option resolved to its default.
 *
 * @category models
 * @since 0.1.0
 */
export interface Endpoint<D extends Definition = Definition> {
  readonly [TypeId]: TypeId
  readonly definition: D
  readonly product: ZohoProduct
  readonly operation: string
  readonly method: Method
  readonly path: string
  readonly pagination: PaginationStyle
  readonly idempotent: boolean
  readonly complex: boolean
  readonly host: "api" | "upload"
  readonly basePath: string | undefined
  readonly bodyEncoding: BodyEncoding
  /**
   * From the response Schema: `stream` for `ZohoTransfer.Streamed` (sent with `bufferBody: false`,
   * the permit held until the stream is consumed), `bytes` for `ZohoTransfer.Buffered`,
   * otherwise `envelope`.
   */
  readonly responseKind: ZohoTransfer.ResponseKind
  readonly notModified: boolean
  readonly scopes: ReadonlyArray<string>
  readonly docs: string | undefined
}

/**
 * Returned for HTTP 304 by endpoints declaring `notModified: true`.
 *
 * @category models
 * @since 0.1.0
 */
export class NotModified extends Data.TaggedClass("NotModified")<{ readonly operation: string }> {}

/**
 * @category guards
 * @since 0.1.0
 */
export const isNotModified = (u: unknown): u is NotModified => u instanceof NotModified

type TypeOf<D, K extends string> = D extends { readonly [k in K]: infer S extends Schema.Schema.AnyNoContext }
  ? Schema.Schema.Type<S>
  : never

/**
 * The decoded path params of an endpoint (`never` when it has none).
 *
 * @category models
 * @since 0.1.0
 */
export type PathParams<D> = TypeOf<D, "pathParams">
/**
 * @category models
 * @since 0.1.0
 */
export type Query<D> = TypeOf<D, "query">
/**
 * @category models
 * @since 0.1.0
 */
export type Body<D> = TypeOf<D, "body">
/**
 * @category models
 * @since 0.1.0
 */
export type Headers<D> = TypeOf<D, "headers">
/**
 * The decoded success payload.
 *
 * @category models
 * @since 0.1.0
 */
export type Success<D> = TypeOf<D, "response">
/**
 * What a call returns: the payload, or `NotModified` where declared.
 *
 * @category models
 * @since 0.1.0
 */
export type Output<D> = D extends { readonly notModified: true } ? Success<D> | NotModified : Success<D>

type Simplify<A> = { [K in keyof A]: A[K] } extends infer B ? B : never

type Field<K extends string, A> = [A] extends [never] ? {}
  : {} extends A ? { readonly [k in K]?: A }
  : { readonly [k in K]: A }

/**
 * The input of a call: `path`, `query`, `body` and `headers` exist only where the endpoint
 * declares them, and are optional when every field inside is.
 *
 * @category models
 * @since 0.1.0
 */
export type Input<D> = Simplify<
  & Field<"path", PathParams<D>>
  & Field<"query", Query<D>>
  & Field<"body", Body<D>>
  & Field<"headers", Headers<D>>
>

/**
 * The argument list of a call: the input may be left out when nothing in it is required.
 *
 * @category models
 * @since 0.1.0
 */
export type InputArgs<D> = {} extends Input<D> ? [input?: Input<D>] : [input: Input<D>]

/**
 * Declare an endpoint. Types are inferred from the literal: operation and path stay literal, and
 * `empty` is checked against the response type.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = <const D extends Definition>(
  definition: D & { readonly empty?: NoInfer<Success<D>> }
): Endpoint<D> => ({
  [TypeId]: TypeId,
  definition,
  product: definition.product,
  operation: definition.operation,
  method: definition.method,
  path: definition.path,
  pagination: definition.pagination ?? noPagination,
  idempotent: definition.idempotent ?? (definition.method !== "POST" && definition.method !== "PATCH"),
  complex: definition.complex ?? false,
  host: definition.host ?? "api",
  basePath: definition.basePath,
  bodyEncoding: definition.bodyEncoding ?? "json",
  responseKind: ZohoTransfer.responseKindOf(definition.response),
  notModified: definition.notModified ?? false,
  scopes: definition.scopes ?? [],
  docs: definition.docs
})

/**
 * Build the `ZohoRequest` for one call without sending it: encodes path, query, body and headers
 * (and reads files to upload: a failing file stream is a `ZohoTransportError`, nothing sent).
 *
 * @category utils
 * @since 0.1.0
 */
export const toRequest = <D extends Definition>(
  endpoint: Endpoint<D>,
  input: Input<D>
): Effect.Effect<ZohoRequest, ZohoError> => internal.toRequest(endpoint, input, undefined)

/**
 * Interpret a response for this endpoint: 204/304 rules, envelope errors, Schema decoding.
 *
 * @category utils
 * @since 0.1.0
 */
export const decodeResponse = <D extends Definition>(
  endpoint: Endpoint<D>,
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<Output<D>, ZohoError> =>
  internal.decodeResponse(endpoint, response) as Effect.Effect<Output<D>, ZohoError>

/**
 * Turn an endpoint into a typed function that sends through `ZohoClient`.
 *
 * @category calling
 * @since 0.1.0
 */
export const call = <D extends Definition>(
  endpoint: Endpoint<D>
): (...args: InputArgs<D>) => Effect.Effect<Output<D>, ZohoError, ZohoClient> =>
(...args) => internal.run(endpoint, args[0] ?? {}, undefined) as Effect.Effect<Output<D>, ZohoError, ZohoClient>

/**
 * Alias of {@link call}.
 *
 * @category constructors
 * @since 0.1.0
 */
export const fn = call

/**
 * The `{name}` placeholders of a path template.
 *
 * @category models
 * @since 0.1.0
 */
export type PathPlaceholders<P extends string> = P extends `${string}{${infer N}}${infer Rest}` ?
  N | PathPlaceholders<Rest>
  : never

/**
 * What {@link refine} may adjust on a generated declaration. What identifies the operation
 * (product, operation name, method, path, base path, host) stays as generated, so one operation
 * keeps one declaration and one name; placeholders may be renamed (`pathNames`) to match the
 * refined `pathParams`.
 *
 * @category models
 * @since 0.1.0
 */
export type Refinement<D extends Definition> =
  & Partial<Omit<Definition, "product" | "operation" | "method" | "path" | "basePath" | "host">>
  & { readonly pathNames?: { readonly [K in PathPlaceholders<D["path"]>]?: string } }

/**
 * The definition {@link refine} produces: the generated one, with the overrides on top.
 *
 * @category models
 * @since 0.1.0
 */
export type Refined<D extends Definition, O> = {
  readonly [K in Exclude<keyof D, keyof O | "path"> | Exclude<keyof O, "pathNames"> | "path"]: K extends "path" ? string
    : K extends keyof O ? O[K]
    : K extends keyof D ? D[K]
    : never
} extends infer R extends Definition ? R : never

/**
 * Adjust a generated declaration by hand — a narrower scope, the user's record Schema, a
 * pagination style, a response Schema Zoho's files get wrong — instead of declaring the operation
 * a second time. The operation name, method and path stay the generated ones.
 *
 * @example
 * ```ts
 * import { Endpoint, Envelope, ZohoProducts } from "@effect-zoho/core"
 * import { Schema } from "effect"
 *
 * const generated = Endpoint.make({
 *   product: ZohoProducts.crm,
 *   operation: "crm.record.getRecords",
 *   method: "GET",
 *   path: "/{module_api_name}",
 *   pathParams: Schema.Struct({ module_api_name: Schema.String }),
 *   response: Schema.Unknown,
 *   scopes: ["ZohoCRM.modules.ALL"]
 * })
 * const Lead = Schema.Struct({ id: Schema.String, Last_Name: Schema.String })
 * const listLeads = Endpoint.refine(generated, {
 *   pathNames: { module_api_name: "module" },
 *   pathParams: Schema.Struct({ module: Schema.Literal("Leads") }),
 *   response: Envelope.CrmList(Lead),
 *   pagination: Endpoint.crmPageToken,
 *   scopes: ["ZohoCRM.modules.leads.READ"]
 * })
 * ```
 *
 * @category constructors
 * @since 0.1.0
 */
export const refine = <D extends Definition, const O extends Refinement<D>>(
  generated: Endpoint<D>,
  overrides: O & { readonly empty?: NoInfer<Success<Refined<D, O>>> }
): Endpoint<Refined<D, O>> => {
  const { pathNames, ...rest } = overrides
  let path: string = generated.definition.path
  for (const [from, to] of Object.entries(pathNames ?? {})) {
    if (typeof to === "string") path = path.split(`{${from}}`).join(`{${to}}`)
  }
  // The merge is what `Refined` describes; TypeScript cannot follow a spread of generic objects.
  const definition: Definition = { ...generated.definition, ...rest, path }
  return make(definition) as Endpoint<Refined<D, O>>
}
