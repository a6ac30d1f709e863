/**
 * The finance products behind the real simulator core: OAuth token, routing by base path, the
 * core's 401 for a bad token and its per-org limits keyed by `orgKey`.
 */
import { SimHttpClient, SimSeed } from "@effect-zoho/sim"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import * as FinanceSim from "../../src/internal/finance/FinanceSim.js"

const seed = SimSeed.demo({
  financeRecords: { org1: { books: { contacts: [{ contact_name: "Seeded Co" }] } } }
})

const provide = <A, E>(effect: Effect.Effect<A, E, HttpClient.HttpClient>) =>
  Effect.provide(
    effect,
    SimHttpClient.layerSeed(seed, { products: FinanceSim.make(seed), builtInProducts: false })
  )

const call = (request: HttpClientRequest.HttpClientRequest) =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const response = yield* client.execute(request)
    const text = yield* response.text
    return { status: response.status, body: text === "" ? undefined : JSON.parse(text) }
  }).pipe(Effect.orDie)

const accessToken = Effect.map(
  call(HttpClientRequest.bodyUrlParams(HttpClientRequest.post("https://accounts.zoho.com/oauth/v2/token"), {
    grant_type: "refresh_token",
    refresh_token: "1000.simrefresh",
    client_id: "1000.SIMCLIENT",
    client_secret: "sim-secret"
  })),
  (r) => r.body.access_token as string
)

const authed = (token: string) => HttpClientRequest.setHeader("Authorization", `Zoho-oauthtoken ${token}`)

describe("finance products behind the simulator core", () => {
  it.effect("serves Books and Billing with a real access token", () =>
    provide(Effect.gen(function*() {
      const token = yield* accessToken
      const contacts = yield* call(
        HttpClientRequest.get("https://www.zohoapis.com/books/v3/contacts?organization_id=800001").pipe(authed(token))
      )
      assert.strictEqual(contacts.status, 200)
      assert.deepStrictEqual(contacts.body.contacts.map((c: { contact_name: string }) => c.contact_name), ["Seeded Co"])

      const plan = yield* call(
        HttpClientRequest.post("https://www.zohoapis.com/billing/v1/plans").pipe(
          authed(token),
          HttpClientRequest.setHeader("X-com-zoho-subscriptions-organizationid", "800001"),
          HttpClientRequest.bodyUnsafeJson({ plan_code: "p1", name: "P1", recurring_price: 9 })
        )
      )
      assert.strictEqual(plan.status, 201)
      assert.strictEqual(plan.body.plan.plan_code, "p1")
    })))

  it.effect("answers a bad token with the finance 401 envelope", () =>
    provide(Effect.gen(function*() {
      const reply = yield* call(
        HttpClientRequest.get("https://www.zohoapis.com/inventory/v1/items?organization_id=800001").pipe(
          authed("1000.nope.nope")
        )
      )
      assert.deepStrictEqual(reply, {
        status: 401,
        body: { code: 14, message: "Invalid value passed for authtoken" }
      })
    })))

  it.effect("is rate limited per organization with the finance 429 body", () =>
    provide(Effect.gen(function*() {
      const token = yield* accessToken
      yield* TestClock.adjust("1 second")
      const request = HttpClientRequest.get("https://www.zohoapis.com/invoice/v3/contacts").pipe(
        authed(token),
        HttpClientRequest.setHeader("X-com-zoho-invoice-organizationid", "800001")
      )
      let last = { status: 0, body: undefined as unknown }
      for (let i = 0; i < 101; i++) last = yield* call(request)
      assert.strictEqual(last.status, 429)
      assert.strictEqual((last.body as { code: number }).code, 44)
    })))
})
