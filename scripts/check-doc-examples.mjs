#!/usr/bin/env node
// Type-checks every ```ts block in README.md and docs/*.md against the workspace packages.
// A block whose first line is `// not-checked` is skipped (shell transcripts, partial snippets).
// Blocks are written to examples/build/doc-examples/ and compiled with examples/tsconfig.docs.json.
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const outDir = path.join(root, "examples/build/doc-examples")
fs.rmSync(outDir, { recursive: true, force: true })
fs.mkdirSync(outDir, { recursive: true })

const sources = [
  "README.md",
  ...fs.readdirSync(path.join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)
]
let count = 0
for (const source of sources) {
  const text = fs.readFileSync(path.join(root, source), "utf8")
  const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)]
  blocks.forEach((match, i) => {
    const code = match[1]
    if (code.startsWith("// not-checked")) return
    const name = `${source.replace(/[/.]/g, "_")}_${i + 1}.ts`
    // Each block is its own module, so top-level names never clash between blocks.
    fs.writeFileSync(path.join(outDir, name), `// from ${source}, block ${i + 1}\n${code}\nexport {}\n`)
    count++
  })
}
console.log(`doc examples: ${count} blocks from ${sources.length} files`)
execFileSync(path.join(root, "node_modules/.bin/tsc"), ["-p", path.join(root, "examples/tsconfig.docs.json")], {
  stdio: "inherit"
})
console.log("doc examples: typecheck passed")
