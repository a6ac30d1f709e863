/**
 * Per-org, per-product rate limits: requests per minute, concurrent in-flight calls and a daily
 * budget. Finance products count the day from UTC midnight and advertise it with
 * `X-Rate-Limit-*` headers; CRM counts credits over a rolling 24 h (facts §5).
 */
import type { KnownProductId as ProductId } from "@effect-zoho/core/ZohoProducts"
import * as Duration from "effect/Duration"
import type { SimSeed } from "../SimSeed.js"

export type LimitKind = "minute" | "concurrency" | "day"

/** Limits as the simulator enforces them; `Infinity` means none. */
export interface EffectiveLimits {
  /** Calls allowed per window (one minute unless `windowMillis` says otherwise). */
  readonly requestsPerMinute: number
  /** The length of the `requestsPerMinute` window. */
  readonly windowMillis: number
  readonly concurrent: number
  readonly perDay: number
  readonly retryAfter: boolean
}

/** Settable limits (the seed's `SimLimits` shape); unset values fall through to the defaults. */
export interface LimitsInput {
  readonly requestsPerMinute?: number | undefined
  /**
   * The length of the `requestsPerMinute` window, default one minute. Shorter windows let a
   * real-time test (several processes against the server) cover many windows in a few seconds.
   */
  readonly window?: Duration.DurationInput | undefined
  readonly concurrent?: number | undefined
  readonly perDay?: number | undefined
  readonly retryAfter?: boolean | undefined
}

const MINUTE = 60_000
const DAY = 86_400_000

const finance: EffectiveLimits = {
  requestsPerMinute: 100,
  windowMillis: MINUTE,
  concurrent: 10,
  perDay: 1000,
  retryAfter: true
}

/**
 * Defaults per product. Finance: 100/min per org (facts §5.1), 10 in flight (paid plans), 1,000
 * a day (the free Books plan, the smallest documented budget). CRM: no per-minute window, 10 in
 * flight, 5,000 credits per rolling 24 h (the free edition). All settable.
 */
export const defaults: Readonly<Record<ProductId, EffectiveLimits>> = {
  crm: { requestsPerMinute: Infinity, windowMillis: MINUTE, concurrent: 10, perDay: 5000, retryAfter: true },
  books: finance,
  inventory: finance,
  invoice: finance,
  expense: finance,
  billing: finance
}

/** Finance limits by plan (Zoho's API docs: calls a day per org, concurrent calls per org). */
const financePlans: Readonly<Record<string, LimitsInput>> = {
  free: { perDay: 1000, concurrent: 5 },
  standard: { perDay: 2000, concurrent: 10 },
  professional: { perDay: 5000, concurrent: 10 },
  premium: { perDay: 10000, concurrent: 10 },
  elite: { perDay: 10000, concurrent: 10 },
  ultimate: { perDay: 10000, concurrent: 10 }
}

interface Counter {
  minuteStart: number
  minuteCount: number
  inFlight: number
  /** Finance: the UTC day index and the calls made in it. */
  day: number
  dayCount: number
  /** CRM: calls per minute bucket over the last 24 h. */
  buckets: Map<number, number>
}

export type Decision =
  | { readonly _tag: "Allowed"; readonly release: () => void; readonly headers: Record<string, string> }
  | { readonly _tag: "Limited"; readonly kind: LimitKind; readonly headers: Record<string, string> }

export interface Limits {
  /** Count one call against the org's limits, or say which limit it hits. */
  readonly acquire: (product: ProductId, orgKey: string, now: number) => Decision
  /** Override limits for an org (`*`: every org) and product. */
  readonly set: (orgId: string, product: ProductId, limits: LimitsInput) => void
  readonly effective: (product: ProductId, orgKey: string) => EffectiveLimits
  readonly reset: () => void
}

const merge = (base: EffectiveLimits, input: LimitsInput | undefined): EffectiveLimits =>
  input === undefined ? base : {
    requestsPerMinute: input.requestsPerMinute ?? base.requestsPerMinute,
    windowMillis: input.window === undefined ? base.windowMillis : Duration.toMillis(Duration.decode(input.window)),
    concurrent: input.concurrent ?? base.concurrent,
    perDay: input.perDay ?? base.perDay,
    retryAfter: input.retryAfter ?? base.retryAfter
  }

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000))

export const make = (seed: SimSeed): Limits => {
  const overrides = new Map<string, LimitsInput>()
  const counters = new Map<string, Counter>()

  /** Any of an org's ids (seed id, zgid, finance organization id) names the same org. */
  const canonical = (orgKey: string): string => {
    const org = seed.orgs.find((o) => o.id === orgKey || o.zgid === orgKey || o.financeOrganizationId === orgKey)
    return org?.id ?? orgKey
  }

  const effective = (product: ProductId, orgKey: string): EffectiveLimits => {
    const orgId = canonical(orgKey)
    const org = seed.orgs.find((o) => o.id === orgId)
    const plan = product === "crm" || org?.financePlan === undefined ? undefined : financePlans[org.financePlan]
    let limits = merge(merge(defaults[product], plan), seed.settings.limits[product])
    limits = merge(limits, overrides.get(`*\u0000${product}`))
    limits = merge(limits, org?.limits[product])
    return merge(limits, overrides.get(`${orgId}\u0000${product}`))
  }

  const counterFor = (key: string): Counter => {
    let c = counters.get(key)
    if (c === undefined) {
      c = { minuteStart: -Infinity, minuteCount: 0, inFlight: 0, day: -1, dayCount: 0, buckets: new Map() }
      counters.set(key, c)
    }
    return c
  }

  const acquire = (product: ProductId, orgKey: string, now: number): Decision => {
    const limits = effective(product, orgKey)
    const c = counterFor(`${canonical(orgKey)}\u0000${product}`)
    const isFinance = product !== "crm"

    // Daily usage: finance resets at UTC midnight; CRM frees each call's credit 24 h later.
    let dayUsed: number
    let dayResetMs: number
    if (isFinance) {
      const day = Math.floor(now / DAY)
      if (c.day !== day) {
        c.day = day
        c.dayCount = 0
      }
      dayUsed = c.dayCount
      dayResetMs = (day + 1) * DAY - now
    } else {
      const minute = Math.floor(now / MINUTE)
      let oldest = minute
      dayUsed = 0
      for (const [m, n] of c.buckets) {
        if (m <= minute - 1440) c.buckets.delete(m)
        else {
          dayUsed += n
          if (m < oldest) oldest = m
        }
      }
      dayResetMs = (oldest + 1440) * MINUTE - now
    }
    if (now - c.minuteStart >= limits.windowMillis) {
      c.minuteStart = now
      c.minuteCount = 0
    }

    const dailyHeaders = (used: number): Record<string, string> => {
      if (!Number.isFinite(limits.perDay)) return {}
      if (isFinance) {
        return {
          "x-rate-limit-limit": String(limits.perDay),
          "x-rate-limit-remaining": String(Math.max(0, limits.perDay - used)),
          "x-rate-limit-reset": String(seconds(dayResetMs))
        }
      }
      // CRM shows remaining credits only once half the day's credits are used (facts §5.2).
      return used * 2 >= limits.perDay ? { "x-api-credits-remaining": String(Math.max(0, limits.perDay - used)) } : {}
    }
    const limited = (kind: LimitKind, retryMs: number): Decision => ({
      _tag: "Limited",
      kind,
      headers: { ...dailyHeaders(dayUsed), ...(limits.retryAfter ? { "retry-after": String(seconds(retryMs)) } : {}) }
    })

    if (dayUsed >= limits.perDay) return limited("day", dayResetMs)
    if (c.minuteCount >= limits.requestsPerMinute) return limited("minute", c.minuteStart + limits.windowMillis - now)
    if (c.inFlight >= limits.concurrent) return limited("concurrency", 1000)

    c.minuteCount++
    c.inFlight++
    if (isFinance) c.dayCount++
    else {
      const minute = Math.floor(now / MINUTE)
      c.buckets.set(minute, (c.buckets.get(minute) ?? 0) + 1)
    }
    let released = false
    return {
      _tag: "Allowed",
      release: () => {
        if (!released) {
          released = true
          c.inFlight--
        }
      },
      headers: dailyHeaders(dayUsed + 1)
    }
  }

  const set = (orgId: string, product: ProductId, limits: LimitsInput) => {
    const key = `${orgId === "*" ? "*" : canonical(orgId)}\u0000${product}`
    overrides.set(key, { ...overrides.get(key), ...stripUndefined(limits) })
  }

  // Only the usage is reset: in-flight calls still hold their slots.
  const reset = () => {
    for (const c of counters.values()) {
      c.minuteStart = -Infinity
      c.minuteCount = 0
      c.day = -1
      c.dayCount = 0
      c.buckets.clear()
    }
  }

  return { acquire, set, effective, reset }
}

const stripUndefined = (input: LimitsInput): LimitsInput =>
  Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as LimitsInput
