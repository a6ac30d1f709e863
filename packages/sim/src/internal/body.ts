/**
 * Reading a request the way Zoho's servers do, in one place for every product: parameters from
 * the query string merged with a form body (`application/x-www-form-urlencoded` or
 * `multipart/form-data`: Zoho's accounts server takes all three, and Zoho's own SDKs send
 * multipart), uploaded files, and a JSON body told apart from a body that is not JSON.
 *
 * Multipart bodies are parsed with the Web `Request.formData()` that Node ships, so the simulator
 * reads them as a server would rather than with a hand-written parser. That parse is
 * asynchronous, hence `read` is an Effect; `json` alone is synchronous.
 */
import * as Effect from "effect/Effect"
import type { SimRequest } from "../SimHttp.js"

export interface FilePart {
  readonly name: string
  readonly type: string
  readonly bytes: Uint8Array
}

/** The body as JSON: absent (empty), parsed, or present but not JSON. */
export type Json =
  | { readonly _tag: "Empty" }
  | { readonly _tag: "Parsed"; readonly value: unknown }
  | { readonly _tag: "Invalid" }

export type Kind = "empty" | "json" | "urlencoded" | "multipart" | "other"

export interface Body {
  readonly kind: Kind
  /**
   * Query parameters merged with the text fields of a url-encoded or multipart body (body values
   * win; the first of repeated fields counts).
   */
  readonly fields: Readonly<Record<string, string>>
  /** The text fields of the form body alone (empty when the body is not a form). */
  readonly form: Readonly<Record<string, string>>
  /** The files of a multipart body, by field name (the first of repeated fields). */
  readonly files: ReadonlyMap<string, FilePart>
  /** The body read as JSON when it is not a form (a form body is `Empty` here). */
  readonly json: Json
  /** A multipart body whose parts could not be read (a missing or wrong boundary). */
  readonly malformed: boolean
}

const decoder = new TextDecoder()

const contentType = (request: SimRequest): string => (request.headers["content-type"] ?? "").toLowerCase()

export const kindOf = (request: SimRequest): Kind => {
  const type = contentType(request)
  if (type.startsWith("multipart/form-data")) return "multipart"
  if (type.startsWith("application/x-www-form-urlencoded")) return "urlencoded"
  if (request.body.length === 0) return "empty"
  return type === "" || type.includes("json") ? "json" : "other"
}

/** The body as JSON (synchronous: no form parsing involved). */
export const json = (request: SimRequest): Json => {
  const raw = decoder.decode(request.body)
  if (raw.trim().length === 0) return { _tag: "Empty" }
  try {
    return { _tag: "Parsed", value: JSON.parse(raw) }
  } catch {
    return { _tag: "Invalid" }
  }
}

const queryFields = (request: SimRequest): Record<string, string> => {
  const out: Record<string, string> = {}
  request.url.searchParams.forEach((v, k) => {
    if (!(k in out)) out[k] = v
  })
  return out
}

interface FormParts {
  readonly texts: ReadonlyArray<readonly [string, string]>
  readonly files: ReadonlyMap<string, FilePart>
}

const multipart = (request: SimRequest): Effect.Effect<FormParts | undefined> =>
  Effect.tryPromise(async () => {
    const data = await new Request("http://sim.local/", {
      method: "POST",
      headers: { "content-type": request.headers["content-type"] ?? "" },
      body: request.body.slice()
    }).formData()
    const texts: Array<readonly [string, string]> = []
    const files = new Map<string, FilePart>()
    for (const [key, value] of data.entries()) {
      if (typeof value === "string") texts.push([key, value])
      else if (!files.has(key)) {
        files.set(key, { name: value.name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) })
      }
    }
    return { texts, files } satisfies FormParts
  }).pipe(Effect.orElseSucceed(() => undefined))

const firstOfEach = (entries: Iterable<readonly [string, string]>): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [k, v] of entries) if (!(k in out)) out[k] = v
  return out
}

const noFiles: ReadonlyMap<string, FilePart> = new Map()
const empty: Json = { _tag: "Empty" }
const noForm: Readonly<Record<string, string>> = {}

/** Everything a handler may need from the request, read once. Never fails. */
export const read = (request: SimRequest): Effect.Effect<Body> => {
  const kind = kindOf(request)
  const query = queryFields(request)
  switch (kind) {
    case "multipart":
      return Effect.map(multipart(request), (parts): Body => {
        if (parts === undefined) {
          return { kind, fields: query, form: noForm, files: noFiles, json: empty, malformed: true }
        }
        const form = firstOfEach(parts.texts)
        return { kind, fields: { ...query, ...form }, form, files: parts.files, json: empty, malformed: false }
      })
    case "urlencoded": {
      const form = firstOfEach(new URLSearchParams(decoder.decode(request.body)))
      return Effect.succeed({
        kind,
        fields: { ...query, ...form },
        form,
        files: noFiles,
        json: empty,
        malformed: false
      })
    }
    default:
      return Effect.succeed({
        kind,
        fields: query,
        form: noForm,
        files: noFiles,
        json: json(request),
        malformed: false
      })
  }
}

/**
 * Client id and secret from an HTTP Basic `Authorization` header (RFC 6749 §2.3.1: each part is
 * form-url-encoded before the pair is base64-encoded), or `undefined`.
 */
export const basicCredentials = (
  request: SimRequest
): { readonly id: string; readonly secret: string } | undefined => {
  const m = /^\s*basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(request.headers["authorization"] ?? "")
  if (m === null) return undefined
  let decoded: string
  try {
    decoded = decoder.decode(Uint8Array.from(atob(m[1]), (c) => c.charCodeAt(0)))
  } catch {
    return undefined
  }
  const colon = decoded.indexOf(":")
  if (colon < 0) return undefined
  const unescape = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, " "))
    } catch {
      return s
    }
  }
  return { id: unescape(decoded.slice(0, colon)), secret: unescape(decoded.slice(colon + 1)) }
}
