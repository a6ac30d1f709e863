/**
 * Zoho's two response envelopes, as Schemas and as the rules that turn a raw body into a value or a
 * typed error.
 *
 * - CRM: success bodies are whatever the endpoint's Schema says (`{data, info}` for lists,
 *   `{data: [{code, details, message, status}]}` for writes); an error is the whole body
 *   `{code, details, message, status: "error"}` with a string code. A write can answer 2xx (or 207)
 *   while single records failed: decode it with {@link CrmWriteResults} and {@link crm.partition} it.
 * - Finance (Books, Inventory, Invoice, Expense, Billing): every body has a numeric `code` and a
 *   `message`; `code !== 0` is an error even on HTTP 200. Lists carry `<plural>` + `page_context`.
 *
 * Decoding keeps unknown fields (`onExcessProperty: "preserve"`): Zoho adds fields often, and a
 * client that drops them forces users to fall back to raw HTTP.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as PreserveDecode from "./internal/preserveDecode.js"
import { ZohoApiError, ZohoAuthError, ZohoDecodeError } from "./ZohoError.js"
import type { EnvelopeFamily, ZohoProduct } from "./ZohoProduct.js"
import { errorKind } from "./ZohoProduct.js"

/**
 * The envelope family a product speaks (its descriptor's `envelope`).
 *
 * @category models
 * @since 0.1.0
 */
export type Kind = EnvelopeFamily

/**
 * Where a body came from: used to fill the errors.
 *
 * @category models
 * @since 0.1.0
 */
export interface Context {
  /** The product's id. */
  readonly product: string
  readonly operation: string
  readonly status: number
  /** OAuth scopes the operation needs, copied into a scope-mismatch error. */
  readonly scopes?: ReadonlyArray<string> | undefined
}

// ---------------------------------------------------------------------------------------------
// CRM
// ---------------------------------------------------------------------------------------------

/**
 * The `info` block of a CRM list. Every key is optional and nullable: the OAS lists only four of
 * them, search/related lists send fewer, and token-paged responses have no page number.
 *
 * @category schemas
 * @since 0.1.0
 */
export const CrmInfo = Schema.Struct({
  per_page: Schema.optional(Schema.NullOr(Schema.Number)),
  count: Schema.optional(Schema.NullOr(Schema.Number)),
  page: Schema.optional(Schema.NullOr(Schema.Number)),
  more_records: Schema.optional(Schema.NullOr(Schema.Boolean)),
  next_page_token: Schema.optional(Schema.NullOr(Schema.String)),
  previous_page_token: Schema.optional(Schema.NullOr(Schema.String)),
  page_token_expiry: Schema.optional(Schema.NullOr(Schema.String)),
  sort_by: Schema.optional(Schema.NullOr(Schema.String)),
  sort_order: Schema.optional(Schema.NullOr(Schema.String))
})
/**
 * @category models
 * @since 0.1.0
 */
export type CrmInfo = typeof CrmInfo.Type

/**
 * A CRM list body `{ data: Item[], info? }`. Zoho answers an empty list with HTTP 204 and no body;
 * endpoints that paginate the CRM way get `{ data: [] }` for it.
 *
 * @category schemas
 * @since 0.1.0
 */
export const CrmList = <S extends Schema.Schema.AnyNoContext>(item: S) =>
  Schema.Struct({ data: Schema.Array(item), info: Schema.optional(CrmInfo) })

/**
 * A CRM error: the whole body of a failed call, or one entry of a write's `data`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const CrmErrorBody = Schema.Struct({
  code: Schema.String,
  details: Schema.optional(Schema.Unknown),
  message: Schema.String,
  status: Schema.Literal("error")
})
/**
 * @category models
 * @since 0.1.0
 */
export type CrmErrorBody = typeof CrmErrorBody.Type

/**
 * One record that was written. `details.id` is the record id.
 *
 * @category schemas
 * @since 0.1.0
 */
export const CrmWriteSuccess = Schema.Struct({
  code: Schema.String,
  details: Schema.Struct(
    { id: Schema.String },
    Schema.Record({ key: Schema.String, value: Schema.Unknown })
  ),
  message: Schema.String,
  status: Schema.Literal("success")
})
/**
 * @category models
 * @since 0.1.0
 */
export type CrmWriteSuccess = typeof CrmWriteSuccess.Type

/**
 * One record that was not written (`status: "error"`).
 *
 * @category constants
 * @since 0.1.0
 */
export const CrmWriteFailure = CrmErrorBody
/**
 * @category models
 * @since 0.1.0
 */
export type CrmWriteFailure = CrmErrorBody

/**
 * One entry of a CRM write response, in the order of the input records.
 *
 * @category schemas
 * @since 0.1.0
 */
export const CrmWriteResult = Schema.Union(CrmWriteSuccess, CrmWriteFailure)
/**
 * @category models
 * @since 0.1.0
 */
export type CrmWriteResult = typeof CrmWriteResult.Type

/**
 * The body of a CRM insert/update/upsert/delete: `{ data: CrmWriteResult[] }`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const CrmWriteResults = Schema.Struct({ data: Schema.Array(CrmWriteResult) })
/**
 * @category models
 * @since 0.1.0
 */
export type CrmWriteResults = typeof CrmWriteResults.Type

/**
 * An entry with its position in the request, so a failure can be traced to its input.
 *
 * @category models
 * @since 0.1.0
 */
export interface Indexed<A> {
  readonly index: number
  readonly result: A
}

/**
 * @category models
 * @since 0.1.0
 */
export interface Partitioned {
  readonly succeeded: ReadonlyArray<Indexed<CrmWriteSuccess>>
  readonly failed: ReadonlyArray<Indexed<CrmWriteFailure>>
}

const partition = (
  results: ReadonlyArray<CrmWriteResult> | { readonly data: ReadonlyArray<CrmWriteResult> }
): Partitioned => {
  const entries = "data" in results ? results.data : results
  const succeeded: Array<Indexed<CrmWriteSuccess>> = []
  const failed: Array<Indexed<CrmWriteFailure>> = []
  entries.forEach((result, index) => {
    if (result.status === "success") succeeded.push({ index, result })
    else failed.push({ index, result })
  })
  return { succeeded, failed }
}

/**
 * CRM helpers.
 *
 * `partition` splits a write response (HTTP 200/201/207 alike) into the records that were written
 * and the ones that were not, each with its index in the request. A write is never "successful" as
 * a whole until its failed list is empty.
 *
 * @category constants
 * @since 0.1.0
 */
export const crm = {
  Info: CrmInfo,
  List: CrmList,
  ErrorBody: CrmErrorBody,
  WriteResult: CrmWriteResult,
  WriteResults: CrmWriteResults,
  partition
} as const

// ---------------------------------------------------------------------------------------------
// Finance
// ---------------------------------------------------------------------------------------------

/**
 * `page_context` of a finance list. Only `has_more_page` drives pagination; the other documented
 * keys are optional and anything else is kept.
 *
 * @category schemas
 * @since 0.1.0
 */
export const FinancePageContext = Schema.Struct({
  page: Schema.optional(Schema.Number),
  per_page: Schema.optional(Schema.Number),
  has_more_page: Schema.Boolean,
  report_name: Schema.optional(Schema.String),
  applied_filter: Schema.optional(Schema.String),
  sort_column: Schema.optional(Schema.String),
  sort_order: Schema.optional(Schema.String),
  total: Schema.optional(Schema.Number)
})
/**
 * @category models
 * @since 0.1.0
 */
export type FinancePageContext = typeof FinancePageContext.Type

/**
 * A finance list body `{ code, message, <listKey>: Item[], page_context? }`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const FinanceList = <const K extends string, S extends Schema.Schema.AnyNoContext>(listKey: K, item: S) =>
  Schema.Struct({
    code: Schema.Number,
    message: Schema.String,
    page_context: Schema.optional(FinancePageContext),
    ...({ [listKey]: Schema.Array(item) } as { readonly [P in K]: Schema.Array$<S> })
  })

/**
 * A finance single-object body `{ code, message, <key>: Item }`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const FinanceObject = <const K extends string, S extends Schema.Schema.AnyNoContext>(key: K, item: S) =>
  Schema.Struct({
    code: Schema.Number,
    message: Schema.String,
    ...({ [key]: item } as { readonly [P in K]: S })
  })

/**
 * Finance helpers.
 *
 * @category constants
 * @since 0.1.0
 */
export const finance = {
  PageContext: FinancePageContext,
  List: FinanceList,
  Object: FinanceObject
} as const

// ---------------------------------------------------------------------------------------------
// Interpretation
// ---------------------------------------------------------------------------------------------

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

const stringOr = (u: unknown, fallback: string): string => typeof u === "string" && u.length > 0 ? u : fallback

/**
 * A refusal the product's error table calls `NotAuthorized` (CRM `OAUTH_SCOPE_MISMATCH`, finance
 * 57): a `ZohoAuthError` naming the scopes the operation declares.
 */
const notAuthorized = (context: Context, message: string): ZohoAuthError =>
  new ZohoAuthError({
    reason: "ScopeMismatch",
    product: context.product,
    operation: context.operation,
    message,
    ...(context.scopes !== undefined && context.scopes.length > 0 ? { requiredScopes: [...context.scopes] } : {})
  })

const crmStyleError = (
  product: ZohoProduct,
  context: Context,
  body: Readonly<Record<string, unknown>>,
  details: unknown
): ZohoApiError | ZohoAuthError => {
  const code = String(body.code)
  const message = stringOr(body.message, code)
  if (errorKind(product, code) === "NotAuthorized") return notAuthorized(context, message)
  return new ZohoApiError({
    product: context.product,
    operation: context.operation,
    status: context.status,
    code,
    message,
    details
  })
}

/** A product's own code on an error body (`code`, or `errorCode` for products like Desk). */
const bodyCode = (body: unknown): string | number | undefined => {
  if (!isRecord(body)) return undefined
  const code = body.code ?? body.errorCode
  // 0 is the finance family's success code: on a failed status it says nothing.
  return (typeof code === "string" && code !== "") || (typeof code === "number" && code !== 0) ? code : undefined
}

const httpError = (context: Context, body: unknown): ZohoApiError =>
  new ZohoApiError({
    product: context.product,
    operation: context.operation,
    status: context.status,
    code: bodyCode(body) ?? `HTTP_${context.status}`,
    message: isRecord(body) ? stringOr(body.message, `HTTP ${context.status}`) : `HTTP ${context.status}`,
    details: body
  })

/**
 * The error a parsed JSON body stands for, if any.
 *
 * The product's descriptor decides: its envelope family, and its error table (a code of kind
 * `NotAuthorized`, e.g. CRM `OAUTH_SCOPE_MISMATCH` or finance 57, becomes a `ZohoAuthError`
 * `ScopeMismatch` naming `context.scopes`).
 *
 * - `crmStyle`: a whole-body `{code, message, status: "error"}` at any HTTP status; on HTTP >= 400
 *   a `{data: [errors…]}` body is reported with the first entry's code and the whole body as
 *   `details` (nothing is dropped).
 * - `finance`: a numeric `code` other than 0, at any HTTP status (Zoho sends some with 200).
 * - Either: any other HTTP >= 300 body becomes `ZohoApiError` with code `HTTP_<status>`.
 *
 * @category constants
 * @since 0.1.0
 */
export const toError = (
  product: ZohoProduct,
  context: Context,
  body: unknown
): Option.Option<ZohoApiError | ZohoAuthError> => {
  const failed = context.status >= 300
  if (product.envelope === "crmStyle") {
    if (isRecord(body) && body.status === "error" && body.code !== undefined) {
      return Option.some(crmStyleError(product, context, body, body.details))
    }
    if (failed && isRecord(body) && Array.isArray(body.data)) {
      const first: unknown = body.data.find((entry) => isRecord(entry) && entry.status === "error")
      if (isRecord(first) && first.code !== undefined) return Option.some(crmStyleError(product, context, first, body))
    }
    return failed ? Option.some(httpError(context, body)) : Option.none()
  }
  const code = isRecord(body) ? body.code : undefined
  if (isRecord(body) && typeof code === "number") {
    if (code === 0 && !failed) return Option.none()
    if (code !== 0) {
      const { code: _code, message, ...rest } = body
      if (errorKind(product, code) === "NotAuthorized") {
        return Option.some(notAuthorized(context, stringOr(message, `Zoho error ${code}`)))
      }
      return Option.some(
        new ZohoApiError({
          product: context.product,
          operation: context.operation,
          status: context.status,
          code,
          message: stringOr(message, `Zoho error ${code}`),
          ...(Object.keys(rest).length > 0 ? { details: rest } : {})
        })
      )
    }
  }
  return failed ? Option.some(httpError(context, body)) : Option.none()
}

/**
 * Parse a body as JSON; anything else (HTML from a proxy, a truncated body) is a
 * `ZohoDecodeError` that keeps the raw text and the status.
 *
 * @category utils
 * @since 0.1.0
 */
export const parseJson = (context: Context, text: string): Effect.Effect<unknown, ZohoDecodeError> =>
  Effect.try({
    try: (): unknown => JSON.parse(text),
    catch: (cause) =>
      new ZohoDecodeError({
        product: context.product,
        operation: context.operation,
        status: context.status,
        body: text,
        message: `Response is not JSON (HTTP ${context.status}): ${
          cause instanceof Error ? cause.message : String(cause)
        }`
      })
  })

const pathText = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (acc, key) => typeof key === "number" ? `${acc}[${key}]` : acc === "" ? String(key) : `${acc}.${String(key)}`,
    ""
  )

/**
 * A parse error on one line: `data[1].id: Expected string, actual 2; …` (the first few issues), so
 * the error's message stays readable wherever it is printed.
 *
 * @category utils
 * @since 0.1.0
 */
export const issuesLine = (error: ParseResult.ParseError, max = 5): string => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  const shown = issues.slice(0, max).map((issue) =>
    `${issue.path.length === 0 ? "(root)" : pathText(issue.path)}: ${issue.message.replace(/\s+/g, " ")}`
  )
  return issues.length > max ? `${shown.join("; ")}; … (${issues.length - max} more)` : shown.join("; ")
}

/**
 * Decode an already-parsed value with a Schema, keeping unknown fields. A mismatch is a
 * `ZohoDecodeError` carrying `raw` (the body text) and the parse error.
 *
 * @category schemas
 * @since 0.1.0
 */
export const decodeValue = <A, I>(
  schema: Schema.Schema<A, I, never>,
  context: Context,
  value: unknown,
  raw: string
): Effect.Effect<A, ZohoDecodeError> => {
  // Plain data Schemas take the fast path (same result); a mismatch, or a Schema it does not
  // handle, goes through Effect's decoder, which builds the value or the error as before.
  const fast = PreserveDecode.decoderFor(schema.ast)
  if (fast !== undefined) {
    const out = fast(value)
    if (out !== PreserveDecode.FAIL) return Effect.succeed(out as A)
  }
  return Schema.decodeUnknown(schema, { onExcessProperty: "preserve", errors: "all" })(value).pipe(
    Effect.mapError((error) =>
      new ZohoDecodeError({
        product: context.product,
        operation: context.operation,
        status: context.status,
        body: raw,
        message: `Response does not match the expected shape (HTTP ${context.status}): ${issuesLine(error)}`
      })
    )
  )
}

/**
 * The whole rule for one body: parse JSON, check the envelope for an error, decode the success
 * payload with `schema`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const decode = <A, I>(
  product: ZohoProduct,
  schema: Schema.Schema<A, I, never>,
  context: Context,
  text: string
): Effect.Effect<A, ZohoApiError | ZohoAuthError | ZohoDecodeError> =>
  Effect.flatMap(
    parseJson(context, text),
    (body): Effect.Effect<A, ZohoApiError | ZohoAuthError | ZohoDecodeError> =>
      Option.match(toError(product, context, body), {
        onNone: () => decodeValue(schema, context, body, text),
        onSome: (error) => Effect.fail(error)
      })
  )
