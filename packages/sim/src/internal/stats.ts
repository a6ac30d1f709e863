/**
 * Counters and a bounded request log for one simulator instance.
 */
import type { GrantType } from "./accounts.js"
import type { LimitKind } from "./limits.js"

export interface Stats {
  readonly requests: number
  readonly tokenRequests: Readonly<Record<GrantType, number>>
  readonly tokensIssued: number
  readonly revokes: number
  readonly rateLimited: Readonly<Record<LimitKind, number>>
  readonly byProduct: Readonly<Record<string, number>>
  readonly byRoute: Readonly<Record<string, number>>
}

export interface LogEntry {
  /** Epoch ms (Effect's Clock). */
  readonly at: number
  readonly method: string
  /** The path only: query strings can carry codes, secrets and tokens. */
  readonly path: string
  /** HTTP status, or 0 when the connection was dropped or never answered. */
  readonly status: number
  readonly outcome: "Respond" | "Reset" | "Refuse" | "Hang"
  readonly product?: string | undefined
}

export interface Recorder {
  readonly request: (method: string, path: string) => void
  readonly product: (product: string) => void
  readonly token: (grantType: GrantType | undefined, issued: number, revoked: boolean) => void
  readonly revoked: () => void
  readonly rateLimited: (kind: LimitKind) => void
  readonly log: (entry: LogEntry) => void
  readonly snapshot: () => Stats
  readonly entries: () => ReadonlyArray<LogEntry>
  readonly reset: () => void
}

/** Long numeric and token-like path segments become `{id}` so routes group together. */
export const routeKey = (method: string, path: string): string =>
  `${method} ${path.split("/").map((s) => /^\d{4,}$|^1000\.[0-9a-f.]+$/i.test(s) ? "{id}" : s).join("/")}`

export const make = (logLimit: number): Recorder => {
  const fresh = () => ({
    requests: 0,
    tokenRequests: { authorization_code: 0, refresh_token: 0, client_credentials: 0 },
    tokensIssued: 0,
    revokes: 0,
    rateLimited: { minute: 0, concurrency: 0, day: 0 },
    byProduct: {} as Record<string, number>,
    byRoute: {} as Record<string, number>
  })
  let s = fresh()
  let log: Array<LogEntry> = []
  let start = 0

  return {
    request: (method, path) => {
      s.requests++
      const key = routeKey(method, path)
      s.byRoute[key] = (s.byRoute[key] ?? 0) + 1
    },
    product: (product) => {
      s.byProduct[product] = (s.byProduct[product] ?? 0) + 1
    },
    token: (grantType, issued, revoked) => {
      if (grantType !== undefined) s.tokenRequests[grantType]++
      s.tokensIssued += issued
      if (revoked) s.revokes++
    },
    revoked: () => {
      s.revokes++
    },
    rateLimited: (kind) => {
      s.rateLimited[kind]++
    },
    log: (entry) => {
      // A ring buffer: the oldest entries fall off once the bound is reached.
      if (log.length < logLimit) log.push(entry)
      else {
        log[start] = entry
        start = (start + 1) % logLimit
      }
    },
    snapshot: () => ({
      requests: s.requests,
      tokenRequests: { ...s.tokenRequests },
      tokensIssued: s.tokensIssued,
      revokes: s.revokes,
      rateLimited: { ...s.rateLimited },
      byProduct: { ...s.byProduct },
      byRoute: { ...s.byRoute }
    }),
    entries: () => (start === 0 ? log.slice() : [...log.slice(start), ...log.slice(0, start)]),
    reset: () => {
      s = fresh()
      log = []
      start = 0
    }
  }
}
