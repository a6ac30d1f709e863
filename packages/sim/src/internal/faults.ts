/**
 * Fault injection rules: the next N requests matching a route get a status, a delay, a dropped
 * connection or no answer at all.
 */
import * as Duration from "effect/Duration"

export interface RouteMatch {
  /** Upper-case HTTP method; any when unset. */
  readonly method?: string | undefined
  /** Matches when the request path starts with it. */
  readonly pathPrefix?: string | undefined
  /** Matches when it finds a match in the request path (a string is compiled as a RegExp). */
  readonly pattern?: RegExp | string | undefined
}

export type Fault =
  | {
    readonly _tag: "Status"
    readonly status: number
    readonly body?: unknown
    readonly headers?: Readonly<Record<string, string>> | undefined
  }
  | { readonly _tag: "Delay"; readonly duration: Duration.DurationInput }
  | { readonly _tag: "Reset" }
  | { readonly _tag: "Refuse" }
  | { readonly _tag: "Hang" }

export interface FaultSpec {
  readonly route?: RouteMatch | undefined
  /** How many matching requests get the fault: 1 by default, `Infinity` for all. */
  readonly times?: number | undefined
  readonly fault: Fault
}

interface Rule {
  readonly method: string | undefined
  readonly pathPrefix: string | undefined
  readonly pattern: RegExp | undefined
  remaining: number
  readonly fault: Fault
}

export interface Faults {
  readonly add: (spec: FaultSpec) => void
  readonly clear: () => void
  /** The fault for this request, consuming one of its uses, or `undefined`. */
  readonly take: (method: string, path: string) => Fault | undefined
  readonly active: () => ReadonlyArray<
    { readonly route: RouteMatch; readonly remaining: number; readonly fault: Fault }
  >
}

export const make = (): Faults => {
  let rules: Array<Rule> = []
  const add = (spec: FaultSpec) => {
    const pattern = spec.route?.pattern
    rules.push({
      method: spec.route?.method?.toUpperCase(),
      pathPrefix: spec.route?.pathPrefix,
      pattern: pattern === undefined ? undefined : typeof pattern === "string" ? new RegExp(pattern) : pattern,
      remaining: spec.times ?? 1,
      fault: spec.fault
    })
  }
  const take = (method: string, path: string): Fault | undefined => {
    const rule = rules.find((r) =>
      r.remaining > 0 &&
      (r.method === undefined || r.method === method) &&
      (r.pathPrefix === undefined || path.startsWith(r.pathPrefix)) &&
      (r.pattern === undefined || r.pattern.test(path))
    )
    if (rule === undefined) return undefined
    rule.remaining--
    if (rule.remaining <= 0) rules = rules.filter((r) => r !== rule)
    return rule.fault
  }
  return {
    add,
    clear: () => {
      rules = []
    },
    take,
    active: () =>
      rules.map((r) => ({
        route: {
          ...(r.method !== undefined ? { method: r.method } : {}),
          ...(r.pathPrefix !== undefined ? { pathPrefix: r.pathPrefix } : {}),
          ...(r.pattern !== undefined ? { pattern: r.pattern.source } : {})
        },
        remaining: r.remaining,
        fault: r.fault
      }))
  }
}

/** Milliseconds of a delay fault (for JSON views). */
export const delayMillis = (fault: Extract<Fault, { _tag: "Delay" }>): number =>
  Duration.toMillis(Duration.decode(fault.duration))
