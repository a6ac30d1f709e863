/**
 * Reading a finance request: its parameters, its body (a JSON body, or the `JSONString` field of a
 * form, a multipart form or the query string: Zoho documents all of them) and its organization id.
 */
import type { SimRequest } from "../../SimHttp.js"
import * as SimHttp from "../../SimHttp.js"
import type { FinanceError } from "./FinanceErrors.js"
import * as FinanceErrors from "./FinanceErrors.js"

export type Json = Record<string, unknown>

export type Result<A> =
  | { readonly _tag: "Ok"; readonly value: A }
  | { readonly _tag: "Err"; readonly error: FinanceError }

export const ok = <A>(value: A): Result<A> => ({ _tag: "Ok", value })
export const err = <A = never>(error: FinanceError): Result<A> => ({ _tag: "Err", error })

/** Where a product expects the organization id. */
export interface OrgRule {
  /** Header name (lower-case) checked first, when the product uses one. */
  readonly header?: string | undefined
  /** Whether the `organization_id` query parameter is accepted. */
  readonly query: boolean
}

const multipartField = (request: SimRequest, name: string): string | undefined => {
  const type = request.headers["content-type"] ?? ""
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(type)
  if (match === null) return undefined
  const boundary = `--${match[1] ?? match[2]}`
  for (const part of SimHttp.text(request).split(boundary)) {
    const split = part.indexOf("\r\n\r\n")
    if (split < 0) continue
    const head = part.slice(0, split)
    if (!new RegExp(`name="${name}"`, "i").test(head)) continue
    return part.slice(split + 4).replace(/\r\n$/, "")
  }
  return undefined
}

/** Query parameters merged with url-encoded and multipart form fields (form fields win). */
export const params = (request: SimRequest): Record<string, string> => {
  const out = SimHttp.params(request)
  if ((request.headers["content-type"] ?? "").includes("multipart/form-data")) {
    const jsonString = multipartField(request, "JSONString")
    if (jsonString !== undefined) out.JSONString = jsonString
  }
  return out
}

const parseObject = (raw: string): Result<Json> => {
  try {
    const value: unknown = JSON.parse(raw)
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? ok(value as Json)
      : err(FinanceErrors.invalidJson())
  } catch {
    return err(FinanceErrors.invalidJson())
  }
}

/**
 * The request's JSON object: an `application/json` body wins over `JSONString`; no body at all is
 * an empty object (status actions send none).
 */
export const body = (request: SimRequest, query: Record<string, string>): Result<Json> => {
  const type = request.headers["content-type"] ?? ""
  const raw = SimHttp.text(request)
  if (type.includes("json") && raw.trim().length > 0) return parseObject(raw)
  const jsonString = query.JSONString
  if (jsonString !== undefined) return parseObject(jsonString)
  if (!type.includes("form") && raw.trim().length > 0) return parseObject(raw)
  return ok({})
}

/** A request body that is a JSON array (Books' custom-field updates), as JSON or `JSONString`. */
export const array = (request: SimRequest, query: Record<string, string>): Result<ReadonlyArray<unknown>> => {
  const type = request.headers["content-type"] ?? ""
  const raw = type.includes("form") ? query.JSONString ?? "" : SimHttp.text(request)
  if (raw.trim() === "") return ok([])
  try {
    const value: unknown = JSON.parse(raw)
    return Array.isArray(value) ? ok(value) : err(FinanceErrors.invalidJson())
  } catch {
    return err(FinanceErrors.invalidJson())
  }
}

/** The organization id the request names, if any (empty values count as absent). */
export const orgId = (request: SimRequest, query: Record<string, string>, rule: OrgRule): string | undefined => {
  const fromHeader = rule.header === undefined ? undefined : request.headers[rule.header]
  if (fromHeader !== undefined && fromHeader.trim().length > 0) return fromHeader.trim()
  if (rule.query) {
    const fromQuery = query.organization_id
    if (fromQuery !== undefined && fromQuery.trim().length > 0) return fromQuery.trim()
  }
  return undefined
}

const positiveInt = (raw: string | undefined, name: string, fallback: number): Result<number> => {
  if (raw === undefined || raw.trim() === "") return ok(fallback)
  const n = Number(raw)
  return Number.isInteger(n) && n > 0 ? ok(n) : err(FinanceErrors.invalidValue(name))
}

export interface Paging {
  readonly page: number
  readonly perPage: number
}

/** Zoho's documented default and maximum page size. */
export const maxPerPage = 200

export const paging = (query: Record<string, string>): Result<Paging> => {
  const page = positiveInt(query.page, "page", 1)
  if (page._tag === "Err") return page
  const perPage = positiveInt(query.per_page, "per_page", maxPerPage)
  if (perPage._tag === "Err") return perPage
  // Larger pages are clamped rather than refused: unconfirmed either way, and clamping keeps
  // clients that ask for "as many as possible" working.
  return ok({ page: page.value, perPage: Math.min(perPage.value, maxPerPage) })
}

/** `true`/`false` query flags as Zoho spells them. */
export const flag = (raw: unknown): boolean | undefined => {
  if (raw === true || raw === false) return raw
  if (typeof raw !== "string") return undefined
  const v = raw.trim().toLowerCase()
  return v === "true" ? true : v === "false" ? false : undefined
}
