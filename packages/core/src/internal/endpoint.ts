import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { Definition, Endpoint } from "../Endpoint.js"
import { NotModified } from "../Endpoint.js"
import * as Envelope from "../Envelope.js"
import { ZohoClient } from "../ZohoClient.js"
import type { ZohoError } from "../ZohoError.js"
import { ZohoApiError, ZohoAuthError, ZohoConfigError, ZohoDecodeError, ZohoTransportError } from "../ZohoError.js"
import type { ZohoProduct } from "../ZohoProduct.js"
import type { Body, ParamValue, Part, ZohoRequest } from "../ZohoRequest.js"
import * as ZohoRequestModule from "../ZohoRequest.js"
import * as Transfer from "./transfer.js"

/** Loose view of a call input: the public type is checked at the `Endpoint.call` boundary. */
export interface RawInput {
  readonly path?: unknown
  readonly query?: unknown
  readonly body?: unknown
  readonly headers?: unknown
}

/** Params set (or, with `undefined`, removed) on top of the encoded query: pagination owns these. */
export type ParamOverride = Readonly<Record<string, ParamValue>> | undefined

const invalid = (endpoint: Endpoint<Definition>, message: string, input?: string) =>
  new ZohoConfigError({
    reason: "InvalidInput",
    message: `${endpoint.operation}: ${message}`,
    ...(input !== undefined ? { input } : {})
  })

/** `body.line_items[0].item_id`: where in the input a problem is. */
const pathText = (part: string, path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (acc, key) =>
      typeof key === "number"
        ? `${acc}[${key}]`
        : typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key)
        ? `${acc}.${key}`
        : `${acc}[${JSON.stringify(String(key))}]`,
    part
  )

/**
 * One line per problem, each naming the field (`body.customer_id: is missing`), instead of the
 * Schema's whole type: a generated body Schema prints as kilobytes of text.
 */
const problems = (part: string, error: ParseResult.ParseError): string => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  const shown = issues.slice(0, 5).map((issue) => `${pathText(part, issue.path)}: ${issue.message}`)
  return issues.length > shown.length
    ? `${shown.join("; ")}; and ${issues.length - shown.length} more`
    : shown.join("; ")
}

const encodePart = (
  endpoint: Endpoint<Definition>,
  part: "path" | "query" | "body" | "headers",
  schema: Schema.Schema.AnyNoContext | undefined,
  value: unknown
): Effect.Effect<unknown, ZohoConfigError> =>
  schema === undefined
    ? Effect.succeed(undefined)
    // A body keeps keys its Schema does not declare (Zoho's files leave out fields the APIs take,
    // e.g. a custom field's `api_name`): dropping them would lose a write without a word.
    : Schema.encodeUnknown(schema, { errors: "all", onExcessProperty: part === "body" ? "preserve" : "ignore" })(value)
      .pipe(Effect.mapError((error) => invalid(endpoint, `invalid ${problems(part, error)}`, part)))

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

const isPrimitive = (u: unknown): u is string | number | boolean =>
  typeof u === "string" || typeof u === "number" || typeof u === "boolean"

const placeholder = /\{([^{}]+)\}/g

/**
 * Why a value cannot be one path segment, or `undefined`. An empty or dot segment would silently
 * address another resource (`/Leads/` is the list); a separator, even percent-encoded (a proxy or
 * server may decode it), would escape the segment and with it the base path; a control character
 * has no place in a URL.
 */
const segmentProblem = (text: string): string | undefined => {
  if (text === "") return "must not be empty"
  let decoded = text
  try {
    // Twice: `%252e` is `%2e` to the first decoder and `.` to the second.
    decoded = decodeURIComponent(decodeURIComponent(text))
  } catch {
    decoded = text
  }
  for (const candidate of [text, decoded]) {
    if (candidate === "." || candidate === "..") return `must not be "." or ".." (also percent-encoded)`
    if (/[/\\]/.test(candidate)) return "must not contain \"/\" or \"\\\" (also percent-encoded)"

    if (/[\u0000-\u001f\u007f]/.test(candidate)) return "must not contain a control character"
  }
  return undefined
}

/** Fill `{name}` placeholders; every value is checked and URI-encoded. */
export const fillPath = (
  endpoint: Endpoint<Definition>,
  values: unknown
): Effect.Effect<string, ZohoConfigError> =>
  Effect.suspend(() => {
    const record = isRecord(values) ? values : {}
    let problem: ZohoConfigError | undefined
    const path = endpoint.path.replace(placeholder, (_match, name: string) => {
      const value = record[name]
      if (problem !== undefined) return ""
      if (value === undefined || value === null) {
        problem = invalid(endpoint, `missing path parameter "${name}"`, name)
        return ""
      }
      if (!isPrimitive(value) && typeof value !== "bigint") {
        problem = invalid(endpoint, `path parameter "${name}" must be a string or a number`, name)
        return ""
      }
      const text = String(value)
      const why = segmentProblem(text)
      if (why !== undefined) {
        problem = invalid(endpoint, `path parameter "${name}" ${why}`, name)
        return ""
      }
      return encodeURIComponent(text)
    })
    return problem === undefined ? Effect.succeed(path) : Effect.fail(problem)
  })

const toParamValue = (value: unknown): ParamValue => {
  if (value === undefined || value === null) return undefined
  if (isPrimitive(value)) return value
  if (typeof value === "bigint") return String(value)
  if (Array.isArray(value) && value.every(isPrimitive)) return value
  // Zoho takes structured params (e.g. `criteria` built elsewhere) as JSON text.
  return JSON.stringify(value)
}

const toParams = (encoded: unknown, override: ParamOverride): Record<string, ParamValue> => {
  const params: Record<string, ParamValue> = {}
  if (isRecord(encoded)) {
    for (const [key, value] of Object.entries(encoded)) {
      const param = toParamValue(value)
      if (param !== undefined) params[key] = param
    }
  }
  if (override !== undefined) {
    for (const [key, value] of Object.entries(override)) {
      if (value === undefined) delete params[key]
      else params[key] = value
    }
  }
  return params
}

const toHeaders = (encoded: unknown): Record<string, string> => {
  const headers: Record<string, string> = {}
  if (isRecord(encoded)) {
    for (const [key, value] of Object.entries(encoded)) {
      if (value !== undefined && value !== null) {
        headers[key] = isPrimitive(value)
          ? String(value)
          : JSON.stringify(value)
      }
    }
  }
  return headers
}

/** A form or multipart field's text: strings as they are, other values as JSON. */
const fieldText = (value: unknown): string =>
  typeof value === "string"
    ? value
    : isPrimitive(value) || typeof value === "bigint"
    ? String(value)
    : JSON.stringify(value)

const formFields = (encoded: unknown): Record<string, string> => {
  const fields: Record<string, string> = {}
  if (isRecord(encoded)) {
    for (const [key, value] of Object.entries(encoded)) {
      if (value !== undefined && value !== null) fields[key] = fieldText(value)
    }
  }
  return fields
}

const multipart = (endpoint: Endpoint<Definition>, encoded: unknown): Effect.Effect<Body, ZohoError> =>
  Effect.gen(function*() {
    if (!isRecord(encoded)) return yield* invalid(endpoint, "a multipart body must be a record of fields", "body")
    const parts: Array<Part> = []
    for (const [name, value] of Object.entries(encoded)) {
      if (value === undefined || value === null) continue
      const values = Array.isArray(value) && value.every(Transfer.isFileSource) ? value : [value]
      for (const one of values) {
        parts.push(
          Transfer.isFileSource(one)
            ? yield* Transfer.toPart(endpoint.operation, name, one)
            : { _tag: "Field", name, value: fieldText(one) }
        )
      }
    }
    return { _tag: "Multipart", parts }
  })

const rawBytes = (endpoint: Endpoint<Definition>, encoded: unknown): Effect.Effect<Body, ZohoError> =>
  Transfer.isFileSource(encoded)
    ? Effect.flatMap(Transfer.toPart(endpoint.operation, "file", encoded), (part) =>
      part._tag === "File"
        ? Effect.map(
          Effect.promise(() => part.blob.arrayBuffer()),
          (buffer): Body => ({
            _tag: "Bytes",
            bytes: new Uint8Array(buffer),
            contentType: encoded.contentType ?? "application/octet-stream"
          })
        )
        : Effect.succeed<Body>({ _tag: "None" }))
    : Effect.fail(invalid(endpoint, "a bytes body must be a ZohoTransfer.File", "body"))

const toBody = (endpoint: Endpoint<Definition>, encoded: unknown): Effect.Effect<Body, ZohoError> => {
  if (endpoint.definition.body === undefined || encoded === undefined) return Effect.succeed({ _tag: "None" })
  switch (endpoint.bodyEncoding) {
    case "json":
      return Effect.succeed({ _tag: "Json", value: encoded })
    case "JSONString":
      return Effect.succeed({ _tag: "Form", fields: { JSONString: JSON.stringify(encoded) } })
    case "form":
      return Effect.succeed({ _tag: "Form", fields: formFields(encoded) })
    case "multipart":
      return multipart(endpoint, encoded)
    case "bytes":
      return rawBytes(endpoint, encoded)
  }
}

export const toRequest = (
  endpoint: Endpoint<Definition>,
  rawInput: unknown,
  override: ParamOverride
): Effect.Effect<ZohoRequest, ZohoError> =>
  Effect.gen(function*() {
    const input: RawInput = isRecord(rawInput) ? rawInput : {}
    const definition = endpoint.definition
    const pathValues = yield* encodePart(endpoint, "path", definition.pathParams, input.path)
    const path = yield* fillPath(endpoint, pathValues)
    const query = yield* encodePart(endpoint, "query", definition.query, input.query ?? {})
    const headers = yield* encodePart(endpoint, "headers", definition.headers, input.headers ?? {})
    // A body whose fields are all optional may be left out (the input type says so): it is `{}`.
    const body = input.body === undefined && definition.body !== undefined
      ? yield* encodePart(endpoint, "body", definition.body, {}).pipe(
        Effect.orElse(() => encodePart(endpoint, "body", definition.body, undefined))
      )
      : yield* encodePart(endpoint, "body", definition.body, input.body)
    return ZohoRequestModule.make({
      product: endpoint.product,
      operation: endpoint.operation,
      method: endpoint.method,
      pathTemplate: endpoint.path,
      path,
      urlParams: toParams(query, override),
      headers: toHeaders(headers),
      body: yield* toBody(endpoint, body),
      idempotent: endpoint.idempotent,
      complex: endpoint.complex,
      host: endpoint.host,
      scopes: endpoint.scopes,
      ...(endpoint.basePath !== undefined ? { basePath: endpoint.basePath } : {}),
      // A file answer is read the way the endpoint says, whatever the client's default.
      ...(endpoint.responseKind === "envelope" ? {} : { bufferBody: endpoint.responseKind === "bytes" })
    })
  })

const contextOf = (endpoint: Endpoint<Definition>, status: number): Envelope.Context => ({
  product: endpoint.product.id,
  operation: endpoint.operation,
  status,
  scopes: endpoint.scopes
})

const isCrmList = (endpoint: Endpoint<Definition>) =>
  endpoint.pagination._tag === "CrmPage" || endpoint.pagination._tag === "CrmPageToken"

const emptyValue = (endpoint: Endpoint<Definition>, status: number): Effect.Effect<unknown, ZohoDecodeError> => {
  const definition = endpoint.definition
  if ("empty" in definition) return Effect.succeed(definition.empty)
  // A list endpoint's 204 is an empty page, whatever the product: CRM lists read `data`, finance
  // lists their list key (Zoho's finance APIs answer empty lists with a body, but a proxy or a
  // future API may send 204; failing the stream on it would be worse than an empty page).
  const pagination = endpoint.pagination
  const candidate = isCrmList(endpoint)
    ? { data: [] }
    : pagination._tag === "FinancePageContext"
    ? { code: 0, message: "", [pagination.listKey]: [] }
    : undefined
  return Envelope.decodeValue(definition.response, contextOf(endpoint, status), candidate, "").pipe(
    Effect.mapError((error) =>
      new ZohoDecodeError({
        operation: error.operation,
        status: error.status,
        body: error.body,
        ...(error.product !== undefined ? { product: error.product } : {}),
        message: `HTTP ${status} with no content, and the endpoint declares no empty value: ${error.message}`
      })
    )
  )
}

const stripQuery = (url: string) => url.split("?")[0] ?? url

const bodyError = (method: string, response: HttpClientResponse.HttpClientResponse) =>
(
  error: { readonly message: string }
) =>
  new ZohoTransportError({
    reason: "ConnectionReset",
    method,
    url: stripQuery(response.request.url),
    maybeProcessed: true,
    message: `Reading the response body failed: ${error.message}`,
    cause: error
  })

/** Who answers a file: enough to name errors and report scopes. */
export interface FileContext {
  readonly product: ZohoProduct
  readonly operation: string
  readonly scopes: ReadonlyArray<string>
}

/**
 * A file answer: 204 is `undefined`; a JSON answer (whatever its status) or any status from 300
 * is Zoho's error, not the file; otherwise the file with its name, type and length, as bytes or
 * as a stream (whose end releases the request's throttle permit).
 */
export const decodeFile = (
  ctx: FileContext,
  kind: "bytes" | "stream",
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<unknown, ZohoError> => {
  const status = response.status
  const method = response.request.method
  if (status === 204) return Effect.succeed(undefined)
  const type = response.headers["content-type"]
  if (status >= 300 || (type !== undefined && type.toLowerCase().includes("json"))) {
    const context: Envelope.Context = {
      product: ctx.product.id,
      operation: ctx.operation,
      status: status >= 300 ? status : 400,
      scopes: ctx.scopes
    }
    return response.text.pipe(
      Effect.mapError(bodyError(method, response)),
      Effect.flatMap((text) => Envelope.parseJson(context, text)),
      Effect.flatMap((body) =>
        Effect.fail(Option.getOrElse(Envelope.toError(ctx.product, context, body), () =>
          new ZohoApiError({
            product: ctx.product.id,
            operation: ctx.operation,
            status: context.status,
            code: `HTTP_${context.status}`,
            message: "Expected a file, got JSON",
            details: body
          })))
      )
    )
  }
  const meta = {
    fileName: Transfer.fileNameOf(response.headers["content-disposition"]),
    contentType: type,
    contentLength: Transfer.contentLengthOf(response.headers)
  }
  return kind === "stream"
    ? Effect.succeed({ ...meta, stream: Stream.mapError(response.stream, bodyError(method, response)) })
    : Effect.map(
      Effect.mapError(response.arrayBuffer, bodyError(method, response)),
      (buffer) => ({ ...meta, bytes: new Uint8Array(buffer) })
    )
}

export const decodeResponse = (
  endpoint: Endpoint<Definition>,
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<unknown, ZohoError> => {
  const status = response.status
  if (status === 204) return emptyValue(endpoint, status)
  if (status === 304) {
    return endpoint.notModified
      ? Effect.succeed(new NotModified({ operation: endpoint.operation }))
      : Effect.fail(
        new ZohoApiError({
          product: endpoint.product.id,
          operation: endpoint.operation,
          status,
          code: "NOT_MODIFIED",
          message: "HTTP 304 Not Modified from an endpoint that does not declare notModified"
        })
      )
  }
  if (endpoint.responseKind !== "envelope") {
    return decodeFile(
      { product: endpoint.product, operation: endpoint.operation, scopes: endpoint.scopes },
      endpoint.responseKind,
      response
    )
  }
  return response.text.pipe(
    Effect.mapError(bodyError(endpoint.method, response)),
    Effect.flatMap((text) =>
      status >= 200 && status < 300 && text.trim() === ""
        ? emptyValue(endpoint, status)
        : Envelope.decode(
          endpoint.product,
          endpoint.definition.response,
          contextOf(endpoint, status),
          text
        )
    )
  )
}

const withScopes = (endpoint: Endpoint<Definition>) => (error: ZohoError): ZohoError =>
  error._tag === "ZohoAuthError" && error.reason === "ScopeMismatch" && endpoint.scopes.length > 0 &&
    (error.requiredScopes === undefined || error.requiredScopes.length === 0)
    ? new ZohoAuthError({
      reason: error.reason,
      product: error.product ?? endpoint.product.id,
      operation: error.operation ?? endpoint.operation,
      message: error.message,
      requiredScopes: [...endpoint.scopes]
    })
    : error

export const run = (
  endpoint: Endpoint<Definition>,
  input: unknown,
  override: ParamOverride
): Effect.Effect<unknown, ZohoError, ZohoClient> =>
  Effect.gen(function*() {
    const request = yield* toRequest(endpoint, input, override)
    const client = yield* ZohoClient
    const response = yield* client.execute(request)
    return yield* decodeResponse(endpoint, response)
  }).pipe(
    Effect.mapError(withScopes(endpoint)),
    Effect.withSpan(`zoho.endpoint.${endpoint.operation}`, {
      kind: "client",
      // The stack would show this module, not the caller: not worth its cost on every call.
      captureStackTrace: false,
      attributes: {
        "zoho.product": endpoint.product.id,
        "zoho.operation": endpoint.operation,
        "http.request.method": endpoint.method,
        "http.route": endpoint.path
      }
    })
  )
