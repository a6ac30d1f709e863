/**
 * The record endpoints the records API sends through, per module and record Schema: refinements of
 * the generated declarations (operation name, method and path stay Zoho's), with the module's
 * narrow scope, the user's record Schema, typed list parameters and the shapes real answers have.
 */
import * as Endpoint from "@effect-zoho/core/Endpoint"
import * as Envelope from "@effect-zoho/core/Envelope"
import * as Schema from "effect/Schema"
import * as GenConvertLead from "../generated/ConvertLead.js"
import * as GenCoql from "../generated/Coql.js"
import * as GenNotes from "../generated/Notes.js"
import * as GenRecord from "../generated/Record.js"
import * as GenRelated from "../generated/RelatedRecords.js"
import * as GenTags from "../generated/Tags.js"

const docs = "https://www.zoho.com/crm/developer/docs/api/v8/"

const modulePath = { module_api_name: "module" } as const
const relatedPath = { module_api_name: "module", record_id: "id", related_list_api_name: "related" } as const

/**
 * The scope a module operation needs (`ZohoCRM.modules.ALL` or `ZohoCRM.modules.<module>.ALL` also
 * cover it; the narrowest one is what an `OAUTH_SCOPE_MISMATCH` error reports).
 */
export const moduleScopes = (module: string, operation: "READ" | "CREATE" | "WRITE" | "DELETE") => [
  `ZohoCRM.modules.${module}.${operation}`
]

const ModulePath = Schema.Struct({ module: Schema.String })
const RelatedPath = Schema.Struct({ module: Schema.String, id: Schema.String, related: Schema.String })

const Strings = Schema.Array(Schema.String)

/** Write bodies arrive already encoded with the user's Schema (unknown fields kept). */
const WriteBody = Schema.Struct({
  data: Schema.Array(Schema.Unknown),
  trigger: Schema.optional(Strings),
  duplicate_check_fields: Schema.optional(Strings)
})

export const ListQuery = Schema.Struct({
  fields: Strings,
  ids: Schema.optional(Strings),
  sort_by: Schema.optional(Schema.String),
  sort_order: Schema.optional(Schema.Literal("asc", "desc")),
  cvid: Schema.optional(Schema.String),
  converted: Schema.optional(Schema.Literal("true", "false", "both")),
  approved: Schema.optional(Schema.Literal("true", "false", "both")),
  territory_id: Schema.optional(Schema.String),
  include_child: Schema.optional(Schema.Boolean)
})

export const ListHeaders = Schema.Struct({ "If-Modified-Since": Schema.optional(Schema.String) })

export const list = <A, I>(module: string, item: Schema.Schema<A, I, never>) =>
  Endpoint.refine(GenRecord.getRecords, {
    pathNames: modulePath,
    pathParams: ModulePath,
    query: ListQuery,
    headers: ListHeaders,
    response: Envelope.CrmList(item),
    pagination: Endpoint.crmPageToken,
    notModified: true,
    scopes: moduleScopes(module, "READ"),
    docs: `${docs}get-records.html`
  })

/** A generated operation on `/{module_api_name}…`: refined the same way for every module. */
type ModuleOperation = Endpoint.Definition & { readonly path: `/{module_api_name}${string}` }

const write = <D extends ModuleOperation>(
  generated: Endpoint.Endpoint<D>,
  scopes: ReadonlyArray<string>,
  page: string
) =>
  Endpoint.refine(generated, {
    pathNames: modulePath,
    pathParams: ModulePath,
    body: WriteBody,
    response: Envelope.CrmWriteResults,
    complex: true,
    scopes,
    docs: `${docs}${page}`
  })

export const create = (module: string) =>
  write(GenRecord.createRecords, moduleScopes(module, "CREATE"), "insert-records.html")
export const update = (module: string) =>
  write(GenRecord.updateRecords, moduleScopes(module, "WRITE"), "update-records.html")
export const upsert = (module: string) =>
  write(
    GenRecord.upsertRecords,
    [...moduleScopes(module, "CREATE"), ...moduleScopes(module, "WRITE")],
    "upsert-records.html"
  )

export const remove = (module: string) =>
  Endpoint.refine(GenRecord.deleteRecords, {
    pathNames: modulePath,
    pathParams: ModulePath,
    query: Schema.Struct({ ids: Strings, wf_trigger: Schema.optional(Schema.Boolean) }),
    response: Envelope.CrmWriteResults,
    scopes: moduleScopes(module, "DELETE"),
    docs: `${docs}delete-records.html`
  })

export const SearchQuery = Schema.Struct({
  criteria: Schema.optional(Schema.String),
  email: Schema.optional(Schema.String),
  phone: Schema.optional(Schema.String),
  word: Schema.optional(Schema.String),
  fields: Schema.optional(Strings),
  converted: Schema.optional(Schema.Literal("true", "false", "both")),
  approved: Schema.optional(Schema.Literal("true", "false", "both"))
})

export const search = <A, I>(module: string, item: Schema.Schema<A, I, never>) =>
  Endpoint.refine(GenRecord.searchRecords, {
    pathNames: modulePath,
    pathParams: ModulePath,
    query: SearchQuery,
    response: Envelope.CrmList(item),
    pagination: Endpoint.crmPage,
    scopes: [...moduleScopes(module, "READ"), "ZohoSearch.securesearch.READ"],
    docs: `${docs}search-records.html`
  })

/** @internal */
export const DeletedRecord = Schema.Struct({
  id: Schema.String,
  display_name: Schema.optional(Schema.NullOr(Schema.String)),
  type: Schema.optional(Schema.String),
  deleted_time: Schema.optional(Schema.NullOr(Schema.String)),
  deleted_by: Schema.optional(
    Schema.NullOr(Schema.Struct({ id: Schema.String, name: Schema.optional(Schema.String) }))
  ),
  created_by: Schema.optional(Schema.NullOr(Schema.Struct({ id: Schema.String, name: Schema.optional(Schema.String) })))
})

export const deleted = (module: string) =>
  Endpoint.refine(GenRecord.getDeletedRecords, {
    pathNames: modulePath,
    pathParams: ModulePath,
    query: Schema.Struct({ type: Schema.optional(Schema.Literal("all", "recycle", "permanent")) }),
    headers: ListHeaders,
    response: Envelope.CrmList(DeletedRecord),
    pagination: Endpoint.crmPage,
    notModified: true,
    scopes: moduleScopes(module, "READ"),
    docs: `${docs}get-deleted-records.html`
  })

/** Zoho's OAS declares the count as a string; some orgs send a number. */
export const count = (module: string) =>
  Endpoint.refine(GenRecord.recordCount, {
    pathNames: modulePath,
    pathParams: ModulePath,
    query: Schema.Struct({
      criteria: Schema.optional(Schema.String),
      email: Schema.optional(Schema.String),
      phone: Schema.optional(Schema.String),
      word: Schema.optional(Schema.String),
      cvid: Schema.optional(Schema.String)
    }),
    response: Schema.Struct({ count: Schema.Union(Schema.Number, Schema.NumberFromString) }),
    scopes: moduleScopes(module, "READ"),
    docs: `${docs}get-record-count.html`
  })

const Link = Schema.NullOr(Schema.Struct({ id: Schema.String, name: Schema.optional(Schema.NullOr(Schema.String)) }))

export const ConvertResult = Schema.Struct({
  code: Schema.String,
  status: Schema.String,
  message: Schema.String,
  details: Schema.Struct({
    Contacts: Schema.optional(Link),
    Accounts: Schema.optional(Link),
    Deals: Schema.optional(Link)
  })
})

export const convertLead = Endpoint.refine(GenConvertLead.convertLead, {
  pathNames: { lead_id: "id" },
  pathParams: Schema.Struct({ id: Schema.String }),
  body: Schema.Struct({ data: Schema.Array(Schema.Unknown) }),
  response: Schema.Struct({ data: Schema.Array(ConvertResult) }),
  scopes: [...moduleScopes("Leads", "CREATE"), ...moduleScopes("Leads", "WRITE")],
  docs: `${docs}convert-lead.html`
})

export const coql = <A, I>(item: Schema.Schema<A, I, never>) =>
  Endpoint.refine(GenCoql.getRecords, {
    body: Schema.Struct({ select_query: Schema.String }),
    response: Envelope.CrmList(item),
    // Zoho answers a query that matches nothing with 204 and no body: an empty page.
    empty: { data: [] },
    // A read: replaying it cannot change anything.
    idempotent: true,
    scopes: ["ZohoCRM.coql.READ"],
    docs: `${docs}COQL-Overview.html`
  })

/** Zoho's docs answer with an array; the OAS declares one object. Both are accepted. */
const JobAccepted = Schema.Struct({
  code: Schema.String,
  status: Schema.String,
  message: Schema.String,
  details: Schema.Struct({ job_id: Schema.String })
})

export const MassUpdateAccepted = Schema.Struct({
  data: Schema.Union(Schema.Array(JobAccepted), JobAccepted)
})

export const massUpdate = (module: string) =>
  Endpoint.refine(GenRecord.massUpdateRecords, {
    pathNames: modulePath,
    pathParams: ModulePath,
    body: Schema.Struct({
      data: Schema.Array(Schema.Unknown),
      ids: Schema.optional(Strings),
      cvid: Schema.optional(Schema.String),
      territory: Schema.optional(Schema.Struct({ id: Schema.String, include_child: Schema.optional(Schema.Boolean) })),
      over_write: Schema.optional(Schema.Boolean)
    }),
    response: MassUpdateAccepted,
    complex: true,
    scopes: moduleScopes(module, "WRITE"),
    docs: `${docs}mass-update-records.html`
  })

export const MassUpdateStatus = Schema.Struct({
  Status: Schema.String,
  Total_Count: Schema.optional(Schema.NullOr(Schema.Number)),
  Updated_Count: Schema.optional(Schema.NullOr(Schema.Number)),
  Not_Updated_Count: Schema.optional(Schema.NullOr(Schema.Number)),
  Failed_Count: Schema.optional(Schema.NullOr(Schema.Number))
})

export const massUpdateStatus = (module: string) =>
  Endpoint.refine(GenRecord.getMassUpdateStatus, {
    pathNames: modulePath,
    pathParams: ModulePath,
    query: Schema.Struct({ job_id: Schema.String }),
    response: Schema.Struct({ data: Schema.Array(MassUpdateStatus) }),
    scopes: moduleScopes(module, "READ"),
    docs: `${docs}mass-update-records.html`
  })

export const related = <A, I>(module: string, item: Schema.Schema<A, I, never>) =>
  Endpoint.refine(GenRelated.getRelatedRecords, {
    pathNames: relatedPath,
    pathParams: RelatedPath,
    query: Schema.Struct({ fields: Strings }),
    response: Envelope.CrmList(item),
    pagination: Endpoint.crmPage,
    scopes: moduleScopes(module, "READ"),
    docs: `${docs}get-related-records.html`
  })

export const linkRelated = (module: string) =>
  Endpoint.refine(GenRelated.updateRelatedRecords, {
    pathNames: relatedPath,
    pathParams: RelatedPath,
    body: Schema.Struct({ data: Schema.Array(Schema.Unknown) }),
    response: Envelope.CrmWriteResults,
    scopes: moduleScopes(module, "WRITE"),
    docs: `${docs}update-related-records.html`
  })

export const delinkRelated = (module: string) =>
  Endpoint.refine(GenRelated.delinkRecords, {
    pathNames: relatedPath,
    pathParams: RelatedPath,
    query: Schema.Struct({ ids: Strings }),
    response: Envelope.CrmWriteResults,
    scopes: moduleScopes(module, "WRITE"),
    docs: `${docs}delink-related-records.html`
  })

export const createNotes = Endpoint.refine(GenNotes.createNotes, {
  body: Schema.Struct({ data: Schema.Array(Schema.Unknown) }),
  response: Envelope.CrmWriteResults,
  scopes: ["ZohoCRM.modules.notes.CREATE"],
  docs: `${docs}create-notes.html`
})

export const deleteNotes = Endpoint.refine(GenNotes.deleteNotes, {
  query: Schema.Struct({ ids: Strings }),
  response: Envelope.CrmWriteResults,
  scopes: ["ZohoCRM.modules.notes.DELETE"],
  docs: `${docs}delete-notes.html`
})

const TagBody = Schema.Struct({
  tags: Schema.Array(Schema.Struct({ name: Schema.String })),
  ids: Schema.optional(Strings)
})

const tagAction = <D extends ModuleOperation>(
  generated: Endpoint.Endpoint<D>,
  page: string
) =>
  Endpoint.refine(generated, {
    pathNames: modulePath,
    pathParams: ModulePath,
    query: Schema.Struct({ over_write: Schema.optional(Schema.Boolean) }),
    body: TagBody,
    response: Schema.Struct({ data: Schema.Array(Envelope.CrmWriteResult) }),
    scopes: ["ZohoCRM.settings.tags.ALL"],
    docs: `${docs}${page}`
  })

export const addTags = tagAction(GenTags.addTagsToMultipleRecords, "add-tags.html")
export const removeTags = tagAction(GenTags.removeTagsFromMultipleRecords, "remove-tags.html")

export const moduleTags = Endpoint.refine(GenTags.getTags, {
  query: Schema.Struct({ module: Schema.String }),
  response: Schema.Struct({
    tags: Schema.Array(Schema.Struct({ id: Schema.String, name: Schema.String })),
    info: Schema.optional(Envelope.CrmInfo)
  }),
  empty: { tags: [] },
  scopes: ["ZohoCRM.settings.tags.READ"],
  docs: `${docs}get-tag-list.html`
})
