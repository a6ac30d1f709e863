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
 * The records API of a module (see `CrmRecords.make`).
 *
 * @since 0.1.0
 */
export const records = CrmRecords.make

/**
 * Stream the rows of a COQL query (see `CrmCoql.query`).
 *
 * @since 0.1.0
 */
export const coql = CrmCoql.query

/** @since 0.1.0 */
export const convertLead = CrmRecords.convertLead

/** @since 0.1.0 */
export const functions = {
  get: CrmFunctions.executeGet,
  post: CrmFunctions.executePost
} as const

/** Metadata reads; modules, fields and layouts come from the cache when `layer` is provided. @since 0.1.0 */
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
 * What the CRM API keeps between calls (the metadata cache), over `ZohoClient` and `ZohoAuth`.
 *
 * @since 0.1.0
 */
export const layer = (
  options: CrmMetadata.Options = {}
): Layer.Layer<CrmMetadata.CrmMetadata, never, ZohoClient | ZohoAuth> => CrmMetadata.layer(options)
