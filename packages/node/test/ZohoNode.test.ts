import { Endpoint, Envelope } from "@effect-zoho/core"
import { ZohoNode } from "@effect-zoho/node"
import { SimSeed } from "@effect-zoho/sim"
import { ZohoSimServer } from "@effect-zoho/zoho-sim"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"

const Contact = Schema.Struct({ contact_id: Schema.String, contact_name: Schema.String })
const createContact = Endpoint.make({
  product: "books",
  operation: "books.contacts.create",
  method: "POST",
  path: "/contacts",
  body: Schema.Struct({ contact_name: Schema.String }),
  response: Envelope.FinanceObject("contact", Contact)
})

describe("ZohoNode.layerConfig", () => {
  it.scoped("runs a program from a .env file: credentials, org id, token file, over Node's HTTP client", () =>
    Effect.gen(function*() {
      const sim = yield* ZohoSimServer.make({ port: 0, host: "127.0.0.1", seed: SimSeed.demo() })
      const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-zoho-node-"))
      yield* Effect.addFinalizer(() => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true })))
      const tokenFile = Path.join(dir, "tokens.json")
      const envFile = Path.join(dir, ".env")
      Fs.writeFileSync(
        envFile,
        [
          "# the simulator stands in for Zoho",
          "ZOHO_CLIENT_ID=1000.SIMCLIENT",
          "ZOHO_CLIENT_SECRET=sim-secret",
          "ZOHO_REFRESH_TOKEN=1000.simrefresh",
          `ZOHO_ACCOUNTS_URL=${sim.url}`,
          `ZOHO_API_URL=${sim.url}`,
          "ZOHO_ORG_ID=800001",
          `ZOHO_TOKEN_FILE=${tokenFile}`
        ].join("\n")
      )
      const live = ZohoNode.layerConfig({ dotEnv: envFile })
      const created = yield* Endpoint.call(createContact)({ body: { contact_name: "From .env" } }).pipe(
        Effect.provide(live)
      )
      assert.strictEqual(created.contact.contact_name, "From .env")
      const stored = JSON.parse(Fs.readFileSync(tokenFile, "utf8")) as { tokens: Array<{ refresh_token: string }> }
      assert.strictEqual(stored.tokens[0].refresh_token, "1000.simrefresh")
      assert.strictEqual(Fs.statSync(tokenFile).mode & 0o777, 0o600)
    }))
})
