import { Endpoint, Envelope } from "@effect-zoho/core"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
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
  product: ZohoProducts.books,
  operation: "books.contacts.create",
  method: "POST",
  path: "/contacts",
  body: Schema.Struct({ contact_name: Schema.String }),
  response: Envelope.FinanceObject("contact", Contact)
})

/** A temp dir with a `.env` pointing at a fresh simulator server; `extra` lines are appended. */
const setup = (extra: ReadonlyArray<string> = []) =>
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
        `ZOHO_TOKEN_FILE=${tokenFile}`,
        ...extra
      ].join("\n")
    )
    return { sim, tokenFile, envFile }
  })

describe("ZohoNode.layerConfig", () => {
  it.scoped("runs a program from a .env file: credentials, org id, token file, over Node's HTTP client", () =>
    Effect.gen(function*() {
      const { envFile, tokenFile } = yield* setup()
      const live = ZohoNode.layerConfig({ dotEnv: envFile })
      const created = yield* Endpoint.call(createContact)({ body: { contact_name: "From .env" } }).pipe(
        Effect.provide(live)
      )
      assert.strictEqual(created.contact.contact_name, "From .env")
      const stored = JSON.parse(Fs.readFileSync(tokenFile, "utf8")) as { tokens: Array<{ refresh_token: string }> }
      assert.strictEqual(stored.tokens[0].refresh_token, "1000.simrefresh")
      assert.strictEqual(Fs.statSync(tokenFile).mode & 0o777, 0o600)
    }))

  it.scoped("with ZOHO_TOKEN_ENCRYPTION_KEY the token file holds no token or secret in clear", () =>
    Effect.gen(function*() {
      const key = Buffer.alloc(32, 7).toString("base64")
      const { envFile, sim, tokenFile } = yield* setup([`ZOHO_TOKEN_ENCRYPTION_KEY=${key}`])
      const run = (name: string) =>
        Endpoint.call(createContact)({ body: { contact_name: name } }).pipe(
          Effect.provide(ZohoNode.layerConfig({ dotEnv: envFile }))
        )
      assert.strictEqual((yield* run("Sealed")).contact.contact_name, "Sealed")
      const text = Fs.readFileSync(tokenFile, "utf8")
      const stored = JSON.parse(text) as {
        tokens: Array<{ refresh_token: string; access_token: string; client_secret?: string }>
      }
      assert.match(stored.tokens[0].refresh_token, /^enc:v1:/)
      assert.match(stored.tokens[0].access_token, /^enc:v1:/)
      assert.notInclude(text, "1000.simrefresh")
      assert.notInclude(text, "sim-secret")
      assert.notMatch(text, /1000\.[0-9a-f]{32}/, "an access token in clear")
      // A second program opens what the first sealed: no new token is minted.
      const minted = (yield* sim.simulator.stats).tokensIssued
      assert.strictEqual((yield* run("Again")).contact.contact_name, "Again")
      assert.deepStrictEqual((yield* sim.simulator.stats).tokensIssued, minted)
    }))

  it.scoped("a key that is set but unusable fails the layer instead of writing plaintext", () =>
    Effect.gen(function*() {
      const { envFile, tokenFile } = yield* setup(["ZOHO_TOKEN_ENCRYPTION_KEY=too-short"])
      const exit = yield* Effect.exit(
        Endpoint.call(createContact)({ body: { contact_name: "x" } }).pipe(
          Effect.provide(ZohoNode.layerConfig({ dotEnv: envFile }))
        )
      )
      assert.isTrue(exit._tag === "Failure")
      assert.isFalse(Fs.existsSync(tokenFile))
    }))
})
