/**
 * How the scripts run pnpm: pnpm itself when it is the project's version (CI installs it), else
 * through npx (slower). The command and its leading arguments, for `execFileSync(PNPM[0], …)`.
 */
import { execFileSync } from "node:child_process"

export const PNPM_VERSION = "10.34.8"

export const PNPM = (() => {
  try {
    if (
      execFileSync("pnpm", ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() ===
        PNPM_VERSION
    ) return ["pnpm"]
  } catch {
    // not installed
  }
  return ["npx", "-y", `pnpm@${PNPM_VERSION}`]
})()
