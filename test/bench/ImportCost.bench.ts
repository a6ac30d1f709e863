/**
 * Cold import of each package's built entry (a fresh Node process per sample, nothing cached in
 * memory), against `effect` alone: wall time of the `import()` and heap in use after a full GC.
 * Rounds interleave the targets so machine load hits them alike; the figure that matters is the
 * difference to `effect` in the same run. Also the published footprint of core + crm (`dist`
 * without source maps). Needs `pnpm build`. Written to `bench/results.json` (section `imports`).
 */
import { describe, it } from "@effect/vitest"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { pathToFileURL } from "node:url"
import * as Util from "node:util"
import { fmt, median, root, table, writeResults } from "./support/benchWorld.js"

const dist = (pkg: string, file = "index.js") => pathToFileURL(Path.join(root, "packages", pkg, "dist", file)).href

/** What `import("<label>")` loads, as the file it resolves to (the package's `exports`). */
const targets: ReadonlyArray<readonly [label: string, specifier: string]> = [
  ["effect", "effect"],
  ["@effect-zoho/core", dist("core")],
  ["@effect-zoho/crm", dist("crm")],
  ["@effect-zoho/books", dist("books")],
  ["@effect-zoho/inventory", dist("inventory")],
  ["@effect-zoho/subscriptions", dist("subscriptions")],
  ["@effect-zoho/invoice", dist("invoice")],
  ["@effect-zoho/expense", dist("expense")],
  ["@effect-zoho/books/generated/Invoices", dist("books", "generated/Invoices.js")],
  ["@effect-zoho/crm/generated/Record", dist("crm", "generated/Record.js")],
  ["@effect-zoho/books/Books (every module)", dist("books", "Books.js")]
]

const execFile = Util.promisify(ChildProcess.execFile)

/** Asynchronous, so the test worker keeps answering vitest while the child runs. */
const probe = async (specifier: string): Promise<{ ms: number; heap: number }> => {
  const code = `const t0 = performance.now(); await import(${JSON.stringify(specifier)});
const ms = performance.now() - t0; globalThis.gc(); process.stdout.write(JSON.stringify({ ms, heap: process.memoryUsage().heapUsed }))`
  const { stdout } = await execFile(process.execPath, ["--expose-gc", "--input-type=module", "-e", code], {
    cwd: root,
    encoding: "utf8"
  })
  return JSON.parse(stdout) as { ms: number; heap: number }
}

const sizeOf = (dir: string, keep: (file: string) => boolean): number => {
  let total = 0
  for (const entry of Fs.readdirSync(dir, { withFileTypes: true })) {
    const p = Path.join(dir, entry.name)
    if (entry.isDirectory()) total += sizeOf(p, keep)
    else if (keep(entry.name)) total += Fs.statSync(p).size
  }
  return total
}

const MB = 1024 * 1024

describe("cold import per package", () => {
  it("interleaved rounds", async () => {
    const missing = targets.filter(([, s]) => s.startsWith("file:") && !Fs.existsSync(new URL(s)))
    if (missing.length > 0) throw new Error(`run \`pnpm build\` first: missing ${missing.map(([l]) => l).join(", ")}`)
    const rounds = 5
    const samples = new Map(targets.map(([label]) => [label, [] as Array<{ ms: number; heap: number }>]))
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < targets.length; k++) {
        const [label, specifier] = targets[(r + k) % targets.length]!
        samples.get(label)!.push(await probe(specifier))
      }
    }
    const figures = targets.map(([label]) => {
      const s = samples.get(label)!
      return { label, ms: median(s.map((x) => x.ms)), heapMB: median(s.map((x) => x.heap)) / MB }
    })
    const base = figures[0]!
    const rows = figures.map((f) => [
      f.label,
      fmt(f.ms, 0),
      f === base ? "" : `${f.ms >= base.ms ? "+" : ""}${fmt(f.ms - base.ms, 0)}`,
      fmt(f.heapMB, 1)
    ])
    const published = (file: string) => !file.endsWith(".map") && !file.endsWith(".tsbuildinfo")
    const footprint = {
      coreMB: sizeOf(Path.join(root, "packages/core/dist"), published) / MB,
      crmMB: sizeOf(Path.join(root, "packages/crm/dist"), published) / MB,
      withMapsMB: (sizeOf(Path.join(root, "packages/core/dist"), () => true) +
        sizeOf(Path.join(root, "packages/crm/dist"), () => true)) / MB
    }
    console.log(
      `\nCold import (median of ${rounds} fresh processes, interleaved)\n` +
        table(["import", "ms", "vs effect", "heap MB"], rows) +
        `\n\ndist of core + crm without source maps: ${fmt(footprint.coreMB + footprint.crmMB)} MB ` +
        `(core ${fmt(footprint.coreMB)}, crm ${fmt(footprint.crmMB)}); with maps ${fmt(footprint.withMapsMB)} MB\n`
    )
    writeResults("imports", { rounds, figures, footprint })
  }, 600_000)
})
