/**
 * The finance products of the simulator (Books, Inventory, Invoice, Expense, Billing), one
 * `ProductSim` each, driven by the operations of Zoho's OpenAPI files (`FinanceModel`):
 *
 * - a request is matched to the spec's operation (unknown path: 404 code 5; known path, other
 *   method: 405 code 37);
 * - the path says which resources it names: collections (`/contacts`), items
 *   (`/contacts/{contact_id}`), sub-resources (`/invoices/{invoice_id}/comments`) and actions
 *   (`/invoices/{invoice_id}/status/sent`);
 * - one collection engine (`Collection.Store`) keeps the records; the main entities add Zoho's
 *   documented behaviour (`FinanceProducts`: numbering, line totals, status changes);
 * - bodies are checked against the operation's request schema, and every answer is shaped by its
 *   response schema (`Shape`), so numbers are numbers and every declared field is present.
 *
 * Each instance owns its state; nothing is shared between two `make` calls.
 */
import * as Effect from "effect/Effect"
import type { SimResponse } from "../../SimHttp.js"
import { json } from "../../SimHttp.js"
import type { SimSeed } from "../../SimSeed.js"
import type { ProductSim, RouteContext, SeedOrg } from "../ProductSim.js"
import { missing } from "../scopes.js"
import * as Binary from "./Binary.js"
import type { EntitySpec } from "./Collection.js"
import { isoTime, Store } from "./Collection.js"
import type { FinanceError } from "./FinanceErrors.js"
import * as FinanceErrors from "./FinanceErrors.js"
import type { Operation, ProductModel, Schema } from "./FinanceModel.js"
import * as FinanceModel from "./FinanceModel.js"
import type { FinanceProduct } from "./FinanceProducts.js"
import { products } from "./FinanceProducts.js"
import type { Json, Result } from "./FinanceRequest.js"
import * as FinanceRequest from "./FinanceRequest.js"
import * as Shape from "./Shape.js"

export interface FinanceOptions {
  /**
   * Refuse requests that name no organization (the default). Whether Zoho falls back to a
   * single-org user's default organization is unconfirmed, so strict is the safer simulation:
   * it catches clients that forget the id. `false` uses the caller's organization instead.
   */
  readonly requireOrgId?: boolean | undefined
}

/** The organization id the finance products know an org by. */
export const financeOrgId = (org: SeedOrg): string => org.financeOrganizationId ?? org.id

const fail = (e: FinanceError): SimResponse => FinanceErrors.toResponse(e)

const segmentsOf = (subpath: string): ReadonlyArray<string> =>
  subpath.split("/").filter((s) => s.length > 0).map((s) => {
    try {
      return decodeURIComponent(s)
    } catch {
      return s
    }
  })

/** What an operation does, read from its path and method. */
export type Kind =
  | { readonly _tag: "List"; readonly collection: string }
  | { readonly _tag: "Create"; readonly collection: string }
  | { readonly _tag: "Get"; readonly collection: string }
  | { readonly _tag: "Update"; readonly collection: string }
  | { readonly _tag: "Delete"; readonly collection: string }
  | {
    readonly _tag: "Action"
    /** The collection of the record the action is on, if the path names one. */
    readonly collection: string | undefined
    /** The path below that record, e.g. `status/sent`. */
    readonly action: string
  }

/** Collections Zoho lists under another path (Expense lists expenses at `/reports/expensedetails`). */
const aliases: Readonly<Record<string, string>> = { "reports/expensedetails": "expenses" }

export const classify = (model: ProductModel, op: Operation): Kind => {
  const s = op.segments
  const n = s.length
  const last = s[n - 1] ?? ""
  if (FinanceModel.isParam(last) && op.method !== "POST") {
    const collection = FinanceModel.collectionOf(s, n - 1)
    if (op.method === "GET") return { _tag: "Get", collection }
    if (op.method === "DELETE") return { _tag: "Delete", collection }
    return { _tag: "Update", collection }
  }
  if (!FinanceModel.isParam(last)) {
    const collection = FinanceModel.collectionOf(s, n)
    if (op.method === "POST" && model.itemCollections.has(collection)) return { _tag: "Create", collection }
    if (op.method === "GET" && FinanceModel.envelopeKey(op.response, "array") !== undefined) {
      return { _tag: "List", collection: aliases[collection] ?? collection }
    }
  }
  // An action: on the nearest record the path names, if any.
  for (let i = n - 1; i >= 0; i--) {
    if (!FinanceModel.isParam(s[i])) continue
    return {
      _tag: "Action",
      collection: FinanceModel.collectionOf(s, i),
      action: s.slice(i + 1).filter((x) => !FinanceModel.isParam(x)).join("/")
    }
  }
  return { _tag: "Action", collection: undefined, action: s.join("/") }
}

const humanize = (key: string): string => {
  const words = key.replace(/_/g, " ").trim()
  return words.length === 0 ? "Resource" : words[0].toUpperCase() + words.slice(1)
}

/** The message the file gives for an operation's success, unless it is the generic "success". */
const messageOf = (op: Operation | undefined): string | undefined => {
  const message = op?.response?.properties?.message?.example
  return message === undefined || message === "success" ? undefined : message
}

interface Collection {
  readonly spec: EntitySpec
  /** Whether clients can create records here (unknown ids are then refused with 1002). */
  readonly creatable: boolean
  /** Parameter names of the parent records, stored on each record (e.g. `invoice_id` on a comment). */
  readonly parents: ReadonlyArray<string>
}

const inferred = new Map<string, ReadonlyMap<string, Collection>>()

/** Per collection: a generic spec inferred from the operations, under the product's own behaviour. */
const collections = (product: FinanceProduct, model: ProductModel): ReadonlyMap<string, Collection> => {
  // Pure in the product and the model: inferred once per process, shared by every instance.
  const cached = inferred.get(product.id)
  if (cached !== undefined) return cached
  const out = infer(product, model)
  inferred.set(product.id, out)
  return out
}

const infer = (product: FinanceProduct, model: ProductModel): ReadonlyMap<string, Collection> => {
  interface Facts {
    list?: Operation
    create?: Operation
    get?: Operation
    update?: Operation
    delete?: Operation
  }
  const facts = new Map<string, Facts>()
  const factsOf = (c: string): Facts => {
    let f = facts.get(c)
    if (f === undefined) {
      f = {}
      facts.set(c, f)
    }
    return f
  }
  for (const op of model.operations) {
    const kind = classify(model, op)
    if (kind.collection === undefined) continue
    const f = factsOf(kind.collection)
    if (kind._tag === "List") f.list ??= op
    else if (kind._tag === "Create") f.create ??= op
    else if (kind._tag === "Get") f.get ??= op
    else if (kind._tag === "Update") f.update ??= op
    else if (kind._tag === "Delete") f.delete ??= op
  }
  for (const c of model.itemCollections) factsOf(c)

  const behaviours = new Map(product.behaviours.map((b) => [b.path ?? b.plural, b]))
  const out = new Map<string, Collection>()
  for (const [name, f] of facts) {
    const entity = f.get?.response ?? f.create?.response ?? f.update?.response
    const singular = FinanceModel.envelopeKey(entity, "object") ?? name.split("/").at(-1) ?? name
    const listKey = FinanceModel.envelopeKey(f.list?.response, "array") ?? name
    const itemSchema: Schema | undefined = entity?.properties?.[singular]
    const fields = Object.keys(itemSchema?.properties ?? {})
    const template = (f.get ?? f.update ?? f.delete)?.segments
    const parents = (template ?? []).slice(0, -1).filter(FinanceModel.isParam).map(FinanceModel.paramName)
    const statusEnum = itemSchema?.properties?.status?.enum
    const idField = model.idParams.get(name) ?? `${singular}_id`
    // A record addressed by a code (Billing's `addon_code`, `coupon_code`) is keyed by the code the
    // client chose, as plans are: a generated id would make the code the client sent unreachable.
    const clientKey = idField.endsWith("_code")
    const generic: EntitySpec = {
      plural: name,
      singular,
      idField,
      clientKey,
      label: humanize(singular),
      reportName: humanize(listKey),
      scope: name.split("/")[0],
      required: clientKey ? [idField] : [],
      searchFields: fields.filter((k) => /(_name|_number|^name|email|description|reference_number)$/.test(k)),
      filterFields: [
        ...parents,
        ...(f.list?.query ?? []).filter((q) => fields.includes(q) && q !== "sort_column" && q !== "sort_order")
      ],
      statuses: (statusEnum ?? []).map(String),
      defaults: () => ({}),
      actions: [],
      messages: {
        created: messageOf(f.create) ?? "success",
        updated: messageOf(f.update) ?? "success",
        deleted: messageOf(f.delete) ?? "success"
      }
    }
    const own = behaviours.get(name)
    const spec: EntitySpec = own === undefined ? generic : {
      ...generic,
      ...own,
      plural: name,
      filterFields: [...new Set([...own.filterFields, ...generic.filterFields])],
      messages: {
        created: messageOf(f.create) ?? own.messages.created,
        updated: messageOf(f.update) ?? own.messages.updated,
        deleted: messageOf(f.delete) ?? own.messages.deleted
      }
    }
    out.set(name, { spec, creatable: f.create !== undefined || own !== undefined, parents })
  }
  return out
}

const operationOf = (method: string): string =>
  method === "GET"
    ? "READ"
    : method === "PUT" || method === "PATCH"
    ? "UPDATE"
    : method === "DELETE"
    ? "DELETE"
    : "CREATE"

const fileResponse = (file: Binary.File): SimResponse => ({
  status: 200,
  headers: {
    "content-type": file.contentType,
    "content-disposition": `attachment; filename="${file.fileName}"`,
    "content-length": String(file.bytes.length)
  },
  body: file.bytes
})

const builtinOrganizations: Operation = {
  method: "GET",
  path: "/organizations",
  segments: ["organizations"],
  status: 200,
  binaryType: "",
  response: undefined,
  request: undefined,
  multipart: false,
  query: [],
  scope: "",
  supplement: true
}

const makeProduct = (product: FinanceProduct, seed: SimSeed, options: FinanceOptions): ProductSim => {
  const requireOrgId = options.requireOrgId ?? true
  const model = FinanceModel.models()[product.specs]
  const byName = collections(product, model)
  const specs = new Map([...byName].map(([name, c]) => [name, c.spec]))
  const stores = new Map<string, Store>()

  /** Seed collections are named by path (`expensereports`) or list key (`expense_reports`). */
  const seedTarget = (name: string): EntitySpec | undefined =>
    specs.get(name) ?? specs.get(product.behaviours.find((b) => b.plural === name)?.path ?? "")

  const storeFor = (org: SeedOrg, ctx: RouteContext): Store => {
    const key = financeOrgId(org)
    const existing = stores.get(key)
    if (existing !== undefined) return existing
    const store = new Store(specs)
    const cx = store.context(ctx.now, ctx.ids.finance)
    const byOrg = seed.financeRecords[org.id] ?? seed.financeRecords[key] ?? {}
    const records = byOrg[product.id] ?? (product.id === "billing" ? byOrg.subscriptions : undefined) ?? {}
    for (const [name, rows] of Object.entries(records)) {
      const spec = seedTarget(name)
      if (spec !== undefined) store.seed(spec, rows, cx)
    }
    stores.set(key, store)
    return store
  }

  const scopeOf = (op: Operation, kind: Kind): string => {
    if (op.scope !== "") return op.scope.replace(/^ZohoBooks\./, `${product.scopePrefix}.`)
    const module = (kind.collection ?? op.segments[0] ?? "settings").split("/")[0]
    return `${product.scopePrefix}.${module}.${operationOf(op.method)}`
  }

  const orgOf = (ctx: RouteContext, query: Record<string, string>): Result<SeedOrg> => {
    const named = FinanceRequest.orgId(ctx.request, query, product.org)
    const own = ctx.caller.org
    if (named === undefined) {
      return requireOrgId ? FinanceRequest.err(FinanceErrors.missingOrg()) : FinanceRequest.ok(own)
    }
    if (named === financeOrgId(own)) return FinanceRequest.ok(own)
    if (!/^\d+$/.test(named)) return FinanceRequest.err(FinanceErrors.invalidValue("organization_id"))
    return FinanceRequest.err(FinanceErrors.orgNotMember(named, product.notMemberStatus))
  }

  const organization = (org: SeedOrg, ctx: RouteContext): Json => ({
    organization_id: financeOrgId(org),
    name: org.name,
    contact_name: ctx.caller.user.name,
    email: ctx.caller.user.email,
    is_default_org: true,
    is_org_active: true,
    user_role: ctx.caller.user.role,
    user_status: "active",
    language_code: "en",
    time_zone: "Etc/UTC",
    date_format: "yyyy-MM-dd",
    fiscal_year_start_month: 0,
    currency_code: "USD",
    currency_symbol: "$",
    price_precision: 2,
    created_time: isoTime(ctx.now)
  })

  /** The answer, in the shape of the operation's response schema. */
  const answer = (op: Operation, status: number, value: Json): SimResponse => {
    const body = op.response === undefined ? value : Shape.shape(op.response, value)
    return json(status, body)
  }

  const success = (op: Operation, message: string, extra: Json = {}): SimResponse =>
    answer(op, op.status >= 200 && op.status < 300 ? op.status : 200, { code: 0, message, ...extra })

  const fromResult = <A>(result: Result<A>, onOk: (a: A) => SimResponse): SimResponse =>
    result._tag === "Err" ? fail(result.error) : onOk(result.value)

  const objectKey = (op: Operation, spec: EntitySpec): string =>
    FinanceModel.envelopeKey(op.response, "object") ?? spec.singular

  /**
   * Types and enums always; on create the required fields too: the main entities' own list (what
   * Zoho enforces, e.g. alternatives like `customer_id` or `customer`, checked by the store), else
   * the spec's.
   */
  const checkBody = (op: Operation, spec: EntitySpec, body: Json, create: boolean): FinanceError | undefined => {
    if (op.request === undefined) return undefined
    const own = product.behaviours.some((b) => (b.path ?? b.plural) === spec.plural)
    const required = create && !own ? op.request.required ?? [] : undefined
    const problem = Shape.check(op.request, body, required)
    if (problem === undefined) return undefined
    return problem.kind === "missing"
      ? FinanceErrors.missingField(problem.field)
      : FinanceErrors.invalidValue(problem.field)
  }

  const organizations = (ctx: RouteContext, op: Operation, segments: ReadonlyArray<string>): SimResponse => {
    const own = ctx.caller.org
    if (op.method === "GET" && segments.length === 1) {
      return success(op, "success", { organizations: [organization(own, ctx)] })
    }
    if (segments.length === 2 && segments[1] !== financeOrgId(own)) {
      return fail(FinanceErrors.orgNotMember(segments[1], product.notMemberStatus))
    }
    const org = organization(own, ctx)
    if (op.method === "GET") return success(op, "success", { organization: org })
    const body = FinanceRequest.body(ctx.request, FinanceRequest.params(ctx.request))
    if (body._tag === "Err") return fail(body.error)
    return success(op, messageOf(op) ?? "success", { organization: { ...org, ...body.value } })
  }

  const route = (ctx: RouteContext): SimResponse => {
    const segments = segmentsOf(ctx.subpath)
    if (segments.length === 0) return fail(FinanceErrors.invalidUrl())
    const method = ctx.request.method.toUpperCase()
    const matched = FinanceModel.match(model, method, segments)
    if (matched._tag === "NotFound" && segments[0] === "organizations" && method === "GET" && segments.length <= 2) {
      // Every product lists the caller's organizations, even where its file leaves the route out.
      const scope = `${product.scopePrefix}.settings.READ`
      if (missing(ctx.caller.scopes, [scope]).length > 0) return fail(FinanceErrors.scopeMismatch())
      return organizations(ctx, builtinOrganizations, segments)
    }
    if (matched._tag === "NotFound") return fail(FinanceErrors.invalidUrl())
    if (matched._tag === "MethodNotAllowed") return fail(FinanceErrors.methodNotAllowed(method))
    const op = matched.operation
    const kind = classify(model, op)

    const required = scopeOf(op, kind)
    if (missing(ctx.caller.scopes, [required]).length > 0) return fail(FinanceErrors.scopeMismatch())
    if (op.path === "/organizations" || op.path === "/organizations/{organization_id}") {
      return organizations(ctx, op, segments)
    }

    const query = FinanceRequest.params(ctx.request)
    const org = orgOf(ctx, query)
    if (org._tag === "Err") return fail(org.error)
    const store = storeFor(org.value, ctx)
    const cx = store.context(ctx.now, ctx.ids.finance)

    // Every record the path names must exist (where clients can create them) and ids look like ids.
    const pathIds: Record<string, string> = {}
    let target: Json | undefined
    for (let i = 0; i < op.segments.length; i++) {
      const template = op.segments[i]
      if (!FinanceModel.isParam(template)) continue
      const name = FinanceModel.paramName(template)
      const value = segments[i]
      pathIds[name] = value
      const key = FinanceModel.collectionOf(op.segments, i)
      const collection = key === "" ? undefined : byName.get(key)
      if (collection === undefined) continue
      // Client-chosen keys (`plan_code`) are any text; generated ids are digits.
      const clientKey = collection.spec.clientKey === true
      if (!clientKey && name.endsWith("_id") && !/^\d+$/.test(value)) return fail(FinanceErrors.invalidValue(name))
      if (!collection.creatable) continue
      const found = store.get(collection.spec, value)
      if (found._tag === "Err") return fail(found.error)
      target = found.value
    }

    const collection = kind.collection === undefined ? undefined : byName.get(kind.collection)
    const spec = collection?.spec
    const parentIds: Json = {}
    for (const p of collection?.parents ?? []) if (pathIds[p] !== undefined) parentIds[p] = pathIds[p]

    if (method === "GET") {
      const last = segments[segments.length - 1]
      const file = kind._tag === "List" && query.accept !== "pdf"
        ? undefined
        : Binary.fileFor(
          // One record of a documents collection is the document itself.
          kind._tag === "Get" ? (kind.collection.endsWith("documents") ? "documents" : "") : last,
          query.accept,
          op.binaryType
        )
      if (file !== undefined) return fileResponse(file)
    }

    if (op.request !== undefined && op.request.type === "array") {
      // Custom-field updates take a JSON array.
      const list = FinanceRequest.array(ctx.request, query)
      if (list._tag === "Err") return fail(list.error)
      return success(op, messageOf(op) ?? "success")
    }

    if (spec === undefined) {
      const body = method === "GET" ? FinanceRequest.ok({}) : FinanceRequest.body(ctx.request, query)
      if (body._tag === "Err") return fail(body.error)
      return success(op, messageOf(op) ?? "success")
    }

    switch (kind._tag) {
      case "List": {
        const paging = FinanceRequest.paging(query)
        if (paging._tag === "Err") return fail(paging.error)
        const listKey = FinanceModel.envelopeKey(op.response, "array") ?? spec.plural
        return fromResult(
          store.list(spec, { ...query, ...(parentIds as Record<string, string>) }, paging.value),
          (page) => success(op, "success", { [listKey]: page.records, page_context: page.pageContext })
        )
      }
      case "Get":
        return fromResult(
          store.get(spec, segments[segments.length - 1]),
          (record) => success(op, "success", { [objectKey(op, spec)]: record })
        )
      case "Delete":
        return fromResult(store.remove(spec, segments[segments.length - 1]), () => success(op, spec.messages.deleted))
      case "Create":
      case "Update": {
        const multipart = (ctx.request.headers["content-type"] ?? "").includes("multipart/form-data")
        const body = FinanceRequest.body(ctx.request, query)
        if (body._tag === "Err") return fail(body.error)
        if (!(multipart && query.JSONString === undefined)) {
          const bad = checkBody(op, spec, body.value, kind._tag === "Create")
          if (bad !== undefined) return fail(bad)
        }
        if (kind._tag === "Create") {
          return fromResult(store.create(spec, { ...body.value, ...parentIds }, cx), (record) =>
            // Zoho answers a create with 201 even where a file declares 200.
            answer(op, 201, { code: 0, message: spec.messages.created, [objectKey(op, spec)]: record }))
        }
        return fromResult(
          store.update(spec, segments[segments.length - 1], body.value, cx),
          (record) => success(op, spec.messages.updated, { [objectKey(op, spec)]: record })
        )
      }
      case "Action": {
        const body = method === "GET" ? FinanceRequest.ok({}) : FinanceRequest.body(ctx.request, query)
        if (body._tag === "Err") return fail(body.error)
        const action = spec.actions.find((a) => a.path === kind.action)
        const key = FinanceModel.envelopeKey(op.response, "object")
        if (action === undefined || target === undefined) {
          return success(op, messageOf(op) ?? "success", key === spec.singular && target ? { [key]: target } : {})
        }
        // Zoho answers a user whose role forbids the action as it answers a missing scope (57).
        if (action.approverOnly === true && ctx.caller.user.role !== "admin") return fail(FinanceErrors.scopeMismatch())
        const { JSONString: _json, ...flags } = query
        const id = String(target[spec.idField])
        return fromResult(store.act(spec, action, id, { ...flags, ...body.value }, cx), (record) =>
          success(
            op,
            action.message(String(record[spec.statusField ?? "status"])),
            action.returnsRecord === true || key === spec.singular ? { [key ?? spec.singular]: record } : {}
          ))
      }
    }
  }

  return {
    product: product.id,
    basePath: product.basePath,
    errors: {
      invalidToken: () => fail(FinanceErrors.invalidToken()),
      scopeMismatch: () => fail(FinanceErrors.scopeMismatch()),
      rateLimited: (kind) => fail(FinanceErrors.rateLimited(kind)),
      notFound: () => fail(FinanceErrors.invalidUrl())
    },
    orgKey: (ctx) =>
      FinanceRequest.orgId(ctx.request, FinanceRequest.params(ctx.request), product.org) ??
        financeOrgId(ctx.caller.org),
    handle: (ctx) =>
      Effect.sync(() => {
        try {
          return route(ctx)
        } catch {
          // A simulator bug must still look like Zoho: an internal error, never a defect.
          return fail(FinanceErrors.internal())
        }
      })
  }
}

/** One `ProductSim` per finance product, each with its own in-memory state. */
export const make = (seed: SimSeed, options: FinanceOptions = {}): ReadonlyArray<ProductSim> =>
  products.map((product) => makeProduct(product, seed, options))
