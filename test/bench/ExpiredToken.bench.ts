/**
 * 1,000 concurrent calls on an expired token, in one process: the refresh requests the simulator
 * saw (the single-flight refresh makes it 1) and the wall time of the 1,000 calls, next to the
 * same 1,000 calls once the token is fresh (the difference is what the refresh costs them). The
 * production Node stack (`ZohoNode.layerConfig`: undici, the file token store) against the
 * simulator in a child process (`apps/zoho-sim`, answering at once), client throttle opened:
 * every call is in flight at once. Each round starts a new stack on a token file holding an
 * expired token. Written to `bench/results.json` (section `expiredToken`). The counting test
 * (not timed) is `test/integration/AuthAgainstSimulator.test.ts`.
 */
import { FileTokenStore, ZohoToken } from "@effect-zoho/core"
import * as ThrottlePolicy from "@effect-zoho/core/ThrottlePolicy"
import type * as Zoho from "@effect-zoho/core/Zoho"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import * as Crm from "@effect-zoho/crm/Crm"
import { ZohoNode } from "@effect-zoho/node"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import { describe, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import {
  CLIENT_ID,
  env,
  fmt,
  median,
  REFRESH_TOKEN,
  seed,
  startSim,
  table,
  writeResults
} from "./support/benchWorld.js"

const CALLS = 1_000
const ROUNDS = 3

const Lead = Schema.Struct({ Last_Name: Schema.String })
const leads = Crm.records("Leads", Lead)

interface Round {
  readonly refreshes: number
  readonly ok: number
  readonly expiredMs: number
  readonly freshMs: number
  /** Client CPU (user + system) of the batch on the expired token. */
  readonly expiredCpuMs: number
  readonly freshCpuMs: number
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1000
}

/** The simulator's count of refresh-token grants, from its JSON controls. */
const refreshRequests = async (url: string): Promise<number> => {
  const res = await fetch(`${url}/__sim/stats`)
  const stats = await res.json() as { tokenRequests: Record<string, number | undefined> }
  return stats.tokenRequests.refresh_token ?? 0
}

/** A token file holding the seed's refresh token and an access token that expired a minute ago. */
const writeExpiredToken = (path: string, apiDomain: string) =>
  Effect.runPromise(
    Effect.flatMap(FileTokenStore.make({ path }), (store) =>
      store.save(
        new ZohoToken.ZohoToken({
          id: ZohoToken.makeId(),
          clientId: CLIENT_ID,
          userName: "admin@sim.example",
          refreshToken: Redacted.make(REFRESH_TOKEN),
          accessToken: Redacted.make("1000.expired.access.token"),
          expiryTime: Date.now() - 60_000,
          apiDomain
        })
      )).pipe(Effect.provide(NodeFileSystem.layer))
  )

describe("1,000 concurrent calls on an expired token", () => {
  it("refresh requests and wall time", async () => {
    const sim = await startSim(seed(1, 0))
    const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-zoho-bench-expired-"))
    try {
      const rounds: Array<Round> = []
      for (let r = 0; r < ROUNDS; r++) {
        const tokenFile = Path.join(dir, `tokens-${r}.json`)
        await writeExpiredToken(tokenFile, sim.url)
        const layer: Layer.Layer<Zoho.Services, unknown> = ZohoNode.layerConfig({
          dotEnv: false,
          stack: { throttle: { policies: { [ZohoProducts.crm.id]: ThrottlePolicy.unlimited } } }
        }).pipe(
          Layer.provide(
            Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env(sim.url, tokenFile)))))
          )
        )
        const runtime = ManagedRuntime.make(layer)
        try {
          await runtime.runtime()
          const batch = () =>
            runtime.runPromise(
              // One list request each (a `get` by id would be batched into a few list calls).
              Effect.all(Array.from({ length: CALLS }, () => Stream.runCollect(leads.list({ maxRecords: 1 }))), {
                concurrency: "unbounded"
              })
            )
          const before = await refreshRequests(sim.url)
          const cpu0 = process.cpuUsage()
          const t0 = performance.now()
          const answers = await batch()
          const expiredMs = performance.now() - t0
          const expiredCpuMs = cpuMs(cpu0)
          const refreshes = (await refreshRequests(sim.url)) - before
          const cpu1 = process.cpuUsage()
          const t1 = performance.now()
          await batch()
          const freshMs = performance.now() - t1
          rounds.push({ refreshes, ok: answers.length, expiredMs, freshMs, expiredCpuMs, freshCpuMs: cpuMs(cpu1) })
        } finally {
          await runtime.dispose()
        }
      }
      console.log(
        `\n${CALLS} concurrent calls (CRM list, one request each) on an expired token, one process, ${ROUNDS} rounds\n` +
          table(
            [
              "round",
              "refresh requests",
              "calls ok",
              "wall ms (expired token)",
              "client CPU ms",
              "wall ms (fresh token)",
              "client CPU ms"
            ],
            rounds.map((r, i) => [
              String(i + 1),
              String(r.refreshes),
              String(r.ok),
              fmt(r.expiredMs, 0),
              fmt(r.expiredCpuMs, 0),
              fmt(r.freshMs, 0),
              fmt(r.freshCpuMs, 0)
            ])
          ) +
          `\nmedian: ${fmt(median(rounds.map((r) => r.expiredMs)), 0)} ms on the expired token, ` +
          `${fmt(median(rounds.map((r) => r.freshMs)), 0)} ms once fresh\n`
      )
      writeResults("expiredToken", {
        calls: CALLS,
        rounds,
        refreshRequestsPerRound: rounds.map((r) => r.refreshes),
        medianExpiredMs: median(rounds.map((r) => r.expiredMs)),
        medianFreshMs: median(rounds.map((r) => r.freshMs)),
        medianExpiredCpuMs: median(rounds.map((r) => r.expiredCpuMs)),
        medianFreshCpuMs: median(rounds.map((r) => r.freshCpuMs))
      })
    } finally {
      sim.close()
      Fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 600_000)
})
