/**
 * Field lists of reads: the fields a Schema names, and Zoho's cap on how many one call may read.
 */
import type { ZohoConfigError } from "@effect-zoho/core/ZohoError"
import * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { invalidInput } from "./inputError.js"

/** The field names a Schema puts on the wire (its encoded side), without `id`. */
export const fieldNames = (schema: Schema.Schema.AnyNoContext): ReadonlyArray<string> => {
  const names = new Set<string>()
  const visit = (ast: AST.AST): void => {
    switch (ast._tag) {
      case "TypeLiteral":
        for (const p of ast.propertySignatures) if (typeof p.name === "string") names.add(p.name)
        return
      case "Refinement":
        return visit(ast.from)
      case "Transformation":
        return visit(ast.from)
      case "Union":
        return ast.types.forEach(visit)
      case "Suspend":
        return visit(ast.f())
      default:
        return
    }
  }
  visit(AST.encodedAST(schema.ast))
  names.delete("id")
  return [...names]
}

/** Zoho's cap on the fields of one read (records list, get, search, related lists). */
export const maxReadFields = 50

/** More than 50 fields is Zoho's `LIMIT_EXCEEDED`: say so before spending a call, never drop any. */
export const fieldCountProblem = (module: string, fields: ReadonlyArray<string>): ZohoConfigError | undefined =>
  fields.length > maxReadFields
    ? invalidInput(
      `${module}: Zoho reads at most ${maxReadFields} fields per call and ${fields.length} were asked for; ` +
        "pass the fields option with the ones you need",
      "fields"
    )
    : undefined

/** {@link fieldCountProblem} as an effect that succeeds with the fields. */
export const checkFieldCount = (
  module: string,
  fields: ReadonlyArray<string>
): Effect.Effect<ReadonlyArray<string>, ZohoConfigError> => {
  const problem = fieldCountProblem(module, fields)
  return problem === undefined ? Effect.succeed(fields) : Effect.fail(problem)
}
