/**
 * The finance products of the simulator (Books, Inventory, Invoice, Expense, Billing), one
 * `ProductSim` each, over one shared collection engine. Routes:
 *
 * - `GET /organizations`, `GET /organizations/{id}` (no organization id needed)
 * - `GET|POST /{collection}`, `GET|PUT|DELETE /{collection}/{id}`
 * - `POST /{collection}/{id}/{action}` (e.g. `status/sent`, `active`, `cancel`)
 *
 * Each instance owns its state; nothing is shared between two `make` calls.
 */
import * as Effect from "effect/Effect"
import type { SimResponse } from "../../SimHttp.js"
import { json } from "../../SimHttp.js"
import type { SimSeed } from "../../SimSeed.js"
import type { ProductSim, RouteContext, SeedOrg } from "../ProductSim.js"
import { missing } from "../scopes.js"
import type { ActionSpec, EntitySpec } from "./Collection.js"
import { Store } from "./Collection.js"
import type { FinanceError } from "./FinanceErrors.js"
import * as FinanceErrors from "./FinanceErrors.js"
import type { FinanceProduct } from "./FinanceProducts.js"
import { products } from "./FinanceProducts.js"
import type { Json, Result } from "./FinanceRequest.js"
import * as FinanceRequest from "./FinanceRequest.js"

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

const success = (status: number, message: string, extra: Json = {}): SimResponse =>
  json(status, { code: 0, message, ...extra })

const fromResult = <A>(result: Result<A>, onOk: (a: A) => SimResponse): SimResponse =>
  result._tag === "Err" ? fail(result.error) : onOk(result.value)

const segmentsOf = (subpath: string): ReadonlyArray<string> =>
  subpath.split("/").filter((s) => s.length > 0).map((s) => {
    try {
      return decodeURIComponent(s)
    } catch {
      return s
    }
  })

type Route =
  | { readonly _tag: "List"; readonly spec: EntitySpec }
  | { readonly _tag: "Create"; readonly spec: EntitySpec }
  | { readonly _tag: "Get"; readonly spec: EntitySpec; readonly id: string }
  | { readonly _tag: "Update"; readonly spec: EntitySpec; readonly id: string }
  | { readonly _tag: "Delete"; readonly spec: EntitySpec; readonly id: string }
  | { readonly _tag: "Action"; readonly spec: EntitySpec; readonly id: string; readonly action: ActionSpec }

const operation = (route: Route): string => {
  switch (route._tag) {
    case "List":
    case "Get":
      return "READ"
    case "Create":
    case "Action":
      // Zoho's OpenAPI files guard status actions (`status/confirmed`, `cancel`) with CREATE.
      return "CREATE"
    case "Update":
      return "UPDATE"
    case "Delete":
      return "DELETE"
  }
}

const makeProduct = (product: FinanceProduct, seed: SimSeed, options: FinanceOptions): ProductSim => {
  const requireOrgId = options.requireOrgId ?? true
  const byPath = new Map(product.entities.map((e) => [e.path ?? e.plural, e]))
  const byPlural = new Map(product.entities.map((e) => [e.plural, e]))
  const stores = new Map<string, Store>()

  const storeFor = (org: SeedOrg, ctx: RouteContext): Store => {
    const key = financeOrgId(org)
    const existing = stores.get(key)
    if (existing !== undefined) return existing
    const store = new Store(byPlural)
    const cx = store.context(ctx.now, ctx.ids.finance)
    const byOrg = seed.financeRecords[org.id] ?? seed.financeRecords[key] ?? {}
    const collections = byOrg[product.id] ?? (product.id === "billing" ? byOrg.subscriptions : undefined) ?? {}
    for (const [name, records] of Object.entries(collections)) {
      const spec = byPath.get(name) ?? byPlural.get(name)
      if (spec !== undefined) store.seed(spec, records, cx)
    }
    stores.set(key, store)
    return store
  }

  const scopeFor = (entityScope: string, op: string) => `${product.scopePrefix}.${entityScope}.${op}`

  const checkScope = (ctx: RouteContext, required: string): FinanceError | undefined =>
    missing(ctx.caller.scopes, [required]).length > 0 ? FinanceErrors.scopeMismatch() : undefined

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
    price_precision: 2
  })

  const organizations = (ctx: RouteContext, segments: ReadonlyArray<string>): SimResponse => {
    const denied = checkScope(ctx, scopeFor("settings", "READ"))
    if (denied !== undefined) return fail(denied)
    const own = ctx.caller.org
    if (segments.length === 1) {
      if (ctx.request.method !== "GET") return fail(FinanceErrors.methodNotAllowed(ctx.request.method))
      return success(200, "success", { organizations: [organization(own, ctx)] })
    }
    if (segments.length === 2) {
      if (ctx.request.method !== "GET") return fail(FinanceErrors.methodNotAllowed(ctx.request.method))
      return segments[1] === financeOrgId(own)
        ? success(200, "success", { organization: organization(own, ctx) })
        : fail(FinanceErrors.orgNotMember(segments[1], product.notMemberStatus))
    }
    return fail(FinanceErrors.invalidUrl())
  }

  const resolve = (method: string, segments: ReadonlyArray<string>): Result<Route> => {
    const spec = byPath.get(segments[0])
    if (spec === undefined) return FinanceRequest.err(FinanceErrors.invalidUrl())
    if (segments.length === 1) {
      if (method === "GET") return FinanceRequest.ok({ _tag: "List", spec })
      if (method === "POST") return FinanceRequest.ok({ _tag: "Create", spec })
      return FinanceRequest.err(FinanceErrors.methodNotAllowed(method))
    }
    const id = segments[1]
    if (segments.length === 2) {
      if (method === "GET") return FinanceRequest.ok({ _tag: "Get", spec, id })
      if (method === "PUT") return FinanceRequest.ok({ _tag: "Update", spec, id })
      if (method === "DELETE") return FinanceRequest.ok({ _tag: "Delete", spec, id })
      return FinanceRequest.err(FinanceErrors.methodNotAllowed(method))
    }
    const path = segments.slice(2).join("/")
    const action = spec.actions.find((a) => a.path === path)
    if (action === undefined) return FinanceRequest.err(FinanceErrors.invalidUrl())
    if (method !== "POST") return FinanceRequest.err(FinanceErrors.methodNotAllowed(method))
    return FinanceRequest.ok({ _tag: "Action", spec, id, action })
  }

  const route = (ctx: RouteContext): SimResponse => {
    const segments = segmentsOf(ctx.subpath)
    if (segments.length === 0) return fail(FinanceErrors.invalidUrl())
    const method = ctx.request.method.toUpperCase()
    if (segments[0] === "organizations") return organizations(ctx, segments)

    const resolved = resolve(method, segments)
    if (resolved._tag === "Err") return fail(resolved.error)
    const r = resolved.value
    const denied = checkScope(ctx, scopeFor(r.spec.scope, operation(r)))
    if (denied !== undefined) return fail(denied)

    const query = FinanceRequest.params(ctx.request)
    const org = orgOf(ctx, query)
    if (org._tag === "Err") return fail(org.error)
    const store = storeFor(org.value, ctx)
    const cx = store.context(ctx.now, ctx.ids.finance)
    const spec = r.spec

    switch (r._tag) {
      case "List": {
        const paging = FinanceRequest.paging(query)
        if (paging._tag === "Err") return fail(paging.error)
        return fromResult(
          store.list(spec, query, paging.value),
          (page) => success(200, "success", { [spec.plural]: page.records, page_context: page.pageContext })
        )
      }
      case "Get":
        return fromResult(store.get(spec, r.id), (record) => success(200, "success", { [spec.singular]: record }))
      case "Delete":
        return fromResult(store.remove(spec, r.id), () => success(200, spec.messages.deleted))
      case "Create":
      case "Update":
      case "Action": {
        const body = FinanceRequest.body(ctx.request, query)
        if (body._tag === "Err") return fail(body.error)
        if (r._tag === "Create") {
          return fromResult(
            store.create(spec, body.value, cx),
            (record) => success(201, spec.messages.created, { [spec.singular]: record })
          )
        }
        if (r._tag === "Update") {
          return fromResult(
            store.update(spec, r.id, body.value, cx),
            (record) => success(200, spec.messages.updated, { [spec.singular]: record })
          )
        }
        const { JSONString: _json, ...flags } = query
        const action = r.action
        return fromResult(store.act(spec, action, r.id, { ...flags, ...body.value }, cx), (record) =>
          success(
            200,
            action.message(String(record[spec.statusField ?? "status"])),
            action.returnsRecord === true ? { [spec.singular]: record } : {}
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
