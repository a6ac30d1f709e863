#!/usr/bin/env node
// Packaging check for every published package (packages/* without "private": true).
// For each one: packs it with pnpm (the tarball `pnpm publish` would upload, `workspace:` ranges
// rewritten), then checks
//   1. the file list: package.json, README.md, LICENSE and dist/**/*.{js,d.ts} only (no tests, no
//      source maps, no src, no build info);
//   2. every non-wildcard target in `exports` (and every `types` condition) is in the tarball;
//   3. publint (errors and warnings fail);
//   4. @arethetypeswrong/cli, with the `esm-only` profile, over "." and every module the `./*`
//      and `./generated/*` wildcards expose. The packages are ESM only ("type": "module", no
//      `require` condition): a CommonJS consumer cannot load them under node10 or node16-cjs
//      resolution, which is the design, so those two resolution kinds are not checked.
// Run after `pnpm build`. Exits non-zero naming the package and file of every problem.
// Usage: node scripts/check-packages.mjs [--keep <dir>] [package-dir ...]
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { PNPM } from "./lib/pnpm.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const bin = (name) => path.join(root, "node_modules", ".bin", name)

const args = process.argv.slice(2)
const keepAt = args.indexOf("--keep")
const keep = keepAt >= 0 ? path.resolve(args.splice(keepAt, 2)[1]) : undefined

/** The published packages: every packages/* whose package.json is not private. */
export const publishedPackages = () =>
  fs.readdirSync(path.join(root, "packages"))
    .map((name) => path.join(root, "packages", name))
    .filter((dir) => fs.existsSync(path.join(dir, "package.json")))
    .filter((dir) => JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).private !== true)
    .sort()

const ALLOWED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^dist\/.+\.(js|d\.ts)$/]
const FORBIDDEN_IN_DIST = [/\.map$/, /(^|\/)(test|tests|__tests__)\//, /\.test\.|\.spec\./, /\.tsbuildinfo$/]

/** Packs `dir` with pnpm into `dest`; returns the tarball path. */
const pack = (dir, dest) => {
  const out = execFileSync(PNPM[0], [...PNPM.slice(1), "pack", "--pack-destination", dest, "--json"], {
    cwd: dir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"]
  })
  return JSON.parse(out.slice(out.indexOf("{"))).filename
}

const tarList = (tgz) =>
  execFileSync("tar", ["tzf", tgz], { encoding: "utf8" }).split("\n").filter(Boolean)
    .map((f) => f.replace(/^package\//, ""))

/** Every concrete file an `exports` map names (wildcard patterns are checked by attw). */
const exportTargets = (exp, at = "exports") => {
  if (exp === null || exp === undefined) return []
  if (typeof exp === "string") return exp.includes("*") ? [] : [{ at, target: exp }]
  return Object.entries(exp).flatMap(([k, v]) => exportTargets(v, `${at}["${k}"]`))
}

/** The subpaths the `./*`-style wildcards expose, from the files actually shipped. */
const wildcardEntrypoints = (pkg, files) => {
  const out = new Set()
  for (const [key, value] of Object.entries(pkg.exports ?? {})) {
    if (!key.includes("*") || value === null) continue
    const types = typeof value === "string" ? value : value.types
    if (typeof types !== "string") continue
    const [pre, post] = types.replace(/^\.\//, "").split("*")
    for (const f of files) {
      if (!f.startsWith(pre) || !f.endsWith(post)) continue
      const stem = f.slice(pre.length, f.length - post.length)
      if (stem.includes("/") || stem === "index") continue // one level, like the pattern
      const sub = key.replace("*", stem)
      // a subpath blocked by a more specific null entry (./internal/*) is not an entrypoint
      if (Object.entries(pkg.exports).some(([k, v]) => v === null && sub.startsWith(k.replace("*", "")))) continue
      out.add(sub)
    }
  }
  return [...out].sort()
}

const problems = []
const report = []
const work = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), "effect-zoho-pack-"))
fs.mkdirSync(work, { recursive: true })
const selected = args.length > 0 ? args.map((a) => path.resolve(a)) : publishedPackages()

for (const dir of selected) {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"))
  const name = pkg.name
  const fail = (file, why) => problems.push(`${name}: ${file}: ${why}`)
  const before = problems.length
  console.log(`\n--- ${name} (${path.relative(root, dir)})`)

  // package.json fields a consumer relies on
  if (pkg.type !== "module") fail("package.json", `"type" is not "module"`)
  if (pkg.sideEffects === undefined) fail("package.json", `"sideEffects" is not declared`)
  if (typeof pkg.exports !== "object" || pkg.exports === null) fail("package.json", `no "exports" map`)
  for (const [key, value] of Object.entries(pkg.exports ?? {})) {
    if (value !== null && (typeof value !== "object" || typeof value.types !== "string")) {
      fail("package.json", `exports["${key}"] has no "types" condition`)
    }
  }

  let tgz
  try {
    tgz = pack(dir, work)
  } catch (e) {
    fail("package.json", `pnpm pack failed: ${e.stderr ?? e.message}`)
    report.push({ name, files: 0, kB: "-", ok: false })
    continue
  }
  const files = tarList(tgz)
  const size = fs.statSync(tgz).size
  const dist = files.filter((f) => f.startsWith("dist/"))
  console.log(`pack: ${files.length} files (${dist.length} in dist), ${(size / 1024).toFixed(1)} kB packed`)

  // 1. the file list
  for (const f of files) {
    if (!ALLOWED.some((re) => re.test(f))) fail(f, "is packed but is not dist, README.md, LICENSE or package.json")
    else if (FORBIDDEN_IN_DIST.some((re) => re.test(f))) fail(f, "is packed (source map, test or build info)")
  }
  for (const required of ["README.md", "LICENSE", "package.json"]) {
    if (!files.includes(required)) fail(required, "is missing from the tarball")
  }
  console.log(`files: only package.json, README.md, LICENSE, dist/**/*.{js,d.ts}; no .map, src or tests`)

  // 2. exports targets exist in the tarball
  const targets = [
    ...exportTargets(pkg.exports),
    ...Object.entries(typeof pkg.bin === "string" ? { bin: pkg.bin } : pkg.bin ?? {})
      .map(([k, v]) => ({ at: `bin["${k}"]`, target: v }))
  ]
  const missing = targets.filter(({ target }) => !files.includes(target.replace(/^\.\//, "")))
  for (const { at, target } of missing) fail(target, `named by ${at} but not in the tarball`)
  console.log(`exports: ${targets.length - missing.length}/${targets.length} named files in the tarball`)

  // 3. publint
  try {
    const out = execFileSync(bin("publint"), ["run", tgz, "--strict", "--level", "warning"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"]
    })
    console.log(`publint: ${out.trim().split("\n").at(-1)}`)
  } catch (e) {
    const lines = `${e.stdout ?? ""}${e.stderr ?? ""}`.trim().split("\n").filter((l) =>
      !/^(Running|Unpacking|Linting|Errors:|Warnings:)/.test(l)
    )
    for (const l of lines) fail("package.json", `publint: ${l.trim()}`)
  }

  // 4. attw over "." and the wildcard modules
  const entrypoints = wildcardEntrypoints(pkg, files)
  const attwArgs = [tgz, "--profile", "esm-only", "--format", "json", "--no-color"]
  if (entrypoints.length > 0) attwArgs.push("--include-entrypoints", ...entrypoints)
  // attw exits 1 when it finds problems (ignored kinds included) and may exit before a pipe is
  // drained, so its JSON goes to a file.
  const attwOut = path.join(work, `${path.basename(tgz)}.attw.json`)
  const fd = fs.openSync(attwOut, "w")
  try {
    execFileSync(bin("attw"), attwArgs, { stdio: ["ignore", fd, "pipe"] })
  } catch {
    // judged from the JSON below
  } finally {
    fs.closeSync(fd)
  }
  let result
  try {
    result = JSON.parse(fs.readFileSync(attwOut, "utf8"))
  } catch {
    fail("package.json", `attw printed no JSON: ${fs.readFileSync(attwOut, "utf8").slice(0, 300)}`)
    result = {}
  }
  const checked = Object.keys(result.analysis?.entrypoints ?? {})
  const ignoredKinds = new Set(["node10", "node16-cjs"])
  const visible = Object.values(result.problems ?? {}).flat()
    .filter((p) => p.resolutionKind === undefined || !ignoredKinds.has(p.resolutionKind))
  for (const p of visible) {
    const file = p.fileName ?? p.entrypoint ?? "package.json"
    fail(
      file,
      `attw ${p.kind}${p.resolutionKind ? ` (${p.resolutionKind})` : ""}${p.entrypoint ? ` at "${p.entrypoint}"` : ""}`
    )
  }
  console.log(`attw (esm-only: node16-esm, bundler): ${checked.length} entrypoints, ${visible.length} problems`)
  console.log(problems.length === before ? "ok" : `FAILED (${problems.length - before} problems)`)
  report.push({ name, files: files.length, kB: (size / 1024).toFixed(1), ok: problems.length === before })
}

console.log("\npackage                        files  packed kB  result")
for (const r of report) {
  console.log(`${r.name.padEnd(30)} ${String(r.files).padStart(5)}  ${r.kB.padStart(9)}  ${r.ok ? "ok" : "FAILED"}`)
}
if (keep === undefined) fs.rmSync(work, { recursive: true, force: true })
if (problems.length > 0) {
  console.error(`\n${problems.length} packaging problem(s):`)
  for (const p of problems) console.error(`  ${p}`)
  process.exit(1)
}
console.log(`\n${report.length} packages ok`)
