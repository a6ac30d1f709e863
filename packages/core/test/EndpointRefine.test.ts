import * as Endpoint from "@effect-zoho/core/Endpoint"
import * as Envelope from "@effect-zoho/core/Envelope"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"

// A declaration as the generator writes it: Zoho's names, loose types, the broad scope.
const generated = Endpoint.make({
  product: ZohoProducts.crm,
  operation: "crm.record.getRecords",
  method: "GET",
  path: "/{module_api_name}",
  pathParams: Schema.Struct({ module_api_name: Schema.String }),
  query: Schema.Struct({ fields: Schema.optional(Schema.String) }),
  response: Schema.Unknown,
  idempotent: true,
  scopes: ["ZohoCRM.modules.ALL"],
  docs: "https://example.com/record.json"
})

const Lead = Schema.Struct({ id: Schema.String, Last_Name: Schema.String })

const listLeads = Endpoint.refine(generated, {
  pathNames: { module_api_name: "module" },
  pathParams: Schema.Struct({ module: Schema.String }),
  query: Schema.Struct({ fields: Schema.Array(Schema.String) }),
  response: Envelope.CrmList(Lead),
  pagination: Endpoint.crmPageToken,
  scopes: ["ZohoCRM.modules.leads.READ"]
})

describe("Endpoint.refine", () => {
  it("keeps the generated operation, method and path; takes the overrides", () => {
    assert.strictEqual(listLeads.operation, "crm.record.getRecords")
    assert.strictEqual(listLeads.method, "GET")
    assert.strictEqual(listLeads.path, "/{module}")
    assert.deepStrictEqual(listLeads.scopes, ["ZohoCRM.modules.leads.READ"])
    assert.deepStrictEqual(listLeads.pagination, Endpoint.crmPageToken)
    assert.isTrue(listLeads.idempotent)
    assert.strictEqual(listLeads.docs, "https://example.com/record.json")
    // the generated declaration is left as it was
    assert.strictEqual(generated.path, "/{module_api_name}")
    assert.deepStrictEqual(generated.scopes, ["ZohoCRM.modules.ALL"])
  })

  it.effect("sends with the refined Schemas and decodes with the user's record Schema", () =>
    Effect.gen(function*() {
      const request = yield* Endpoint.toRequest(listLeads, {
        path: { module: "Leads" },
        query: { fields: ["Last_Name"] }
      })
      assert.strictEqual(request.path, "/Leads")
      assert.strictEqual(request.pathTemplate, "/{module}")
      assert.strictEqual(request.operation, "crm.record.getRecords")
      assert.deepStrictEqual(request.urlParams, { fields: ["Last_Name"] })
      const page = yield* Endpoint.decodeResponse(
        listLeads,
        HttpClientResponse.fromWeb(
          HttpClientRequest.get("https://www.zohoapis.com/crm/v8/Leads"),
          new Response(JSON.stringify({ data: [{ id: "1", Last_Name: "Lovelace" }], info: { more_records: false } }), {
            status: 200,
            headers: { "content-type": "application/json" }
          })
        )
      )
      assert.strictEqual(page.data[0]?.Last_Name, "Lovelace")
    }))
})
