/**
 * `GET /{module}/search`: Zoho's criteria language `(Field:operator:value)` joined with `and`/`or`
 * and nested parentheses, plus the `email`, `phone` and `word` shortcuts.
 */
import type { SimResponse } from "../../SimHttp.js"
import * as Http from "./Http.js"
import type { FieldDef } from "./Model.js"
import type { Env } from "./Records.js"
import { comparator, parseFields, requireModuleScopes, requireScopes } from "./Records.js"
import type { ModuleState, Rec } from "./Store.js"
import { fieldValue, render } from "./Values.js"

const operators = [
  "equals",
  "not_equal",
  "starts_with",
  "in",
  "not_in",
  "greater_than",
  "greater_equal",
  "less_than",
  "less_equal",
  "between"
] as const
type Operator = typeof operators[number]

export type Criteria =
  | { readonly _tag: "And" | "Or"; readonly left: Criteria; readonly right: Criteria }
  | { readonly _tag: "Cond"; readonly field: string; readonly operator: string; readonly values: ReadonlyArray<string> }

export class CriteriaError {
  constructor(readonly reason: string, readonly details: Record<string, unknown> = {}) {}
}

/** Recursive descent over the criteria string; `\` escapes `(`, `)`, `,` and `\` in values. */
export const parseCriteria = (input: string): Criteria => {
  let pos = 0
  const skipSpaces = () => {
    while (pos < input.length && /\s/.test(input[pos])) pos++
  }
  const expect = (ch: string) => {
    skipSpaces()
    if (input[pos] !== ch) throw new CriteriaError(`expected '${ch}' at position ${pos}`)
    pos++
  }
  const keyword = (): "and" | "or" | undefined => {
    skipSpaces()
    const rest = input.slice(pos).toLowerCase()
    if (rest.startsWith("and")) return "and"
    if (rest.startsWith("or")) return "or"
    return undefined
  }
  const readUntilColon = (): string => {
    const start = pos
    while (pos < input.length && input[pos] !== ":" && input[pos] !== ")" && input[pos] !== "(") pos++
    if (input[pos] !== ":") throw new CriteriaError(`expected ':' at position ${pos}`)
    const out = input.slice(start, pos).trim()
    pos++
    return out
  }
  const readValues = (): Array<string> => {
    const values: Array<string> = []
    let current = ""
    while (pos < input.length && input[pos] !== ")") {
      const ch = input[pos]
      if (ch === "\\" && pos + 1 < input.length) {
        current += input[pos + 1]
        pos += 2
        continue
      }
      if (ch === "(") throw new CriteriaError(`unescaped '(' at position ${pos}`)
      if (ch === ",") {
        values.push(current)
        current = ""
      } else {
        current += ch
      }
      pos++
    }
    values.push(current)
    return values
  }
  const group = (): Criteria => {
    expect("(")
    skipSpaces()
    if (input[pos] === "(") {
      const inner = or()
      expect(")")
      return inner
    }
    const field = readUntilColon()
    const operator = readUntilColon()
    const values = readValues()
    expect(")")
    if (field.length === 0) throw new CriteriaError("empty field name")
    return { _tag: "Cond", field, operator, values }
  }
  const and = (): Criteria => {
    let left = group()
    while (keyword() === "and") {
      pos += 3
      left = { _tag: "And", left, right: group() }
    }
    return left
  }
  const or = (): Criteria => {
    let left = and()
    while (keyword() === "or") {
      pos += 2
      left = { _tag: "Or", left, right: and() }
    }
    return left
  }
  const result = or()
  skipSpaces()
  if (pos !== input.length) throw new CriteriaError(`unexpected '${input[pos]}' at position ${pos}`)
  return result
}

const conditions = (c: Criteria): Array<Extract<Criteria, { _tag: "Cond" }>> =>
  c._tag === "Cond" ? [c] : [...conditions(c.left), ...conditions(c.right)]

const textLike: ReadonlySet<string> = new Set(["text", "textarea", "email", "phone", "website", "picklist"])
const numeric: ReadonlySet<string> = new Set(["integer", "bigint", "double", "currency"])

/** The strings a stored value is matched as: lookups match by id or name. */
const candidates = (v: unknown): ReadonlyArray<string> => {
  if (v === null || v === undefined) return []
  if (Array.isArray(v)) return v.flatMap(candidates)
  if (typeof v === "object") {
    const o = v as { id?: unknown; name?: unknown }
    return [o.id, o.name].filter((x): x is string => typeof x === "string")
  }
  return [String(v)]
}

type Matcher = (rec: Rec) => boolean

const compile = (mod: ModuleState, c: Criteria, equalsMode: "contains" | "exact"): Matcher => {
  if (c._tag !== "Cond") {
    const l = compile(mod, c.left, equalsMode)
    const r = compile(mod, c.right, equalsMode)
    return c._tag === "And" ? (rec) => l(rec) && r(rec) : (rec) => l(rec) || r(rec)
  }
  const f: FieldDef | { readonly apiName: "id"; readonly dataType: "bigint" } | undefined = c.field === "id"
    ? { apiName: "id", dataType: "bigint" }
    : mod.def.fields.find((d) => d.apiName === c.field)
  if (f === undefined) throw new CriteriaError("the field is not available for search", { api_name: c.field })
  const op = c.operator.toLowerCase()
  if (!(operators as ReadonlyArray<string>).includes(op)) {
    throw new CriteriaError("invalid operator", { api_name: c.field, operator: c.operator })
  }
  const operator = op as Operator
  if ((operator === "in" || operator === "not_in") && c.values.length > 100) {
    throw new CriteriaError("too many values for in", { api_name: c.field, operator, limit: 100 })
  }
  if (operator === "between" && c.values.length !== 2) {
    throw new CriteriaError("between needs two values", { api_name: c.field, operator })
  }
  // An unescaped comma only separates values for `in` and `between`; elsewhere it is part of the value.
  const values = operator === "in" || operator === "not_in" || operator === "between" ? c.values : [c.values.join(",")]
  const isTime = f.dataType === "datetime"
  const isNumber = numeric.has(f.dataType)
  const toComparable = (s: string): number | string => isTime ? Date.parse(s) : isNumber ? Number(s) : s.toLowerCase()
  const cmp = (a: number | string, b: number | string): number =>
    typeof a === "number" && typeof b === "number" ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0
  if ((isTime || isNumber) && values.some((v) => Number.isNaN(toComparable(v)))) {
    throw new CriteriaError("invalid value for the field", { api_name: c.field, expected_data_type: f.dataType })
  }
  const wanted = values.map(toComparable)
  const contains = equalsMode === "contains" && textLike.has(f.dataType) && f.dataType !== "picklist"
  const eq = (have: string, want: number | string): boolean => {
    const h = toComparable(have)
    if (typeof want === "string" && typeof h === "string" && contains) return h.includes(want)
    return cmp(h, want) === 0
  }
  return (rec) => {
    const have = candidates(fieldValue(mod.def, rec, f.apiName))
    switch (operator) {
      case "equals":
        return have.some((h) => eq(h, wanted[0]))
      case "not_equal":
        return !have.some((h) => cmp(toComparable(h), wanted[0]) === 0)
      case "starts_with":
        return have.some((h) => h.toLowerCase().startsWith(String(wanted[0])))
      case "in":
        return have.some((h) => wanted.some((w) => cmp(toComparable(h), w) === 0))
      case "not_in":
        return !have.some((h) => wanted.some((w) => cmp(toComparable(h), w) === 0))
      case "greater_than":
        return have.some((h) => cmp(toComparable(h), wanted[0]) > 0)
      case "greater_equal":
        return have.some((h) => cmp(toComparable(h), wanted[0]) >= 0)
      case "less_than":
        return have.some((h) => cmp(toComparable(h), wanted[0]) < 0)
      case "less_equal":
        return have.some((h) => cmp(toComparable(h), wanted[0]) <= 0)
      case "between":
        return have.some((h) => cmp(toComparable(h), wanted[0]) >= 0 && cmp(toComparable(h), wanted[1]) <= 0)
    }
  }
}

const digits = (s: string): string => s.replace(/\D/g, "")

export const search = (env: Env, mod: ModuleState): SimResponse => {
  const denied = requireModuleScopes(env, mod, ["READ"]) ??
    (env.options.searchNeedsSecureSearchScope ? requireScopes(env, ["ZohoSearch.securesearch.READ"]) : undefined)
  if (denied) return denied
  const q = env.ctx.request.url.searchParams
  const fields = parseFields(q.get("fields"), false)
  if (fields !== undefined && !Array.isArray(fields)) return fields as SimResponse
  const paging = Http.pageParams(q)
  if ("status" in paging) return paging
  const { page, perPage } = paging

  // Zoho's precedence: criteria, then email, then phone, then word.
  let matcher: Matcher
  const criteria = q.get("criteria")
  const email = q.get("email")
  const phone = q.get("phone")
  const word = q.get("word")
  const fieldsOfType = (types: ReadonlyArray<string>) => mod.def.fields.filter((f) => types.includes(f.dataType))
  if (criteria !== null && criteria.trim() !== "") {
    try {
      const parsed = parseCriteria(criteria.trim())
      if (conditions(parsed).length > 10) {
        return Http.error(400, "LIMIT_EXCEEDED", "criteria can have at most 10 conditions", {
          param_name: "criteria",
          limit: 10
        })
      }
      matcher = compile(mod, parsed, env.options.searchEquals)
    } catch (e) {
      if (e instanceof CriteriaError) {
        return Http.error(400, "INVALID_QUERY", "invalid query formed", {
          param_name: "criteria",
          reason: e.reason,
          ...e.details
        })
      }
      throw e
    }
  } else if (email !== null && email.trim() !== "") {
    const wanted = email.trim().toLowerCase()
    const emailFields = fieldsOfType(["email"])
    matcher = (r) => emailFields.some((f) => String(r.values[f.apiName] ?? "").toLowerCase() === wanted)
  } else if (phone !== null && phone.trim() !== "") {
    const wanted = digits(phone)
    const phoneFields = fieldsOfType(["phone"])
    matcher = (r) =>
      wanted.length > 0 && phoneFields.some((f) => digits(String(r.values[f.apiName] ?? "")).includes(wanted))
  } else if (word !== null && word.trim() !== "") {
    const wanted = word.trim().toLowerCase()
    const textFields = fieldsOfType(["text", "textarea", "email", "phone", "website", "picklist"])
    matcher = (r) => textFields.some((f) => String(r.values[f.apiName] ?? "").toLowerCase().includes(wanted))
  } else {
    return Http.requiredParam("criteria")
  }

  if (page * perPage > env.options.searchLimit) {
    return Http.error(400, "LIMIT_REACHED", `search can reach at most ${env.options.searchLimit} records`, {
      limit: env.options.searchLimit
    })
  }
  const matching = [...mod.records.values()].filter((r) => !r.converted && matcher(r))
  matching.sort(comparator("id", "asc"))
  const start = (page - 1) * perPage
  const slice = matching.slice(start, start + perPage)
  if (slice.length === 0) return Http.noContent()
  return Http.ok({
    data: slice.map((r) => render(mod, r, fields)),
    info: { per_page: perPage, count: slice.length, page, more_records: start + slice.length < matching.length }
  })
}
