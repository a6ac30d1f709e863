/**
 * Runs the BUILT `zoho` binary (`apps/cli/dist/main.js`, from `pnpm build`) as a user would, and
 * keeps everything it printed (stdout and stderr of every run) for the suite's secret check.
 */
import * as Effect from "effect/Effect"
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync } from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

export const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../dist/main.js")

/** Every byte the CLI printed in this test file. */
export const transcript: Array<string> = []

export interface Result {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

export interface Running {
  readonly child: ChildProcess
  /** Resolves when stderr (or stdout) has matched `pattern`; the match. */
  readonly waitFor: (pattern: RegExp, stream?: "stdout" | "stderr") => Effect.Effect<RegExpMatchArray, Error>
  readonly done: Effect.Effect<Result>
}

export interface Options {
  readonly env: Readonly<Record<string, string>>
  readonly stdin?: string | undefined
  readonly cwd?: string | undefined
}

/** A clean environment: nothing from the machine's ZOHO_* settings leaks into a run. */
const baseEnv = (): Record<string, string> => {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith("ZOHO_") && !/_PROXY$/i.test(k)) env[k] = v
  }
  return { ...env, ZOHO_NO_BROWSER: "1", NO_COLOR: "1" }
}

export const start = (args: ReadonlyArray<string>, options: Options): Effect.Effect<Running, Error> =>
  Effect.suspend(() => {
    if (!existsSync(main)) return Effect.fail(new Error(`${main} is missing: run pnpm build first`))
    return Effect.sync(() => {
      const child = spawn(process.execPath, [main, ...args], {
        env: { ...baseEnv(), ...options.env },
        cwd: options.cwd,
        stdio: ["pipe", "pipe", "pipe"]
      })
      let stdout = ""
      let stderr = ""
      const listeners = new Set<() => void>()
      child.stdout!.on("data", (chunk) => {
        stdout += String(chunk)
        for (const l of listeners) l()
      })
      child.stderr!.on("data", (chunk) => {
        stderr += String(chunk)
        for (const l of listeners) l()
      })
      if (options.stdin !== undefined) child.stdin!.end(options.stdin)
      else child.stdin!.end()
      const exited = new Promise<Result>((resolve) =>
        child.once("close", (code, signal) => {
          transcript.push(stdout, stderr)
          for (const l of listeners) l()
          resolve({ code, signal, stdout, stderr })
        })
      )
      const waitFor = (pattern: RegExp, stream: "stdout" | "stderr" = "stderr") =>
        Effect.async<RegExpMatchArray, Error>((resume) => {
          const check = () => {
            const m = (stream === "stdout" ? stdout : stderr).match(pattern)
            if (m !== null) {
              listeners.delete(check)
              resume(Effect.succeed(m))
            } else if (child.exitCode !== null || child.signalCode !== null) {
              listeners.delete(check)
              resume(Effect.fail(new Error(`zoho exited before printing ${pattern}:\n${stdout}\n${stderr}`)))
            }
          }
          listeners.add(check)
          check()
          return Effect.sync(() => listeners.delete(check))
        })
      return { child, waitFor, done: Effect.promise(() => exited) }
    })
  })

/** Run to completion (killed after `timeout` ms, generous: the machine may be loaded). */
export const run = (args: ReadonlyArray<string>, options: Options, timeout = 90_000): Effect.Effect<Result, Error> =>
  Effect.flatMap(start(args, options), (running) =>
    running.done.pipe(
      Effect.timeoutFail({
        duration: timeout,
        onTimeout: () => new Error(`zoho ${args.join(" ")} did not finish in ${timeout} ms`)
      }),
      Effect.onInterrupt(() => Effect.sync(() => running.child.kill("SIGKILL"))),
      Effect.tapError(() => Effect.sync(() => running.child.kill("SIGKILL")))
    ))

/** Output for an assertion message. */
export const show = (r: Result) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`
