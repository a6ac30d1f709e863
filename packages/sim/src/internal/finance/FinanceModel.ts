/**
 * The finance products' operations, read from the compact model generated from Zoho's OpenAPI
 * files (`generated/FinanceModel.ts`, written by `scripts/finance-model.mjs`), and indexed for
 * routing: which operation a request names, and which resources (collections, items,
 * sub-resources, actions) its path describes.
 */
import { source } from "./generated/FinanceModel.js"

/** A JSON schema reduced to what the simulator answers and checks with. */
export interface Schema {
  readonly type?: string | ReadonlyArray<string> | undefined
  readonly format?: string | undefined
  readonly enum?: ReadonlyArray<unknown> | undefined
  readonly nullable?: boolean | undefined
  /** Kept for `message` only: the text Zoho answers with. */
  readonly example?: string | undefined
  readonly properties?: Readonly<Record<string, Schema>> | undefined
  readonly required?: ReadonlyArray<string> | undefined
  readonly items?: Schema | undefined
  readonly anyOf?: ReadonlyArray<Schema> | undefined
}

export interface Operation {
  readonly method: string
  /** The spec's path template, e.g. `/contacts/{contact_id}/contactpersons`. */
  readonly path: string
  /** Literal segments, and `{name}` for parameters. */
  readonly segments: ReadonlyArray<string>
  readonly status: number
  /** A non-JSON content type the spec declares for the success response (e.g. `application/pdf`). */
  readonly binaryType: string
  readonly response: Schema | undefined
  readonly request: Schema | undefined
  readonly multipart: boolean
  readonly query: ReadonlyArray<string>
  readonly scope: string
  /** A route the product's file leaves out, answered with a sibling operation's schema. */
  readonly supplement: boolean
}

type RawOperation = readonly [string, string, number, string, number, number, number, string, string, number]

interface RawModel {
  readonly schemas: ReadonlyArray<Schema>
  readonly products: Readonly<Record<string, ReadonlyArray<RawOperation>>>
}

/** `{name}`, or a regular expression some Books paths use in place of one (`(\\d+)`). */
export const isParam = (segment: string): boolean =>
  (segment.startsWith("{") && segment.endsWith("}")) || (segment.startsWith("(") && segment.endsWith(")"))
export const paramName = (segment: string): string => segment.startsWith("(") ? "id" : segment.slice(1, -1)

/**
 * The collection a parameter's value lives in: the literal segments before it, e.g. both
 * `/contacts/{contact_id}/contactpersons/{id}` and `/contacts/contactpersons/{id}` put `{id}` in
 * `contacts/contactpersons`.
 */
export const collectionOf = (segments: ReadonlyArray<string>, upTo: number): string => {
  const before = segments.slice(0, upTo)
  const literals = before.filter((s) => !isParam(s))
  // Books' custom modules (`/{module_name}/{module_id}`) have no literal: the collection is the parameter.
  return literals.length > 0 ? literals.join("/") : before.join("/")
}

export interface ProductModel {
  readonly operations: ReadonlyArray<Operation>
  /** Collections that have items (a `{param}` follows them somewhere). */
  readonly itemCollections: ReadonlySet<string>
  /** The item parameter's name per collection, e.g. `contacts` → `contact_id`. */
  readonly idParams: ReadonlyMap<string, string>
}

let parsed: Readonly<Record<string, ProductModel>> | undefined

const index = (raw: RawModel): Record<string, ProductModel> => {
  const schema = (i: number): Schema | undefined => i < 0 ? undefined : raw.schemas[i]
  const out: Record<string, ProductModel> = {}
  for (const [product, ops] of Object.entries(raw.products)) {
    const operations: Array<Operation> = []
    const itemCollections = new Set<string>()
    const idParams = new Map<string, string>()
    for (const [method, path, status, binaryType, res, req, multipart, query, scope, duplicate] of ops) {
      // A method+path declared in two files is answered once.
      if (duplicate === 1) continue
      const segments = path.split("/").filter((s) => s.length > 0)
      segments.forEach((s, i) => {
        if (!isParam(s)) return
        const collection = collectionOf(segments, i)
        itemCollections.add(collection)
        if (!idParams.has(collection)) idParams.set(collection, paramName(s))
      })
      operations.push({
        method,
        path,
        segments,
        status,
        binaryType,
        response: schema(res),
        request: schema(req),
        multipart: multipart === 1,
        query: query === "" ? [] : query.split(","),
        scope,
        supplement: duplicate === 2
      })
    }
    out[product] = { operations, itemCollections, idParams }
  }
  return out
}

/** The model of every finance product, parsed once per process on first use. */
export const models = (): Readonly<Record<string, ProductModel>> => {
  if (parsed === undefined) parsed = index(JSON.parse(source) as RawModel)
  return parsed
}

export type Match =
  | { readonly _tag: "Found"; readonly operation: Operation }
  | { readonly _tag: "MethodNotAllowed" }
  | { readonly _tag: "NotFound" }

/** The operation a method and path name; the most literal template wins (`/invoices/email` over `/invoices/{id}`). */
export const match = (model: ProductModel, method: string, segments: ReadonlyArray<string>): Match => {
  let best: Operation | undefined
  let bestScore = -1
  let pathMatched = false
  for (const op of model.operations) {
    if (op.segments.length !== segments.length) continue
    let score = 0
    let ok = true
    for (let i = 0; i < segments.length; i++) {
      const s = op.segments[i]
      // Books' custom modules (`/{module_name}`) are named `cm_…`; other names are unknown paths.
      if (i === 0 && isParam(s) && !segments[0].startsWith("cm_")) {
        ok = false
        break
      }
      if (isParam(s)) continue
      if (s !== segments[i]) {
        ok = false
        break
      }
      score++
    }
    if (!ok) continue
    pathMatched = true
    if (op.method === method && score > bestScore) {
      best = op
      bestScore = score
    }
  }
  if (best !== undefined) return { _tag: "Found", operation: best }
  return pathMatched ? { _tag: "MethodNotAllowed" } : { _tag: "NotFound" }
}

/** The property of a response schema that carries the entity (object) or the list (array). */
export const envelopeKey = (schema: Schema | undefined, kind: "object" | "array"): string | undefined => {
  for (const [key, value] of Object.entries(schema?.properties ?? {})) {
    if (key === "code" || key === "message" || key === "page_context") continue
    const type = value.type ?? (value.properties !== undefined ? "object" : value.items !== undefined ? "array" : "")
    if (type === kind) return key
  }
  return undefined
}
