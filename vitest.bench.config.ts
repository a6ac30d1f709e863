/**
 * `pnpm bench`: the measurements that depend on how busy the machine is (throughput, utilisation,
 * gaps), printed rather than asserted. Same aliases and servers as the tests; only `*.bench.ts`.
 */
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"
import base from "./vitest.config.js"

const root = path.dirname(fileURLToPath(import.meta.url))

export default defineConfig({
  ...base,
  root,
  test: {
    ...base.test,
    include: ["test/bench/**/*.bench.ts"],
    reporters: ["default"],
    // One measurement at a time: they compete for the same cores otherwise.
    fileParallelism: false
  }
})
