/**
 * Custom fields of the finance family's records (`custom_fields`), by api name or label.
 *
 * A record carries its custom fields as a list — `[{ customfield_id, api_name, label, value,
 * data_type, … }]` — and takes them back the same way. This module reads one field's value as a
 * typed value (decoded with a Schema) and builds the list to send from a plain object:
 *
 * - {@link get} / {@link getOption}: the value of the field whose `api_name`, `label` or id is
 *   the key, decoded with a Schema; a missing field or a value of the wrong type is a
 *   `ZohoConfigError` (`InvalidInput`) naming the field;
 * - {@link input}: `{ cf_po_number: "PO-1", "Delivery notes": "…" }` → the `custom_fields` list;
 *   keys that look like api names (`cf_…`) are sent as `api_name`, others as `label`, or as
 *   `customfield_id` where the field definitions are given;
 * - {@link make}: both at once for a fixed set of fields, each with its Schema, so reads are
 *   typed and writes are checked (a value of the wrong type fails before any request).
 *
 * Values are sent as text (the finance files declare a custom field's value as a string and the
 * APIs take numbers, dates and booleans written out); `null` clears a field (`""`).
 *
 * @example
 * ```ts
 * import { CustomFields } from "@effect-zoho/core"
 * import { Effect, Schema } from "effect"
 *
 * const InvoiceFields = CustomFields.make({
 *   cf_po_number: Schema.String,
 *   Priority: Schema.NumberFromString
 * })
 *
 * const record = { custom_fields: [{ api_name: "cf_po_number", label: "PO Number", value: "PO-7" }] }
 * const read = InvoiceFields.read(record) // Effect<{ cf_po_number?: string; Priority?: number }, ZohoConfigError>
 * const body = InvoiceFields.input({ cf_po_number: "PO-8", Priority: 2 })
 * // Effect<[{ api_name: "cf_po_number", value: "PO-8" }, { label: "Priority", value: "2" }]>
 * export const both = Effect.all([read, body])
 * ```
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { ZohoConfigError } from "./ZohoError.js"

/**
 * One custom field as a record carries it. Zoho spells the id `customfield_id` or
 * `custom_field_id` depending on the module; other keys (`data_type`, `show_on_pdf`…) are kept.
 *
 * @category models
 * @since 0.1.0
 */
export interface CustomField {
  readonly customfield_id?: string | undefined
  readonly custom_field_id?: string | undefined
  readonly api_name?: string | undefined
  readonly label?: string | undefined
  readonly value?: unknown
  readonly [key: string]: unknown
}

/**
 * One entry of the `custom_fields` list to send: the field named by id, api name or label.
 *
 * @category models
 * @since 0.1.0
 */
export interface Input {
  readonly customfield_id?: string
  readonly api_name?: string
  readonly label?: string
  readonly value: string
}

/**
 * A value a custom field can be written with.
 *
 * @category models
 * @since 0.1.0
 */
export type Value = string | number | boolean | null

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

const text = (u: unknown): string | undefined => typeof u === "string" && u !== "" ? u : undefined

const idOf = (field: CustomField): string | undefined =>
  text(field.customfield_id) ?? text(field.custom_field_id) ?? (typeof field.customfield_id === "number"
    ? String(field.customfield_id)
    : undefined)

const nameOf = (field: CustomField): string => text(field.api_name) ?? text(field.label) ?? idOf(field) ?? "?"

/**
 * The custom fields a record carries (its `custom_fields`; none when it has no such list), or
 * the list itself when given one.
 *
 * @category reading
 * @since 0.1.0
 */
export const fieldsOf = (recordOrFields: unknown): ReadonlyArray<CustomField> => {
  const list = Array.isArray(recordOrFields)
    ? recordOrFields
    : isRecord(recordOrFields) && Array.isArray(recordOrFields.custom_fields)
    ? recordOrFields.custom_fields
    : []
  return list.filter(isRecord)
}

/**
 * The field whose api name, else label, else id is `key` (api names and ids exactly, labels
 * ignoring case and surrounding spaces).
 *
 * @category reading
 * @since 0.1.0
 */
export const find = (recordOrFields: unknown, key: string): Option.Option<CustomField> => {
  const fields = fieldsOf(recordOrFields)
  const label = key.trim().toLowerCase()
  return Option.fromNullable(
    fields.find((f) => f.api_name === key) ??
      fields.find((f) => typeof f.label === "string" && f.label.trim().toLowerCase() === label) ??
      fields.find((f) => idOf(f) === key)
  )
}

const unknownField = (key: string, fields: ReadonlyArray<CustomField>) =>
  new ZohoConfigError({
    reason: "InvalidInput",
    message: `custom field "${key}" is not on the record` +
      (fields.length === 0 ? " (it has no custom fields)" : ""),
    input: key,
    choices: fields.map(nameOf)
  })

const wrongType = (key: string, error: ParseResult.ParseError) =>
  new ZohoConfigError({
    reason: "InvalidInput",
    message: `custom field "${key}": ${ParseResult.TreeFormatter.formatErrorSync(error).replace(/\s+/g, " ")}`,
    input: key
  })

const decodeValue = <A, I>(key: string, schema: Schema.Schema<A, I>, value: unknown) =>
  Effect.mapError(Schema.decodeUnknown(schema)(value), (error) => wrongType(key, error))

/** An empty value (Zoho sends `""` or `null` for a field with nothing in it). */
const isEmpty = (value: unknown): boolean => value === undefined || value === null || value === ""

/**
 * The value of custom field `key` (api name, label or id), decoded with `schema`. A field the
 * record does not carry, or a value `schema` refuses, is a `ZohoConfigError` naming the field.
 *
 * @example
 * ```ts
 * import { CustomFields } from "@effect-zoho/core"
 * import { Effect, Schema } from "effect"
 *
 * // A finance record as Zoho answers it: custom fields in a list, not as properties.
 * const invoice = {
 *   invoice_id: "460000000039129",
 *   custom_fields: [{ api_name: "cf_po_number", label: "PO Number", value: "PO-7" }]
 * }
 *
 * // By api name or label; a missing field or a value the schema refuses names the field.
 * const po = Effect.runSync(CustomFields.get(invoice, "PO Number", Schema.String))
 * assert.strictEqual(po, "PO-7")
 * ```
 *
 * @category reading
 * @since 0.1.0
 */
export const get = <A, I>(
  record: unknown,
  key: string,
  schema: Schema.Schema<A, I>
): Effect.Effect<A, ZohoConfigError> =>
  Option.match(find(record, key), {
    onNone: () => Effect.fail(unknownField(key, fieldsOf(record))),
    onSome: (field) => decodeValue(key, schema, field.value)
  })

/**
 * {@link get}, with `None` for a field the record does not carry or that is empty (`""`, `null`).
 * A value `schema` refuses is still a `ZohoConfigError` naming the field.
 *
 * @example
 * ```ts
 * import { CustomFields } from "@effect-zoho/core"
 * import { Effect, Option, Schema } from "effect"
 *
 * // Optional fields: an absent or empty field is None instead of a failure.
 * const record = { custom_fields: [{ api_name: "cf_region", value: "" }] }
 * const region = Effect.runSync(CustomFields.getOption(record, "cf_region", Schema.String))
 * assert.ok(Option.isNone(region))
 * ```
 *
 * @category reading
 * @since 0.1.0
 */
export const getOption = <A, I>(
  record: unknown,
  key: string,
  schema: Schema.Schema<A, I>
): Effect.Effect<Option.Option<A>, ZohoConfigError> =>
  Option.match(find(record, key), {
    onNone: () => Effect.succeedNone,
    onSome: (field) => isEmpty(field.value) ? Effect.succeedNone : Effect.asSome(decodeValue(key, schema, field.value))
  })

/**
 * How {@link input} names each field.
 *
 * @category models
 * @since 0.1.0
 */
export interface InputOptions {
  /**
   * The fields' definitions (a record's `custom_fields`, or the module's field list): a key found
   * there (by api name, label or id) is sent by `customfield_id`, which every finance API takes.
   */
  readonly fields?: unknown
  /**
   * How a key not found in `fields` is sent: `auto` (default) sends keys that look like api names
   * (`cf_` then letters, digits, `_`) as `api_name` and the others as `label`.
   */
  readonly by?: "auto" | "api_name" | "label" | undefined
}

const apiNamePattern = /^cf_[A-Za-z0-9_]+$/

const valueText = (key: string, value: unknown): Effect.Effect<string, ZohoConfigError> => {
  if (value === null) return Effect.succeed("")
  if (typeof value === "string") return Effect.succeed(value)
  if ((typeof value === "number" && Number.isFinite(value)) || typeof value === "boolean") {
    return Effect.succeed(String(value))
  }
  return Effect.fail(
    new ZohoConfigError({
      reason: "InvalidInput",
      message: `custom field "${key}": expected a string, a finite number, a boolean or null, got ${
        Array.isArray(value) ? "an array" : typeof value
      }`,
      input: key
    })
  )
}

/**
 * The `custom_fields` list for `values` (`{ api name or label: value }`). Keys with an
 * `undefined` value are left out; a value that is not a string, finite number, boolean or `null`
 * is a `ZohoConfigError` naming the field.
 *
 * @category writing
 * @since 0.1.0
 */
export const input = (
  values: Readonly<Record<string, unknown>>,
  options: InputOptions = {}
): Effect.Effect<Array<Input>, ZohoConfigError> =>
  Effect.forEach(
    Object.entries(values).filter(([, value]) => value !== undefined),
    ([key, value]) =>
      Effect.map(valueText(key, value), (text): Input => {
        const defined = options.fields === undefined ? Option.none() : find(options.fields, key)
        const id = Option.flatMapNullable(defined, idOf)
        if (Option.isSome(id)) return { customfield_id: id.value, value: text }
        const by = options.by ?? "auto"
        return by === "api_name" || (by === "auto" && apiNamePattern.test(key))
          ? { api_name: key, value: text }
          : { label: key, value: text }
      })
  )

/**
 * A set of custom fields, each with the Schema of its value.
 *
 * @category models
 * @since 0.1.0
 */
export type Fields = Readonly<Record<string, Schema.Schema.AnyNoContext>>

/**
 * The typed values of a set of fields (every one optional: a record may not carry it).
 *
 * @category models
 * @since 0.1.0
 */
export type Values<F extends Fields> = { readonly [K in keyof F]?: Schema.Schema.Type<F[K]> }

/**
 * A fixed set of custom fields, typed: {@link make}.
 *
 * @category models
 * @since 0.1.0
 */
export interface Codec<F extends Fields> {
  readonly fields: F
  /** Each field's value, decoded with its Schema; fields the record lacks or leaves empty are absent. */
  readonly read: (record: unknown) => Effect.Effect<Values<F>, ZohoConfigError>
  /**
   * The `custom_fields` list for `values`: each value encoded with its field's Schema first, so
   * one of the wrong type fails (naming the field) before any request.
   */
  readonly input: (values: Values<F>, options?: InputOptions) => Effect.Effect<Array<Input>, ZohoConfigError>
}

/**
 * Declare the custom fields a program uses, by api name or label, with their Schemas
 * (`Schema.String`, `Schema.NumberFromString`, `Schema.Date`…).
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = <const F extends Fields>(fields: F): Codec<F> => ({
  fields,
  read: (record) =>
    Effect.map(
      Effect.forEach(Object.entries(fields), ([key, schema]) =>
        Effect.map(getOption(record, key, schema), (value) => [key, value] as const)),
      (entries) => {
        const out: Record<string, unknown> = {}
        for (const [key, value] of entries) {
          if (Option.isSome(value)) {
            out[key] = value.value
          }
        }
        return out as Values<F>
      }
    ),
  input: (values, options) =>
    Effect.flatMap(
      Effect.forEach(Object.entries(values as Readonly<Record<string, unknown>>), ([key, value]) => {
        const schema = fields[key]
        if (value === undefined || value === null) return Effect.succeed([key, value] as const)
        if (schema === undefined) {
          return Effect.fail(
            new ZohoConfigError({
              reason: "InvalidInput",
              message: `custom field "${key}" is not one of the fields this codec declares`,
              input: key,
              choices: Object.keys(fields)
            })
          )
        }
        return Effect.map(
          Effect.mapError(Schema.encodeUnknown(schema)(value), (error) => wrongType(key, error)),
          (encoded) => [key, encoded] as const
        )
      }),
      (entries) => input(Object.fromEntries(entries), options)
    )
})
