/**
 * Metadata endpoints: modules, fields, layouts, users and the org, rendered from the seed and
 * the module definitions.
 */
import type { SimResponse } from "../../SimHttp.js"
import type { SeedUser } from "../ProductSim.js"
import * as Http from "./Http.js"
import type { FieldDef } from "./Model.js"
import type { Env } from "./Records.js"
import { requireScopes } from "./Records.js"
import * as Settings from "./Settings.js"
import * as Shapes from "./Shapes.js"
import type { ModuleState } from "./Store.js"
import { crmUserId, findModule, findUser } from "./Store.js"

const jsonType = (f: FieldDef): string => {
  switch (f.dataType) {
    case "integer":
    case "bigint":
      return "integer"
    case "double":
    case "currency":
      return "double"
    case "boolean":
      return "boolean"
    case "lookup":
    case "ownerlookup":
      return "jsonobject"
    case "multiselectpicklist":
      return "jsonarray"
    default:
      return "string"
  }
}

const plural = (m: ModuleState) => m.def.apiName.replace(/__c$/, "").replace(/_/g, " ")

const moduleJson = (m: ModuleState, index: number) => ({
  ...Shapes.moduleShape,
  id: m.id,
  api_name: m.def.apiName,
  module_name: m.def.apiName,
  singular_label: m.def.singular,
  plural_label: plural(m),
  generated_type: m.def.custom ? "custom" : "default",
  api_supported: true,
  creatable: true,
  editable: true,
  deletable: true,
  viewable: true,
  visible: true,
  visibility: 1,
  convertable: m.def.apiName === "Leads",
  show_as_tab: true,
  sequence_number: index + 1,
  quick_create: true,
  triggers_supported: true,
  filter_supported: true,
  feeds_required: false,
  scoring_supported: !m.def.custom,
  webform_supported: true,
  global_search_supported: true,
  isBlueprintSupported: true,
  kanban_view_supported: true,
  chart_view_supported: true,
  recycle_bin_on_delete: true,
  description: null,
  web_link: null,
  per_page: 200,
  modified_time: null,
  profiles: [],
  arguments: [],
  parent_module: {},
  business_card_field_limit: 5,
  status: "visible",
  $properties: [],
  $on_demand_properties: []
})

const fieldJson = (m: ModuleState, f: FieldDef, index: number) => ({
  ...Shapes.fieldShape,
  id: m.fieldIds.get(f.apiName) ?? "",
  api_name: f.apiName,
  field_label: f.label,
  display_label: f.label,
  column_name: f.apiName.toUpperCase(),
  data_type: f.dataType,
  json_type: jsonType(f),
  system_mandatory: f.mandatory && !f.custom,
  custom_field: f.custom,
  read_only: f.readOnly,
  field_read_only: f.readOnly,
  visible: true,
  searchable: f.dataType !== "boolean",
  sortable: true,
  filterable: true,
  length: f.length,
  decimal_place: f.dataType === "currency" || f.dataType === "double" ? 2 : null,
  quick_sequence_number: String(index + 1),
  unique: f.unique ? { casesensitive: "false" } : {},
  pick_list_values: (f.pickListValues ?? []).map((v, i) => ({
    id: `${m.fieldIds.get(f.apiName) ?? ""}${String(i + 1).padStart(3, "0")}`,
    colour_code: null,
    display_value: v,
    actual_value: v,
    sequence_number: i + 1,
    type: "used"
  })),
  lookup: f.dataType === "lookup" && f.lookupModule !== undefined
    ? { module: { api_name: f.lookupModule }, display_label: f.label, api_name: f.apiName }
    : {},
  created_source: f.custom ? "custom" : "default"
})

export const modules = (env: Env): SimResponse => {
  const denied = requireScopes(env, ["ZohoCRM.settings.modules.READ"], ["ZohoCRM.settings.READ"])
  if (denied) return denied
  return Http.ok({ modules: env.org.modules.map((m, i) => moduleJson(m, i)) })
}

export const moduleDetail = (env: Env, apiName: string): SimResponse => {
  const denied = requireScopes(env, ["ZohoCRM.settings.modules.READ"], ["ZohoCRM.settings.READ"])
  if (denied) return denied
  const index = env.org.modules.findIndex((m) =>
    m.def.apiName.toLowerCase() === apiName.toLowerCase() || m.id === apiName
  )
  if (index === -1) return Http.invalidModule()
  const m = env.org.modules[index]
  return Http.ok({
    modules: [{
      ...moduleJson(m, index),
      fields: m.def.fields.map((f, i) => fieldJson(m, f, i)),
      layouts: [{ id: m.id, name: "Standard", display_label: "Standard", status: "active" }],
      related_lists: []
    }]
  })
}

const moduleParam = (env: Env): ModuleState | SimResponse => {
  const name = env.ctx.request.url.searchParams.get("module")
  if (name === null || name.trim() === "") return Http.requiredParam("module")
  return findModule(env.org, name.trim()) ?? Http.invalidModule()
}

const isModule = (u: ModuleState | SimResponse): u is ModuleState => "def" in u

export const fields = (env: Env): SimResponse => {
  const denied = requireScopes(env, ["ZohoCRM.settings.fields.READ"], ["ZohoCRM.settings.READ"])
  if (denied) return denied
  const m = moduleParam(env)
  if (!isModule(m)) return m
  return Http.ok({ fields: m.def.fields.map((f, i) => fieldJson(m, f, i)) })
}

export const layouts = (env: Env): SimResponse => {
  const denied = requireScopes(env, ["ZohoCRM.settings.layouts.READ"], ["ZohoCRM.settings.READ"])
  if (denied) return denied
  const m = moduleParam(env)
  if (!isModule(m)) return m
  return Http.ok({
    layouts: [{
      ...Shapes.layoutShape,
      id: m.id,
      name: "Standard",
      api_name: "Standard",
      display_label: "Standard",
      status: "active",
      visible: true,
      source: m.def.custom ? "custom" : "default",
      sections: [{
        ...Shapes.sectionShape,
        id: `${m.id}1`,
        name: `${m.def.singular} Information`,
        api_name: `${m.def.singular.replace(/\s+/g, "_")}_Information`,
        display_label: `${m.def.singular} Information`,
        sequence_number: 1,
        column_count: 2,
        fields: m.def.fields.map((f, i) => ({ ...Shapes.layoutFieldShape, ...fieldJson(m, f, i) }))
      }]
    }]
  })
}

// ---------------------------------------------------------------------------------------------
// Users and org

/**
 * A user as Zoho's `/users` answers it: the CRM user id apart from the `zuid`, role and profile
 * with the long ids `/settings/roles` and `/settings/profiles` answer, and only fields Zoho's
 * user schema declares.
 */
const userJson = (env: Env, u: SeedUser) => {
  const parts = u.name.split(" ")
  const last = parts.length > 1 ? parts.slice(1).join(" ") : u.name
  const first = parts.length > 1 ? parts[0] : null
  const admin = u.role === "admin"
  return {
    id: crmUserId(u),
    zuid: u.id,
    full_name: u.name,
    first_name: first,
    last_name: last,
    email: u.email,
    status: "active",
    confirm: true,
    role: Settings.roleOf(env, admin),
    profile: Settings.profileOf(env, admin),
    category: "regular_user",
    time_zone: "Etc/UTC",
    locale: "en_US",
    language: "en_US",
    country_locale: "en_US",
    offset: 0,
    Isonline: false,
    personal_account: false,
    microsoft: false,
    sandboxDeveloper: false
  }
}

const userTypes = [
  "AllUsers",
  "ActiveUsers",
  "DeactiveUsers",
  "ConfirmedUsers",
  "NotConfirmedUsers",
  "DeletedUsers",
  "ActiveConfirmedUsers",
  "AdminUsers",
  "ActiveConfirmedAdmins",
  "CurrentUser"
]

export const users = (env: Env): SimResponse => {
  const denied = requireScopes(env, ["ZohoCRM.users.READ"])
  if (denied) return denied
  const q = env.ctx.request.url.searchParams
  const type = q.get("type") ?? "AllUsers"
  if (!userTypes.includes(type)) return Http.invalidParam("type", "string")
  const paging = Http.pageParams(q)
  if ("status" in paging) return paging
  const { page, perPage } = paging
  const all = env.org.users.filter((u) => {
    switch (type) {
      case "CurrentUser":
        return u.id === env.ctx.caller.user.id
      case "AdminUsers":
      case "ActiveConfirmedAdmins":
        return u.role === "admin"
      case "DeactiveUsers":
      case "NotConfirmedUsers":
      case "DeletedUsers":
        // Seeded users are all active and confirmed.
        return false
      default:
        return true
    }
  })
  const slice = all.slice((page - 1) * perPage, page * perPage)
  if (slice.length === 0) return Http.noContent()
  return Http.ok({
    users: slice.map((u) => userJson(env, u)),
    info: { per_page: perPage, count: slice.length, page, more_records: page * perPage < all.length }
  })
}

export const user = (env: Env, id: string): SimResponse => {
  const denied = requireScopes(env, ["ZohoCRM.users.READ"])
  if (denied) return denied
  const u = findUser(env.org.users, id)
  if (u === undefined) return Http.noContent()
  return Http.ok({ users: [userJson(env, u)], info: { per_page: 200, count: 1, page: 1, more_records: false } })
}

export const org = (env: Env): SimResponse => {
  const denied = requireScopes(env, ["ZohoCRM.org.READ"])
  if (denied) return denied
  const o = env.ctx.caller.org
  const primary = env.org.users.find((u) => u.role === "admin") ?? env.ctx.caller.user
  return Http.ok({
    org: [{
      id: o.zgid ?? o.id,
      company_name: o.name,
      alias: null,
      primary_email: primary.email,
      primary_zuid: primary.id,
      zgid: o.zgid ?? o.id,
      domain_name: `org${o.zgid ?? o.id}`,
      currency: "US Dollar - USD",
      currency_symbol: "$",
      currency_locale: "en_US",
      iso_code: "USD",
      time_zone: "Etc/UTC",
      country: null,
      country_code: "US",
      city: null,
      state: null,
      street: null,
      zip: null,
      phone: null,
      mobile: null,
      fax: null,
      website: null,
      description: null,
      employee_count: null,
      mc_status: false,
      gapps_enabled: false,
      translation_enabled: false,
      hipaa_compliance_enabled: false,
      lite_users_enabled: false,
      deletable_org_account: false,
      max_per_page: 200,
      type: "production",
      license_details: {
        paid: true,
        paid_type: "enterprise",
        users_license_purchased: env.org.users.length,
        trial_type: null,
        trial_expiry: null,
        paid_expiry: null
      }
    }]
  })
}
