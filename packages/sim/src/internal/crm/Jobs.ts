/**
 * Asynchronous jobs: mass update (`/{module}/actions/mass_update`), bulk read and bulk write
 * (`/crm/bulk/v8/read|write`) and the bulk write file upload (`/crm/v8/upload`). A job's state
 * follows Clock time (`jobQueuedMs`, then `jobRunningMs`), so TestClock moves it along; a bulk
 * write runs on the first request after its completion time, so its records appear only then.
 */
import * as Effect from "effect/Effect"
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate"
import type { SimResponse } from "../../SimHttp.js"
import * as SimHttp from "../../SimHttp.js"
import * as Csv from "./Csv.js"
import * as Http from "./Http.js"
import type { FieldDef } from "./Model.js"
import { fieldOf } from "./Model.js"
import * as Multipart from "./Multipart.js"
import type { Entry, Env } from "./Records.js"
import {
  comparator,
  findDuplicate,
  insertOne,
  isValueError,
  prepare,
  requireModuleScopes,
  requireScopes,
  updateOne
} from "./Records.js"
import type { BulkReadJob, BulkWriteJob, BulkWriteResource, MassUpdateJob } from "./State.js"
import { phase } from "./State.js"
import type { ModuleState, Rec } from "./Store.js"
import { findModule, userRef } from "./Store.js"
import { fieldValue } from "./Values.js"

const isResponse = (u: unknown): u is SimResponse =>
  typeof u === "object" && u !== null && "status" in u && "headers" in u

const obj = (u: unknown): Entry | undefined =>
  typeof u === "object" && u !== null && !Array.isArray(u) ? (u as Entry) : undefined

const minUser = (u: { id: string; name: string }) => ({ id: u.id, name: u.name })

const zipResponse = (name: string, csvName: string, csv: Uint8Array): SimResponse => {
  const zip = zipSync({ [csvName]: csv })
  return {
    status: 200,
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${name}"`,
      "content-length": String(zip.length)
    },
    body: zip
  }
}

// ---------------------------------------------------------------------------------------------
// Mass update

const massUpdateStates = { queued: "SCHEDULED", running: "RUNNING", done: "COMPLETED" } as const

export const massUpdate = (env: Env, mod: ModuleState): SimResponse => {
  const method = env.ctx.request.method.toUpperCase()
  const denied = requireModuleScopes(env, mod, [method === "GET" ? "READ" : "WRITE"])
  if (denied) return denied
  if (method === "GET") {
    const jobId = env.ctx.request.url.searchParams.get("job_id")
    if (jobId === null || jobId === "") return Http.requiredParam("job_id")
    const job = env.org.extras.massUpdates.get(jobId)
    if (job === undefined || job.module !== mod.def.apiName) {
      return Http.error(400, "INVALID_DATA", "the job id given seems to be invalid", { param_name: "job_id" })
    }
    const state = phase(job.createdAt, env.ctx.now, env.options)
    return Http.ok({
      data: [{
        Status: massUpdateStates[state],
        ...(state === "done"
          ? {
            Total_Count: job.total,
            Updated_Count: job.updated,
            Not_Updated_Count: job.total - job.updated - job.failed,
            Failed_Count: job.failed
          }
          : {})
      }]
    })
  }
  if (method !== "POST") return Http.invalidMethod()
  const body = obj(SimHttp.jsonBody(env.ctx.request))
  const data = body?.data
  if (!Array.isArray(data) || data.length !== 1 || obj(data[0]) === undefined) {
    return Http.error(400, "MANDATORY_NOT_FOUND", "required field not found", { api_name: "data", json_path: "$.data" })
  }
  let targets: ReadonlyArray<string>
  if (Array.isArray(body?.ids)) {
    targets = body.ids.filter((i): i is string => typeof i === "string")
  } else if (typeof body?.cvid === "string") {
    // Every custom view of the simulator shows all records of its module.
    targets = [...mod.records.values()].filter((r) => !r.converted).map((r) => r.id)
  } else {
    return Http.error(400, "MANDATORY_NOT_FOUND", "required field not found", { api_name: "ids", json_path: "$.ids" })
  }
  if (targets.length === 0) {
    return Http.error(400, "MANDATORY_NOT_FOUND", "required field not found", { api_name: "ids", json_path: "$.ids" })
  }
  if (targets.length > 50_000) {
    return Http.error(400, "LIMIT_EXCEEDED", "limit exceeded", { api_name: "ids", json_path: "$.ids", limit: 50_000 })
  }
  const values = obj(data[0])!
  // The values are checked once, up front: an invalid field fails the request, not each record.
  const first = mod.records.get(targets[0])
  const checked = prepare(env, mod, values, 0, "update", first?.id)
  if (isValueError(checked)) return Http.ok({ data: [{ ...checked, status: "error" }] }, 400)
  let updated = 0
  let failed = 0
  for (const id of targets) {
    const rec = mod.records.get(id)
    if (rec === undefined || rec.converted) {
      failed += 1
      continue
    }
    const v = prepare(env, mod, values, 0, "update", rec.id)
    if (isValueError(v)) failed += 1
    else {
      updateOne(env, mod, rec, v)
      updated += 1
    }
  }
  const job: MassUpdateJob = {
    id: env.ctx.ids.crm(),
    module: mod.def.apiName,
    createdAt: env.ctx.now,
    total: targets.length,
    updated,
    failed
  }
  env.org.extras.massUpdates.set(job.id, job)
  return Http.ok({
    data: [{
      code: "SUCCESS",
      details: { job_id: job.id },
      message: "Your request for mass update has been scheduled",
      status: "success"
    }]
  })
}

// ---------------------------------------------------------------------------------------------
// Criteria of a bulk read query

type Predicate = (mod: ModuleState, rec: Rec) => boolean

const comparable = (v: unknown): unknown => {
  if (typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as Entry).id === "string") {
    return (v as Entry).id
  }
  return v
}

const cmp = (a: unknown, b: unknown): number => {
  if (typeof a === "number" && typeof b === "number") return a - b
  const na = Number(a)
  const nb = Number(b)
  if (typeof a === "number" || typeof b === "number") {
    if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb
  }
  return String(a).localeCompare(String(b))
}

const eq = (a: unknown, b: unknown): boolean =>
  typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : cmp(a, b) === 0 &&
    a !== null && a !== undefined

const criteriaError = (message: string, details: Entry = {}): SimResponse =>
  Http.error(400, "INVALID_QUERY", message, details)

const compile = (mod: ModuleState, node: unknown, path: string): Predicate | SimResponse => {
  const c = obj(node)
  if (c === undefined) return criteriaError("invalid criteria", { json_path: path })
  if (Array.isArray(c.group)) {
    const op = String(c.group_operator ?? "and").toLowerCase()
    if (op !== "and" && op !== "or") {
      return Http.error(400, "GROUP_OPERATOR_NOT_SUPPORTED", "group operator not supported", { json_path: path })
    }
    const parts: Array<Predicate> = []
    for (const [i, g] of c.group.entries()) {
      const p = compile(mod, g, `${path}.group[${i}]`)
      if (isResponse(p)) return p
      parts.push(p)
    }
    return op === "and" ? (m, r) => parts.every((p) => p(m, r)) : (m, r) => parts.some((p) => p(m, r))
  }
  const apiName = typeof c.api_name === "string"
    ? c.api_name
    : typeof obj(c.field)?.api_name === "string"
    ? String(obj(c.field)!.api_name)
    : undefined
  if (apiName === undefined) return criteriaError("api_name missing in criteria", { json_path: path })
  if (apiName !== "id" && fieldOf(mod.def, apiName) === undefined) {
    return Http.error(400, "INVALID_QUERY", "field in criteria is not available", {
      api_name: apiName,
      json_path: path
    })
  }
  const comparatorName = String(c.comparator ?? "equal")
  const value = c.value
  const list = Array.isArray(value) ? value : [value]
  const get = (m: ModuleState, r: Rec) => comparable(fieldValue(m.def, r, apiName))
  const test = ((): ((v: unknown) => boolean) | undefined => {
    switch (comparatorName) {
      case "equal":
        return (v) => Array.isArray(v) ? v.some((x) => eq(x, value)) : eq(v, value)
      case "not_equal":
        return (v) => !eq(v, value)
      case "in":
        return (v) => list.some((x) => eq(v, x))
      case "not_in":
        return (v) => !list.some((x) => eq(v, x))
      case "contains":
        return (v) => typeof v === "string" && v.toLowerCase().includes(String(value).toLowerCase())
      case "not_contains":
        return (v) => !(typeof v === "string" && v.toLowerCase().includes(String(value).toLowerCase()))
      case "starts_with":
        return (v) => typeof v === "string" && v.toLowerCase().startsWith(String(value).toLowerCase())
      case "ends_with":
        return (v) => typeof v === "string" && v.toLowerCase().endsWith(String(value).toLowerCase())
      case "greater_than":
        return (v) => v !== null && v !== undefined && cmp(v, value) > 0
      case "greater_equal":
        return (v) => v !== null && v !== undefined && cmp(v, value) >= 0
      case "less_than":
        return (v) => v !== null && v !== undefined && cmp(v, value) < 0
      case "less_equal":
        return (v) => v !== null && v !== undefined && cmp(v, value) <= 0
      case "between":
        return (v) => v !== null && v !== undefined && cmp(v, list[0]) >= 0 && cmp(v, list[1]) <= 0
      case "not_between":
        return (v) => !(v !== null && v !== undefined && cmp(v, list[0]) >= 0 && cmp(v, list[1]) <= 0)
      default:
        return undefined
    }
  })()
  if (test === undefined) {
    return Http.error(400, "INVALID_QUERY", "comparator not supported", { comparator: comparatorName, json_path: path })
  }
  return (m, r) => test(get(m, r))
}

// ---------------------------------------------------------------------------------------------
// Bulk read

const readStates = { queued: "ADDED", running: "IN PROGRESS", done: "COMPLETED" } as const

const cell = (v: unknown): string => {
  const c = comparable(v)
  if (c === null || c === undefined) return ""
  if (Array.isArray(c)) return c.map(String).join(";")
  if (typeof c === "object") return JSON.stringify(c)
  return String(c)
}

const unsupported = new Set(["notes", "attachments", "emails"])

export const createRead = (env: Env): SimResponse => {
  const body = obj(SimHttp.jsonBody(env.ctx.request))
  if (body === undefined) {
    return Http.error(400, "REQUEST_BODY_IS_EMPTY", "request body is empty", {})
  }
  const query = obj(body.query)
  const moduleRaw = query?.module
  const moduleName = typeof moduleRaw === "string" ? moduleRaw : obj(moduleRaw)?.api_name
  if (typeof moduleName !== "string") {
    return Http.error(400, "MANDATORY_NOT_FOUND", "required field not found", {
      api_name: "module",
      json_path: "$.query.module"
    })
  }
  if (unsupported.has(moduleName.toLowerCase())) {
    return Http.error(400, "MODULE_NOT_SUPPORTED", "the module is not supported for bulk read", {
      api_name: moduleName
    })
  }
  const mod = findModule(env.org, moduleName)
  if (mod === undefined) {
    return Http.error(400, "INVALID_DATA", "invalid data", { api_name: "module", json_path: "$.query.module" })
  }
  const denied = requireScopes(env, ["ZohoCRM.bulk.READ"]) ?? requireModuleScopes(env, mod, ["READ"])
  if (denied) return denied
  const fieldsRaw = query?.fields
  let fields: ReadonlyArray<string>
  if (fieldsRaw === undefined) fields = mod.def.fields.map((f) => f.apiName)
  else if (Array.isArray(fieldsRaw) && fieldsRaw.every((f) => typeof f === "string")) {
    const bad = fieldsRaw.find((f: string) => f !== "id" && fieldOf(mod.def, f) === undefined)
    if (bad !== undefined) {
      return Http.error(400, "INVALID_DATA", "invalid data", { api_name: bad, json_path: "$.query.fields" })
    }
    fields = fieldsRaw.filter((f: string) => f !== "id")
  } else {
    return Http.error(400, "INVALID_DATA", "invalid data", {
      json_path: "$.query.fields",
      expected_data_type: "jsonarray"
    })
  }
  const pageRaw = query?.page ?? 1
  if (typeof pageRaw !== "number" || !Number.isInteger(pageRaw) || pageRaw < 1) {
    return Http.error(400, "INVALID_DATA", "invalid data", { json_path: "$.query.page", expected_data_type: "integer" })
  }
  let predicate: Predicate = () => true
  if (query?.criteria !== undefined) {
    const p = compile(mod, query.criteria, "$.query.criteria")
    if (isResponse(p)) return p
    predicate = p
  }
  const matching = [...mod.records.values()]
    .filter((r) => !r.converted && predicate(mod, r))
    .sort(comparator("id", "asc"))
  const size = env.options.bulkReadPageSize
  const slice = matching.slice((pageRaw - 1) * size, pageRaw * size)
  const lines = [Csv.row(["Id", ...fields])]
  for (const r of slice) lines.push(Csv.row([r.id, ...fields.map((f) => cell(fieldValue(mod.def, r, f)))]))
  const me = userRef(env.ctx.caller.user)
  const job: BulkReadJob = {
    id: env.ctx.ids.crm(),
    module: { apiName: mod.def.apiName, id: mod.id },
    query: {
      module: { api_name: mod.def.apiName, id: mod.id },
      // Zoho echoes the query with field API names, the view id and the file type it was given.
      cvid: typeof query?.cvid === "string" ? query.cvid : null,
      fields: [...fields],
      page: pageRaw,
      ...(query?.criteria !== undefined ? { criteria: query.criteria } : {}),
      file_type: "csv"
    },
    createdAt: env.ctx.now,
    createdBy: me,
    page: pageRaw,
    csv: lines.join("\r\n") + "\r\n",
    count: slice.length,
    moreRecords: pageRaw * size < matching.length
  }
  env.org.extras.bulkReads.set(job.id, job)
  return Http.ok({
    data: [{
      status: "success",
      code: "ADDED_SUCCESSFULLY",
      message: "Added successfully.",
      details: {
        id: job.id,
        operation: "read",
        state: "ADDED",
        created_by: minUser(me),
        created_time: Http.zohoTime(job.createdAt)
      }
    }],
    info: {}
  }, 201)
}

const notFound = (resource: string): SimResponse =>
  Http.error(404, "RESOURCE_NOT_FOUND", "the requested resource doesn't exist", { resource })

export const readStatus = (env: Env, id: string): SimResponse => {
  const denied = requireScopes(env, ["ZohoCRM.bulk.READ"])
  if (denied) return denied
  const job = env.org.extras.bulkReads.get(id)
  if (job === undefined) return notFound(id)
  const state = phase(job.createdAt, env.ctx.now, env.options)
  return Http.ok({
    data: [{
      id: job.id,
      operation: "read",
      state: readStates[state],
      query: job.query,
      created_by: minUser(job.createdBy),
      created_time: Http.zohoTime(job.createdAt),
      file_type: "csv",
      ...(state === "done"
        ? {
          result: {
            page: job.page,
            count: job.count,
            download_url: `/crm/bulk/v8/read/${job.id}/result`,
            per_page: env.options.bulkReadPageSize,
            more_records: job.moreRecords
          }
        }
        : {})
    }]
  })
}

export const readResult = (env: Env, id: string): SimResponse => {
  const denied = requireScopes(env, ["ZohoCRM.bulk.READ"])
  if (denied) return denied
  const job = env.org.extras.bulkReads.get(id)
  if (job === undefined || phase(job.createdAt, env.ctx.now, env.options) !== "done") {
    return Http.error(400, "RESOURCE_NOT_FOUND", "the requested resource doesn't exist", { resource: id })
  }
  return zipResponse(`${job.id}.zip`, `${job.id}.csv`, strToU8(job.csv))
}

// ---------------------------------------------------------------------------------------------
// Upload (bulk write files)

/** The single CSV inside a zip, or why it is not acceptable. */
const csvOf = (zip: Uint8Array, maxBytes: number): { name: string; text: string } | SimResponse => {
  let files: Record<string, Uint8Array>
  try {
    files = unzipSync(zip)
  } catch {
    return Http.error(400, "INVALID_FILE_FORMAT", "only zip files are accepted", {})
  }
  const csvs = Object.entries(files).filter(([name]) => name.toLowerCase().endsWith(".csv") && !name.endsWith("/"))
  if (csvs.length !== 1) {
    return Http.error(400, "INVALID_FILE_FORMAT", "the zip must hold exactly one CSV file", { count: csvs.length })
  }
  const [name, bytes] = csvs[0]
  if (bytes.length > maxBytes) {
    return Http.error(400, "FILE_TOO_LARGE", "the CSV file is too large", { limit: maxBytes })
  }
  return { name, text: strFromU8(bytes) }
}

export const upload = (env: Env): Effect.Effect<SimResponse> => {
  if (env.ctx.request.method.toUpperCase() !== "POST") return Effect.succeed(Http.invalidMethod())
  const denied = requireScopes(env, ["ZohoFiles.files.CREATE"], ["ZohoCRM.bulk.CREATE"])
  if (denied) return Effect.succeed(denied)
  const h = env.ctx.request.headers
  const org = env.ctx.caller.org
  const orgHeader = h["x-crm-org"]
  if (h["feature"] !== "bulk-write" || (orgHeader !== org.zgid && orgHeader !== org.id)) {
    return Effect.succeed(Http.error(400, "INVALID_REQUEST", "the feature and X-CRM-ORG headers are missing or wrong", {
      headers: ["feature", "X-CRM-ORG"]
    }))
  }
  return Effect.map(Multipart.parse(env.ctx.request), (form): SimResponse => {
    const file = form?.file("file")
    if (file === undefined) return Http.requiredParam("file")
    const csv = csvOf(file.bytes, env.options.bulkWriteMaxCsvBytes)
    if (isResponse(csv)) return csv
    const id = env.ctx.ids.crm()
    env.org.extras.uploads.set(id, { id, fileName: csv.name, bytes: file.bytes, createdAt: env.ctx.now })
    return Http.ok({
      status: "success",
      code: "FILE_UPLOAD_SUCCESS",
      message: "file uploaded.",
      details: { file_id: id, created_time: Http.zohoTime(env.ctx.now) }
    })
  })
}

// ---------------------------------------------------------------------------------------------
// Bulk write

const writeStates = { queued: "ADDED", running: "IN PROGRESS", done: "COMPLETED" } as const

const mandatory = (apiName: string, jsonPath: string): SimResponse =>
  Http.error(400, "MANDATORY_NOT_FOUND", "required field not found", { api_name: apiName, json_path: jsonPath })

export const createWrite = (env: Env): SimResponse => {
  const body = obj(SimHttp.jsonBody(env.ctx.request))
  if (body === undefined) return mandatory("operation", "$.operation")
  const operation = body.operation
  if (operation !== "insert" && operation !== "update" && operation !== "upsert") {
    return operation === undefined
      ? mandatory("operation", "$.operation")
      : Http.error(400, "INVALID_DATA", "invalid data", { api_name: "operation", json_path: "$.operation" })
  }
  const resources = body.resource
  if (!Array.isArray(resources) || resources.length === 0) return mandatory("resource", "$.resource")
  if (resources.length > 1) {
    return Http.error(400, "LIMIT_EXCEEDED", "only one resource per job is supported", { json_path: "$.resource" })
  }
  const r = obj(resources[0]) ?? {}
  const moduleRaw = r.module
  const moduleName = typeof moduleRaw === "string" ? moduleRaw : obj(moduleRaw)?.api_name
  if (typeof moduleName !== "string") return mandatory("module", "$.resource[0].module")
  const mod = findModule(env.org, moduleName)
  if (mod === undefined) {
    return Http.error(400, "MODULE_NOT_AVAILABLE", "the module is not available", { api_name: moduleName })
  }
  const ops = operation === "insert"
    ? ["CREATE" as const]
    : operation === "update"
    ? ["WRITE" as const]
    : ["CREATE" as const, "WRITE" as const]
  const denied = requireScopes(env, ["ZohoCRM.bulk.CREATE"]) ?? requireModuleScopes(env, mod, ops)
  if (denied) return denied
  if (typeof r.file_id !== "string") return mandatory("file_id", "$.resource[0].file_id")
  const file = env.org.extras.uploads.get(r.file_id)
  if (file === undefined) {
    return Http.error(400, "INVALID_FILE_ID", "improper file id", {
      api_name: "file_id",
      json_path: "$.resource[0].file_id"
    })
  }
  const findBy = typeof r.find_by === "string" ? r.find_by : undefined
  if (operation === "update" && findBy === undefined) return mandatory("find_by", "$.resource[0].find_by")
  if (findBy !== undefined && findBy !== "id" && fieldOf(mod.def, findBy) === undefined) {
    return Http.error(400, "INVALID_DATA", "invalid data", { api_name: findBy, json_path: "$.resource[0].find_by" })
  }
  let mappings: BulkWriteResource["fieldMappings"]
  if (Array.isArray(r.field_mappings)) {
    const list: Array<{ apiName: string; index: number }> = []
    for (const [i, m] of r.field_mappings.entries()) {
      const e = obj(m) ?? {}
      if (typeof e.api_name !== "string" || typeof e.index !== "number") {
        return mandatory("index", `$.resource[0].field_mappings[${i}]`)
      }
      if (e.api_name !== "id" && fieldOf(mod.def, e.api_name) === undefined) {
        return Http.error(400, "INVALID_FIELD", "invalid mapping", {
          api_name: e.api_name,
          json_path: `$.resource[0].field_mappings[${i}].api_name`
        })
      }
      list.push({ apiName: e.api_name, index: e.index })
    }
    mappings = list
  }
  const me = userRef(env.ctx.caller.user)
  const job: BulkWriteJob = {
    id: env.ctx.ids.crm(),
    operation,
    ignoreEmpty: body.ignore_empty === true,
    characterEncoding: typeof body.character_encoding === "string" ? body.character_encoding : "UTF-8",
    resource: {
      module: { apiName: mod.def.apiName, id: mod.id },
      fileId: file.id,
      fileName: file.fileName,
      fieldMappings: mappings,
      findBy
    },
    createdAt: env.ctx.now,
    createdBy: me,
    origin: env.ctx.request.url.origin,
    outcome: undefined
  }
  env.org.extras.bulkWrites.set(job.id, job)
  return Http.ok({
    status: "success",
    code: "SUCCESS",
    message: "success",
    details: { id: job.id, created_by: minUser(me) }
  }, 201)
}

/** A CSV cell as the value Zoho would take for the field. */
const fromCell = (f: FieldDef, raw: string): unknown => {
  if (raw === "") return null
  switch (f.dataType) {
    case "boolean":
      return raw.toLowerCase() === "true" ? true : raw.toLowerCase() === "false" ? false : raw
    case "multiselectpicklist":
      return raw.split(";").map((s) => s.trim()).filter((s) => s.length > 0)
    default:
      return raw
  }
}

const runWrite = (env: Env, job: BulkWriteJob): void => {
  const mod = findModule(env.org, job.resource.module.apiName)
  const upload = env.org.extras.uploads.get(job.resource.fileId)
  const csv = upload === undefined ? undefined : csvOf(upload.bytes, Number.POSITIVE_INFINITY)
  const rows = csv === undefined || isResponse(csv) ? [] : Csv.parse(csv.text)
  const [header = [], ...data] = rows
  const mappings = job.resource.fieldMappings ?? header.map((name, index) => ({ apiName: name.trim(), index }))
  const findByField = job.resource.findBy === undefined || job.resource.findBy === "id" || mod === undefined
    ? undefined
    : fieldOf(mod.def, job.resource.findBy)
  let added = 0
  let updated = 0
  let skipped = 0
  const out = [Csv.row([...header, "RECORD_ID", "STATUS", "ERRORS"])]
  for (const [i, row] of data.entries()) {
    if (row.length === 1 && row[0] === "") continue
    const result = (id: string, status: string, errors: string) => out.push(Csv.row([...row, id, status, errors]))
    if (mod === undefined) {
      skipped += 1
      result("", "SKIPPED", "MODULE_NOT_AVAILABLE")
      continue
    }
    const input: Entry = {}
    let idValue: string | undefined
    for (const m of mappings) {
      const raw = row[m.index] ?? ""
      if (m.apiName.toLowerCase() === "id") {
        if (raw !== "") idValue = raw
        continue
      }
      const f = fieldOf(mod.def, m.apiName)
      if (f === undefined || (raw === "" && job.ignoreEmpty)) continue
      input[f.apiName] = fromCell(f, raw)
    }
    let existing: Rec | undefined
    if (job.operation !== "insert") {
      if (job.resource.findBy === "id" || (job.resource.findBy === undefined && idValue !== undefined)) {
        existing = idValue === undefined ? undefined : mod.records.get(idValue)
      } else if (findByField !== undefined) {
        existing = findDuplicate(mod, findByField, input[findByField.apiName], undefined)
      } else {
        for (const name of mod.def.duplicateCheckFields) {
          const f = fieldOf(mod.def, name)
          existing ??= f === undefined ? undefined : findDuplicate(mod, f, input[f.apiName], undefined)
        }
      }
    }
    if (job.operation === "update" && existing === undefined) {
      skipped += 1
      result("", "SKIPPED", "RECORD_NOT_FOUND")
      continue
    }
    if (existing !== undefined) {
      const values = prepare(env, mod, input, i, "update", existing.id)
      if (isValueError(values)) {
        skipped += 1
        result("", "SKIPPED", `${values.code}:${String(values.details.api_name ?? "")}`)
        continue
      }
      updateOne(env, mod, existing, values)
      updated += 1
      result(existing.id, "UPDATED", "")
    } else {
      const values = prepare(env, mod, input, i, "insert", undefined)
      if (isValueError(values)) {
        skipped += 1
        result("", "SKIPPED", `${values.code}:${String(values.details.api_name ?? "")}`)
        continue
      }
      const rec = insertOne(env, mod, values)
      added += 1
      result(rec.id, "ADDED", "")
    }
  }
  job.outcome = {
    added,
    updated,
    skipped,
    total: added + updated + skipped,
    zip: zipSync({ [`${job.id}.csv`]: strToU8(out.join("\r\n") + "\r\n") })
  }
}

/** Runs the bulk writes whose time has come; called before every CRM request is answered. */
export const settle = (env: Env): void => {
  for (const job of env.org.extras.bulkWrites.values()) {
    if (job.outcome === undefined && phase(job.createdAt, env.ctx.now, env.options) === "done") runWrite(env, job)
  }
}

export const writeStatus = (env: Env, id: string): SimResponse => {
  const denied = requireScopes(env, ["ZohoCRM.bulk.READ"])
  if (denied) return denied
  const job = env.org.extras.bulkWrites.get(id)
  if (job === undefined) {
    return Http.error(400, "RESOURCE_NOT_FOUND", "the requested resource doesn't exist", { resource: id })
  }
  const state = writeStates[phase(job.createdAt, env.ctx.now, env.options)]
  const o = job.outcome
  return Http.ok({
    status: state,
    character_encoding: job.characterEncoding,
    resource: [{
      status: state,
      type: "data",
      module: { api_name: job.resource.module.apiName, id: job.resource.module.id },
      file_id: job.resource.fileId,
      ...(job.resource.findBy !== undefined ? { find_by: job.resource.findBy } : {}),
      ...(job.resource.fieldMappings !== undefined
        ? { field_mappings: job.resource.fieldMappings.map((m) => ({ api_name: m.apiName, index: m.index })) }
        : {}),
      file: {
        status: state,
        name: job.resource.fileName,
        added_count: o?.added ?? 0,
        skipped_count: o?.skipped ?? 0,
        updated_count: o?.updated ?? 0,
        total_count: o?.total ?? 0
      }
    }],
    id: job.id,
    ...(o !== undefined ? { result: { download_url: `${job.origin}/crm/bulk/v8/write/${job.id}/result` } } : {}),
    created_by: minUser(job.createdBy),
    operation: job.operation,
    created_time: Http.zohoTime(job.createdAt)
  })
}

export const writeResult = (env: Env, id: string): SimResponse => {
  const denied = requireScopes(env, ["ZohoCRM.bulk.READ"])
  if (denied) return denied
  const job = env.org.extras.bulkWrites.get(id)
  if (job === undefined || job.outcome === undefined) {
    return Http.error(400, "RESOURCE_NOT_FOUND", "the requested resource doesn't exist", { resource: id })
  }
  return {
    status: 200,
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${job.id}.zip"`,
      "content-length": String(job.outcome.zip.length)
    },
    body: job.outcome.zip
  }
}

export { zipResponse }
