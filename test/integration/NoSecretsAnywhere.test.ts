/**
 * Nothing the library produces holds a secret (issue 8, item 2): for a realistic set of failures,
 * every error in every rendering, every log line and every span (attributes, events, exit value)
 * is searched for the access tokens, the refresh token, the client secret and the grant code.
 */
import { Endpoint, MemoryTokenStore, TokenStore, Zoho, ZohoCredentials, ZohoRegion, ZohoUser } from "@effect-zoho/core"
import type * as ZohoClient from "@effect-zoho/core/ZohoClient"
import { SimHttpClient, SimSeed, Simulator } from "@effect-zoho/sim"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as Tracer from "effect/Tracer"
import * as util from "node:util"
import { createContact, listLeads } from "../support/Endpoints.js"

// Secrets shaped like Zoho's: tokens and codes `1000.<hex32>.<hex32>`, a 42-hex client secret.
const CLIENT_ID = "1000.QZ7RT0M5SNTW8Y2L1X0HJ3K9C4B6VE"
const CLIENT_SECRET = "5f0c3b1e9a7d2468ace13579bdf02468ace1357924"
const REFRESH_TOKEN = "1000.6c1f7e0a9b2d4c3e8f5a1b7d9e0c2f4a.3b8d6f1e0a2c4e7b9d5f3a1c8e6b0d2f"
const GRANT_CODE = "1000.9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f.7a5c3e1b9d8f6a4c2e0b7d5f3a1c9e8b"
const PASSWORD = "correct-horse-battery-staple"
const accessTokenShape = /1000\.[0-9a-f]{32}\.[0-9a-f]{32}/

const seed = SimSeed.demo({
  clients: [{
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: ["http://localhost:8080/callback"],
    type: "self"
  }],
  grants: [{ code: GRANT_CODE, clientId: CLIENT_ID, userId: "50001", scopes: SimSeed.demoScopes }],
  refreshTokens: [{ token: REFRESH_TOKEN, clientId: CLIENT_ID, userId: "50001", scopes: SimSeed.demoScopes }]
})

const refreshUser = ZohoUser.make({
  credentials: ZohoCredentials.RefreshToken({
    clientId: CLIENT_ID,
    clientSecret: Redacted.make(CLIENT_SECRET),
    refreshToken: Redacted.make(REFRESH_TOKEN),
    userName: "admin@sim.example"
  }),
  organizationId: "800001"
})

const grantUser = ZohoUser.make({
  credentials: ZohoCredentials.GrantCode({
    clientId: CLIENT_ID,
    clientSecret: Redacted.make(CLIENT_SECRET),
    grantCode: Redacted.make(GRANT_CODE),
    redirectUrl: "http://localhost:8080/callback",
    userName: "admin@sim.example"
  }),
  key: "grant-user",
  organizationId: "800001"
})

/** Everything the test saw, as text. */
interface Seen {
  readonly renderings: Array<{ readonly what: string; readonly text: string }>
}

const deep = (u: unknown) => util.inspect(u, { depth: Infinity, breakLength: Infinity })

/** A tracer that keeps, per span, its attributes, events and exit value, rendered deeply. */
const capturingTracer = (base: Tracer.Tracer, seen: Seen): Tracer.Tracer =>
  Tracer.make({
    span: (...args) => {
      const span = base.span(...args)
      const events: Array<unknown> = []
      const event = span.event.bind(span)
      const end = span.end.bind(span)
      const what = `span ${span.name}`
      return Object.assign(span, {
        event: (name: string, startTime: bigint, attributes?: Record<string, unknown>) => {
          events.push({ name, attributes })
          event(name, startTime, attributes)
        },
        end: (endTime: bigint, exit: Exit.Exit<unknown, unknown>) => {
          end(endTime, exit)
          seen.renderings.push(
            { what: `${what} attributes`, text: deep([...span.attributes]) },
            { what: `${what} events`, text: deep(events) },
            { what: `${what} exit`, text: deep(exit) },
            {
              what: `${what} exit (String/JSON)`,
              text: Exit.match(exit, {
                onFailure: (cause) => Cause.pretty(cause),
                onSuccess: (value) => `${String(value)} ${safeJson(value)}`
              })
            }
          )
        }
      })
    },
    context: (f, fiber) => base.context(f, fiber)
  })

const safeJson = (u: unknown): string => {
  try {
    return JSON.stringify(u) ?? ""
  } catch (e) {
    return `(not JSON: ${String(e)})`
  }
}

/** Every way a user prints an error. */
const renderError = (seen: Seen, scenario: string, exit: Exit.Exit<unknown, unknown>) => {
  assert.isTrue(Exit.isFailure(exit), `${scenario}: expected a failure`)
  if (!Exit.isFailure(exit)) return
  const error = Option.getOrUndefined(Cause.failureOption(exit.cause))
  assert.isDefined(error, `${scenario}: expected a typed failure, got ${Cause.pretty(exit.cause)}`)
  const message = (error as { readonly message?: unknown }).message
  assert.isString(message, `${scenario}: a message`)
  assert.notInclude(message as string, "\n", `${scenario}: a one-line message: ${String(message)}`)
  seen.renderings.push(
    { what: `${scenario} String`, text: String(error) },
    { what: `${scenario} JSON`, text: safeJson(error) },
    { what: `${scenario} inspect`, text: deep(error) },
    { what: `${scenario} console.log`, text: util.format("%o", error) },
    { what: `${scenario} Cause.pretty`, text: Cause.pretty(exit.cause) },
    { what: `${scenario} stack`, text: String((error as { readonly stack?: unknown }).stack) }
  )
  return error as { readonly _tag: string }
}

/** The simulator's client, with one switch: the next GETs' bodies break off after the headers. */
const bodyBreaker = (simulator: Simulator.Service) => {
  const armed = { count: 0 }
  const sim = SimHttpClient.make(simulator)
  const client = HttpClient.make((request) =>
    Effect.map(sim.execute(request), (response) => {
      if (armed.count <= 0 || request.method !== "GET" || response.status >= 300) return response
      armed.count--
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(`{"data":[{"id":"1"`))
          controller.error(Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }))
        }
      })
      // `request` is the one that was sent: `Authorization: Zoho-oauthtoken …` in clear.
      return HttpClientResponse.fromWeb(
        request,
        new Response(body, { status: 200, headers: { "content-type": "application/json" } })
      )
    })
  )
  return { armed, client }
}

const list = Endpoint.call(listLeads)
const query = { query: { fields: ["Last_Name"] } }
const leads = "/crm/v8/Leads"

const runScenarios = (client: ZohoClient.Options) =>
  Effect.gen(function*() {
    const seen: Seen = { renderings: [] }
    const simulator = yield* Simulator.make(seed)
    const store = yield* MemoryTokenStore.make()
    const breaker = bodyBreaker(simulator)
    const stackFor = (user: ZohoUser.ZohoUser) =>
      Zoho.layer({ region: ZohoRegion.make("US"), user, client: { logBodies: true, ...client } }).pipe(
        Layer.provide(Layer.succeed(HttpClient.HttpClient, breaker.client)),
        Layer.provide(Layer.succeed(TokenStore.TokenStore, store))
      )
    const layer = stackFor(refreshUser)
    const accessTokens = new Set<string>()
    const noteTokens = Effect.flatMap(store.list, (tokens) =>
      Effect.sync(() => {
        for (const t of tokens) if (t.accessToken !== undefined) accessTokens.add(Redacted.value(t.accessToken))
      }))
    const fail = <A, E, R>(scenario: string, effect: Effect.Effect<A, E, R>) =>
      Effect.gen(function*() {
        const fiber = yield* Effect.fork(Effect.exit(effect))
        yield* TestClock.adjust("10 minutes")
        const exit = yield* Fiber.join(fiber)
        yield* noteTokens
        return renderError(seen, scenario, exit)
      })
    const echo = () => {
      const token = [...accessTokens][0] ?? "none"
      return `Authorization: Zoho-oauthtoken ${token} refresh_token=${REFRESH_TOKEN}&client_secret=${CLIENT_SECRET}` +
        `&code=${GRANT_CODE}&password=${PASSWORD}`
    }

    const lines: Array<string> = []
    const capture = Logger.make((options) => {
      lines.push(Logger.logfmtLogger.log(options), Logger.jsonLogger.log(options), Logger.stringLogger.log(options))
    })
    const tracer = capturingTracer(yield* Effect.tracer, seen)

    yield* Effect.gen(function*() {
      yield* list(query) // the first token
      yield* noteTokens

      // 1. the body breaks off after the headers (buffered: inside the exchange, so retried until
      // the retries run out)
      breaker.armed.count = 20
      const broken = yield* fail("body breaks", list(query))
      breaker.armed.count = 0
      assert.strictEqual(broken?._tag, "ZohoTransportError")

      // 2. a proxy answers 200 with a non-JSON page that echoes the request
      yield* simulator.injectFault({
        route: { method: "GET", pathPrefix: leads },
        fault: { _tag: "Status", status: 200, body: `<html><pre>${echo()}</pre></html>` }
      })
      assert.strictEqual((yield* fail("non-JSON echo", list(query)))?._tag, "ZohoDecodeError")

      // 3. JSON that does not match the schema and echoes the token
      yield* simulator.injectFault({
        route: { method: "GET", pathPrefix: leads },
        fault: {
          _tag: "Status",
          status: 200,
          body: { data: "not a list", echo: echo(), access_token: [...accessTokens][0], headers: echo() }
        }
      })
      assert.strictEqual((yield* fail("mismatched JSON echo", list(query)))?._tag, "ZohoDecodeError")

      // 4. an API error whose message and details echo the token
      yield* simulator.injectFault({
        route: { method: "GET", pathPrefix: leads },
        fault: {
          _tag: "Status",
          status: 400,
          body: { code: "INVALID_DATA", details: { echo: echo(), refresh_token: REFRESH_TOKEN }, message: echo() }
        }
      })
      assert.strictEqual((yield* fail("API error echo", list(query)))?._tag, "ZohoApiError")

      // 5. a 401 on the call and on its replay, both echoing the token
      yield* simulator.injectFault({
        route: { method: "GET", pathPrefix: leads },
        times: 2,
        fault: {
          _tag: "Status",
          status: 401,
          body: { code: "INVALID_TOKEN", details: {}, message: `invalid oauth token ${echo()}`, status: "error" }
        }
      })
      assert.strictEqual((yield* fail("401 replay", list(query)))?._tag, "ZohoAuthError")

      // 6. a 5xx page echoing the request, on a create (not retried)
      yield* simulator.injectFault({
        route: { method: "POST", pathPrefix: "/books/" },
        fault: { _tag: "Status", status: 502, body: `<h1>Bad gateway</h1>${echo()}` }
      })
      yield* fail("502 echo", Endpoint.call(createContact)({ body: { contact_name: "x" } }))

      // 7. a read that hangs past the timeout
      yield* simulator.injectFault({ route: { method: "GET", pathPrefix: leads }, times: 5, fault: { _tag: "Hang" } })
      assert.strictEqual((yield* fail("timeout", list(query)))?._tag, "ZohoTimeoutError")
      yield* simulator.clearFaults

      // 8. the token refresh is reset, then a revoked refresh token (OAuth error)
      yield* simulator.expireAccessTokens
      yield* simulator.injectFault({ route: { pathPrefix: "/oauth/v2/token" }, times: 20, fault: { _tag: "Reset" } })
      yield* fail("token endpoint reset", list(query))
      yield* simulator.clearFaults
      yield* simulator.revokeToken(REFRESH_TOKEN)
      const oauth = yield* fail("revoked refresh token", list(query))
      assert.strictEqual(oauth?._tag, "ZohoOAuthError")

      // 9. the grant code is used twice (invalid code)
      yield* fail(
        "grant code reused",
        Effect.zipRight(
          Effect.ignore(list(query).pipe(Effect.provide(stackFor(grantUser)))),
          list(query).pipe(Effect.provide(
            Zoho.layer({ region: ZohoRegion.make("US"), user: grantUser, client }).pipe(
              Layer.provide(Layer.succeed(HttpClient.HttpClient, breaker.client)),
              Layer.provide(Layer.effect(TokenStore.TokenStore, MemoryTokenStore.make()))
            )
          ))
        )
      )
    }).pipe(
      Effect.provide(layer),
      Effect.withTracer(tracer),
      Effect.provide(Logger.replace(Logger.defaultLogger, capture)),
      Logger.withMinimumLogLevel(LogLevel.All)
    )
    yield* noteTokens
    for (const line of lines) seen.renderings.push({ what: "log line", text: line })
    return { seen, accessTokens, lines }
  })

const assertNoSecret = (seen: Seen, accessTokens: ReadonlySet<string>) => {
  const secrets = [CLIENT_SECRET, REFRESH_TOKEN, GRANT_CODE, PASSWORD, ...accessTokens]
  for (const { text, what } of seen.renderings) {
    for (const secret of secrets) {
      assert.notInclude(text, secret, `${what} shows a secret`)
    }
    assert.notMatch(text, accessTokenShape, `${what} shows a token`)
  }
}

describe("no secret in anything the library produces", () => {
  for (const bufferBody of [false, true]) {
    it.effect(`errors, log lines and spans of a realistic set of failures (bufferBody: ${bufferBody})`, () =>
      Effect.gen(function*() {
        const { accessTokens, lines, seen } = yield* runScenarios({
          bufferBody,
          readTimeout: "30 seconds",
          retry: { maxRetries: 2 }
        })
        assert.isAbove(accessTokens.size, 0)
        assert.isAbove(lines.length, 20, "the failures were logged")
        assert.isTrue(seen.renderings.some((r) => r.what.startsWith("span http.client")), "exchange spans seen")
        assertNoSecret(seen, accessTokens)
      }))
  }
})
