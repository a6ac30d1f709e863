/**
 * Record ids, checked before any request: ids travel in comma-joined `ids=` lists and in paths,
 * where anything but digits would address other records than the caller meant.
 */
import type { ZohoConfigError } from "@effect-zoho/core/ZohoError"
import * as Effect from "effect/Effect"
import { invalidInput } from "./inputError.js"

/**
 * A Zoho record id: decimal digits only (a 64-bit number, so at most 19 digits; 20 leaves room
 * for a wider id without letting anything but digits through). Ids travel in comma-joined
 * `ids=` lists, where `"1,2"` would silently address two records.
 */
export const recordIdPattern = /^[0-9]{1,20}$/

/** Why `id` is not a record id, or `undefined` when it is one. */
const idProblem = (id: unknown): string | undefined =>
  typeof id !== "string"
    ? `a record id must be a string, got ${typeof id}`
    : recordIdPattern.test(id)
    ? undefined
    : id === ""
    ? "a record id must not be empty"
    : `${JSON.stringify(id.length > 40 ? `${id.slice(0, 40)}…` : id)} is not a record id (1 to 20 digits)`

/**
 * Check every id before anything is sent: a bad one anywhere fails the whole call, so no chunk
 * of a list is written before the bad id is found.
 */
export const checkIds = (
  what: string,
  ids: ReadonlyArray<unknown>
): Effect.Effect<ReadonlyArray<string>, ZohoConfigError> => {
  for (let index = 0; index < ids.length; index++) {
    const problem = idProblem(ids[index])
    if (problem !== undefined) {
      return Effect.fail(
        invalidInput(`${what}: ${problem} (#${index})`, typeof ids[index] === "string" ? ids[index] as string : "id")
      )
    }
  }
  return Effect.succeed(ids as ReadonlyArray<string>)
}

/** One id (a path parameter or a single get). */
export const checkId = (what: string, id: unknown): Effect.Effect<string, ZohoConfigError> => {
  const problem = idProblem(id)
  return problem === undefined
    ? Effect.succeed(id as string)
    : Effect.fail(invalidInput(`${what}: ${problem}`, typeof id === "string" ? id : "id"))
}
