/**
 * The Zoho simulator: one instance holds the accounts server (grant codes, tokens, revocation),
 * the product handlers (CRM, Books, Inventory, Invoice, Expense, Billing), per-org rate limits,
 * fault injection switches, counters and a request log. Both faces, the in-memory
 * `SimHttpClient` and the `SimHttpApp` server, answer through `handle`.
 *
 * @since 0.1.0
 */
import type { KnownProductId as ProductId } from "@effect-zoho/core/ZohoProducts"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Random from "effect/Random"
import * as Accounts from "./internal/accounts.js"
import * as Admin from "./internal/admin.js"
import * as Body from "./internal/body.js"
import * as Builtins from "./internal/builtins.js"
import * as Faults from "./internal/faults.js"
import * as Ids from "./internal/ids.js"
import * as Limits from "./internal/limits.js"
import type { ProductSim, RouteContext } from "./internal/ProductSim.js"
import * as Router from "./internal/router.js"
import * as Recorder from "./internal/stats.js"
import type { SimOutcome, SimRequest, SimResponse } from "./SimHttp.js"
import * as SimHttp from "./SimHttp.js"
import type { SimSeed } from "./SimSeed.js"

/**
 * Which requests a fault applies to; every field that is set must match.
 *
 * @category models
 * @since 0.1.0
 */
export type RouteMatch = Faults.RouteMatch

/**
 * `Status`: answer with this status (and body/headers; the body defaults to the product's own
 * error envelope). `Delay`: wait, then answer normally (the wait holds a concurrency slot, like a
 * slow server). `Reset`/`Refuse`: drop the connection without processing the request (`Reset`
 * with a TCP RST, `Refuse` with a plain close); on both faces a client sees a connection dropped
 * after its request went out (`ConnectionReset`, `maybeProcessed: true`), since a server that
 * has read a request can no longer refuse its connection. `Hang`: never answer.
 *
 * @category models
 * @since 0.1.0
 */
export type Fault = Faults.Fault

/**
 * A fault for the next `times` matching requests (default 1; `Infinity` for all of them).
 *
 * @category models
 * @since 0.1.0
 */
export type FaultSpec = Faults.FaultSpec

/**
 * @category models
 * @since 0.1.0
 */
export type LimitsInput = Limits.LimitsInput

/**
 * @category models
 * @since 0.1.0
 */
export type LimitKind = Limits.LimitKind

/**
 * @category models
 * @since 0.1.0
 */
export type Stats = Recorder.Stats

/**
 * @category models
 * @since 0.1.0
 */
export type LogEntry = Recorder.LogEntry

/**
 * @category models
 * @since 0.1.0
 */
export type NewGrant = Accounts.NewGrant

export type {
  /**
   * One product's simulated API (its routes and seed), as `Simulator.make` takes it in `products`.
   *
   * @since 0.1.0
   */
  ProductSim
} from "./internal/ProductSim.js"

/**
 * How long the server takes to answer a call: a fixed time, or a uniformly drawn time between
 * `min` and `max` (jitter).
 *
 * @category models
 * @since 0.1.0
 */
export type ServerTime =
  | Duration.DurationInput
  | { readonly min: Duration.DurationInput; readonly max: Duration.DurationInput }

/**
 * What the standalone server (`zoho-sim`) spends on each call unless told otherwise: about what a
 * nearby Zoho data center takes for a small call.
 *
 * @category constants
 * @since 0.1.0
 */
export const defaultServerTime: ServerTime = { min: "20 millis", max: "80 millis" }

/**
 * @category models
 * @since 0.1.0
 */
export interface Options {
  /**
   * Time spent on each accounts and API call before it is answered (default none). An API call
   * holds its concurrency slot meanwhile, as on Zoho, so a burst of concurrent calls meets the
   * concurrency limit. Slept on Effect's `Clock`: under `TestClock` it passes only when the test
   * adjusts the clock, so in-memory tests leave it unset.
   */
  readonly serverTime?: ServerTime | undefined
  /**
   * Products to serve besides (or instead of) the built-in ones: a product with the id of a
   * built-in one replaces it.
   */
  readonly products?: ReadonlyArray<ProductSim> | undefined
  /** Serve the built-in CRM and finance products (default `true`). */
  readonly builtInProducts?: boolean | undefined
  /** HTTP status of the "too many requests" answer from the token endpoint (default 400). */
  readonly mintThrottleStatus?: number | undefined
  /**
   * Live access tokens kept per refresh token before the oldest is silently invalidated
   * (default 30, the most lenient figure Zoho documents; `Infinity` for no cap).
   */
  readonly activeTokenLimit?: number | undefined
  /** Request log entries kept (default 10,000). */
  readonly logLimit?: number | undefined
  /** Serve the JSON controls under `/__sim/` (default `true`). */
  readonly admin?: boolean | undefined
}

/**
 * @category models
 * @since 0.1.0
 */
export interface Service {
  readonly seed: SimSeed
  /** Answer one request: the single entry point of both faces. */
  readonly handle: (request: SimRequest) => Effect.Effect<SimOutcome>
  readonly injectFault: (spec: FaultSpec) => Effect.Effect<void>
  readonly clearFaults: Effect.Effect<void>
  /** Revoke a refresh token (and every access token minted from it) or one access token. */
  readonly revokeToken: (token: string) => Effect.Effect<boolean>
  /** Every access token issued so far is expired from now on. */
  readonly expireAccessTokens: Effect.Effect<void>
  /** Override limits for an org (any of its ids; `*` for every org) and product. */
  readonly setLimits: (orgId: string, product: ProductId, limits: LimitsInput) => Effect.Effect<void>
  readonly stats: Effect.Effect<Stats>
  /** The latest requests (bounded), oldest first. Paths only: no query strings. */
  readonly log: Effect.Effect<ReadonlyArray<LogEntry>>
  /** Zero the counters, the log and the rate-limit usage. */
  readonly resetCounters: Effect.Effect<void>
  /** A fresh grant code, as the API console or the consent screen would hand out. */
  readonly createGrantCode: (grant: NewGrant) => Effect.Effect<string>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Simulator extends Context.Tag("@effect-zoho/sim/Simulator")<Simulator, Service>() {}

const lowerKeys = (headers: Readonly<Record<string, string>>): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v
  return out
}

const withHeaders = (response: SimResponse, headers: Readonly<Record<string, string>>): SimResponse =>
  Object.keys(headers).length === 0
    ? response
    : { ...response, headers: { ...lowerKeys(response.headers), ...headers } }

const respond = (response: SimResponse): SimOutcome => ({ _tag: "Respond", response })

const NOT_FOUND = SimHttp.json(404, {
  code: "INVALID_URL_PATTERN",
  details: {},
  message: "Please check if the URL trying to access is a correct one",
  status: "error"
})

/** `Zoho-oauthtoken <token>`, or `Bearer <token>` as many generic clients send. */
const bearer = (header: string | undefined): string | undefined => {
  const m = header === undefined ? null : /^\s*(?:zoho-oauthtoken|bearer)\s+(\S+)\s*$/i.exec(header)
  return m === null ? undefined : m[1]
}

/** The body a `Status` fault answers with when it names none: the product's own envelope. */
const faultBody = (status: number, product: ProductSim | undefined, accounts: boolean): SimResponse => {
  if (product !== undefined) {
    if (status === 401) return product.errors.invalidToken()
    if (status === 404) return product.errors.notFound()
    if (status === 429) return product.errors.rateLimited("minute")
    return product.product === "crm"
      ? SimHttp.json(status, { code: "INTERNAL_ERROR", details: {}, message: "Simulated fault", status: "error" })
      : SimHttp.json(status, { code: 1000, message: "Simulated fault" })
  }
  return accounts
    ? SimHttp.json(status, { error: "server_error", error_description: "Simulated fault" })
    : SimHttp.json(status, { code: "INTERNAL_ERROR", details: {}, message: "Simulated fault", status: "error" })
}

const faultResponse = (
  fault: Extract<Fault, { _tag: "Status" }>,
  product: ProductSim | undefined,
  accounts: boolean
): SimResponse => {
  const base: SimResponse = fault.body === undefined
    ? { ...faultBody(fault.status, product, accounts), status: fault.status }
    : typeof fault.body === "string"
    ? { status: fault.status, headers: { "content-type": "text/plain;charset=UTF-8" }, body: fault.body }
    : SimHttp.json(fault.status, fault.body)
  return withHeaders(base, lowerKeys(fault.headers ?? {}))
}

const isAccountsPath = (path: string) => path.startsWith("/oauth/")

const millis = (d: Duration.DurationInput) => Math.max(0, Math.round(Duration.toMillis(Duration.decode(d))))

/** One call's server time: nothing, a fixed sleep, or a sleep drawn from `[min, max]`. */
const serverTimeEffect = (time: ServerTime | undefined): Effect.Effect<void> => {
  if (time === undefined) return Effect.void
  const [min, max] = typeof time === "object" && "min" in time
    ? [millis(time.min), millis(time.max)]
    : [millis(time), millis(time)]
  if (max <= 0) return Effect.void
  if (max <= min) return Effect.sleep(Duration.millis(min))
  return Effect.flatMap(Random.nextIntBetween(min, max + 1), (ms) => Effect.sleep(Duration.millis(ms)))
}

/**
 * Build a simulator from a seed. All state lives in the returned instance.
 *
 * @example
 * ```ts
 * import {
 *   Endpoint,
 *   Envelope,
 *   MemoryTokenStore,
 *   Zoho,
 *   ZohoCredentials,
 *   ZohoProducts,
 *   ZohoRegion,
 *   ZohoUser
 * } from "@effect-zoho/core"
 * import { SimHttpClient, Simulator, SimSeed } from "@effect-zoho/sim"
 * import { Effect, Layer, Redacted, Schema } from "effect"
 *
 * const listLeads = Endpoint.make({
 *   product: ZohoProducts.crm,
 *   operation: "crm.leads.list",
 *   method: "GET",
 *   path: "/Leads",
 *   query: Schema.Struct({ fields: Schema.Array(Schema.String) }),
 *   response: Envelope.CrmList(Schema.Struct({ id: Schema.String })),
 *   empty: { data: [] }
 * })
 * const user = ZohoUser.make({
 *   credentials: ZohoCredentials.RefreshToken({
 *     clientId: "1000.SIMCLIENT",
 *     clientSecret: Redacted.make("sim-secret"),
 *     refreshToken: Redacted.make("1000.simrefresh")
 *   })
 * })
 *
 * // Keep a handle on the simulator to inject faults and read its counters.
 * const program = Effect.gen(function*() {
 *   const simulator = yield* Simulator.make(SimSeed.demo())
 *   yield* simulator.injectFault({ route: { pathPrefix: "/crm/v8/Leads" }, fault: { _tag: "Status", status: 503 } })
 *   const stack = Zoho.layer({ region: ZohoRegion.make("US"), user }).pipe(
 *     Layer.provide(SimHttpClient.layerFrom(simulator)),
 *     Layer.provide(MemoryTokenStore.layer)
 *   )
 *   yield* Endpoint.call(listLeads)({ query: { fields: ["Last_Name"] } }).pipe(Effect.provide(stack))
 *   return yield* simulator.stats
 * })
 *
 * const stats = await Effect.runPromise(program)
 * // The 503 was retried, and one refresh served both attempts.
 * assert.strictEqual(stats.tokenRequests.refresh_token, 1)
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (seed: SimSeed, options: Options = {}): Effect.Effect<Service> =>
  Effect.gen(function*() {
    const startedAt = yield* Clock.currentTimeMillis
    const ids = Ids.make(seed.settings.idSeed)
    const accounts = Accounts.make(seed, ids, {
      mintThrottleStatus: options.mintThrottleStatus ?? 400,
      activeTokenLimit: options.activeTokenLimit ?? 30
    }, startedAt)
    const limits = Limits.make(seed)
    const faults = Faults.make()
    const recorder = Recorder.make(options.logLimit ?? 10_000)
    const builtIn = options.builtInProducts === false ? [] : Builtins.products(seed)
    const router = Router.make(Router.combine(builtIn, options.products ?? []))
    const adminEnabled = options.admin ?? true
    const serverTime = serverTimeEffect(options.serverTime)

    const api = (
      match: Router.Match,
      request: SimRequest,
      delay: Fault | undefined,
      now: number
    ): Effect.Effect<SimResponse> => {
      const product = match.product
      const sleep = delay?._tag === "Delay" ? Effect.zipRight(Effect.sleep(delay.duration), serverTime) : serverTime
      const token = bearer(request.headers["authorization"])
      const caller = token === undefined ? undefined : accounts.authenticate(token, now)
      if (caller === undefined) return Effect.as(sleep, product.errors.invalidToken())
      const ctx: RouteContext = { request, subpath: match.subpath, caller, now, ids }
      const orgKey = product.orgKey(ctx)
      return Effect.acquireUseRelease(
        Effect.sync(() => limits.acquire(product.product, orgKey, now)),
        (decision) => {
          if (decision._tag === "Limited") {
            recorder.rateLimited(decision.kind)
            return Effect.as(sleep, withHeaders(product.errors.rateLimited(decision.kind), decision.headers))
          }
          return sleep.pipe(
            Effect.zipRight(Clock.currentTimeMillis),
            Effect.flatMap((at) => product.handle(at === now ? ctx : { ...ctx, now: at })),
            Effect.map((response) => withHeaders(response, decision.headers))
          )
        },
        (decision) => Effect.sync(() => decision._tag === "Allowed" && decision.release())
      )
    }

    const handle = (request: SimRequest): Effect.Effect<SimOutcome> =>
      Effect.gen(function*() {
        const path = request.url.pathname
        const method = request.method.toUpperCase()
        if (adminEnabled && path.startsWith(Admin.PREFIX)) {
          return respond(yield* Admin.handle(controls, request))
        }
        const now = yield* Clock.currentTimeMillis
        recorder.request(method, path)
        const match = router.route(path)
        const accountsPath = isAccountsPath(path)
        const product = accountsPath ? undefined : match?.product
        if (product !== undefined) recorder.product(product.product)
        const record = (outcome: SimOutcome) => {
          recorder.log({
            at: now,
            method,
            path,
            status: outcome._tag === "Respond" ? outcome.response.status : 0,
            outcome: outcome._tag,
            product: product?.product
          })
          return outcome
        }

        const fault = faults.take(method, path)
        if (fault !== undefined && fault._tag !== "Delay") {
          return record(fault._tag === "Status" ? respond(faultResponse(fault, product, accountsPath)) : fault)
        }

        if (accountsPath || match === undefined) {
          if (fault !== undefined) yield* Effect.sleep(fault.duration)
          if (accountsPath) yield* serverTime
          const at = yield* Clock.currentTimeMillis
          const result = accountsPath ? accounts.handle(request, yield* Body.read(request), at) : undefined
          if (result === undefined) return record(respond(NOT_FOUND))
          recorder.token(result.event.grantType, result.event.issued, result.event.revoked)
          return record(respond(result.response))
        }
        return record(respond(yield* api(match, request, fault, now)))
      })

    const controls: Admin.Controls = {
      injectFault: (spec) => Effect.sync(() => faults.add(spec)),
      clearFaults: Effect.sync(() => faults.clear()),
      activeFaults: Effect.sync(() =>
        faults.active().map((f) => ({
          ...f,
          remaining: Number.isFinite(f.remaining) ? f.remaining : "Infinity",
          fault: f.fault._tag === "Delay" ? { _tag: "Delay", millis: Faults.delayMillis(f.fault) } : f.fault
        }))
      ),
      revokeToken: (token) =>
        Effect.sync(() => {
          const revoked = accounts.revoke(token)
          if (revoked) recorder.revoked()
          return revoked
        }),
      expireAccessTokens: Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.sync(() => accounts.expireAccessTokens(now))),
      setLimits: (orgId, product, input) =>
        Effect.sync(() => limits.set(orgId, product, input)),
      stats: Effect.sync(() => recorder.snapshot()),
      log: Effect.sync(() => recorder.entries()),
      resetCounters: Effect.sync(() => {
        recorder.reset()
        limits.reset()
      }),
      createGrantCode: (grant) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.sync(() => accounts.createGrant(grant, now))),
      defaultGrant: () => {
        const client = seed.clients[0]
        const user = seed.users[0]
        return client === undefined || user === undefined ? undefined : { clientId: client.clientId, userId: user.id }
      }
    }

    return {
      seed,
      handle,
      injectFault: controls.injectFault,
      clearFaults: controls.clearFaults,
      revokeToken: controls.revokeToken,
      expireAccessTokens: controls.expireAccessTokens,
      setLimits: controls.setLimits,
      stats: controls.stats,
      log: controls.log,
      resetCounters: controls.resetCounters,
      createGrantCode: controls.createGrantCode
    } satisfies Service
  })

/**
 * @since 0.1.0
 * @category layers
 */
export const layer = (seed: SimSeed, options: Options = {}): Layer.Layer<Simulator> =>
  Layer.effect(Simulator, make(seed, options))
