#!/usr/bin/env node
// Install smoke test: what a user gets from npm, not what the workspace links.
//   1. packs every published package with pnpm (`workspace:` ranges rewritten);
//   2. installs the tarballs with npm into an empty temporary project, with `effect` and
//      `@effect/platform` (the peers; `@effect/platform-node` for @effect-zoho/node) from the registry;
//   3. type-checks a tiny program (one CRM call, one Books call, a `./*` subpath import), and the
//      public types of every package, with tsc
//      under `moduleResolution: nodenext` and under `bundler`, compiles it and runs it with node
//      against the in-process simulator;
//   4. bundles a program using core + crm with esbuild (platform node, format esm) and runs the
//      bundle from a folder with no node_modules.
// Run after `pnpm build`. Prints each step with its time; exits non-zero on the first failure.
// Usage: node scripts/smoke-install.mjs [--keep]   (--keep leaves the temporary project in place)
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { PNPM } from "./lib/pnpm.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const keep = process.argv.includes("--keep")
const started = Date.now()
const version = (name) =>
  JSON.parse(fs.readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8")).version
const esbuildVersion = () => {
  // esbuild is not a root dependency; the workspace has it through vitest (vite).
  const dir = fs.readdirSync(path.join(root, "node_modules", ".pnpm")).find((d) => /^esbuild@\d/.test(d))
  return dir ? dir.slice("esbuild@".length).split("_")[0] : "latest"
}

const step = (title, run) => {
  const t0 = Date.now()
  process.stdout.write(`smoke: ${title} ... `)
  try {
    const out = run()
    console.log(`ok (${((Date.now() - t0) / 1000).toFixed(1)}s)`)
    if (typeof out === "string" && out.trim() !== "") console.log(out.trim().replace(/^/gm, "  "))
  } catch (e) {
    console.log("FAILED")
    console.error(`${e.stdout ?? ""}${e.stderr ?? ""}`.trim() || e.message)
    console.error(`smoke: failed at "${title}"${keep ? ` (project kept in ${dir})` : ""}`)
    process.exit(1)
  }
}
const sh = (cmd, args, cwd) =>
  execFileSync(cmd, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, npm_config_fund: "false", npm_config_audit: "false", npm_config_update_notifier: "false" }
  })

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "effect-zoho-smoke-"))
const tarballs = path.join(dir, "tarballs")
fs.mkdirSync(tarballs)
// Every published package is installed (their declarations are type-checked without
// skipLibCheck); the program runs core, sim, crm and books.
const packages = fs.readdirSync(path.join(root, "packages"))
  .filter((p) => fs.existsSync(path.join(root, "packages", p, "package.json")))
  .filter((p) => JSON.parse(fs.readFileSync(path.join(root, "packages", p, "package.json"), "utf8")).private !== true)
  .sort()
const tgz = {}

step(`pnpm pack ${packages.join(", ")}`, () =>
  packages.map((p) => {
    const out = sh(
      PNPM[0],
      [...PNPM.slice(1), "pack", "--pack-destination", tarballs, "--json"],
      path.join(root, "packages", p)
    )
    const file = JSON.parse(out.slice(out.indexOf("{"))).filename
    tgz[`@effect-zoho/${p}`] = `file:../tarballs/${path.basename(file)}`
    return `${path.basename(file)}  ${(fs.statSync(file).size / 1024).toFixed(1)} kB`
  }).join("\n"))

// The product packages depend on @effect-zoho/core ^0.1.0: `overrides` points that at the tarball
// too, so nothing of ours comes from the registry.
const app = path.join(dir, "app")
fs.mkdirSync(path.join(app, "src"), { recursive: true })
fs.writeFileSync(
  path.join(app, "package.json"),
  JSON.stringify(
    {
      name: "effect-zoho-smoke",
      private: true,
      type: "module",
      dependencies: {
        ...tgz,
        effect: version("effect"),
        "@effect/platform": version("@effect/platform"),
        // the peer of @effect-zoho/node only
        "@effect/platform-node": version("@effect/platform-node")
      },
      devDependencies: {
        typescript: version("typescript"),
        "@types/node": version("@types/node"),
        esbuild: esbuildVersion()
      },
      overrides: Object.fromEntries(Object.keys(tgz).map((name) => [name, `$${name}`]))
    },
    null,
    2
  )
)

step("npm install (tarballs + effect, @effect/platform, typescript, esbuild from the registry)", () => {
  sh("npm", ["install", "--no-package-lock", "--loglevel=error"], app)
  const installed = Object.keys(tgz).map((n) =>
    `${n}@${JSON.parse(fs.readFileSync(path.join(app, "node_modules", n, "package.json"), "utf8")).version}`
  )
  // each of ours once: a second copy of core would mean the override did not apply
  const nested = fs.readdirSync(path.join(app, "node_modules", "@effect-zoho"))
    .flatMap((p) => fs.existsSync(path.join(app, "node_modules", "@effect-zoho", p, "node_modules")) ? [p] : [])
  if (nested.length > 0) throw new Error(`nested node_modules under @effect-zoho/${nested.join(", ")}`)
  return installed.join(", ")
})

const user = `const user = ZohoUser.make({
  credentials: ZohoCredentials.RefreshToken({
    clientId: "1000.SIMCLIENT",
    clientSecret: Redacted.make("sim-secret"),
    refreshToken: Redacted.make("1000.simrefresh")
  }),
  organizationId: "800001"
})
`
fs.writeFileSync(
  path.join(app, "src", "main.ts"),
  `import * as Books from "@effect-zoho/books/Books"
import { MemoryTokenStore, Zoho, ZohoCredentials, ZohoUser } from "@effect-zoho/core"
import * as ZohoRegion from "@effect-zoho/core/ZohoRegion"
import { Crm, CrmRecords } from "@effect-zoho/crm"
import { SimHttpClient, SimSeed } from "@effect-zoho/sim"
import { Effect, Layer, Redacted, Schema, Stream } from "effect"

${user}
const ZohoLive = Zoho.layer({ region: ZohoRegion.make("US"), user }).pipe(
  Layer.provide(SimHttpClient.layerSeed(SimSeed.demo())),
  Layer.provide(MemoryTokenStore.layer)
)
const Live = Crm.layer().pipe(Layer.provideMerge(ZohoLive))

const Leads = CrmRecords.make("Leads", Schema.Struct({ Last_Name: Schema.String }))

const program = Effect.gen(function*() {
  yield* Leads.createAll([{ Last_Name: "Lovelace" }])
  const leads = yield* Stream.runCount(Leads.list())
  const contact = yield* Books.contacts.create({ contact_name: "Acme Ltd" })
  const contacts = yield* Stream.runCount(Books.contacts.list())
  return { leads, contacts, contactName: contact.contact_name }
})

const result = await Effect.runPromise(program.pipe(Effect.provide(Live)))
console.log(JSON.stringify(result))
if (result.leads < 1 || result.contacts < 1) process.exit(1)
`
)

// Every package's public types, so tsc (skipLibCheck false) reads every shipped .d.ts they reach.
fs.writeFileSync(
  path.join(app, "src", "types.ts"),
  `${Object.keys(tgz).map((n, i) => `import type * as P${i} from "${n}"`).join("\n")}\n` +
    `export type All = [${Object.keys(tgz).map((_, i) => `typeof P${i}`).join(", ")}]\n`
)

const tsconfig = (name, options) =>
  fs.writeFileSync(
    path.join(app, name),
    JSON.stringify(
      {
        compilerOptions: { target: "ES2022", strict: true, skipLibCheck: false, types: ["node"], ...options },
        include: ["src"]
      },
      null,
      2
    )
  )
tsconfig("tsconfig.nodenext.json", { module: "nodenext", moduleResolution: "nodenext", outDir: "out" })
// The declarations were checked above; this one is about resolution only.
tsconfig("tsconfig.bundler.json", { module: "esnext", moduleResolution: "bundler", noEmit: true, skipLibCheck: true })
const tsc = path.join(app, "node_modules", "typescript", "bin", "tsc")

step(
  `tsc, moduleResolution nodenext (skipLibCheck false: the .d.ts files of all ${packages.length} packages checked)`,
  () => sh("node", [tsc, "-p", "tsconfig.nodenext.json"], app)
)
step("tsc, moduleResolution bundler", () => sh("node", [tsc, "-p", "tsconfig.bundler.json"], app))
step(
  "node out/main.js (a CRM call and a Books call against the in-process simulator)",
  () => sh("node", ["out/main.js"], app)
)

fs.writeFileSync(
  path.join(app, "src", "bundle.ts"),
  `import { MemoryTokenStore, Zoho, ZohoCredentials, ZohoRegion, ZohoUser } from "@effect-zoho/core"
import { Crm, CrmRecords } from "@effect-zoho/crm"
import { SimHttpClient, SimSeed } from "@effect-zoho/sim"
import { Effect, Layer, Redacted, Schema, Stream } from "effect"

${user}
const Live = Crm.layer().pipe(
  Layer.provideMerge(Zoho.layer({ region: ZohoRegion.make("US"), user })),
  Layer.provide(SimHttpClient.layerSeed(SimSeed.demo())),
  Layer.provide(MemoryTokenStore.layer)
)
const Leads = CrmRecords.make("Leads", Schema.Struct({ Last_Name: Schema.String }))
const leads = await Effect.runPromise(
  Leads.createAll([{ Last_Name: "Bundled" }]).pipe(
    Effect.zipRight(Stream.runCount(Leads.list())),
    Effect.provide(Live)
  )
)
console.log(JSON.stringify({ bundled: true, leads }))
if (leads < 1) process.exit(1)
`
)
const alone = path.join(dir, "bundle-alone")
fs.mkdirSync(alone)
step("esbuild src/bundle.ts (core + crm, platform node, format esm)", () => {
  const out = sh(path.join(app, "node_modules", ".bin", "esbuild"), [
    "src/bundle.ts",
    "--bundle",
    "--platform=node",
    "--format=esm",
    "--target=node20",
    `--outfile=${path.join(alone, "bundle.mjs")}`,
    "--log-level=warning"
  ], app)
  return `${out}bundle.mjs ${(fs.statSync(path.join(alone, "bundle.mjs")).size / 1024).toFixed(0)} kB`
})
step("node bundle.mjs (in a folder without node_modules)", () => sh("node", ["bundle.mjs"], alone))

if (!keep) fs.rmSync(dir, { recursive: true, force: true })
console.log(
  `smoke: all steps passed in ${((Date.now() - started) / 1000).toFixed(1)}s${keep ? ` (project kept in ${dir})` : ""}`
)
