/**
 * Issue 8, auth items, against the in-memory simulator: a hung accounts server, Zoho's mint cap
 * with separate and shared stores, an untrusted `api_domain`, and bad configuration.
 */
import {
  Endpoint,
  MemoryTokenStore,
  TokenStore,
  Zoho,
  ZohoAuth,
  ZohoError,
  ZohoOAuth,
  ZohoRegion,
  ZohoUser
} from "@effect-zoho/core"
import { SimHttpClient, SimSeed, Simulator } from "@effect-zoho/sim"
import { assert, describe, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import { createContact, listLeads } from "../support/Endpoints.js"
import { CLIENT_SECRET, REFRESH_TOKEN, refreshUser } from "../support/Stack.js"

const list = Endpoint.call(listLeads)
const query = { query: { fields: ["Last_Name"] } }

/** One "process": its own ZohoAuth and client over the simulator and the given store. */
const processOver = (
  simulator: Simulator.Service,
  store: TokenStore.Service,
  options: Partial<Zoho.Options> = {}
) =>
  Zoho.layer({ region: ZohoRegion.make("US"), user: refreshUser, ...options }).pipe(
    Layer.provide(SimHttpClient.layerFrom(simulator)),
    Layer.provide(Layer.succeed(TokenStore.TokenStore, store))
  )

/** Advance the TestClock in 1 s steps until the fiber is done (at most `limit`); the simulated time taken. */
const driveUntilDone = <A, E>(fiber: Fiber.RuntimeFiber<A, E>, limit: Duration.DurationInput) =>
  Effect.gen(function*() {
    const start = yield* Clock.currentTimeMillis
    const max = Duration.toMillis(Duration.decode(limit))
    while (Option.isNone(yield* Fiber.poll(fiber)) && (yield* Clock.currentTimeMillis) - start < max) {
      yield* TestClock.adjust("1 second")
    }
    return Duration.millis((yield* Clock.currentTimeMillis) - start)
  })

const noSecretIn = (value: unknown) => {
  const rendered = [String(value), JSON.stringify(value)].join("\n")
  for (const secret of [CLIENT_SECRET, REFRESH_TOKEN]) assert.notInclude(rendered, secret)
}

describe("a hung accounts server (issue 8.1)", () => {
  it.effect("every waiting fiber gets ZohoTimeoutError phase token in bounded time, after the retries", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.make(SimSeed.demo())
      const store = yield* MemoryTokenStore.make()
      yield* simulator.injectFault({ route: { pathPrefix: "/oauth/" }, times: Infinity, fault: { _tag: "Hang" } })
      const layer = processOver(simulator, store, { client: { retry: { maxRetries: 3 } } })
      const n = 20
      const fiber = yield* Effect.fork(
        Effect.all(Array.from({ length: n }, () => Effect.either(list(query))), { concurrency: "unbounded" }).pipe(
          Effect.provide(layer)
        )
      )
      // 4 attempts × 15 s + backoff (0.5 + 1 + 2 s, jittered): well under 2 minutes.
      const took = yield* driveUntilDone(fiber, "10 minutes")
      const results = yield* Fiber.join(fiber)
      console.log(`hung accounts server: ${n} callers failed after ${Duration.format(took)} (simulated)`)
      assert.isTrue(Duration.lessThan(took, Duration.minutes(2)), `took ${Duration.format(took)}`)
      for (const result of results) {
        assert.isTrue(Either.isLeft(result))
        const error = Either.getLeft(result).pipe(Option.getOrThrow)
        assert.strictEqual(error._tag, "ZohoTimeoutError")
        if (error._tag === "ZohoTimeoutError") {
          assert.strictEqual(error.phase, "token")
          assert.include(error.message, "accounts server did not answer")
        }
        noSecretIn(error)
      }
      const stats = yield* simulator.stats
      // Single flight: concurrent callers share each refresh; never more than one per caller per attempt.
      assert.isAtMost(stats.requests, n * 4)
      assert.isAtLeast(stats.requests, 4)
      assert.deepStrictEqual(stats.byProduct, {}, "no API request without a token")
      assert.strictEqual((yield* store.list).length, 0)
    }))

  it.effect("N fibers on one refresh: one token request, all fail at the 15 s default", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.make(SimSeed.demo())
      const store = yield* MemoryTokenStore.make()
      yield* simulator.injectFault({ route: { pathPrefix: "/oauth/v2/token" }, fault: { _tag: "Hang" } })
      const fiber = yield* Effect.fork(
        Effect.flatMap(ZohoAuth.ZohoAuth, (auth) =>
          Effect.all(
            Array.from({ length: 50 }, () => Effect.flip(auth.accessToken)),
            {
              concurrency: "unbounded"
            }
          )).pipe(Effect.provide(processOver(simulator, store)))
      )
      yield* TestClock.adjust("14 seconds")
      assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)), "still waiting before the timeout")
      yield* TestClock.adjust("1 second")
      const errors = yield* Fiber.join(fiber)
      assert.strictEqual(errors.length, 50)
      for (const error of errors) assert.strictEqual(error._tag === "ZohoTimeoutError" && error.phase, "token")
      assert.strictEqual((yield* simulator.stats).requests, 1)
    }))

  it.effect("ZOHO_TOKEN_TIMEOUT_MS sets the bound through Zoho.layerConfig", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.make(SimSeed.demo())
      const store = yield* MemoryTokenStore.make()
      yield* simulator.injectFault({ route: { pathPrefix: "/oauth/v2/token" }, fault: { _tag: "Hang" } })
      const layer = Zoho.layerConfig({ client: { retry: { maxRetries: 0 } } }).pipe(
        Layer.provide(SimHttpClient.layerFrom(simulator)),
        Layer.provide(Layer.succeed(TokenStore.TokenStore, store))
      )
      const fiber = yield* Effect.fork(Effect.flip(list(query)).pipe(Effect.provide(layer)))
      yield* TestClock.adjust("2 seconds")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "ZohoTimeoutError")
      if (error._tag === "ZohoTimeoutError") assert.strictEqual(Duration.toMillis(error.timeout), 2000)
    }).pipe(
      Effect.withConfigProvider(ConfigProvider.fromMap(
        new Map([
          ["ZOHO_CLIENT_ID", "1000.SIMCLIENT"],
          ["ZOHO_CLIENT_SECRET", CLIENT_SECRET],
          ["ZOHO_REFRESH_TOKEN", REFRESH_TOKEN],
          ["ZOHO_TOKEN_TIMEOUT_MS", "2000"]
        ])
      ))
    ))
})

describe("Zoho's mint cap (issue 8.7)", () => {
  it.effect("separate stores: one token request, then TooManyRequests with retryAfter, no retry loop", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.make(SimSeed.demo({ settings: { tokenMintLimit: 2 } }))
      // Two other processes, each with its own store, spend the cap.
      for (let i = 0; i < 2; i++) {
        yield* list(query).pipe(Effect.provide(processOver(simulator, yield* MemoryTokenStore.make())))
      }
      const before = (yield* simulator.stats).tokenRequests.refresh_token
      const store = yield* MemoryTokenStore.make()
      const fiber = yield* Effect.fork(Effect.flip(list(query)).pipe(Effect.provide(processOver(simulator, store))))
      const took = yield* driveUntilDone(fiber, "10 minutes")
      const error = yield* Fiber.join(fiber)
      const requests = (yield* simulator.stats).tokenRequests.refresh_token - before
      console.log(`mint cap, separate stores: ${requests} token request(s), failed after ${Duration.format(took)}`)
      assert.strictEqual(error._tag, "ZohoOAuthError")
      if (error._tag !== "ZohoOAuthError") return
      assert.strictEqual(error.reason, "TooManyRequests")
      assert.isFalse(ZohoError.isTransient(error))
      assert.isDefined(error.retryAfter)
      assert.isTrue(Duration.lessThanOrEqualTo(error.retryAfter!, ZohoOAuth.mintWindow))
      assert.include(error.message, "mint cap")
      assert.include(error.message, "retry in 600 s")
      assert.strictEqual(requests, 1, "exactly one token request: no retry loop inside Zoho's window")
      assert.isTrue(Duration.lessThan(took, Duration.seconds(5)))
      assert.strictEqual((yield* store.list).length, 0)
      noSecretIn(error)
    }))

  it.effect("a shared store where another process minted meanwhile: success with 0 extra mints", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.make(SimSeed.demo({ settings: { tokenMintLimit: 1 } }))
      const shared = yield* MemoryTokenStore.make()
      // Process A takes the store's lock on its own host only (a lease that lapsed, a store without
      // a distributed lock): it can mint while B waits on the accounts server.
      const lockless: TokenStore.Service = { ...shared, withLock: (_key, effect) => effect }
      const b = processOver(simulator, shared)
      const a = processOver(simulator, lockless)
      // B's token request is slow; A's, sent after it, is answered first and takes the one mint.
      yield* simulator.injectFault({
        route: { method: "POST", pathPrefix: "/oauth/v2/token" },
        fault: { _tag: "Delay", duration: "5 seconds" }
      })
      const fiberB = yield* Effect.fork(
        Effect.flatMap(ZohoAuth.ZohoAuth, (auth) => auth.accessToken).pipe(
          Effect.provide(b)
        )
      )
      while ((yield* simulator.stats).requests < 1) yield* Effect.yieldNow()
      const tokenA = yield* Effect.flatMap(ZohoAuth.ZohoAuth, (auth) => auth.accessToken).pipe(Effect.provide(a))
      yield* TestClock.adjust("5 seconds")
      const tokenB = yield* Fiber.join(fiberB)
      const stats = yield* simulator.stats
      assert.strictEqual(Redacted.value(tokenB.token), Redacted.value(tokenA.token))
      assert.strictEqual(stats.tokensIssued, 1, "B minted nothing")
      assert.strictEqual(stats.tokenRequests.refresh_token, 2, "B asked once, was capped, and used A's token")
    }))
})

describe("an untrusted api_domain (issue 8.8)", () => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ["plain http to a Zoho host", "http://www.zohoapis.com", "www.zohoapis.com"],
    ["a host outside Zoho", "https://zohoapis.com.evil.example", "zohoapis.com.evil.example"],
    ["a look-alike suffix", "https://www.notzohoapis.com", "www.notzohoapis.com"],
    ["credentials in the URL", "https://user:pw@www.zohoapis.com", "www.zohoapis.com"],
    ["a non-default port", "https://www.zohoapis.com:8443", "www.zohoapis.com:8443"]
  ]

  it.effect.each(cases)(
    "%s: ZohoConfigError UntrustedHost, nothing sent there, nothing stored",
    ([, domain, host]) =>
      Effect.gen(function*() {
        const simulator = yield* Simulator.make(SimSeed.demo({ settings: { apiDomain: domain } }))
        const store = yield* MemoryTokenStore.make()
        const error = yield* Effect.flip(list(query)).pipe(Effect.provide(processOver(simulator, store)))
        assert.strictEqual(error._tag, "ZohoConfigError")
        if (error._tag !== "ZohoConfigError") return
        assert.strictEqual(error.reason, "UntrustedHost")
        assert.strictEqual(error.input, host)
        const stats = yield* simulator.stats
        assert.strictEqual(stats.tokenRequests.refresh_token, 1, "one refresh, not retried")
        assert.deepStrictEqual(stats.byProduct, {}, "the bearer token went nowhere")
        assert.strictEqual((yield* store.list).length, 0)
        noSecretIn(error)
      })
  )

  it.effect("a Zoho API host of the region (sandbox, upload) and the configured simulator URL are trusted", () =>
    Effect.gen(function*() {
      for (
        const [domain, region] of [
          ["https://sandbox.zohoapis.com", ZohoRegion.make("US")],
          ["https://content.zohoapis.com", ZohoRegion.make("US")],
          ["https://upload.zohocloud.ca", ZohoRegion.make("CA")],
          ["http://127.0.0.1:4010", ZohoRegion.make("US", "production", { apiUrl: "http://127.0.0.1:4010" })],
          ["http://127.0.0.1:4010", ZohoRegion.make("US", "production", { accountsUrl: "http://127.0.0.1:4010/" })]
        ] as const
      ) {
        assert.deepStrictEqual(ZohoRegion.trustApiDomain(region, domain), Either.right(domain), domain)
      }
    }))
})

describe("bad configuration (issue 8.9): ZohoConfigError when the layer is built", () => {
  const base = {
    ZOHO_CLIENT_ID: "1000.SIMCLIENT",
    ZOHO_CLIENT_SECRET: CLIENT_SECRET,
    ZOHO_REFRESH_TOKEN: REFRESH_TOKEN
  }
  const cases: ReadonlyArray<readonly [string, Record<string, string>]> = [
    ["ZOHO_ACCOUNTS_URL without a scheme", { ZOHO_ACCOUNTS_URL: "accounts.zoho.eu" }],
    ["ZOHO_ACCOUNTS_URL host:port without a scheme", { ZOHO_ACCOUNTS_URL: "localhost:4010" }],
    ["ZOHO_API_URL=ftp://…", { ZOHO_API_URL: "ftp://files.example.com" }],
    ["ZOHO_UPLOAD_URL with credentials", { ZOHO_UPLOAD_URL: "https://u:p@content.zohoapis.com" }],
    ["ZOHO_TIMEOUT_MS=0", { ZOHO_TIMEOUT_MS: "0" }],
    ["ZOHO_TIMEOUT_MS negative", { ZOHO_TIMEOUT_MS: "-5" }],
    ["ZOHO_TOKEN_TIMEOUT_MS=0", { ZOHO_TOKEN_TIMEOUT_MS: "0" }],
    ["ZOHO_MAX_RETRIES negative", { ZOHO_MAX_RETRIES: "-1" }],
    ["an org id with CR/LF", { ZOHO_ORG_ID: "800001\r\nX-Injected: 1" }],
    ["an org id that is not numeric", { ZOHO_ORG_ID: "org-800001" }]
  ]

  it.effect.each(cases)("%s", ([, vars]) =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.make(SimSeed.demo())
      const store = yield* MemoryTokenStore.make()
      const layer = Zoho.layerConfig().pipe(
        Layer.provide(SimHttpClient.layerFrom(simulator)),
        Layer.provide(Layer.succeed(TokenStore.TokenStore, store))
      )
      const typed = yield* Effect.flip(Effect.scoped(Layer.build(layer))).pipe(
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries({ ...base, ...vars }))))
      )
      assert.strictEqual(typed._tag, "ZohoConfigError", String(typed))
      if (typed._tag === "ZohoConfigError") assert.strictEqual(typed.reason, "InvalidInput")
      noSecretIn(typed)
      assert.strictEqual((yield* simulator.stats).requests, 0, "no request sent")
      assert.strictEqual((yield* store.list).length, 0, "nothing stored")
    }))

  it.effect("an empty ZOHO_ORG_ID is unset: a finance call fails before any request", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.make(SimSeed.demo())
      const store = yield* MemoryTokenStore.make()
      const layer = Zoho.layerConfig().pipe(
        Layer.provide(SimHttpClient.layerFrom(simulator)),
        Layer.provide(Layer.succeed(TokenStore.TokenStore, store))
      )
      const error = yield* Effect.flip(Endpoint.call(createContact)({ body: { contact_name: "x" } })).pipe(
        Effect.provide(layer),
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries({ ...base, ZOHO_ORG_ID: "  " }))))
      )
      assert.strictEqual(error._tag, "ZohoConfigError")
      assert.deepStrictEqual((yield* simulator.stats).byProduct, {})
    }))

  it.effect("an empty or CR/LF org id given in code fails the call before any request", () =>
    Effect.gen(function*() {
      for (const organizationId of ["", "800001\r\nX-Injected: 1"]) {
        const simulator = yield* Simulator.make(SimSeed.demo())
        const store = yield* MemoryTokenStore.make()
        const user = ZohoUser.make({ ...refreshUser, organizationId })
        const error = yield* Effect.flip(Endpoint.call(createContact)({ body: { contact_name: "x" } })).pipe(
          Effect.provide(processOver(simulator, store, { user }))
        )
        assert.strictEqual(error._tag, "ZohoConfigError")
        if (error._tag === "ZohoConfigError") assert.strictEqual(error.reason, "InvalidInput")
        assert.strictEqual((yield* simulator.stats).requests, 0)
        assert.strictEqual((yield* store.list).length, 0)
      }
    }))
})
