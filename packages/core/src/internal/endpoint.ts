import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { Definition, Endpoint } from "../Endpoint.js"
import { NotModified } from "../Endpoint.js"
import * as Envelope from "../Envelope.js"
import { ZohoClient } from "../ZohoClient.js"
import type { ZohoError } from "../ZohoError.js"
import { ZohoApiError, ZohoAuthError, ZohoConfigError, ZohoDecodeError, ZohoTransportError } from "../ZohoError.js"
import type { Body, ParamValue, ZohoRequest } from "../ZohoRequest.js"
import * as ZohoRequestModule from "../ZohoRequest.js"

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

const encodePart = (
  endpoint: Endpoint<Definition>,
  part: "path" | "query" | "body" | "headers",
  schema: Schema.Schema.AnyNoContext | undefined,
  value: unknown
): Effect.Effect<unknown, ZohoConfigError> =>
  schema === undefined
    ? Effect.succeed(undefined)
    : Schema.encodeUnknown(schema, { errors: "all" })(value).pipe(
      Effect.mapError((error) =>
        invalid(endpoint, `invalid ${part}: ${ParseResult.TreeFormatter.formatErrorSync(error)}`, part)
      )
    )

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

const isPrimitive = (u: unknown): u is string | number | boolean =>
  typeof u === "string" || typeof u === "number" || typeof u === "boolean"

const placeholder = /\{([^{}]+)\}/g

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
      // An empty or dot segment would silently address another resource (`/Leads/` is the list).
      if (text === "" || text === "." || text === "..") {
        problem = invalid(endpoint, `path parameter "${name}" must not be empty, "." or ".."`, name)
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

const toBody = (endpoint: Endpoint<Definition>, encoded: unknown): Body => {
  if (endpoint.definition.body === undefined || encoded === undefined) return { _tag: "None" }
  return endpoint.bodyEncoding === "JSONString"
    ? { _tag: "Form", fields: { JSONString: JSON.stringify(encoded) } }
    : { _tag: "Json", value: encoded }
}

export const toRequest = (
  endpoint: Endpoint<Definition>,
  rawInput: unknown,
  override: ParamOverride
): Effect.Effect<ZohoRequest, ZohoConfigError> =>
  Effect.gen(function*() {
    const input: RawInput = isRecord(rawInput) ? rawInput : {}
    const definition = endpoint.definition
    const pathValues = yield* encodePart(endpoint, "path", definition.pathParams, input.path)
    const path = yield* fillPath(endpoint, pathValues)
    const query = yield* encodePart(endpoint, "query", definition.query, input.query ?? {})
    const headers = yield* encodePart(endpoint, "headers", definition.headers, input.headers ?? {})
    const body = yield* encodePart(endpoint, "body", definition.body, input.body)
    return ZohoRequestModule.make({
      product: endpoint.product,
      operation: endpoint.operation,
      method: endpoint.method,
      pathTemplate: endpoint.path,
      path,
      urlParams: toParams(query, override),
      headers: toHeaders(headers),
      body: toBody(endpoint, body),
      idempotent: endpoint.idempotent,
      complex: endpoint.complex,
      host: endpoint.host,
      scopes: endpoint.scopes,
      ...(endpoint.basePath !== undefined ? { basePath: endpoint.basePath } : {})
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
  return response.text.pipe(
    Effect.mapError((error) =>
      new ZohoTransportError({
        reason: "ConnectionReset",
        method: endpoint.method,
        url: stripQuery(response.request.url),
        maybeProcessed: true,
        message: `Reading the response body failed: ${error.message}`,
        cause: error
      })
    ),
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
      attributes: {
        "zoho.product": endpoint.product.id,
        "zoho.operation": endpoint.operation,
        "http.request.method": endpoint.method,
        "http.route": endpoint.path
      }
    })
  )
