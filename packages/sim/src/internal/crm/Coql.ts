/**
 * `POST /coql`: a tokenizer and recursive-descent parser for the subset of COQL clients use
 * (`select … from … [where …] [order by …] [limit …[, …] | limit … offset …]`), and its evaluation
 * over the in-memory records.
 */
import type { SimResponse } from "../../SimHttp.js"
import * as SimHttp from "../../SimHttp.js"
import * as Http from "./Http.js"
import type { FieldDef } from "./Model.js"
import type { Env } from "./Records.js"
import { requireModuleScopes, requireScopes } from "./Records.js"
import type { ModuleState, Rec } from "./Store.js"
import { findModule } from "./Store.js"
import { fieldValue } from "./Values.js"

// ---------------------------------------------------------------------------------------------
// Tokens

type TokenKind = "ident" | "string" | "number" | "symbol" | "end"

interface Token {
  readonly kind: TokenKind
  readonly text: string
  /** The keyword form of an identifier, lower-cased. */
  readonly lower: string
  readonly line: number
  readonly column: number
}

export class CoqlError {
  constructor(
    readonly code: "SYNTAX_ERROR" | "INVALID_QUERY" | "LIMIT_EXCEEDED",
    readonly message: string,
    readonly details: Record<string, unknown>
  ) {}
}

const syntaxError = (t: Token): CoqlError =>
  new CoqlError("SYNTAX_ERROR", "error occurred while parsing the query", {
    line: t.line,
    column: t.column,
    near: t.kind === "end" ? "" : t.text
  })

export const tokenize = (input: string): ReadonlyArray<Token> => {
  const tokens: Array<Token> = []
  let i = 0
  let line = 1
  let lineStart = 0
  const push = (kind: TokenKind, text: string, at: number) =>
    tokens.push({ kind, text, lower: text.toLowerCase(), line, column: at - lineStart + 1 })
  while (i < input.length) {
    const ch = input[i]
    if (ch === "\n") {
      line++
      lineStart = i + 1
      i++
      continue
    }
    if (/\s/.test(ch)) {
      i++
      continue
    }
    const start = i
    if (/[A-Za-z_$]/.test(ch)) {
      while (i < input.length && /[A-Za-z0-9_$.]/.test(input[i])) i++
      push("ident", input.slice(start, i), start)
      continue
    }
    if (/[0-9]/.test(ch) || (ch === "-" && /[0-9]/.test(input[i + 1] ?? ""))) {
      i++
      while (i < input.length && /[0-9.]/.test(input[i])) i++
      push("number", input.slice(start, i), start)
      continue
    }
    if (ch === "'") {
      let value = ""
      i++
      for (;;) {
        if (i >= input.length) {
          throw new CoqlError("SYNTAX_ERROR", "error occurred while parsing the query", {
            line,
            column: start - lineStart + 1,
            near: input.slice(start)
          })
        }
        if (input[i] === "\\" && i + 1 < input.length) {
          value += input[i + 1]
          i += 2
        } else if (input[i] === "'" && input[i + 1] === "'") {
          value += "'"
          i += 2
        } else if (input[i] === "'") {
          i++
          break
        } else {
          value += input[i++]
        }
      }
      tokens.push({ kind: "string", text: value, lower: value.toLowerCase(), line, column: start - lineStart + 1 })
      continue
    }
    const two = input.slice(i, i + 2)
    if (two === "!=" || two === "<>" || two === "<=" || two === ">=") {
      i += 2
      push("symbol", two, start)
      continue
    }
    if ("=<>(),*".includes(ch)) {
      i++
      push("symbol", ch, start)
      continue
    }
    throw new CoqlError("SYNTAX_ERROR", "error occurred while parsing the query", {
      line,
      column: start - lineStart + 1,
      near: ch
    })
  }
  tokens.push({ kind: "end", text: "", lower: "", line, column: input.length - lineStart + 1 })
  return tokens
}

// ---------------------------------------------------------------------------------------------
// Syntax tree and parser

export type Literal = string | number | boolean | null

export type Condition =
  | { readonly _tag: "And" | "Or"; readonly left: Condition; readonly right: Condition }
  | { readonly _tag: "Compare"; readonly field: string; readonly op: string; readonly value: Literal }
  | { readonly _tag: "In"; readonly field: string; readonly values: ReadonlyArray<Literal>; readonly negated: boolean }
  | { readonly _tag: "Like"; readonly field: string; readonly pattern: string; readonly negated: boolean }
  | { readonly _tag: "IsNull"; readonly field: string; readonly negated: boolean }
  | {
    readonly _tag: "Between"
    readonly field: string
    readonly low: Literal
    readonly high: Literal
    readonly negated: boolean
  }

export interface Query {
  readonly fields: ReadonlyArray<string>
  readonly module: string
  readonly where: Condition | undefined
  readonly orderBy: ReadonlyArray<{ readonly field: string; readonly direction: "asc" | "desc" }>
  readonly limit: number | undefined
  readonly offset: number | undefined
}

const reserved: ReadonlySet<string> = new Set([
  "select",
  "from",
  "where",
  "and",
  "or",
  "order",
  "by",
  "asc",
  "desc",
  "limit",
  "offset",
  "like",
  "not",
  "in",
  "is",
  "null",
  "between",
  "true",
  "false"
])

export const parse = (input: string): Query => {
  const tokens = tokenize(input)
  let pos = 0
  const peek = () => tokens[pos]
  const next = () => tokens[pos++]
  const isKeyword = (kw: string) => peek().kind === "ident" && peek().lower === kw
  const expectKeyword = (kw: string) => {
    if (!isKeyword(kw)) throw syntaxError(peek())
    pos++
  }
  const expectSymbol = (s: string) => {
    if (peek().kind !== "symbol" || peek().text !== s) throw syntaxError(peek())
    pos++
  }
  const identifier = (): string => {
    const t = peek()
    if (t.kind !== "ident" || reserved.has(t.lower)) throw syntaxError(t)
    pos++
    return t.text
  }
  const literal = (): Literal => {
    const t = next()
    if (t.kind === "string") return t.text
    if (t.kind === "number") {
      const n = Number(t.text)
      if (Number.isNaN(n)) throw syntaxError(t)
      return n
    }
    if (t.kind === "ident" && (t.lower === "true" || t.lower === "false")) return t.lower === "true"
    if (t.kind === "ident" && t.lower === "null") return null
    throw syntaxError(t)
  }
  const integer = (): number => {
    const t = next()
    if (t.kind !== "number" || !/^\d+$/.test(t.text)) throw syntaxError(t)
    return Number(t.text)
  }

  const primary = (): Condition => {
    if (peek().kind === "symbol" && peek().text === "(") {
      pos++
      const inner = or()
      expectSymbol(")")
      return inner
    }
    const field = identifier()
    if (isKeyword("is")) {
      pos++
      const negated = isKeyword("not")
      if (negated) pos++
      expectKeyword("null")
      return { _tag: "IsNull", field, negated }
    }
    const negated = isKeyword("not")
    if (negated) pos++
    if (isKeyword("in")) {
      pos++
      expectSymbol("(")
      const values: Array<Literal> = [literal()]
      while (peek().kind === "symbol" && peek().text === ",") {
        pos++
        values.push(literal())
      }
      expectSymbol(")")
      return { _tag: "In", field, values, negated }
    }
    if (isKeyword("like")) {
      pos++
      const t = next()
      if (t.kind !== "string") throw syntaxError(t)
      return { _tag: "Like", field, pattern: t.text, negated }
    }
    if (isKeyword("between")) {
      pos++
      const low = literal()
      expectKeyword("and")
      const high = literal()
      return { _tag: "Between", field, low, high, negated }
    }
    if (negated) throw syntaxError(peek())
    const op = next()
    if (op.kind !== "symbol" || !["=", "!=", "<>", "<", ">", "<=", ">="].includes(op.text)) throw syntaxError(op)
    return { _tag: "Compare", field, op: op.text === "<>" ? "!=" : op.text, value: literal() }
  }
  const and = (): Condition => {
    let left = primary()
    while (isKeyword("and")) {
      pos++
      left = { _tag: "And", left, right: primary() }
    }
    return left
  }
  const or = (): Condition => {
    let left = and()
    while (isKeyword("or")) {
      pos++
      left = { _tag: "Or", left, right: and() }
    }
    return left
  }

  expectKeyword("select")
  if (peek().kind === "symbol" && peek().text === "*") throw syntaxError(peek())
  const fields: Array<string> = [identifier()]
  while (peek().kind === "symbol" && peek().text === ",") {
    pos++
    fields.push(identifier())
  }
  expectKeyword("from")
  const module = identifier()
  let where: Condition | undefined
  if (isKeyword("where")) {
    pos++
    where = or()
  }
  const orderBy: Array<{ field: string; direction: "asc" | "desc" }> = []
  if (isKeyword("order")) {
    pos++
    expectKeyword("by")
    for (;;) {
      const field = identifier()
      let direction: "asc" | "desc" = "asc"
      if (isKeyword("asc") || isKeyword("desc")) direction = next().lower as "asc" | "desc"
      orderBy.push({ field, direction })
      if (peek().kind === "symbol" && peek().text === ",") {
        pos++
        continue
      }
      break
    }
  }
  let limit: number | undefined
  let offset: number | undefined
  if (isKeyword("limit")) {
    pos++
    const first = integer()
    if (peek().kind === "symbol" && peek().text === ",") {
      // `limit offset, count`, as in MySQL.
      pos++
      offset = first
      limit = integer()
    } else {
      limit = first
      if (isKeyword("offset")) {
        pos++
        offset = integer()
      }
    }
  }
  if (peek().kind !== "end") throw syntaxError(peek())
  return { fields, module, where, orderBy, limit, offset }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

const leaves = (c: Condition): Array<Condition> =>
  c._tag === "And" || c._tag === "Or" ? [...leaves(c.left), ...leaves(c.right)] : [c]

const numeric: ReadonlySet<string> = new Set(["integer", "bigint", "double", "currency"])

interface Column {
  readonly path: string
  /** Field of the base module (for a dotted path, the lookup). */
  readonly base: FieldDef | "id"
  /** For `Lookup.Field`: the target module and its field. */
  readonly target?: { readonly module: ModuleState; readonly field: FieldDef | "id" } | undefined
}

const invalidColumn = (path: string, clause: string): CoqlError =>
  new CoqlError("INVALID_QUERY", "column given seems to be invalid", { column_name: path, clause })

const resolveColumn = (env: Env, mod: ModuleState, path: string, clause: string): Column => {
  const [head, ...rest] = path.split(".")
  const find = (m: ModuleState, name: string): FieldDef | "id" | undefined =>
    name.toLowerCase() === "id" ? "id" : m.def.fields.find((f) => f.apiName.toLowerCase() === name.toLowerCase())
  const base = find(mod, head)
  if (base === undefined || rest.length > 1) throw invalidColumn(path, clause)
  if (rest.length === 0) return { path, base }
  if (base === "id" || (base.dataType !== "lookup" && base.dataType !== "ownerlookup")) {
    throw invalidColumn(path, clause)
  }
  if (base.dataType === "ownerlookup") {
    if (!["id", "name", "email"].includes(rest[0].toLowerCase())) throw invalidColumn(path, clause)
    return { path, base }
  }
  const target = base.lookupModule === undefined ? undefined : findModule(env.org, base.lookupModule)
  const field = target === undefined ? undefined : find(target, rest[0])
  if (target === undefined || field === undefined) throw invalidColumn(path, clause)
  return { path, base, target: { module: target, field } }
}

const dataTypeOf = (col: Column): string => {
  const f = col.target !== undefined ? col.target.field : col.base
  if (f === "id") return "bigint"
  if (col.target === undefined && col.path.includes(".")) return "text"
  return f.dataType
}

/** The comparable value of a column: lookups compare by id, dotted owner paths by their member. */
const columnValue = (mod: ModuleState, rec: Rec, col: Column): unknown => {
  const baseName = col.base === "id" ? "id" : col.base.apiName
  const v = fieldValue(mod.def, rec, baseName)
  if (col.target !== undefined) {
    const id = typeof v === "object" && v !== null ? (v as { id?: unknown }).id : undefined
    const linked = typeof id === "string" ? col.target.module.records.get(id) : undefined
    if (linked === undefined) return null
    const name = col.target.field === "id" ? "id" : col.target.field.apiName
    return fieldValue(col.target.module.def, linked, name)
  }
  if (col.path.includes(".")) {
    const member = col.path.split(".")[1].toLowerCase()
    return typeof v === "object" && v !== null ? (v as Record<string, unknown>)[member] ?? null : null
  }
  return v
}

const scalar = (v: unknown): string | number | boolean | null => {
  if (v === null || v === undefined) return null
  if (typeof v === "object") {
    const id = (v as { id?: unknown }).id
    return typeof id === "string" ? id : null
  }
  return v as string | number | boolean
}

const checkLiteral = (col: Column, value: Literal): void => {
  if (value === null) return
  const type = dataTypeOf(col)
  const bad = (numeric.has(type) && type !== "bigint" && typeof value !== "number") ||
    (type === "boolean" && typeof value !== "boolean") ||
    (type === "datetime" && (typeof value !== "string" || Number.isNaN(Date.parse(value)))) ||
    (!numeric.has(type) && type !== "boolean" && typeof value === "boolean")
  if (bad) {
    throw new CoqlError("INVALID_QUERY", "value given seems to be invalid for the column", {
      column_name: col.path,
      expected_data_type: type
    })
  }
}

type Comparable = number | string | boolean

const normalise = (type: string, v: unknown): Comparable | null => {
  const s = scalar(v)
  if (s === null) return null
  if (type === "datetime") return typeof s === "string" ? Date.parse(s) : s
  if (type === "bigint" && (typeof s === "number" || typeof s === "string")) return String(s)
  if (typeof s === "string") return s.toLowerCase()
  return s
}

const compareValues = (type: string, a: Comparable, b: Comparable): number => {
  if (type === "bigint") {
    const x = String(a)
    const y = String(b)
    return x.length !== y.length ? x.length - y.length : x < y ? -1 : x > y ? 1 : 0
  }
  if (typeof a === "number" && typeof b === "number") return a - b
  const x = String(a)
  const y = String(b)
  return x < y ? -1 : x > y ? 1 : 0
}

const likeRegex = (pattern: string): RegExp =>
  new RegExp(
    "^" + pattern.split("%").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$",
    "i"
  )

type Matcher = (rec: Rec) => boolean

const compile = (env: Env, mod: ModuleState, c: Condition): Matcher => {
  switch (c._tag) {
    case "And": {
      const l = compile(env, mod, c.left)
      const r = compile(env, mod, c.right)
      return (rec) => l(rec) && r(rec)
    }
    case "Or": {
      const l = compile(env, mod, c.left)
      const r = compile(env, mod, c.right)
      return (rec) => l(rec) || r(rec)
    }
    case "IsNull": {
      const col = resolveColumn(env, mod, c.field, "where")
      return (rec) => {
        const v = columnValue(mod, rec, col)
        const isNull = v === null || v === undefined || v === ""
        return c.negated ? !isNull : isNull
      }
    }
    case "Like": {
      const col = resolveColumn(env, mod, c.field, "where")
      const re = likeRegex(c.pattern)
      return (rec) => {
        const v = scalar(columnValue(mod, rec, col))
        const hit = v !== null && re.test(String(v))
        return c.negated ? !hit : hit
      }
    }
    case "In": {
      if (c.values.length > 50) {
        throw new CoqlError("LIMIT_EXCEEDED", "the in operator takes at most 50 values", { clause: "where", limit: 50 })
      }
      const col = resolveColumn(env, mod, c.field, "where")
      c.values.forEach((v) => checkLiteral(col, v))
      const type = dataTypeOf(col)
      const wanted = c.values.map((v) => normalise(type, v)).filter((v): v is Comparable => v !== null)
      return (rec) => {
        const v = normalise(type, columnValue(mod, rec, col))
        if (v === null) return false
        const hit = wanted.some((w) => compareValues(type, v, w) === 0)
        return c.negated ? !hit : hit
      }
    }
    case "Between": {
      const col = resolveColumn(env, mod, c.field, "where")
      checkLiteral(col, c.low)
      checkLiteral(col, c.high)
      const type = dataTypeOf(col)
      const low = normalise(type, c.low)
      const high = normalise(type, c.high)
      return (rec) => {
        const v = normalise(type, columnValue(mod, rec, col))
        if (v === null || low === null || high === null) return false
        const hit = compareValues(type, v, low) >= 0 && compareValues(type, v, high) <= 0
        return c.negated ? !hit : hit
      }
    }
    case "Compare": {
      const col = resolveColumn(env, mod, c.field, "where")
      checkLiteral(col, c.value)
      const type = dataTypeOf(col)
      const want = normalise(type, c.value)
      return (rec) => {
        const v = normalise(type, columnValue(mod, rec, col))
        if (want === null) return c.op === "=" ? v === null : c.op === "!=" ? v !== null : false
        if (v === null) return c.op === "!="
        const d = compareValues(type, v, want)
        switch (c.op) {
          case "=":
            return d === 0
          case "!=":
            return d !== 0
          case "<":
            return d < 0
          case ">":
            return d > 0
          case "<=":
            return d <= 0
          default:
            return d >= 0
        }
      }
    }
  }
}

const renderValue = (v: unknown): unknown => {
  // COQL returns lookups as `{id}` only.
  if (typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as { id?: unknown }).id === "string") {
    return { id: (v as { id: string }).id }
  }
  return v === undefined ? null : v
}

const run = (env: Env, query: Query): SimResponse => {
  const mod = findModule(env.org, query.module)
  if (mod === undefined) {
    throw new CoqlError("INVALID_QUERY", "invalid query formed", { reason: "invalid module", module: query.module })
  }
  const denied = requireModuleScopes(env, mod, ["READ"])
  if (denied) return denied
  if (query.fields.length > 50) {
    throw new CoqlError("LIMIT_EXCEEDED", "select can have at most 50 fields", { clause: "select", limit: 50 })
  }
  if (query.where !== undefined && leaves(query.where).length > 25) {
    throw new CoqlError("LIMIT_EXCEEDED", "where can have at most 25 criteria", { clause: "where", limit: 25 })
  }
  if (query.orderBy.length > 10) {
    throw new CoqlError("LIMIT_EXCEEDED", "order by can have at most 10 fields", { clause: "order by", limit: 10 })
  }
  const limit = query.limit ?? 200
  const offset = query.offset ?? 0
  if (limit > 2000 || limit < 1) {
    throw new CoqlError("LIMIT_EXCEEDED", "limit must be between 1 and 2000", { clause: "limit", limit: 2000 })
  }
  if (offset + limit > env.options.coqlMaxRows) {
    throw new CoqlError("LIMIT_EXCEEDED", `at most ${env.options.coqlMaxRows} rows can be reached`, {
      clause: "offset",
      limit: env.options.coqlMaxRows
    })
  }
  const columns = query.fields.map((f) => resolveColumn(env, mod, f, "select"))
  const matcher = query.where === undefined ? () => true : compile(env, mod, query.where)
  const order = [
    ...query.orderBy.map((o) => ({ col: resolveColumn(env, mod, o.field, "order by"), direction: o.direction })),
    { col: { path: "id", base: "id" } as Column, direction: "asc" as const }
  ]
  const rows = [...mod.records.values()].filter((r) => !r.converted && matcher(r))
  rows.sort((a, b) => {
    for (const { col, direction } of order) {
      const type = dataTypeOf(col)
      const x = normalise(type, columnValue(mod, a, col))
      const y = normalise(type, columnValue(mod, b, col))
      // Nulls sort first in ascending order.
      const d = x === null && y === null ? 0 : x === null ? -1 : y === null ? 1 : compareValues(type, x, y)
      if (d !== 0) return direction === "asc" ? d : -d
    }
    return 0
  })
  const page = rows.slice(offset, offset + limit)
  if (page.length === 0) return Http.noContent()
  return Http.ok({
    data: page.map((rec) => {
      const out: Record<string, unknown> = {}
      for (const col of columns) {
        out[col.path] = col.base === "id" && col.target === undefined
          ? rec.id
          : renderValue(
            col.target !== undefined || col.path.includes(".")
              ? columnValue(mod, rec, col)
              : fieldValue(mod.def, rec, col.base === "id" ? "id" : col.base.apiName)
          )
      }
      out.id = rec.id
      return out
    }),
    info: { count: page.length, more_records: offset + page.length < rows.length }
  })
}

export const coql = (env: Env): SimResponse => {
  const denied = requireScopes(env, ["ZohoCRM.coql.READ"])
  if (denied) return denied
  const body = SimHttp.jsonBody(env.ctx.request)
  const query = typeof body === "object" && body !== null
    ? (body as { select_query?: unknown }).select_query
    : undefined
  if (typeof query !== "string" || query.trim() === "") {
    return Http.error(400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", {
      param_name: "select_query"
    })
  }
  try {
    return run(env, parse(query))
  } catch (e) {
    if (e instanceof CoqlError) return Http.error(400, e.code, e.message, e.details)
    throw e
  }
}
