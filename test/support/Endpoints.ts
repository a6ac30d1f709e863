/**
 * Endpoints declared for the integration tests, one family per envelope. Product packages declare
 * theirs the same way.
 */
import { Endpoint, Envelope } from "@effect-zoho/core"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import * as Schema from "effect/Schema"

export const Lead = Schema.Struct({
  id: Schema.String,
  Last_Name: Schema.optional(Schema.String),
  Company: Schema.optional(Schema.NullOr(Schema.String)),
  Email: Schema.optional(Schema.NullOr(Schema.String))
})

export const listLeads = Endpoint.make({
  product: ZohoProducts.crm,
  operation: "crm.leads.list",
  method: "GET",
  path: "/Leads",
  query: Schema.Struct({
    fields: Schema.Array(Schema.String),
    page: Schema.optional(Schema.Int),
    per_page: Schema.optional(Schema.Int),
    page_token: Schema.optional(Schema.String)
  }),
  response: Envelope.CrmList(Lead),
  empty: { data: [] },
  pagination: Endpoint.crmPageToken,
  scopes: ["ZohoCRM.modules.leads.READ"]
})

export const insertLeads = Endpoint.make({
  product: ZohoProducts.crm,
  operation: "crm.leads.insert",
  method: "POST",
  path: "/Leads",
  body: Schema.Struct({
    data: Schema.Array(Schema.Struct({
      Last_Name: Schema.optional(Schema.String),
      Company: Schema.optional(Schema.String),
      Email: Schema.optional(Schema.String)
    }))
  }),
  response: Envelope.CrmWriteResults,
  scopes: ["ZohoCRM.modules.leads.CREATE"]
})

export const Contact = Schema.Struct({
  contact_id: Schema.String,
  contact_name: Schema.String
})

export const listContacts = Endpoint.make({
  product: ZohoProducts.books,
  operation: "books.contacts.list",
  method: "GET",
  path: "/contacts",
  query: Schema.Struct({ page: Schema.optional(Schema.Int), per_page: Schema.optional(Schema.Int) }),
  response: Envelope.FinanceList("contacts", Contact),
  pagination: Endpoint.financePageContext("contacts"),
  scopes: ["ZohoBooks.contacts.READ"]
})

export const createContact = Endpoint.make({
  product: ZohoProducts.books,
  operation: "books.contacts.create",
  method: "POST",
  path: "/contacts",
  body: Schema.Struct({ contact_name: Schema.String }),
  response: Envelope.FinanceObject("contact", Contact),
  scopes: ["ZohoBooks.contacts.CREATE"]
})
