/**
 * Every error the finance products (Books, Inventory, Invoice, Expense, Billing) answer with, in
 * one table, so the simulator and its tests agree on codes, messages and HTTP statuses.
 *
 * Zoho's finance envelope is `{ code: <int>, message }`, with `code: 0` for success. Evidence per
 * row (see `/work/shared/zoho-api-facts.md` §4.2 for the source keys):
 * - P  = Zoho's own docs page (Books / Invoice / Billing "Errors" pages, Deluge docs).
 * - S  = seen in third-party clients, fixtures or troubleshooting notes, not in Zoho's docs.
 * - ❓ = no source found; a plausible choice, kept here so it can be changed in one place.
 *
 * | name               | code | HTTP      | message (shape)                                            | confidence |
 * |--------------------|------|-----------|------------------------------------------------------------|------------|
 * | notFound (entity)  | 1002 | 404       | "<Entity> does not exist."                                 | P code+msg; 404 S |
 * | internal           | 1000 | 500       | "Internal error"                                           | P |
 * | invalidValue       | 2    | 400       | "Invalid value passed for <param>"                         | S (Deluge doc sample for filter_by, fixtures for organization_id) |
 * | missingOrg         | 2    | 400       | "Invalid value passed for organization_id"                 | S (what clients report when the id is absent or empty) |
 * | orgNotMember       | 6041 | 400 / 403 | "This user is not associated with the CompanyID/CompanyName:<id>." | S code+msg (Deluge doc sample); 403 for Invoice/Billing per their docs' 403 row, 400 elsewhere ❓ |
 * | invalidToken       | 14   | 401       | "Invalid value passed for authtoken"                       | ❓ (Zoho's code for an expired OAuth token is unconfirmed; 14 is the legacy authtoken answer. Kept apart from 57 because the client replays a 14 with a new token and never a 57, which a missing scope also gives) |
 * | scopeMismatch      | 57   | 401       | same message                                               | S |
 * | invalidUrl         | 5    | 404       | "Invalid URL Passed"                                       | S (one fixture) |
 * | methodNotAllowed   | 37   | 405       | "The HTTP method <M> is not allowed for the requested resource" | ❓ code; 405 P |
 * | invalidJson        | 1038 | 400       | "JSON is not well formed"                                  | S |
 * | missingField       | 4    | 400       | "<field> is required"                                      | ❓ |
 * | duplicate          | 1001 | 400       | "<Entity> \"<key>\" already exists."                       | ❓ |
 * | invalidTransition  | 1025 | 400       | "<Entity> cannot be marked as <state> while it is <state>." | ❓ |
 * | rateMinute         | 44   | 429       | per-minute limit exceeded                                  | ❓ (pyz retries on 43; nothing confirms 44) |
 * | rateConcurrency    | 1070 | 429       | too many concurrent calls                                  | issue 10 (Zoho's docs: 1070 for the concurrency limit); 43 was pyz's "throttled" guess |
 * | rateDay            | 45   | 429       | daily call limit exceeded                                  | S (fixtures: "...exceeded the maximum call rate limit of 10,000") |
 */
import type { SimResponse } from "../../SimHttp.js"
import { json } from "../../SimHttp.js"

export interface FinanceError {
  readonly status: number
  readonly code: number
  readonly message: string
}

const error = (status: number, code: number, message: string): FinanceError => ({ status, code, message })

export const codes = {
  success: 0,
  invalidValue: 2,
  missingField: 4,
  invalidUrl: 5,
  methodNotAllowed: 37,
  rateConcurrency: 1070,
  rateMinute: 44,
  rateDay: 45,
  invalidToken: 14,
  notAuthorized: 57,
  internal: 1000,
  duplicate: 1001,
  notFound: 1002,
  invalidTransition: 1025,
  invalidJson: 1038,
  orgNotMember: 6041
} as const

export const notFound = (label: string): FinanceError => error(404, codes.notFound, `${label} does not exist.`)

/** A body field naming an entity that does not exist: the request is bad, not the URL. */
export const referenceNotFound = (label: string): FinanceError => error(400, codes.notFound, `${label} does not exist.`)

export const internal = (): FinanceError => error(500, codes.internal, "Internal error")

export const invalidValue = (param: string): FinanceError =>
  error(400, codes.invalidValue, `Invalid value passed for ${param}`)

export const missingOrg = (): FinanceError => invalidValue("organization_id")

export const orgNotMember = (orgId: string, status: 400 | 403): FinanceError =>
  error(status, codes.orgNotMember, `This user is not associated with the CompanyID/CompanyName:${orgId}.`)

export const invalidToken = (): FinanceError => error(401, codes.invalidToken, "Invalid value passed for authtoken")

export const scopeMismatch = (): FinanceError =>
  error(401, codes.notAuthorized, "You are not authorized to perform this operation")

export const invalidUrl = (): FinanceError => error(404, codes.invalidUrl, "Invalid URL Passed")

export const methodNotAllowed = (method: string): FinanceError =>
  error(405, codes.methodNotAllowed, `The HTTP method ${method} is not allowed for the requested resource`)

export const invalidJson = (): FinanceError => error(400, codes.invalidJson, "JSON is not well formed")

export const missingField = (field: string): FinanceError => error(400, codes.missingField, `${field} is required`)

export const duplicate = (label: string, key: string): FinanceError =>
  error(400, codes.duplicate, `${label} "${key}" already exists.`)

export const invalidTransition = (label: string, target: string, current: string): FinanceError =>
  error(400, codes.invalidTransition, `${label} cannot be marked as ${target} while it is ${current}.`)

export const rateLimited = (kind: "minute" | "concurrency" | "day"): FinanceError => {
  switch (kind) {
    case "minute":
      return error(
        429,
        codes.rateMinute,
        "You have made too many requests per minute for this organization. Please try again after some time."
      )
    case "concurrency":
      return error(
        429,
        codes.rateConcurrency,
        "You have made too many concurrent requests for this organization. Please try again after some time."
      )
    case "day":
      return error(
        429,
        codes.rateDay,
        "The API call for this organization has exceeded the maximum call rate limit for the day."
      )
  }
}

export const toResponse = (e: FinanceError): SimResponse => json(e.status, { code: e.code, message: e.message })
