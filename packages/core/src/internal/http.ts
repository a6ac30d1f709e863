import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import type * as UrlParams from "@effect/platform/UrlParams"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as ZohoLogging from "../ZohoLogging.js"
import type { ParamValue } from "../ZohoRequest.js"
import type { BudgetObservation } from "../ZohoThrottle.js"
import { ResponseView } from "./responseView.js"

/** @internal */
export const paramString = (value: Exclude<ParamValue, undefined>): string =>
  Array.isArray(value) ? value.map(String).join(",") : String(value)

/** Zoho's query parameters: arrays comma-joined, `undefined` left out. @internal */
export const urlParamsOf = (params: Readonly<Record<string, ParamValue>>): Array<[string, string]> => {
  const out: Array<[string, string]> = []
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue
    out.push([name, paramString(value)])
  }
  return out
}

/** The URL with its query, for logs (redact before logging). @internal */
export const fullUrl = (url: string, params: ReadonlyArray<readonly [string, string]>): string => {
  if (params.length === 0) return url
  const search = new URLSearchParams(params.map(([k, v]) => [k, v]))
  return `${url}?${search.toString()}`
}

/** @internal */
export const hasHeader = (headers: Readonly<Record<string, string>>, name: string): boolean => {
  const lower = name.toLowerCase()
  return Object.keys(headers).some((h) => h.toLowerCase() === lower)
}

/**
 * `Retry-After` as delay-seconds or an HTTP-date (relative to `now`, never negative).
 *
 * @internal
 */
export const parseRetryAfter = (value: string | undefined, now: number): Duration.Duration | undefined => {
  if (value === undefined) return undefined
  const trimmed = value.trim()
  if (trimmed === "") return undefined
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Duration.millis(Math.round(Number(trimmed) * 1000))
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return undefined
  return Duration.millis(Math.max(0, date - now))
}

const headerNumber = (headers: Readonly<Record<string, string>>, name: string): number | undefined => {
  const value = headers[name]
  if (value === undefined) return undefined
  const n = Number(value.trim())
  return Number.isFinite(n) ? n : undefined
}

/**
 * What a response says about the budget: the finance family's `X-Rate-Limit-{Limit,Remaining,Reset}`
 * (the daily quota and seconds to its reset) and CRM's `X-API-CREDITS-REMAINING`.
 *
 * @internal
 */
export const budgetObservation = (headers: Readonly<Record<string, string>>): BudgetObservation | undefined => {
  const limit = headerNumber(headers, "x-rate-limit-limit")
  const remaining = headerNumber(headers, "x-rate-limit-remaining") ??
    headerNumber(headers, "x-api-credits-remaining")
  const resetSeconds = headerNumber(headers, "x-rate-limit-reset")
  if (limit === undefined && remaining === undefined && resetSeconds === undefined) return undefined
  return { limit, remaining, resetSeconds }
}

/** @internal */
export interface ErrorBody {
  readonly code: string | number | undefined
  readonly message: string | undefined
  readonly details: unknown
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null

/**
 * Zoho's error envelope from a body: CRM `{code, message, details, status}` (whole body or the
 * first `data[]` element) or the finance `{code, message}`.
 *
 * @internal
 */
export const parseErrorBody = (text: string): ErrorBody | undefined => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!isRecord(json)) return undefined
  const source = json.code === undefined && Array.isArray(json.data) && isRecord(json.data[0]) ? json.data[0] : json
  // Most products name it `code`; some (Desk) `errorCode`.
  const raw = source.code ?? source.errorCode
  const code = typeof raw === "string" || typeof raw === "number" ? raw : undefined
  const message = typeof source.message === "string" ? source.message : undefined
  if (code === undefined && message === undefined) return undefined
  return { code, message, details: source.details }
}

const resetCodes = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "ECONNABORTED", "UND_ERR_CLOSED"])
const notSentCodes = new Set(["ENOTFOUND", "EAI_AGAIN"])

/** @internal */
export type TransportReason = {
  readonly reason: "ConnectionRefused" | "ConnectionReset" | "Other"
  readonly maybeProcessed: boolean
}

const collectCodes = (cause: unknown, codes: Set<string>, messages: Array<string>, depth: number): void => {
  if (depth > 8 || !isRecord(cause)) return
  if (typeof cause.code === "string") codes.add(cause.code)
  if (typeof cause.message === "string") messages.push(cause.message)
  if (Array.isArray(cause.errors)) {
    for (const e of cause.errors) collectCodes(e, codes, messages, depth + 1)
  }
  if ("cause" in cause) collectCodes(cause.cause, codes, messages, depth + 1)
}

/**
 * Did Zoho possibly see the request? Only a refused connection (or an unresolvable host) proves
 * it did not; anything else (reset, TLS, unknown) may have reached the server.
 *
 * @internal
 */
export const classifyTransport = (error: HttpClientError.RequestError): TransportReason => {
  const codes = new Set<string>()
  const messages: Array<string> = []
  collectCodes(error.cause, codes, messages, 0)
  const text = messages.join(" ")
  const has = (set: ReadonlySet<string>) => [...codes].some((c) => set.has(c))
  if (has(resetCodes) || /socket hang up|ECONNRESET|other side closed/i.test(text)) {
    return { reason: "ConnectionReset", maybeProcessed: true }
  }
  if (codes.has("ECONNREFUSED") || /ECONNREFUSED/.test(text)) {
    return { reason: "ConnectionRefused", maybeProcessed: false }
  }
  if (has(notSentCodes) || /ENOTFOUND|EAI_AGAIN/.test(text)) return { reason: "Other", maybeProcessed: false }
  return { reason: "Other", maybeProcessed: true }
}

/** A short, human description of a transport failure (no URL query, no headers). @internal */
export const transportMessage = (error: HttpClientError.RequestError): string => {
  const codes = new Set<string>()
  const messages: Array<string> = []
  collectCodes(error.cause, codes, messages, 0)
  const detail = [...codes].join(", ")
  return `${error.reason} error${detail === "" ? "" : ` (${detail})`}${
    messages[0] !== undefined ? `: ${messages[0]}` : ""
  }`
}

/**
 * The request with every credential header (`Authorization: Zoho-oauthtoken …`) replaced: what a
 * response or an error may carry once it leaves the exchange, so no rendering of it (inspect,
 * JSON, a span's exit value) can show the token.
 *
 * @internal
 */
export const redactRequest = (request: HttpClientRequest.HttpClientRequest): HttpClientRequest.HttpClientRequest => {
  const secret = Object.keys(request.headers).filter(ZohoLogging.isSecretHeader)
  if (secret.length === 0) return request
  return HttpClientRequest.setHeaders(
    request,
    Object.fromEntries(secret.map((name) => [name, ZohoLogging.redacted]))
  )
}

/**
 * A response whose `request` is redacted and whose body errors name only that request. The
 * transport's own response (which holds the real request) stays in a private field that no
 * inspection, JSON or structured clone reaches.
 */
class RedactedResponse extends ResponseView {
  constructor(readonly request: HttpClientRequest.HttpClientRequest, original: HttpClientResponse.HttpClientResponse) {
    super(original)
  }

  #rewrap = (error: HttpClientError.ResponseError): HttpClientError.ResponseError =>
    new HttpClientError.ResponseError({
      request: this.request,
      response: this,
      reason: error.reason,
      cause: ZohoLogging.redactCause(error.cause),
      ...(error.description !== undefined ? { description: ZohoLogging.redactText(error.description) } : {})
    })

  get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    return Stream.mapError(this.original.stream, this.#rewrap)
  }
  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    return Effect.mapError(this.original.text, this.#rewrap)
  }
  get json(): Effect.Effect<unknown, HttpClientError.ResponseError> {
    return Effect.mapError(this.original.json, this.#rewrap)
  }
  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.ResponseError> {
    return Effect.mapError(this.original.urlParamsBody, this.#rewrap)
  }
  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    return Effect.mapError(this.original.arrayBuffer, this.#rewrap)
  }
  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    return Effect.mapError(this.original.formData, this.#rewrap)
  }
}

/**
 * The response as the caller sees it: the same status, headers and body, with the request
 * redacted (see `redactRequest`).
 *
 * @internal
 */
export const redactResponse = (
  response: HttpClientResponse.HttpClientResponse
): HttpClientResponse.HttpClientResponse => new RedactedResponse(redactRequest(response.request), response)
