/**
 * Answers in the shape Zoho's OpenAPI files declare, and checks request bodies against them.
 *
 * `shape` walks a response schema over the simulator's data: every declared field is present,
 * numbers are numbers, booleans booleans, enums hold a declared value, and fields the simulator
 * has no data for take Zoho's empty values (`""`, `0`, `false`, `[]`). `check` finds the first
 * problem of a request body (missing required field, wrong type, value outside an enum).
 */
import type { Schema } from "./FinanceModel.js"

const typeOf = (schema: Schema): string => {
  const t = schema.type
  const first = typeof t === "string" ? t : t?.[0]
  if (first !== undefined) return first
  if (schema.properties !== undefined) return "object"
  if (schema.items !== undefined) return "array"
  return ""
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v)

const numeric = (v: unknown): number | undefined => {
  if (typeof v === "number" && Number.isFinite(v)) return v
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v)
  return undefined
}

const fits = (schema: Schema, value: unknown): boolean => {
  switch (typeOf(schema)) {
    case "object":
      return isRecord(value)
    case "array":
      return Array.isArray(value)
    case "number":
    case "integer":
      return numeric(value) !== undefined
    case "boolean":
      return typeof value === "boolean"
    case "string":
      return typeof value === "string" || typeof value === "number"
    default:
      return true
  }
}

const inEnum = (schema: Schema, value: unknown): unknown =>
  schema.enum === undefined || schema.enum.length === 0 || schema.enum.includes(value) ? value : schema.enum[0]

/** A value of `schema`'s shape, built from `value` where it fits. */
export const shape = (schema: Schema, value: unknown): unknown => {
  if (schema.anyOf !== undefined && schema.anyOf.length > 0) {
    const chosen = value === undefined ? schema.anyOf[0] : schema.anyOf.find((s) => fits(s, value)) ?? schema.anyOf[0]
    return shape(chosen, value)
  }
  if (value === null && schema.nullable === true) return null
  switch (typeOf(schema)) {
    case "object": {
      const input = isRecord(value) ? value : {}
      const out: Record<string, unknown> = { ...input }
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        // Some Books operations declare `page_context` as an array of one object; Zoho answers
        // the object, and paging clients read `page_context.has_more_page`.
        const declared = key === "page_context" && typeOf(property) === "array" && property.items !== undefined
          ? property.items
          : property
        out[key] = shape(declared, input[key])
      }
      return out
    }
    case "array": {
      if (!Array.isArray(value)) return []
      const items = schema.items
      return items === undefined ? value : value.map((v) => shape(items, v))
    }
    case "integer": {
      const n = numeric(value)
      return inEnum(schema, n === undefined ? 0 : Math.round(n))
    }
    case "number":
      return inEnum(schema, numeric(value) ?? 0)
    case "boolean":
      return value === true || value === "true"
    case "string": {
      const s = typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined
      if (schema.enum !== undefined && schema.enum.length > 0) {
        return s !== undefined && schema.enum.includes(s) ? s : schema.enum[0]
      }
      return s ?? ""
    }
    default:
      return value === undefined ? "" : value
  }
}

export interface Problem {
  readonly kind: "missing" | "invalid"
  readonly field: string
}

const problemOf = (
  schema: Schema,
  value: unknown,
  field: string,
  required: ReadonlyArray<string> | undefined
): Problem | undefined => {
  if (value === undefined || (value === null && schema.nullable === true)) return undefined
  if (schema.anyOf !== undefined && schema.anyOf.length > 0) {
    return schema.anyOf.some((s) => problemOf(s, value, field, required) === undefined)
      ? undefined
      : { kind: "invalid", field }
  }
  const type = typeOf(schema)
  // The files type a few ids as booleans or numbers (Inventory's contact `tax_id`); Zoho takes the id.
  if (field.endsWith("_id") && (typeof value === "string" || typeof value === "number")) return undefined
  // Zoho reads numbers and flags sent as strings ("12.50", "true"), and ids as numbers.
  if (type === "boolean" && (typeof value === "boolean" || value === "true" || value === "false")) return undefined
  if (type !== "" && type !== "boolean" && !fits(schema, value)) return { kind: "invalid", field }
  if (type === "boolean" && typeof value !== "boolean") return { kind: "invalid", field }
  if (type === "string" && schema.enum !== undefined && schema.enum.length > 0 && value !== "") {
    if (!schema.enum.includes(String(value))) return { kind: "invalid", field }
  }
  if (type === "object" && isRecord(value)) {
    if (required !== undefined) {
      for (const name of required) {
        const v = value[name]
        if (v === undefined || v === null || v === "") return { kind: "missing", field: name }
      }
    }
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      const p = problemOf(property, value[key], key, undefined)
      if (p !== undefined) return p
    }
  }
  if (type === "array" && Array.isArray(value) && schema.items !== undefined) {
    for (const item of value) {
      const p = problemOf(schema.items, item, field, undefined)
      if (p !== undefined) return p
    }
  }
  return undefined
}

/**
 * The first problem of a request body: a missing top-level field of `required`, then a wrong type
 * or enum value anywhere. Nested `required` lists are not enforced: the files mark fields required
 * that only some editions need (tax ids of one country, say) and Zoho accepts bodies without them.
 */
export const check = (
  schema: Schema,
  body: Record<string, unknown>,
  required: ReadonlyArray<string> | undefined
): Problem | undefined => problemOf(schema, body, "JSONString", required)
