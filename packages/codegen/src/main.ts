#!/usr/bin/env node
/**
 * `effect-zoho-codegen [--all | <product>...] [--spec <dir>] [--out <dir>] [--check]`
 *
 * - `--all`: every product of {@link targets} whose package exists (what `pnpm codegen` runs);
 * - `--check`: compare instead of writing, exit 1 when a committed file is stale, missing or extra;
 * - `--spec` / `--out`: other folders, for one product only.
 *
 * Paths are relative to the working directory; the defaults are relative to the repository root.
 *
 * @since 0.1.0
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import type { ProductName } from "./Generator.js"
import * as Generator from "./Generator.js"

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..")

/**
 * Where each product's files are read from and its modules written to, one line per product.
 * `--all` covers the products whose package (the folder above `out`) exists.
 */
const targets: Record<ProductName, { readonly spec: string; readonly out: string }> = {
  crm: { spec: "../shared/specs/zoho-crm-oas-v8", out: "packages/crm/src/generated" },
  books: { spec: "../shared/specs/zoho-books-oas-v3", out: "packages/books/src/generated" },
  inventory: { spec: "../shared/specs/zoho-inventory-oas-v1", out: "packages/inventory/src/generated" },
  // Invoice is the sales side of Books: Books' files, restricted to Invoice's modules.
  invoice: { spec: "../shared/specs/zoho-books-oas-v3", out: "packages/invoice/src/generated" },
  billing: { spec: "../shared/specs/zoho-billing-oas-v1", out: "packages/subscriptions/src/generated" },
  expense: { spec: "../shared/specs/zoho-expense-oas-v1", out: "packages/expense/src/generated" }
}

const usage = `usage: effect-zoho-codegen [--all | <${
  Generator.productNames.join("|")
}>...] [--spec <dir>] [--out <dir>] [--check]`

const hasPackage = (product: ProductName): boolean =>
  fs.existsSync(path.join(repoRoot, targets[product].out, "../../package.json"))

const runOne = (product: ProductName, spec: string, out: string, checkOnly: boolean): number => {
  const generated = Generator.generate(product, spec)
  for (const warning of generated.warnings) process.stderr.write(`warning: ${warning}\n`)
  const summary = `${generated.operations.length} operations in ${generated.modules.length} modules, ${
    (Generator.size(generated) / 1024).toFixed(0)
  } KiB`
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

const fail = (message: string): number => {
  process.stderr.write(`${message}\n${usage}\n`)
  return 2
}

const main = (argv: ReadonlyArray<string>): number => {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        all: { type: "boolean", default: false },
        check: { type: "boolean", default: false },
        spec: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", short: "h", default: false }
      }
    })
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error))
  }
  const { positionals, values } = parsed
  if (values.help) {
    process.stdout.write(`${usage}\n`)
    return 0
  }
  const unknown = positionals.filter((p) => !Generator.isProductName(p))
  if (unknown.length > 0) return fail(`unknown product ${unknown.join(", ")}`)
  const products = values.all
    ? Generator.productNames.filter(hasPackage)
    : (positionals as ReadonlyArray<ProductName>)
  if (products.length === 0) return fail("no product given")
  if ((values.spec !== undefined || values.out !== undefined) && products.length !== 1) {
    return fail("--spec and --out apply to one product")
  }
  let status = 0
  for (const product of products) {
    const spec = values.spec !== undefined ? path.resolve(values.spec) : path.join(repoRoot, targets[product].spec)
    const out = values.out !== undefined ? path.resolve(values.out) : path.join(repoRoot, targets[product].out)
    status = Math.max(status, runOne(product, spec, out, values.check))
  }
  return status
}

try {
  process.exitCode = main(process.argv.slice(2))
} catch (error) {
  process.stderr.write(`codegen failed: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
}
