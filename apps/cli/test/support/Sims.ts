/**
 * The simulators the end-to-end suite talks to, served on loopback ports in the test process
 * (`ZohoSimServer`, what `zoho-sim` runs): `main` with a client whose redirect is the CLI's
 * loopback callback, 2,300 leads and 5,000 Books invoices; `elsewhere`, a second accounts server
 * that does not know the client (what Zoho's other data centers answer: `invalid_client`).
 */
import { SimSeed, type Simulator } from "@effect-zoho/sim"
import { ZohoSimServer } from "@effect-zoho/zoho-sim"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { randomBytes } from "node:crypto"
import * as net from "node:net"

export const CLIENT_ID = "1000.E2ECLIENT"
/** Random per run, so the secret check cannot pass by accident. */
export const CLIENT_SECRET = `e2e-${randomBytes(12).toString("hex")}`
export const USER_ID = "50001"
export const ORG_ID = "800001"
export const LEADS = 2300
export const INVOICES = 5000

export const crmScopes = ["ZohoCRM.modules.ALL", "ZohoCRM.settings.ALL", "ZohoCRM.users.READ", "ZohoCRM.org.READ"]
export const allScopes = [...crmScopes, "ZohoBooks.fullaccess.all"]

/** A port nothing listens on right now. */
export const freePort: Effect.Effect<number> = Effect.async((resume) => {
  const server = net.createServer()
  server.listen(0, "127.0.0.1", () => {
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    server.close(() => resume(Effect.succeed(port)))
  })
})

const seed = (callbackPort: number, withClient: boolean) =>
  SimSeed.decodeSync({
    clients: withClient
      ? [{
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        redirectUris: [`http://127.0.0.1:${callbackPort}/callback`],
        type: "self"
      }]
      : [],
    users: [{ id: USER_ID, email: "admin@e2e.example", name: "E2E Admin", orgId: "org1" }],
    orgs: [{ id: "org1", name: "E2E Org", zgid: "700001", financeOrganizationId: ORG_ID }],
    crmRecords: {
      org1: {
        Leads: Array.from({ length: LEADS }, (_, i) => ({ Last_Name: `Lead ${i + 1}`, Email: `l${i + 1}@e2e.example` }))
      }
    },
    financeRecords: {
      org1: {
        books: {
          invoices: Array.from({ length: INVOICES }, (_, i) => ({
            invoice_number: `INV-${String(i + 1).padStart(6, "0")}`,
            customer_name: `Customer, "${i % 7}"`,
            total: i + 1,
            status: "sent"
          }))
        }
      }
    }
  })

export interface Service {
  readonly url: string
  readonly simulator: Simulator.Service
  /** Another data center's accounts server: it has never heard of the client. */
  readonly elsewhere: string
  readonly callbackPort: number
}

export class Sims extends Context.Tag("e2e/Sims")<Sims, Service>() {}

export const layer = Layer.scoped(
  Sims,
  Effect.gen(function*() {
    const callbackPort = yield* freePort
    const main = yield* ZohoSimServer.make({ port: 0, host: "127.0.0.1", seed: seed(callbackPort, true) })
    const other = yield* ZohoSimServer.make({ port: 0, host: "127.0.0.1", seed: seed(callbackPort, false) })
    return { url: main.url, simulator: main.simulator, elsewhere: other.url, callbackPort }
  }).pipe(Effect.orDie)
)
