/**
 * What the performance benches share: a simulator in a child process on a loopback port (so
 * `process.cpuUsage()` in the bench is the client's alone), seeded with the records the calls
 * read; the production Node stack pointed at it with throttles opened (the simulator's limits are
 * raised too: the benches measure the client, not the limiter); interleaved timing rounds; and
 * `bench/results.json`, which every bench file merges its section into.
 */
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

export const root = Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), "../../..")

export const CLIENT_ID = "1000.SIMCLIENT"
export const CLIENT_SECRET = "sim-secret"
export const REFRESH_TOKEN = "1000.simrefresh"
export const FINANCE_ORG = "800001"

const scopes = [
  "ZohoCRM.modules.ALL",
  "ZohoCRM.settings.ALL",
  "ZohoCRM.users.ALL",
  "ZohoCRM.org.ALL",
  "ZohoBooks.fullaccess.all"
]

const open = { requestsPerMinute: 100_000_000, concurrent: 10_000, perDay: 1_000_000_000 }

/** Ten fields per lead, values of every kind the CRM answers (text, picklist, number, null). */
export const lead = (i: number): Record<string, unknown> => ({
  id: String(4_000_000_000_000_000 + i),
  Last_Name: `Last ${i}`,
  First_Name: i % 7 === 0 ? null : `First ${i}`,
  Email: `lead${i}@example.com`,
  Company: `Company ${i % 97}`,
  Phone: `+1 555 ${String(i).padStart(7, "0")}`,
  Lead_Status: "Contacted",
  Lead_Source: "Web Download",
  Annual_Revenue: i % 5 === 0 ? null : 1000 * i,
  No_of_Employees: i % 11,
  Description: `Lead number ${i}, seeded for the benchmark`
})

/** An invoice as Books lists it. */
export const invoice = (i: number): Record<string, unknown> => ({
  invoice_id: String(9_000_000 + i),
  invoice_number: `INV-${String(i).padStart(6, "0")}`,
  customer_id: String(8_000_000 + (i % 50)),
  customer_name: `Customer ${i % 50}`,
  status: i % 3 === 0 ? "paid" : "sent",
  date: "2026-01-15",
  due_date: "2026-02-14",
  currency_code: "USD",
  total: 100 + i,
  balance: i % 3 === 0 ? 0 : 100 + i,
  created_time: "2026-01-15T10:00:00+0000",
  last_modified_time: "2026-01-16T10:00:00+0000",
  reference_number: i % 4 === 0 ? "" : `PO-${i}`
})

/** The demo seed's client, user, org and refresh token, with `leads` Leads and `invoices` invoices. */
export const seed = (leads: number, invoices: number) => ({
  clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, type: "self" }],
  users: [{ id: "50001", email: "admin@sim.example", name: "Sim Admin", orgId: "org1" }],
  orgs: [{
    id: "org1",
    name: "Sim Org",
    zgid: "700001",
    financeOrganizationId: FINANCE_ORG,
    financePlan: "ultimate"
  }],
  refreshTokens: [{ token: REFRESH_TOKEN, clientId: CLIENT_ID, userId: "50001", scopes }],
  crmRecords: { org1: { Leads: Array.from({ length: leads }, (_, i) => lead(i)) } },
  financeRecords: { org1: { books: { invoices: Array.from({ length: invoices }, (_, i) => invoice(i)) } } },
  settings: { tokenMintLimit: 1_000_000, limits: { crm: open, books: open } }
})

export interface SimProcess {
  readonly url: string
  readonly close: () => void
}

/**
 * `apps/zoho-sim` (its build) in a child process, answering at once (`--server-time 0`). Build
 * first (`pnpm build`).
 */
export const startSim = async (seedJson: unknown): Promise<SimProcess> => {
  const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-zoho-bench-"))
  const seedFile = Path.join(dir, "seed.json")
  Fs.writeFileSync(seedFile, JSON.stringify(seedJson))
  const main = Path.join(root, "apps/zoho-sim/dist/main.js")
  if (!Fs.existsSync(main)) throw new Error(`${main} is missing: run \`pnpm build\` before \`pnpm bench\``)
  const child = ChildProcess.spawn(
    process.execPath,
    [main, "--port", "0", "--host", "127.0.0.1", "--server-time", "0", "--seed", seedFile],
    { stdio: ["ignore", "pipe", "inherit"] }
  )
  const url = await new Promise<string>((resolve, reject) => {
    let out = ""
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8")
      const m = /listening on (\S+)/.exec(out)
      if (m !== null) resolve(m[1]!)
    })
    child.once("exit", (code) => reject(new Error(`zoho-sim exited (${code}) before listening: ${out}`)))
  })
  return {
    url,
    close: () => {
      child.kill("SIGTERM")
      Fs.rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** The `ZOHO_*` configuration of the production stack for the simulator at `url`. */
export const env = (url: string, tokenFile: string): Record<string, string> => ({
  ZOHO_REGION: "us",
  ZOHO_ACCOUNTS_URL: url,
  ZOHO_API_URL: url,
  ZOHO_CLIENT_ID: CLIENT_ID,
  ZOHO_CLIENT_SECRET: CLIENT_SECRET,
  ZOHO_REFRESH_TOKEN: REFRESH_TOKEN,
  ZOHO_USER_NAME: "admin@sim.example",
  ZOHO_ORG_ID: FINANCE_ORG,
  ZOHO_TOKEN_FILE: tokenFile
})

/** An access token for the raw calls, straight from the simulator's token endpoint. */
export const accessToken = async (url: string): Promise<string> => {
  const res = await fetch(`${url}/oauth/v2/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: REFRESH_TOKEN,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET
    })
  })
  const body = await res.json() as { access_token?: string }
  if (body.access_token === undefined) throw new Error(`no access token: ${JSON.stringify(body)}`)
  return body.access_token
}

export const median = (xs: ReadonlyArray<number>): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export interface Sample {
  readonly wallMs: number
  readonly cpuMs: number
}

export interface Variant {
  readonly name: string
  /** One call; resolves with the number of records read (checked, so no variant reads less). */
  readonly call: () => Promise<number>
}

export interface Figures {
  readonly name: string
  readonly calls: number
  readonly wallMs: number
  readonly cpuMs: number
}

/**
 * Interleaved rounds: every round runs `perRound` calls of each variant, in an order that rotates
 * from round to round, so a burst of load elsewhere on the machine hits every variant alike.
 * Medians of the per-call wall time and process CPU (user + system, GC threads included).
 */
export const interleave = async (
  variants: ReadonlyArray<Variant>,
  options: { readonly rounds: number; readonly perRound: number; readonly warmup: number; readonly expect: number }
): Promise<ReadonlyArray<Figures>> => {
  for (const v of variants) {
    for (let i = 0; i < options.warmup; i++) {
      const n = await v.call()
      if (n !== options.expect) throw new Error(`${v.name} read ${n} records, expected ${options.expect}`)
    }
  }
  const samples = new Map<string, Array<Sample>>(variants.map((v) => [v.name, []]))
  for (let r = 0; r < options.rounds; r++) {
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(r + k) % variants.length]!
      for (let i = 0; i < options.perRound; i++) {
        const cpu0 = process.cpuUsage()
        const t0 = performance.now()
        const n = await v.call()
        const wallMs = performance.now() - t0
        const cpu = process.cpuUsage(cpu0)
        if (n !== options.expect) throw new Error(`${v.name} read ${n} records, expected ${options.expect}`)
        samples.get(v.name)!.push({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000 })
      }
    }
  }
  return variants.map((v) => {
    const s = samples.get(v.name)!
    return {
      name: v.name,
      calls: s.length,
      wallMs: median(s.map((x) => x.wallMs)),
      cpuMs: median(s.map((x) => x.cpuMs))
    }
  })
}

/** Rows of equal-width columns, for the console. */
export const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: ReadonlyArray<string>) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ")
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n")
}

export const resultsFile = Path.join(root, "bench/results.json")

/** Merge `section` into `bench/results.json` (each bench file owns one section). */
export const writeResults = (section: string, value: unknown): void => {
  Fs.mkdirSync(Path.dirname(resultsFile), { recursive: true })
  const current: Record<string, unknown> = Fs.existsSync(resultsFile)
    ? JSON.parse(Fs.readFileSync(resultsFile, "utf8")) as Record<string, unknown>
    : {}
  current[section] = { measuredAt: new Date().toISOString(), node: process.version, ...value as object }
  Fs.writeFileSync(resultsFile, JSON.stringify(current, null, 2) + "\n")
}

export const fmt = (n: number, digits = 2): string => n.toFixed(digits)
