/**
 * Record endpoints: list (page and page_token pagination), get, insert, update, upsert, delete,
 * deleted records, count and lead conversion.
 */
import type { SimResponse } from "../../SimHttp.js"
import * as SimHttp from "../../SimHttp.js"
import type { RouteContext } from "../ProductSim.js"
import { missing } from "../scopes.js"
import * as Http from "./Http.js"
import type { FieldDef } from "./Model.js"
import { fieldOf } from "./Model.js"
import type { CrmOptions } from "./Options.js"
import type { ModuleState, OrgState, PageToken, Rec } from "./Store.js"
import { findModule, markConverted, markModified, userRef } from "./Store.js"
import type { ValueError } from "./Values.js"
import { checkValue, isBlank, render } from "./Values.js"

export interface Env {
  readonly ctx: RouteContext
  readonly org: OrgState
  readonly options: CrmOptions
}

export type Operation = "READ" | "CREATE" | "WRITE" | "DELETE"

/** `undefined` when the caller holds the module scope for every operation, else the 401 answer. */
export const requireModuleScopes = (
  env: Env,
  mod: ModuleState,
  operations: ReadonlyArray<Operation>
): SimResponse | undefined => {
  const required = operations.map((op) => `ZohoCRM.modules.${mod.def.apiName}.${op}`)
  const lacking = missing(env.ctx.caller.scopes, required)
  if (lacking.length === 0) return undefined
  // Zoho's `ZohoCRM.modules.custom.*` scopes cover every custom module.
  if (mod.def.custom) {
    const viaCustom = missing(env.ctx.caller.scopes, operations.map((op) => `ZohoCRM.modules.custom.${op}`))
    if (viaCustom.length === 0) return undefined
  }
  return Http.scopeMismatch(lacking)
}

/** `undefined` when the caller's scopes cover `required` or one of the `alternatives`. */
export const requireScopes = (
  env: Env,
  required: ReadonlyArray<string>,
  ...alternatives: ReadonlyArray<ReadonlyArray<string>>
): SimResponse | undefined => {
  const lacking = missing(env.ctx.caller.scopes, required)
  if (lacking.length === 0) return undefined
  if (alternatives.some((alt) => missing(env.ctx.caller.scopes, alt).length === 0)) return undefined
  return Http.scopeMismatch(lacking)
}

// ---------------------------------------------------------------------------------------------
// Sorting and field lists

export type SortBy = "id" | "Created_Time" | "Modified_Time"

const compareIds = (a: string, b: string): number =>
  a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0

export const sortKey = (rec: Rec, by: SortBy): number | string =>
  by === "id" ? rec.id : by === "Created_Time" ? rec.createdAt : rec.modifiedAt

const compareKeys = (a: number | string, b: number | string): number =>
  typeof a === "number" && typeof b === "number" ? a - b : compareIds(String(a), String(b))

export const comparator = (by: SortBy, order: "asc" | "desc") => (a: Rec, b: Rec): number => {
  const primary = compareKeys(sortKey(a, by), sortKey(b, by))
  const c = primary !== 0 ? primary : compareIds(a.id, b.id)
  return order === "asc" ? c : -c
}

/** `fields=a,b` as a de-duplicated list, or an error response. */
export const parseFields = (raw: string | null, required: boolean): ReadonlyArray<string> | undefined | SimResponse => {
  if (raw === null || raw.trim() === "") return required ? Http.requiredParam("fields") : undefined
  const list = [...new Set(raw.split(",").map((s) => s.trim()).filter((s) => s.length > 0))]
  if (list.length > 50) {
    return Http.error(400, "LIMIT_EXCEEDED", "Max field limit exceeded", { param_name: "fields", limit: 50 })
  }
  return list
}

export const isResponse = (u: unknown): u is SimResponse =>
  typeof u === "object" && u !== null && "status" in u && "headers" in u

/** Leads hide converted records unless `converted=true|both`. */
const convertedFilter = (mod: ModuleState, raw: string | null): ((r: Rec) => boolean) | SimResponse => {
  if (mod.def.apiName !== "Leads") return () => true
  const v = (raw ?? "false").toLowerCase()
  if (v === "false") return (r) => !r.converted
  if (v === "true") return (r) => r.converted
  if (v === "both") return () => true
  return Http.invalidParam("converted", "string")
}

// ---------------------------------------------------------------------------------------------
// Page tokens

const fnv = (s: string, seed: number): string => {
  let h = seed >>> 0
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 16777619) >>> 0
  }
  return h.toString(16).padStart(8, "0")
}

/** Deterministic and opaque: derived from the org and a per-org counter, never random. */
const issueToken = (env: Env, token: PageToken): string => {
  env.org.tokenCounter += 1
  const n = env.org.tokenCounter
  const basis = `${env.ctx.caller.org.id}:${n}`
  const value = `${fnv(basis, 2166136261)}${fnv(basis, 374761393)}${fnv(basis, 668265263)}${n.toString(16)}`
  env.org.tokens.set(value, token)
  return value
}

// ---------------------------------------------------------------------------------------------
// The list index: a module's matching records in list order, kept between pages

interface ListIndex {
  readonly version: number
  readonly lists: Map<string, ReadonlyArray<Rec>>
}

const indexes = new WeakMap<ModuleState, ListIndex>()

/** A client paging one module keeps one or two orders alive; the rest are dropped oldest first. */
const KEPT_ORDERS = 8

/**
 * The records of `mod` a list query matches, in its order: `compute` runs once per query `key`
 * (sort and filters, not the page) and version of the module's records, so paging through
 * 100,000 records sorts them once instead of once a page.
 */
const kept = (mod: ModuleState, key: string, compute: () => ReadonlyArray<Rec>): ReadonlyArray<Rec> => {
  let index = indexes.get(mod)
  if (index === undefined || index.version !== mod.records.version) {
    index = { version: mod.records.version, lists: new Map() }
    indexes.set(mod, index)
  }
  let list = index.lists.get(key)
  if (list === undefined) {
    list = compute()
    if (index.lists.size >= KEPT_ORDERS) index.lists.delete(index.lists.keys().next().value!)
    index.lists.set(key, list)
  }
  return list
}

/** The first index whose record is past the pivot (`after` turns true once and stays true), or the length. */
const firstAfter = (sorted: ReadonlyArray<Rec>, after: (r: Rec) => boolean): number => {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (after(sorted[mid])) hi = mid
    else lo = mid + 1
  }
  return lo
}

// ---------------------------------------------------------------------------------------------
// GET /{module}

const validSortBy = (s: string): s is SortBy => s === "id" || s === "Created_Time" || s === "Modified_Time"

export const list = (env: Env, mod: ModuleState): SimResponse => {
  const q = env.ctx.request.url.searchParams
  const denied = requireModuleScopes(env, mod, ["READ"])
  if (denied) return denied
  const fields = parseFields(q.get("fields"), true)
  if (isResponse(fields)) return fields
  const pageRaw = q.get("page")
  const tokenRaw = q.get("page_token")
  if (pageRaw !== null && tokenRaw !== null) {
    return Http.error(400, "AMBIGUITY_DURING_PROCESSING", "page and page_token cannot be given together", {
      param_names: ["page", "page_token"]
    })
  }
  const perPageP = Http.intParam(q.get("per_page"))
  if (perPageP === "invalid") return Http.invalidParam("per_page")
  const perPage = Math.min(perPageP ?? 200, 200)
  const pageP = Http.intParam(pageRaw)
  if (pageP === "invalid") return Http.invalidParam("page")
  const sortBy = q.get("sort_by") ?? "id"
  if (!validSortBy(sortBy)) return Http.invalidParam("sort_by", "string")
  const sortOrderRaw = (q.get("sort_order") ?? "desc").toLowerCase()
  if (sortOrderRaw !== "asc" && sortOrderRaw !== "desc") return Http.invalidParam("sort_order", "string")
  const sortOrder: "asc" | "desc" = sortOrderRaw
  const idsRaw = q.get("ids")
  const ids = idsRaw === null ? undefined : new Set(idsRaw.split(",").map((s) => s.trim()).filter((s) => s.length > 0))
  if (ids !== undefined && ids.size > 100) {
    return Http.error(400, "LIMIT_EXCEEDED", "Record count exceeded", { param_name: "ids", limit: 100 })
  }
  const conv = convertedFilter(mod, q.get("converted"))
  if (isResponse(conv)) return conv
  const sinceRaw = env.ctx.request.headers["if-modified-since"]
  const since = sinceRaw === undefined ? undefined : Date.parse(sinceRaw)
  if (since !== undefined && Number.isNaN(since)) return Http.invalidParam("If-Modified-Since", "datetime")

  const binding = JSON.stringify({
    module: mod.def.apiName,
    fields: [...(fields ?? [])].sort(),
    sortBy,
    sortOrder,
    ids: ids === undefined ? null : [...ids].sort(),
    converted: q.get("converted"),
    cvid: q.get("cvid"),
    approved: q.get("approved"),
    territory: q.get("territory_id"),
    since: sinceRaw ?? null
  })

  // Modified times are compared at the second precision of the header.
  const keep = (r: Rec) =>
    conv(r) && (since === undefined || Math.floor(r.modifiedAt / 1000) > Math.floor(since / 1000))
  const cmp = comparator(sortBy, sortOrder)
  // At most 100 ids: picked and sorted on the spot. Otherwise the whole module, sorted and
  // filtered once per version of its records (see `RecordMap`), then sliced page by page.
  const matching = ids !== undefined
    ? [...ids].flatMap((id) => {
      const r = mod.records.get(id)
      return r !== undefined && keep(r) ? [r] : []
    }).sort(cmp)
    : kept(
      mod,
      JSON.stringify([sortBy, sortOrder, q.get("converted")?.toLowerCase() ?? null, since ?? null]),
      () => [...mod.records.values()].filter(keep).sort(cmp)
    )
  if (since !== undefined && matching.length === 0) return SimHttp.empty(304)

  let start: number
  let served: number
  let page: number
  let previous: string | undefined
  if (tokenRaw !== null) {
    const token = env.org.tokens.get(tokenRaw)
    if (token === undefined || token.userId !== env.ctx.caller.user.id) {
      return Http.error(400, "INVALID_DATA", "invalid data", { param_name: "page_token" })
    }
    if (env.ctx.now >= token.expiresAt) {
      return Http.error(400, "EXPIRED_VALUE", "the given page_token has expired", { param_name: "page_token" })
    }
    if (token.binding !== binding) {
      return Http.error(
        400,
        "TOKEN_BOUND_DATA_MISMATCH",
        "the query parameters differ from the ones the page_token was issued for",
        {
          param_name: "page_token"
        }
      )
    }
    if (token.served >= env.options.pageTokenLimit) {
      return Http.error(400, "PAGINATION_LIMIT_EXCEEDED", "no more records can be fetched with page_token", {
        param_name: "page_token",
        limit: env.options.pageTokenLimit
      })
    }
    const pivot = { id: token.after.id, createdAt: 0, modifiedAt: 0 } as Rec
    const keyed: Rec = sortBy === "id"
      ? pivot
      : { ...pivot, createdAt: Number(token.after.key), modifiedAt: Number(token.after.key) }
    start = firstAfter(matching, (r) => cmp(r, keyed) > 0)
    served = token.served
    page = token.page + 1
    previous = tokenRaw
  } else {
    page = pageP ?? 1
    if (page * perPage > env.options.discretePaginationLimit) {
      return Http.error(
        400,
        "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
        `page-based pagination reaches only the first ${env.options.discretePaginationLimit} records; use page_token`,
        { limit: env.options.discretePaginationLimit }
      )
    }
    start = (page - 1) * perPage
    served = start
  }
  const size = Math.min(perPage, env.options.pageTokenLimit - served)
  const slice = matching.slice(start, start + size)
  if (slice.length === 0) return Http.noContent()
  const more = start + slice.length < matching.length
  const info: Record<string, unknown> = {
    per_page: perPage,
    count: slice.length,
    page,
    sort_by: sortBy,
    sort_order: sortOrder,
    more_records: more
  }
  if (more) {
    const last = slice[slice.length - 1]
    const expiresAt = env.ctx.now + env.options.pageTokenTtlMs
    info.next_page_token = issueToken(env, {
      userId: env.ctx.caller.user.id,
      binding,
      expiresAt,
      after: { key: sortKey(last, sortBy), id: last.id },
      served: served + slice.length,
      page
    })
    info.page_token_expiry = Http.zohoTime(expiresAt)
  }
  if (previous !== undefined) info.previous_page_token = previous
  return Http.ok({ data: slice.map((r) => render(mod, r, fields)), info })
}

// ---------------------------------------------------------------------------------------------
// GET /{module}/{id}

export const get = (env: Env, mod: ModuleState, id: string): SimResponse => {
  const denied = requireModuleScopes(env, mod, ["READ"])
  if (denied) return denied
  const fields = parseFields(env.ctx.request.url.searchParams.get("fields"), false)
  if (isResponse(fields)) return fields
  const rec = mod.records.get(id)
  if (rec === undefined) {
    return env.options.unknownRecordId === "no-content"
      ? Http.noContent()
      : Http.error(400, "INVALID_DATA", "the id given seems to be invalid", { id })
  }
  return Http.ok({ data: [render(mod, rec, fields)] })
}

// ---------------------------------------------------------------------------------------------
// Writes

export type Entry = Record<string, unknown>

export const success = (rec: Rec, message: string, extra: Entry = {}): Entry => ({
  code: "SUCCESS",
  details: {
    Modified_Time: Http.zohoTime(rec.modifiedAt),
    Modified_By: { id: rec.modifiedBy.id, name: rec.modifiedBy.name },
    Created_Time: Http.zohoTime(rec.createdAt),
    id: rec.id,
    Created_By: { id: rec.createdBy.id, name: rec.createdBy.name }
  },
  message,
  status: "success",
  ...extra
})

export const failure = (e: ValueError): Entry => ({
  code: e.code,
  details: e.details,
  message: e.message,
  status: "error"
})

const sameValue = (a: unknown, b: unknown): boolean =>
  typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b

export const findDuplicate = (
  mod: ModuleState,
  f: FieldDef,
  value: unknown,
  self: string | undefined
): Rec | undefined => {
  if (isBlank(value)) return undefined
  for (const r of mod.records.values()) {
    if (r.id !== self && sameValue(r.values[f.apiName], value)) return r
  }
  return undefined
}

const duplicateError = (mod: ModuleState, f: FieldDef, dup: Rec, jsonPath: string): ValueError => ({
  code: "DUPLICATE_DATA",
  message: "duplicate data",
  details: {
    api_name: f.apiName,
    json_path: jsonPath,
    duplicate_record: {
      id: dup.id,
      Owner: dup.values.Owner ?? dup.createdBy,
      module: { api_name: mod.def.apiName, id: mod.id }
    }
  }
})

/** Validated writable values of one input record, or the first error. */
export const prepare = (
  env: Env,
  mod: ModuleState,
  input: Entry,
  index: number,
  mode: "insert" | "update",
  self: string | undefined
): Entry | ValueError => {
  const path = (name: string) => `$.data[${index}].${name}`
  const values: Entry = {}
  if (mode === "insert") {
    for (const f of mod.def.fields) {
      if (f.mandatory && isBlank(input[f.apiName])) {
        return {
          code: "MANDATORY_NOT_FOUND",
          message: "required field not found",
          details: { api_name: f.apiName, json_path: path(f.apiName) }
        }
      }
    }
  }
  for (const [key, raw] of Object.entries(input)) {
    const f = fieldOf(mod.def, key)
    // Unknown keys, `$`-properties and system fields are ignored, as Zoho does.
    if (f === undefined || f.readOnly) continue
    if (f.mandatory && isBlank(raw)) {
      return {
        code: "MANDATORY_NOT_FOUND",
        message: "required field not found",
        details: { api_name: f.apiName, json_path: path(f.apiName) }
      }
    }
    const checked = checkValue(env.org, f, raw, path(f.apiName))
    if (checked._tag === "Err") return checked.error
    values[f.apiName] = checked.value
  }
  for (const f of mod.def.fields) {
    if (!f.unique || !(f.apiName in values)) continue
    const dup = findDuplicate(mod, f, values[f.apiName], self)
    if (dup !== undefined) return duplicateError(mod, f, dup, path(f.apiName))
  }
  return values
}

export const isValueError = (u: Entry | ValueError): u is ValueError =>
  typeof (u as ValueError).code === "string" && typeof (u as ValueError).message === "string" &&
  typeof (u as ValueError).details === "object"

export const insertOne = (env: Env, mod: ModuleState, values: Entry): Rec => {
  const me = userRef(env.ctx.caller.user)
  const rec: Rec = {
    id: env.ctx.ids.crm(),
    values: { Owner: me, ...values },
    createdAt: env.ctx.now,
    modifiedAt: env.ctx.now,
    createdBy: me,
    modifiedBy: me,
    converted: false
  }
  if (rec.values.Owner === null) rec.values.Owner = me
  mod.records.set(rec.id, rec)
  return rec
}

export const updateOne = (env: Env, mod: ModuleState, rec: Rec, values: Entry): Rec => {
  rec.values = { ...rec.values, ...values }
  if (rec.values.Owner === null) rec.values.Owner = userRef(env.ctx.caller.user)
  markModified(mod, rec, env.ctx.now, userRef(env.ctx.caller.user))
  return rec
}

/** `data` of a write body, or the request-level error. */
const readData = (env: Env): { readonly data: ReadonlyArray<unknown>; readonly body: Entry } | SimResponse => {
  const body = SimHttp.jsonBody(env.ctx.request)
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return Http.error(400, "INVALID_DATA", "body", {})
  }
  const data = (body as Entry).data
  if (!Array.isArray(data) || data.length === 0) {
    return Http.error(400, "MANDATORY_NOT_FOUND", "required field not found", { api_name: "data", json_path: "$.data" })
  }
  if (data.length > 100) {
    return Http.error(400, "LIMIT_EXCEEDED", "Record insertion limit has been exceeded.", {
      api_name: "data",
      json_path: "$.data",
      limit: 100
    })
  }
  return { data, body: body as Entry }
}

/** 207 when some entries failed, 400 when all did. */
export const writeStatus = (entries: ReadonlyArray<Entry>, allOk: number): number => {
  const failed = entries.filter((e) => e.status === "error").length
  return failed === 0 ? allOk : failed === entries.length ? 400 : 207
}

const notAnObject = (index: number): ValueError => ({
  code: "INVALID_DATA",
  message: "invalid data",
  details: { json_path: `$.data[${index}]`, expected_data_type: "jsonobject" }
})

export const insert = (env: Env, mod: ModuleState): SimResponse => {
  const denied = requireModuleScopes(env, mod, ["CREATE"])
  if (denied) return denied
  const read = readData(env)
  if (isResponse(read)) return read
  const entries = read.data.map((item, i): Entry => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) return failure(notAnObject(i))
    const values = prepare(env, mod, item as Entry, i, "insert", undefined)
    return isValueError(values) ? failure(values) : success(insertOne(env, mod, values), "record added")
  })
  return Http.ok({ data: entries }, writeStatus(entries, 201))
}

export const update = (env: Env, mod: ModuleState, pathId: string | undefined): SimResponse => {
  const denied = requireModuleScopes(env, mod, ["WRITE"])
  if (denied) return denied
  const read = readData(env)
  if (isResponse(read)) return read
  const entries = read.data.map((item, i): Entry => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) return failure(notAnObject(i))
    const input = item as Entry
    const id = pathId ?? (typeof input.id === "string" ? input.id : undefined)
    if (id === undefined) {
      return failure({
        code: "MANDATORY_NOT_FOUND",
        message: "required field not found",
        details: { api_name: "id", json_path: `$.data[${i}].id` }
      })
    }
    const rec = mod.records.get(id)
    if (rec === undefined) {
      return failure({
        code: "INVALID_DATA",
        message: "the id given seems to be invalid",
        details: { api_name: "id", id, json_path: `$.data[${i}].id` }
      })
    }
    if (rec.converted) {
      return failure({ code: "CONVERTED_RECORD", message: "can't update the converted record", details: { id } })
    }
    const values = prepare(env, mod, input, i, "update", rec.id)
    return isValueError(values) ? failure(values) : success(updateOne(env, mod, rec, values), "record updated")
  })
  return Http.ok({ data: entries }, writeStatus(entries, 200))
}

export const upsert = (env: Env, mod: ModuleState): SimResponse => {
  const denied = requireModuleScopes(env, mod, ["CREATE", "WRITE"])
  if (denied) return denied
  const read = readData(env)
  if (isResponse(read)) return read
  const requested = read.body.duplicate_check_fields
  let checkFields: ReadonlyArray<FieldDef>
  if (requested === undefined) {
    checkFields = mod.def.duplicateCheckFields.flatMap((n) => fieldOf(mod.def, n) ?? [])
  } else if (Array.isArray(requested) && requested.every((n) => typeof n === "string")) {
    const resolved = requested.map((n: string) => fieldOf(mod.def, n))
    const bad = requested.find((_n: string, i: number) => resolved[i] === undefined)
    if (bad !== undefined) {
      return Http.error(400, "INVALID_DATA", "invalid data", { api_name: bad, json_path: "$.duplicate_check_fields" })
    }
    checkFields = resolved.flatMap((f) => f ?? [])
  } else {
    return Http.error(400, "INVALID_DATA", "invalid data", {
      json_path: "$.duplicate_check_fields",
      expected_data_type: "jsonarray"
    })
  }
  let inserted = 0
  const entries = read.data.map((item, i): Entry => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) return failure(notAnObject(i))
    const input = item as Entry
    let existing: Rec | undefined
    let matchedOn: string | undefined
    if (typeof input.id === "string") {
      existing = mod.records.get(input.id)
      if (existing !== undefined) matchedOn = "id"
    }
    for (const f of checkFields) {
      if (existing !== undefined) break
      const dup = findDuplicate(mod, f, input[f.apiName], undefined)
      if (dup !== undefined) {
        existing = dup
        matchedOn = f.apiName
      }
    }
    if (existing === undefined) {
      const values = prepare(env, mod, input, i, "insert", undefined)
      if (isValueError(values)) return failure(values)
      inserted += 1
      return success(insertOne(env, mod, values), "record added", { action: "insert" })
    }
    const values = prepare(env, mod, input, i, "update", existing.id)
    if (isValueError(values)) return failure(values)
    return success(updateOne(env, mod, existing, values), "record updated", {
      action: "update",
      ...(matchedOn !== undefined && matchedOn !== "id" ? { duplicate_field: matchedOn } : {})
    })
  })
  const allInserts = inserted === entries.length
  return Http.ok({ data: entries }, writeStatus(entries, allInserts ? 201 : 200))
}

// ---------------------------------------------------------------------------------------------
// Delete and the recycle bin

export const remove = (env: Env, mod: ModuleState, pathId: string | undefined): SimResponse => {
  const denied = requireModuleScopes(env, mod, ["DELETE"])
  if (denied) return denied
  let ids: ReadonlyArray<string>
  if (pathId !== undefined) {
    ids = [pathId]
  } else {
    const raw = env.ctx.request.url.searchParams.get("ids")
    if (raw === null || raw.trim() === "") return Http.requiredParam("ids")
    ids = raw.split(",").map((s) => s.trim()).filter((s) => s.length > 0)
    if (ids.length > 100) {
      return Http.error(400, "LIMIT_EXCEEDED", "Record count exceeded", { param_name: "ids", limit: 100 })
    }
  }
  const me = userRef(env.ctx.caller.user)
  const entries = ids.map((id): Entry => {
    const rec = mod.records.get(id)
    if (rec === undefined) {
      return failure({ code: "INVALID_DATA", message: "the id given seems to be invalid", details: { id } })
    }
    mod.records.delete(id)
    mod.deleted.push({
      id,
      displayName: mod.def.displayName(rec.values),
      createdBy: rec.createdBy,
      deletedBy: me,
      deletedAt: env.ctx.now
    })
    return { code: "SUCCESS", details: { id }, message: "record deleted", status: "success" }
  })
  return Http.ok({ data: entries }, writeStatus(entries, 200))
}

export const deleted = (env: Env, mod: ModuleState): SimResponse => {
  const denied = requireModuleScopes(env, mod, ["READ"])
  if (denied) return denied
  const q = env.ctx.request.url.searchParams
  const type = (q.get("type") ?? "all").toLowerCase()
  if (type !== "all" && type !== "recycle" && type !== "permanent") return Http.invalidParam("type", "string")
  const paging = Http.pageParams(q)
  if ("status" in paging) return paging
  const { page, perPage } = paging
  // Records never leave the simulator's recycle bin, so nothing is permanently deleted.
  const all = type === "permanent" ? [] : [...mod.deleted].reverse()
  const slice = all.slice((page - 1) * perPage, page * perPage)
  if (slice.length === 0) return Http.noContent()
  return Http.ok({
    data: slice.map((d) => ({
      deleted_by: { id: d.deletedBy.id, name: d.deletedBy.name },
      id: d.id,
      display_name: d.displayName,
      type: "recycle",
      created_by: { id: d.createdBy.id, name: d.createdBy.name },
      deleted_time: Http.zohoTime(d.deletedAt)
    })),
    info: { per_page: perPage, count: slice.length, page, more_records: page * perPage < all.length }
  })
}

export const count = (env: Env, mod: ModuleState): SimResponse => {
  const denied = requireModuleScopes(env, mod, ["READ"])
  if (denied) return denied
  const visible = [...mod.records.values()].filter((r) => !r.converted).length
  // The OAS declares `count` as a string.
  return Http.ok({ count: String(visible) })
}

// ---------------------------------------------------------------------------------------------
// POST /Leads/{id}/actions/convert

export const convertLead = (env: Env, leads: ModuleState, id: string): SimResponse => {
  const denied = requireModuleScopes(env, leads, ["CREATE", "WRITE"])
  if (denied) return denied
  const contacts = findModule(env.org, "Contacts")
  const accounts = findModule(env.org, "Accounts")
  const deals = findModule(env.org, "Deals")
  if (contacts === undefined || accounts === undefined || deals === undefined) return Http.invalidModule()
  const lead = leads.records.get(id)
  if (lead === undefined) return Http.error(400, "INVALID_DATA", "the id given seems to be invalid", { id })
  if (lead.converted) return Http.error(400, "ID_ALREADY_CONVERTED", "id already converted", { id })
  const body = SimHttp.jsonBody(env.ctx.request)
  const first = typeof body === "object" && body !== null && Array.isArray((body as Entry).data)
    ? ((body as { data: Array<unknown> }).data[0] ?? {})
    : {}
  const options = (typeof first === "object" && first !== null ? first : {}) as Entry
  const v = lead.values

  let account: Rec | undefined
  const accountRef = options.Accounts
  if (typeof accountRef === "object" && accountRef !== null && typeof (accountRef as Entry).id === "string") {
    account = accounts.records.get((accountRef as Entry).id as string)
    if (account === undefined) {
      return Http.error(400, "INVALID_DATA", "invalid data", { api_name: "Accounts", json_path: "$.data[0].Accounts" })
    }
  } else if (typeof v.Company === "string" && v.Company.length > 0) {
    const accountNameField = fieldOf(accounts.def, "Account_Name")
    account = accountNameField === undefined
      ? undefined
      : findDuplicate(accounts, accountNameField, v.Company, undefined)
    account ??= insertOne(env, accounts, {
      Account_Name: v.Company,
      Phone: v.Phone ?? null,
      Website: v.Website ?? null,
      Owner: v.Owner
    })
  }
  const accountLink = account === undefined ? null : { id: account.id, name: accounts.def.displayName(account.values) }

  let contact: Rec | undefined
  const contactRef = options.Contacts
  if (typeof contactRef === "object" && contactRef !== null && typeof (contactRef as Entry).id === "string") {
    contact = contacts.records.get((contactRef as Entry).id as string)
    if (contact === undefined) {
      return Http.error(400, "INVALID_DATA", "invalid data", { api_name: "Contacts", json_path: "$.data[0].Contacts" })
    }
  } else {
    contact = insertOne(env, contacts, {
      Last_Name: v.Last_Name ?? null,
      First_Name: v.First_Name ?? null,
      Email: v.Email ?? null,
      Phone: v.Phone ?? null,
      Mobile: v.Mobile ?? null,
      Lead_Source: v.Lead_Source ?? null,
      Owner: v.Owner,
      ...(accountLink !== null ? { Account_Name: accountLink } : {})
    })
  }

  let deal: Rec | undefined
  const dealInput = options.Deals
  if (typeof dealInput === "object" && dealInput !== null && !Array.isArray(dealInput)) {
    const values = prepare(env, deals, dealInput as Entry, 0, "insert", undefined)
    if (isValueError(values)) return Http.error(400, values.code, values.message, values.details)
    deal = insertOne(env, deals, {
      ...values,
      ...(accountLink !== null ? { Account_Name: accountLink } : {}),
      Contact_Name: { id: contact.id, name: contacts.def.displayName(contact.values) }
    })
  }
  markConverted(leads, lead)
  markModified(leads, lead, env.ctx.now, userRef(env.ctx.caller.user))
  const link = (
    m: ModuleState,
    r: Rec | undefined
  ) => (r === undefined ? null : { id: r.id, name: m.def.displayName(r.values) })
  return Http.ok({
    data: [{
      code: "SUCCESS",
      details: { Contacts: link(contacts, contact), Deals: link(deals, deal), Accounts: link(accounts, account) },
      message: "The record has been converted successfully",
      status: "success"
    }]
  })
}
