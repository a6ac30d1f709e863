/**
 * `zoho schema pull`, as a library: read an org's modules and fields metadata and write the
 * `Schema`s of its records as TypeScript source, like `prisma db pull`. The official SDKs keep a
 * field cache at run time to know a module's fields; here the fields are known when the program
 * compiles, and the generated Schemas go straight into `CrmRecords.make(module, schema)`.
 *
 * The output is one self-contained file (it imports only `effect`) and deterministic: modules and
 * fields sorted by API name, the same metadata gives the same text but for the time in the header.
 * Every field is optional and nullable (a list reads only some fields, and Zoho sends `null` for
 * an empty one); pick lists are strict literal unions of the org's values, so a value the org does
 * not know fails to decode (pull again when the pick list changes).
 *
 * @since 0.1.0
 */
import type { ZohoClient } from "@effect-zoho/core/ZohoClient"
import type { ZohoError } from "@effect-zoho/core/ZohoError"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as CrmMetadata from "./CrmMetadata.js"

/**
 * One module with its fields.
 *
 * @category models
 * @since 0.1.0
 */
export interface ModuleMetadata {
  readonly module: CrmMetadata.Module
  readonly fields: ReadonlyArray<CrmMetadata.Field>
}

/**
 * What `render` turns into source.
 *
 * @category models
 * @since 0.1.0
 */
export interface Metadata {
  readonly modules: ReadonlyArray<ModuleMetadata>
  /** When the metadata was read (ISO 8601), written in the header. */
  readonly generatedAt: string
  /** Modules left out of a full pull because their fields could not be read, with Zoho's reason. */
  readonly skipped: ReadonlyArray<{ readonly module: string; readonly reason: string }>
}

/**
 * Which modules to pull.
 *
 * @category options
 * @since 0.1.0
 */
export interface PullOptions {
  /**
   * The modules to read, by API name (any case). Default: every module Zoho says the API
   * supports, except web tabs; a module among those whose fields cannot be read is skipped and
   * listed in `skipped`, while a module named here that cannot be read fails the pull.
   */
  readonly modules?: ReadonlyArray<string> | undefined
}

const isPulledByDefault = (m: CrmMetadata.Module): boolean => m.api_supported !== false && m.generated_type !== "web"

const byName = <A>(name: (a: A) => string) => (a: A, b: A): number => {
  const x = name(a)
  const y = name(b)
  return x < y ? -1 : x > y ? 1 : 0
}

/**
 * Read the metadata of the chosen modules through `CrmMetadata` (its cache when provided).
 *
 * @category schema pull
 * @since 0.1.0
 */
export const pullMetadata = (options: PullOptions = {}): Effect.Effect<Metadata, ZohoError, ZohoClient> =>
  Effect.gen(function*() {
    const all = yield* CrmMetadata.modules
    const requested = options.modules
    const chosen: ReadonlyArray<CrmMetadata.Module> = requested === undefined
      ? all.filter(isPulledByDefault)
      : requested.map((name) => all.find((m) => m.api_name.toLowerCase() === name.toLowerCase()) ?? { api_name: name })
    const unique = [...new Map(chosen.map((m) => [m.api_name, m] as const)).values()].sort(byName((m) => m.api_name))
    const read = yield* Effect.forEach(
      unique,
      (module) =>
        requested === undefined
          ? Effect.either(CrmMetadata.fields(module.api_name)).pipe(
            Effect.map(Either.map((fields) => ({ module, fields })))
          )
          : Effect.map(CrmMetadata.fields(module.api_name), (fields) => Either.right({ module, fields })),
      { concurrency: 4 }
    )
    const generatedAt = new Date(yield* Clock.currentTimeMillis).toISOString()
    const modules: Array<ModuleMetadata> = []
    const skipped: Array<{ readonly module: string; readonly reason: string }> = []
    read.forEach((result, i) => {
      if (Either.isRight(result)) modules.push(result.right)
      else skipped.push({ module: unique[i].api_name, reason: result.left.message })
    })
    return { modules, generatedAt, skipped }
  })

/**
 * The generated source for the chosen modules (see `render`).
 *
 * @example
 * ```ts
 * import { CrmSchemaPull } from "@effect-zoho/crm"
 * import { Effect } from "effect"
 *
 * // The source of a module of Schemas for Leads and Contacts, to write to a file of the project.
 * export const source = CrmSchemaPull.pull(["Leads", "Contacts"]).pipe(Effect.tap((text) => Effect.log(text.length)))
 * ```
 *
 * @category schema pull
 * @since 0.1.0
 */
export const pull = (modules?: ReadonlyArray<string>): Effect.Effect<string, ZohoError, ZohoClient> =>
  Effect.map(pullMetadata({ modules }), render)

// ---------------------------------------------------------------------------------------------
// Rendering

const reserved = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements interface package private protected public await any boolean number string " +
    "symbol unknown never object undefined type of as from declare namespace module require async constructor " +
    "Array Boolean Date Error Function JSON Math Number Object Promise Record String Symbol"
  ).split(" ")
)

/** Names the generated file declares itself; a module named like one of them gets a `_` suffix. */
const helperNames = ["Schema", "ZohoDate", "ZohoDateTime", "ZohoLookup", "modules"]

/**
 * A valid TypeScript identifier for a module's API name (`Invoices__c` stays, `Sales Orders`
 * becomes `Sales_Orders`, a leading digit gets a `_`).
 *
 * @category schema pull
 * @since 0.1.0
 */
export const identifier = (apiName: string): string => {
  const cleaned = apiName.replace(/[^A-Za-z0-9_$]/g, "_")
  const name = cleaned.length === 0 ? "_" : /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned
  return reserved.has(name) || helperNames.includes(name) ? `${name}_` : name
}

const isIdentifier = (key: string): boolean => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) && !reserved.has(key)

const propertyKey = (key: string): string => (isIdentifier(key) ? key : JSON.stringify(key))

/** A comment's text cannot close the comment. */
const commentSafe = (text: string): string => text.replace(/\*\//g, "*\u2215").replace(/\s+/g, " ").trim()

const pickValues = (field: CrmMetadata.Field): ReadonlyArray<string> => {
  const seen = new Set<string>()
  for (const v of field.pick_list_values ?? []) seen.add(v.actual_value)
  return [...seen]
}

const literal = (values: ReadonlyArray<string>): string =>
  values.length === 0 ? "Schema.String" : `Schema.Literal(${values.map((v) => JSON.stringify(v)).join(", ")})`

const byJsonType = (jsonType: string | null | undefined): string => {
  switch (jsonType) {
    case "string":
      return "Schema.String"
    case "integer":
      return "Schema.Int"
    case "double":
      return "Schema.Number"
    case "boolean":
      return "Schema.Boolean"
    case "jsonobject":
      return "Schema.Record({ key: Schema.String, value: Schema.Unknown })"
    case "jsonarray":
      return "Schema.Array(Schema.Unknown)"
    default:
      return "Schema.Unknown"
  }
}

/**
 * The Schema expression (source text) of one field's value, without the `null` Zoho sends for
 * an empty field. Data types this does not know are typed by the field's `json_type`.
 *
 * @category schema pull
 * @since 0.1.0
 */
export const fieldSchema = (field: CrmMetadata.Field): string => {
  switch (field.data_type) {
    case "text":
    case "textarea":
    case "email":
    case "phone":
    case "website":
    case "autonumber":
      return "Schema.String"
    case "integer":
      return "Schema.Int"
    case "double":
    case "currency":
    case "percent":
    case "decimal":
      return "Schema.Number"
    case "boolean":
      return "Schema.Boolean"
    case "date":
      return "ZohoDate"
    case "datetime":
      return "ZohoDateTime"
    case "picklist":
      return literal(pickValues(field))
    case "multiselectpicklist":
      return `Schema.Array(${literal(pickValues(field))})`
    case "lookup":
    case "ownerlookup":
    case "userlookup":
      return "ZohoLookup"
    default:
      return byJsonType(field.json_type)
  }
}

const fieldLines = (field: CrmMetadata.Field): ReadonlyArray<string> => {
  const label = field.display_label ?? field.field_label ?? field.api_name
  const notes = [
    field.data_type,
    ...(field.custom_field === true ? ["custom"] : []),
    ...(field.system_mandatory === true ? ["required to create"] : []),
    ...(field.read_only === true ? ["read-only"] : [])
  ]
  return [
    `  /** ${commentSafe(label)} (${commentSafe(notes.join(", "))}) */`,
    `  ${propertyKey(field.api_name)}: Schema.optional(Schema.NullOr(${fieldSchema(field)}))`
  ]
}

/**
 * The generated TypeScript source for the metadata: per module a `Schema.Struct` and its type,
 * both named after the module, and a `modules` map from API name to Schema.
 *
 * @category schema pull
 * @since 0.1.0
 */
export const render = (metadata: Metadata): string => {
  const modules = [...metadata.modules].sort(byName((m) => m.module.api_name))
  const taken = new Set<string>()
  const named = modules.map((m) => {
    let name = identifier(m.module.api_name)
    while (taken.has(name)) name = `${name}_`
    taken.add(name)
    return { ...m, name }
  })
  const out: Array<string> = [
    "/**",
    ` * Generated by \`zoho schema pull\` from the org's fields metadata at ${metadata.generatedAt}.`,
    " * Do not edit: pull again when the org's fields change.",
    " *",
    ` * Modules: ${named.map((m) => m.module.api_name).join(", ") || "(none)"}.`,
    ...(metadata.skipped.length > 0
      ? [` * Skipped (fields not readable): ${commentSafe(metadata.skipped.map((s) => s.module).join(", "))}.`]
      : []),
    " */",
    "import { Schema } from \"effect\"",
    "",
    "/** A date field: `YYYY-MM-DD`. */",
    "export const ZohoDate = Schema.String.pipe(Schema.pattern(/^\\d{4}-\\d{2}-\\d{2}$/))",
    "",
    "/** A date-time field: ISO 8601 with offset, as Zoho sends it. */",
    "export const ZohoDateTime = Schema.String",
    "",
    "/** A lookup or owner: the record's or user's id and name (other keys are kept when decoding). */",
    "export const ZohoLookup = Schema.Struct({ id: Schema.String, name: Schema.optional(Schema.NullOr(Schema.String)) })"
  ]
  for (const m of named) {
    const fields = [...m.fields].filter((f) => f.api_name !== "id").sort(byName((f) => f.api_name))
    const label = m.module.plural_label ?? m.module.module_name ?? m.module.api_name
    out.push(
      "",
      `/** ${commentSafe(label)} (\`${commentSafe(m.module.api_name)}\`, ${fields.length} fields). */`,
      fields.length === 0 ? `export const ${m.name} = Schema.Struct({})` : `export const ${m.name} = Schema.Struct({`,
      ...(fields.length === 0 ?
        [] :
        [
          ...fields.flatMap(fieldLines).map((line, i, all) => i % 2 === 1 && i < all.length - 1 ? `${line},` : line),
          "})"
        ]),
      `export type ${m.name} = typeof ${m.name}.Type`
    )
  }
  out.push(
    "",
    "/** Every pulled module's Schema by API name. */",
    named.length === 0
      ? "export const modules = {} as const"
      : `export const modules = {\n${
        named.map((m) => `  ${propertyKey(m.module.api_name)}: ${m.name}`).join(",\n")
      }\n} as const`,
    ""
  )
  return out.join("\n")
}
