/**
 * Loading OpenAPI documents and following their `$ref`s, including Zoho CRM's cross-file refs
 * written as raw GitHub URLs of sibling files, which are mapped to the local file of the same name.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { parse as parseYaml } from "yaml"

/** A JSON value as read from a spec file. */
export type Json = null | boolean | number | string | ReadonlyArray<Json> | JsonObject
export interface JsonObject {
  readonly [key: string]: Json
}

export interface Document {
  /** The file name without its extension, e.g. `record`. */
  readonly name: string
  /** The file name, e.g. `record.json`. */
  readonly fileName: string
  readonly root: JsonObject
}

export interface Location {
  readonly doc: string
  readonly pointer: ReadonlyArray<string>
}

export const isObject = (u: unknown): u is JsonObject => typeof u === "object" && u !== null && !Array.isArray(u)

export const specExtensions = [".json", ".yml", ".yaml"] as const

/** Parse every spec file of a folder, sorted by file name. */
export const loadDocuments = (specDir: string): ReadonlyArray<Document> => {
  const names = fs.readdirSync(specDir)
    .filter((f) => specExtensions.some((ext) => f.endsWith(ext)))
    .sort()
  return names.map((fileName) => {
    const text = fs.readFileSync(path.join(specDir, fileName), "utf8")
    return parseDocument(fileName, text)
  })
}

export const parseDocument = (fileName: string, text: string): Document => {
  const parsed: unknown = fileName.endsWith(".json") ? JSON.parse(text) : parseYaml(text, { maxAliasCount: -1 })
  if (!isObject(parsed)) throw new Error(`${fileName}: not an OpenAPI document`)
  return { name: baseName(fileName), fileName, root: parsed }
}

export const baseName = (fileName: string): string => fileName.replace(/\.(json|ya?ml)$/, "")

/**
 * Where a `$ref` points. `#/a/b` is in the current document; `other.json#/a`, `./other.json#/a`
 * and `https://raw.githubusercontent.com/.../v8.0/other.json#/a` are in the sibling file
 * `other.json`.
 */
export const parseRef = (ref: string, from: string): Location => {
  const hash = ref.indexOf("#")
  const file = hash === -1 ? ref : ref.slice(0, hash)
  const fragment = hash === -1 ? "" : ref.slice(hash + 1)
  const doc = file === "" ? from : baseName(decodeURIComponent(file.split("?")[0]!.split("/").pop()!))
  const pointer = fragment === "" || fragment === "/"
    ? []
    : fragment.replace(/^\//, "").split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
  return { doc, pointer }
}

export class Specs {
  readonly docs: ReadonlyMap<string, Document>
  readonly warnings: Array<string> = []

  constructor(docs: ReadonlyArray<Document>) {
    this.docs = new Map(docs.map((d) => [d.name, d]))
  }

  /** The node a location points at, or `undefined` when the file or the path does not exist. */
  lookup(location: Location): Json | undefined {
    const doc = this.docs.get(location.doc)
    if (doc === undefined) return undefined
    let node: Json | undefined = doc.root
    for (const segment of location.pointer) {
      if (isObject(node)) node = node[segment]
      else if (Array.isArray(node)) node = (node as ReadonlyArray<Json>)[Number(segment)]
      else return undefined
      if (node === undefined) return undefined
    }
    return node
  }

  /**
   * Follow `$ref` chains (parameters, responses, request bodies): the final node and the document
   * it lives in, or `undefined` for a dangling ref.
   */
  deref(node: Json, doc: string): { readonly node: Json; readonly doc: string; readonly ref?: Location } | undefined {
    let current = node
    let currentDoc = doc
    let last: Location | undefined
    for (let hops = 0; isObject(current) && typeof current.$ref === "string"; hops++) {
      if (hops > 64) throw new Error(`${doc}: $ref cycle at ${current.$ref}`)
      last = parseRef(current.$ref, currentDoc)
      const target = this.lookup(last)
      if (target === undefined) return undefined
      current = target
      currentDoc = last.doc
    }
    return last === undefined ? { node: current, doc: currentDoc } : { node: current, doc: currentDoc, ref: last }
  }
}

/** `#/components/schemas/<name>`: a named schema that is emitted once and referenced. */
export const componentSchemaName = (location: Location): string | undefined =>
  location.pointer.length === 3 && location.pointer[0] === "components" && location.pointer[1] === "schemas"
    ? location.pointer[2]
    : undefined
