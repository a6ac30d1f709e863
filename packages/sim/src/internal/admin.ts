/**
 * The simulator's controls as JSON endpoints under `/__sim/`, so tools that only speak HTTP
 * (curl, another language's test suite) can inject faults and read counters.
 */
import { KnownProductId as ProductId } from "@effect-zoho/core/ZohoProducts"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { SimRequest, SimResponse } from "../SimHttp.js"
import * as SimHttp from "../SimHttp.js"
import type { NewGrant } from "./accounts.js"
import type { FaultSpec } from "./faults.js"
import type { LimitsInput } from "./limits.js"
import type { LogEntry, Stats } from "./stats.js"

export const PREFIX = "/__sim/"

export interface Controls {
  readonly injectFault: (spec: FaultSpec) => Effect.Effect<void>
  readonly clearFaults: Effect.Effect<void>
  readonly activeFaults: Effect.Effect<ReadonlyArray<unknown>>
  readonly revokeToken: (token: string) => Effect.Effect<boolean>
  readonly expireAccessTokens: Effect.Effect<void>
  readonly setLimits: (orgId: string, product: ProductId, limits: LimitsInput) => Effect.Effect<void>
  readonly stats: Effect.Effect<Stats>
  readonly log: Effect.Effect<ReadonlyArray<LogEntry>>
  readonly resetCounters: Effect.Effect<void>
  readonly createGrantCode: (grant: NewGrant) => Effect.Effect<string>
  readonly defaultGrant: () => Omit<NewGrant, "scopes"> | undefined
}

const DurationJson = Schema.Union(Schema.Number, Schema.String).pipe(
  Schema.filter((u) => Option.isSome(Duration.decodeUnknown(u)) || "a duration in ms or like \"500 millis\"")
)

const FaultJson = Schema.Union(
  Schema.TaggedStruct("Status", {
    status: Schema.Int.pipe(Schema.between(100, 599)),
    body: Schema.optional(Schema.Unknown),
    headers: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.String }))
  }),
  Schema.TaggedStruct("Delay", { duration: DurationJson }),
  Schema.TaggedStruct("Reset", {}),
  Schema.TaggedStruct("Refuse", {}),
  Schema.TaggedStruct("Hang", {})
)

const FaultSpecJson = Schema.Struct({
  route: Schema.optional(Schema.Struct({
    method: Schema.optional(Schema.String),
    pathPrefix: Schema.optional(Schema.String),
    pattern: Schema.optional(Schema.String)
  })),
  /** JSON has no Infinity: `"Infinity"`, `"always"` or `null` mean every matching request. */
  times: Schema.optional(Schema.Union(Schema.Number, Schema.Literal("Infinity", "always"), Schema.Null)),
  fault: FaultJson
})

const NullableNumber = Schema.optional(Schema.NullOr(Schema.Number))
const LimitsJson = Schema.Struct({
  orgId: Schema.String,
  product: ProductId,
  limits: Schema.Struct({
    requestsPerMinute: NullableNumber,
    concurrent: NullableNumber,
    perDay: NullableNumber,
    retryAfter: Schema.optional(Schema.Boolean)
  })
})

const TokenJson = Schema.Struct({ token: Schema.String })

const GrantJson = Schema.Struct({
  clientId: Schema.optional(Schema.String),
  userId: Schema.optional(Schema.String),
  scopes: Schema.Array(Schema.String),
  redirectUri: Schema.optional(Schema.String),
  offline: Schema.optional(Schema.Boolean)
})

const ok = (value: Record<string, unknown> = {}) => SimHttp.json(200, { status: "success", ...value })
const bad = (message: string) => SimHttp.json(400, { status: "failure", message })

const decodeBody = <A, I>(schema: Schema.Schema<A, I>, request: SimRequest): Either.Either<A, string> =>
  Schema.decodeUnknownEither(schema)(SimHttp.jsonBody(request)).pipe(
    Either.mapLeft((e) => ParseResult.TreeFormatter.formatErrorSync(e))
  )

const toSpec = (json: typeof FaultSpecJson.Type): FaultSpec => {
  const times = json.times === undefined ? 1 : typeof json.times === "number" ? json.times : Infinity
  const f = json.fault
  return {
    ...(json.route !== undefined ? { route: json.route } : {}),
    times,
    fault: f._tag === "Delay" ? { _tag: "Delay", duration: f.duration as Duration.DurationInput } : f
  }
}

const noLimit = (n: number | null | undefined) => (n === null ? Infinity : n)

export const handle = (controls: Controls, request: SimRequest): Effect.Effect<SimResponse> => {
  const route = `${request.method} ${request.url.pathname.replace(/\/+$/, "")}`
  switch (route) {
    case "GET /__sim/stats":
      return Effect.map(controls.stats, (stats) => SimHttp.json(200, stats))
    case "GET /__sim/log": {
      const limit = Number(request.url.searchParams.get("limit") ?? "")
      return Effect.map(
        controls.log,
        (log) => SimHttp.json(200, { entries: Number.isFinite(limit) && limit > 0 ? log.slice(-limit) : log })
      )
    }
    case "GET /__sim/faults":
      return Effect.map(controls.activeFaults, (faults) => SimHttp.json(200, { faults }))
    case "POST /__sim/faults": {
      const body = SimHttp.jsonBody(request)
      const items = Array.isArray(body) ? body : [body]
      const specs = Schema.decodeUnknownEither(Schema.Array(FaultSpecJson))(items)
      if (Either.isLeft(specs)) return Effect.succeed(bad(ParseResult.TreeFormatter.formatErrorSync(specs.left)))
      return Effect.forEach(specs.right, (s) => controls.injectFault(toSpec(s)), { discard: true }).pipe(
        Effect.zipRight(controls.activeFaults),
        Effect.map((faults) => ok({ faults }))
      )
    }
    case "DELETE /__sim/faults":
      return Effect.as(controls.clearFaults, ok())
    case "POST /__sim/revoke": {
      const body = decodeBody(TokenJson, request)
      if (Either.isLeft(body)) return Effect.succeed(bad(body.left))
      return Effect.map(
        controls.revokeToken(body.right.token),
        (revoked) =>
          revoked ? ok() : SimHttp.json(404, { status: "failure", message: "unknown or already revoked token" })
      )
    }
    case "POST /__sim/expire-tokens":
      return Effect.as(controls.expireAccessTokens, ok())
    case "POST /__sim/reset-counters":
      return Effect.as(controls.resetCounters, ok())
    case "POST /__sim/limits": {
      const body = decodeBody(LimitsJson, request)
      if (Either.isLeft(body)) return Effect.succeed(bad(body.left))
      const { limits, orgId, product } = body.right
      return Effect.as(
        controls.setLimits(orgId, product, {
          requestsPerMinute: noLimit(limits.requestsPerMinute),
          concurrent: noLimit(limits.concurrent),
          perDay: noLimit(limits.perDay),
          retryAfter: limits.retryAfter
        }),
        ok()
      )
    }
    case "POST /__sim/grants": {
      const body = decodeBody(GrantJson, request)
      if (Either.isLeft(body)) return Effect.succeed(bad(body.left))
      const base = controls.defaultGrant()
      const clientId = body.right.clientId ?? base?.clientId
      const userId = body.right.userId ?? base?.userId
      if (clientId === undefined || userId === undefined) return Effect.succeed(bad("clientId and userId are required"))
      return Effect.map(
        controls.createGrantCode({
          clientId,
          userId,
          scopes: body.right.scopes,
          redirectUri: body.right.redirectUri,
          offline: body.right.offline
        }),
        (code) => ok({ code })
      )
    }
    default:
      return Effect.succeed(SimHttp.json(404, { status: "failure", message: `No simulator control at ${route}` }))
  }
}
