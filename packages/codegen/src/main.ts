#!/usr/bin/env node
/**
 * `effect-zoho-codegen <crm|inventory|billing> [--spec <dir>] [--out <dir>] [--check]`
 *
 * Paths are relative to the working directory; the defaults are relative to the repository root.
 *
 * @since 0.1.0
 */
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import type { ProductName } from "./Generator.js"
import * as Generator from "./Generator.js"

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..")

const defaults: Record<ProductName, { readonly spec: string; readonly out: string }> = {
  crm: { spec: "../shared/specs/zoho-crm-oas-v8", out: "packages/crm/src/generated" },
  inventory: { spec: "../shared/specs/zoho-inventory-oas-v1", out: "packages/inventory/src/generated" },
  billing: { spec: "../shared/specs/zoho-billing-oas-v1", out: "packages/billing/src/generated" }
}

const usage = "usage: effect-zoho-codegen <crm|inventory|billing> [--spec <dir>] [--out <dir>] [--check]"

const main = (argv: ReadonlyArray<string>): number => {
  const [product, ...rest] = argv
  if (product === undefined || !Generator.isProductName(product)) {
    process.stderr.write(`${usage}\n`)
    return 2
  }
  let spec = path.join(repoRoot, defaults[product].spec)
  let out = path.join(repoRoot, defaults[product].out)
  let checkOnly = false
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]
    if (arg === "--check") checkOnly = true
    else if ((arg === "--spec" || arg === "--out") && rest[i + 1] !== undefined) {
      const value = path.resolve(rest[++i]!)
      if (arg === "--spec") spec = value
      else out = value
    } else {
      process.stderr.write(`unknown argument ${arg}\n${usage}\n`)
      return 2
    }
  }
  const generated = Generator.generate(product, spec)
  for (const warning of generated.warnings) process.stderr.write(`warning: ${warning}\n`)
  const summary = `${generated.operations.length} operations in ${generated.modules.length} modules`
  if (checkOnly) {
    const result = Generator.check(generated, out)
    if (Generator.isUpToDate(result)) {
      process.stdout.write(`codegen ${product}: ${out} is up to date (${summary})\n`)
      return 0
    }
    for (const f of result.stale) process.stderr.write(`stale: ${f}\n`)
    for (const f of result.missing) process.stderr.write(`missing: ${f}\n`)
    for (const f of result.extra) process.stderr.write(`extra: ${f}\n`)
    process.stderr.write(`codegen ${product}: ${out} is out of date; run \`pnpm codegen\`\n`)
    return 1
  }
  const result = Generator.write(generated, out)
  const changed = result.stale.length + result.missing.length + result.extra.length
  process.stdout.write(`codegen ${product}: ${summary} → ${out} (${changed} files changed)\n`)
  return 0
}

try {
  process.exitCode = main(process.argv.slice(2))
} catch (error) {
  process.stderr.write(`codegen failed: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
}
