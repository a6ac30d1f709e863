/**
 * A tiny stand-in product (finance-shaped `/books/v3`, CRM-shaped `/crm/v8`), so the simulator
 * core tests exercise accounts, limits, faults and both faces without the real product handlers.
 */
import { SimHttp } from "@effect-zoho/sim"
import * as Effect from "effect/Effect"
import type { ProductSim } from "../../src/internal/ProductSim.js"
import * as Scopes from "../../src/internal/scopes.js"

export const financeErrors = {
  invalidToken: () => SimHttp.json(401, { code: 57, message: "You are not authorized to perform this operation" }),
  scopeMismatch: (_: ReadonlyArray<string>) => SimHttp.json(401, { code: 57, message: "Invalid scope" }),
  rateLimited: (_: "minute" | "concurrency" | "day") =>
    SimHttp.json(429, { code: 44, message: "API calls limit exceeded" }),
  notFound: () => SimHttp.json(404, { code: 5, message: "Invalid URL Passed" })
}
export const crmErrors = {
  invalidToken: () =>
    SimHttp.json(401, { code: "INVALID_TOKEN", details: {}, message: "invalid oauth token", status: "error" }),
  scopeMismatch: (_: ReadonlyArray<string>) =>
    SimHttp.json(401, { code: "OAUTH_SCOPE_MISMATCH", details: {}, message: "invalid oauth scope", status: "error" }),
  rateLimited: (_: "minute" | "concurrency" | "day") =>
    SimHttp.json(429, { code: "TOO_MANY_REQUESTS", details: {}, message: "too many requests", status: "error" }),
  notFound: () =>
    SimHttp.json(404, { code: "INVALID_URL_PATTERN", details: {}, message: "invalid url", status: "error" })
}
export const fakeBooks: ProductSim = {
  product: "books",
  basePath: "/books/v3",
  errors: financeErrors,
  orgKey: (ctx) => ctx.request.url.searchParams.get("organization_id") ?? ctx.caller.org.financeOrganizationId ?? "",
  handle: (ctx) => {
    if (Scopes.missing(ctx.caller.scopes, ["ZohoBooks.contacts.READ"]).length > 0) {
      return Effect.succeed(financeErrors.scopeMismatch(["ZohoBooks.contacts.READ"]))
    }
    if (ctx.subpath === "/contacts") {
      return Effect.succeed(SimHttp.json(200, { code: 0, message: "success", contacts: [], user: ctx.caller.user.id }))
    }
    if (ctx.subpath === "/slow") {
      return Effect.as(Effect.sleep("1 second"), SimHttp.json(200, { code: 0, message: "success" }))
    }
    if (ctx.subpath === "/echo") {
      return Effect.succeed(SimHttp.json(200, {
        code: 0,
        message: "success",
        method: ctx.request.method,
        contentType: ctx.request.headers["content-type"] ?? null,
        params: SimHttp.params(ctx.request),
        body: SimHttp.text(ctx.request),
        now: ctx.now,
        id: ctx.ids.finance()
      }))
    }
    return Effect.succeed(financeErrors.notFound())
  }
}
export const fakeCrm: ProductSim = {
  product: "crm",
  basePath: "/crm/v8",
  errors: crmErrors,
  orgKey: (ctx) => ctx.caller.org.id,
  handle: (ctx) =>
    ctx.subpath === "/Leads"
      ? Effect.succeed(
        SimHttp.json(200, { data: [{ id: ctx.ids.crm(), Owner: ctx.caller.user.id }], org: ctx.caller.org.id })
      )
      : ctx.subpath === "/slow"
      ? Effect.as(Effect.sleep("1 second"), SimHttp.json(200, { data: [] }))
      : Effect.succeed(crmErrors.notFound())
}
export const fakeProducts = [fakeBooks, fakeCrm]
