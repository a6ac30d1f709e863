import { Endpoint, Envelope, Pagination, ZohoUser } from "@effect-zoho/core"
import { Simulator } from "@effect-zoho/sim"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { createContact, insertLeads, listContacts, listLeads } from "../support/Endpoints.js"
import { refreshUser, stack } from "../support/Stack.js"

const insert = Endpoint.call(insertLeads)
const createBooksContact = Endpoint.call(createContact)

describe("the whole stack against the simulator", () => {
  it.effect("CRM: inserts leads and streams them back through page and page_token", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack()
      yield* Effect.gen(function*() {
        // 2,300 leads: more than the 2,000 that page numbers reach, so the stream must switch.
        for (let batch = 0; batch < 23; batch++) {
          const result = yield* insert({
            body: {
              data: Array.from({ length: 100 }, (_, i) => ({
                Last_Name: `Lead ${batch * 100 + i}`,
                Company: "Acme",
                Email: `lead${batch * 100 + i}@acme.example`
              }))
            }
          })
          const { failed, succeeded } = Envelope.crm.partition(result)
          assert.strictEqual(failed.length, 0)
          assert.strictEqual(succeeded.length, 100)
        }
        const ids = yield* Pagination.crm(listLeads, { query: { fields: ["Last_Name", "Email"] } }).pipe(
          Stream.runFold(new Set<string>(), (set, lead) => set.add(lead.id))
        )
        assert.strictEqual(ids.size, 2300)
        const simulator = yield* Simulator.Simulator
        const log = yield* simulator.log
        const listCalls = log.filter((e) => e.method === "GET" && e.path === "/crm/v8/Leads")
        // 10 pages of 200 by number, then 2 by page_token (300 left).
        assert.strictEqual(listCalls.length, 12)
      }).pipe(Effect.provide(layer))
    }), 60_000)

  it.effect("CRM: a partly failing insert reports each failure with its index", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack()
      const result = yield* insert({
        body: { data: [{ Last_Name: "Ok", Email: "a@x.example" }, { Company: "no last name" }] }
      }).pipe(Effect.provide(layer))
      const { failed, succeeded } = Envelope.crm.partition(result)
      assert.strictEqual(succeeded.length, 1)
      assert.strictEqual(failed.length, 1)
      assert.strictEqual(failed[0].index, 1)
      assert.strictEqual(failed[0].result.code, "MANDATORY_NOT_FOUND")
    }))

  it.effect("Books: creates contacts and pages through page_context with the org id as a query parameter", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack()
      yield* Effect.gen(function*() {
        for (let i = 0; i < 25; i++) {
          const created = yield* createBooksContact({ body: { contact_name: `Customer ${i}` } })
          assert.strictEqual(created.contact.contact_name, `Customer ${i}`)
        }
        const names = yield* Pagination.finance(listContacts, {}, { perPage: 10 }).pipe(
          Stream.map((c) => c.contact_name),
          Stream.runCollect
        )
        assert.strictEqual(Chunk.size(names), 25)
        const simulator = yield* Simulator.Simulator
        const pages = (yield* simulator.log).filter((e) => e.method === "GET" && e.path === "/books/v3/contacts")
        assert.strictEqual(pages.length, 3)
      }).pipe(Effect.provide(layer))
    }))

  it.effect("Books: a missing org id fails before the network; another org's id is Zoho's typed error", () =>
    Effect.gen(function*() {
      const { layer, simulator } = yield* stack()
      const noOrg = ZohoUser.make({ ...refreshUser, key: "no-org", organizationId: undefined })
      const missing = yield* Effect.flip(ZohoUser.as(createBooksContact({ body: { contact_name: "x" } }), noOrg))
        .pipe(Effect.provide(layer))
      assert.strictEqual(missing._tag, "ZohoConfigError")
      assert.strictEqual((yield* simulator.stats).byProduct["books"] ?? 0, 0)

      const otherOrg = ZohoUser.make({ ...refreshUser, key: "other-org", organizationId: "999999" })
      const refused = yield* Effect.flip(ZohoUser.as(createBooksContact({ body: { contact_name: "x" } }), otherOrg))
        .pipe(Effect.provide(layer))
      assert.strictEqual(refused._tag, "ZohoApiError")
      if (refused._tag === "ZohoApiError") {
        assert.strictEqual(refused.product, "books")
        assert.strictEqual(typeof refused.code, "number")
      }
    }))
})
