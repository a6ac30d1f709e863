/**
 * The CRM v8 product of the simulator: records, search, COQL and metadata below `/crm/v8`.
 * State lives in the value `make` returns, so every simulator instance has its own.
 */
import * as Effect from "effect/Effect"
import type { SimResponse } from "../../SimHttp.js"
import type { SimSeed } from "../../SimSeed.js"
import type { ProductErrors, ProductSim, RouteContext } from "../ProductSim.js"
import { coql } from "./Coql.js"
import * as Http from "./Http.js"
import * as Metadata from "./Metadata.js"
import type { CrmOptions } from "./Options.js"
import { defaults } from "./Options.js"
import type { Env } from "./Records.js"
import * as Records from "./Records.js"
import { search } from "./Search.js"
import type { Store } from "./Store.js"
import { findModule, makeStore } from "./Store.js"

export type { CrmOptions } from "./Options.js"

export const errors: ProductErrors = {
  invalidToken: () => Http.error(401, "INVALID_TOKEN", "invalid oauth token"),
  scopeMismatch: (required) => Http.scopeMismatch(required),
  rateLimited: (kind) =>
    Http.error(
      429,
      "TOO_MANY_REQUESTS",
      kind === "concurrency"
        ? "The number of concurrent requests exceeded the allowed limit"
        : "The number of API requests exceeded the allowed limit",
      {}
    ),
  notFound: () => Http.invalidUrl()
}

/** Answer one request; the path is split on `/`, so ids and module names are plain segments. */
const route = (store: Store, options: CrmOptions, ctx: RouteContext): SimResponse => {
  let segments: ReadonlyArray<string>
  try {
    segments = ctx.subpath.split("/").filter((s) => s.length > 0).map(decodeURIComponent)
  } catch {
    return Http.invalidUrl()
  }
  const method = ctx.request.method.toUpperCase()
  const env: Env = { ctx, org: store.org(ctx), options }
  const only = (allowed: string, answer: () => SimResponse): SimResponse =>
    method === allowed ? answer() : Http.invalidMethod()
  const [first, second, third, fourth] = segments
  const n = segments.length
  if (n === 0) return Http.invalidUrl()

  switch (first) {
    case "coql":
      return n === 1 ? only("POST", () => coql(env)) : Http.invalidUrl()
    case "org":
      return n === 1 ? only("GET", () => Metadata.org(env)) : Http.invalidUrl()
    case "users":
      if (n === 1) return only("GET", () => Metadata.users(env))
      if (n === 2) return only("GET", () => Metadata.user(env, second))
      return Http.invalidUrl()
    case "settings":
      if (n === 2 && second === "modules") return only("GET", () => Metadata.modules(env))
      if (n === 3 && second === "modules") return only("GET", () => Metadata.moduleDetail(env, third))
      if (n === 2 && second === "fields") return only("GET", () => Metadata.fields(env))
      if (n === 2 && second === "layouts") return only("GET", () => Metadata.layouts(env))
      return Http.invalidUrl()
  }

  const mod = findModule(env.org, first)
  if (mod === undefined) return Http.invalidModule()
  if (n === 1) {
    switch (method) {
      case "GET":
        return Records.list(env, mod)
      case "POST":
        return Records.insert(env, mod)
      case "PUT":
        return Records.update(env, mod, undefined)
      case "DELETE":
        return Records.remove(env, mod, undefined)
      default:
        return Http.invalidMethod()
    }
  }
  if (n === 2) {
    switch (second) {
      case "upsert":
        return only("POST", () => Records.upsert(env, mod))
      case "search":
        return only("GET", () => search(env, mod))
      case "deleted":
        return only("GET", () => Records.deleted(env, mod))
    }
    switch (method) {
      case "GET":
        return Records.get(env, mod, second)
      case "PUT":
        return Records.update(env, mod, second)
      case "DELETE":
        return Records.remove(env, mod, second)
      default:
        return Http.invalidMethod()
    }
  }
  if (n === 3 && second === "actions" && third === "count") return only("GET", () => Records.count(env, mod))
  if (n === 4 && third === "actions" && fourth === "convert" && mod.def.apiName === "Leads") {
    return only("POST", () => Records.convertLead(env, mod, second))
  }
  return Http.invalidUrl()
}

/** The CRM product with explicit behaviour switches (tests shrink limits this way). */
export const makeWith = (seed: SimSeed, overrides: Partial<CrmOptions> = {}): ProductSim => {
  const store = makeStore(seed)
  const options: CrmOptions = { ...defaults, ...overrides }
  return {
    product: "crm",
    basePath: "/crm/v8",
    errors,
    orgKey: (ctx) => ctx.caller.org.id,
    handle: (ctx) =>
      Effect.sync(() => {
        // `handle` never fails: a bug in a handler becomes Zoho's 500 rather than a defect.
        try {
          return route(store, options, ctx)
        } catch {
          return Http.error(500, "INTERNAL_ERROR", "Internal server error occurred.")
        }
      })
  }
}

export const make = (seed: SimSeed): ProductSim => makeWith(seed)
