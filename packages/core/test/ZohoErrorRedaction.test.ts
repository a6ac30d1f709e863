import { ZohoError } from "@effect-zoho/core"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as util from "node:util"

const token = "1000.0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210"
const echo =
  `Authorization: Zoho-oauthtoken ${token}\nclient_secret=abc123secret&refresh_token=${token}&password=hunter2`

/** Every rendering a user may print. */
const renderings = (error: Error): ReadonlyArray<string> => [
  String(error),
  error.message,
  JSON.stringify(error),
  util.inspect(error, { depth: Infinity }),
  Cause.pretty(Cause.fail(error))
]

const assertClean = (error: Error) => {
  for (const text of renderings(error)) {
    for (const secret of [token, "abc123secret", "hunter2"]) assert.notInclude(text, secret)
  }
  assert.notInclude(error.message, "\n", "one line")
}

describe("ZohoError messages", () => {
  it("ZohoRateLimited says what happened and when to retry", () => {
    const error = new ZohoError.ZohoRateLimited({
      product: "crm",
      operation: "Leads.list",
      reason: "TooManyRequests",
      retryAfter: Duration.seconds(12)
    })
    assert.strictEqual(error.message, "Zoho rate limit (TooManyRequests) on crm.Leads.list: retry after 12 s")
    assert.include(String(error), "retry after 12 s")
    const spent = new ZohoError.ZohoRateLimited({
      product: "books",
      operation: "books.invoices.list",
      reason: "DailyBudgetSpent"
    })
    assert.match(spent.message, /^Zoho rate limit \(DailyBudgetSpent\) on books\.invoices\.list: the daily API budget/)
    const tooLong = new ZohoError.ZohoRateLimited({
      product: "crm",
      operation: "crm.leads.list",
      reason: "RetryAfterTooLong",
      retryAfter: Duration.minutes(10)
    })
    assert.include(tooLong.message, "wait 10 min")
    assert.include(tooLong.message, "maxRetryAfter")
  })

  it("ZohoTimeoutError names the request, the bound and what to do", () => {
    const error = new ZohoError.ZohoTimeoutError({
      phase: "read",
      method: "GET",
      url: "https://www.zohoapis.com/crm/v8/Leads",
      timeout: Duration.seconds(60)
    })
    assert.match(error.message, /^no answer to GET https:\/\/www\.zohoapis\.com\/crm\/v8\/Leads within 60 s: /)
    assert.include(error.message, "readTimeout")
  })
})

describe("ZohoError redaction", () => {
  it("server text in ZohoApiError message and details is redacted and on one line", () => {
    const error = new ZohoError.ZohoApiError({
      product: "crm",
      operation: "crm.leads.list",
      status: 400,
      code: "INVALID_DATA",
      message: echo,
      details: { echo, nested: [{ access_token: "plain-value-hunter2" }] }
    })
    assertClean(error)
    assert.notInclude(JSON.stringify(error), "plain-value")
    assert.strictEqual(error.code, "INVALID_DATA")
  })

  it("ZohoDecodeError keeps the body, redacted", () => {
    const body = JSON.stringify({ data: 1, access_token: token, code: "INVALID_DATA", echo })
    const error = new ZohoError.ZohoDecodeError({ operation: "op", status: 200, body, message: `bad\n${echo}` })
    assertClean(error)
    assert.include(error.body, `"code":"INVALID_DATA"`, "Zoho's error codes are kept")
    assert.include(error.body, `"data":1`)
  })

  it("a transport error's cause keeps names, messages and codes, never the request", () => {
    const request = { url: "https://x", headers: { authorization: `Zoho-oauthtoken ${token}` } }
    const cause = Object.assign(new Error(`socket hang up ${echo}`), {
      code: "ECONNRESET",
      request,
      cause: Object.assign(new Error("inner"), { code: "UND_ERR_SOCKET", request })
    })
    const error = new ZohoError.ZohoTransportError({
      reason: "ConnectionReset",
      method: "GET",
      url: "https://www.zohoapis.com/crm/v8/Leads",
      maybeProcessed: true,
      message: echo,
      cause
    })
    assertClean(error)
    const kept = error.cause as { readonly code?: unknown; readonly cause?: { readonly code?: unknown } }
    assert.strictEqual(kept.code, "ECONNRESET")
    assert.strictEqual(kept.cause?.code, "UND_ERR_SOCKET")
  })

  it("a token store error's cause (a query with its values) is redacted", () => {
    const error = new ZohoError.TokenStoreError({
      reason: "Unavailable",
      store: "mysql",
      message: "the server went away",
      cause: Object.assign(new Error(`INSERT … VALUES ('${token}')`), { sql: `INSERT … '${token}'` })
    })
    assertClean(error)
  })
})
