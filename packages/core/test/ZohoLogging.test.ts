import {
  ZohoAuth,
  ZohoClient,
  ZohoCredentials,
  ZohoLogging,
  ZohoRegion,
  ZohoRequest,
  ZohoThrottle,
  ZohoUser
} from "@effect-zoho/core"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as FileSystem from "@effect/platform/FileSystem"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"

const TOKEN = "1000.0123456789abcdef0123.fedcba9876543210fedc"
const SECRET = "s3cr3t-client-value"

describe("ZohoLogging", () => {
  it("redactUrl hides secret query values and user info, keeps the rest", () => {
    const url = ZohoLogging.redactUrl(
      `https://user:pw@accounts.zoho.eu/oauth/v2/token?code=1000.grant&client_id=1000.ID&client_secret=${SECRET}` +
        `&refresh_token=${TOKEN}&grant_type=refresh_token&organization_id=42&access_token=abc`
    )
    assert.notInclude(url, SECRET)
    assert.notInclude(url, TOKEN)
    assert.notInclude(url, "1000.grant")
    assert.notInclude(url, "pw@")
    assert.notInclude(url, "access_token=abc")
    assert.include(url, "client_id=1000.ID")
    assert.include(url, "organization_id=42")
    assert.include(url, "grant_type=refresh_token")
    assert.include(url, "client_secret=<redacted>")
  })

  it("redactHeaders hides credential headers", () => {
    const headers = ZohoLogging.redactHeaders({
      Authorization: `Zoho-oauthtoken ${TOKEN}`,
      "X-Custom-Token": "t",
      "Content-Type": "application/json",
      "X-com-zoho-invoice-organizationid": "42"
    })
    assert.deepStrictEqual(headers, {
      authorization: "<redacted>",
      "x-custom-token": "<redacted>",
      "content-type": "application/json",
      "x-com-zoho-invoice-organizationid": "42"
    })
  })

  it("redactText scrubs tokens in free text, forms and JSON", () => {
    const text = ZohoLogging.redactText(
      `Authorization: Zoho-oauthtoken ${TOKEN} body refresh_token=abc&client_secret=${SECRET} ` +
        `{"access_token":"xyz","api_domain":"https://www.zohoapis.eu"} stray ${TOKEN}`
    )
    assert.notInclude(text, TOKEN)
    assert.notInclude(text, SECRET)
    assert.notInclude(text, "xyz")
    assert.notInclude(text, "=abc")
    assert.include(text, "https://www.zohoapis.eu")
  })

  it.effect("ZohoClient log lines carry method, url, status, attempt, duration and no secret", () =>
    Effect.gen(function*() {
      const lines: Array<{ level: string; message: string; annotations: Record<string, unknown> }> = []
      const capture = Logger.make(({ annotations, logLevel, message }) => {
        const record: Record<string, unknown> = {}
        for (const [k, v] of annotations) record[k] = v
        lines.push({ level: logLevel.label, message: String(message), annotations: record })
      })
      let calls = 0
      const http = HttpClient.make((request) =>
        Effect.gen(function*() {
          calls += 1
          yield* Effect.sleep(Duration.millis(120))
          const body = calls === 1
            ? JSON.stringify({ code: "INVALID_TOKEN", message: `token ${TOKEN} is invalid` })
            : JSON.stringify({ access_token: "leaked-if-logged", data: [] })
          return HttpClientResponse.fromWeb(request, new Response(body, { status: calls === 1 ? 401 : 200 }))
        })
      )
      const user = ZohoUser.make({
        credentials: ZohoCredentials.RefreshToken({
          clientId: "1000.ID",
          clientSecret: Redacted.make(SECRET),
          refreshToken: Redacted.make(TOKEN)
        })
      })
      const auth = Layer.succeed(ZohoAuth.ZohoAuth, {
        currentUser: Effect.succeed(user),
        accessToken: Effect.succeed({
          token: Redacted.make(TOKEN),
          user,
          region: ZohoRegion.make("US"),
          expiresAt: undefined
        }),
        invalidate: () => Effect.void,
        revoke: Effect.void
      })
      const client = yield* ZohoClient.make({ logBodies: true, logLevel: LogLevel.Debug }).pipe(
        Effect.provideService(HttpClient.HttpClient, http),
        Effect.provide(auth),
        Effect.provide(ZohoThrottle.layerUnlimited)
      )
      const request = ZohoRequest.make({
        product: ZohoProducts.crm,
        operation: "crm.records.search",
        method: "POST",
        path: "/Leads/search",
        urlParams: { code: "1000.grantcode", word: "acme" },
        body: { _tag: "Json", value: { refresh_token: TOKEN, client_secret: SECRET, q: "x" } }
      })
      const fiber = yield* Effect.fork(
        client.execute(request).pipe(Effect.provide(Logger.replace(Logger.defaultLogger, capture)))
      )
      yield* TestClock.adjust(Duration.seconds(1))
      yield* Fiber.join(fiber)

      assert.isAtLeast(lines.length, 2)
      const all = JSON.stringify(lines)
      assert.notInclude(all, TOKEN)
      assert.notInclude(all, SECRET)
      assert.notInclude(all, "1000.grantcode")
      assert.notInclude(all, "leaked-if-logged")
      const first = lines[0]!
      assert.strictEqual(first.level, "INFO")
      assert.strictEqual(first.annotations.method, "POST")
      assert.strictEqual(first.annotations.status, 401)
      assert.strictEqual(first.annotations.attempt, 1)
      assert.strictEqual(first.annotations.durationMs, 120)
      assert.include(String(first.annotations.url), "https://www.zohoapis.com/crm/v8/Leads/search?")
      assert.include(String(first.annotations.url), "word=acme")
      const replay = lines.find((l) => l.annotations.replay === true && l.annotations.status === 200)
      assert.isDefined(replay)
      assert.strictEqual(replay!.level, "DEBUG")
      assert.include(String(replay!.annotations.requestBody), "\"q\":\"x\"")
      assert.include(String(replay!.annotations.responseBody), "\"access_token\":\"<redacted>\"")
      assert.include(String(replay!.annotations.responseBody), "\"data\":[]")
    }))

  it.effect("a line below the minimum level is never built; the fiber's minimum decides without logLevel", () =>
    Effect.gen(function*() {
      const lines: Array<{ level: string; status: unknown }> = []
      const capture = Logger.make(({ annotations, logLevel }) => {
        let status: unknown
        for (const [k, v] of annotations) if (k === "status") status = v
        lines.push({ level: logLevel.label, status })
      })
      let calls = 0
      const http = HttpClient.make((request) =>
        Effect.sync(() => {
          calls += 1
          // Odd calls fail with a 503 (an Info line), even calls succeed (a Debug line).
          const failed = calls % 2 === 1
          return HttpClientResponse.fromWeb(
            request,
            new Response(JSON.stringify(failed ? { code: "INTERNAL_ERROR", message: "down" } : { data: [] }), {
              status: failed ? 503 : 200
            })
          )
        })
      )
      const user = ZohoUser.make({
        credentials: ZohoCredentials.RefreshToken({
          clientId: "1000.ID",
          clientSecret: Redacted.make(SECRET),
          refreshToken: Redacted.make(TOKEN)
        })
      })
      const auth = Layer.succeed(ZohoAuth.ZohoAuth, {
        currentUser: Effect.succeed(user),
        accessToken: Effect.succeed({
          token: Redacted.make(TOKEN),
          user,
          region: ZohoRegion.make("US"),
          expiresAt: undefined
        }),
        invalidate: () => Effect.void,
        revoke: Effect.void
      })
      const client = yield* ZohoClient.make({ retry: { maxRetries: 0 } }).pipe(
        Effect.provideService(HttpClient.HttpClient, http),
        Effect.provide(auth),
        Effect.provide(ZohoThrottle.layerUnlimited)
      )
      const request = ZohoRequest.make({
        product: ZohoProducts.crm,
        operation: "crm.records.list",
        method: "GET",
        path: "/Leads"
      })
      const call = client.execute(request).pipe(
        Effect.either,
        Effect.provide(Logger.replace(Logger.defaultLogger, capture))
      )
      // An Info minimum: the failure's Info line is written, the success's Debug line is not.
      yield* call.pipe(Logger.withMinimumLogLevel(LogLevel.Info))
      yield* call.pipe(Logger.withMinimumLogLevel(LogLevel.Info))
      assert.deepStrictEqual(lines, [{ level: "INFO", status: 503 }])
      // A Debug minimum on the fiber lets the Debug line through.
      yield* call.pipe(Logger.withMinimumLogLevel(LogLevel.Debug))
      yield* call.pipe(Logger.withMinimumLogLevel(LogLevel.Debug))
      assert.deepStrictEqual(lines.slice(1), [{ level: "INFO", status: 503 }, { level: "DEBUG", status: 200 }])
      // A Warning minimum drops both.
      yield* call.pipe(Logger.withMinimumLogLevel(LogLevel.Warning))
      yield* call.pipe(Logger.withMinimumLogLevel(LogLevel.Warning))
      assert.strictEqual(lines.length, 3)
    }))

  it.live("layerFile writes redacted lines at or above its level", () =>
    Effect.gen(function*() {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* fs.makeTempDirectoryScoped()
      const path = `${dir}/zoho.log`
      yield* Effect.gen(function*() {
        yield* Effect.logDebug("dropped by level")
        yield* Effect.logInfo(`calling with Zoho-oauthtoken ${TOKEN}`).pipe(
          Effect.annotateLogs("url", "https://x/y?z=1")
        )
        yield* Effect.logWarning("second line")
      }).pipe(Effect.provide(ZohoLogging.layerFile(path, LogLevel.Info)), Effect.scoped)
      const text = yield* fs.readFileString(path)
      assert.notInclude(text, TOKEN)
      assert.include(text, "Zoho-oauthtoken <redacted>")
      assert.include(text, "second line")
      assert.notInclude(text, "dropped by level")
      assert.strictEqual(text.trim().split("\n").length, 2)
    }).pipe(Effect.provide(NodeFileSystem.layer), Effect.scoped))
})
