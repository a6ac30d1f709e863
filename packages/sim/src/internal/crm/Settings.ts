/**
 * Org settings the records API reads: custom views, roles, profiles and the recycle bin, plus
 * CRM functions (`/functions/{name}/actions/execute`) backed by the functions in the options.
 */
import * as Effect from "effect/Effect"
import type { SimResponse } from "../../SimHttp.js"
import * as Body from "../body.js"
import * as Http from "./Http.js"
import type { Entry, Env } from "./Records.js"
import { failure, requireScopes, writeStatus } from "./Records.js"
import * as Shapes from "./Shapes.js"
import type { DeletedRec, ModuleState } from "./Store.js"
import { crmUserId, findModule } from "./Store.js"

const fixedId = (env: Env, name: string): string => {
  const ids = env.org.extras.fixedIds
  let id = ids.get(name)
  if (id === undefined) {
    id = env.ctx.ids.crm()
    ids.set(name, id)
  }
  return id
}

/** The role and profile a seed user has (admins: CEO / Administrator), with the ids `/settings/…` answer. */
export const roleOf = (env: Env, admin: boolean) => {
  const name = admin ? "CEO" : "Manager"
  return { name, id: fixedId(env, `role:${name}`) }
}

export const profileOf = (env: Env, admin: boolean) => {
  const name = admin ? "Administrator" : "Standard"
  return { name, id: fixedId(env, `profile:${name}`) }
}

const moduleParam = (env: Env): ModuleState | SimResponse => {
  const name = env.ctx.request.url.searchParams.get("module")
  if (name === null || name === "") return Http.requiredParam("module")
  return findModule(env.org, name) ??
    Http.error(400, "INVALID_MODULE", "the module name given seems to be invalid", { param_name: "module" })
}

const isResponse = (u: unknown): u is SimResponse =>
  typeof u === "object" && u !== null && "status" in u && "headers" in u

// ---------------------------------------------------------------------------------------------
// Custom views

const viewsOf = (env: Env, mod: ModuleState) => {
  const plural = mod.def.apiName.replace(/__c$/, "").replace(/_/g, " ")
  const names: ReadonlyArray<[string, string]> = [
    [`All ${plural}`, "all"],
    [`My ${plural}`, "my"],
    [`Recently Created ${plural}`, "recent"]
  ]
  const admin = env.org.users.find((u) => u.role === "admin") ?? env.ctx.caller.user
  const creator = { name: admin.name, id: crmUserId(admin) }
  const createdTime = mod.def.fields.find((f) => f.apiName === "Created_Time")
  return names.map(([name, system], i) => ({
    ...Shapes.customViewShape,
    id: fixedId(env, `cv:${mod.def.apiName}:${system}`),
    name,
    display_value: name,
    system_name: `${system.toUpperCase()}VIEW`,
    category: "public_views",
    default: i === 0,
    system_defined: true,
    favorite: null,
    sort_by: createdTime === undefined
      ? { api_name: "id", id: mod.id }
      : { api_name: createdTime.apiName, id: mod.fieldIds.get(createdTime.apiName) ?? "" },
    sort_order: "desc",
    access_type: "public",
    offline: false,
    locked: false,
    shared_to: [],
    module: { api_name: mod.def.apiName, name: mod.def.apiName, id: mod.id },
    last_accessed_time: null,
    created_time: null,
    modified_time: null,
    created_by: creator,
    modified_by: creator
  }))
}

const viewsInfo = (views: ReadonlyArray<{ readonly id: string }>) => ({
  ...Shapes.customViewInfoShape,
  per_page: 200,
  default: views[0]?.id ?? null,
  count: views.length,
  page: 1,
  more_records: false,
  translation: {
    public_views: "Public Views",
    other_users_views: "Other Users' Views",
    shared_with_me: "Shared With Me",
    created_by_me: "Created By Me"
  }
})

export const customViews = (env: Env, id: string | undefined): SimResponse => {
  const denied = requireScopes(env, ["ZohoCRM.settings.custom_views.READ"])
  if (denied) return denied
  const mod = moduleParam(env)
  if (isResponse(mod)) return mod
  const views = viewsOf(env, mod)
  if (id !== undefined) {
    const view = views.find((v) => v.id === id)
    if (view === undefined) return Http.noContent()
    return Http.ok({
      custom_views: [{
        ...view,
        fields: mod.def.fields.slice(0, 8).map((f) => ({
          ...Shapes.customViewFieldShape,
          api_name: f.apiName,
          id: mod.fieldIds.get(f.apiName) ?? ""
        }))
      }],
      info: viewsInfo(views)
    })
  }
  return Http.ok({ custom_views: views, info: viewsInfo(views) })
}

// ---------------------------------------------------------------------------------------------
// Roles and profiles

const rolesOf = (env: Env) => {
  const ceo = roleOf(env, true)
  const manager = roleOf(env, false)
  return [
    {
      display_label: ceo.name,
      forecast_manager: null,
      share_with_peers: true,
      name: ceo.name,
      description: null,
      id: ceo.id,
      reporting_to: null,
      admin_user: true
    },
    {
      display_label: manager.name,
      forecast_manager: null,
      share_with_peers: false,
      name: manager.name,
      description: null,
      id: manager.id,
      reporting_to: ceo,
      admin_user: false
    }
  ]
}

export const roles = (env: Env, id: string | undefined): SimResponse => {
  const denied = requireScopes(env, ["ZohoCRM.settings.roles.READ"])
  if (denied) return denied
  const all = rolesOf(env)
  if (id === undefined) return Http.ok({ roles: all })
  const role = all.find((r) => r.id === id)
  return role === undefined
    ? Http.error(400, "INVALID_DATA", "the id given seems to be invalid", { resource_path_index: 2 })
    : Http.ok({ roles: [role] })
}

/** When the seed's org was set up, as Zoho reports it for system-defined settings. */
const ORG_CREATED = "2024-01-01T00:00:00+00:00"

const profilesOf = (env: Env) => {
  const admin = env.org.users.find((u) => u.role === "admin") ?? env.ctx.caller.user
  const creator = { name: admin.name, id: crmUserId(admin) }
  return (["Administrator", "Standard"] as const).map((name) => ({
    ...Shapes.profileShape,
    display_label: name,
    created_time: ORG_CREATED,
    modified_time: ORG_CREATED,
    name,
    modified_by: creator,
    description: null,
    id: fixedId(env, `profile:${name}`),
    category: false,
    created_by: creator,
    default: name === "Standard",
    custom: false,
    delete: false,
    permission_type: name === "Administrator" ? "crm_admin" : "crm_standard"
  }))
}

export const profiles = (env: Env, id: string | undefined): SimResponse => {
  const denied = requireScopes(env, ["ZohoCRM.settings.profiles.READ"])
  if (denied) return denied
  const all = profilesOf(env)
  if (id === undefined) return Http.ok({ profiles: all })
  const profile = all.find((p) => p.id === id)
  return profile === undefined ? Http.noContent() : Http.ok({ profiles: [profile] })
}

// ---------------------------------------------------------------------------------------------
// Recycle bin

const binEntries = (env: Env, only: ModuleState | undefined) =>
  env.org.modules
    .filter((m) => only === undefined || m === only)
    .flatMap((m) => m.deleted.map((d) => ({ mod: m, d })))
    .sort((a, b) => b.d.deletedAt - a.d.deletedAt)

const binJson = (mod: ModuleState, d: DeletedRec) => ({
  display_name: d.displayName,
  owner: { name: d.createdBy.name, id: d.createdBy.id },
  module: { api_name: mod.def.apiName, id: mod.id },
  deleted_by: { name: d.deletedBy.name, id: d.deletedBy.id },
  id: d.id,
  deleted_time: Http.zohoTime(d.deletedAt)
})

export const recycleBin = (env: Env, id: string | undefined): SimResponse => {
  const method = env.ctx.request.method.toUpperCase()
  const denied = requireScopes(env, [`ZohoCRM.settings.recycle_bin.${method === "GET" ? "READ" : "DELETE"}`])
  if (denied) return denied
  const q = env.ctx.request.url.searchParams
  const moduleName = q.get("module")
  const only = moduleName === null ? undefined : findModule(env.org, moduleName)
  if (moduleName !== null && only === undefined) {
    return Http.error(400, "INVALID_MODULE", "the module name given seems to be invalid", { param_name: "module" })
  }
  const all = binEntries(env, only)
  if (method === "GET") {
    if (id !== undefined) {
      const hit = all.find((e) => e.d.id === id)
      return hit === undefined
        ? Http.noContent()
        : Http.ok({
          recycle_bin: [binJson(hit.mod, hit.d)],
          info: { per_page: 200, count: 1, page: 1, more_records: false }
        })
    }
    const paging = Http.pageParams(q)
    if ("status" in paging) return paging
    const { page, perPage } = paging
    const slice = all.slice((page - 1) * perPage, page * perPage)
    if (slice.length === 0) return Http.noContent()
    return Http.ok({
      recycle_bin: slice.map((e) => binJson(e.mod, e.d)),
      info: { per_page: perPage, count: slice.length, page, more_records: page * perPage < all.length }
    })
  }
  if (method !== "DELETE") return Http.invalidMethod()
  let ids: ReadonlyArray<string>
  if (id !== undefined) ids = [id]
  else {
    const raw = q.get("ids")
    if (raw === null || raw.trim() === "") return Http.requiredParam("ids")
    ids = raw.split(",").map((s) => s.trim()).filter((s) => s.length > 0)
  }
  const entries = ids.map((target): Entry => {
    const hit = all.find((e) => e.d.id === target)
    if (hit === undefined) {
      return failure({ code: "INVALID_DATA", message: "the id given seems to be invalid", details: { id: target } })
    }
    const index = hit.mod.deleted.indexOf(hit.d)
    if (index !== -1) hit.mod.deleted.splice(index, 1)
    return { code: "SUCCESS", details: { id: target }, message: "record deleted", status: "success" }
  })
  // Zoho answers a recycle-bin delete under `recycle_bin`, not `data` (recycle_bin.json).
  return Http.ok({ recycle_bin: entries }, writeStatus(entries, 200))
}

// ---------------------------------------------------------------------------------------------
// Functions

const parseArguments = (raw: string | undefined): Record<string, unknown> | undefined => {
  if (raw === undefined) return undefined
  try {
    const v: unknown = JSON.parse(raw)
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** Query parameters (minus `auth_type`), then the body: JSON, a url-encoded or multipart form. */
const collectArguments = (env: Env): Effect.Effect<Record<string, unknown>> =>
  Effect.map(Body.read(env.ctx.request), (body) => {
    const args: Record<string, unknown> = {}
    const plain = (fields: Readonly<Record<string, string>>) => {
      for (const [k, v] of Object.entries(fields)) if (k !== "auth_type" && k !== "arguments") args[k] = v
      Object.assign(args, parseArguments(fields.arguments))
    }
    const q = env.ctx.request.url.searchParams
    plain(Object.fromEntries(q.entries()))
    plain(body.form)
    if (body.json._tag === "Parsed") {
      const value = body.json.value
      if (typeof value === "object" && value !== null && !Array.isArray(value)) Object.assign(args, value)
    }
    return args
  })

export const executeFunction = (env: Env, name: string): Effect.Effect<SimResponse> => {
  const method = env.ctx.request.method.toUpperCase()
  if (method !== "GET" && method !== "POST") return Effect.succeed(Http.invalidMethod())
  const denied = requireScopes(env, [`ZohoCRM.functions.execute.${method === "GET" ? "READ" : "CREATE"}`])
  if (denied) return Effect.succeed(denied)
  const fn = Object.prototype.hasOwnProperty.call(env.options.functions, name) ? env.options.functions[name] : undefined
  if (fn === undefined) {
    return Effect.succeed(Http.error(404, "INVALID_URL_PATTERN", "no function with this name", { api_name: name }))
  }
  return Effect.map(collectArguments(env), (args) => {
    let output: unknown
    try {
      output = fn(args)
    } catch (e) {
      return Http.error(400, "FUNCTION_EXECUTION_FAILED", e instanceof Error ? e.message : String(e), {
        api_name: name
      })
    }
    return Http.ok({
      code: "success",
      details: {
        output: typeof output === "string" ? output : JSON.stringify(output ?? null),
        output_type: typeof output === "string" ? "string" : "map",
        id: crmUserId(env.ctx.caller.user)
      },
      message: "function executed successfully"
    })
  })
}
