/**
 * A tiny typed builder for the search API's `criteria` language:
 * `((Last_Name:equals:Smith)and(Email:starts_with:a))`. Values are escaped (`(`, `)`, `,`, `\`)
 * the way Zoho documents, so user input cannot change the structure of a query.
 *
 * ```ts
 * import { CrmCriteria as C } from "@effect-zoho/crm"
 * C.and(C.equals("Company", "Acme"), C.or(C.startsWith("Email", "a"), C.in("Lead_Source", ["Web", "Chat"])))
 * ```
 *
 * Zoho allows at most 10 conditions per criteria and 100 values for `in` (checked by Zoho).
 *
 * @since 0.1.0
 */

/**
 * The comparison operators of the criteria language.
 *
 * @category models
 * @since 0.1.0
 */
export type Operator =
  | "equals"
  | "not_equal"
  | "starts_with"
  | "in"
  | "not_in"
  | "greater_than"
  | "greater_equal"
  | "less_than"
  | "less_equal"
  | "between"

/**
 * A value Zoho can compare: dates go as ISO text.
 *
 * @category models
 * @since 0.1.0
 */
export type Value = string | number | boolean | Date | null

/**
 * A criteria tree: conditions joined by `and`/`or`, turned into Zoho's text by {@link toString}
 * with every value escaped.
 *
 * @category models
 * @since 0.1.0
 */
export type Criteria =
  | {
    readonly _tag: "Condition"
    readonly field: string
    readonly operator: Operator
    readonly values: ReadonlyArray<Value>
  }
  | { readonly _tag: "And" | "Or"; readonly criteria: ReadonlyArray<Criteria> }

/** Field names are restricted to what the criteria grammar cannot misread. */
const fieldName = /^[A-Za-z0-9_$.]+$/

const condition = (field: string, operator: Operator, values: ReadonlyArray<Value>): Criteria => ({
  _tag: "Condition",
  field,
  operator,
  values
})

/**
 * A condition: `field` is equal to `value` (escaped when rendered).
 *
 * @example
 * ```ts
 * import { CrmCriteria as C } from "@effect-zoho/crm"
 *
 * export const text = C.toString(C.and(C.equals("Company", "Acme (EMEA), Ltd"), C.in("Lead_Source", ["Web", "Chat"])))
 * // ((Company:equals:Acme \(EMEA\)\, Ltd)and(Lead_Source:in:Web,Chat))
 * ```
 *
 * @category constructors
 * @since 0.1.0
 */
export const equals = (field: string, value: Value): Criteria => condition(field, "equals", [value])
/**
 * A condition: `field` is not equal to `value` (escaped when rendered).
 *
 * @category constructors
 * @since 0.1.0
 */
export const notEqual = (field: string, value: Value): Criteria => condition(field, "not_equal", [value])
/**
 * A condition: `field` is starts with `value` (escaped when rendered).
 *
 * @category constructors
 * @since 0.1.0
 */
export const startsWith = (field: string, value: string): Criteria => condition(field, "starts_with", [value])
/**
 * A condition: `field` is greater than `value` (escaped when rendered).
 *
 * @category constructors
 * @since 0.1.0
 */
export const greaterThan = (field: string, value: Value): Criteria => condition(field, "greater_than", [value])
/**
 * A condition: `field` is greater than or equal to `value` (escaped when rendered).
 *
 * @category constructors
 * @since 0.1.0
 */
export const greaterEqual = (field: string, value: Value): Criteria => condition(field, "greater_equal", [value])
/**
 * A condition: `field` is less than `value` (escaped when rendered).
 *
 * @category constructors
 * @since 0.1.0
 */
export const lessThan = (field: string, value: Value): Criteria => condition(field, "less_than", [value])
/**
 * A condition: `field` is less than or equal to `value` (escaped when rendered).
 *
 * @category constructors
 * @since 0.1.0
 */
export const lessEqual = (field: string, value: Value): Criteria => condition(field, "less_equal", [value])
/**
 * A condition: `field` is between `from` and `to` (both included).
 *
 * @category constructors
 * @since 0.1.0
 */
export const between = (field: string, from: Value, to: Value): Criteria => condition(field, "between", [from, to])
const in_ = (field: string, values: ReadonlyArray<Value>): Criteria => condition(field, "in", values)
export {
  /**
   * A condition: `field` is one of `values` (Zoho takes up to 100). Exported as `in`, a reserved
   * word that cannot name a `const`.
   *
   * @category constructors
   * @since 0.1.0
   */
  in_ as in
}
/**
 * A condition: `field` is none of `values`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const notIn = (field: string, values: ReadonlyArray<Value>): Criteria => condition(field, "not_in", values)

/**
 * All of the criteria must hold.
 *
 * @category combinators
 * @since 0.1.0
 */
export const and = (...criteria: ReadonlyArray<Criteria>): Criteria => ({ _tag: "And", criteria })
/**
 * At least one of the criteria must hold.
 *
 * @category combinators
 * @since 0.1.0
 */
export const or = (...criteria: ReadonlyArray<Criteria>): Criteria => ({ _tag: "Or", criteria })

const escape = (text: string): string => text.replace(/[\\(),]/g, (ch) => `\\${ch}`)

const valueText = (value: Value): string =>
  value === null
    ? "null"
    : value instanceof Date
    ? value.toISOString().replace(/\.\d{3}Z$/, "+00:00")
    : escape(String(value))

/**
 * The criteria string Zoho expects.
 *
 * @category utils
 * @since 0.1.0
 */
export const toString = (criteria: Criteria): string => {
  switch (criteria._tag) {
    case "Condition":
      return `(${criteria.field}:${criteria.operator}:${criteria.values.map(valueText).join(",")})`
    case "And":
    case "Or": {
      const parts = criteria.criteria.map(toString)
      return parts.length === 1 ? parts[0] : `(${parts.join(criteria._tag === "And" ? "and" : "or")})`
    }
  }
}

/**
 * How many conditions a criteria holds (Zoho allows 10).
 *
 * @category utils
 * @since 0.1.0
 */
export const size = (criteria: Criteria): number =>
  criteria._tag === "Condition" ? 1 : criteria.criteria.reduce((n, c) => n + size(c), 0)

/**
 * What is wrong with a criteria before it is sent (a field name the grammar would misread, an
 * empty `and`/`or`, a condition without values), or `undefined` when it is well formed.
 *
 * @category utils
 * @since 0.1.0
 */
export const problem = (criteria: Criteria): string | undefined => {
  switch (criteria._tag) {
    case "Condition":
      if (!fieldName.test(criteria.field)) return `invalid field name ${JSON.stringify(criteria.field)}`
      if (criteria.values.length === 0) return `${criteria.field}:${criteria.operator} has no value`
      if (criteria.operator === "between" && criteria.values.length !== 2) {
        return `${criteria.field}:between needs exactly two values`
      }
      return undefined
    case "And":
    case "Or":
      if (criteria.criteria.length === 0) return `an empty ${criteria._tag.toLowerCase()}`
      for (const c of criteria.criteria) {
        const p = problem(c)
        if (p !== undefined) return p
      }
      return undefined
  }
}
