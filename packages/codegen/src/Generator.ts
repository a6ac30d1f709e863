/**
 * Generate effect-zoho endpoint modules from a folder of Zoho OpenAPI files, write them, or check
 * that a committed copy is up to date.
 *
 * @since 0.1.0
 */
import * as fs from "node:fs"
import * as path from "node:path"
import type { Generated, ProductName } from "./internal/generate.js"
import { generate as generateFrom, products } from "./internal/generate.js"
import { loadDocuments } from "./internal/openapi.js"

export type { Generated, GeneratedOperation, ProductName } from "./internal/generate.js"

/** @since 0.1.0 */
export const productNames: ReadonlyArray<ProductName> = Object.keys(products) as Array<ProductName>

/** @since 0.1.0 */
export const isProductName = (u: string): u is ProductName => (productNames as ReadonlyArray<string>).includes(u)

/**
 * Read every `.json`/`.yml` file of `specDir` and generate the modules, in memory.
 *
 * @since 0.1.0
 */
export const generate = (product: ProductName, specDir: string): Generated =>
  generateFrom(product, loadDocuments(specDir))

/**
 * The generated output's size in bytes (UTF-8), every file included.
 *
 * @since 0.1.0
 */
export const size = (generated: Generated): number =>
  [...generated.files.values()].reduce((total, content) => total + Buffer.byteLength(content, "utf8"), 0)

/** @since 0.1.0 */
export interface CheckResult {
  readonly stale: ReadonlyArray<string>
  readonly missing: ReadonlyArray<string>
  readonly extra: ReadonlyArray<string>
}

/** @since 0.1.0 */
export const isUpToDate = (result: CheckResult): boolean =>
  result.stale.length === 0 && result.missing.length === 0 && result.extra.length === 0

const existingFiles = (outDir: string): ReadonlyArray<string> =>
  fs.existsSync(outDir) ? fs.readdirSync(outDir).filter((f) => f.endsWith(".ts")).sort() : []

/**
 * Compare the generated files with the ones in `outDir` (which holds generated files only).
 *
 * @since 0.1.0
 */
export const check = (generated: Generated, outDir: string): CheckResult => {
  const stale: Array<string> = []
  const missing: Array<string> = []
  for (const [file, content] of generated.files) {
    const target = path.join(outDir, file)
    if (!fs.existsSync(target)) missing.push(file)
    else if (fs.readFileSync(target, "utf8") !== content) stale.push(file)
  }
  const extra = existingFiles(outDir).filter((f) => !generated.files.has(f))
  return { stale, missing, extra }
}

/**
 * Write the generated files into `outDir`, removing `.ts` files that are no longer generated.
 * Unchanged files are not rewritten, so `tsc -b` does not rebuild them.
 *
 * @since 0.1.0
 */
export const write = (generated: Generated, outDir: string): CheckResult => {
  const result = check(generated, outDir)
  fs.mkdirSync(outDir, { recursive: true })
  for (const file of [...result.stale, ...result.missing]) {
    fs.writeFileSync(path.join(outDir, file), generated.files.get(file)!)
  }
  for (const file of result.extra) fs.rmSync(path.join(outDir, file))
  return result
}
