/**
 * One list call of 200 records, four ways, against the simulator on a loopback port: raw `fetch`
 * + `res.json()`, the typed call (records fully decoded by their Schema), the untyped call (the
 * same stack, records as `Schema.Unknown`), per product (CRM Leads × 10 fields, Books invoices).
 * Ratios come from one run of interleaved rounds; Zoho's official CRM SDK joins when installed.
 * Printed and written to `bench/results.json` (section `calls`); nothing is asserted.
 */
import * as Invoices from "@effect-zoho/books/generated/Invoices"
import * as Endpoint from "@effect-zoho/core/Endpoint"
import * as Facade from "@effect-zoho/core/Facade"
import * as ThrottlePolicy from "@effect-zoho/core/ThrottlePolicy"
import type * as Zoho from "@effect-zoho/core/Zoho"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import * as Crm from "@effect-zoho/crm/Crm"
import { ZohoNode } from "@effect-zoho/node"
import { describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import {
  accessToken,
  env,
  type Figures,
  fmt,
  interleave,
  seed,
  startSim,
  table,
  writeResults
} from "./support/benchWorld.js"
import { Lead } from "./support/leadSchema.js"
import { officialSdkCall, SDK_PACKAGE } from "./support/zohoSdk.js"

const RECORDS = 200

const typedLeads = Crm.records("Leads", Lead)
const untypedLeads = Crm.records("Leads", undefined, { fields: [...typedLeads.fields] })

/** The generated list endpoint with every invoice left `unknown`: the stack's cost without decoding. */
const untypedInvoices = Facade.list(Endpoint.refine(Invoices.listInvoices, {
  response: Schema.Struct({
    code: Schema.optional(Schema.Unknown),
    invoices: Schema.optional(Schema.Array(Schema.Unknown)),
    page_context: Schema.optional(Schema.Unknown)
  })
}))

const count = Stream.runCollect

const row = (product: string, f: Figures, raw: Figures) => [
  product,
  f.name,
  fmt(f.wallMs),
  fmt(f.cpuMs),
  fmt(f.wallMs / raw.wallMs),
  fmt(f.cpuMs / raw.cpuMs)
]

describe("list call, 200 records: raw fetch vs typed vs untyped", () => {
  it("interleaved rounds", async () => {
    const sim = await startSim(seed(RECORDS, RECORDS))
    const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-zoho-bench-tokens-"))
    const settings = env(sim.url, Path.join(dir, "tokens.json"))
    const layer: Layer.Layer<Zoho.Services, unknown> = ZohoNode.layerConfig({
      dotEnv: false,
      stack: {
        throttle: {
          policies: {
            [ZohoProducts.crm.id]: ThrottlePolicy.unlimited,
            [ZohoProducts.books.id]: ThrottlePolicy.unlimited
          }
        }
      }
    }).pipe(Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(settings))))))
    const runtime = ManagedRuntime.make(layer)
    try {
      const token = await accessToken(sim.url)
      const headers = { authorization: `Zoho-oauthtoken ${token}` }
      const fields = typedLeads.fields.join(",")
      const crmUrl = `${sim.url}/crm/v8/Leads?fields=${encodeURIComponent(fields)}&per_page=${RECORDS}`
      const booksUrl = `${sim.url}/books/v3/invoices?organization_id=800001&per_page=${RECORDS}&page=1`
      const rawCall = (url: string, key: string) => async () => {
        const res = await fetch(url, { headers })
        const body = await res.json() as Record<string, ReadonlyArray<unknown> | undefined>
        return body[key]?.length ?? 0
      }
      const options = { rounds: 15, perRound: 8, warmup: 10, expect: RECORDS }
      // Zoho's official CRM SDK joins the CRM rounds when it is installed (see support/zohoSdk.ts).
      const sdk = await officialSdkCall(sim.url, Path.join(dir, "zoho-sdk"), typedLeads.fields, RECORDS)

      const crm = await interleave([
        { name: "raw fetch + JSON.parse", call: rawCall(crmUrl, "data") },
        {
          name: "typed (Crm.records + Schema)",
          call: async () =>
            Chunk.size(await runtime.runPromise(count(typedLeads.list({ perPage: RECORDS, maxRecords: RECORDS }))))
        },
        {
          name: "untyped (Schema.Unknown records)",
          call: async () =>
            Chunk.size(await runtime.runPromise(count(untypedLeads.list({ perPage: RECORDS, maxRecords: RECORDS }))))
        },
        ...(typeof sdk === "string" ? [] : [{ name: `Zoho's CRM SDK (${SDK_PACKAGE} ${sdk.version})`, call: sdk.call }])
      ], options)

      const books = await interleave([
        { name: "raw fetch + JSON.parse", call: rawCall(booksUrl, "invoices") },
        {
          name: "typed (Invoices.facade.list)",
          call: async () =>
            Chunk.size(
              await runtime.runPromise(count(Invoices.facade.list({}, { perPage: RECORDS, maxRecords: RECORDS })))
            )
        },
        {
          name: "untyped (Schema.Unknown records)",
          call: async () =>
            Chunk.size(await runtime.runPromise(count(untypedInvoices({}, { perPage: RECORDS, maxRecords: RECORDS }))))
        }
      ], options)

      const sdkFigures = typeof sdk === "string" ? undefined : crm[3]
      const sdkLine = typeof sdk === "string"
        ? sdk
        : `Zoho's CRM SDK / typed call: ${fmt(crm[3]!.wallMs / crm[1]!.wallMs)}× wall, ${
          fmt(crm[3]!.cpuMs / crm[1]!.cpuMs)
        }× CPU (target ≥ 3×)`
      const rows = [
        ...crm.map((f) => row("CRM Leads ×10 fields", f, crm[0]!)),
        ...books.map((f) => row("Books invoices", f, books[0]!))
      ]
      console.log(
        `\nOne list call of ${RECORDS} records (median per call; ratio to raw fetch in the same run)\n` +
          table(["product", "call", "wall ms", "cpu ms", "wall ×raw", "cpu ×raw"], rows) +
          `\n${sdkLine}\n`
      )
      writeResults("calls", {
        records: RECORDS,
        method: `${options.rounds} interleaved rounds × ${options.perRound} calls per variant, medians`,
        crm,
        books,
        ratios: {
          crm: {
            typedWall: crm[1]!.wallMs / crm[0]!.wallMs,
            typedCpu: crm[1]!.cpuMs / crm[0]!.cpuMs,
            ...(sdkFigures === undefined ? {} : {
              sdkOverTypedWall: sdkFigures.wallMs / crm[1]!.wallMs,
              sdkOverTypedCpu: sdkFigures.cpuMs / crm[1]!.cpuMs
            })
          },
          books: { typedWall: books[1]!.wallMs / books[0]!.wallMs, typedCpu: books[1]!.cpuMs / books[0]!.cpuMs }
        },
        officialSdk: sdkLine
      })
      // The SDK's run on its own too: the `calls` section is rewritten by every run, with or without it.
      if (sdkFigures !== undefined) {
        writeResults("officialSdk", {
          records: RECORDS,
          method: `${options.rounds} interleaved rounds × ${options.perRound} calls per variant, medians`,
          crm,
          sdkOverTypedWall: sdkFigures.wallMs / crm[1]!.wallMs,
          sdkOverTypedCpu: sdkFigures.cpuMs / crm[1]!.cpuMs,
          sdkOverRawWall: sdkFigures.wallMs / crm[0]!.wallMs
        })
      }
    } finally {
      await runtime.dispose()
      sim.close()
      Fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 600_000)
})
