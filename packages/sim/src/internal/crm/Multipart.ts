/**
 * Multipart request bodies, parsed with the Web `Request.formData()` that Node ships, so the
 * simulator reads uploads the way a server would rather than with a hand-written parser.
 */
import * as Effect from "effect/Effect"
import type { SimRequest } from "../../SimHttp.js"

export interface FilePart {
  readonly name: string
  readonly type: string
  readonly bytes: Uint8Array
}

export interface Form {
  readonly file: (field: string) => FilePart | undefined
  readonly text: (field: string) => string | undefined
}

/** The form of a `multipart/form-data` body, or `undefined` when the body is not one. */
export const parse = (request: SimRequest): Effect.Effect<Form | undefined> => {
  const type = request.headers["content-type"] ?? ""
  if (!type.toLowerCase().startsWith("multipart/form-data")) return Effect.succeed(undefined)
  return Effect.tryPromise(async () => {
    const data = await new Request("http://sim.local/", {
      method: "POST",
      headers: { "content-type": type },
      body: request.body.slice()
    }).formData()
    const files = new Map<string, FilePart>()
    const texts = new Map<string, string>()
    for (const [key, value] of data.entries()) {
      if (typeof value === "string") {
        if (!texts.has(key)) texts.set(key, value)
      } else if (!files.has(key)) {
        files.set(key, { name: value.name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) })
      }
    }
    return { file: (field: string) => files.get(field), text: (field: string) => texts.get(field) } satisfies Form
  }).pipe(Effect.orElseSucceed(() => undefined))
}
