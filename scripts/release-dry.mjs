#!/usr/bin/env node
// A release rehearsal that publishes nothing: build, check the generated code, show the pending
// release (`changeset status`), then pack every published package (not `private`, under packages/)
// into a temporary folder with `pnpm pack` (which writes `workspace:^` ranges as real versions) and
// print what each tarball holds. `--files` lists every file of every tarball.
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const listFiles = process.argv.includes("--files")

// The pnpm running this script (`pnpm release:dry`), else the project's pinned one.
const execPath = process.env.npm_execpath
const pnpm = execPath !== undefined && /pnpm/.test(path.basename(execPath))
  ? [process.execPath, execPath]
  : ["npx", "-y", "pnpm@10.34.8"]

const run = (title, command, args, options = {}) => {
  console.log(`\n== ${title}: ${[command, ...args].join(" ")}`)
  return execFileSync(command, args, { cwd: root, stdio: "inherit", ...options })
}
const runPnpm = (title, args, options) => run(title, pnpm[0], [...pnpm.slice(1), ...args], options)

runPnpm("build", ["run", "build"])
runPnpm("generated code", ["run", "codegen:check"])
run("pending release", path.join(root, "node_modules/.bin/changeset"), ["status", "--verbose"])

const published = fs.readdirSync(path.join(root, "packages"))
  .map((dir) => path.join(root, "packages", dir))
  .filter((dir) => fs.existsSync(path.join(dir, "package.json")))
  .map((dir) => ({ dir, manifest: JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) }))
  .filter(({ manifest }) => manifest.private !== true)

const destination = fs.mkdtempSync(path.join(os.tmpdir(), "effect-zoho-release-dry-"))
console.log(`\n== pack: ${published.length} published packages into ${destination}`)

const rows = []
for (const { dir, manifest } of published) {
  const before = new Set(fs.readdirSync(destination))
  execFileSync(pnpm[0], [...pnpm.slice(1), "pack", "--pack-destination", destination], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"]
  })
  const tarball = fs.readdirSync(destination).find((f) => !before.has(f))
  if (tarball === undefined) throw new Error(`${manifest.name}: pnpm pack wrote no tarball`)
  const file = path.join(destination, tarball)
  const entries = execFileSync("tar", ["-tzf", file], { encoding: "utf8" })
    .split("\n")
    .filter((line) => line !== "" && !line.endsWith("/"))
    .map((line) => line.replace(/^package\//, ""))
  const packed = JSON.parse(execFileSync("tar", ["-xzOf", file, "package/package.json"], { encoding: "utf8" }))
  // What is in it, by top-level folder: `dist/ 312, src/ 150, package.json, README.md`.
  const groups = new Map()
  for (const entry of entries) {
    const top = entry.includes("/") ? `${entry.split("/")[0]}/` : entry
    groups.set(top, (groups.get(top) ?? 0) + 1)
  }
  const contents = [...groups].map(([top, n]) => top.endsWith("/") ? `${top} ${n}` : top).join(", ")
  const internal = Object.entries({ ...packed.dependencies, ...packed.peerDependencies })
    .filter(([name]) => name.startsWith("@effect-zoho/"))
    .map(([name, range]) => `${name}@${range}`)
  const sizeKb = (fs.statSync(file).size / 1024).toFixed(1)
  console.log(`\n${packed.name}@${packed.version}  ${tarball}  ${sizeKb} kB, ${entries.length} files`)
  console.log(`  contents: ${contents}`)
  if (internal.length > 0) console.log(`  depends on: ${internal.join(", ")}`)
  if (internal.some((dep) => dep.includes("workspace:"))) {
    throw new Error(`${packed.name}: a workspace: range was left in the packed package.json`)
  }
  if (listFiles) { for (const entry of entries) console.log(`    ${entry}`) }
  rows.push({ package: packed.name, version: packed.version, files: entries.length, kB: Number(sizeKb) })
}

console.log("\n== packed (nothing was published)")
console.table(rows)
console.log(`tarballs: ${destination}`)
