#!/usr/bin/env node
// Cold import cost of a built module: `node import-cost.mjs <file-or-specifier> [runs]`.
// Each run is a fresh node process (nothing cached in memory); prints the median time and the
// heap in use after a full GC, so a generated package's entry can be compared before and after.
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { pathToFileURL } from "node:url"

const [target, runsArg = "5"] = process.argv.slice(2)
if (target === undefined) {
  process.stderr.write("usage: import-cost.mjs <file-or-specifier> [runs]\n")
  process.exit(2)
}
// A file path (relative to the working directory), else a package specifier.
const specifier = fs.existsSync(target) ? pathToFileURL(path.resolve(target)).href : target
const probe = `const t0 = performance.now(); await import(${JSON.stringify(specifier)});
const ms = performance.now() - t0; globalThis.gc(); const heap = process.memoryUsage().heapUsed;
process.stdout.write(JSON.stringify({ ms, heap }))`
const samples = Array.from(
  { length: Number(runsArg) },
  () =>
    JSON.parse(
      execFileSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", probe], { encoding: "utf8" })
    )
)
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const ms = median(samples.map((s) => s.ms))
const heap = median(samples.map((s) => s.heap)) / 1048576
process.stdout.write(
  `import ${target}: ${ms.toFixed(0)} ms, ${heap.toFixed(1)} MB heap (median of ${samples.length})\n`
)
