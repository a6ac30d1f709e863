/**
 * Field values: validation of written values against a field's data type, and rendering of
 * stored records back into Zoho's JSON.
 */
import { zohoTime } from "./Http.js"
import type { FieldDef, ModuleDef } from "./Model.js"
import type { ModuleState, OrgState, Rec } from "./Store.js"
import { findModule, findUser, userRef } from "./Store.js"

export interface ValueError {
  readonly code: string
  readonly message: string
  readonly details: Record<string, unknown>
}

export type Checked = { readonly _tag: "Ok"; readonly value: unknown } | {
  readonly _tag: "Err"
  readonly error: ValueError
}

const okValue = (value: unknown): Checked => ({ _tag: "Ok", value })

const invalid = (f: FieldDef, jsonPath: string, extra: Record<string, unknown> = {}): Checked => ({
  _tag: "Err",
  error: {
    code: "INVALID_DATA",
    message: "invalid data",
    details: { api_name: f.apiName, json_path: jsonPath, expected_data_type: f.dataType, ...extra }
  }
})

const emailRe = /^[^@\s]+@[^@\s]+\.[^@\s]+$/
const dateRe = /^\d{4}-\d{2}-\d{2}$/
const dateTimeRe = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/

const idOf = (value: unknown): string | undefined => {
  if (typeof value === "string" && value.length > 0) return value
  if (typeof value === "object" && value !== null) {
    const id = (value as { id?: unknown }).id
    if (typeof id === "string" && id.length > 0) return id
  }
  return undefined
}

/** `null` clears a field; everything else must fit the field's type. */
export const checkValue = (
  org: OrgState,
  f: FieldDef,
  value: unknown,
  jsonPath: string
): Checked => {
  if (value === null) return okValue(null)
  switch (f.dataType) {
    case "text":
    case "textarea":
    case "phone":
    case "website": {
      const s = typeof value === "number" && f.dataType === "phone" ? String(value) : value
      if (typeof s !== "string") return invalid(f, jsonPath)
      if (s.length > f.length) return invalid(f, jsonPath, { maximum_length: String(f.length) })
      return okValue(s)
    }
    case "email":
      return typeof value === "string" && (value === "" || emailRe.test(value)) ? okValue(value) : invalid(f, jsonPath)
    case "picklist":
      return typeof value === "string" && (f.pickListValues === undefined || f.pickListValues.includes(value))
        ? okValue(value)
        : invalid(f, jsonPath)
    case "multiselectpicklist":
      return Array.isArray(value) &&
          value.every((v) => typeof v === "string" && (f.pickListValues === undefined || f.pickListValues.includes(v)))
        ? okValue([...value])
        : invalid(f, jsonPath)
    case "integer":
    case "bigint": {
      const n = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value
      return typeof n === "number" && Number.isInteger(n) ? okValue(n) : invalid(f, jsonPath)
    }
    case "double":
    case "currency": {
      const n = typeof value === "string" && /^-?\d+(?:\.\d+)?$/.test(value) ? Number(value) : value
      return typeof n === "number" && Number.isFinite(n) ? okValue(n) : invalid(f, jsonPath)
    }
    case "date":
      return typeof value === "string" && dateRe.test(value) && !Number.isNaN(Date.parse(value))
        ? okValue(value)
        : invalid(f, jsonPath)
    case "datetime":
      return typeof value === "string" && dateTimeRe.test(value) && !Number.isNaN(Date.parse(value))
        ? okValue(value)
        : invalid(f, jsonPath)
    case "boolean":
      return typeof value === "boolean" ? okValue(value) : invalid(f, jsonPath)
    case "lookup": {
      const id = idOf(value)
      const target = f.lookupModule === undefined ? undefined : findModule(org, f.lookupModule)
      const rec = id === undefined || target === undefined ? undefined : target.records.get(id)
      if (rec === undefined || target === undefined) return invalid(f, jsonPath)
      return okValue({ id: rec.id, name: target.def.displayName(rec.values) })
    }
    case "ownerlookup": {
      const id = idOf(value)
      const user = findUser(org.users, id)
      return user === undefined ? invalid(f, jsonPath) : okValue(userRef(user))
    }
  }
}

/** Empty means absent for mandatory checks. */
export const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === "string" && value.trim() === "") ||
  (Array.isArray(value) && value.length === 0)

const systemValue = (rec: Rec, apiName: string): unknown => {
  switch (apiName) {
    case "Created_Time":
      return zohoTime(rec.createdAt)
    case "Modified_Time":
      return zohoTime(rec.modifiedAt)
    case "Created_By":
      return rec.createdBy
    case "Modified_By":
      return rec.modifiedBy
    default:
      return undefined
  }
}

/** A field's rendered value, `undefined` when the module has no such field and the record no such key. */
export const fieldValue = (def: ModuleDef, rec: Rec, apiName: string): unknown => {
  if (apiName === "id") return rec.id
  const sys = systemValue(rec, apiName)
  if (sys !== undefined) return sys
  if (Object.prototype.hasOwnProperty.call(rec.values, apiName)) return rec.values[apiName]
  return def.fields.some((f) => f.apiName === apiName) ? null : undefined
}

/** The record with the requested fields (always `id`), or every field when `fields` is undefined. */
export const render = (
  mod: ModuleState,
  rec: Rec,
  fields: ReadonlyArray<string> | undefined
): Record<string, unknown> => {
  const names = fields ?? [...mod.def.fields.map((f) => f.apiName), ...Object.keys(rec.values)]
  const out: Record<string, unknown> = { id: rec.id }
  for (const name of names) {
    if (name === "id" || name in out) continue
    const v = fieldValue(mod.def, rec, name)
    if (v !== undefined) out[name] = v
  }
  return out
}
