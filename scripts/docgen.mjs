#!/usr/bin/env node
// The API reference: runs @effect/docgen over every published package (packages/* without
// "private": true; each must have a docgen.json) and writes its pages to docs/api/<package>/.
// For each package docgen
//   1. parses src/**/*.ts except src/internal and src/generated (the generated endpoints are
//      thousands of declarations; the product guides in docs/ document them) and fails on an
//      export without `@since` (enforceVersion);
//   2. type-checks every `@example` with tsc, then runs them all with tsx (runExamples). Examples
//      import the packages by name; they compile against the built packages (dist/*.d.ts, what a
//      user compiles against), so this script runs `tsc -b` first. Examples must not need the
//      network: they build layers or run against the in-memory simulator (@effect-zoho/sim).
// docgen writes into packages/<p>/build/docgen/ (gitignored). It rewrites an example's import of
// its own package to `../../src`, relative to <outDir>/examples: this script points build/src at
// dist for that import (else tsc would compile the package's sources, generated endpoints
// included, for every run), then moves the module pages to docs/api/<p>/ with a GitHub-readable
// header instead of Jekyll front matter.
//
// Usage: node scripts/docgen.mjs [--check] [--no-build] [--jobs N] [package ...]
//   package: a directory name under packages/ (core, crm…) or a package name; default: all.
//   --check: write nothing; fail if docs/api is not what the sources generate (CI).
// Exits non-zero naming the package and the source file of every problem.
import { execFileSync, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const apiDir = path.join(root, "docs", "api")
const bin = path.join(root, "node_modules", ".bin")

const args = process.argv.slice(2)
const flag = (name) => {
  const at = args.indexOf(name)
  if (at < 0) return false
  args.splice(at, 1)
  return true
}
const check = flag("--check")
const jobsAt = args.indexOf("--jobs")
// Two packages at a time: docgen is mostly tsc, single-threaded, and CI machines have 2+ cores.
const jobs = jobsAt >= 0 ? Number(args.splice(jobsAt, 2)[1]) : Math.min(2, os.availableParallelism())
const noBuild = flag("--no-build")

const readJson = (file) => JSON.parse(fs.readFileSync(file, "utf8"))
const published = fs.readdirSync(path.join(root, "packages"))
  .filter((name) => fs.existsSync(path.join(root, "packages", name, "package.json")))
  .map((name) => ({ dir: name, pkg: readJson(path.join(root, "packages", name, "package.json")) }))
  .filter(({ pkg }) => pkg.private !== true)
  .sort((a, b) => a.dir.localeCompare(b.dir))

const fail = (message) => {
  console.error(`docgen: ${message}`)
  process.exit(1)
}
for (const { dir } of published) {
  if (!fs.existsSync(path.join(root, "packages", dir, "docgen.json"))) {
    fail(`packages/${dir}/docgen.json is missing: every published package has an API reference`)
  }
}
const selected = args.length === 0 ? published : args.map((arg) => {
  const found = published.find(({ dir, pkg }) => dir === arg || pkg.name === arg || `packages/${dir}` === arg)
  if (found === undefined) fail(`${arg} is not a published package (${published.map((p) => p.dir).join(", ")})`)
  return found
})

if (!noBuild) execFileSync(path.join(bin, "tsc"), ["-b", "tsconfig.build.json"], { cwd: root, stdio: "inherit" })

/** Runs docgen in `cwd`; resolves with its exit code and combined output (colours off). */
const runDocgen = (cwd) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/@effect/docgen/bin.cjs")], {
      cwd,
      env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, FORCE_COLOR: "0", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    child.stdout.on("data", (chunk) => (output += chunk))
    child.stderr.on("data", (chunk) => (output += chunk))
    child.on("close", (code) => resolve({ code, output }))
  })

// An example file is build/docgen/examples/<module path joined by "-">-<kind>-<export>-<index>.ts;
// tsc names it with (line,column), a stack trace with :line:column.
const EXAMPLE_FILE =
  /(?:[\w./-]*build\/docgen\/examples\/)?(src-[\w.-]+?\.ts)-([\w$.-]+)-(\d+)\.ts(?:\((\d+),(\d+)\)|:(\d+):(\d+))?/g
const explainExampleFiles = (dir, text) =>
  text.replace(EXAMPLE_FILE, (_whole, module, kindAndName, index, line, column, line2, column2) => {
    const exported = kindAndName.split("-").at(-1)
    const at = (line ?? line2) === undefined ? "" : `, line ${line ?? line2} column ${column ?? column2} of the example`
    return `packages/${dir}/${module.replace(/-/g, "/")}: @example ${Number(index) + 1} of ${exported}${at}`
  })

/** docgen's error, without timestamps and stack frames, with example files named by source. */
const errorReport = (dir, output) =>
  explainExampleFiles(
    dir,
    output.split("\n")
      // Stack frames only where they point into an example (a runtime failure names its example).
      .filter((line) => (!/^\s+at /.test(line) || /build\/docgen\/examples\//.test(line)) && !/\bINFO\b/.test(line))
      .map((line) => line.replace(/^\[[\d:.]+\] (ERROR|WARN) \(#\d+\):\s*/, ""))
      .map((line) => line.replace(/(^|\s)src\//g, `$1packages/${dir}/src/`))
      .join("\n")
      .trim()
  ).split("\n").map((line) => `  ${line}`).join("\n")

const listFiles = (dir, base = dir) =>
  fs.existsSync(dir)
    ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name)
      return entry.isDirectory() ? listFiles(full, base) : [path.relative(base, full)]
    })
    : []

/** The overview's first sentence of a generated module page, for the package index. */
const summary = (page) => {
  const overview = page.split("\n## ")[1]
  if (overview === undefined) return ""
  const paragraph = overview.split("\n\n")[1] ?? ""
  if (paragraph.startsWith("Added in") || paragraph.startsWith("---")) return ""
  const text = paragraph.replace(/\s+/g, " ").trim()
  const end = text.search(/\.(\s|$)/)
  return end < 0 ? text : text.slice(0, end + 1)
}

/** docs/api/<dir>/: one page per module, and a README.md listing them. */
const pagesOf = ({ dir, pkg }) => {
  const modulesDir = path.join(root, "packages", dir, "build", "docgen", "modules")
  const pages = new Map()
  const index = []
  for (const file of listFiles(modulesDir).filter((f) => f.endsWith(".ts.md")).sort()) {
    const raw = fs.readFileSync(path.join(modulesDir, file), "utf8")
    // Jekyll front matter (which prettier turns into a rule and a paragraph) becomes a heading.
    const body = raw.replace(/^(\*\*\*|---)\n[\s\S]*?\n---\n/, "")
    const moduleName = file.replace(/\.ts\.md$/, "")
    const up = path.relative(path.dirname(path.join(dir, file)), dir) || "."
    const header =
      `# ${pkg.name}/${moduleName}\n\n[API reference](${up}/README.md) · generated by \`pnpm docgen\` from ` +
      `[packages/${dir}/src/${moduleName}.ts](${
        path.relative(path.dirname(path.join("docs/api", dir, file)), `packages/${dir}/src/${moduleName}.ts`)
      })\n`
    pages.set(file, `${header}${body}`)
    index.push(`- [${moduleName}](${file})${summary(body) ? `: ${summary(body)}` : ""}`)
  }
  pages.set(
    "README.md",
    `# ${pkg.name} API reference\n\n${pkg.description ?? ""}\n\n` +
      `Generated by \`pnpm docgen\` (@effect/docgen) from the doc comments in [packages/${dir}/src](../../../packages/${dir}/src); ` +
      `every example on these pages is type-checked and run. Do not edit: change the comments and run \`pnpm docgen ${dir}\`.\n\n` +
      `## Modules\n\n${index.join("\n")}\n`
  )
  return pages
}

const topIndex = () =>
  `# API reference\n\nOne page per module of every published package, generated by \`pnpm docgen\` (@effect/docgen) from ` +
  `the doc comments; every \`@example\` is type-checked and run. The generated endpoints (\`src/generated\`) are not ` +
  `listed here: the product guides in [docs/](../) describe them.\n\n` +
  published.map(({ dir, pkg }) => `- [${pkg.name}](${dir}/README.md): ${pkg.description ?? ""}`).join("\n") + "\n"

/**
 * Compares (--check) or writes `files` (relative path → content) under `dir`, and with `prune`
 * removes (or reports) the files under `dir` it does not list; returns the differences.
 */
const sync = (dir, files, { prune }) => {
  const existing = listFiles(dir)
  const problems = []
  for (const [file, content] of files) {
    const target = path.join(dir, file)
    const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : undefined
    if (current === content) continue
    if (check) problems.push(`${path.relative(root, target)} is ${current === undefined ? "missing" : "out of date"}`)
    else {
      fs.mkdirSync(path.dirname(target), { recursive: true })
      fs.writeFileSync(target, content)
    }
  }
  for (const file of prune ? existing.filter((f) => !files.has(f)) : []) {
    if (check) problems.push(`${path.relative(root, path.join(dir, file))} is not generated any more`)
    else fs.rmSync(path.join(dir, file))
  }
  return problems
}

const failures = []
const started = Date.now()
const runPackage = async (entry) => {
  const { dir, pkg } = entry
  const pkgDir = path.join(root, "packages", dir)
  const t0 = Date.now()
  if (!fs.existsSync(path.join(pkgDir, "dist", "index.js"))) {
    failures.push(pkg.name)
    console.error(`docgen ${pkg.name}: FAILED\n  packages/${dir}/dist/index.js is missing: run pnpm build first`)
    return
  }
  // The examples' `../../src` (their own package) is the built package, like their other imports.
  const build = path.join(pkgDir, "build")
  fs.rmSync(path.join(build, "docgen"), { recursive: true, force: true })
  fs.mkdirSync(build, { recursive: true })
  fs.rmSync(path.join(build, "src"), { recursive: true, force: true })
  fs.symlinkSync(path.join("..", "dist"), path.join(build, "src"), "dir")
  const { code, output } = await runDocgen(pkgDir)
  fs.rmSync(path.join(build, "src"), { force: true })
  const seconds = ((Date.now() - t0) / 1000).toFixed(1)
  if (code !== 0) {
    failures.push(pkg.name)
    console.error(`docgen ${pkg.name}: FAILED after ${seconds}s\n${errorReport(dir, output)}`)
    return
  }
  const modules = /(\d+) module\(s\) found/.exec(output)?.[1] ?? "0"
  const examples = /(\d+) example\(s\) found/.exec(output)?.[1] ?? "0"
  const pages = pagesOf(entry)
  const exports = [...pages.values()].reduce((n, page) => n + (page.match(/\*\*Signature\*\*/g) ?? []).length, 0)
  const problems = sync(path.join(apiDir, dir), pages, { prune: true })
  const state = check ? (problems.length === 0 ? "(up to date)" : "(OUT OF DATE)") : "(written)"
  console.log(
    `docgen ${pkg.name}: ${modules} modules, ${exports} exports with @since, ${examples} examples type-checked and run` +
      ` → docs/api/${dir}/ ${state} in ${seconds}s`
  )
  if (problems.length > 0) {
    failures.push(pkg.name)
    for (const problem of problems) console.error(`  ${problem}: run pnpm docgen ${dir}`)
  }
}
const queue = [...selected]
await Promise.all(
  Array.from({ length: Math.max(1, jobs) }, async () => {
    while (queue.length > 0) await runPackage(queue.shift())
  })
)
// Only the index file: the other packages' pages under docs/api are theirs, never pruned here.
const indexProblems = sync(apiDir, new Map([["README.md", topIndex()]]), { prune: false })
for (const problem of indexProblems) console.error(`  ${problem}: run pnpm docgen`)
if (indexProblems.length > 0) failures.push("docs/api/README.md")

const total = ((Date.now() - started) / 1000).toFixed(1)
if (failures.length > 0) {
  fail(`${failures.length} of ${selected.length} packages failed (${failures.join(", ")}) in ${total}s`)
}
console.log(`docgen: ${selected.length} packages ${check ? "checked" : "generated"} in ${total}s`)
