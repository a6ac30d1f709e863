/**
 * Drives the finance `ProductSim`s directly with hand-built `RouteContext`s (the simulator core
 * authenticates and routes in the real server; here the caller is given).
 */
import type { KnownProductId as ProductId } from "@effect-zoho/core/ZohoProducts"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type { FinanceOptions } from "../../src/internal/finance/FinanceSim.js"
import * as FinanceSim from "../../src/internal/finance/FinanceSim.js"
import type { Caller, ProductSim, RouteContext } from "../../src/internal/ProductSim.js"
import * as SimSeed from "../../src/SimSeed.js"

export const ORG = "800001"
export const OTHER_ORG = "800002"

export const ALL_SCOPES = [
  "ZohoBooks.fullaccess.all",
  "ZohoInventory.FullAccess.all",
  "ZohoInvoice.fullaccess.all",
  "ZohoExpense.fullaccess.ALL",
  "ZohoSubscriptions.fullaccess.all"
]

export const orgHeader: Partial<Record<ProductId, string>> = {
  invoice: "x-com-zoho-invoice-organizationid",
  expense: "x-com-zoho-expense-organizationid",
  billing: "x-com-zoho-subscriptions-organizationid"
}

export const makeSeed = (
  financeRecords: Record<string, Record<string, Record<string, ReadonlyArray<Record<string, unknown>>>>> = {}
): SimSeed.SimSeed =>
  SimSeed.demo({
    users: [
      { id: "50001", email: "admin@sim.example", name: "Sim Admin", orgId: "org1" },
      { id: "50002", email: "other@sim.example", name: "Other Admin", orgId: "org2" }
    ],
    orgs: [
      { id: "org1", name: "Sim Org", zgid: "700001", financeOrganizationId: ORG },
      { id: "org2", name: "Other Org", zgid: "700002", financeOrganizationId: OTHER_ORG }
    ],
    financeRecords
  })

export interface Reply {
  readonly status: number
  readonly body: Record<string, unknown>
}

export interface CallOptions {
  readonly query?: Record<string, string>
  readonly headers?: Record<string, string>
  /** Sent as `application/json`. */
  readonly json?: unknown
  /** Sent raw with the given content type. */
  readonly raw?: { readonly contentType: string; readonly body: string }
  readonly scopes?: ReadonlyArray<string>
  /** Which seeded user calls (default the org1 admin). */
  readonly userId?: string
  /**
   * Where to put the organization id: `"auto"` (the product's documented place, the default),
   * `"none"`, or an explicit id placed in the documented place.
   */
  readonly org?: "auto" | "none" | { readonly id: string }
}

export interface Harness {
  readonly seed: SimSeed.SimSeed
  readonly sims: ReadonlyArray<ProductSim>
  readonly sim: (product: ProductId) => ProductSim
  readonly call: (product: ProductId, method: string, path: string, options?: CallOptions) => Effect.Effect<Reply>
  readonly context: (product: ProductId, method: string, path: string, options?: CallOptions) => Effect.Effect<
    RouteContext
  >
}

const encoder = new TextEncoder()

export const harness = (seed: SimSeed.SimSeed = makeSeed(), options: FinanceOptions = {}): Harness => {
  const sims = FinanceSim.make(seed, options)
  let counter = 0
  const ids = {
    crm: () => String(5725767000000000000n + BigInt(++counter)),
    finance: () => String(460000000000000 + ++counter)
  }
  const sim = (product: ProductId): ProductSim => {
    const found = sims.find((s) => s.product === product)
    if (found === undefined) throw new Error(`no sim for ${product}`)
    return found
  }
  const context = (product: ProductId, method: string, path: string, options: CallOptions = {}) =>
    Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const s = sim(product)
      const url = new URL(`https://www.zohoapis.com${s.basePath}${path}`)
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(options.headers ?? {})) headers[k.toLowerCase()] = v
      const org = options.org ?? "auto"
      if (org !== "none") {
        const id = org === "auto" ? ORG : org.id
        const header = orgHeader[product]
        if (header === undefined) url.searchParams.set("organization_id", id)
        else headers[header] = id
      }
      for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v)
      let body = new Uint8Array()
      if (options.json !== undefined) {
        headers["content-type"] = "application/json"
        body = encoder.encode(JSON.stringify(options.json))
      } else if (options.raw !== undefined) {
        headers["content-type"] = options.raw.contentType
        body = encoder.encode(options.raw.body)
      }
      const user = seed.users.find((u) => u.id === (options.userId ?? "50001"))!
      const caller: Caller = {
        accessToken: "1000.test.token",
        clientId: "1000.SIMCLIENT",
        user,
        org: seed.orgs.find((o) => o.id === user.orgId)!,
        scopes: options.scopes ?? ALL_SCOPES
      }
      const ctx: RouteContext = {
        request: { method, url, headers, body },
        subpath: url.pathname.slice(s.basePath.length),
        caller,
        now,
        ids
      }
      return ctx
    })
  const call = (product: ProductId, method: string, path: string, options: CallOptions = {}) =>
    Effect.gen(function*() {
      const ctx = yield* context(product, method, path, options)
      const res = yield* sim(product).handle(ctx)
      const text = typeof res.body === "string" ? res.body : new TextDecoder().decode(res.body ?? new Uint8Array())
      return { status: res.status, body: JSON.parse(text) as Record<string, unknown> }
    })
  return { seed, sims, sim, call, context }
}

/** Narrow an unknown JSON value to an object for assertions. */
export const obj = (v: unknown): Record<string, unknown> => v as Record<string, unknown>
export const arr = (v: unknown): ReadonlyArray<Record<string, unknown>> => v as ReadonlyArray<Record<string, unknown>>
