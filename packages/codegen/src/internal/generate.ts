/**
 * One generated module per spec file: the component schemas its operations use, then one
 * `Endpoint.make` per operation (or, for a download from a URL Zoho hands out, one
 * `ZohoTransfer.link`: see {@link linkParameter}). Components whose content is identical in several files (Zoho's
 * CRM files repeat their wrappers and error shapes in each file) are emitted once, in `Shared.ts`.
 * Everything is sorted (components by name, operations by path then method, keys alphabetically)
 * so the output only changes when the specs do.
 */
import { createHash } from "node:crypto"
import { emitFacade, facadeOf } from "./facade.js"
import { camelCase, identifier, NameTable, pascalCase } from "./names.js"
import type { Document, Json, JsonObject } from "./openapi.js"
import { componentSchemaName, isObject, parseRef, Specs } from "./openapi.js"
import type { Emitted, Field, SchemaContext } from "./schema.js"
import { emitSchema, encodedType, IntegerId, isIntegerId, struct, union, Unknown } from "./schema.js"

export type ProductName = "crm" | "books" | "inventory" | "invoice" | "billing" | "expense"

export interface ProductConfig {
  readonly product: ProductName
  /** `CRM v8`, used in the file header. */
  readonly label: string
  /** Where the files come from, used in the file header. */
  readonly source: string
  /** CRM (`page`/`page_token`, string codes) or the finance family (`page_context`, numeric codes). */
  readonly family: "crm" | "finance"
  readonly docs: (doc: Document) => string | undefined
  /**
   * The org-id inputs the client adds by itself from the product descriptor: generated inputs
   * leave them out, so a caller cannot send a second, conflicting one.
   */
  readonly orgId: { readonly query?: string; readonly header?: RegExp }
  /**
   * Whether the files' `required` lists are known to be wrong (see the README): then only the
   * keys of {@link alwaysRequired} stay required.
   */
  readonly requiredListsLie: boolean
  /**
   * The files (by name, `contact-persons`) to generate from, when a product is a part of another's
   * files (Invoice: the sales side of Books'); every file of the folder otherwise.
   */
  readonly modules?: ReadonlySet<string> | undefined
  /** A scope prefix to rewrite (`ZohoBooks.` → `ZohoInvoice.`), for files shared with another product. */
  readonly scopePrefix?: { readonly from: string; readonly to: string } | undefined
}

const financeOrgId = { query: "organization_id", header: /^x-com-zoho-[a-z]+-organizationid$/i } as const

export const products: Record<ProductName, ProductConfig> = {
  crm: {
    product: "crm",
    label: "CRM v8",
    source: "zoho/crm-oas",
    family: "crm",
    docs: (doc) => `https://github.com/zoho/crm-oas/blob/main/v8.0/${doc.fileName}`,
    orgId: {},
    requiredListsLie: true
  },
  books: {
    product: "books",
    label: "Books v3",
    source: "Zoho Books API docs",
    family: "finance",
    docs: (doc) => `https://www.zoho.com/books/api/v3/${doc.name}/`,
    orgId: financeOrgId,
    requiredListsLie: false
  },
  inventory: {
    product: "inventory",
    label: "Inventory v1",
    source: "Zoho Inventory API docs",
    family: "finance",
    docs: (doc) => `https://www.zoho.com/inventory/api/v1/${doc.name}/`,
    orgId: financeOrgId,
    requiredListsLie: false
  },
  invoice: {
    product: "invoice",
    label: "Books v3",
    source: "Zoho Books API docs, the modules Zoho Invoice documents",
    family: "finance",
    docs: (doc) => `https://www.zoho.com/invoice/api/v3/${doc.name}/`,
    orgId: financeOrgId,
    requiredListsLie: false,
    // Zoho Invoice's modules (shared/specs/finance-endpoints.md §1.1) where Books has a file for them.
    modules: new Set([
      "contacts",
      "contact-persons",
      "estimates",
      "invoices",
      "recurring-invoices",
      "credit-notes",
      "customer-payments",
      "retainer-invoices",
      "items",
      "expenses",
      "projects",
      "tasks",
      "time-entries",
      "users",
      "taxes",
      "currency",
      "organizations"
    ]),
    scopePrefix: { from: "ZohoBooks.", to: "ZohoInvoice." }
  },
  billing: {
    product: "billing",
    label: "Billing v1",
    source: "Zoho Billing API docs",
    family: "finance",
    docs: (doc) => `https://www.zoho.com/billing/api/v1/${doc.name}/`,
    orgId: financeOrgId,
    requiredListsLie: false
  },
  expense: {
    product: "expense",
    label: "Expense v1",
    source: "cpl-repo/n8n-zoho-expense, third-party",
    family: "finance",
    docs: () => "https://www.zoho.com/expense/api/v1/",
    orgId: financeOrgId,
    requiredListsLie: false
  }
}

/**
 * Whether component Schemas are built on first use (`Schema.suspend`) instead of when their module
 * is evaluated. CRM's records API (the package's main entry) refines a few endpoints whose modules
 * reach, through `Shared`, most of CRM's component graph (users, modules, fields, layouts, …):
 * building those Schemas eagerly was most of the cost of `import("@effect-zoho/crm")`. Decoding
 * is unchanged (a suspended Schema decodes, encodes and reports errors through the Schema it
 * wraps, built once). The finance products keep eager components: their main entries load no
 * generated module.
 */
export const lazyComponents = (config: ProductConfig): boolean => config.family === "crm"

/**
 * An endpoint's parameter, body or response Schema: for CRM (see {@link lazyComponents}), one the
 * declaration builds (a struct, union, array or record) is suspended too, so declaring an endpoint
 * builds no Schema. A name, a reference already suspended and a file answer are written as they
 * are: the endpoint reads a file answer's annotation when it is declared.
 */
export const lazySchema = (config: ProductConfig, e: Emitted): string =>
  lazyComponents(config) && /^Schema\.(Struct|Union|Array|Record|NullOr)\(/.test(e.expr) &&
    !e.expr.includes("ZohoTransfer.")
    ? `Schema.suspend((): Schema.Schema<${e.type}${e.encoded === undefined ? "" : `, ${e.encoded}`}> => ${e.expr})`
    : e.expr

/** Keys that stay required wherever a file lists them, even in files whose `required` lists lie. */
export const alwaysRequired: ReadonlySet<string> = new Set(["id", "code", "message"])

/**
 * How a generated declaration names its product. The one place that decides it, so changing how
 * endpoints reference products (a descriptor value instead of an id) is a change here.
 */
export const productReference = (config: ProductConfig): string => `ZohoProducts.${config.product}`

/** The imports {@link productReference} needs in a module with endpoints: core's descriptors. */
export const productImports = (_config: ProductConfig): ReadonlyArray<string> => [
  `import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"`
]

/** `<product>.<resource>.<operationId>`: the name of an operation in code, spans, logs and errors. */
export const operationName = (product: ProductName, resource: string, operationId: string): string =>
  `${product}.${resource}.${operationId}`

export interface GeneratedOperation {
  readonly module: string
  readonly exportName: string
  /**
   * `endpoint`: an `Endpoint.make`; `link`: a `ZohoTransfer.link`, a download from a URL Zoho hands
   * out (called with `ZohoTransfer.downloadLink`, which checks the URL against Zoho's hosts).
   */
  readonly kind: "endpoint" | "link"
  readonly operation: string
  readonly method: string
  readonly path: string
  readonly scopes: ReadonlyArray<string>
  readonly requestBody: "json" | "multipart" | "form" | "binary" | undefined
  /** `jsonOrBinary`: JSON, or the file itself when the request asks for it (Books' `accept=pdf`). */
  readonly responseBody: "json" | "binary" | "jsonOrBinary" | undefined
  /** Finance: the list key of a paged list. */
  readonly listKey?: string | undefined
  /** Finance: the one record property of the success body (`invoice`). */
  readonly itemKey?: string | undefined
}

export interface Generated {
  readonly product: ProductName
  /** Relative file path → content, sorted by path. */
  readonly files: ReadonlyMap<string, string>
  readonly operations: ReadonlyArray<GeneratedOperation>
  /** The operation modules (not `Shared`). */
  readonly modules: ReadonlyArray<string>
  readonly warnings: ReadonlyArray<string>
}

const methods = ["get", "put", "post", "patch", "delete"] as const

type MediaKind = "json" | "multipart" | "form" | "binary"

const mediaKind = (type: string): MediaKind =>
  type.includes("json")
    ? "json"
    : type.startsWith("multipart/")
    ? "multipart"
    : type === "application/x-www-form-urlencoded"
    ? "form"
    : "binary"

/** The JSON media of a `content` map, or the kind of body when it has no JSON media. */
const readContent = (
  content: Json | undefined
):
  | { readonly kind: "json"; readonly schema: Json | undefined; readonly alsoFile: boolean }
  | { readonly kind: Exclude<MediaKind, "json"> }
  | undefined =>
{
  if (!isObject(content)) return undefined
  const keys = Object.keys(content).sort()
  if (keys.length === 0) return undefined
  const json = keys.find((k) => k === "application/json") ?? keys.find((k) => k.includes("json"))
  if (json !== undefined) {
    const media = content[json]
    // Books' document endpoints answer JSON, or the PDF/image itself when asked (`accept=pdf`).
    const alsoFile = keys.some((k) => mediaKind(k) === "binary")
    return { kind: "json", schema: isObject(media) ? media.schema : undefined, alsoFile }
  }
  const kinds = keys.map(mediaKind)
  const kind = kinds.includes("multipart") ? "multipart" : kinds.includes("form") ? "form" : "binary"
  return { kind: kind as Exclude<MediaKind, "json"> }
}

/** A string, number or boolean schema (an enum of them included): no structure worth a name. */
const isScalar = (node: Json | undefined): boolean =>
  isObject(node) && node.$ref === undefined && node.allOf === undefined && node.oneOf === undefined &&
  node.anyOf === undefined && ["string", "number", "integer", "boolean"].includes(String(node.type))

const SHARED = "Shared"
const SCOPES = "Scopes"

/**
 * Operation name → scopes, as data: a program (or the package's main entry) can list what it needs
 * without loading any endpoint module.
 */
const scopesModule = (config: ProductConfig, operations: ReadonlyArray<GeneratedOperation>): string => {
  const entries = [...operations].sort((a, b) => (a.operation < b.operation ? -1 : 1)).map((o) =>
    `  [${JSON.stringify(o.operation)}, [${o.scopes.map((s) => JSON.stringify(s)).join(", ")}]]`
  )
  return `${header(config, "files")}

/** Every operation's OAuth scopes, by operation name. */
export const byOperation: ReadonlyMap<string, ReadonlyArray<string>> = new Map([
${entries.join(",\n")}
])
`
}

/** Where a component is emitted: its module and identifier there. */
interface Home {
  readonly module: string
  readonly id: string
  /** Position in its module's emit order. */
  readonly order: number
}

const componentsOf = (doc: Document): JsonObject =>
  isObject(doc.root.components) && isObject(doc.root.components.schemas) ? doc.root.components.schemas : {}

const prose = new Set(["description", "example", "examples", "title", "externalDocs", "summary"])

/**
 * A content key per component: its JSON without prose, with refs to other components replaced by
 * their own keys, so two files' copies of the same shape get the same key.
 */
const contentKeys = (specs: Specs, docs: ReadonlyArray<Document>): ReadonlyMap<string, string> => {
  const keys = new Map<string, string>()
  const visiting = new Set<string>()
  const normalize = (node: Json, doc: string, fieldNames: boolean): Json => {
    if (Array.isArray(node)) return (node as ReadonlyArray<Json>).map((n) => normalize(n, doc, false))
    if (!isObject(node)) return node
    const out: Record<string, Json> = {}
    for (const k of Object.keys(node).sort()) {
      const v = node[k]!
      // Inside `properties` the keys are field names (a field may be called `description`).
      if (!fieldNames && (prose.has(k) || k.startsWith("x-"))) continue
      if (k === "$ref" && typeof v === "string") {
        const location = parseRef(v, doc)
        const target = componentSchemaName(location)
        out[k] = target !== undefined
          ? `@${keyOf(location.doc, target)}`
          : `${location.doc}#${location.pointer.join("/")}`
      } else out[k] = normalize(v, doc, !fieldNames && k === "properties")
    }
    return out
  }
  const keyOf = (doc: string, name: string): string => {
    const id = `${doc}#${name}`
    const known = keys.get(id)
    if (known !== undefined) return known
    // A component inside its own definition: named by location, which keeps recursion apart.
    if (visiting.has(id)) return id
    visiting.add(id)
    const node = specs.lookup({ doc, pointer: ["components", "schemas", name] }) ?? null
    const key = createHash("sha1").update(JSON.stringify(normalize(node, doc, false))).digest("hex")
    visiting.delete(id)
    keys.set(id, key)
    return key
  }
  for (const doc of docs) for (const name of Object.keys(componentsOf(doc)).sort()) keyOf(doc.name, name)
  return keys
}

const header = (config: ProductConfig, what: string): string =>
  `// Generated by @effect-zoho/codegen from Zoho's ${config.label} OpenAPI ${what} (${config.source}). Do not edit.`

const isException = (specs: Specs, node: Json, doc: string): boolean => {
  const resolved = specs.deref(node, doc)
  if (resolved === undefined) return false
  const name = resolved.ref?.pointer[resolved.ref.pointer.length - 1]
  if (name !== undefined && /(exception|^error)$/i.test(name)) return true
  const target = resolved.node
  if (!isObject(target) || !isObject(target.properties)) return false
  const status = target.properties.status
  return isObject(status) && Array.isArray(status.enum) && status.enum.length === 1 && status.enum[0] === "error" &&
    target.properties.data === undefined
}

interface Param {
  readonly name: string
  readonly in: string
  readonly required: boolean
  readonly schema: Emitted
  /** Whether the value is a URL: `format: uri`/`url`, or a name ending in `url` (`download_url`). */
  readonly url: boolean
}

const urlName = /(^|_)url$/i

const crmPrefix = /^\/crm(\/[a-z_]+)?\/v8(?=\/|$)/

interface ModuleState {
  readonly name: string
  readonly names: NameTable
  readonly imports: Set<string>
  /** Component blocks by emit order. */
  readonly components: Map<number, string>
  readonly operations: Array<string>
  /** Which declarations {@link operations} holds, for the imports. */
  readonly kinds: Set<GeneratedOperation["kind"]>
}

/** An operation as found in a file, before emission. */
interface OperationSite {
  readonly doc: Document
  readonly path: string
  readonly item: JsonObject
  readonly method: typeof methods[number]
  readonly op: JsonObject
}

const operationSites = (config: ProductConfig, doc: Document): ReadonlyArray<OperationSite> => {
  const paths = isObject(doc.root.paths) ? doc.root.paths : {}
  const sites: Array<OperationSite> = []
  for (const path of Object.keys(paths).sort()) {
    const item = paths[path]
    if (!isObject(item)) continue
    for (const method of methods) {
      const op = item[method]
      if (!isObject(op)) continue
      // CRM's common.json carries a placeholder operation on "/": it is not an API.
      if (config.family === "crm" && path === "/") continue
      sites.push({ doc, path, item, method, op })
    }
  }
  return sites
}

/**
 * The answer of a create, get or update of one record (`get-a-sales-order-response`) whose record
 * is declared as an array of it (`salesorder: [ … ]`): Zoho answers the object.
 */
const singleRecordAsArray = (name: string, schema: Json, schemas: JsonObject): Json | undefined => {
  if (!/^(create|get|update|creating|retrieving|updating)-an?-.*-response$/i.test(name)) return undefined
  if (!isObject(schema) || !isObject(schema.properties)) return undefined
  const properties = schema.properties
  const keys = Object.keys(properties).filter((k) => k !== "code" && k !== "message")
  if (keys.length !== 1 || keys[0]!.endsWith("s")) return undefined
  const declared = properties[keys[0]!]
  // The array is written in place or is a component of the same file (`$ref: '#/…/salesorder'`).
  const ref = isObject(declared) && typeof declared.$ref === "string"
    ? /^#\/components\/schemas\/(.+)$/.exec(declared.$ref)
    : null
  const property = ref !== null ? schemas[ref[1]!] : declared
  if (!isObject(property) || property.type !== "array" || property.items === undefined) return undefined
  return { ...schema, properties: { ...properties, [keys[0]!]: property.items } }
}

/**
 * Corrections to what the finance files declare, where Zoho (and the simulator) answer otherwise:
 * a list body whose records are declared as one object (`list-all-credit-notes-response`'s
 * `creditnotes`) holds an array of them, and one record declared as an array of it is the object
 * ({@link singleRecordAsArray}). Applied to a copy; the files are left as they are.
 */
const correctListBodies = (docs: ReadonlyArray<Document>): ReadonlyArray<Document> =>
  docs.map((doc) => {
    const schemas = isObject(doc.root.components) && isObject(doc.root.components.schemas)
      ? doc.root.components.schemas
      : undefined
    if (schemas === undefined) return doc
    const corrected: Record<string, Json> = {}
    for (const [name, schema] of Object.entries(schemas)) {
      const record = singleRecordAsArray(name, schema, schemas)
      if (record !== undefined) {
        corrected[name] = record
        continue
      }
      if (!/^list/i.test(name) || !isObject(schema) || !isObject(schema.properties)) continue
      const properties = schema.properties
      const keys = Object.keys(properties).filter((k) => k !== "code" && k !== "message" && k !== "page_context")
      const typeOf = (k: string) => {
        const p = properties[k]
        return isObject(p) ? p.type : undefined
      }
      const objects = keys.filter((k) => typeOf(k) === "object" && k.endsWith("s"))
      if (keys.some((k) => typeOf(k) === "array") || objects.length !== 1) continue
      const key = objects[0]!
      corrected[name] = { ...schema, properties: { ...properties, [key]: { type: "array", items: properties[key]! } } }
    }
    if (Object.keys(corrected).length === 0) return doc
    const components = doc.root.components as JsonObject
    return {
      ...doc,
      root: { ...doc.root, components: { ...components, schemas: { ...schemas, ...corrected } } }
    }
  })

export const generate = (product: ProductName, allDocs: ReadonlyArray<Document>): Generated => {
  const config = products[product]
  const chosen = config.modules === undefined ? allDocs : allDocs.filter((d) => config.modules!.has(d.name))
  const docs = config.family === "finance" ? correctListBodies(chosen) : chosen
  const specs = new Specs(docs)
  const keys = contentKeys(specs, docs)
  const sortedDocs = [...docs].sort((a, b) => (pascalCase(a.name) < pascalCase(b.name) ? -1 : 1))
  const moduleOf = new Map(sortedDocs.map((d) => [d.name, pascalCase(d.name)]))

  // Which files define each content key: a key found in two or more files lives in Shared.
  const filesByKey = new Map<string, Set<string>>()
  for (const doc of sortedDocs) {
    for (const name of Object.keys(componentsOf(doc))) {
      const key = keys.get(`${doc.name}#${name}`)!
      const set = filesByKey.get(key) ?? new Set<string>()
      set.add(doc.name)
      filesByKey.set(key, set)
    }
  }
  const modules = new Map<string, ModuleState>()
  const moduleState = (name: string): ModuleState => {
    let state = modules.get(name)
    if (state === undefined) {
      state = {
        name,
        names: new NameTable(),
        imports: new Set(),
        components: new Map(),
        operations: [],
        kinds: new Set()
      }
      modules.set(name, state)
    }
    return state
  }
  // Homes: every component name is claimed up front (sorted), so names do not depend on use.
  const homes = new Map<string, Home>()
  const homeByKey = new Map<string, Home>()
  const sharedOrder: Array<string> = []
  for (const doc of sortedDocs) {
    const state = moduleState(moduleOf.get(doc.name)!)
    Object.keys(componentsOf(doc)).sort().forEach((name, order) => {
      const key = keys.get(`${doc.name}#${name}`)!
      if (filesByKey.get(key)!.size > 1) {
        let home = homeByKey.get(key)
        if (home === undefined) {
          home = { module: SHARED, id: moduleState(SHARED).names.claim(identifier(name)), order: sharedOrder.length }
          sharedOrder.push(key)
          homeByKey.set(key, home)
        }
        homes.set(`${doc.name}#${name}`, home)
      } else {
        homes.set(`${doc.name}#${name}`, { module: state.name, id: state.names.claim(identifier(name)), order })
      }
    })
  }

  // Operation names are claimed once, after the module's component names.
  // A spec in one file (Expense) gets a module per tag, its components staying in the file's module.
  const singleFile = sortedDocs.length === 1
  const siteModule = (doc: Document, site: OperationSite): string =>
    singleFile && Array.isArray(site.op.tags) && typeof site.op.tags[0] === "string"
      ? pascalCase(site.op.tags[0])
      : moduleOf.get(doc.name)!
  const sites = new Map(sortedDocs.map((doc) =>
    [
      doc.name,
      operationSites(config, doc).map((site) => {
        const state = moduleState(siteModule(doc, site))
        return { site, state, exportName: state.names.claim(camelCase(rawName(site))) }
      })
    ] as const
  ))

  // Emission: operations first; the components they reach are emitted on demand (a work list),
  // so components nothing uses are left out.
  const emitted = new Set<Home>()
  const pending: Array<{ readonly home: Home; readonly doc: string; readonly name: string }> = []
  // Components whose encoded type differs from their type (an integer id inside), found by fixpoint.
  const encodedDiffers = new Set<Home>()
  let current: { module: string; order: number } = { module: "", order: Number.POSITIVE_INFINITY }

  const ref = (targetDoc: string, name: string): Emitted => {
    // A named scalar (Books names each field: `name: { type: string }`) is written in place.
    const target = componentsOf(specs.docs.get(targetDoc) ?? sortedDocs[0]!)[name]
    if (isScalar(target)) return emitSchema(ctx, target, targetDoc)
    const home = homes.get(`${targetDoc}#${name}`)
    if (home === undefined) {
      specs.warnings.push(`${current.module}: unresolved component ${targetDoc}#${name} (typed as unknown)`)
      return Unknown
    }
    if (!emitted.has(home)) {
      emitted.add(home)
      pending.push({ home, doc: targetDoc, name })
    }
    const local = home.module === current.module
    const qualified = local ? home.id : `$${home.module}.${home.id}`
    if (!local) moduleState(current.module).imports.add(home.module)
    const encoded = encodedDiffers.has(home) ? `${qualified}_Encoded` : undefined
    const schemaType = encoded === undefined ? qualified : `${qualified}, ${encoded}`
    // Within a module, an earlier component is referenced directly; a later one (and, since the
    // import graph has cycles, any other module's) lazily.
    const e: Emitted = local && home.order < current.order
      ? { expr: home.id, type: qualified }
      : { expr: `Schema.suspend((): Schema.Schema<${schemaType}> => ${qualified})`, type: qualified }
    return encoded === undefined ? e : { ...e, encoded }
  }
  const ctx: SchemaContext = {
    specs,
    ref,
    isRequired: (key) => !config.requiredListsLie || alwaysRequired.has(key)
  }

  const run = () => {
    emitted.clear()
    pending.length = 0
    for (const state of modules.values()) {
      state.imports.clear()
      state.components.clear()
      state.operations.length = 0
      state.kinds.clear()
    }
    const operations: Array<GeneratedOperation> = []
    for (const doc of sortedDocs) {
      for (const { exportName, site, state } of sites.get(doc.name)!) {
        current = { module: state.name, order: Number.POSITIVE_INFINITY }
        const out = emitOperation(config, specs, ctx, state, site, exportName, singleFile)
        state.operations.push(out.code)
        state.kinds.add(out.info.kind)
        operations.push(out.info)
      }
    }
    let changed = false
    for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
      const { doc, home, name } = next
      current = { module: home.module, order: home.order }
      const e = emitSchema(ctx, componentsOf(specs.docs.get(doc)!)[name], doc)
      if (e.encoded !== undefined && !encodedDiffers.has(home)) {
        encodedDiffers.add(home)
        changed = true
      }
      const annotation = e.encoded === undefined ? home.id : `${home.id}, ${home.id}_Encoded`
      const encodedDecl = e.encoded === undefined ? "" : `\nexport type ${home.id}_Encoded = ${encodedType(e)}`
      moduleState(home.module).components.set(
        home.order,
        `export type ${home.id} = ${e.type}${encodedDecl}\nexport const ${home.id}: Schema.Schema<${annotation}> = ${
          lazyComponents(config) ? `Schema.suspend((): Schema.Schema<${annotation}> => ${e.expr})` : e.expr
        }`
      )
    }
    return { operations, changed }
  }
  let result = run()
  for (let i = 0; result.changed && i < 20; i++) result = run()

  const files = new Map<string, string>()
  for (const state of modules.values()) {
    if (state.operations.length === 0 && state.components.size === 0) continue
    const blocks = [...state.components].sort((a, b) => a[0] - b[0]).map(([, code]) => code)
    const what = state.name === SHARED
      ? "files: the component schemas found, identical, in several of them"
      : `file ${(sortedDocs.find((d) => moduleOf.get(d.name) === state.name) ?? sortedDocs[0]!).fileName}`
    const lines = [header(config, what)]
    const endpoints = state.kinds.has("endpoint")
    if (endpoints) lines.push(`import * as Endpoint from "@effect-zoho/core/Endpoint"`)
    if (state.operations.length > 0) lines.push(...productImports(config))
    const downloads = result.operations.some((o) =>
      o.module === state.name && o.kind === "endpoint" && o.responseBody === "binary"
    )
    if (state.kinds.has("link") || downloads) {
      lines.push(`import * as ZohoTransfer from "@effect-zoho/core/ZohoTransfer"`)
    }
    if (endpoints || state.components.size > 0) lines.push(`import * as Schema from "effect/Schema"`)
    for (const m of [...state.imports].filter((m) => m !== state.name).sort()) {
      lines.push(`import * as $${m} from "./${m}.js"`)
    }
    const facade = config.family === "finance" ? facadeBlock(state, result.operations, sortedDocs, moduleOf) : undefined
    if (facade !== undefined) lines.push(`import * as Facade from "@effect-zoho/core/Facade"`)
    const code = [...blocks, ...state.operations, ...(facade === undefined ? [] : [facade])]
    files.set(`${state.name}.ts`, `${lines.join("\n")}\n\n${code.join("\n\n")}\n`)
  }
  const moduleNames = [...files.keys()].map((f) => f.replace(/\.ts$/, "")).sort()
  if (files.has(`${SCOPES}.ts`)) {
    throw new Error(`a spec file generates the module ${SCOPES}, which the generator reserves`)
  }
  files.set(`${SCOPES}.ts`, scopesModule(config, result.operations))
  files.set(
    "index.ts",
    `${
      header(config, "files")
    }\n// Loads every module: import one module (\`./generated/<Module>\`) to load only what it needs.\n\n${
      moduleNames.map((m) => `export * as ${m} from "./${m}.js"`).join("\n")
    }\n`
  )
  const sortedFiles = new Map([...files].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
  return {
    product,
    files: sortedFiles,
    operations: result.operations,
    modules: moduleNames.filter((m) => m !== SHARED),
    warnings: [...new Set(specs.warnings)]
  }
}

/** A finance module's `facade` object (see `facade.ts`), or `undefined` when it has no endpoint. */
const facadeBlock = (
  state: ModuleState,
  operations: ReadonlyArray<GeneratedOperation>,
  docs: ReadonlyArray<Document>,
  moduleOf: ReadonlyMap<string, string>
): string | undefined => {
  const own = operations.filter((o) => o.module === state.name && o.kind === "endpoint")
  if (own.length === 0) return undefined
  if (state.names.claim("facade") !== "facade") {
    throw new Error(`${state.name}: a component is named "facade", which the generator reserves`)
  }
  // The file's name, or (a module per tag) the resource of its operations' names.
  const noun = docs.find((d) => moduleOf.get(d.name) === state.name)?.name ?? own[0]!.operation.split(".")[1]!
  const entries = facadeOf(
    noun,
    own.map((o) => ({
      exportName: o.exportName,
      method: o.method,
      path: o.path,
      listKey: o.listKey,
      itemKey: o.itemKey,
      jsonBody: o.requestBody === "json"
    }))
  )
  return emitFacade(state.name, entries)
}

/** A file answer: see `ZohoTransfer.Streamed`. */
const Streamed: Emitted = { expr: "ZohoTransfer.Streamed", type: "ZohoTransfer.Download" }
const StreamedOrEmpty: Emitted = {
  expr: "Schema.UndefinedOr(ZohoTransfer.Streamed)",
  type: "ZohoTransfer.Download | undefined"
}

/** The operation's `operationId`, else its summary, else method and path. */
const rawName = ({ method, op, path }: OperationSite): string =>
  typeof op.operationId === "string" && op.operationId.trim() !== ""
    ? op.operationId
    : typeof op.summary === "string" && op.summary.trim() !== ""
    ? op.summary
    : `${method} ${path}`

const emitOperation = (
  config: ProductConfig,
  specs: Specs,
  ctx: SchemaContext,
  state: ModuleState,
  site: OperationSite,
  exportName: string,
  singleFile: boolean
): { readonly code: string; readonly info: GeneratedOperation } => {
  const { doc, item, method, op } = site
  const rawPath = site.path
  const operation = operationName(config.product, resourceName(doc, op, singleFile), exportName)

  // Parameters: path-item level, overridden by operation level (same name and location).
  const params = new Map<string, Param>()
  const rawParams = [
    ...(Array.isArray(item.parameters) ? item.parameters : []),
    ...(Array.isArray(op.parameters) ? op.parameters : [])
  ] as ReadonlyArray<Json>
  for (const raw of rawParams) {
    const param = readParam(specs, ctx, raw, doc.name)
    if (param !== undefined && !isOrgIdInput(config, param)) params.set(`${param.in}:${param.name}`, param)
  }
  const byIn = (where: string) =>
    [...params.values()].filter((p) => p.in === where).map((p): Field => ({
      key: p.name,
      required: where === "path" ? true : p.required,
      schema: p.schema
    }))
  const pathFields = byIn("path")
  const queryFields = byIn("query")
  const headerFields = byIn("header")

  const scopes = scopesOf(config, doc, op)
  const link = linkParameter(rawPath, params)
  if (link !== undefined) {
    if (method === "get") return emitLink(config, state, site, exportName, operation, scopes, link)
    specs.warnings.push(`${doc.name}: ${method} ${rawPath}: a URL path parameter on a ${method} (left an endpoint)`)
  }

  // Request body: JSON is declared with its Schema; multipart, form and raw bodies are marked,
  // so the endpoint model sends them as such.
  let body: Emitted | undefined
  let requestBody: GeneratedOperation["requestBody"]
  if (op.requestBody !== undefined) {
    const rb = specs.deref(op.requestBody, doc.name)
    if (rb !== undefined && isObject(rb.node)) {
      const content = readContent(rb.node.content)
      requestBody = content?.kind
      if (content !== undefined && content.kind === "json") body = emitSchema(ctx, content.schema, rb.doc)
    } else if (rb === undefined) {
      specs.warnings.push(`${doc.name}: ${method} ${rawPath}: dangling requestBody $ref`)
    }
  }

  const queryNames = new Set(queryFields.map((f) => f.key))
  const crmList = config.family === "crm" &&
    (queryNames.has("page_token") || queryNames.has("page") || queryNames.has("per_page"))
  const declared = successSchema(specs, ctx, op, doc.name, crmList)
  // The finance files declare JSON for `…/pdf` and `…/print`, which answer the file itself (as
  // Zoho's docs and the simulator do).
  const response = config.family === "finance" && method === "get" && /\/(pdf|print)$/.test(rawPath) && !declared.binary
    ? { schema: Streamed, binary: true }
    : declared

  let pagination: string | undefined
  let listKey: string | undefined
  if (config.family === "crm") {
    if (queryNames.has("page_token")) pagination = "Endpoint.crmPageToken"
    else if (crmList) pagination = "Endpoint.crmPage"
  } else if (
    method === "get" &&
    (queryNames.has("page") || declaresPageContext(specs, op, doc.name) ||
      // Billing's files declare neither on its lists, which page like every finance list.
      (/^list[A-Z]/.test(exportName) && !rawPath.includes("{")))
  ) {
    listKey = financeListKey(specs, op, doc.name)
    if (listKey !== undefined) pagination = `Endpoint.financePageContext(${JSON.stringify(listKey)})`
  }
  const itemKey = config.family === "finance" && listKey === undefined ? financeItemKey(specs, op, doc.name) : undefined

  // Paths: below the product base path; CRM's bulk and email APIs live under their own.
  let path = rawPath
  let basePath: string | undefined
  if (config.family === "crm") {
    const m = crmPrefix.exec(rawPath)
    if (m !== null) {
      path = rawPath.slice(m[0].length) || "/"
      if (m[0] !== "/crm/v8") basePath = m[0]
    } else {
      // A path outside the API base path (a URL Zoho hands out is a link, emitted apart).
      basePath = ""
    }
  }
  const servers = Array.isArray(op.servers) ? op.servers : Array.isArray(item.servers) ? item.servers : []
  const upload = (servers as ReadonlyArray<Json>).some((s) =>
    isObject(s) && typeof s.url === "string" && /^https?:\/\/(content|upload)\./.test(s.url)
  )

  const idempotent = method === "post" || method === "patch"
    ? config.family === "crm" && (path === "/coql" || /\/search$/.test(path))
    : true
  const notModified = headerFields.some((f) => f.key.toLowerCase() === "if-modified-since")
  const docs = config.docs(doc)

  const props: Array<string> = [
    `product: ${productReference(config)}`,
    `operation: ${JSON.stringify(operation)}`,
    `method: ${JSON.stringify(method.toUpperCase())}`,
    `path: ${JSON.stringify(path)}`
  ]
  if (basePath !== undefined) props.push(`basePath: ${JSON.stringify(basePath)}`)
  if (upload) props.push(`host: "upload"`)
  const schemaOf = (e: Emitted): string => lazySchema(config, e)
  if (pathFields.length > 0) props.push(`pathParams: ${schemaOf(struct(pathFields))}`)
  if (queryFields.length > 0) props.push(`query: ${schemaOf(struct(queryFields))}`)
  if (headerFields.length > 0) props.push(`headers: ${schemaOf(struct(headerFields))}`)
  if (requestBody !== undefined && requestBody !== "json") props.push(`requestBody: ${JSON.stringify(requestBody)}`)
  if (body !== undefined) props.push(`body: ${schemaOf(body)}`)
  const responseBody = response.binary ? "binary" : response.alsoFile === true ? "jsonOrBinary" : undefined
  if (responseBody !== undefined) props.push(`responseBody: ${JSON.stringify(responseBody)}`)
  props.push(`response: ${schemaOf(response.schema)}`)
  if (pagination !== undefined) props.push(`pagination: ${pagination}`)
  if (notModified) props.push(`notModified: true`)
  props.push(`idempotent: ${idempotent}`)
  props.push(`scopes: [${scopes.map((s) => JSON.stringify(s)).join(", ")}]`)
  if (docs !== undefined) props.push(`docs: ${JSON.stringify(docs)}`)

  const code = `export const ${exportName} = Endpoint.make({\n  ${
    props.map((p) => p.replace(/\n/g, "\n  ")).join(",\n  ")
  }\n})`
  return {
    code,
    info: {
      module: state.name,
      exportName,
      kind: "endpoint",
      operation,
      method: method.toUpperCase(),
      path: basePath === undefined ? path : `${basePath}${path}`,
      scopes,
      requestBody,
      responseBody: responseBody ?? (response.schema.expr === "Schema.Void" ? undefined : "json"),
      ...(listKey !== undefined ? { listKey } : {}),
      ...(itemKey !== undefined && responseBody === undefined ? { itemKey } : {})
    }
  }
}

/**
 * The operation's OAuth scopes (its own `security`, else the file's), trimmed, with the product's
 * prefix rewrite applied, unique, sorted.
 */
const scopesOf = (config: ProductConfig, doc: Document, op: JsonObject): ReadonlyArray<string> => {
  const rename = (s: string): string =>
    config.scopePrefix !== undefined && s.startsWith(config.scopePrefix.from)
      ? `${config.scopePrefix.to}${s.slice(config.scopePrefix.from.length)}`
      : s
  const security = Array.isArray(op.security) ? op.security : Array.isArray(doc.root.security) ? doc.root.security : []
  return [
    ...new Set(
      (security as ReadonlyArray<Json>).flatMap((req) =>
        isObject(req)
          ? Object.values(req).flatMap((list) =>
            Array.isArray(list)
              ? list.filter((s): s is string => typeof s === "string").map((s) => rename(s.trim()))
              : []
          )
          : []
      ).filter((s) => s !== "")
    )
  ].sort()
}

/**
 * The parameter of a link download: the whole path is one path parameter holding a URL (Zoho's
 * `GET /{download_url}` for bulk write results, audit log exports and backups). Such a URL is
 * absolute and may point at another host, so it is not a path parameter (the endpoint model
 * refuses one): the operation is a `ZohoTransfer.link`, whose URL is checked against Zoho's hosts
 * before a token is sent.
 */
const linkParameter = (path: string, params: ReadonlyMap<string, Param>): string | undefined => {
  const m = /^\/\{([^{}/]+)\}$/.exec(path)
  if (m === null) return undefined
  const param = params.get(`path:${m[1]}`)
  return param !== undefined && param.url ? param.name : undefined
}

const emitLink = (
  config: ProductConfig,
  state: ModuleState,
  site: OperationSite,
  exportName: string,
  operation: string,
  scopes: ReadonlyArray<string>,
  param: string
): { readonly code: string; readonly info: GeneratedOperation } => {
  const docs = config.docs(site.doc)
  const props = [
    `product: ${productReference(config)}`,
    `operation: ${JSON.stringify(operation)}`,
    `pathTemplate: ${JSON.stringify(site.path)}`,
    `scopes: [${scopes.map((s) => JSON.stringify(s)).join(", ")}]`
  ]
  const comment = [
    `/**`,
    ` * A download from the \`${param}\` Zoho hands out: \`ZohoTransfer.downloadLink(${exportName}, url)\`,`,
    ` * which refuses (\`ZohoConfigError\`) a URL that is not on a Zoho host before any request.`,
    ...(docs !== undefined ? [` *`, ` * @see ${docs}`] : []),
    ` */`
  ]
  const code = `${comment.join("\n")}\nexport const ${exportName} = ZohoTransfer.link({\n  ${props.join(",\n  ")}\n})`
  return {
    code,
    info: {
      module: state.name,
      exportName,
      kind: "link",
      operation,
      method: "GET",
      path: site.path,
      scopes,
      requestBody: undefined,
      responseBody: "binary"
    }
  }
}

/**
 * The resource of an operation name: the file (`record.json` → `record`); in a single-file spec
 * (Expense), the operation's first tag.
 */
const resourceName = (doc: Document, op: JsonObject, singleFile: boolean): string => {
  const tag = Array.isArray(op.tags) && typeof op.tags[0] === "string" ? op.tags[0] : undefined
  const raw = singleFile && tag !== undefined ? tag : doc.name
  return raw.replace(/[^A-Za-z0-9]+/g, "_")
}

/** The org-id query parameter or header of the finance products: the client adds it. */
const isOrgIdInput = (config: ProductConfig, param: Param): boolean =>
  (param.in === "query" && param.name === config.orgId.query) ||
  (param.in === "header" && config.orgId.header !== undefined && config.orgId.header.test(param.name))

const headerLike = /^[A-Z][A-Za-z]*(-[A-Z][A-Za-z]*)+$/

const readParam = (specs: Specs, ctx: SchemaContext, raw: Json, docName: string): Param | undefined => {
  const resolved = specs.deref(raw, docName)
  if (resolved === undefined) {
    const ref = isObject(raw) && typeof raw.$ref === "string" ? raw.$ref : "?"
    const name = ref.split("/").pop() ?? ""
    // A dangling ref named like an HTTP header (notes.json's `If-Modified-Since`) is that header.
    if (headerLike.test(name)) {
      return { name, in: "header", required: false, schema: { expr: "Schema.String", type: "string" }, url: false }
    }
    specs.warnings.push(`${docName}: dangling parameter $ref ${ref} (left out)`)
    return undefined
  }
  const p = resolved.node
  if (!isObject(p) || typeof p.name !== "string" || typeof p.in !== "string" || p.in === "cookie") return undefined
  const format = isObject(p.schema) ? p.schema.format : undefined
  const url = format === "uri" || format === "url" || urlName.test(p.name)
  let schema: Emitted
  if (p.schema !== undefined) {
    schema = isIntegerId(ctx, p.name, p.schema, resolved.doc) ? IntegerId : emitSchema(ctx, p.schema, resolved.doc)
  } else {
    const content = readContent(p.content)
    schema = content !== undefined && content.kind === "json"
      ? emitSchema(ctx, content.schema, resolved.doc)
      : { expr: "Schema.String", type: "string" }
  }
  return { name: p.name, in: p.in, required: p.required === true, schema, url }
}

/**
 * The success payload: the 2xx bodies, without Zoho's `API_Exception` branches (errors are the
 * envelope's job). A 2xx without a body adds `undefined`, except on CRM lists, where the endpoint
 * turns an empty answer into `{ data: [] }`. A 2xx whose only body is not JSON (a file) makes the
 * operation binary.
 */
const successSchema = (
  specs: Specs,
  ctx: SchemaContext,
  op: JsonObject,
  docName: string,
  crmList: boolean
): { readonly schema: Emitted; readonly binary: boolean; readonly alsoFile?: boolean } => {
  const responses = isObject(op.responses) ? op.responses : {}
  const members: Array<Emitted> = []
  let empty = false
  let binary = false
  let alsoFile = false
  for (const code of Object.keys(responses).filter((c) => /^2\d\d$/.test(c) || c === "2XX").sort()) {
    const resolved = specs.deref(responses[code]!, docName)
    if (resolved === undefined || !isObject(resolved.node)) continue
    const content = readContent(resolved.node.content)
    if (content === undefined) {
      empty = true
      continue
    }
    if (content.kind !== "json") {
      binary = true
      continue
    }
    alsoFile ||= content.alsoFile
    const schema = content.schema
    const resolvedSchema = specs.deref(schema ?? null, resolved.doc)
    const alternatives = isObject(schema) && (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf))
      ? ((schema.oneOf ?? schema.anyOf) as ReadonlyArray<Json>)
      : undefined
    if (alternatives !== undefined && resolvedSchema !== undefined) {
      const ok = alternatives.filter((a) => !isException(specs, a, resolved.doc))
      const kept = ok.length > 0 ? ok : alternatives
      members.push(...kept.map((a) => emitSchema(ctx, a, resolved.doc)))
    } else {
      members.push(emitSchema(ctx, schema, resolved.doc))
    }
  }
  // A file download: the body is the file; the JSON answers (if any) are Zoho's errors.
  // The body is streamed to the caller (`ZohoTransfer.Streamed`: a `Download` with name, type,
  // length and a byte stream); a declared empty answer (204) stays possible.
  if (binary) return { schema: empty ? StreamedOrEmpty : Streamed, binary: true }
  if (members.length === 0) return { schema: { expr: "Schema.Void", type: "void" }, binary: false }
  if (empty && !crmList) members.push({ expr: "Schema.Undefined", type: "undefined" })
  return { schema: union(members), binary: false, alsoFile }
}

/** The properties of the first JSON 2xx body of an operation, resolved. */
const successProperties = (
  specs: Specs,
  op: JsonObject,
  docName: string
): { readonly doc: string; readonly properties: JsonObject } | undefined => {
  const responses = isObject(op.responses) ? op.responses : {}
  const ok = responses["200"] ?? responses["201"]
  if (ok === undefined) return undefined
  const resolved = specs.deref(ok, docName)
  if (resolved === undefined || !isObject(resolved.node)) return undefined
  const content = readContent(resolved.node.content)
  if (content === undefined || content.kind !== "json") return undefined
  const schema = specs.deref(content.schema ?? null, resolved.doc)
  if (schema === undefined || !isObject(schema.node) || !isObject(schema.node.properties)) return undefined
  return { doc: schema.doc, properties: schema.node.properties }
}

/** The envelope's own keys, never a list or a record. */
const envelopeKeys = new Set(["code", "message", "page_context"])

const propertiesOfType = (specs: Specs, op: JsonObject, docName: string, wanted: "array" | "object") => {
  const body = successProperties(specs, op, docName)
  if (body === undefined) return []
  return Object.keys(body.properties).filter((k) => !envelopeKeys.has(k)).filter((k) => {
    const p = specs.deref(body.properties[k]!, body.doc)
    if (p === undefined || !isObject(p.node)) return false
    return wanted === "array"
      ? p.node.type === "array"
      : p.node.type === "object" || (p.node.type === undefined && isObject(p.node.properties))
  })
}

/** Whether the success body declares `page_context` (Billing's lists do, without a `page` param). */
const declaresPageContext = (specs: Specs, op: JsonObject, docName: string): boolean =>
  successProperties(specs, op, docName)?.properties.page_context !== undefined

/** Finance lists: the one array property of the 200 body (next to `page_context`). */
const financeListKey = (specs: Specs, op: JsonObject, docName: string): string | undefined => {
  // Not every list body in the files declares `page_context`; a paged GET with one array is a list.
  const arrays = propertiesOfType(specs, op, docName, "array")
  return arrays.length === 1 ? arrays[0] : undefined
}

/** Finance records: the one object property of the success body (`{ code, message, invoice }`). */
const financeItemKey = (specs: Specs, op: JsonObject, docName: string): string | undefined => {
  // Only a body holding the record alone: a flat body (the record's own fields next to `code`,
  // as create vendor payment declares) has no record key, whatever objects it carries.
  const body = successProperties(specs, op, docName)
  const others = Object.keys(body?.properties ?? {}).filter((k) => !envelopeKeys.has(k))
  const objects = propertiesOfType(specs, op, docName, "object")
  return objects.length === 1 && others.length === 1 ? objects[0] : undefined
}
