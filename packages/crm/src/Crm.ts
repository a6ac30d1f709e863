/**
 * The CRM entry point: records of a module, COQL, lead conversion, functions and cached
 * metadata in one place.
 *
 * ```ts
 * import { Crm } from "@effect-zoho/crm"
 * import { Zoho, ZohoRegion } from "@effect-zoho/core"
 * import { Effect, Layer, Schema, Stream } from "effect"
 *
 * const Leads = Crm.records("Leads", Schema.Struct({ Last_Name: Schema.String, Company: Schema.optional(Schema.NullOr(Schema.String)) }))
 *
 * const program = Effect.gen(function*() {
 *   yield* Leads.create([{ Last_Name: "Ada", Company: "Analytical Engines" }])
 *   const names = yield* Crm.coql("select Last_Name from Leads where Company = 'Analytical Engines'").pipe(Stream.runCollect)
 * })
 * // program.pipe(Effect.provide(Crm.layer().pipe(Layer.provideMerge(Zoho.layer({ region: ZohoRegion.make("US"), … })))))
 * ```
 *
 * @since 0.1.0
 */
import type { ZohoAuth } from "@effect-zoho/core/ZohoAuth"
import type { ZohoClient } from "@effect-zoho/core/ZohoClient"
import type * as Layer from "effect/Layer"
import * as CrmCoql from "./CrmCoql.js"
import * as CrmFunctions from "./CrmFunctions.js"
import * as CrmMetadata from "./CrmMetadata.js"
import * as CrmRecords from "./CrmRecords.js"

/**
 * The records API of a CRM module (`CrmRecords.make`): typed list, get, create, update, upsert,
 * search and delete over one module, so a program names its module and Schema once.
 *
 * @example
 * ```ts
 * import { Crm } from "@effect-zoho/crm"
 * import { Effect, Schema, Stream } from "effect"
 *
 * const Leads = Crm.records("Leads", Schema.Struct({ Last_Name: Schema.String, Company: Schema.NullOr(Schema.String) }))
 *
 * export const program = Effect.gen(function*() {
 *   const { succeeded } = yield* Leads.create([{ Last_Name: "Lovelace", Company: "Analytical Engines" }])
 *   const lead = yield* Leads.get(succeeded[0]!.id)
 *   yield* Leads.upsert([{ Last_Name: "Lovelace", Company: "Babbage & Co" }], { duplicateCheckFields: ["Last_Name"] })
 *   const all = yield* Stream.runCollect(Leads.list({ maxRecords: 100 }))
 *   const found = yield* Stream.runCollect(Leads.search({ word: "Lovelace" }))
 *   return { company: lead.Company, listed: all.length, found: found.length }
 * })
 * ```
 *
 * @category records
 * @since 0.1.0
 */
export const records = CrmRecords.make

/**
 * Stream the rows of a COQL query (`CrmCoql.query`): the stream pages the query itself, so a
 * program reads up to Zoho's 100,000 rows without writing `LIMIT`/`OFFSET` loops.
 *
 * @example
 * ```ts
 * import { Crm } from "@effect-zoho/crm"
 * import { Schema, Stream } from "effect"
 *
 * const Row = Schema.Struct({ id: Schema.String, Last_Name: Schema.String })
 *
 * export const contacted = Crm.coql("select id, Last_Name from Leads where Lead_Status = 'Contacted'", { schema: Row }).pipe(
 *   Stream.take(500),
 *   Stream.runCollect
 * )
 * ```
 *
 * @category queries
 * @since 0.1.0
 */
export const coql = CrmCoql.query

/**
 * Convert a lead into a contact, an account and optionally a deal (`CrmRecords.convertLead`), in
 * one call so the three records stay linked.
 *
 * @example
 * ```ts
 * import { Crm } from "@effect-zoho/crm"
 * import { Effect } from "effect"
 *
 * export const convert = (leadId: string) =>
 *   Effect.map(
 *     Crm.convertLead(leadId, { deal: { Deal_Name: "First order", Stage: "Qualification", Closing_Date: "2026-06-30" } }),
 *     (result) => result.details.Contacts?.id
 *   )
 * ```
 *
 * @category records
 * @since 0.1.0
 */
export const convertLead = CrmRecords.convertLead

/**
 * Run a CRM (Deluge) function exposed as a REST API by GET or POST (`CrmFunctions`), with the
 * client's OAuth token instead of a function's API key.
 *
 * @example
 * ```ts
 * import { Crm } from "@effect-zoho/crm"
 * import { Effect } from "effect"
 *
 * export const score = Effect.map(
 *   Crm.functions.post("score_lead", { lead_id: "7953377000000494009" }),
 *   (result) => result.details?.output
 * )
 * ```
 *
 * @category functions
 * @since 0.1.0
 */
export const functions = {
  get: CrmFunctions.executeGet,
  post: CrmFunctions.executePost
} as const

/**
 * Metadata reads (modules, fields, layouts, custom views, related lists, roles, profiles, the
 * recycle bin). Modules, fields and layouts come from the cache when {@link layer} is provided,
 * so a program that checks fields often does not spend API credits on it.
 *
 * @category metadata
 * @since 0.1.0
 */
export const metadata = {
  modules: CrmMetadata.modules,
  fields: CrmMetadata.fields,
  layouts: CrmMetadata.layouts,
  customViews: CrmMetadata.customViews,
  relatedLists: CrmMetadata.relatedLists,
  roles: CrmMetadata.roles,
  profiles: CrmMetadata.profiles,
  recycleBin: CrmMetadata.recycleBin,
  purgeRecycleBin: CrmMetadata.purgeRecycleBin
} as const

/**
 * What the CRM API keeps between calls (the metadata cache), over `ZohoClient` and `ZohoAuth`
 * (both in `Zoho.layer`). Optional: without it, metadata reads go to Zoho each time.
 *
 * @example
 * ```ts
 * import { Crm } from "@effect-zoho/crm"
 * import { MemoryTokenStore, Zoho, ZohoCredentials, ZohoRegion, ZohoUser } from "@effect-zoho/core"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Layer, Redacted } from "effect"
 *
 * const user = ZohoUser.make({
 *   credentials: ZohoCredentials.RefreshToken({
 *     clientId: "1000.XXXX",
 *     clientSecret: Redacted.make("client-secret"),
 *     refreshToken: Redacted.make("1000.refresh")
 *   })
 * })
 *
 * export const CrmLive = Crm.layer({ timeToLive: "1 hour" }).pipe(
 *   Layer.provideMerge(Zoho.layer({ region: ZohoRegion.make("US"), user })),
 *   Layer.provide(FetchHttpClient.layer),
 *   Layer.provide(MemoryTokenStore.layer)
 * )
 * ```
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (
  options: CrmMetadata.Options = {}
): Layer.Layer<CrmMetadata.CrmMetadata, never, ZohoClient | ZohoAuth> => CrmMetadata.layer(options)
