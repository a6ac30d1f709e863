/**
 * A fast path for `Schema.decodeUnknown(schema, { onExcessProperty: "preserve" })` on the plain
 * data Schemas responses use (structs, arrays, primitives, literals, unions, `optional`,
 * `suspend`). In "preserve" mode Effect's struct parser checks each input key by parsing it
 * against a union of the struct's property names, which costs several times the rest of the
 * decode (15 ms against 2 ms for 200 Books invoices); here a `Set` of names does that check.
 *
 * The contract: for a value it accepts, the result equals Effect's (same keys, same order: the
 * unknown keys first in input order, then the declared properties in declaration order). Where
 * that result would be a copy equal to its input (parsed JSON already in that order), the input
 * itself is returned: the caller owns it (it was just parsed), and a 200-record page no longer
 * costs 200 object copies. Anything
 * it does not accept (a mismatch, a filter's issue, or a Schema node it does not handle:
 * transformations, index signatures, parse-option annotations…) returns `FAIL`, and the caller
 * runs Effect's decoder, which produces the value or the error exactly as before.
 */
import * as Option from "effect/Option"
import * as AST from "effect/SchemaAST"

/** Not decided here: run Effect's decoder. */
export const FAIL: unique symbol = Symbol.for("@effect-zoho/core/preserveDecode/FAIL")

export type Decoder = (input: unknown) => unknown

interface Compiled {
  readonly decode: Decoder
  /**
   * May accept an object or an array (structs, arrays, `unknown`, suspended Schemas). A union
   * with at most one such member gives the same result whatever order its members are tried in:
   * the others accept only primitives, and return them as they are.
   */
  readonly objects: boolean
}

const hasOwn = Object.prototype.hasOwnProperty

/** The options `Envelope` decodes with, as a filter receives them from Effect. */
const options: AST.ParseOptions = { onExcessProperty: "preserve", errors: "all" }

const unsupportedAnnotations = (ast: AST.AST): boolean =>
  ast.annotations[AST.ParseOptionsAnnotationId] !== undefined ||
  ast.annotations[AST.DecodingFallbackAnnotationId] !== undefined

const primitive = (test: (u: unknown) => boolean): Compiled => ({
  decode: (u) => test(u) ? u : FAIL,
  objects: false
})

const compile = (ast: AST.AST, seen: Map<AST.AST, Compiled | undefined>): Compiled | undefined => {
  if (seen.has(ast)) return seen.get(ast)
  seen.set(ast, undefined)
  const result = compileNode(ast, seen)
  seen.set(ast, result)
  return result
}

const compileNode = (ast: AST.AST, seen: Map<AST.AST, Compiled | undefined>): Compiled | undefined => {
  if (unsupportedAnnotations(ast)) return undefined
  switch (ast._tag) {
    case "StringKeyword":
      return primitive((u) => typeof u === "string")
    case "NumberKeyword":
      return primitive((u) => typeof u === "number")
    case "BooleanKeyword":
      return primitive((u) => typeof u === "boolean")
    case "UndefinedKeyword":
      return primitive((u) => u === undefined)
    case "UnknownKeyword":
    case "AnyKeyword":
      return { decode: (u) => u, objects: true }
    case "Literal": {
      const literal = ast.literal
      return primitive((u) => u === literal)
    }
    case "Union": {
      const members: Array<Compiled> = []
      for (const member of ast.types) {
        const c = compile(member, seen)
        if (c === undefined) return undefined
        members.push(c)
      }
      // Effect tries members in an order of its own (literal-indexed first); see `objects`.
      if (members.filter((m) => m.objects).length > 1) return undefined
      const decoders = members.map((m) => m.decode)
      return {
        decode: (u) => {
          for (const d of decoders) {
            const out = d(u)
            if (out !== FAIL) return out
          }
          return FAIL
        },
        objects: members.some((m) => m.objects)
      }
    }
    case "TupleType": {
      // `Schema.Array(X)` only: no fixed elements, one rest element.
      if (ast.elements.length !== 0 || ast.rest.length !== 1) return undefined
      const item = compile(ast.rest[0]!.type, seen)
      if (item === undefined) return undefined
      const decode = item.decode
      return {
        decode: (u) => {
          if (!Array.isArray(u)) return FAIL
          // The input array itself while every item decodes to itself (parsed JSON, the common
          // case): a copy only from the first item that changed.
          let out: Array<unknown> | undefined
          for (let i = 0; i < u.length; i++) {
            const v = decode(u[i])
            if (v === FAIL) return FAIL
            if (out !== undefined) out[i] = v
            else if (v !== u[i]) {
              out = u.slice(0, i)
              out[i] = v
            }
          }
          return out ?? u
        },
        objects: true
      }
    }
    case "TypeLiteral": {
      if (ast.indexSignatures.length > 0) return anyRecord(ast)
      const props: Array<{ readonly name: string; readonly optional: boolean; readonly decode: Decoder }> = []
      for (const ps of ast.propertySignatures) {
        if (typeof ps.name !== "string") return undefined
        const c = compile(ps.type, seen)
        if (c === undefined) return undefined
        props.push({ name: ps.name, optional: ps.isOptional, decode: c.decode })
      }
      const position = new Map(props.map((p, i) => [p.name, i]))
      const required = props.filter((p) => !p.optional).length
      return {
        decode: (u) => {
          if (typeof u !== "object" || u === null || Array.isArray(u)) return FAIL
          const input = u as Record<PropertyKey, unknown>
          const keys = Reflect.ownKeys(input)
          // One pass over the input's keys, not over the declared properties: a generated record
          // Schema declares far more fields than a typical answer carries.
          // Effect's output lists the unknown keys first (input order), then the declared ones
          // (declaration order). When the input is already in that order and every value decodes
          // to itself, the output equals the input: it is returned as is, without a copy.
          let inOrder = true
          let lastDeclared = -1
          let requiredSeen = 0
          let values: Array<unknown> | undefined
          for (const key of keys) {
            if (typeof key !== "string") return FAIL
            const at = position.get(key)
            if (at === undefined) {
              if (lastDeclared >= 0) inOrder = false
              continue
            }
            if (at < lastDeclared) inOrder = false
            lastDeclared = at
            const p = props[at]!
            if (!p.optional) requiredSeen++
            const raw = input[key]
            const v = p.decode(raw)
            if (v === FAIL) return FAIL
            if (v !== raw) (values ??= [])[at] = v
          }
          if (requiredSeen < required) return FAIL
          if (inOrder && values === undefined) return input
          const out: Record<string, unknown> = {}
          for (const key of keys as ReadonlyArray<string>) {
            if (!position.has(key)) out[key] = input[key]
          }
          for (let i = 0; i < props.length; i++) {
            const p = props[i]!
            if (!hasOwn.call(input, p.name)) continue
            out[p.name] = values !== undefined && i in values ? values[i] : input[p.name]
          }
          return out
        },
        objects: true
      }
    }
    case "Refinement": {
      // `Schema.filter` (e.g. "a CRM record needs a string id"): the filter sees the decoded
      // value, as in Effect; any issue leaves the value to Effect's decoder.
      const from = compile(ast.from, seen)
      if (from === undefined) return undefined
      const decodeFrom = from.decode
      const filter = ast.filter
      return {
        decode: (u) => {
          const v = decodeFrom(u)
          if (v === FAIL) return FAIL
          return Option.isNone(filter(v, options, ast)) ? v : FAIL
        },
        objects: from.objects
      }
    }
    case "Suspend": {
      // Compiled on first use: a recursive Schema refers to itself through here.
      let target: Compiled | undefined | null = null
      const f = ast.f
      return {
        decode: (u) => {
          if (target === null) target = compile(f(), seen)
          return target === undefined ? FAIL : target.decode(u)
        },
        objects: true
      }
    }
    default:
      return undefined
  }
}

/**
 * `Record<string, unknown>` alone (how an untyped CRM record is declared): Effect's result is a
 * copy of the object, same keys in the same order, so the object itself is the result. Anything
 * else with an index signature (a typed value, a key Schema, properties beside it) is left to
 * Effect; so is an array, which Effect's record parser reads as an object of indexes.
 */
const anyRecord = (ast: AST.TypeLiteral): Compiled | undefined => {
  const [signature, ...others] = ast.indexSignatures
  if (signature === undefined || others.length > 0 || ast.propertySignatures.length > 0) return undefined
  const value = signature.type._tag
  if (signature.parameter._tag !== "StringKeyword" || (value !== "UnknownKeyword" && value !== "AnyKeyword")) {
    return undefined
  }
  return {
    decode: (u) => {
      if (typeof u !== "object" || u === null || Array.isArray(u)) return FAIL
      for (const key of Reflect.ownKeys(u)) if (typeof key !== "string") return FAIL
      return u
    },
    objects: true
  }
}

const cache = new WeakMap<AST.AST, Decoder | null>()

/**
 * The fast decoder of `ast`, or `undefined` when the Schema has a node it does not handle (then
 * Effect's decoder is the only one). Compiled once per Schema.
 *
 * @internal
 */
export const decoderFor = (ast: AST.AST): Decoder | undefined => {
  const cached = cache.get(ast)
  if (cached !== undefined) return cached ?? undefined
  const compiled = compile(ast, new Map())
  cache.set(ast, compiled === undefined ? null : compiled.decode)
  return compiled?.decode
}
