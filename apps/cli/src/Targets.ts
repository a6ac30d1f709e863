/**
 * The simulator a command can run against (`--sim`, `ZOHO_SIM=1`, or a user logged in with
 * `zoho auth login --sim`): started in this process, seeded with the demo org plus enough data to
 * try every command (an `Invoices__c` custom module, 2,500 leads so `--paginate` crosses CRM's
 * 2,000-record switch to `page_token`, 450 Books invoices), and with the refresh tokens earlier
 * `--sim` logins stored, so a login survives from one command to the next.
 *
 * @since 0.1.0
 */
import * as MemoryTokenStore from "@effect-zoho/core/MemoryTokenStore"
import * as TokenStore from "@effect-zoho/core/TokenStore"
import * as Zoho from "@effect-zoho/core/Zoho"
import * as ZohoCredentials from "@effect-zoho/core/ZohoCredentials"
import * as ZohoRegion from "@effect-zoho/core/ZohoRegion"
import * as ZohoUser from "@effect-zoho/core/ZohoUser"
import * as SimHttpClient from "@effect-zoho/sim/SimHttpClient"
import * as SimSeed from "@effect-zoho/sim/SimSeed"
import * as Simulator from "@effect-zoho/sim/Simulator"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

/** The demo seed's OAuth client (a self client with a public, made-up secret). @since 0.1.0 */
export const simClientId = "1000.SIMCLIENT"
/** @since 0.1.0 */
export const simClientSecret: Redacted.Redacted<string> = Redacted.make("sim-secret")
/** The demo seed's refresh token, for commands run with `--sim` before any `--sim` login. @since 0.1.0 */
export const simRefreshToken: Redacted.Redacted<string> = Redacted.make("1000.simrefresh")
/** The demo seed's admin (zuid) and its finance organization id. @since 0.1.0 */
export const simUserId = "50001"
/** @since 0.1.0 */
export const simOrganizationId = "800001"

const leads = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    Last_Name: `Lead ${i + 1}`,
    First_Name: ["Ada", "Grace", "Alan", "Edsger", "Barbara"][i % 5],
    Email: `lead${i + 1}@example.com`,
    Company: `Company ${(i % 97) + 1}`,
    Lead_Status: ["Not Contacted", "Contacted", "Qualified"][i % 3]
  }))

/**
 * `count` Books invoices for the simulator's org (what `zoho export books invoices` reads).
 *
 * @since 0.1.0
 */
export const invoices = (count: number): ReadonlyArray<Record<string, unknown>> =>
  Array.from({ length: count }, (_, i) => ({
    invoice_number: `INV-${String(i + 1).padStart(6, "0")}`,
    customer_name: `Customer ${(i % 41) + 1}`,
    date: `2025-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`,
    status: ["draft", "sent", "paid", "overdue"][i % 4],
    total: Math.round(((i * 37) % 5000) + 100) / 1,
    currency_code: "USD"
  }))

/**
 * The simulator's seed for `--sim`: the demo org with an `Invoices__c` custom module, 2,500
 * leads and 450 Books invoices.
 *
 * @since 0.1.0
 */
export const simSeed = (): SimSeed.SimSeed =>
  SimSeed.demo({
    orgs: [{
      id: "org1",
      name: "Sim Org",
      zgid: "700001",
      financeOrganizationId: simOrganizationId,
      crmModules: [{
        apiName: "Invoices__c",
        singular: "Invoice",
        fields: [
          { apiName: "Name", mandatory: true, unique: true },
          { apiName: "Status__c", dataType: "picklist", pickListValues: ["Draft", "Sent", "Paid", "Void"] },
          { apiName: "Customer__c", dataType: "lookup" },
          { apiName: "Channels__c", dataType: "multiselectpicklist", pickListValues: ["Email", "Portal", "Post"] },
          { apiName: "Due_Date__c", dataType: "date" },
          { apiName: "Amount__c", dataType: "currency" },
          { apiName: "Lines__c", dataType: "integer" },
          { apiName: "Disputed__c", dataType: "boolean" },
          { apiName: "Notes__c", dataType: "textarea" }
        ]
      }]
    }],
    crmRecords: { org1: { Leads: leads(2500) } },
    financeRecords: { org1: { books: { invoices: invoices(450) } } }
  })

/** What a CLI run adds to a seed. @since 0.1.0 */
export interface SimExtras {
  /** Redirect URIs to register for the demo client (the loopback callback of `auth login --sim`). */
  readonly redirectUris?: ReadonlyArray<string> | undefined
  /** Refresh tokens issued to earlier `--sim` logins, with their scopes. */
  readonly refreshTokens?: ReadonlyArray<{ readonly token: string; readonly scopes: ReadonlyArray<string> }> | undefined
}

/**
 * `seed` with the demo client's extra redirect URIs and the extra refresh tokens (bound to the
 * demo client and admin).
 *
 * @since 0.1.0
 */
export const withExtras = (seed: SimSeed.SimSeed, extras: SimExtras): SimSeed.SimSeed =>
  new SimSeed.SimSeed({
    ...seed,
    clients: seed.clients.map((c) =>
      c.clientId === simClientId ? { ...c, redirectUris: [...c.redirectUris, ...(extras.redirectUris ?? [])] } : c
    ),
    refreshTokens: [
      ...seed.refreshTokens,
      ...(extras.refreshTokens ?? []).map((r) => ({
        token: r.token,
        clientId: simClientId,
        userId: simUserId,
        scopes: r.scopes
      }))
    ]
  })

/**
 * The region the in-process simulator answers for (its seed's default hosts).
 *
 * @since 0.1.0
 */
export const simRegion: ZohoRegion.ZohoRegion = ZohoRegion.make("US")

/**
 * The client stack over an in-process simulator (memory token store, the seed's refresh token):
 * what `zoho schema pull --sim` runs on.
 *
 * @since 0.1.0
 */
export const simulator = (seed: SimSeed.SimSeed = simSeed()): Layer.Layer<Zoho.Services> =>
  Layer.unwrapEffect(Effect.gen(function*() {
    const sim = yield* Simulator.make(seed)
    const store = yield* MemoryTokenStore.make()
    const user = ZohoUser.make({
      credentials: ZohoCredentials.RefreshToken({
        clientId: simClientId,
        clientSecret: simClientSecret,
        refreshToken: simRefreshToken,
        userName: "admin@sim.example"
      })
    })
    return Zoho.layer({ region: simRegion, user }).pipe(
      Layer.provide(SimHttpClient.layerFrom(sim)),
      Layer.provide(Layer.succeed(TokenStore.TokenStore, store))
    )
  }))

/**
 * The production stack from `ZOHO_*` configuration, or the simulator.
 *
 * @since 0.1.0
 */
export const layer = (options: { readonly sim: boolean }): Layer.Layer<Zoho.Services, unknown> =>
  options.sim
    ? simulator()
    : Layer.unwrapEffect(
      Effect.map(Effect.promise(() => import("@effect-zoho/node/ZohoNode")), (m) => m.layerConfig())
    )
