import * as Endpoint from "@effect-zoho/core/Endpoint"
import { ZohoDecodeError } from "@effect-zoho/core/ZohoError"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import type * as ZohoTransfer from "@effect-zoho/core/ZohoTransfer"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import * as CrmScopes from "../../src/CrmScopes.js"
import * as Generated from "../../src/generated/index.js"

const here = path.dirname(fileURLToPath(import.meta.url))
// Payloads with every field Zoho's OAS marks required, for the resources with large shapes.
const fixtures: Record<string, unknown> = JSON.parse(fs.readFileSync(path.join(here, "fixtures.json"), "utf8"))

const respond = (endpoint: Endpoint.Endpoint, body: unknown, status = 200) =>
  Endpoint.decodeResponse(
    endpoint,
    HttpClientResponse.fromWeb(
      HttpClientRequest.get("https://www.zohoapis.com/crm/v8/x"),
      new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })
    )
  )

/** Adds an unknown field at the top and in the first item of the first list, to check it survives. */
const withExtras = (body: unknown): unknown => {
  const copy = structuredClone(body) as Record<string, unknown>
  copy.x_top_extra = "kept"
  const list = Object.values(copy).find((v): v is Array<Record<string, unknown>> =>
    Array.isArray(v) && typeof v[0] === "object" && v[0] !== null
  )
  if (list !== undefined) list[0]!.x_item_extra = { nested: [1, 2] }
  return copy
}

const handWritten: Record<string, { readonly endpoint: Endpoint.Endpoint; readonly body: unknown }> = {
  "records list": {
    endpoint: Generated.Record.getRecords,
    body: {
      data: [{
        id: "4150868000000224005",
        Last_Name: "Lovelace",
        Email: "ada@example.com",
        Owner: { id: "4150868000000225013", name: "Admin" },
        Created_Time: "2025-01-02T10:00:00+05:30",
        // Zoho's OAS marks every tag field required, inside records too.
        Tag: [{
          id: "4150868000000230001",
          name: "vip",
          color_code: "#57B1FD",
          created_by: { id: "4150868000000225013", name: "Admin" },
          modified_by: { id: "4150868000000225013", name: "Admin" },
          created_time: "2025-01-02T10:00:00+05:30",
          modified_time: "2025-01-02T10:00:00+05:30"
        }]
      }],
      info: { per_page: 200, count: 1, page: 1, more_records: false, next_page_token: "c8582xx9e7c5" }
    }
  },
  "records insert": {
    endpoint: Generated.Record.createRecords,
    body: {
      data: [
        {
          code: "SUCCESS",
          details: { id: "4150868000000224005", Created_Time: "2025-01-02T10:00:00+05:30" },
          message: "record added",
          status: "success"
        },
        {
          code: "MANDATORY_NOT_FOUND",
          details: { api_name: "Last_Name" },
          message: "required field not found",
          status: "error"
        }
      ]
    }
  },
  "coql response": {
    endpoint: Generated.Coql.getRecords,
    body: { data: [{ Last_Name: "Lovelace", id: "4150868000000224005" }], info: { count: 1, more_records: false } }
  },
  "mass update status": {
    endpoint: Generated.Record.getMassUpdateStatus,
    body: { data: [{ Status: "COMPLETED", Total_Count: 3, Updated_Count: 3, Not_Updated_Count: 0, Failed_Count: 0 }] }
  },
  "variables": {
    endpoint: Generated.Variables.getVariables,
    body: {
      variables: [{
        api_name: "Support_Email",
        name: "Support Email",
        id: "4150868000000231001",
        type: "email",
        description: null,
        read_only: false,
        source: "crm",
        // The OAS types `value` as an object (or null).
        value: null,
        variable_group: { api_name: "General", id: "4150868000000231002", name: "General" }
      }]
    }
  },
  "users": {
    endpoint: Generated.Users.getUsers,
    body: {
      users: [{ id: "4150868000000225013", full_name: "Ada Admin", email: "admin@example.com", status: "active" }],
      info: { per_page: 200, count: 1, page: 1, more_records: false }
    }
  },
  "roles": {
    endpoint: Generated.Roles.getRoles,
    body: { roles: [{ name: "CEO", id: "4150868000000026005", display_label: "CEO", admin_user: true }] }
  },
  "tags": {
    endpoint: Generated.Tags.getTags,
    body: {
      tags: [{
        id: "4150868000000230001",
        name: "vip",
        color_code: "#57B1FD",
        created_by: { id: "4150868000000225013", name: "Admin" },
        modified_by: { id: "4150868000000225013", name: "Admin" },
        created_time: "2025-01-02T10:00:00+05:30",
        modified_time: "2025-01-02T10:00:00+05:30"
      }],
      info: { count: 1, allowed_count: 100 }
    }
  }
}

const fromFixtures: Record<string, Endpoint.Endpoint> = {
  "Notes.getNotes": Generated.Notes.getNotes,
  "Org.getOrganization": Generated.Org.getOrganization,
  "Modules.getModules": Generated.Modules.getModules,
  "Fields.getFields": Generated.Fields.getFields,
  "Layouts.getLayouts": Generated.Layouts.getLayouts,
  "Profiles.getProfiles": Generated.Profiles.getProfiles,
  "Territories.getTerritories": Generated.Territories.getTerritories,
  "CustomViews.getCustomViews": Generated.CustomViews.getCustomViews,
  "RelatedLists.getRelatedLists": Generated.RelatedLists.getRelatedLists,
  "Currencies.getCurrencies": Generated.Currencies.getCurrencies,
  "Attachments.getAttachments": Generated.Attachments.getAttachments,
  "BulkRead.getBulkReadJobDetails": Generated.BulkRead.getBulkReadJobDetails,
  "BulkRead.createBulkReadJob": Generated.BulkRead.createBulkReadJob,
  "Blueprint.getBluePrint": Generated.Blueprint.getBluePrint,
  "RecycleBin.getRecycleBinRecords": Generated.RecycleBin.getRecycleBinRecords
}

const cases: ReadonlyArray<readonly [string, Endpoint.Endpoint, unknown]> = [
  ...Object.entries(handWritten).map(([name, c]) => [name, c.endpoint, c.body] as const),
  ...Object.entries(fromFixtures).map(([name, endpoint]) => [name, endpoint, fixtures[name]] as const)
]

describe("generated CRM endpoints", () => {
  it("declare 422 operations across 102 modules (plus the shared components)", () => {
    const modules = Object.keys(Generated).filter((m) => m !== "Shared")
    assert.strictEqual(modules.length, 102)
    const declarations = Object.keys(Generated).sort().flatMap((module) =>
      Object.values((Generated as Record<string, Record<string, unknown>>)[module]!)
    )
    const endpoints = declarations.filter((u): u is Endpoint.Endpoint =>
      typeof u === "object" && u !== null && Endpoint.TypeId in u
    )
    // a download from a URL Zoho hands out is a link (checked against Zoho's hosts), not an endpoint
    const links = declarations.filter((u): u is ZohoTransfer.LinkDownload =>
      typeof u === "object" && u !== null && !(Endpoint.TypeId in u) && "pathTemplate" in u
    )
    assert.deepStrictEqual(links.map((l) => l.operation), [
      "crm.audit_log_export.downloadExportAuditLogResult",
      "crm.backup.downloadBackedUpData",
      "crm.bulk_write.downloadBulkWriteResult"
    ])
    assert.strictEqual(endpoints.length, 419)
    // no endpoint takes a URL as a path parameter
    assert.isTrue(endpoints.every((e) => !/\{[a-z_]*url\}/.test(e.path)))
    const all = [...endpoints, ...links.map((l) => ({ ...l, scopes: l.scopes ?? [] }))]
    const operations = new Set(all.map((e) => e.operation))
    assert.strictEqual(operations.size, 422, "operation names are unique")
    assert.isTrue(
      all.every((e) => /^crm\.[a-z0-9_]+\.[A-Za-z0-9_]+$/.test(e.operation)),
      "<product>.<resource>.<operationId>"
    )
    assert.isTrue(all.every((e) => e.product === ZohoProducts.crm))
    assert.isTrue(all.every((e) => e.scopes.every((s) => /^\S+$/.test(s))))
    assert.isAtLeast(all.filter((e) => e.scopes.length > 0).length, 400)
    // the scope table (what CrmScopes reads) says the same as the declarations
    assert.strictEqual(CrmScopes.byOperation.size, 422)
    for (const e of all) assert.deepStrictEqual(CrmScopes.byOperation.get(e.operation), e.scopes)
  })

  it("carry paths, hosts and pagination from the spec", () => {
    const records = Generated.Record.getRecords
    assert.strictEqual(records.path, "/{module_api_name}")
    assert.deepStrictEqual(records.pagination, Endpoint.crmPageToken)
    assert.isTrue(records.notModified)
    assert.strictEqual(Generated.BulkRead.createBulkReadJob.basePath, "/crm/bulk/v8")
    assert.strictEqual(Generated.BulkRead.createBulkReadJob.path, "/read")
    assert.strictEqual(Generated.BulkWrite.uploadFile.host, "upload")
    assert.isTrue(Generated.Coql.getRecords.idempotent)
    assert.isFalse(Generated.Record.createRecords.idempotent)
  })

  it("lists the scopes a program needs", () => {
    const scopes = CrmScopes.requiredScopes([
      Generated.Record.getRecords,
      Generated.Record.createRecords,
      Generated.Org.getOrganization
    ])
    assert.deepStrictEqual(scopes, ["ZohoCRM.modules.ALL", "ZohoCRM.org.all"])
    assert.deepStrictEqual(CrmScopes.byOperation.get("crm.org.getOrganization"), ["ZohoCRM.org.all"])
    assert.deepStrictEqual(
      CrmScopes.forOperations(["crm.record.getRecords", "crm.org.getOrganization", "nope"]),
      ["ZohoCRM.modules.ALL", "ZohoCRM.org.all"]
    )
  })

  it("cover at least 20 resources with payloads", () => {
    assert.isAtLeast(cases.length, 20)
    assert.isTrue(cases.every(([, , body]) => body !== undefined))
  })

  for (const [name, endpoint, body] of cases) {
    it.effect(`decodes ${name} and keeps unknown fields`, () =>
      Effect.gen(function*() {
        const decoded = (yield* respond(endpoint, withExtras(body))) as Record<string, unknown>
        assert.strictEqual(decoded.x_top_extra, "kept")
        const list = Object.values(decoded).find((v): v is Array<Record<string, unknown>> =>
          Array.isArray(v) && typeof v[0] === "object" && v[0] !== null
        )
        if (list !== undefined) assert.deepStrictEqual(list[0]!.x_item_extra, { nested: [1, 2] })
      }))
  }

  it.effect("rejects a payload of the wrong type, accepts one missing fields the spec calls required", () =>
    Effect.gen(function*() {
      const bad = structuredClone(handWritten.tags!.body) as { tags: Array<Record<string, unknown>> }
      bad.tags[0]!.name = 42
      const result = yield* Effect.either(respond(Generated.Tags.getTags, bad))
      assert.isTrue(Either.isLeft(result) && result.left instanceof ZohoDecodeError)
      // Fields Zoho's files mark required but real responses omit are accepted (lenient decoding).
      const sparse = yield* Effect.either(respond(Generated.Roles.getRoles, { roles: [{ id: "1" }] }))
      assert.isTrue(Either.isRight(sparse))
    }))
})
