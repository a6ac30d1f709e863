/**
 * CRM response helpers: Zoho's error envelope, its time format, and common parameter checks.
 */
import type { SimResponse } from "../../SimHttp.js"
import * as SimHttp from "../../SimHttp.js"

export interface ErrorBody {
  readonly code: string
  readonly details: Record<string, unknown>
  readonly message: string
  readonly status: "error"
}

export const errorBody = (code: string, message: string, details: Record<string, unknown> = {}): ErrorBody => ({
  code,
  details,
  message,
  status: "error"
})

export const error = (
  httpStatus: number,
  code: string,
  message: string,
  details: Record<string, unknown> = {}
): SimResponse => SimHttp.json(httpStatus, errorBody(code, message, details))

export const ok = (value: unknown, status = 200): SimResponse => SimHttp.json(status, value)

export const noContent = (): SimResponse => SimHttp.empty(204)

/** Zoho renders times as `2026-11-23T10:00:00+00:00` (seconds, explicit offset). */
export const zohoTime = (epochMs: number): string => new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, "+00:00")

export const requiredParam = (param: string): SimResponse =>
  error(400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", { param_name: param })

export const invalidModule = (): SimResponse =>
  error(400, "INVALID_MODULE", "The module name given seems to be invalid", { resource_path_index: 0 })

export const invalidUrl = (): SimResponse =>
  error(404, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one")

export const invalidMethod = (): SimResponse =>
  error(405, "INVALID_REQUEST_METHOD", "The http request method type is not a valid one")

// Zoho's answer does not name the missing scope, so `required` is not echoed back.
export const scopeMismatch = (_required: ReadonlyArray<string>): SimResponse =>
  error(401, "OAUTH_SCOPE_MISMATCH", "invalid oauth scope to access this URL")

/** A positive integer query parameter, `undefined` when absent, or `"invalid"`. */
export const intParam = (raw: string | null): number | undefined | "invalid" => {
  if (raw === null || raw === "") return undefined
  if (!/^\d+$/.test(raw)) return "invalid"
  const n = Number(raw)
  return n >= 1 ? n : "invalid"
}

/**
 * `page` (default 1) and `per_page` (default 200, capped at 200, as Zoho does) of a list request,
 * or the `INVALID_DATA` answer for a malformed one.
 */
export const pageParams = (
  q: URLSearchParams
): { readonly page: number; readonly perPage: number } | SimResponse => {
  const perPage = intParam(q.get("per_page"))
  if (perPage === "invalid") return invalidParam("per_page")
  const page = intParam(q.get("page"))
  if (page === "invalid") return invalidParam("page")
  return { page: page ?? 1, perPage: Math.min(perPage ?? 200, 200) }
}

export const invalidParam = (param: string, expected = "integer"): SimResponse =>
  error(400, "INVALID_DATA", "invalid data", { param_name: param, expected_data_type: expected })
