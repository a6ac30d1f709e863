/**
 * Drives `CrmSim` directly: builds the `RouteContext` the simulator core would (caller from the
 * seed, `now` from Effect's Clock, deterministic ids) and decodes the JSON answer.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type { CrmOptions } from "../../src/internal/crm/CrmSim.js"
import { makeWith } from "../../src/internal/crm/CrmSim.js"
import { crmUserId } from "../../src/internal/crm/Store.js"
import type { Ids, RouteContext } from "../../src/internal/ProductSim.js"
import type { SimSeed } from "../../src/SimSeed.js"
import * as Seed from "../../src/SimSeed.js"

export const allScopes: ReadonlyArray<string> = [
  "ZohoCRM.modules.ALL",
  "ZohoCRM.settings.ALL",
  "ZohoCRM.users.ALL",
  "ZohoCRM.org.ALL",
  "ZohoCRM.coql.READ",
  "ZohoSearch.securesearch.READ",
  "ZohoCRM.bulk.ALL",
  "ZohoCRM.functions.execute.ALL",
  "ZohoFiles.files.ALL"
]

export interface Answer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly raw: string | undefined
  readonly bytes: Uint8Array
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly json: any
}

export interface CallOptions {
  /** JSON (or a string), or raw bytes sent as they are. */
  readonly body?: unknown
  readonly headers?: Record<string, string>
  readonly scopes?: ReadonlyArray<string>
  readonly userId?: string
}

/** A seed with two users in one org, so user-bound behaviour can be tested. */
export const seedWith = (
  crmRecords: Record<string, Record<string, Array<Record<string, unknown>>>> = {},
  extra: Partial<typeof SimSeed.Encoded> = {}
): SimSeed =>
  Seed.demo({
    users: [
      { id: "50001", email: "admin@sim.example", name: "Sim Admin", orgId: "org1" },
      { id: "50002", email: "rep@sim.example", name: "Sales Rep", orgId: "org1", role: "standard" }
    ],
    crmRecords,
    ...extra
  })

/** The CRM user ids (not the zuids) of `seedWith`'s admin and rep. */
export const adminId = crmUserId({
  id: "50001",
  email: "admin@sim.example",
  name: "Sim Admin",
  orgId: "org1",
  role: "admin"
})
export const repId = crmUserId({
  id: "50002",
  email: "rep@sim.example",
  name: "Sales Rep",
  orgId: "org1",
  role: "standard"
})

export const makeHarness = (seed: SimSeed, options: Partial<CrmOptions> = {}) => {
  const sim = makeWith(seed, options)
  let counter = 0
  const ids: Ids = {
    crm: () => String(5725767000000000000n + BigInt(++counter)),
    finance: () => String(460000000000000 + ++counter)
  }
  const call = (method: string, pathAndQuery: string, opts: CallOptions = {}) =>
    Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      // A path below `/crm/` (the bulk API) is taken as it is; others are below `/crm/v8`.
      const absolute = pathAndQuery.startsWith("/crm/")
      const url = new URL(`https://www.zohoapis.com${absolute ? "" : "/crm/v8"}${pathAndQuery}`)
      const basePath = url.pathname.startsWith("/crm/bulk/v8") ? "/crm/bulk/v8" : "/crm/v8"
      const user = seed.users.find((u) => u.id === (opts.userId ?? "50001"))!
      const org = seed.orgs.find((o) => o.id === user.orgId)!
      const body = opts.body === undefined
        ? new Uint8Array()
        : opts.body instanceof Uint8Array
        ? opts.body
        : new TextEncoder().encode(typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body))
      const ctx: RouteContext = {
        request: {
          method,
          url,
          headers: { "content-type": "application/json", ...opts.headers },
          body
        },
        subpath: url.pathname.slice(basePath.length),
        caller: { accessToken: "1000.test", clientId: "1000.SIMCLIENT", user, org, scopes: opts.scopes ?? allScopes },
        now,
        ids
      }
      const res = yield* sim.handle(ctx)
      const raw = res.body === undefined
        ? undefined
        : typeof res.body === "string"
        ? res.body
        : new TextDecoder().decode(res.body)
      const isJson = (res.headers["content-type"] ?? "application/json").includes("json")
      const answer: Answer = {
        status: res.status,
        headers: res.headers,
        raw,
        bytes: res.body === undefined
          ? new Uint8Array()
          : typeof res.body === "string"
          ? new TextEncoder().encode(res.body)
          : res.body,
        json: raw === undefined || raw === "" || !isJson ? undefined : JSON.parse(raw)
      }
      return answer
    })
  return { sim, call }
}

export const leads = (n: number, from = 0): Array<Record<string, unknown>> =>
  Array.from({ length: n }, (_, i) => ({
    Last_Name: `Lead${from + i}`,
    First_Name: `First${from + i}`,
    Email: `lead${from + i}@example.com`,
    Company: `Company ${(from + i) % 7}`,
    Lead_Status: i % 2 === 0 ? "Contacted" : "Not Contacted",
    No_of_Employees: from + i
  }))

/** A multipart body as a client would send it: the bytes and the content type with its boundary. */
export const multipart = (form: FormData) =>
  Effect.promise(async () => {
    const request = new Request("http://sim.local/", { method: "POST", body: form })
    return {
      body: new Uint8Array(await request.arrayBuffer()),
      contentType: request.headers.get("content-type")!
    }
  })
