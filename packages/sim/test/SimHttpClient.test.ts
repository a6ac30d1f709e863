import { SimHttpClient, SimSeed, Simulator } from "@effect-zoho/sim"
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import { fakeProducts } from "./support/FakeProducts.js"

const options = { products: fakeProducts, builtInProducts: false }
const provide = <A, E>(effect: Effect.Effect<A, E, HttpClient.HttpClient | Simulator.Simulator>) =>
  Effect.provide(effect, SimHttpClient.layerSeed(SimSeed.demo(), options))

const call = (request: HttpClientRequest.HttpClientRequest) =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const response = yield* client.execute(request)
    const text = yield* response.text
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: text === "" ? undefined : JSON.parse(text)
    }
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

const echo = (
  token: string,
  build: (r: HttpClientRequest.HttpClientRequest) => HttpClientRequest.HttpClientRequest,
  host = "https://www.zohoapis.com"
) =>
  call(
    build(HttpClientRequest.post(`${host}/books/v3/echo?organization_id=800001`)).pipe(
      HttpClientRequest.setHeader("Authorization", `Zoho-oauthtoken ${token}`)
    )
  )

describe("SimHttpClient", () => {
  it.effect("translates every kind of request body", () =>
    provide(Effect.gen(function*() {
      const t = yield* accessToken

      const json = yield* echo(t, HttpClientRequest.bodyUnsafeJson({ contact_name: "Ada" }))
      assert.strictEqual(json.body.contentType, "application/json")
      assert.deepStrictEqual(JSON.parse(json.body.body), { contact_name: "Ada" })

      const form = yield* echo(t, HttpClientRequest.bodyUrlParams({ JSONString: "{\"a\":1}" }))
      assert.strictEqual(form.body.contentType, "application/x-www-form-urlencoded")
      assert.strictEqual(form.body.params.JSONString, "{\"a\":1}")
      assert.strictEqual(form.body.params.organization_id, "800001")

      const bytes = yield* echo(
        t,
        HttpClientRequest.bodyUint8Array(new TextEncoder().encode("raw bytes"), "text/plain")
      )
      assert.strictEqual(bytes.body.body, "raw bytes")
      assert.strictEqual(bytes.body.contentType, "text/plain")

      const raw = yield* echo(t, HttpClientRequest.setBody(HttpBody.raw("a raw string", { contentType: "text/csv" })))
      assert.strictEqual(raw.body.body, "a raw string")
      assert.strictEqual(raw.body.contentType, "text/csv")

      const data = new FormData()
      data.set("file", new Blob(["hello"], { type: "text/plain" }), "hello.txt")
      const multipart = yield* echo(t, HttpClientRequest.bodyFormData(data))
      assert.match(multipart.body.contentType, /^multipart\/form-data; boundary=/)
      assert.include(multipart.body.body, "hello")
      assert.include(multipart.body.body, "filename=\"hello.txt\"")

      const streamed = yield* echo(
        t,
        HttpClientRequest.bodyStream(
          Stream.make(new TextEncoder().encode("chunk1,"), new TextEncoder().encode("chunk2"))
        )
      )
      assert.strictEqual(streamed.body.body, "chunk1,chunk2")

      const empty = yield* echo(t, (r) => r)
      assert.strictEqual(empty.body.body, "")
      assert.strictEqual(empty.body.method, "POST")
    })))

  it.effect("accepts any host: legacy product hosts and other data centres reach the same simulator", () =>
    provide(Effect.gen(function*() {
      const t = yield* accessToken
      const legacy = yield* echo(t, (r) => r, "https://books.zoho.com")
      assert.strictEqual(legacy.status, 200)
      const eu = yield* echo(t, (r) => r, "http://127.0.0.1:9")
      assert.strictEqual(eu.status, 200)
    })))

  it.effect("passes statuses, headers and bodies back; unknown paths get a generic 404", () =>
    provide(Effect.gen(function*() {
      const sim = yield* Simulator.Simulator
      const t = yield* accessToken
      yield* sim.injectFault({ fault: { _tag: "Status", status: 204 } })
      const noContent = yield* call(HttpClientRequest.get("https://www.zohoapis.com/crm/v8/Leads"))
      assert.strictEqual(noContent.status, 204)
      assert.strictEqual(noContent.text, "")
      const missing = yield* call(
        HttpClientRequest.get("https://www.zohoapis.com/nothing/here").pipe(
          HttpClientRequest.setHeader("Authorization", `Zoho-oauthtoken ${t}`)
        )
      )
      assert.strictEqual(missing.status, 404)
      assert.strictEqual(missing.body.code, "INVALID_URL_PATTERN")
      assert.strictEqual(missing.headers["content-type"], "application/json;charset=UTF-8")
    })))

  it.effect("runs on the TestClock: the handler's now and delays follow it", () =>
    provide(Effect.gen(function*() {
      const sim = yield* Simulator.Simulator
      yield* TestClock.adjust("90 seconds")
      const t = yield* accessToken
      assert.strictEqual((yield* echo(t, (r) => r)).body.now, 90_000)
      yield* sim.injectFault({ route: { pathPrefix: "/books/" }, fault: { _tag: "Delay", duration: 2000 } })
      const fiber = yield* Effect.fork(echo(t, (r) => r))
      yield* TestClock.adjust("1999 millis")
      assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)))
      yield* TestClock.adjust("1 millis")
      assert.strictEqual((yield* Fiber.join(fiber)).body.now, 92_000)
    })))

  it.effect("serves the JSON controls under /__sim/ (not counted as traffic)", () =>
    provide(Effect.gen(function*() {
      const t = yield* accessToken
      const injected = yield* call(
        HttpClientRequest.post("http://sim/__sim/faults").pipe(
          HttpClientRequest.bodyUnsafeJson({
            route: { pathPrefix: "/crm/" },
            times: "Infinity",
            fault: { _tag: "Status", status: 500 }
          })
        )
      )
      assert.strictEqual(injected.status, 200)
      assert.deepStrictEqual(injected.body.faults, [{
        route: { pathPrefix: "/crm/" },
        remaining: "Infinity",
        fault: { _tag: "Status", status: 500 }
      }])
      const leads = HttpClientRequest.get("https://www.zohoapis.com/crm/v8/Leads").pipe(
        HttpClientRequest.setHeader("Authorization", `Zoho-oauthtoken ${t}`)
      )
      assert.strictEqual((yield* call(leads)).status, 500)
      assert.strictEqual((yield* call(leads)).status, 500)
      assert.strictEqual((yield* call(HttpClientRequest.del("http://sim/__sim/faults"))).status, 200)
      assert.strictEqual((yield* call(leads)).status, 200)

      const bad = yield* call(
        HttpClientRequest.post("http://sim/__sim/faults").pipe(
          HttpClientRequest.bodyUnsafeJson({ fault: { _tag: "Explode" } })
        )
      )
      assert.strictEqual(bad.status, 400)

      const limits = yield* call(
        HttpClientRequest.post("http://sim/__sim/limits").pipe(
          HttpClientRequest.bodyUnsafeJson({ orgId: "org1", product: "crm", limits: { concurrent: null, perDay: 1 } })
        )
      )
      assert.strictEqual(limits.status, 200)
      assert.strictEqual((yield* call(leads)).status, 429)

      const revoke = yield* call(
        HttpClientRequest.post("http://sim/__sim/revoke").pipe(
          HttpClientRequest.bodyUnsafeJson({ token: "1000.simrefresh" })
        )
      )
      assert.strictEqual(revoke.status, 200)

      const stats = (yield* call(HttpClientRequest.get("http://sim/__sim/stats"))).body
      assert.strictEqual(stats.requests, 5)
      assert.strictEqual(stats.revokes, 1)
      assert.strictEqual(stats.rateLimited.day, 1)
      assert.deepStrictEqual(stats.byProduct, { crm: 4 })
      assert.strictEqual(stats.byRoute["GET /crm/v8/Leads"], 4)
      const log = (yield* call(HttpClientRequest.get("http://sim/__sim/log?limit=2"))).body.entries
      assert.deepStrictEqual(log.map((e: { status: number }) => e.status), [200, 429])

      const grant = yield* call(
        HttpClientRequest.post("http://sim/__sim/grants").pipe(
          HttpClientRequest.bodyUnsafeJson({ scopes: ["ZohoCRM.modules.ALL"] })
        )
      )
      assert.match(grant.body.code, /^1000\./)

      yield* call(HttpClientRequest.post("http://sim/__sim/expire-tokens"))
      assert.strictEqual((yield* call(leads)).status, 401)
      yield* call(HttpClientRequest.post("http://sim/__sim/reset-counters"))
      assert.strictEqual((yield* call(HttpClientRequest.get("http://sim/__sim/stats"))).body.requests, 0)
    })))

  it.effect("layer and layerFrom use a simulator from the context or at hand", () =>
    Effect.gen(function*() {
      const sim = yield* Simulator.make(SimSeed.demo(), options)
      const viaFrom = yield* Effect.provide(accessToken, SimHttpClient.layerFrom(sim))
      const viaLayer = yield* Effect.provide(
        accessToken,
        SimHttpClient.layer.pipe(Layer.provide(Layer.succeed(Simulator.Simulator, sim)))
      )
      assert.notStrictEqual(viaFrom, viaLayer)
      assert.strictEqual((yield* sim.stats).tokensIssued, 2)
    }))
})
