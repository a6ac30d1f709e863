/**
 * Multipart request bodies of the CRM routes (uploads, photos, attachments), read through the
 * simulator's shared body reader.
 */
import * as Effect from "effect/Effect"
import type { SimRequest } from "../../SimHttp.js"
import * as Body from "../body.js"

export type FilePart = Body.FilePart

export interface Form {
  readonly file: (field: string) => FilePart | undefined
  readonly text: (field: string) => string | undefined
}

/** The form of a `multipart/form-data` body, or `undefined` when the body is not a readable one. */
export const parse = (request: SimRequest): Effect.Effect<Form | undefined> =>
  Effect.map(Body.read(request), (body) => {
    if (body.kind !== "multipart" || body.malformed) return undefined
    // Text fields only from the body: the query string is not part of the form.
    const form: Form = { file: (field) => body.files.get(field), text: (field) => body.form[field] }
    return form
  })
