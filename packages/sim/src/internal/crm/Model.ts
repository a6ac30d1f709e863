/**
 * CRM module and field definitions: the four built-in modules plus the custom modules of a seed.
 * Values are validated against these on every write, and the metadata endpoints render them.
 */
import type { SeedOrg } from "../ProductSim.js"

export type DataType =
  | "text"
  | "textarea"
  | "email"
  | "phone"
  | "website"
  | "picklist"
  | "multiselectpicklist"
  | "integer"
  | "bigint"
  | "double"
  | "currency"
  | "date"
  | "datetime"
  | "boolean"
  | "lookup"
  | "ownerlookup"

export interface FieldDef {
  readonly apiName: string
  readonly label: string
  readonly dataType: DataType
  readonly mandatory: boolean
  readonly unique: boolean
  /** System fields (Created_Time, …) cannot be written by the API. */
  readonly readOnly: boolean
  readonly custom: boolean
  readonly pickListValues?: ReadonlyArray<string> | undefined
  /** Target module of a `lookup` field. */
  readonly lookupModule?: string | undefined
  readonly length: number
}

export interface ModuleDef {
  readonly apiName: string
  readonly singular: string
  readonly custom: boolean
  readonly fields: ReadonlyArray<FieldDef>
  /** Fields upsert checks when the request names none. */
  readonly duplicateCheckFields: ReadonlyArray<string>
  /** How a record of this module is named in lookups and the recycle bin. */
  readonly displayName: (values: Readonly<Record<string, unknown>>) => string
}

const knownTypes: ReadonlySet<string> = new Set<DataType>([
  "text",
  "textarea",
  "email",
  "phone",
  "website",
  "picklist",
  "multiselectpicklist",
  "integer",
  "bigint",
  "double",
  "currency",
  "date",
  "datetime",
  "boolean",
  "lookup",
  "ownerlookup"
])

const field = (
  apiName: string,
  dataType: DataType,
  options: {
    readonly mandatory?: boolean
    readonly unique?: boolean
    readonly readOnly?: boolean
    readonly custom?: boolean
    readonly pickListValues?: ReadonlyArray<string>
    readonly lookupModule?: string
  } = {}
): FieldDef => ({
  apiName,
  label: apiName.replace(/__c$/, "").replace(/_/g, " "),
  dataType,
  mandatory: options.mandatory ?? false,
  unique: options.unique ?? false,
  readOnly: options.readOnly ?? false,
  custom: options.custom ?? false,
  pickListValues: options.pickListValues,
  lookupModule: options.lookupModule,
  length: dataType === "textarea" ? 32000 : dataType === "email" || dataType === "website" ? 255 : 255
})

/** Fields every module has; the simulator fills them in. */
const systemFields: ReadonlyArray<FieldDef> = [
  field("Owner", "ownerlookup"),
  field("Created_By", "ownerlookup", { readOnly: true }),
  field("Modified_By", "ownerlookup", { readOnly: true }),
  field("Created_Time", "datetime", { readOnly: true }),
  field("Modified_Time", "datetime", { readOnly: true })
]

const leadSources = [
  "Advertisement",
  "Cold Call",
  "Employee Referral",
  "External Referral",
  "Online Store",
  "Partner",
  "Public Relations",
  "Sales Email Alias",
  "Seminar Partner",
  "Internal Seminar",
  "Trade Show",
  "Web Download",
  "Web Research",
  "Chat"
]

const str = (v: unknown): string => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v))

const personName = (values: Readonly<Record<string, unknown>>): string =>
  [str(values.First_Name), str(values.Last_Name)].filter((s) => s.length > 0).join(" ")

const builtIns: ReadonlyArray<ModuleDef> = [
  {
    apiName: "Leads",
    singular: "Lead",
    custom: false,
    duplicateCheckFields: ["Email"],
    displayName: personName,
    fields: [
      ...systemFields,
      field("Last_Name", "text", { mandatory: true }),
      field("First_Name", "text"),
      field("Email", "email", { unique: true }),
      field("Company", "text"),
      field("Phone", "phone"),
      field("Mobile", "phone"),
      field("Website", "website"),
      field("Lead_Status", "picklist", {
        pickListValues: [
          "Attempted to Contact",
          "Contact in Future",
          "Contacted",
          "Junk Lead",
          "Lost Lead",
          "Not Contacted",
          "Pre-Qualified",
          "Not Qualified"
        ]
      }),
      field("Lead_Source", "picklist", { pickListValues: leadSources }),
      field("Annual_Revenue", "currency"),
      field("No_of_Employees", "integer"),
      field("Description", "textarea")
    ]
  },
  {
    apiName: "Contacts",
    singular: "Contact",
    custom: false,
    duplicateCheckFields: ["Email"],
    displayName: personName,
    fields: [
      ...systemFields,
      field("Last_Name", "text", { mandatory: true }),
      field("First_Name", "text"),
      field("Email", "email"),
      field("Phone", "phone"),
      field("Mobile", "phone"),
      field("Title", "text"),
      field("Account_Name", "lookup", { lookupModule: "Accounts" }),
      field("Date_of_Birth", "date"),
      field("Lead_Source", "picklist", { pickListValues: leadSources }),
      field("Description", "textarea")
    ]
  },
  {
    apiName: "Accounts",
    singular: "Account",
    custom: false,
    duplicateCheckFields: ["Account_Name"],
    displayName: (v) => str(v.Account_Name),
    fields: [
      ...systemFields,
      field("Account_Name", "text", { mandatory: true, unique: true }),
      field("Phone", "phone"),
      field("Website", "website"),
      field("Industry", "picklist", {
        pickListValues: [
          "ASP (Application Service Provider)",
          "Data/Telecom OEM",
          "ERP (Enterprise Resource Planning)",
          "Government/Military",
          "Large Enterprise",
          "ManagementISV",
          "MSP (Management Service Provider)",
          "Network Equipment Enterprise",
          "Non-management ISV",
          "Optical Networking",
          "Service Provider",
          "Small/Medium Enterprise",
          "Storage Equipment",
          "Storage Service Provider",
          "Systems Integrator",
          "Wireless Industry"
        ]
      }),
      field("Account_Type", "picklist", {
        pickListValues: [
          "Analyst",
          "Competitor",
          "Customer",
          "Distributor",
          "Integrator",
          "Investor",
          "Other",
          "Partner",
          "Press",
          "Prospect",
          "Reseller",
          "Supplier",
          "Vendor"
        ]
      }),
      field("Annual_Revenue", "currency"),
      field("Employees", "integer"),
      field("Description", "textarea")
    ]
  },
  {
    apiName: "Deals",
    singular: "Deal",
    custom: false,
    duplicateCheckFields: ["Deal_Name"],
    displayName: (v) => str(v.Deal_Name),
    fields: [
      ...systemFields,
      field("Deal_Name", "text", { mandatory: true }),
      field("Stage", "picklist", {
        mandatory: true,
        pickListValues: [
          "Qualification",
          "Needs Analysis",
          "Value Proposition",
          "Identify Decision Makers",
          "Proposal/Price Quote",
          "Negotiation/Review",
          "Closed Won",
          "Closed Lost",
          "Closed Lost to Competition"
        ]
      }),
      field("Amount", "currency"),
      field("Probability", "integer"),
      field("Closing_Date", "date"),
      field("Account_Name", "lookup", { lookupModule: "Accounts" }),
      field("Contact_Name", "lookup", { lookupModule: "Contacts" }),
      field("Type", "picklist", { pickListValues: ["Existing Business", "New Business"] }),
      field("Lead_Source", "picklist", { pickListValues: leadSources }),
      field("Description", "textarea")
    ]
  }
]

const customModule = (m: SeedOrg["crmModules"][number]): ModuleDef => {
  const own = m.fields.map((f) => {
    const dataType = (knownTypes.has(f.dataType) ? f.dataType : "text") as DataType
    return field(f.apiName, dataType, {
      mandatory: f.mandatory,
      unique: f.unique,
      custom: true,
      ...(f.pickListValues !== undefined ? { pickListValues: f.pickListValues } : {})
    })
  })
  const first = own.find((f) => f.apiName === "Name") ?? own[0]
  return {
    apiName: m.apiName,
    singular: m.singular ?? m.apiName.replace(/__c$/, "").replace(/_/g, " "),
    custom: true,
    duplicateCheckFields: own.filter((f) => f.unique).map((f) => f.apiName),
    displayName: (v) => (first === undefined ? "" : str(v[first.apiName])),
    fields: [...systemFields, ...own]
  }
}

/** The modules of one org: built-ins first, then the seed's custom modules (which may not shadow them). */
export const modulesOf = (org: SeedOrg): ReadonlyArray<ModuleDef> => {
  const names = new Set(builtIns.map((m) => m.apiName.toLowerCase()))
  return [...builtIns, ...org.crmModules.filter((m) => !names.has(m.apiName.toLowerCase())).map(customModule)]
}

export const fieldOf = (module: ModuleDef, apiName: string): FieldDef | undefined =>
  module.fields.find((f) => f.apiName === apiName)
