#!/usr/bin/env node
/**
 * The published packages' JavaScript without comments: users read the documentation in the
 * declaration files (`.d.ts`, which keep every doc comment) and in docs/api, never in `dist/*.js`,
 * where the doc comments were about a tenth of the installed size. Run by `pnpm build` after
 * `tsc -b`.
 *
 * Each file is parsed and printed back by TypeScript's printer (a parser, not a pattern, so a
 * `//` in a string or a regular expression is safe). Only files fresh from `tsc` are touched (they
 * end with their `//# sourceMappingURL` line); their `.js.map` is deleted with the comments,
 * because the printed file no longer matches it. Apps (not published) keep their maps.
 *
 * Usage: node scripts/strip-js-comments.mjs [--quiet]
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"

const root = Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), "..")
const quiet = process.argv.includes("--quiet")
const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed })
const fresh = /\/\/# sourceMappingURL=\S+\s*$/

const jsFiles = (dir) =>
  Fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = Path.join(dir, entry.name)
    if (entry.isDirectory()) return jsFiles(path)
    return entry.name.endsWith(".js") ? [path] : []
  })

const published = Fs.readdirSync(Path.join(root, "packages"))
  .map((name) => Path.join(root, "packages", name))
  .filter((dir) => {
    const manifest = Path.join(dir, "package.json")
    return Fs.existsSync(manifest) && JSON.parse(Fs.readFileSync(manifest, "utf8")).private !== true &&
      Fs.existsSync(Path.join(dir, "dist"))
  })

let files = 0
let saved = 0
for (const dir of published) {
  for (const file of jsFiles(Path.join(dir, "dist"))) {
    const text = Fs.readFileSync(file, "utf8")
    if (!fresh.test(text)) continue
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS)
    const printed = printer.printFile(source)
    Fs.writeFileSync(file, printed)
    Fs.rmSync(`${file}.map`, { force: true })
    files++
    saved += Buffer.byteLength(text) - Buffer.byteLength(printed)
  }
}
if (!quiet) {
  console.log(
    files === 0
      ? "strip-js-comments: nothing new since the last build"
      : `strip-js-comments: ${files} files of ${published.length} packages, ${
        (saved / 1024).toFixed(0)
      } KiB of comments removed`
  )
}
