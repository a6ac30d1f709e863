/**
 * The contract between the simulator's core (accounts, auth, limits, faults, routing) and each
 * product's handlers (CRM, the finance family). Internal: not exported from the package.
 */
import type { KnownProductId as ProductId } from "@effect-zoho/core/ZohoProducts"
import type * as Effect from "effect/Effect"
import type { SimRequest, SimResponse } from "../SimHttp.js"
import type { SimSeed } from "../SimSeed.js"

export type SeedUser = SimSeed["users"][number]
export type SeedOrg = SimSeed["orgs"][number]

/** The principal behind a valid access token. */
export interface Caller {
  readonly accessToken: string
  readonly clientId: string
  readonly user: SeedUser
  readonly org: SeedOrg
  readonly scopes: ReadonlyArray<string>
}

/** Deterministic id source for one simulator instance (seeded by `settings.idSeed`). */
export interface Ids {
  /** A CRM-style 19-digit numeric id, e.g. `5725767000000524157`. */
  readonly crm: () => string
  /** A finance-style numeric id, e.g. `460000000012345`. */
  readonly finance: () => string
}

export interface RouteContext {
  readonly request: SimRequest
  /** The path below the product's base path, e.g. `/Leads/123` for `/crm/v8/Leads/123`. */
  readonly subpath: string
  readonly caller: Caller
  /** Epoch ms from Effect's Clock (so TestClock drives the simulator too). */
  readonly now: number
  readonly ids: Ids
}

/** Responses in a product's own error envelope, used by the simulator core. */
export interface ProductErrors {
  /** 401 for a missing, unknown, expired or revoked access token. */
  readonly invalidToken: () => SimResponse
  /** 401 `OAUTH_SCOPE_MISMATCH` (CRM) or the product's equivalent. */
  readonly scopeMismatch: (required: ReadonlyArray<string>) => SimResponse
  /** 429 for an exceeded limit; the core adds `Retry-After` and `X-Rate-Limit-*` headers. */
  readonly rateLimited: (kind: "minute" | "concurrency" | "day") => SimResponse
  /** 404 for a path the product does not serve. */
  readonly notFound: () => SimResponse
}

export interface ProductSim {
  readonly product: ProductId
  /** e.g. `/crm/v8`; the CRM also serves `/crm/bulk/v8` through `extraBasePaths`. */
  readonly basePath: string
  readonly extraBasePaths?: ReadonlyArray<string> | undefined
  readonly errors: ProductErrors
  /**
   * The org key limits are counted against for this request (the finance products take it from
   * `organization_id` or their header; CRM from the caller's org).
   */
  readonly orgKey: (ctx: RouteContext) => string
  /** Answer an authenticated request below `basePath`. Never fails: errors are responses. */
  readonly handle: (ctx: RouteContext) => Effect.Effect<SimResponse>
}
