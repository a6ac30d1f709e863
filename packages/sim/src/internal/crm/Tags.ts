/**
 * Tags: the per-module tag list under `/settings/tags?module=` and adding or removing tags on
 * one record (`/{module}/{id}/actions/add_tags`) or many (`/{module}/actions/add_tags`).
 * A tag named on a record that does not exist yet is created, as Zoho does.
 */
import type { SimResponse } from "../../SimHttp.js"
import * as SimHttp from "../../SimHttp.js"
import * as Http from "./Http.js"
import type { Entry, Env } from "./Records.js"
import { failure, requireModuleScopes, requireScopes, writeStatus } from "./Records.js"
import type { Tag } from "./State.js"
import { recordKey } from "./State.js"
import type { ModuleState } from "./Store.js"
import { findModule, userRef } from "./Store.js"

/** Tags a module may hold (Zoho: 100). */
const allowedCount = 100
const palette = ["#57B1FD", "#F48435", "#63C57E", "#E7A826", "#879BFC", "#FD87BD", "#B88562", "#969696"]

const moduleParam = (env: Env): ModuleState | SimResponse => {
  const name = env.ctx.request.url.searchParams.get("module")
  if (name === null || name === "") return Http.requiredParam("module")
  return findModule(env.org, name) ?? Http.error(400, "INVALID_MODULE", "the module name given seems to be invalid", {
    param_name: "module"
  })
}

const isResponse = (u: unknown): u is SimResponse =>
  typeof u === "object" && u !== null && "status" in u && "headers" in u

const userJson = (u: { id: string; name: string }) => ({ id: u.id, name: u.name })

const tagJson = (t: Tag) => ({
  name: t.name,
  color_code: t.colorCode,
  created_time: Http.zohoTime(t.createdAt),
  modified_time: Http.zohoTime(t.modifiedAt),
  modified_by: userJson(t.modifiedBy),
  created_by: userJson(t.createdBy),
  id: t.id
})

const tagsOf = (env: Env, module: string): Array<Tag> =>
  [...env.org.extras.tags.values()].filter((t) => t.module === module)

export const list = (env: Env): SimResponse => {
  const denied = requireScopes(env, ["ZohoCRM.settings.tags.READ"])
  if (denied) return denied
  const mod = moduleParam(env)
  if (isResponse(mod)) return mod
  const tags = tagsOf(env, mod.def.apiName).sort((a, b) => a.name.localeCompare(b.name))
  return Http.ok({ tags: tags.map(tagJson), info: { count: tags.length, allowed_count: allowedCount } })
}

const createTag = (env: Env, module: string, name: string, colorCode: string | undefined): Tag => {
  const me = userRef(env.ctx.caller.user)
  const tag: Tag = {
    id: env.ctx.ids.crm(),
    module,
    name,
    colorCode: colorCode ?? palette[env.org.extras.tags.size % palette.length],
    createdAt: env.ctx.now,
    modifiedAt: env.ctx.now,
    createdBy: me,
    modifiedBy: me
  }
  env.org.extras.tags.set(tag.id, tag)
  return tag
}

export const create = (env: Env): SimResponse => {
  const denied = requireScopes(env, ["ZohoCRM.settings.tags.CREATE"])
  if (denied) return denied
  const mod = moduleParam(env)
  if (isResponse(mod)) return mod
  const body = SimHttp.jsonBody(env.ctx.request)
  const tags = typeof body === "object" && body !== null ? (body as Entry).tags : undefined
  if (!Array.isArray(tags) || tags.length === 0) {
    return Http.error(400, "MANDATORY_NOT_FOUND", "required field not found", { api_name: "tags", json_path: "$.tags" })
  }
  const existing = tagsOf(env, mod.def.apiName)
  const entries = tags.map((t, i): Entry => {
    const input = (typeof t === "object" && t !== null ? t : {}) as Entry
    const name = typeof input.name === "string" ? input.name.trim() : ""
    if (name === "") {
      return failure({
        code: "MANDATORY_NOT_FOUND",
        message: "required field not found",
        details: { api_name: "name", json_path: `$.tags[${i}].name` }
      })
    }
    const dup = existing.find((e) => e.name.toLowerCase() === name.toLowerCase())
    if (dup !== undefined) {
      return failure({
        code: "DUPLICATE_DATA",
        message: "duplicate data",
        details: { api_name: "name", json_path: `$.tags[${i}].name`, id: dup.id }
      })
    }
    if (existing.length >= allowedCount) {
      return failure({ code: "LIMIT_EXCEEDED", message: "tags limit exceeded", details: { limit: allowedCount } })
    }
    const tag = createTag(
      env,
      mod.def.apiName,
      name,
      typeof input.color_code === "string" ? input.color_code : undefined
    )
    existing.push(tag)
    return { code: "SUCCESS", details: tagJson(tag), message: "tags created successfully", status: "success" }
  })
  return Http.ok({ tags: entries }, writeStatus(entries, 201))
}

/** Tag names or ids from the body (`tags: [{name}|{id}]`) or the older `tag_names` parameter. */
const requestedTags = (env: Env, body: Entry | undefined): ReadonlyArray<{ name?: string; id?: string }> => {
  const tags = body?.tags
  if (Array.isArray(tags)) {
    return tags.flatMap((t) => {
      if (typeof t === "string") return [{ name: t }]
      if (typeof t !== "object" || t === null) return []
      const e = t as Entry
      return [{
        ...(typeof e.name === "string" ? { name: e.name } : {}),
        ...(typeof e.id === "string" ? { id: e.id } : {})
      }]
    })
  }
  const names = env.ctx.request.url.searchParams.get("tag_names")
  return names === null ? [] : names.split(",").map((n) => ({ name: n.trim() })).filter((n) => n.name.length > 0)
}

const recordIds = (env: Env, body: Entry | undefined): ReadonlyArray<string> => {
  if (Array.isArray(body?.ids)) return body.ids.filter((i): i is string => typeof i === "string")
  const raw = env.ctx.request.url.searchParams.get("ids")
  return raw === null ? [] : raw.split(",").map((s) => s.trim()).filter((s) => s.length > 0)
}

/** `add_tags` / `remove_tags` on one record (`pathId`) or on the `ids` of the body. */
export const change = (
  env: Env,
  mod: ModuleState,
  pathId: string | undefined,
  action: "add" | "remove"
): SimResponse => {
  const denied = requireModuleScopes(env, mod, ["WRITE"])
  if (denied) return denied
  const raw = SimHttp.jsonBody(env.ctx.request)
  const body = typeof raw === "object" && raw !== null ? (raw as Entry) : undefined
  const wanted = requestedTags(env, body)
  if (wanted.length === 0) {
    return Http.error(400, "MANDATORY_NOT_FOUND", "required field not found", { api_name: "tags", json_path: "$.tags" })
  }
  const ids = pathId !== undefined ? [pathId] : recordIds(env, body)
  if (ids.length === 0) {
    return Http.error(400, "MANDATORY_NOT_FOUND", "required field not found", { api_name: "ids", json_path: "$.ids" })
  }
  if (ids.length > env.options.tagRecordLimit) {
    return Http.error(400, "LIMIT_EXCEEDED", "limit exceeded", {
      api_name: "ids",
      json_path: "$.ids",
      limit: env.options.tagRecordLimit
    })
  }
  const overWrite = body?.over_write === true
  const moduleTags = tagsOf(env, mod.def.apiName)
  const resolve = (t: { name?: string; id?: string }): Tag | undefined => {
    const found = moduleTags.find((m) =>
      (t.id !== undefined && m.id === t.id) || (t.name !== undefined && m.name.toLowerCase() === t.name.toLowerCase())
    )
    if (found !== undefined || action === "remove" || t.name === undefined) return found
    const created = createTag(env, mod.def.apiName, t.name, undefined)
    moduleTags.push(created)
    return created
  }
  const resolved = wanted.map(resolve)
  const unknown = wanted.findIndex((t, i) => resolved[i] === undefined && (action === "add" || t.id !== undefined))
  if (unknown !== -1) {
    return Http.error(400, "INVALID_DATA", "invalid data", { api_name: "id", json_path: `$.tags[${unknown}].id` })
  }
  const tagIds = resolved.flatMap((t) => (t === undefined ? [] : [t.id]))
  const entries = ids.map((id): Entry => {
    if (!mod.records.has(id)) {
      return failure({ code: "INVALID_DATA", message: "record not deleted", details: { id } })
    }
    const key = recordKey(mod.def.apiName, id)
    const current = env.org.extras.recordTags.get(key) ?? []
    const next = action === "remove"
      ? current.filter((t) => !tagIds.includes(t))
      : [...new Set([...(overWrite ? [] : current), ...tagIds])]
    env.org.extras.recordTags.set(key, next)
    return {
      code: "SUCCESS",
      details: {
        id,
        tags: next.flatMap((t) => {
          const tag = env.org.extras.tags.get(t)
          return tag === undefined ? [] : [{ id: tag.id, name: tag.name, color_code: tag.colorCode }]
        })
      },
      message: action === "add" ? "tags updated successfully" : "tags removed successfully",
      status: "success"
    }
  })
  return Http.ok({ data: entries }, writeStatus(entries, 200))
}
