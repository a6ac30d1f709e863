/**
 * OpenAPI schema objects → `effect/Schema` expressions, each paired with the TypeScript type it
 * decodes to. Component schemas are annotated with that type (`const X: Schema.Schema<X>`), so
 * declaration files name types instead of expanding them, and recursion needs no inference.
 *
 * Only names, keys and types are read: descriptions, examples and titles never reach the output.
 */
import type { Json, JsonObject, Specs } from "./openapi.js"
import { componentSchemaName, isObject, parseRef } from "./openapi.js"

/**
 * An emitted schema: the value expression, its decoded type and, where it differs (an integer id
 * read as a string somewhere inside), its encoded type.
 */
export interface Emitted {
  readonly expr: string
  readonly type: string
  readonly encoded?: string
}

/** The encoded type of an emitted schema. */
export const encodedType = (e: Emitted): string => e.encoded ?? e.type

const withEncoded = (e: { readonly expr: string; readonly type: string }, encoded: string | undefined): Emitted =>
  encoded === undefined || encoded === e.type ? e : { ...e, encoded }

const anyEncoded = (members: ReadonlyArray<Emitted>): boolean => members.some((m) => m.encoded !== undefined)

export interface SchemaContext {
  readonly specs: Specs
  /** Whether a property the spec lists as `required` stays required (see `requiredKeys`). */
  readonly isRequired: (key: string) => boolean
  /** A reference to a named component schema `name` of document `doc`. */
  readonly ref: (doc: string, name: string) => Emitted
}

export const Unknown: Emitted = { expr: "Schema.Unknown", type: "unknown" }
const StringE: Emitted = { expr: "Schema.String", type: "string" }
const NumberE: Emitted = { expr: "Schema.Number", type: "number" }
const BooleanE: Emitted = { expr: "Schema.Boolean", type: "boolean" }
const NullE: Emitted = { expr: "Schema.Null", type: "null" }
const FreeRecord: Emitted = {
  expr: "Schema.Record({ key: Schema.String, value: Schema.Unknown })",
  type: "{ readonly [key: string]: unknown }"
}

const indent = (s: string): string => s.replace(/\n/g, "\n  ")

const isNullLike = (e: Emitted): boolean => e.expr === NullE.expr

export const nullOr = (e: Emitted): Emitted =>
  e.expr.startsWith("Schema.NullOr(") || isNullLike(e) || e.expr === Unknown.expr
    ? e
    : withEncoded(
      { expr: `Schema.NullOr(${e.expr})`, type: `${e.type} | null` },
      e.encoded === undefined ? undefined : `${e.encoded} | null`
    )

/**
 * An integer id (`*_id` typed `integer` in the spec): Zoho sends ids past 2^53, so a number
 * cannot hold them; the Schema accepts a string or a number and always decodes to a string.
 */
export const IntegerId: Emitted = {
  expr:
    "Schema.Union(Schema.String, Schema.transform(Schema.Number, Schema.String, { decode: String, encode: Number }))",
  type: "string",
  encoded: "string | number"
}

/** `id`, `user_id`, `organization_id`: the keys that name an id. */
export const isIdKey = (key: string): boolean => /(^|_)id$/i.test(key)

export const union = (members: ReadonlyArray<Emitted>): Emitted => {
  const seen = new Set<string>()
  const unique: Array<Emitted> = []
  for (const m of members) {
    if (!seen.has(m.expr)) {
      seen.add(m.expr)
      unique.push(m)
    }
  }
  if (unique.length === 0) return Unknown
  if (unique.some((m) => m.expr === Unknown.expr)) return Unknown
  if (unique.length === 1) return unique[0]!
  const nonNull = unique.filter((m) => !isNullLike(m))
  if (nonNull.length === 1) return nullOr(nonNull[0]!)
  const body = nonNull.map((m) => m.expr).join(",\n")
  const u: Emitted = withEncoded({
    expr: `Schema.Union(\n  ${indent(body)}\n)`,
    type: nonNull.map((m) => (m.type.includes("=>") ? `(${m.type})` : m.type)).join(" | ")
  }, anyEncoded(nonNull) ? nonNull.map(encodedType).join(" | ") : undefined)
  return nonNull.length === unique.length ? u : nullOr(u)
}

const literal = (values: ReadonlyArray<Json>): Emitted => {
  const lits = [...new Set(values.filter((v) => v !== null && typeof v !== "object").map((v) => JSON.stringify(v)))]
  const hasNull = values.includes(null)
  if (lits.length === 0) return hasNull ? NullE : Unknown
  const e: Emitted = { expr: `Schema.Literal(${lits.join(", ")})`, type: lits.join(" | ") }
  return hasNull ? nullOr(e) : e
}

export interface Field {
  readonly key: string
  readonly required: boolean
  readonly schema: Emitted
}

/** A struct with the given fields (sorted by key), plus an index signature when `index` is set. */
export const struct = (fields: ReadonlyArray<Field>, index?: Emitted): Emitted => {
  const sorted = [...fields].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  if (sorted.length === 0) {
    if (index === undefined) return { expr: "Schema.Struct({})", type: "{}" }
    return withEncoded({
      expr: `Schema.Record({ key: Schema.String, value: ${index.expr} })`,
      type: `{ readonly [key: string]: ${index.type} }`
    }, index.encoded === undefined ? undefined : `{ readonly [key: string]: ${index.encoded} }`)
  }
  const exprs = sorted.map((f) => {
    const key = JSON.stringify(f.key)
    return `${key}: ${f.required ? indent(f.schema.expr) : `Schema.optional(${indent(f.schema.expr)})`}`
  })
  // `Schema.optional` decodes a missing key and an explicit `undefined` alike.
  const typeOf = (pick: (e: Emitted) => string, indexType: string | undefined) => {
    const types = sorted.map((f) =>
      `readonly ${JSON.stringify(f.key)}${f.required ? "" : "?"}: ${indent(pick(f.schema))}${
        f.required || f.schema.type === "unknown" ? "" : " | undefined"
      }`
    )
    const fieldsType = `{\n  ${types.join("\n  ")}\n}`
    return indexType === undefined ? fieldsType : `${fieldsType} & { readonly [key: string]: ${indexType} }`
  }
  const fieldsExpr = `{\n  ${exprs.join(",\n  ")}\n}`
  const encoded = anyEncoded(sorted.map((f) => f.schema)) || index?.encoded !== undefined
    ? typeOf(encodedType, index === undefined ? undefined : encodedType(index))
    : undefined
  if (index === undefined) {
    return withEncoded({
      expr: `Schema.Struct(${fieldsExpr})`,
      type: typeOf((e) => e.type, undefined)
    }, encoded)
  }
  return withEncoded({
    expr: `Schema.Struct(${fieldsExpr}, Schema.Record({ key: Schema.String, value: ${index.expr} }))`,
    type: typeOf((e) => e.type, index.type)
  }, encoded)
}

const typeNames = (node: JsonObject): ReadonlyArray<string> => {
  const t = node.type
  if (typeof t === "string") return [t]
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === "string")
  return []
}

/**
 * Emit a schema node read from document `doc`. Refs to component schemas go through
 * `ctx.ref`; any other ref is inlined (with its refs read relative to its own document).
 */
export const emitSchema = (ctx: SchemaContext, node: Json | undefined, doc: string, depth = 0): Emitted => {
  if (depth > 40 || !isObject(node)) return Unknown
  const nullable = node.nullable === true || node["x-nullable"] === true
  const base = emitCore(ctx, node, doc, depth)
  return nullable ? nullOr(base) : base
}

const emitCore = (ctx: SchemaContext, node: JsonObject, doc: string, depth: number): Emitted => {
  if (typeof node.$ref === "string") {
    const location = parseRef(node.$ref, doc)
    const target = ctx.specs.lookup(location)
    if (target === undefined) {
      ctx.specs.warnings.push(`${doc}: dangling schema $ref ${node.$ref} (typed as unknown)`)
      return Unknown
    }
    const name = componentSchemaName(location)
    return name !== undefined ? ctx.ref(location.doc, name) : emitSchema(ctx, target, location.doc, depth + 1)
  }
  if (Array.isArray(node.allOf)) return emitAllOf(ctx, node.allOf as ReadonlyArray<Json>, doc, depth)
  const alternatives = Array.isArray(node.oneOf) ? node.oneOf : Array.isArray(node.anyOf) ? node.anyOf : undefined
  if (alternatives !== undefined) {
    return union((alternatives as ReadonlyArray<Json>).map((m) => emitSchema(ctx, m, doc, depth + 1)))
  }
  if (Array.isArray(node.enum)) return literal(node.enum as ReadonlyArray<Json>)
  const types = typeNames(node)
  if (types.length > 1) return union(types.map((t) => emitType(ctx, node, t, doc, depth)))
  return emitType(ctx, node, types[0], doc, depth)
}

const emitType = (
  ctx: SchemaContext,
  node: JsonObject,
  type: string | undefined,
  doc: string,
  depth: number
): Emitted => {
  switch (type) {
    case "string":
      return StringE
    case "integer":
    case "number":
      return NumberE
    case "boolean":
      return BooleanE
    case "null":
      return NullE
    case "array": {
      const item = emitSchema(ctx, node.items, doc, depth + 1)
      return withEncoded(
        { expr: `Schema.Array(${item.expr})`, type: `ReadonlyArray<${item.type}>` },
        item.encoded === undefined ? undefined : `ReadonlyArray<${item.encoded}>`
      )
    }
    case "object":
      return emitObject(ctx, node, doc, depth)
    default:
      return isObject(node.properties) || node.additionalProperties !== undefined
        ? emitObject(ctx, node, doc, depth)
        : Unknown
  }
}

// Zoho lists sample sentences as the `enum` of `message` fields: they are prose, not a closed set.
const isProseEnum = (key: string, node: Json | undefined): boolean =>
  key === "message" && isObject(node) && Array.isArray(node.enum) && node.type === "string"

// Some Books operations declare `page_context` as an array of one object; Zoho answers the
// object (the simulator does the same), and the paging stream reads `page_context.has_more_page`.
const isPageContextArray = (key: string, node: Json | undefined): boolean =>
  key === "page_context" && isObject(node) && node.type === "array" && node.items !== undefined

const emitObject = (ctx: SchemaContext, node: JsonObject, doc: string, depth: number): Emitted => {
  const properties = isObject(node.properties) ? node.properties : {}
  const required = new Set(Array.isArray(node.required) ? node.required.filter((r) => typeof r === "string") : [])
  const fields: Array<Field> = Object.keys(properties).map((key) => ({
    key,
    required: required.has(key) && ctx.isRequired(key),
    schema: isProseEnum(key, properties[key])
      ? StringE
      : isPageContextArray(key, properties[key])
      ? emitSchema(ctx, (properties[key] as JsonObject).items, doc, depth + 1)
      : isIntegerId(ctx, key, properties[key]!, doc)
      ? nullableIf(ctx, properties[key]!, doc, IntegerId)
      : emitSchema(ctx, properties[key], doc, depth + 1)
  }))
  const additional = node.additionalProperties
  const index = additional === undefined || additional === false
    ? undefined
    : additional === true || !isObject(additional)
    ? Unknown
    : emitSchema(ctx, additional, doc, depth + 1)
  // A bare `type: object` is a free-form map: keep whatever arrives.
  if (fields.length === 0 && index === undefined) return FreeRecord
  return struct(fields, index)
}

const emitAllOf = (ctx: SchemaContext, members: ReadonlyArray<Json>, doc: string, depth: number): Emitted => {
  if (members.length === 1) return emitSchema(ctx, members[0], doc, depth + 1)
  // Merge object members into one struct; refs are followed so their properties are inlined.
  const properties: Record<string, Json> = {}
  const required: Array<string> = []
  let memberDoc = doc
  for (const member of members) {
    const resolved = ctx.specs.deref(member, doc)
    if (resolved === undefined || !isObject(resolved.node)) continue
    memberDoc = resolved.doc
    const props = resolved.node.properties
    if (isObject(props)) Object.assign(properties, props)
    if (Array.isArray(resolved.node.required)) {
      required.push(...resolved.node.required.filter((r): r is string => typeof r === "string"))
    }
  }
  return emitSchema(ctx, { type: "object", properties, required }, memberDoc, depth + 1)
}

/** Whether `node` (followed through refs) is an integer, or a number, named like an id. */
export const isIntegerId = (ctx: SchemaContext, key: string, node: Json, doc: string): boolean => {
  if (!isIdKey(key)) return false
  const target = ctx.specs.deref(node, doc)?.node
  return isObject(target) && typeNames(target).some((t) => t === "integer" || t === "number") &&
    !typeNames(target).includes("string")
}

const nullableIf = (ctx: SchemaContext, node: Json, doc: string, e: Emitted): Emitted => {
  const target = ctx.specs.deref(node, doc)?.node
  return isObject(target) && (target.nullable === true || typeNames(target).includes("null")) ? nullOr(e) : e
}
