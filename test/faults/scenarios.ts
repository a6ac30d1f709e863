/**
 * The fault matrix: every scenario as data (see `harness.ts` for what each one asserts). The
 * client retries twice with a 50 ms backoff (`matrixClient`), so "after the retries" is 3 requests.
 *
 * `needs` names the fix a scenario depends on (issue 8's item / the shared brief's contract).
 */
import { Endpoint, FileTokenStore, Pagination, TokenStore, ZohoToken } from "@effect-zoho/core"
import type { TokenStoreError } from "@effect-zoho/core/ZohoError"
import type { Simulator } from "@effect-zoho/sim"
import { MysqlTokenStore } from "@effect-zoho/store-mysql"
import { RedisTokenStore } from "@effect-zoho/store-redis"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { insertLeads, listLeads } from "../support/Endpoints.js"
import { type ServerHandle, startPrivateMysql, startPrivateRedis } from "../support/servers.js"
import { CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, type Scenario, USER_NAME, type World } from "./harness.js"

/** A grant code nobody issued: a secret all the same. */
export const WRONG_GRANT_CODE = "1000.f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0.0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f"

// ── programs ─────────────────────────────────────────────────────────────────────────────────

const list = Endpoint.call(listLeads)({ query: { fields: ["Last_Name"] } })
const create = Endpoint.call(insertLeads)({ body: { data: [{ Last_Name: "Fault matrix" }] } })

const listOnce = (w: World) => w.provide(list)
const createOnce = (w: World) => w.provide(create)

class Mismatch {
  readonly _tag = "Mismatch"
  constructor(readonly message: string) {}
}

/** `n` concurrent calls that must all fail alike: fails with the first one's error. */
const allFailAlike = (n: number, call: Effect.Effect<unknown, unknown, never>) =>
  Effect.forEach(Array.from({ length: n }, () => Effect.flip(call)), (e) => e, { concurrency: "unbounded" }).pipe(
    Effect.flatMap((errors) => {
      const tags = new Set(errors.map((e) => JSON.stringify([tagOf(e), reasonOf(e)])))
      return tags.size === 1
        ? Effect.fail(errors[0])
        : Effect.fail(new Mismatch(`fibers failed differently: ${[...tags].join(" ")}`))
    })
  )

const prop = (u: unknown, name: string): unknown =>
  typeof u === "object" && u !== null ? (u as Record<string, unknown>)[name] : undefined
const tagOf = (u: unknown) => prop(u, "_tag")
const reasonOf = (u: unknown) => prop(u, "reason") ?? prop(u, "phase")

/** Every lead through CRM pagination (100 per page), expiring the access tokens after the 50th. */
const streamWithExpiry = (w: World) =>
  Pagination.crm(listLeads, { query: { fields: ["Last_Name"] } }, { perPage: 100 }).pipe(
    Stream.zipWithIndex,
    Stream.tap(([, i]) => i === 50 ? w.sim.expireAccessTokens : Effect.void),
    Stream.runFold(new Map<string, number>(), (seen, [lead]) => seen.set(lead.id, (seen.get(lead.id) ?? 0) + 1)),
    Effect.flatMap((seen) => {
      const duplicated = [...seen.values()].filter((n) => n > 1).length
      return seen.size === 250 && duplicated === 0
        ? Effect.void
        : Effect.fail(new Mismatch(`${seen.size} distinct leads, ${duplicated} seen twice`))
    })
  )

// ── faults ───────────────────────────────────────────────────────────────────────────────────

const getLeads = { method: "GET", pathPrefix: "/crm/v8/Leads" }
const postLeads = { method: "POST", pathPrefix: "/crm/v8/Leads" }
const tokenEndpoint = { method: "POST", pathPrefix: "/oauth/v2/token" }

const inject = (route: Simulator.RouteMatch, fault: Simulator.Fault, times = 1) => (w: World) =>
  w.sim.injectFault({ route, fault, times })

const crmError = (code: string) => ({ code, details: {}, message: `simulated ${code}`, status: "error" })
const tooMany = crmError("TOO_MANY_REQUESTS")
/** Zoho's answer at the mint cap (facts §1.4). */
const mintThrottled = {
  error: "Access Denied",
  error_description: "You have made too many requests continuously. Please try again after some time.",
  status: "failure"
}

// ── the other process of the mint-cap scenario ───────────────────────────────────────────────

/** What another process sharing the token file does: mint at Zoho and save to the shared store. */
const otherProcessMints = (w: World) =>
  Effect.gen(function*() {
    const response = yield* Effect.promise(() =>
      fetch(`${w.url}/oauth/v2/token`, {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "refresh_token",
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          refresh_token: REFRESH_TOKEN
        })
      }).then((r) => r.json() as Promise<{ access_token: string; expires_in: number; api_domain: string }>)
    )
    const store = yield* TokenStore.TokenStore
    yield* store.save(
      new ZohoToken.ZohoToken({
        id: ZohoToken.makeId(),
        clientId: CLIENT_ID,
        clientSecret: Redacted.make(CLIENT_SECRET),
        userName: USER_NAME,
        refreshToken: Redacted.make(REFRESH_TOKEN),
        accessToken: Redacted.make(response.access_token),
        expiryTime: Date.now() + response.expires_in * 1000,
        apiDomain: response.api_domain
      })
    )
  }).pipe(
    Effect.provide(FileTokenStore.layer({ path: w.env.ZOHO_TOKEN_FILE! }).pipe(Layer.provide(NodeFileSystem.layer)))
  )

/** Waits until the simulator has received `n` token requests (counted on arrival). */
const tokenRequestsArrived = (w: World, n: number) =>
  w.sim.stats.pipe(
    Effect.filterOrFail((s) => (s.byRoute["POST /oauth/v2/token"] ?? 0) >= n),
    Effect.retry(Schedule.spaced("20 millis").pipe(Schedule.upTo("10 seconds")))
  )

// ── store down ───────────────────────────────────────────────────────────────────────────────

/**
 * One process: a call that stores its token, then the store goes away and the access token
 * expires, so the next call needs the store.
 */
const storeGoesDown = (
  w: World,
  store: Layer.Layer<TokenStore.TokenStore, TokenStoreError> | undefined,
  env: Readonly<Record<string, string>>,
  down: Effect.Effect<void>
) =>
  Effect.gen(function*() {
    yield* list
    yield* down
    yield* w.sim.expireAccessTokens
    return yield* list
  }).pipe((e) => w.provide(e, { store, env }))

const privateServer = (start: () => Promise<ServerHandle>) =>
  Effect.acquireRelease(Effect.promise(start), (server) => Effect.promise(() => server.dispose()))

const serverDown = (kind: "mysql" | "redis") => (w: World): Effect.Effect<unknown, unknown, Scope.Scope> =>
  Effect.gen(function*() {
    const server = yield* privateServer(kind === "mysql" ? startPrivateMysql : startPrivateRedis)
    const store = kind === "mysql"
      ? MysqlTokenStore.layer({
        url: Redacted.make(server.url),
        table: `faults_${process.pid}`,
        createTable: true,
        connectTimeout: "1 second"
      })
      : RedisTokenStore.layer({ url: server.url, prefix: `faults-${process.pid}:` })
    yield* w.restartClock
    return yield* storeGoesDown(w, store, {}, Effect.promise(() => server.stop()))
  })

const fileStoreDir = (w: World) => Path.join(w.dir, "store")

/** The token file's directory becomes a plain file: every read and write fails. */
const breakFileStore = (w: World) =>
  Effect.sync(() => {
    Fs.rmSync(fileStoreDir(w), { recursive: true, force: true })
    Fs.writeFileSync(fileStoreDir(w), "not a directory")
  })

// ── the matrix ───────────────────────────────────────────────────────────────────────────────

const transientStatuses = [500, 502, 503, 504] as const

/** 250 leads in the demo org: three pages of 100. */
const seededLeads = {
  crmRecords: { org1: { Leads: Array.from({ length: 250 }, (_, i) => ({ Last_Name: `Seeded ${i}` })) } }
}

export const scenarios: ReadonlyArray<Scenario> = [
  // Rate limits on the API.
  {
    name: "429 with Retry-After: waits, then succeeds",
    setup: inject(getLeads, { _tag: "Status", status: 429, body: tooMany, headers: { "retry-after": "1" } }),
    run: listOnce,
    expect: { outcome: "success", tokenRequests: 1, apiRequests: 2 }
  },
  {
    name: "429 without Retry-After: backoff, then succeeds",
    setup: inject(getLeads, { _tag: "Status", status: 429, body: tooMany }),
    run: listOnce,
    expect: { outcome: "success", tokenRequests: 1, apiRequests: 2 }
  },
  {
    name: "Retry-After beyond the maximum: fails at once with the wait",
    setup: inject(getLeads, { _tag: "Status", status: 429, body: tooMany, headers: { "retry-after": "600" } }),
    run: listOnce,
    expect: {
      outcome: { tag: "ZohoRateLimited", fields: { reason: "RetryAfterTooLong" }, present: ["retryAfter"] },
      tokenRequests: 1,
      apiRequests: 1
    },
    needs: "C4 (item 10: a readable message on every error)"
  },
  // Server errors: once (transient) and every time (permanent).
  ...transientStatuses.map((status): Scenario => ({
    name: `${status} once on a read: retried, succeeds`,
    setup: inject(getLeads, { _tag: "Status", status }),
    run: listOnce,
    expect: { outcome: "success", tokenRequests: 1, apiRequests: 2 }
  })),
  ...transientStatuses.map((status): Scenario => ({
    name: `${status} on every read: typed error after the retries`,
    setup: inject(getLeads, { _tag: "Status", status }, Infinity),
    run: listOnce,
    expect: { outcome: { tag: "ZohoApiError", fields: { status } }, tokenRequests: 1, apiRequests: 3 }
  })),
  {
    name: "503 on a create: not replayed, nothing created",
    setup: inject(postLeads, { _tag: "Status", status: 503 }),
    run: createOnce,
    expect: { outcome: { tag: "ZohoApiError", fields: { status: 503 } }, tokenRequests: 1, apiRequests: 1 }
  },
  // Connections.
  {
    name: "reset on a read: retried, succeeds",
    setup: inject(getLeads, { _tag: "Reset" }),
    run: listOnce,
    expect: { outcome: "success", tokenRequests: 1, apiRequests: 2 }
  },
  {
    name: "reset on a create before the server processed it: not replayed",
    setup: inject(postLeads, { _tag: "Reset" }),
    run: createOnce,
    expect: {
      outcome: { tag: "ZohoTransportError", fields: { reason: "ConnectionReset", maybeProcessed: true } },
      tokenRequests: 1,
      apiRequests: 1,
      created: 0
    }
  },
  {
    name: "reset on a create after the server processed it: exactly one record",
    apiVia: "proxy",
    setup: (w) => Effect.sync(() => w.proxy.resetAfterAnswer("POST /crm/v8/Leads")),
    run: createOnce,
    expect: {
      outcome: { tag: "ZohoTransportError", fields: { maybeProcessed: true } },
      tokenRequests: 1,
      apiRequests: 1,
      created: 1
    }
  },
  {
    name: "body cut after the headers (streamed body): typed, no token in the error",
    apiVia: "proxy",
    seed: seededLeads,
    client: { bufferBody: false },
    setup: (w) => Effect.sync(() => w.proxy.resetAfterAnswer("GET /crm/v8/Leads", "body")),
    run: listOnce,
    expect: { outcome: { tag: "ZohoTransportError" }, tokenRequests: 1, apiRequests: 1 },
    needs: "item 2 (no request with its Authorization header inside the error)"
  },
  {
    name: "refused connection: typed, retried, nothing reached the API",
    apiVia: "closed",
    run: listOnce,
    expect: {
      outcome: { tag: "ZohoTransportError", fields: { reason: "ConnectionRefused", maybeProcessed: false } },
      tokenRequests: 1,
      apiRequests: 0
    }
  },
  {
    name: "hang on a read past the timeout: retried, then a timeout",
    client: { readTimeout: "1 second" },
    setup: inject(getLeads, { _tag: "Hang" }, Infinity),
    run: listOnce,
    expect: { outcome: { tag: "ZohoTimeoutError", fields: { phase: "read" } }, tokenRequests: 1, apiRequests: 3 },
    needs: "C4 (item 10: a readable message on every error)"
  },
  {
    name: "hang on a create past the timeout: not replayed",
    client: { readTimeout: "1 second" },
    setup: inject(postLeads, { _tag: "Hang" }, Infinity),
    run: createOnce,
    expect: { outcome: { tag: "ZohoTimeoutError", fields: { phase: "read" } }, tokenRequests: 1, apiRequests: 1 },
    needs: "C4 (item 10: a readable message on every error)"
  },
  {
    name: "slow answer under the timeout: one request, succeeds",
    client: { readTimeout: "5 seconds" },
    setup: inject(getLeads, { _tag: "Delay", duration: "300 millis" }),
    run: listOnce,
    expect: { outcome: "success", tokenRequests: 1, apiRequests: 1 }
  },
  // The token endpoint.
  {
    name: "token endpoint hangs: every waiting call gets a token timeout",
    oauth: { timeout: "500 millis" },
    setup: inject(tokenEndpoint, { _tag: "Hang" }, Infinity),
    run: (w) => allFailAlike(5, w.provide(list)),
    expect: {
      outcome: { tag: "ZohoTimeoutError", fields: { phase: "token" } },
      tokenRequests: [1, 30],
      apiRequests: 0,
      withinSeconds: 30
    },
    needs: "item 1 (C1: ZohoTimeoutError phase \"token\")"
  },
  {
    name: "token endpoint resets once: the read is retried",
    setup: inject(tokenEndpoint, { _tag: "Reset" }),
    run: listOnce,
    expect: { outcome: "success", tokenRequests: 2, apiRequests: 1 }
  },
  {
    name: "token endpoint resets before a create: the create is retried, one record",
    setup: inject(tokenEndpoint, { _tag: "Reset" }),
    run: createOnce,
    expect: { outcome: "success", tokenRequests: 2, apiRequests: 1, created: 1 },
    needs: "item 6 (C6: a create never sent may be retried)"
  },
  {
    name: "token endpoint 500 once: retried",
    setup: inject(tokenEndpoint, { _tag: "Status", status: 500 }),
    run: listOnce,
    expect: { outcome: "success", tokenRequests: 2, apiRequests: 1 }
  },
  {
    name: "token endpoint 500 every time: typed error in bounded time",
    setup: inject(tokenEndpoint, { _tag: "Status", status: 500 }, Infinity),
    run: listOnce,
    // Retried by the client and, per the refresh policy, by the auth layer: bounded, not exact.
    expect: { outcome: { tag: "ZohoOAuthError" }, tokenRequests: [1, 30], apiRequests: 0, withinSeconds: 30 },
    needs: "C4 (item 10: a readable message on every error)"
  },
  {
    name: "token endpoint rate limit (429): typed, no retry loop",
    setup: inject(tokenEndpoint, { _tag: "Status", status: 429, body: mintThrottled }, Infinity),
    run: listOnce,
    expect: {
      outcome: { tag: "ZohoOAuthError", fields: { reason: "TooManyRequests" }, present: ["retryAfter"] },
      tokenRequests: 1,
      apiRequests: 0
    },
    needs: "item 7 (C2: TooManyRequests with retryAfter, not retried)"
  },
  // Tokens the API refuses.
  {
    name: "401 mid-stream: one refresh, every record exactly once",
    seed: seededLeads,
    run: (w) => w.provide(streamWithExpiry(w)),
    expect: { outcome: "success", tokenRequests: 2, apiRequests: 4 }
  },
  {
    name: "expired access tokens: refreshed once, replayed once",
    run: (w) => w.provide(Effect.zipRight(Effect.zipRight(list, w.sim.expireAccessTokens), list)),
    expect: { outcome: "success", tokenRequests: 2, apiRequests: 3 }
  },
  {
    name: "two 401s in a row: one replay, then a typed error",
    setup: inject(getLeads, { _tag: "Status", status: 401 }, 2),
    run: listOnce,
    expect: { outcome: { tag: "ZohoAuthError", fields: { reason: "InvalidToken" } }, tokenRequests: 2, apiRequests: 2 }
  },
  {
    name: "scope mismatch: typed, not retried",
    env: { ZOHO_REFRESH_TOKEN: "1000.booksonlyrefresh" },
    run: listOnce,
    expect: { outcome: { tag: "ZohoAuthError", fields: { reason: "ScopeMismatch" } }, tokenRequests: 1, apiRequests: 1 }
  },
  // The accounts server refuses.
  {
    name: "invalid client: permanent, asked once",
    env: { ZOHO_CLIENT_ID: "1000.UNKNOWNCLIENT" },
    run: listOnce,
    expect: {
      outcome: { tag: "ZohoOAuthError", fields: { reason: "InvalidClient" } },
      tokenRequests: 1,
      apiRequests: 0
    },
    needs: "item 10 (C4: a readable message)"
  },
  {
    name: "revoked refresh token: permanent, says to log in again",
    setup: (w) => Effect.asVoid(w.sim.revokeToken(REFRESH_TOKEN)),
    run: listOnce,
    expect: {
      outcome: { tag: "ZohoOAuthError", fields: { reason: "InvalidRefreshToken" } },
      tokenRequests: 1,
      apiRequests: 0
    },
    needs: "item 10 (C4: revoked refresh token is InvalidRefreshToken, readable message)"
  },
  {
    name: "invalid grant code: permanent, asked once",
    env: { ZOHO_REFRESH_TOKEN: "", ZOHO_GRANT_CODE: WRONG_GRANT_CODE },
    run: listOnce,
    expect: { outcome: { tag: "ZohoOAuthError", fields: { reason: "InvalidCode" } }, tokenRequests: 1, apiRequests: 0 },
    needs: "item 10 (C4: a readable message)"
  },
  {
    name: "wrong data center: the refresh token is unknown there",
    // This data center's accounts server knows the client (multi-DC) but not the user's token.
    seed: { refreshTokens: [] },
    run: listOnce,
    expect: {
      outcome: { tag: "ZohoOAuthError", fields: { reason: "InvalidRefreshToken" } },
      tokenRequests: 1,
      apiRequests: 0
    },
    needs: "item 10 (C4: unknown refresh token is InvalidRefreshToken, readable message)"
  },
  // Answers that are not what they claim.
  {
    name: "malformed JSON at 200: typed decode error, not retried",
    setup: inject(getLeads, {
      _tag: "Status",
      status: 200,
      body: "{\"data\": [{\"id\": ",
      headers: { "content-type": "application/json;charset=UTF-8" }
    }),
    run: listOnce,
    expect: { outcome: { tag: "ZohoDecodeError" }, tokenRequests: 1, apiRequests: 1 }
  },
  {
    name: "HTML at 200: typed decode error, not retried",
    setup: inject(getLeads, {
      _tag: "Status",
      status: 200,
      body: "<html><body><h1>Maintenance</h1></body></html>",
      headers: { "content-type": "text/html;charset=UTF-8" }
    }),
    run: listOnce,
    expect: { outcome: { tag: "ZohoDecodeError" }, tokenRequests: 1, apiRequests: 1 }
  },
  // The mint cap: 1 token per window here (Zoho: 10 per 10 minutes).
  {
    name: "mint cap, separate stores: typed error with the wait, no retry loop",
    seed: { settings: { tokenMintLimit: 1 } },
    run: (w) =>
      Effect.zipRight(
        listOnce(w),
        w.provide(list, { env: { ZOHO_TOKEN_FILE: Path.join(w.dir, "other-process.json") } })
      ),
    expect: {
      outcome: { tag: "ZohoOAuthError", fields: { reason: "TooManyRequests" }, present: ["retryAfter"] },
      tokenRequests: 2,
      apiRequests: 1
    },
    needs: "item 7 (C2: TooManyRequests with retryAfter, not retried)"
  },
  {
    name: "mint cap, shared store: the token another process minted is used",
    seed: { settings: { tokenMintLimit: 1 } },
    // This process's token request is held back while the other process mints and saves.
    setup: inject(tokenEndpoint, { _tag: "Delay", duration: "1500 millis" }),
    run: (w) =>
      Effect.gen(function*() {
        const call = yield* Effect.fork(listOnce(w))
        yield* tokenRequestsArrived(w, 1)
        yield* otherProcessMints(w)
        return yield* Fiber.join(call)
      }),
    expect: { outcome: "success", tokenRequests: 2, apiRequests: 1 },
    needs: "item 7 (C2: re-read a shared store before failing)"
  },
  // The token store goes down mid-run: a typed error, and nothing minted that could not be kept.
  {
    name: "file store down: typed store error, nothing minted",
    run: (w) =>
      storeGoesDown(w, undefined, { ZOHO_TOKEN_FILE: Path.join(fileStoreDir(w), "tokens.json") }, breakFileStore(w)),
    expect: { outcome: { tag: "TokenStoreError" }, tokenRequests: 1, apiRequests: 2 }
  },
  {
    name: "MySQL store down: typed store error, nothing minted",
    run: serverDown("mysql"),
    expect: {
      outcome: { tag: "TokenStoreError", fields: { reason: "Unavailable" } },
      tokenRequests: 1,
      apiRequests: 2,
      withinSeconds: 60
    }
  },
  {
    name: "Redis store down: typed store error, nothing minted",
    run: serverDown("redis"),
    expect: {
      outcome: { tag: "TokenStoreError", fields: { reason: "Unavailable" } },
      tokenRequests: 1,
      apiRequests: 2,
      withinSeconds: 30
    }
  }
]

/** Scenarios that need the MariaDB/Redis servers of the global setup. */
export const needsServers = (scenario: Scenario): boolean => /MySQL|Redis/.test(scenario.name)
