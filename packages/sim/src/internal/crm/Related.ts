/**
 * Related records (`/{module}/{id}/{relatedList}[/{relatedId}]`), the related-list metadata,
 * attachments and record photos. Lookup-based lists (Accounts → Contacts, Contacts → Deals, …)
 * follow the child's lookup field; Deals → Contacts is a many-to-many link (contact roles).
 */
import * as Effect from "effect/Effect"
import type { SimResponse } from "../../SimHttp.js"
import * as SimHttp from "../../SimHttp.js"
import * as Http from "./Http.js"
import type { FieldDef } from "./Model.js"
import * as Multipart from "./Multipart.js"
import * as Notes from "./Notes.js"
import type { Entry, Env } from "./Records.js"
import { failure, parseFields, requireModuleScopes, requireScopes, writeStatus } from "./Records.js"
import type { Attachment } from "./State.js"
import { recordKey } from "./State.js"
import type { ModuleState, Rec } from "./Store.js"
import { findModule, markModified, userRef } from "./Store.js"
import { render } from "./Values.js"

type RelatedList =
  | { readonly _tag: "Lookup"; readonly apiName: string; readonly child: ModuleState; readonly field: FieldDef }
  | { readonly _tag: "Link"; readonly apiName: string; readonly child: ModuleState }
  | { readonly _tag: "Notes"; readonly apiName: "Notes" }
  | { readonly _tag: "Attachments"; readonly apiName: "Attachments" }

export const relatedLists = (env: Env, parent: ModuleState): ReadonlyArray<RelatedList> => {
  const lists: Array<RelatedList> = []
  for (const child of env.org.modules) {
    for (const f of child.def.fields) {
      if (f.dataType === "lookup" && f.lookupModule === parent.def.apiName) {
        lists.push({ _tag: "Lookup", apiName: child.def.apiName, child, field: f })
      }
    }
  }
  const contacts = findModule(env.org, "Contacts")
  if (parent.def.apiName === "Deals" && contacts !== undefined) {
    lists.push({ _tag: "Link", apiName: "Contacts", child: contacts })
  }
  lists.push({ _tag: "Notes", apiName: "Notes" }, { _tag: "Attachments", apiName: "Attachments" })
  return lists
}

const findList = (env: Env, parent: ModuleState, name: string): RelatedList | undefined =>
  relatedLists(env, parent).find((l) => l.apiName.toLowerCase() === name.toLowerCase())

const isResponse = (u: unknown): u is SimResponse =>
  typeof u === "object" && u !== null && "status" in u && "headers" in u

const invalidParent = (id: string): SimResponse =>
  Http.error(400, "INVALID_DATA", "the related id given seems to be invalid", { id, resource_path_index: 1 })

// ---------------------------------------------------------------------------------------------
// GET /settings/related_lists?module=

export const listMetadata = (env: Env): SimResponse => {
  const denied = requireScopes(env, ["ZohoCRM.settings.related_lists.READ"])
  if (denied) return denied
  const name = env.ctx.request.url.searchParams.get("module")
  if (name === null || name === "") return Http.requiredParam("module")
  const mod = findModule(env.org, name)
  if (mod === undefined) {
    return Http.error(400, "INVALID_MODULE", "the module name given seems to be invalid", { param_name: "module" })
  }
  const lists = relatedLists(env, mod)
  return Http.ok({
    related_lists: lists.map((l, i) => {
      const module = l._tag === "Lookup" || l._tag === "Link" ? l.child.def.apiName : l.apiName
      const child = l._tag === "Lookup" || l._tag === "Link" ? l.child : undefined
      return {
        id: `${mod.id}${String(i + 1).padStart(3, "0")}`,
        sequence_number: String(i + 1),
        display_label: l.apiName.replace(/_/g, " "),
        api_name: l.apiName,
        module: { api_name: module, id: child?.id ?? "" },
        name: l.apiName,
        action: null,
        href: `${mod.def.apiName}/{ENTITYID}/${l.apiName}`,
        type: "default",
        connectedmodule: null,
        linkingmodule: null,
        visible: true,
        customize_sort: false,
        customize_fields: false,
        customize_display_label: false,
        sort_by: null,
        sort_order: null,
        fields: null,
        status: "visible"
      }
    })
  })
}

// ---------------------------------------------------------------------------------------------
// Records of a lookup or link list

const linkKey = (dealId: string) => recordKey("Deals", dealId)

const childIds = (env: Env, list: RelatedList, parentId: string): ReadonlyArray<Rec> => {
  if (list._tag === "Lookup") {
    return [...list.child.records.values()].filter((r) => {
      const v = r.values[list.field.apiName]
      return typeof v === "object" && v !== null && (v as { id?: unknown }).id === parentId
    })
  }
  if (list._tag === "Link") {
    const ids = env.org.extras.dealContacts.get(linkKey(parentId)) ?? new Set<string>()
    return [...ids].flatMap((id) => list.child.records.get(id) ?? [])
  }
  return []
}

const listRecords = (env: Env, list: RelatedList & { child: ModuleState }, parent: ModuleState, parentId: string) => {
  const q = env.ctx.request.url.searchParams
  const fields = parseFields(q.get("fields"), true)
  if (isResponse(fields)) return fields
  const paging = Http.pageParams(q)
  if ("status" in paging) return paging
  const { page, perPage } = paging
  const all = childIds(env, list, parentId)
  const slice = all.slice((page - 1) * perPage, page * perPage)
  if (slice.length === 0) return Http.noContent()
  return Http.ok({
    data: slice.map((r) => render(list.child, r, fields)),
    info: { per_page: perPage, count: slice.length, page, more_records: page * perPage < all.length }
  })
}

const link = (
  env: Env,
  list: RelatedList & { child: ModuleState },
  parent: ModuleState,
  parentId: string,
  childId: string
): Entry => {
  const child = list.child.records.get(childId)
  if (child === undefined) {
    return failure({ code: "INVALID_DATA", message: "the id given seems to be invalid", details: { id: childId } })
  }
  if (list._tag === "Lookup") {
    const parentRec = parent.records.get(parentId)!
    child.values = {
      ...child.values,
      [list.field.apiName]: { id: parentId, name: parent.def.displayName(parentRec.values) }
    }
    markModified(list.child, child, env.ctx.now, userRef(env.ctx.caller.user))
  } else {
    const set = env.org.extras.dealContacts.get(linkKey(parentId)) ?? new Set<string>()
    set.add(childId)
    env.org.extras.dealContacts.set(linkKey(parentId), set)
  }
  return { code: "SUCCESS", details: { id: childId }, message: "relation updated", status: "success" }
}

const delink = (
  env: Env,
  list: RelatedList & { child: ModuleState },
  parent: ModuleState,
  parentId: string,
  childId: string
): Entry => {
  const related = childIds(env, list, parentId).some((r) => r.id === childId)
  if (!related) {
    return failure({ code: "INVALID_DATA", message: "the id given seems to be invalid", details: { id: childId } })
  }
  if (list._tag === "Lookup") {
    const child = list.child.records.get(childId)!
    child.values = { ...child.values, [list.field.apiName]: null }
    markModified(list.child, child, env.ctx.now, userRef(env.ctx.caller.user))
  } else {
    env.org.extras.dealContacts.get(linkKey(parentId))?.delete(childId)
  }
  return { code: "SUCCESS", details: { id: childId }, message: "relation removed", status: "success" }
}

/** `/{module}/{id}/{list}[/{relatedId}]` for lookup and link lists. */
export const records = (
  env: Env,
  parent: ModuleState,
  parentId: string,
  listName: string,
  relatedId: string | undefined
): SimResponse => {
  const list = findList(env, parent, listName)
  if (list === undefined || list._tag === "Notes" || list._tag === "Attachments") return Http.invalidUrl()
  const method = env.ctx.request.method.toUpperCase()
  const ops = method === "GET" ? ["READ" as const] : ["WRITE" as const]
  const denied = requireModuleScopes(env, parent, ops) ?? requireModuleScopes(env, list.child, ops)
  if (denied) return denied
  if (!parent.records.has(parentId)) return invalidParent(parentId)
  switch (method) {
    case "GET": {
      if (relatedId === undefined) return listRecords(env, list, parent, parentId)
      const rec = childIds(env, list, parentId).find((r) => r.id === relatedId)
      return rec === undefined ? Http.noContent() : Http.ok({ data: [render(list.child, rec, undefined)] })
    }
    case "PUT": {
      if (relatedId !== undefined) {
        const entry = link(env, list, parent, parentId, relatedId)
        return Http.ok({ data: [entry] }, writeStatus([entry], 200))
      }
      const body = SimHttp.jsonBody(env.ctx.request)
      const data = typeof body === "object" && body !== null ? (body as Entry).data : undefined
      if (!Array.isArray(data) || data.length === 0) {
        return Http.error(400, "MANDATORY_NOT_FOUND", "required field not found", {
          api_name: "data",
          json_path: "$.data"
        })
      }
      if (data.length > 100) {
        return Http.error(400, "LIMIT_EXCEEDED", "limit exceeded", { api_name: "data", limit: 100 })
      }
      const entries = data.map((item, i): Entry => {
        const id = typeof item === "object" && item !== null ? (item as Entry).id : undefined
        return typeof id === "string"
          ? link(env, list, parent, parentId, id)
          : failure({
            code: "MANDATORY_NOT_FOUND",
            message: "required field not found",
            details: { api_name: "id", json_path: `$.data[${i}].id` }
          })
      })
      return Http.ok({ data: entries }, writeStatus(entries, 200))
    }
    case "DELETE": {
      let ids: ReadonlyArray<string>
      if (relatedId !== undefined) ids = [relatedId]
      else {
        const raw = env.ctx.request.url.searchParams.get("ids")
        if (raw === null || raw.trim() === "") return Http.requiredParam("ids")
        ids = raw.split(",").map((s) => s.trim()).filter((s) => s.length > 0)
      }
      const entries = ids.map((id) => delink(env, list, parent, parentId, id))
      return Http.ok({ data: entries }, writeStatus(entries, 200))
    }
    default:
      return Http.invalidMethod()
  }
}

// ---------------------------------------------------------------------------------------------
// Notes of a record

export const notes = (env: Env, parent: ModuleState, parentId: string, noteId: string | undefined): SimResponse => {
  const method = env.ctx.request.method.toUpperCase()
  if (noteId !== undefined) {
    const note = env.org.extras.notes.get(noteId)
    if (note === undefined || note.parentId !== parentId) return Http.noContent()
    if (method === "GET") return Notes.getOne(env, noteId)
    if (method === "PUT") return Notes.update(env, noteId)
    if (method === "DELETE") return Notes.remove(env, noteId)
    return Http.invalidMethod()
  }
  if (method === "GET") return Notes.listFor(env, parent, parentId)
  if (method === "POST") return Notes.create(env, { module: parent, id: parentId })
  return Http.invalidMethod()
}

// ---------------------------------------------------------------------------------------------
// Attachments

const attachmentJson = (env: Env, parent: ModuleState, a: Attachment): Entry => {
  const rec = parent.records.get(a.parentId)
  const owner = { id: a.createdBy.id, name: a.createdBy.name, email: a.createdBy.email }
  return {
    Owner: owner,
    Modified_By: owner,
    Created_By: owner,
    Parent_Id: { id: a.parentId, name: rec === undefined ? "" : parent.def.displayName(rec.values) },
    $sharing_permission: "full_access",
    $attachment_type: a.bytes === undefined ? 3 : 1,
    id: a.id,
    Modified_Time: Http.zohoTime(a.createdAt),
    Created_Time: Http.zohoTime(a.createdAt),
    File_Name: a.fileName,
    Size: String(a.bytes?.length ?? 0),
    $editable: true,
    $file_id: a.fileId,
    $type: a.bytes === undefined ? "Link URL" : "Attachment",
    $se_module: parent.def.apiName,
    $state: "save",
    $link_url: a.linkUrl ?? null
  }
  void env
}

const attachmentsOf = (env: Env, parent: ModuleState, parentId: string): Array<Attachment> =>
  [...env.org.extras.attachments.values()]
    .filter((a) => a.parentModule === parent.def.apiName && a.parentId === parentId)
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))

const attachmentEntry = (a: Attachment): Entry => ({
  code: "SUCCESS",
  details: {
    Modified_Time: Http.zohoTime(a.createdAt),
    Modified_By: { id: a.createdBy.id, name: a.createdBy.name },
    Created_Time: Http.zohoTime(a.createdAt),
    id: a.id,
    Created_By: { id: a.createdBy.id, name: a.createdBy.name }
  },
  message: "attachment uploaded successfully",
  status: "success"
})

const nameFromUrl = (url: string): string => {
  try {
    const last = new URL(url).pathname.split("/").filter((s) => s.length > 0).pop()
    return last === undefined ? url : decodeURIComponent(last)
  } catch {
    return url
  }
}

const contentDisposition = (name: string): string =>
  // Header values must be Latin-1: the plain parameter gets an ASCII stand-in, `filename*` the real name.
  `attachment; filename="${name.replace(/["\\\r\n]|[^\x20-\x7e]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`

export const attachments = (
  env: Env,
  parent: ModuleState,
  parentId: string,
  attachmentId: string | undefined
): Effect.Effect<SimResponse> => {
  const method = env.ctx.request.method.toUpperCase()
  const denied = requireModuleScopes(env, parent, [
    method === "GET" ? "READ" : method === "DELETE" ? "DELETE" : "WRITE"
  ])
  if (denied) return Effect.succeed(denied)
  if (!parent.records.has(parentId)) return Effect.succeed(invalidParent(parentId))
  const store = env.org.extras.attachments
  if (attachmentId !== undefined) {
    const a = store.get(attachmentId)
    const mine = a !== undefined && a.parentId === parentId && a.parentModule === parent.def.apiName
    if (method === "GET") {
      if (!mine) return Effect.succeed(Http.noContent())
      if (a.bytes === undefined) {
        return Effect.succeed(
          Http.error(400, "INVALID_DATA", "a link attachment has no file to download", { id: a.id })
        )
      }
      return Effect.succeed({
        status: 200,
        headers: {
          "content-type": a.contentType,
          "content-disposition": contentDisposition(a.fileName),
          "content-length": String(a.bytes.length)
        },
        body: a.bytes
      })
    }
    if (method === "DELETE") {
      if (!mine) {
        return Effect.succeed(Http.error(400, "INVALID_DATA", "the id given seems to be invalid", { id: attachmentId }))
      }
      store.delete(attachmentId)
      return Effect.succeed(
        Http.ok({
          data: [{ code: "SUCCESS", details: { id: attachmentId }, message: "record deleted", status: "success" }]
        })
      )
    }
    return Effect.succeed(Http.invalidMethod())
  }
  switch (method) {
    case "GET": {
      const q = env.ctx.request.url.searchParams
      const paging = Http.pageParams(q)
      if ("status" in paging) return Effect.succeed(paging)
      const { page, perPage } = paging
      const all = attachmentsOf(env, parent, parentId)
      const slice = all.slice((page - 1) * perPage, page * perPage)
      if (slice.length === 0) return Effect.succeed(Http.noContent())
      return Effect.succeed(Http.ok({
        data: slice.map((a) => attachmentJson(env, parent, a)),
        info: { per_page: perPage, count: slice.length, page, more_records: page * perPage < all.length }
      }))
    }
    case "POST":
      return Effect.map(Multipart.parse(env.ctx.request), (form): SimResponse => {
        const url = form?.text("attachmentUrl") ?? env.ctx.request.url.searchParams.get("attachmentUrl") ?? undefined
        const file = form?.file("file")
        if (file === undefined && url === undefined) {
          return Http.error(400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", {
            param_name: "file"
          })
        }
        if (file !== undefined && file.bytes.length > env.options.attachmentMaxBytes) {
          return Http.error(400, "FILE_SIZE_MORE_THAN_ALLOWED_SIZE", "file size exceeds the allowed limit", {
            max_size: env.options.attachmentMaxBytes
          })
        }
        const me = userRef(env.ctx.caller.user)
        const a: Attachment = {
          id: env.ctx.ids.crm(),
          parentModule: parent.def.apiName,
          parentId,
          fileName: file !== undefined ? (file.name || "file") : form?.text("title") ?? nameFromUrl(url!),
          contentType: file !== undefined ? (file.type || "application/octet-stream") : "text/uri-list",
          bytes: file?.bytes,
          linkUrl: file === undefined ? url : undefined,
          fileId: `${env.ctx.ids.crm()}${env.ctx.ids.crm().slice(-6)}`,
          createdAt: env.ctx.now,
          createdBy: me
        }
        store.set(a.id, a)
        return Http.ok({ data: [attachmentEntry(a)] })
      })
    case "DELETE": {
      const raw = env.ctx.request.url.searchParams.get("ids")
      if (raw === null || raw.trim() === "") return Effect.succeed(Http.requiredParam("ids"))
      const entries = raw.split(",").map((s) => s.trim()).filter((s) => s.length > 0).map((id): Entry => {
        const a = store.get(id)
        if (a === undefined || a.parentId !== parentId) {
          return failure({ code: "INVALID_DATA", message: "the id given seems to be invalid", details: { id } })
        }
        store.delete(id)
        return { code: "SUCCESS", details: { id }, message: "record deleted", status: "success" }
      })
      return Effect.succeed(Http.ok({ data: entries }, writeStatus(entries, 200)))
    }
    default:
      return Effect.succeed(Http.invalidMethod())
  }
}

// ---------------------------------------------------------------------------------------------
// Photo

const photoModules = new Set(["Leads", "Contacts", "Accounts"])

/** The image type from the file's first bytes (PNG, JPEG, GIF, BMP), whatever the part claims. */
const imageType = (bytes: Uint8Array): string | undefined => {
  const b = (i: number) => bytes[i] ?? -1
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4E && b(3) === 0x47) return "image/png"
  if (b(0) === 0xFF && b(1) === 0xD8 && b(2) === 0xFF) return "image/jpeg"
  if (b(0) === 0x47 && b(1) === 0x49 && b(2) === 0x46) return "image/gif"
  if (b(0) === 0x42 && b(1) === 0x4D) return "image/bmp"
  return undefined
}

export const photo = (env: Env, mod: ModuleState, recordId: string): Effect.Effect<SimResponse> => {
  const method = env.ctx.request.method.toUpperCase()
  const denied = requireModuleScopes(env, mod, [method === "GET" ? "READ" : "WRITE"])
  if (denied) return Effect.succeed(denied)
  if (!mod.def.custom && !photoModules.has(mod.def.apiName)) {
    return Effect.succeed(
      Http.error(400, "NOT_SUPPORTED", "photo is not supported for this module", { module: mod.def.apiName })
    )
  }
  if (!mod.records.has(recordId)) {
    return Effect.succeed(Http.error(400, "INVALID_DATA", "the id given seems to be invalid", { id: recordId }))
  }
  const key = recordKey(mod.def.apiName, recordId)
  const photos = env.org.extras.photos
  switch (method) {
    case "GET": {
      const p = photos.get(key)
      if (p === undefined) return Effect.succeed(Http.noContent())
      return Effect.succeed({
        status: 200,
        headers: { "content-type": p.contentType, "content-length": String(p.bytes.length) },
        body: p.bytes
      })
    }
    case "POST":
      return Effect.map(Multipart.parse(env.ctx.request), (form): SimResponse => {
        const file = form?.file("file")
        if (file === undefined) return Http.requiredParam("file")
        const type = imageType(file.bytes)
        if (type === undefined) {
          return Http.error(400, "INVALID_DATA", "the file is not a supported image", { param_name: "file" })
        }
        if (file.bytes.length > 10 * 1024 * 1024) {
          return Http.error(400, "FILE_SIZE_MORE_THAN_ALLOWED_SIZE", "file size exceeds the allowed limit", {})
        }
        photos.set(key, { bytes: file.bytes, contentType: type })
        return Http.ok({ code: "SUCCESS", details: {}, message: "photo uploaded successfully", status: "success" })
      })
    case "DELETE":
      if (!photos.delete(key)) {
        return Effect.succeed(Http.error(400, "INVALID_DATA", "the record has no photo", { id: recordId }))
      }
      return Effect.succeed(Http.ok({ code: "SUCCESS", details: {}, message: "Photo deleted", status: "success" }))
    default:
      return Effect.succeed(Http.invalidMethod())
  }
}
