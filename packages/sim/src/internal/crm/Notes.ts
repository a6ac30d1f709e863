/**
 * Notes: `/Notes[/{id}]` across the org and `/{module}/{id}/Notes` for one record. Notes need
 * a parent record that exists, and go when it is deleted only in Zoho's UI, not here.
 */
import type { SimResponse } from "../../SimHttp.js"
import * as SimHttp from "../../SimHttp.js"
import * as Http from "./Http.js"
import type { Entry, Env } from "./Records.js"
import { failure, parseFields, requireModuleScopes, requireScopes, writeStatus } from "./Records.js"
import type { Note } from "./State.js"
import type { ModuleState } from "./Store.js"
import { findModule, userRef } from "./Store.js"
import type { ValueError } from "./Values.js"

const scope = (op: string) => [`ZohoCRM.modules.notes.${op}`]

const isResponse = (u: unknown): u is SimResponse =>
  typeof u === "object" && u !== null && "status" in u && "headers" in u

const user = (u: { id: string; name: string; email: string }) => ({ id: u.id, name: u.name, email: u.email })

export const render = (env: Env, note: Note, fields: ReadonlyArray<string> | undefined): Entry => {
  const mod = findModule(env.org, note.parentModule)
  const parent = mod?.records.get(note.parentId)
  const full: Entry = {
    Modified_Time: Http.zohoTime(note.modifiedAt),
    $attachments: [],
    Owner: user(note.owner),
    Created_Time: Http.zohoTime(note.createdAt),
    Parent_Id: {
      module: { api_name: note.parentModule, id: mod?.id ?? "" },
      id: note.parentId,
      name: mod !== undefined && parent !== undefined ? mod.def.displayName(parent.values) : null
    },
    $editable: true,
    $is_shared_to_client: false,
    $sharing_permission: "full_access",
    Modified_By: user(note.modifiedBy),
    $size: String(note.content.length),
    $state: "save",
    $voice_note: false,
    id: note.id,
    Created_By: user(note.createdBy),
    Note_Title: note.title,
    Note_Content: note.content
  }
  if (fields === undefined) return full
  // `$` properties come with every note, whatever `fields` names.
  const out: Entry = { id: note.id }
  for (const [k, v] of Object.entries(full)) if (k.startsWith("$") || fields.includes(k)) out[k] = v
  return out
}

const page = (env: Env, notes: ReadonlyArray<Note>): SimResponse => {
  const q = env.ctx.request.url.searchParams
  const fields = parseFields(q.get("fields"), true)
  if (isResponse(fields)) return fields
  const paging = Http.pageParams(q)
  if ("status" in paging) return paging
  const { page: p, perPage } = paging
  const sorted = [...notes].sort((a, b) => b.modifiedAt - a.modifiedAt || (a.id < b.id ? 1 : -1))
  const slice = sorted.slice((p - 1) * perPage, p * perPage)
  if (slice.length === 0) return Http.noContent()
  return Http.ok({
    data: slice.map((n) => render(env, n, fields)),
    info: {
      per_page: perPage,
      count: slice.length,
      page: p,
      sort_by: "Modified_Time",
      sort_order: "desc",
      more_records: p * perPage < sorted.length
    }
  })
}

/** `GET /Notes`: only admins may list every note of the org. */
export const listAll = (env: Env): SimResponse => {
  const denied = requireScopes(env, scope("READ"))
  if (denied) return denied
  if (env.ctx.caller.user.role === "standard") {
    return Http.error(403, "NO_PERMISSION", "permission denied", { permissions: ["Crm_Implied_View_Notes"] })
  }
  return page(env, [...env.org.extras.notes.values()])
}

export const listFor = (env: Env, mod: ModuleState, recordId: string): SimResponse => {
  const denied = requireScopes(env, scope("READ")) ?? requireModuleScopes(env, mod, ["READ"])
  if (denied) return denied
  if (!mod.records.has(recordId)) return invalidRecord(recordId)
  return page(
    env,
    [...env.org.extras.notes.values()].filter((n) => n.parentModule === mod.def.apiName && n.parentId === recordId)
  )
}

export const getOne = (env: Env, id: string): SimResponse => {
  const denied = requireScopes(env, scope("READ"))
  if (denied) return denied
  const note = env.org.extras.notes.get(id)
  if (note === undefined) return Http.noContent()
  return Http.ok({ data: [render(env, note, undefined)] })
}

const invalidRecord = (id: string): SimResponse =>
  Http.error(400, "INVALID_DATA", "the related id given seems to be invalid", { id, resource_path_index: 1 })

const success = (note: Note, message: string): Entry => ({
  code: "SUCCESS",
  details: {
    Modified_Time: Http.zohoTime(note.modifiedAt),
    Modified_By: { id: note.modifiedBy.id, name: note.modifiedBy.name },
    Created_Time: Http.zohoTime(note.createdAt),
    id: note.id,
    Created_By: { id: note.createdBy.id, name: note.createdBy.name }
  },
  message,
  status: "success"
})

const readData = (env: Env): ReadonlyArray<unknown> | SimResponse => {
  const body = SimHttp.jsonBody(env.ctx.request)
  const data = typeof body === "object" && body !== null ? (body as Entry).data : undefined
  if (!Array.isArray(data) || data.length === 0) {
    return Http.error(400, "MANDATORY_NOT_FOUND", "required field not found", { api_name: "data", json_path: "$.data" })
  }
  if (data.length > 100) {
    return Http.error(400, "LIMIT_EXCEEDED", "limit exceeded", { api_name: "data", json_path: "$.data", limit: 100 })
  }
  return data
}

const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined)

/** The parent a note names: `Parent_Id: {module: {api_name}, id}`, or the older `$se_module` + id. */
const parentOf = (env: Env, input: Entry, i: number): { module: ModuleState; id: string } | ValueError => {
  const raw = input.Parent_Id
  const obj = typeof raw === "object" && raw !== null ? (raw as Entry) : undefined
  const moduleRaw = obj?.module
  const moduleName = typeof moduleRaw === "object" && moduleRaw !== null
    ? text((moduleRaw as Entry).api_name)
    : text(moduleRaw) ?? text(input.$se_module)
  const id = obj !== undefined ? text(obj.id) : text(raw)
  if (moduleName === undefined || id === undefined) {
    return {
      code: "MANDATORY_NOT_FOUND",
      message: "required field not found",
      details: { api_name: "Parent_Id", json_path: `$.data[${i}].Parent_Id` }
    }
  }
  const mod = findModule(env.org, moduleName)
  if (mod === undefined || !mod.records.has(id)) {
    return {
      code: "INVALID_DATA",
      message: "invalid data",
      details: { api_name: "Parent_Id", json_path: `$.data[${i}].Parent_Id` }
    }
  }
  return { module: mod, id }
}

const isError = (u: unknown): u is ValueError => typeof u === "object" && u !== null && "code" in u

const content = (input: Entry, i: number): string | ValueError => {
  const c = text(input.Note_Content)
  if (c === undefined || c.trim() === "") {
    return {
      code: "MANDATORY_NOT_FOUND",
      message: "required field not found",
      details: { api_name: "Note_Content", json_path: `$.data[${i}].Note_Content` }
    }
  }
  return c
}

/** `POST /Notes` (parent in each note) or `POST /{module}/{id}/Notes` (parent from the path). */
export const create = (env: Env, parent: { module: ModuleState; id: string } | undefined): SimResponse => {
  const denied = requireScopes(env, scope("CREATE"))
  if (denied) return denied
  if (parent !== undefined && !parent.module.records.has(parent.id)) return invalidRecord(parent.id)
  const data = readData(env)
  if (isResponse(data)) return data
  const me = userRef(env.ctx.caller.user)
  const entries = data.map((item, i): Entry => {
    if (typeof item !== "object" || item === null) {
      return failure({ code: "INVALID_DATA", message: "invalid data", details: {} })
    }
    const input = item as Entry
    const target = parent ?? parentOf(env, input, i)
    if (isError(target)) return failure(target)
    const body = content(input, i)
    if (typeof body !== "string") return failure(body)
    const note: Note = {
      id: env.ctx.ids.crm(),
      parentModule: target.module.def.apiName,
      parentId: target.id,
      title: text(input.Note_Title) ?? "",
      content: body,
      owner: me,
      createdAt: env.ctx.now,
      modifiedAt: env.ctx.now,
      createdBy: me,
      modifiedBy: me
    }
    env.org.extras.notes.set(note.id, note)
    return success(note, "record added")
  })
  return Http.ok({ data: entries }, writeStatus(entries, 201))
}

export const update = (env: Env, pathId: string | undefined): SimResponse => {
  const denied = requireScopes(env, scope("WRITE"))
  if (denied) return denied
  const data = readData(env)
  if (isResponse(data)) return data
  const me = userRef(env.ctx.caller.user)
  const entries = data.map((item, i): Entry => {
    const input = (typeof item === "object" && item !== null ? item : {}) as Entry
    const id = pathId ?? text(input.id)
    const note = id === undefined ? undefined : env.org.extras.notes.get(id)
    if (note === undefined) {
      return failure({
        code: "INVALID_DATA",
        message: "the id given seems to be invalid",
        details: { api_name: "id", json_path: `$.data[${i}].id` }
      })
    }
    if ("Note_Content" in input) {
      const body = content(input, i)
      if (typeof body !== "string") return failure(body)
      note.content = body
    }
    if (typeof input.Note_Title === "string") note.title = input.Note_Title
    note.modifiedAt = env.ctx.now
    note.modifiedBy = me
    return success(note, "record updated")
  })
  return Http.ok({ data: entries }, writeStatus(entries, 200))
}

export const remove = (env: Env, pathId: string | undefined): SimResponse => {
  const denied = requireScopes(env, scope("DELETE"))
  if (denied) return denied
  let ids: ReadonlyArray<string>
  if (pathId !== undefined) ids = [pathId]
  else {
    const raw = env.ctx.request.url.searchParams.get("ids")
    if (raw === null || raw.trim() === "") return Http.requiredParam("ids")
    ids = raw.split(",").map((s) => s.trim()).filter((s) => s.length > 0)
    if (ids.length > 100) return Http.error(400, "LIMIT_EXCEEDED", "limit exceeded", { param_name: "ids", limit: 100 })
  }
  const entries = ids.map((id): Entry => {
    if (!env.org.extras.notes.delete(id)) {
      return failure({ code: "INVALID_DATA", message: "the id given seems to be invalid", details: { id } })
    }
    return { code: "SUCCESS", details: { id }, message: "record deleted", status: "success" }
  })
  return Http.ok({ data: entries }, writeStatus(entries, 200))
}
