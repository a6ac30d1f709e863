/**
 * The CRM v8 product of the simulator: records, search, COQL, metadata, notes, tags, related
 * records, attachments, photos, settings and functions below `/crm/v8`, the bulk read and write
 * jobs below `/crm/bulk/v8`, and the bulk write upload at `/crm/v8/upload` (the upload host has
 * the same paths, and the simulator routes on paths alone).
 * State lives in the value `make` returns, so every simulator instance has its own.
 */
import * as Effect from "effect/Effect"
import type { SimResponse } from "../../SimHttp.js"
import type { SimSeed } from "../../SimSeed.js"
import type { ProductErrors, ProductSim, RouteContext } from "../ProductSim.js"
import { coql } from "./Coql.js"
import * as Http from "./Http.js"
import * as Jobs from "./Jobs.js"
import * as Metadata from "./Metadata.js"
import * as Notes from "./Notes.js"
import type { CrmOptions } from "./Options.js"
import { defaults } from "./Options.js"
import type { Env } from "./Records.js"
import * as Records from "./Records.js"
import * as Related from "./Related.js"
import { search } from "./Search.js"
import * as Settings from "./Settings.js"
import type { Store } from "./Store.js"
import { findModule, makeStore } from "./Store.js"
import * as Tags from "./Tags.js"

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

type Answer = SimResponse | Effect.Effect<SimResponse>

const BULK = "/crm/bulk/v8"

/** `/crm/bulk/v8/read|write[/{id}[/result]]`. */
const bulkRoute = (env: Env, segments: ReadonlyArray<string>, method: string): Answer => {
  const [kind, id, tail] = segments
  const n = segments.length
  const only = (allowed: string, answer: () => Answer): Answer => method === allowed ? answer() : Http.invalidMethod()
  if (kind === "read") {
    if (n === 1) return only("POST", () => Jobs.createRead(env))
    if (n === 2) return only("GET", () => Jobs.readStatus(env, id))
    if (n === 3 && tail === "result") return only("GET", () => Jobs.readResult(env, id))
  }
  if (kind === "write") {
    if (n === 1) return only("POST", () => Jobs.createWrite(env))
    if (n === 2) return only("GET", () => Jobs.writeStatus(env, id))
    if (n === 3 && tail === "result") return only("GET", () => Jobs.writeResult(env, id))
  }
  return Http.invalidUrl()
}

/** Answer one request; the path is split on `/`, so ids and module names are plain segments. */
const route = (store: Store, options: CrmOptions, ctx: RouteContext): Answer => {
  let segments: ReadonlyArray<string>
  try {
    segments = ctx.subpath.split("/").filter((s) => s.length > 0).map(decodeURIComponent)
  } catch {
    return Http.invalidUrl()
  }
  const method = ctx.request.method.toUpperCase()
  const env: Env = { ctx, org: store.org(ctx), options }
  Jobs.settle(env)
  const pathname = ctx.request.url.pathname
  if (pathname === BULK || pathname.startsWith(`${BULK}/`)) return bulkRoute(env, segments, method)
  const only = (allowed: string, answer: () => Answer): Answer => method === allowed ? answer() : Http.invalidMethod()
  const [first, second, third, fourth] = segments
  const n = segments.length
  if (n === 0) return Http.invalidUrl()

  switch (first) {
    case "upload":
      return n === 1 ? Jobs.upload(env) : Http.invalidUrl()
    case "Notes":
    case "notes":
      if (n === 1) {
        switch (method) {
          case "GET":
            return Notes.listAll(env)
          case "POST":
            return Notes.create(env, undefined)
          case "PUT":
            return Notes.update(env, undefined)
          case "DELETE":
            return Notes.remove(env, undefined)
          default:
            return Http.invalidMethod()
        }
      }
      if (n === 2) {
        switch (method) {
          case "GET":
            return Notes.getOne(env, second)
          case "PUT":
            return Notes.update(env, second)
          case "DELETE":
            return Notes.remove(env, second)
          default:
            return Http.invalidMethod()
        }
      }
      return Http.invalidUrl()
    case "functions":
      return n === 4 && third === "actions" && fourth === "execute"
        ? Settings.executeFunction(env, second)
        : Http.invalidUrl()
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
      if (n === 2 && second === "related_lists") return only("GET", () => Related.listMetadata(env))
      if (second === "tags" && n === 2) {
        return method === "GET" ? Tags.list(env) : method === "POST" ? Tags.create(env) : Http.invalidMethod()
      }
      if (second === "custom_views" && n <= 3) return only("GET", () => Settings.customViews(env, third))
      if (second === "roles" && n <= 3) return only("GET", () => Settings.roles(env, third))
      if (second === "profiles" && n <= 3) return only("GET", () => Settings.profiles(env, third))
      if (second === "recycle_bin" && n <= 3) return Settings.recycleBin(env, third)
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
  if (n === 3 && second === "actions") {
    switch (third) {
      case "count":
        return only("GET", () => Records.count(env, mod))
      case "mass_update":
        return Jobs.massUpdate(env, mod)
      case "add_tags":
        return only("POST", () => Tags.change(env, mod, undefined, "add"))
      case "remove_tags":
        return only("POST", () => Tags.change(env, mod, undefined, "remove"))
    }
    return Http.invalidUrl()
  }
  if (n === 4 && third === "actions") {
    switch (fourth) {
      case "convert":
        return mod.def.apiName === "Leads"
          ? only("POST", () => Records.convertLead(env, mod, second))
          : Http.invalidUrl()
      case "add_tags":
        return only("POST", () => Tags.change(env, mod, second, "add"))
      case "remove_tags":
        return only("POST", () => Tags.change(env, mod, second, "remove"))
    }
    return Http.invalidUrl()
  }
  if (n === 3 && third === "photo") return Related.photo(env, mod, second)
  if ((n === 3 || n === 4) && third.toLowerCase() === "attachments") {
    return Related.attachments(env, mod, second, segments[3])
  }
  if ((n === 3 || n === 4) && third.toLowerCase() === "notes") return Related.notes(env, mod, second, segments[3])
  if (n === 3 || n === 4) return Related.records(env, mod, second, third, segments[3])
  return Http.invalidUrl()
}

/** The CRM product with explicit behaviour switches (tests shrink limits this way). */
export const makeWith = (seed: SimSeed, overrides: Partial<CrmOptions> = {}): ProductSim => {
  const store = makeStore(seed)
  const options: CrmOptions = { ...defaults, ...overrides }
  return {
    product: "crm",
    basePath: "/crm/v8",
    extraBasePaths: [BULK],
    errors,
    orgKey: (ctx) => ctx.caller.org.id,
    handle: (ctx) =>
      Effect.suspend(() => {
        const answer = route(store, options, ctx)
        return Effect.isEffect(answer) ? answer : Effect.succeed(answer)
      }).pipe(
        // `handle` never fails: a bug in a handler becomes Zoho's 500 rather than a defect.
        Effect.catchAllDefect(() =>
          Effect.succeed(Http.error(500, "INTERNAL_ERROR", "Internal server error occurred."))
        )
      )
  }
}

export const make = (seed: SimSeed): ProductSim => makeWith(seed)
