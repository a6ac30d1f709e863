/**
 * Where a call's own cost goes, counted rather than timed: the Effect operations the fiber
 * runtime evaluates per call (a `Supervisor` with op supervision on), for the pieces a typed list
 * call is made of. Counts do not move with the machine's load, so they say which layer to work
 * on; the CPU per call (same process, interleaved) says what an operation costs here.
 *
 * The transport is a canned `HttpClient` (no network, no simulator): only the client is counted.
 * Printed and written to `bench/results.json` (section `operations`); nothing is asserted.
 */
import * as Invoices from "@effect-zoho/books/generated/Invoices"
import * as MemoryTokenStore from "@effect-zoho/core/MemoryTokenStore"
import * as ThrottlePolicy from "@effect-zoho/core/ThrottlePolicy"
import * as Zoho from "@effect-zoho/core/Zoho"
import { ZohoClient } from "@effect-zoho/core/ZohoClient"
import * as ZohoCredentials from "@effect-zoho/core/ZohoCredentials"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import * as ZohoRegion from "@effect-zoho/core/ZohoRegion"
import * as ZohoRequest from "@effect-zoho/core/ZohoRequest"
import * as ZohoUser from "@effect-zoho/core/ZohoUser"
import * as Crm from "@effect-zoho/crm/Crm"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as RuntimeFlags from "effect/RuntimeFlags"
import * as RuntimeFlagsPatch from "effect/RuntimeFlagsPatch"
import * as Stream from "effect/Stream"
import * as Supervisor from "effect/Supervisor"
import { fmt, invoice, lead, median, table, writeResults } from "./support/benchWorld.js"
import { Lead } from "./support/leadSchema.js"

const RECORDS = 200

const leadsBody = JSON.stringify({
  data: Array.from({ length: RECORDS }, (_, i) => lead(i)),
  info: { per_page: RECORDS, count: RECORDS, page: 1, more_records: false }
})
const invoicesBody = JSON.stringify({
  code: 0,
  message: "success",
  // The list Schema declares amounts as text; the canned answer follows the declaration.
  invoices: Array.from({ length: RECORDS }, (_, i) => {
    const { balance, total, ...rest } = invoice(i)
    return { ...rest, total: String(total), balance: String(balance) }
  }),
  page_context: { page: 1, per_page: RECORDS, has_more_page: false }
})
const tokenBody = JSON.stringify({
  access_token: "1000.bench-access",
  expires_in: 3600,
  api_domain: "https://www.zohoapis.com",
  token_type: "Bearer"
})

/** Answers at once from memory: the token endpoint, CRM Leads, Books invoices. */
const canned = HttpClient.make((request) =>
  Effect.sync(() => {
    const body = request.url.includes("/oauth/")
      ? tokenBody
      : request.url.includes("/books/")
      ? invoicesBody
      : leadsBody
    return HttpClientResponse.fromWeb(
      request,
      new Response(body, { status: 200, headers: { "content-type": "application/json;charset=UTF-8" } })
    )
  })
)

const user = ZohoUser.make({
  credentials: ZohoCredentials.RefreshToken({
    clientId: "1000.BENCH",
    clientSecret: Redacted.make("bench-secret"),
    refreshToken: Redacted.make("1000.bench-refresh"),
    userName: "bench@example.com"
  }),
  organizationId: "800001"
})

const layer = Zoho.layer({
  region: ZohoRegion.make("US"),
  user,
  throttle: {
    policies: { [ZohoProducts.crm.id]: ThrottlePolicy.unlimited, [ZohoProducts.books.id]: ThrottlePolicy.unlimited }
  }
}).pipe(Layer.provide(Layer.merge(Layer.succeed(HttpClient.HttpClient, canned), MemoryTokenStore.layer)))

const leads = Crm.records("Leads", Lead)

const page = Chunk.unsafeFromArray(Array.from({ length: RECORDS }, (_, i) => i))

const pieces: ReadonlyArray<readonly [string, Effect.Effect<unknown, unknown, ZohoClient>]> = [
  ["Stream.runCollect of one 200-item chunk (no Zoho code)", Stream.runCollect(Stream.fromChunk(page))],
  [
    "Stream.paginateChunkEffect, one page, in a span (no Zoho code)",
    Stream.runCollect(
      Stream.paginateChunkEffect(0, () => Effect.succeed([page, Option.none<number>()] as const)).pipe(
        Stream.withSpan("bench.page")
      )
    )
  ],
  [
    "ZohoClient.execute + response.json (CRM Leads)",
    Effect.flatMap(ZohoClient, (client) =>
      Effect.flatMap(
        client.execute(
          ZohoRequest.make({
            product: ZohoProducts.crm,
            operation: "bench.leads",
            method: "GET",
            path: "/Leads",
            urlParams: { fields: leads.fields.join(","), per_page: RECORDS }
          })
        ),
        (response) => response.json
      ))
  ],
  [
    "typed list: Crm.records(\"Leads\", Lead).list, run to a Chunk",
    Stream.runCollect(leads.list({ perPage: RECORDS, maxRecords: RECORDS }))
  ],
  [
    "typed list: Invoices.facade.list, run to a Chunk",
    Stream.runCollect(Invoices.facade.list({}, { perPage: RECORDS, maxRecords: RECORDS }))
  ]
]

/** Counts every operation of the fibers it supervises. */
class OperationCount extends Supervisor.AbstractSupervisor<void> {
  count = 0
  readonly value = Effect.void
  override onEffect(): void {
    this.count++
  }
}

const counted = <A, E, R>(effect: Effect.Effect<A, E, R>, supervisor: OperationCount) =>
  effect.pipe(
    Effect.supervised(supervisor),
    Effect.withRuntimeFlagsPatch(RuntimeFlagsPatch.enable(RuntimeFlags.OpSupervision))
  )

describe("Effect operations per call", () => {
  it("counted and timed, one process", async () => {
    const runtime = ManagedRuntime.make(layer)
    try {
      const supervisor = new OperationCount()
      const rows: Array<{ readonly piece: string; readonly operations: number; readonly cpuMicros: number }> = []
      for (const [, effect] of pieces) for (let i = 0; i < 50; i++) await runtime.runPromise(effect)
      const cpu = new Map<string, Array<number>>(pieces.map(([name]) => [name, []]))
      for (let round = 0; round < 15; round++) {
        for (const [name, effect] of pieces) {
          const before = process.cpuUsage()
          for (let i = 0; i < 20; i++) await runtime.runPromise(effect)
          const used = process.cpuUsage(before)
          cpu.get(name)!.push((used.user + used.system) / 20)
        }
      }
      for (const [name, effect] of pieces) {
        supervisor.count = 0
        for (let i = 0; i < 10; i++) await runtime.runPromise(counted(effect, supervisor))
        rows.push({ piece: name, operations: supervisor.count / 10, cpuMicros: median(cpu.get(name)!) })
      }
      console.log(
        `\nEffect operations per call (a canned HttpClient: no network) and client CPU per call\n` +
          table(
            ["piece", "operations", "CPU µs"],
            rows.map((r) => [r.piece, String(r.operations), fmt(r.cpuMicros, 0)])
          ) + "\n"
      )
      writeResults("operations", { records: RECORDS, rows })
    } finally {
      await runtime.dispose()
    }
  }, 300_000)
})
