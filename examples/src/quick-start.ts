/**
 * The quick start: the whole effect-zoho stack against the Zoho simulator, in one process, with no
 * Zoho account and no network. It exchanges a grant code (the token lands in a file store), writes
 * CRM leads in batches, streams them back across Zoho's page / page_token boundary, uses Books
 * with its organization id, and prints what the simulator saw.
 *
 * Run it with `npx -y pnpm@10.34.8 demo` from the repository root.
 */
import {
  Endpoint,
  Envelope,
  FileTokenStore,
  Pagination,
  Zoho,
  ZohoCredentials,
  ZohoProducts,
  ZohoRegion,
  ZohoUser
} from "@effect-zoho/core"
import { SimHttpClient, SimSeed, Simulator } from "@effect-zoho/sim"
import { NodeFileSystem, NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Layer, Redacted, Schema, Stream } from "effect"
import * as os from "node:os"
import * as path from "node:path"

// Endpoints are data: product packages declare hundreds like these.
const Lead = Schema.Struct({ id: Schema.String, Last_Name: Schema.String, Company: Schema.NullishOr(Schema.String) })

const insertLeads = Endpoint.make({
  product: ZohoProducts.crm,
  operation: "crm.leads.insert",
  method: "POST",
  path: "/Leads",
  body: Schema.Struct({ data: Schema.Array(Schema.Struct({ Last_Name: Schema.String, Company: Schema.String })) }),
  response: Envelope.CrmWriteResults
})

const listLeads = Endpoint.make({
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
  pagination: Endpoint.crmPageToken
})

const Contact = Schema.Struct({ contact_id: Schema.String, contact_name: Schema.String })

const createContact = Endpoint.make({
  product: ZohoProducts.books,
  operation: "books.contacts.create",
  method: "POST",
  path: "/contacts",
  body: Schema.Struct({ contact_name: Schema.String }),
  response: Envelope.FinanceObject("contact", Contact)
})

const LEADS = 2_500

const program = Effect.gen(function*() {
  const simulator = yield* Simulator.Simulator
  yield* Console.log(`Writing ${LEADS} leads in batches of 100...`)
  const insert = Endpoint.call(insertLeads)
  let written = 0
  for (let batch = 0; batch < LEADS / 100; batch++) {
    const result = yield* insert({
      body: {
        data: Array.from({ length: 100 }, (_, i) => ({ Last_Name: `Lead ${batch * 100 + i + 1}`, Company: "Acme" }))
      }
    })
    const { failed, succeeded } = Envelope.crm.partition(result)
    if (failed.length > 0) yield* Console.log(`  ${failed.length} failed in batch ${batch + 1}`)
    written += succeeded.length
  }
  yield* Console.log(`  ${written} written`)

  yield* Console.log("Streaming every lead back (page numbers to 2,000, then page_token)...")
  const count = yield* Pagination.crm(listLeads, { query: { fields: ["Last_Name", "Company"] } }).pipe(
    Stream.runFold(0, (n) => n + 1)
  )
  yield* Console.log(`  ${count} leads streamed`)

  const contact = yield* Endpoint.call(createContact)({ body: { contact_name: "Acme Corp" } })
  yield* Console.log(`Books contact created: ${contact.contact.contact_name} (${contact.contact.contact_id})`)

  const stats = yield* simulator.stats
  yield* Console.log(
    `Simulator saw ${stats.requests} requests: ${stats.tokenRequests.authorization_code} grant-code exchange, ` +
      `${stats.tokenRequests.refresh_token} refreshes, ${
        stats.rateLimited.minute + stats.rateLimited.concurrency
      } rate-limited`
  )
})

const seed = SimSeed.demo()
const tokenFile = path.join(os.tmpdir(), `effect-zoho-quick-start-${process.pid}`, "tokens.json")

const user = ZohoUser.make({
  credentials: ZohoCredentials.GrantCode({
    clientId: "1000.SIMCLIENT",
    clientSecret: Redacted.make("sim-secret"),
    grantCode: Redacted.make("1000.simgrant"),
    redirectUrl: "http://localhost:8080/callback",
    userName: "admin@sim.example"
  }),
  organizationId: "800001"
})

const SimulatorLive = Simulator.layer(seed)

const ZohoLive = Zoho.layer({ region: ZohoRegion.make("US"), user }).pipe(
  Layer.provide(SimHttpClient.layer),
  Layer.provide(FileTokenStore.layer({ path: tokenFile })),
  Layer.provide(NodeFileSystem.layer)
)

program.pipe(
  Effect.tap(() => Console.log(`Token saved in ${tokenFile}`)),
  Effect.provide(Layer.provideMerge(ZohoLive, SimulatorLive)),
  NodeRuntime.runMain
)
