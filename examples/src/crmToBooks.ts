/**
 * CRM closed-won deals become Books invoices: one program, one token with both products' scopes.
 *
 * For every deal whose Stage is "Closed Won" (a COQL query), it finds the Books customer (by the
 * deal contact's email, then by the account's name) or creates it, creates an invoice for the
 * deal's amount, marks it sent, and writes the invoice number back to the deal. Run it again and
 * it creates nothing: a deal that carries an invoice number is skipped, and an invoice whose
 * `reference_number` is the deal's id is found again (so a run that stopped between creating the
 * invoice and writing back does not invoice twice).
 *
 * By default it runs against the Zoho simulator in this process, with a few won deals to invoice.
 * With `ZOHO_CLIENT_ID` (or `ZOHO_ACCESS_TOKEN`) set, in the environment or `.env`, it runs
 * against your Zoho org: `ZOHO_ORG_ID` is the Books organization, and the token needs `scopes`
 * below. `CRM_TO_BOOKS_FIELD` names the deal field the invoice number goes to (default
 * `Description`, where it is appended; a custom text field such as `Books_Invoice` is cleaner).
 *
 * Run it with `npx -y pnpm@10.34.8 --filter @effect-zoho/examples build && node examples/dist/crmToBooks.js`
 * (docs/crm-to-books.md).
 */
import * as Books from "@effect-zoho/books/Books"
import * as BooksScopes from "@effect-zoho/books/generated/Scopes"
import { MemoryTokenStore, Zoho, ZohoConfig, ZohoCredentials, ZohoRegion, ZohoUser } from "@effect-zoho/core"
import type { ZohoClient } from "@effect-zoho/core/ZohoClient"
import type { ZohoError } from "@effect-zoho/core/ZohoError"
import { Crm } from "@effect-zoho/crm"
import type { CrmPickListError, CrmWriteError } from "@effect-zoho/crm/CrmError"
import { ZohoNode } from "@effect-zoho/node"
import { SimHttpClient, SimSeed, Simulator } from "@effect-zoho/sim"
import { NodeFileSystem } from "@effect/platform-node"
import { Chunk, Config, Console, Effect, Layer, Option, Redacted, Schema, Stream } from "effect"

/** The Books operations the program calls: their scopes are what the token needs in Books. */
const booksOperations = [
  "books.items.listItems",
  "books.items.createItem",
  "books.contacts.listContacts",
  "books.contacts.createContact",
  "books.invoices.listInvoices",
  "books.invoices.createInvoice",
  "books.invoices.markInvoiceSent"
]

/**
 * Every scope the program needs, CRM and Books, for one token: read and update deals (and read
 * their accounts and contacts through COQL), and the Books scopes of the operations above.
 */
export const scopes: ReadonlyArray<string> = [
  "ZohoCRM.modules.deals.ALL",
  "ZohoCRM.modules.accounts.READ",
  "ZohoCRM.modules.contacts.READ",
  "ZohoCRM.coql.READ",
  ...new Set(booksOperations.flatMap((op) => BooksScopes.byOperation.get(op) ?? []))
]

/** A won deal as COQL returns it: lookups' fields under dotted names. */
const WonDeal = Schema.Struct({
  id: Schema.String,
  Deal_Name: Schema.String,
  Amount: Schema.optional(Schema.NullOr(Schema.Number)),
  "Account_Name.Account_Name": Schema.optional(Schema.NullOr(Schema.String)),
  "Contact_Name.Email": Schema.optional(Schema.NullOr(Schema.String)),
  "Contact_Name.First_Name": Schema.optional(Schema.NullOr(Schema.String)),
  "Contact_Name.Last_Name": Schema.optional(Schema.NullOr(Schema.String))
})
type WonDeal = typeof WonDeal.Type

const Deals = Crm.records("Deals", Schema.Struct({ Deal_Name: Schema.String }))

/**
 * The won deals and what `field` of each holds (the invoice numbers a run wrote back).
 *
 * @since 0.1.0
 */
export const writtenBack = (
  field = "Description"
): Effect.Effect<
  ReadonlyArray<{ readonly id: string; readonly invoiceNumber: string | undefined }>,
  ZohoError,
  ZohoClient
> =>
  Effect.map(
    Stream.runCollect(Crm.coql(`select id, ${field} from Deals where Stage = 'Closed Won'`)),
    (rows) => Chunk.toReadonlyArray(rows).map((row) => ({ id: String(row.id), invoiceNumber: invoiceIn(row[field]) }))
  )

/** What the written-back text says, and how a rerun recognises it. */
const marker = (invoiceNumber: string) => `Books invoice: ${invoiceNumber}`
const invoiceIn = (text: unknown): string | undefined =>
  typeof text === "string" ? /Books invoice: (\S+)/.exec(text)?.[1] : undefined

/** A field of a record read without its type (list items are read this way). */
const prop = (record: unknown, key: string): string | undefined => {
  const value = typeof record === "object" && record !== null ? (record as Record<string, unknown>)[key] : undefined
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined
}

const first = <A, E, R>(stream: Stream.Stream<A, E, R>) => Effect.map(Stream.runHead(stream), Option.getOrUndefined)

/** @since 0.1.0 */
export interface Options {
  /** The deal field the invoice number is written to; default `CRM_TO_BOOKS_FIELD` or `Description`. */
  readonly field?: string | undefined
  /** The Books item every invoice line uses (Books' file requires an item on a line); default "CRM deal". */
  readonly itemName?: string | undefined
  /** Where progress lines go; default the console. */
  readonly log?: ((line: string) => Effect.Effect<void>) | undefined
}

/** What one run did. @since 0.1.0 */
export interface Summary {
  readonly wonDeals: number
  readonly invoicesCreated: number
  /** Deals that already carried an invoice number. */
  readonly alreadyInvoiced: number
  /** Deals whose invoice existed (found by reference) but had not been written back yet. */
  readonly resumed: number
  /** Won deals without an amount: nothing to invoice. */
  readonly withoutAmount: number
  readonly contactsCreated: number
  readonly invoices: ReadonlyArray<{ readonly deal: string; readonly invoiceNumber: string }>
}

/**
 * One pass over the won deals. Deals are handled one at a time, so two deals of one new customer
 * create it once.
 *
 * @since 0.1.0
 */
export const sync = (
  options: Options = {}
): Effect.Effect<Summary, ZohoError | CrmPickListError | CrmWriteError, ZohoClient> =>
  Effect.gen(function*() {
    const log = options.log ?? Console.log
    const field = options.field ?? "Description"
    const itemName = options.itemName ?? "CRM deal"

    const item = (yield* first(Books.items.list({ name: itemName }))) ??
      (yield* Books.items.create({ name: itemName, rate: 0 }))
    const itemId = prop(item, "item_id") ?? ""

    const deals = Chunk.toReadonlyArray(
      yield* Stream.runCollect(
        Crm.coql(
          `select id, Deal_Name, Amount, ${field}, Account_Name.Account_Name, Contact_Name.Email, ` +
            "Contact_Name.First_Name, Contact_Name.Last_Name from Deals where Stage = 'Closed Won'",
          { schema: Schema.extend(WonDeal, Schema.Record({ key: Schema.String, value: Schema.Unknown })) }
        )
      )
    )

    let contactsCreated = 0
    const customerFor = (deal: WonDeal) =>
      Effect.gen(function*() {
        const email = deal["Contact_Name.Email"] ?? undefined
        const name = deal["Account_Name.Account_Name"] ?? deal.Deal_Name
        const found = (email ? yield* first(Books.contacts.list({ email })) : undefined) ??
          (yield* first(Books.contacts.list({ contact_name: name })))
        if (found !== undefined) return prop(found, "contact_id") ?? ""
        const created = yield* Books.contacts.create({
          contact_name: name,
          company_name: name,
          ...(email
            ? {
              contact_persons: [{
                email,
                first_name: deal["Contact_Name.First_Name"] ?? undefined,
                last_name: deal["Contact_Name.Last_Name"] ?? undefined,
                is_primary_contact: true
              }]
            }
            : {})
        })
        contactsCreated++
        return created.contact_id ?? ""
      })

    let invoicesCreated = 0
    let alreadyInvoiced = 0
    let resumed = 0
    let withoutAmount = 0
    const invoices: Array<{ deal: string; invoiceNumber: string }> = []
    for (const deal of deals) {
      const written = invoiceIn((deal as Record<string, unknown>)[field])
      if (written !== undefined) {
        alreadyInvoiced++
        continue
      }
      const amount = deal.Amount ?? 0
      if (amount <= 0) {
        withoutAmount++
        yield* log(`  ${deal.Deal_Name}: no amount, not invoiced`)
        continue
      }
      // An invoice for this deal may exist from a run that stopped before writing back.
      const existing = yield* first(Books.invoices.list({ reference_number: deal.id }))
      let invoiceId: string
      let invoiceNumber: string
      let status: string
      if (existing !== undefined) {
        resumed++
        invoiceId = prop(existing, "invoice_id") ?? ""
        invoiceNumber = prop(existing, "invoice_number") ?? ""
        status = prop(existing, "status") ?? ""
      } else {
        const invoice = yield* Books.invoices.create({
          customer_id: yield* customerFor(deal),
          reference_number: deal.id,
          line_items: [{ item_id: itemId, description: deal.Deal_Name, rate: amount, quantity: 1 }]
        })
        invoicesCreated++
        invoiceId = invoice.invoice_id ?? ""
        invoiceNumber = invoice.invoice_number ?? ""
        status = invoice.status ?? "draft"
      }
      if (status === "draft") yield* Books.invoices.markSent(invoiceId)
      const before = (deal as Record<string, unknown>)[field]
      const text = typeof before === "string" && before !== ""
        ? `${before}\n${marker(invoiceNumber)}`
        : marker(invoiceNumber)
      yield* Deals.updateAll([{ id: deal.id, [field]: text }])
      invoices.push({ deal: deal.Deal_Name, invoiceNumber })
      yield* log(
        `  ${deal.Deal_Name} (${amount}) → ${invoiceNumber}, sent${existing !== undefined ? " (resumed)" : ""}`
      )
    }
    return {
      wonDeals: deals.length,
      invoicesCreated,
      alreadyInvoiced,
      resumed,
      withoutAmount,
      contactsCreated,
      invoices
    }
  })

// ---------------------------------------------------------------------------------------------
// The simulator target

/** The simulator's Books organization id. */
export const SIM_ORG = "800001"

const account = (i: number) => `5725767000000${String(100 + i).padStart(6, "0")}`
const contact = (i: number) => `5725767000000${String(200 + i).padStart(6, "0")}`
const companies = ["Analytical Engines", "Difference Works", "Jacquard Looms"]

/**
 * A CRM with `won` closed-won deals over three accounts (so customers repeat), one won deal with
 * no amount and two open deals.
 */
export const simulatorSeed = (won = 5): SimSeed.SimSeed =>
  SimSeed.demo({
    crmRecords: {
      org1: {
        Accounts: companies.map((name, i) => ({ id: account(i), Account_Name: name })),
        Contacts: companies.map((name, i) => ({
          id: contact(i),
          First_Name: "Ada",
          Last_Name: `Buyer ${i + 1}`,
          Email: `buyer${i + 1}@${name.split(" ")[0]!.toLowerCase()}.example`,
          Account_Name: { id: account(i), name }
        })),
        Deals: [
          ...Array.from({ length: won }, (_, i) => ({
            Deal_Name: `${companies[i % 3]} renewal ${i + 1}`,
            Stage: "Closed Won",
            Amount: 1000 * (i + 1),
            Account_Name: { id: account(i % 3), name: companies[i % 3] },
            Contact_Name: { id: contact(i % 3), name: `Ada Buyer ${(i % 3) + 1}` }
          })),
          { Deal_Name: "Pro bono pilot", Stage: "Closed Won" },
          { Deal_Name: "Maybe next year", Stage: "Negotiation/Review", Amount: 5000 },
          { Deal_Name: "Lost to a spreadsheet", Stage: "Closed Lost", Amount: 800 }
        ]
      }
    }
  })

/**
 * The simulator with its CRM seeded, and the client stack signed in with a grant code carrying
 * exactly `scopes`: if the program needed another scope, the simulator would refuse the call.
 */
export const simulatorStack = (won = 5) =>
  Effect.gen(function*() {
    const simulator = yield* Simulator.make(simulatorSeed(won))
    const code = yield* simulator.createGrantCode({
      clientId: "1000.SIMCLIENT",
      userId: "50001",
      scopes,
      redirectUri: "http://localhost:8080/callback",
      offline: true
    })
    const user = ZohoUser.make({
      credentials: ZohoCredentials.GrantCode({
        clientId: "1000.SIMCLIENT",
        clientSecret: Redacted.make("sim-secret"),
        grantCode: Redacted.make(code),
        redirectUrl: "http://localhost:8080/callback"
      }),
      organizationId: SIM_ORG
    })
    const layer = Zoho.layer({ region: ZohoRegion.make("US"), user }).pipe(
      Layer.provide(SimHttpClient.layerFrom(simulator)),
      Layer.provide(MemoryTokenStore.layer)
    )
    return { simulator, layer }
  })

// ---------------------------------------------------------------------------------------------
// The program

const printSummary = (s: Summary) =>
  Console.log(
    `${s.wonDeals} won deals: ${s.invoicesCreated} invoices created (${s.contactsCreated} new customers), ` +
      `${s.alreadyInvoiced} already invoiced, ${s.resumed} resumed, ${s.withoutAmount} without an amount`
  )

/** Against Zoho when credentials are configured, else twice against the simulator. */
export const main = Effect.gen(function*() {
  const dotEnv = ZohoConfig.layerDotEnv(".env").pipe(Layer.provide(NodeFileSystem.layer))
  const configured = yield* Effect.provide(
    Effect.map(
      Config.all([
        Config.option(Config.nonEmptyString("ZOHO_CLIENT_ID")),
        Config.option(Config.nonEmptyString("ZOHO_ACCESS_TOKEN")),
        Config.string("CRM_TO_BOOKS_FIELD").pipe(Config.withDefault("Description"))
      ]),
      ([client, token, field]) => ({ real: Option.isSome(client) || Option.isSome(token), field })
    ),
    dotEnv
  )
  if (configured.real) {
    yield* Console.log(`CRM → Books against Zoho (deal field: ${configured.field}); scopes: ${scopes.join(",")}`)
    const summary = yield* sync({ field: configured.field }).pipe(Effect.provide(ZohoNode.layerConfig()))
    yield* printSummary(summary)
    return
  }
  yield* Console.log("CRM → Books against the Zoho simulator (set ZOHO_CLIENT_ID to use your org)")
  yield* Console.log(`One token, scopes: ${scopes.join(",")}`)
  const { layer } = yield* simulatorStack()
  yield* Effect.gen(function*() {
    yield* Console.log("First run:")
    yield* printSummary(yield* sync())
    yield* Console.log("Second run (nothing left to do):")
    yield* printSummary(yield* sync())
  }).pipe(Effect.provide(layer))
})

if (import.meta.url === `file://${process.argv[1]}`) {
  Effect.runPromise(main).then(
    () => undefined,
    (error: unknown) => {
      console.error(error)
      process.exitCode = 1
    }
  )
}
