/**
 * What the simulator starts with: OAuth clients, users, orgs, grant codes, refresh tokens, records
 * and settings. One Schema, so the server app can load and validate a JSON file.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * @category schemas
 * @since 0.1.0
 */
export const SimClient = Schema.Struct({
  clientId: Schema.String,
  clientSecret: Schema.String,
  redirectUris: Schema.optionalWith(Schema.Array(Schema.String), { default: () => [] }),
  /** `self` clients may use the client-credentials grant. */
  type: Schema.optionalWith(Schema.Literal("server", "self"), { default: () => "server" as const })
})

/**
 * @category schemas
 * @since 0.1.0
 */
export const SimUser = Schema.Struct({
  /** Zoho user id (zuid). */
  id: Schema.String,
  email: Schema.String,
  name: Schema.optionalWith(Schema.String, { default: () => "Sim User" }),
  orgId: Schema.String,
  role: Schema.optionalWith(Schema.Literal("admin", "standard"), { default: () => "admin" as const })
})

/**
 * A CRM module beyond the built-in Leads, Contacts, Accounts, Deals.
 *
 * @category schemas
 * @since 0.1.0
 */
export const SimCrmModule = Schema.Struct({
  apiName: Schema.String,
  singular: Schema.optional(Schema.String),
  fields: Schema.Array(Schema.Struct({
    apiName: Schema.String,
    dataType: Schema.optionalWith(Schema.String, { default: () => "text" }),
    mandatory: Schema.optionalWith(Schema.Boolean, { default: () => false }),
    unique: Schema.optionalWith(Schema.Boolean, { default: () => false }),
    pickListValues: Schema.optional(Schema.Array(Schema.String))
  }))
})

/**
 * Per-product limits for an org; unset values take the product defaults.
 *
 * @category schemas
 * @since 0.1.0
 */
export const SimLimits = Schema.Struct({
  requestsPerMinute: Schema.optional(Schema.Number),
  concurrent: Schema.optional(Schema.Number),
  perDay: Schema.optional(Schema.Number),
  /** Send `Retry-After` on 429 (unconfirmed for real Zoho, so a switch). */
  retryAfter: Schema.optional(Schema.Boolean)
})

/**
 * @category schemas
 * @since 0.1.0
 */
export const SimOrg = Schema.Struct({
  id: Schema.String,
  name: Schema.optionalWith(Schema.String, { default: () => "Sim Org" }),
  /** CRM org's zgid, used in `soid=ZohoCRM.<zgid>`. */
  zgid: Schema.optional(Schema.String),
  /** Finance organization_id (Books, Inventory, Invoice, Expense, Billing). */
  financeOrganizationId: Schema.optional(Schema.String),
  /**
   * The finance plan, which sets the daily budget (Free 1,000, Standard 2,000, Professional
   * 5,000, higher plans 10,000) and the concurrent calls (Free 5, paid 10). Unset: 1,000 a day, 10 in flight.
   */
  financePlan: Schema.optional(Schema.Literal("free", "standard", "professional", "premium", "elite", "ultimate")),
  crmModules: Schema.optionalWith(Schema.Array(SimCrmModule), { default: () => [] }),
  limits: Schema.optionalWith(
    Schema.Record({ key: Schema.String, value: SimLimits }),
    { default: () => ({}) }
  )
})

/**
 * @category schemas
 * @since 0.1.0
 */
export const SimGrant = Schema.Struct({
  code: Schema.String,
  clientId: Schema.String,
  userId: Schema.String,
  scopes: Schema.Array(Schema.String),
  redirectUri: Schema.optional(Schema.String),
  /** Ask for a refresh token too (`access_type=offline`). */
  offline: Schema.optionalWith(Schema.Boolean, { default: () => true })
})

/**
 * A refresh token that exists from the start, so tests can begin at the refresh flow.
 *
 * @category schemas
 * @since 0.1.0
 */
export const SimRefreshToken = Schema.Struct({
  token: Schema.String,
  clientId: Schema.String,
  userId: Schema.String,
  scopes: Schema.Array(Schema.String)
})

/**
 * @category schemas
 * @since 0.1.0
 */
export const SimSettings = Schema.Struct({
  accessTokenTtlSeconds: Schema.optionalWith(Schema.Number, { default: () => 3600 }),
  grantCodeTtlSeconds: Schema.optionalWith(Schema.Number, { default: () => 600 }),
  /** Zoho: at most 10 access tokens per refresh token per 10 minutes. */
  tokenMintLimit: Schema.optionalWith(Schema.Number, { default: () => 10 }),
  tokenMintWindowSeconds: Schema.optionalWith(Schema.Number, { default: () => 600 }),
  /** The `api_domain` in token responses; the server app sets it to its own URL. */
  apiDomain: Schema.optionalWith(Schema.String, { default: () => "https://www.zohoapis.com" }),
  accountsServer: Schema.optionalWith(Schema.String, { default: () => "https://accounts.zoho.com" }),
  /** Seed for generated ids, so runs are repeatable. */
  idSeed: Schema.optionalWith(Schema.Number, { default: () => 1 }),
  /** Default limits per product id (`crm`, `books`, …), overridable per org. */
  limits: Schema.optionalWith(Schema.Record({ key: Schema.String, value: SimLimits }), { default: () => ({}) })
})

/**
 * @category models
 * @since 0.1.0
 */
export class SimSeed extends Schema.Class<SimSeed>("@effect-zoho/sim/SimSeed")({
  clients: Schema.optionalWith(Schema.Array(SimClient), { default: () => [] }),
  users: Schema.optionalWith(Schema.Array(SimUser), { default: () => [] }),
  orgs: Schema.optionalWith(Schema.Array(SimOrg), { default: () => [] }),
  grants: Schema.optionalWith(Schema.Array(SimGrant), { default: () => [] }),
  refreshTokens: Schema.optionalWith(Schema.Array(SimRefreshToken), { default: () => [] }),
  /** Initial CRM records: org id → module → records (field api name → value). */
  crmRecords: Schema.optionalWith(
    Schema.Record({
      key: Schema.String,
      value: Schema.Record({
        key: Schema.String,
        value: Schema.Array(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
      })
    }),
    { default: () => ({}) }
  ),
  /** Initial finance entities: org id → product → collection (e.g. `contacts`) → entities. */
  financeRecords: Schema.optionalWith(
    Schema.Record({
      key: Schema.String,
      value: Schema.Record({
        key: Schema.String,
        value: Schema.Record({
          key: Schema.String,
          value: Schema.Array(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
        })
      })
    }),
    { default: () => ({}) }
  ),
  settings: Schema.optionalWith(SimSettings, { default: () => Schema.decodeSync(SimSettings)({}) })
}) {}

/**
 * A decoded seed from plain data (the JSON file's shape).
 *
 * @category schemas
 * @since 0.1.0
 */
export const decode = Schema.decodeUnknown(SimSeed)
/**
 * @category schemas
 * @since 0.1.0
 */
export const decodeSync = Schema.decodeUnknownSync(SimSeed)

/**
 * Every scope the simulator checks: what the demo seed's grant code and refresh token carry.
 *
 * @category constants
 * @since 0.1.0
 */
export const demoScopes: ReadonlyArray<string> = [
  "ZohoCRM.modules.ALL",
  "ZohoCRM.settings.ALL",
  "ZohoCRM.users.ALL",
  "ZohoCRM.org.ALL",
  "ZohoCRM.coql.READ",
  "ZohoSearch.securesearch.READ",
  "ZohoCRM.bulk.ALL",
  "ZohoCRM.functions.execute.ALL",
  "ZohoFiles.files.ALL",
  "ZohoBooks.fullaccess.all",
  "ZohoInventory.FullAccess.all",
  "ZohoInvoice.fullaccess.all",
  "ZohoExpense.fullaccess.ALL",
  "ZohoSubscriptions.fullaccess.all"
]

/**
 * A ready-to-use seed: one self/server client, one admin user in one org with CRM and finance,
 * a grant code and a refresh token with every scope. What the quick start and most tests use.
 *
 * @category constructors
 * @since 0.1.0
 */
export const demo = (overrides: Partial<typeof SimSeed.Encoded> = {}): SimSeed =>
  decodeSync({
    clients: [{
      clientId: "1000.SIMCLIENT",
      clientSecret: "sim-secret",
      redirectUris: ["http://localhost:8080/callback"],
      type: "self"
    }],
    users: [{ id: "50001", email: "admin@sim.example", name: "Sim Admin", orgId: "org1" }],
    orgs: [{ id: "org1", name: "Sim Org", zgid: "700001", financeOrganizationId: "800001" }],
    grants: [{
      code: "1000.simgrant",
      clientId: "1000.SIMCLIENT",
      userId: "50001",
      scopes: demoScopes
    }],
    refreshTokens: [{
      token: "1000.simrefresh",
      clientId: "1000.SIMCLIENT",
      userId: "50001",
      scopes: demoScopes
    }],
    ...overrides
  })
