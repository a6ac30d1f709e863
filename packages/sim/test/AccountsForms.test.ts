/**
 * The accounts server over a real loopback socket, fed what real clients send: `curl -F`
 * (multipart, as Zoho's own SDKs send), Node's fetch with a `FormData`, a url-encoded form, the
 * query string, and the client id/secret in a Basic `Authorization` header.
 */
import { SimHttpApp, SimSeed, Simulator } from "@effect-zoho/sim"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpServer from "@effect/platform/HttpServer"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { execFile } from "node:child_process"
import * as Http from "node:http"
import { fakeProducts } from "./support/FakeProducts.js"

const CLIENT = { client_id: "1000.SIMCLIENT", client_secret: "sim-secret" }
const TOKEN_SHAPE = /^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/

const serve = Effect.gen(function*() {
  const node = Http.createServer()
  const server = yield* NodeHttpServer.make(() => node, { port: 0, host: "127.0.0.1" })
  const simulator = yield* Simulator.make(SimSeed.demo(), { products: fakeProducts, builtInProducts: false })
  yield* HttpServer.serveEffect(SimHttpApp.make(simulator)).pipe(Effect.provideService(HttpServer.HttpServer, server))
  yield* Effect.addFinalizer(() => Effect.sync(() => node.closeAllConnections()))
  const address = server.address
  assert(address._tag === "TcpAddress")
  return { url: `http://127.0.0.1:${address.port}`, simulator }
})

type Json = Record<string, unknown>

const fetchJson = (url: string, init?: RequestInit) =>
  Effect.promise(async () => {
    const res = await fetch(url, init)
    return { status: res.status, body: (await res.json()) as Json }
  })

/** `curl -sS -X POST -F k=v …` : curl encodes each field as a multipart part. */
const curlForm = (url: string, fields: Record<string, string>, headers: ReadonlyArray<string> = []) =>
  Effect.async<{ status: number; body: Json }>((resume) => {
    const args = ["-sS", "-X", "POST", "-w", "\n%{http_code}", url]
    for (const h of headers) args.push("-H", h)
    // `--form-string` sends the value verbatim (`-F` would read `@file` and `<file` values).
    for (const [k, v] of Object.entries(fields)) args.push("--form-string", `${k}=${v}`)
    execFile("curl", args, (error, stdout) => {
      if (error !== null) return resume(Effect.die(error))
      const cut = stdout.lastIndexOf("\n")
      resume(Effect.succeed({ status: Number(stdout.slice(cut + 1)), body: JSON.parse(stdout.slice(0, cut)) as Json }))
    })
  })

const formData = (fields: Record<string, string>) => {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  return form
}

const basic = (id: string, secret: string) => `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}`

const assertToken = (answer: { status: number; body: Json }, what: string) => {
  assert.strictEqual(answer.status, 200, what)
  assert.match(String(answer.body.access_token), TOKEN_SHAPE, `${what}: ${JSON.stringify(answer.body)}`)
}

describe("Accounts server over HTTP: every body Zoho accepts", () => {
  it.scopedLive("refresh_token grant: multipart (curl -F and fetch FormData), url-encoded, query, Basic", () =>
    Effect.gen(function*() {
      const { url } = yield* serve
      const endpoint = `${url}/oauth/v2/token`
      const refresh = { grant_type: "refresh_token", refresh_token: "1000.simrefresh" }

      assertToken(yield* curlForm(endpoint, { ...refresh, ...CLIENT }), "curl -F")
      assertToken(yield* fetchJson(endpoint, { method: "POST", body: formData({ ...refresh, ...CLIENT }) }), "FormData")
      assertToken(
        yield* fetchJson(endpoint, { method: "POST", body: new URLSearchParams({ ...refresh, ...CLIENT }) }),
        "url-encoded"
      )
      assertToken(
        yield* fetchJson(`${endpoint}?${new URLSearchParams({ ...refresh, ...CLIENT })}`, { method: "POST" }),
        "query string"
      )
      // Client id and secret only in the Basic header, the grant in a url-encoded or multipart body.
      const header = basic(CLIENT.client_id, CLIENT.client_secret)
      assertToken(
        yield* fetchJson(endpoint, {
          method: "POST",
          headers: { authorization: header },
          body: new URLSearchParams(refresh)
        }),
        "Basic + url-encoded"
      )
      assertToken(yield* curlForm(endpoint, refresh, [`Authorization: ${header}`]), "Basic + curl -F")
      // A wrong secret in the Basic header is refused like a wrong form field.
      const wrong = yield* fetchJson(endpoint, {
        method: "POST",
        headers: { authorization: basic(CLIENT.client_id, "nope") },
        body: new URLSearchParams(refresh)
      })
      assert.deepStrictEqual(wrong.body, { error: "invalid_client_secret" })
    }))

  it.scopedLive("authorization_code and client_credentials grants and revoke accept multipart", () =>
    Effect.gen(function*() {
      const { simulator, url } = yield* serve
      const code = yield* simulator.createGrantCode({
        clientId: CLIENT.client_id,
        userId: "50001",
        scopes: ["ZohoCRM.modules.ALL"]
      })
      const exchanged = yield* curlForm(`${url}/oauth/v2/token`, {
        grant_type: "authorization_code",
        code,
        ...CLIENT
      })
      assertToken(exchanged, "code grant, curl -F")
      assert.match(String(exchanged.body.refresh_token), TOKEN_SHAPE)

      const selfClient = yield* fetchJson(`${url}/oauth/v2/token`, {
        method: "POST",
        headers: { authorization: basic(CLIENT.client_id, CLIENT.client_secret) },
        body: formData({ grant_type: "client_credentials", scope: "ZohoCRM.modules.ALL", soid: "ZohoCRM.700001" })
      })
      assertToken(selfClient, "client_credentials, FormData + Basic")

      const revoked = yield* curlForm(`${url}/oauth/v2/token/revoke`, { token: String(exchanged.body.refresh_token) })
      assert.deepStrictEqual(revoked, { status: 200, body: { status: "success" } })
      const again = yield* fetchJson(`${url}/oauth/v2/token`, {
        method: "POST",
        body: formData({ grant_type: "refresh_token", refresh_token: String(exchanged.body.refresh_token), ...CLIENT })
      })
      assert.deepStrictEqual(again.body, { error: "invalid_code" })
    }))

  it.scopedLive("bad bodies get Zoho's answers, never a 500", () =>
    Effect.gen(function*() {
      const { url } = yield* serve
      const endpoint = `${url}/oauth/v2/token`
      // A multipart content type whose body has no such boundary: no parameters at all.
      const broken = yield* fetchJson(endpoint, {
        method: "POST",
        headers: { "content-type": "multipart/form-data; boundary=nothere" },
        body: "grant_type=refresh_token"
      })
      assert.deepStrictEqual(broken, { status: 200, body: { error: "unsupported_grant_type" } })
      const jsonBody = yield* fetchJson(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{not json"
      })
      assert.deepStrictEqual(jsonBody, { status: 200, body: { error: "unsupported_grant_type" } })
      const garbageBasic = yield* fetchJson(endpoint, {
        method: "POST",
        headers: { authorization: "Basic !!!" },
        body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: "1000.simrefresh" })
      })
      assert.deepStrictEqual(garbageBasic.body, { error: "invalid_client" })
    }))
})
