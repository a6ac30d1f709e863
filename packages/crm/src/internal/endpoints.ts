/**
 * The record endpoints the records API sends through, per module and record Schema. Method, path
 * and params follow Zoho's CRM v8 OpenAPI files; the record Schemas are the user's.
 */
import * as Endpoint from "@effect-zoho/core/Endpoint"
import * as Envelope from "@effect-zoho/core/Envelope"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import * as Schema from "effect/Schema"

const docs = "https://www.zoho.com/crm/developer/docs/api/v8/"

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
  Endpoint.make({
    product: ZohoProducts.crm,
    operation: "crm.records.list",
    method: "GET",
    path: "/{module}",
    pathParams: ModulePath,
    query: ListQuery,
    headers: ListHeaders,
    response: Envelope.CrmList(item),
    pagination: Endpoint.crmPageToken,
    notModified: true,
    scopes: moduleScopes(module, "READ"),
    docs: `${docs}get-records.html`
  })

const write = <const Op extends string, const M extends "POST" | "PUT", const P extends string>(
  operation: Op,
  method: M,
  path: P,
  scopes: ReadonlyArray<string>,
  page: string
) =>
  Endpoint.make({
    product: ZohoProducts.crm,
    operation,
    method,
    path,
    pathParams: ModulePath,
    body: WriteBody,
    response: Envelope.CrmWriteResults,
    complex: true,
    scopes,
    docs: `${docs}${page}`
  })

export const create = (module: string) =>
  write("crm.records.create", "POST", "/{module}", moduleScopes(module, "CREATE"), "insert-records.html")
export const update = (module: string) =>
  write("crm.records.update", "PUT", "/{module}", moduleScopes(module, "WRITE"), "update-records.html")
export const upsert = (module: string) =>
  write(
    "crm.records.upsert",
    "POST",
    "/{module}/upsert",
    [...moduleScopes(module, "CREATE"), ...moduleScopes(module, "WRITE")],
    "upsert-records.html"
  )

export const remove = (module: string) =>
  Endpoint.make({
    product: ZohoProducts.crm,
    operation: "crm.records.delete",
    method: "DELETE",
    path: "/{module}",
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
  Endpoint.make({
    product: ZohoProducts.crm,
    operation: "crm.records.search",
    method: "GET",
    path: "/{module}/search",
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
  Endpoint.make({
    product: ZohoProducts.crm,
    operation: "crm.records.deleted",
    method: "GET",
    path: "/{module}/deleted",
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
  Endpoint.make({
    product: ZohoProducts.crm,
    operation: "crm.records.count",
    method: "GET",
    path: "/{module}/actions/count",
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

export const convertLead = Endpoint.make({
  product: ZohoProducts.crm,
  operation: "crm.records.convertLead",
  method: "POST",
  path: "/Leads/{id}/actions/convert",
  pathParams: Schema.Struct({ id: Schema.String }),
  body: Schema.Struct({ data: Schema.Array(Schema.Unknown) }),
  response: Schema.Struct({ data: Schema.Array(ConvertResult) }),
  scopes: [...moduleScopes("Leads", "CREATE"), ...moduleScopes("Leads", "WRITE")],
  docs: `${docs}convert-lead.html`
})

export const coql = <A, I>(item: Schema.Schema<A, I, never>) =>
  Endpoint.make({
    product: ZohoProducts.crm,
    operation: "crm.coql",
    method: "POST",
    path: "/coql",
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
  Endpoint.make({
    product: ZohoProducts.crm,
    operation: "crm.records.massUpdate",
    method: "POST",
    path: "/{module}/actions/mass_update",
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
  Endpoint.make({
    product: ZohoProducts.crm,
    operation: "crm.records.massUpdateStatus",
    method: "GET",
    path: "/{module}/actions/mass_update",
    pathParams: ModulePath,
    query: Schema.Struct({ job_id: Schema.String }),
    response: Schema.Struct({ data: Schema.Array(MassUpdateStatus) }),
    scopes: moduleScopes(module, "READ"),
    docs: `${docs}mass-update-records.html`
  })

export const related = <A, I>(module: string, item: Schema.Schema<A, I, never>) =>
  Endpoint.make({
    product: ZohoProducts.crm,
    operation: "crm.records.related",
    method: "GET",
    path: "/{module}/{id}/{related}",
    pathParams: RelatedPath,
    query: Schema.Struct({ fields: Strings }),
    response: Envelope.CrmList(item),
    pagination: Endpoint.crmPage,
    scopes: moduleScopes(module, "READ"),
    docs: `${docs}get-related-records.html`
  })

export const linkRelated = (module: string) =>
  Endpoint.make({
    product: ZohoProducts.crm,
    operation: "crm.records.linkRelated",
    method: "PUT",
    path: "/{module}/{id}/{related}",
    pathParams: RelatedPath,
    body: Schema.Struct({ data: Schema.Array(Schema.Unknown) }),
    response: Envelope.CrmWriteResults,
    scopes: moduleScopes(module, "WRITE"),
    docs: `${docs}update-related-records.html`
  })

export const delinkRelated = (module: string) =>
  Endpoint.make({
    product: ZohoProducts.crm,
    operation: "crm.records.delinkRelated",
    method: "DELETE",
    path: "/{module}/{id}/{related}",
    pathParams: RelatedPath,
    query: Schema.Struct({ ids: Strings }),
    response: Envelope.CrmWriteResults,
    scopes: moduleScopes(module, "WRITE"),
    docs: `${docs}delink-related-records.html`
  })

export const createNotes = Endpoint.make({
  product: ZohoProducts.crm,
  operation: "crm.notes.create",
  method: "POST",
  path: "/Notes",
  body: Schema.Struct({ data: Schema.Array(Schema.Unknown) }),
  response: Envelope.CrmWriteResults,
  scopes: ["ZohoCRM.modules.notes.CREATE"],
  docs: `${docs}create-notes.html`
})

export const deleteNotes = Endpoint.make({
  product: ZohoProducts.crm,
  operation: "crm.notes.delete",
  method: "DELETE",
  path: "/Notes",
  query: Schema.Struct({ ids: Strings }),
  response: Envelope.CrmWriteResults,
  scopes: ["ZohoCRM.modules.notes.DELETE"],
  docs: `${docs}delete-notes.html`
})

const TagBody = Schema.Struct({
  tags: Schema.Array(Schema.Struct({ name: Schema.String })),
  ids: Schema.optional(Strings)
})

const tagAction = <const Op extends string, const P extends string>(operation: Op, path: P, page: string) =>
  Endpoint.make({
    product: ZohoProducts.crm,
    operation,
    method: "POST",
    path,
    pathParams: ModulePath,
    query: Schema.Struct({ over_write: Schema.optional(Schema.Boolean) }),
    body: TagBody,
    response: Schema.Struct({ data: Schema.Array(Envelope.CrmWriteResult) }),
    scopes: ["ZohoCRM.settings.tags.ALL"],
    docs: `${docs}${page}`
  })

export const addTags = tagAction("crm.tags.add", "/{module}/actions/add_tags", "add-tags.html")
export const removeTags = tagAction("crm.tags.remove", "/{module}/actions/remove_tags", "remove-tags.html")

export const moduleTags = Endpoint.make({
  product: ZohoProducts.crm,
  operation: "crm.tags.list",
  method: "GET",
  path: "/settings/tags",
  query: Schema.Struct({ module: Schema.String }),
  response: Schema.Struct({
    tags: Schema.Array(Schema.Struct({ id: Schema.String, name: Schema.String })),
    info: Schema.optional(Envelope.CrmInfo)
  }),
  empty: { tags: [] },
  scopes: ["ZohoCRM.settings.tags.READ"],
  docs: `${docs}get-tag-list.html`
})
