/**
 * Streaming 100,000 CRM records (`Crm.records(...).list()`, 200 a page, `page_token` past 2,000)
 * from the simulator on a loopback port: heap (after a full GC) and RSS when the 10,000th and the
 * 100,000th record pass, to show the list runs in constant memory. Written to
 * `bench/results.json` (section `streaming`).
 */
import * as ThrottlePolicy from "@effect-zoho/core/ThrottlePolicy"
import type * as Zoho from "@effect-zoho/core/Zoho"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import * as Crm from "@effect-zoho/crm/Crm"
import { ZohoNode } from "@effect-zoho/node"
import { describe, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as V8 from "node:v8"
import * as Vm from "node:vm"
import { env, fmt, seed, startSim, table, writeResults } from "./support/benchWorld.js"

const TOTAL = 100_000
const MB = 1024 * 1024

V8.setFlagsFromString("--expose-gc")
const gc = Vm.runInNewContext("gc") as () => void

const Lead = Schema.Struct({
  Last_Name: Schema.String,
  Email: Schema.optional(Schema.NullOr(Schema.String)),
  Company: Schema.optional(Schema.NullOr(Schema.String)),
  Annual_Revenue: Schema.optional(Schema.NullOr(Schema.Number))
})

interface Mark {
  readonly records: number
  readonly heapMB: number
  readonly rssMB: number
  readonly seconds: number
}

describe("streaming 100,000 records", () => {
  it("heap and RSS at 10k and 100k", async () => {
    const sim = await startSim(seed(TOTAL, 0))
    const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-zoho-bench-tokens-"))
    const layer: Layer.Layer<Zoho.Services, unknown> = ZohoNode.layerConfig({
      dotEnv: false,
      stack: { throttle: { policies: { [ZohoProducts.crm.id]: ThrottlePolicy.unlimited } } }
    }).pipe(
      Layer.provide(
        Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env(sim.url, Path.join(dir, "t.json"))))))
      )
    )
    const runtime = ManagedRuntime.make(layer)
    try {
      const marks: Array<Mark> = []
      gc()
      const start = { heap: process.memoryUsage().heapUsed, t0: performance.now() }
      let seen = 0
      await runtime.runPromise(
        Crm.records("Leads", Lead).list().pipe(
          Stream.runForEach(() =>
            Effect.sync(() => {
              seen++
              if (seen === 10_000 || seen === TOTAL) {
                gc()
                const m = process.memoryUsage()
                marks.push({
                  records: seen,
                  heapMB: m.heapUsed / MB,
                  rssMB: m.rss / MB,
                  seconds: (performance.now() - start.t0) / 1000
                })
              }
            })
          )
        )
      )
      if (seen !== TOTAL) throw new Error(`streamed ${seen} records, expected ${TOTAL}`)
      const [at10k, at100k] = marks
      console.log(
        `\nStreaming ${TOTAL} Leads (200 a page; heap after a full GC)\n` +
          table(
            ["records", "heap MB", "rss MB", "s"],
            marks.map((m) => [String(m.records), fmt(m.heapMB, 1), fmt(m.rssMB, 1), fmt(m.seconds, 1)])
          ) +
          `\nheap growth 10k → 100k: ${fmt(at100k!.heapMB - at10k!.heapMB, 1)} MB; ` +
          `heap before the stream ${fmt(start.heap / MB, 1)} MB\n`
      )
      writeResults("streaming", { total: TOTAL, marks, heapGrowthMB: at100k!.heapMB - at10k!.heapMB })
    } finally {
      await runtime.dispose()
      sim.close()
      Fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 900_000)
})
