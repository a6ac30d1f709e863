import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const root = path.dirname(fileURLToPath(import.meta.url))

// Tests run against the TypeScript sources of the workspace packages, not their build output,
// so `@effect-zoho/<pkg>` and `@effect-zoho/<pkg>/<Module>` resolve to `packages/<pkg>/src`.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@effect-zoho\/zoho-sim$/, replacement: path.join(root, "apps/zoho-sim/src/index.ts") },
      { find: /^@effect-zoho\/([^/]+)$/, replacement: path.join(root, "packages/$1/src/index.ts") },
      { find: /^@effect-zoho\/([^/]+)\/(.+)$/, replacement: path.join(root, "packages/$1/src/$2.ts") }
    ]
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "apps/*/test/**/*.test.ts", "test/**/*.test.ts"],
    reporters: ["default", path.join(root, "test/support/SummaryReporter.ts")],
    // One MariaDB and one Redis for the store suites (EFFECT_ZOHO_SKIP_SERVERS=1 opts out).
    globalSetup: [path.join(root, "test/support/globalSetup.ts")],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks"
  }
})
