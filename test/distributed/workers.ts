/**
 * Spawning `worker.mjs` processes from a test: start them, wait until every one has built its
 * stack, release them together through a barrier file, collect their result lines. Every child
 * is killed when the scope closes, whatever happened.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

const here = Path.dirname(fileURLToPath(import.meta.url))
const root = Path.resolve(here, "../..")
export const workerScript = Path.join(here, "worker.mjs")

/** The output that the worker needs (built packages), checked before spawning anything. */
export const requireBuild = (): void => {
  for (
    const file of [
      "packages/core/dist/index.js",
      "packages/node/dist/index.js",
      "packages/store-mysql/dist/index.js",
      "packages/store-redis/dist/index.js"
    ]
  ) {
    if (!Fs.existsSync(Path.join(root, file))) {
      throw new Error(
        `${file} not found: the distributed tests spawn workers on the build output; run pnpm build first`
      )
    }
  }
}

export interface WorkerResult {
  readonly event: "result"
  readonly pid: number
  readonly ok: number
  readonly errors: Readonly<Record<string, number>>
  readonly startedAt: number
  readonly finishedAt: number
  readonly okTimes?: ReadonlyArray<number>
  readonly errorTimes?: ReadonlyArray<number>
}

export interface BuildError {
  readonly event: "buildError"
  readonly pid: number
  readonly error: string
}

export type Outcome = WorkerResult | BuildError

export interface Worker {
  readonly pid: number
  /** Resolves when the worker has built its stack (or reported that it could not). */
  readonly ready: Promise<void>
  /** Resolves with the worker's last line once it exited with code 0; rejects otherwise. */
  readonly outcome: Promise<Outcome>
}

const spawnOne = (args: ReadonlyArray<string>, timeout: Duration.Duration): Worker => {
  const child = ChildProcess.spawn(process.execPath, [workerScript, ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: process.env
  })
  let stdout = ""
  let stderr = ""
  let signalReady: () => void = () => {}
  const ready = new Promise<void>((resolve) => {
    signalReady = resolve
  })
  const lines: Array<Record<string, unknown>> = []
  child.stdout.setEncoding("utf8")
  child.stdout.on("data", (chunk: string) => {
    stdout += chunk
    let newline = stdout.indexOf("\n")
    while (newline >= 0) {
      const line = stdout.slice(0, newline).trim()
      stdout = stdout.slice(newline + 1)
      // Anything else on stdout (a log line) is kept for the failure message.
      if (!line.startsWith("{")) stderr += `${line}\n`
      else {
        const parsed = JSON.parse(line) as Record<string, unknown>
        lines.push(parsed)
        if (parsed.event === "ready" || parsed.event === "buildError") signalReady()
      }
      newline = stdout.indexOf("\n")
    }
  })
  child.stderr.setEncoding("utf8")
  child.stderr.on("data", (chunk: string) => {
    stderr += chunk
  })
  const outcome = new Promise<Outcome>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`worker ${child.pid} did not finish within ${Duration.format(timeout)}:\n${stderr}`))
    }, Duration.toMillis(timeout))
    child.on("exit", (code, signal) => {
      clearTimeout(timer)
      const last = lines.filter((line) => line.event === "result" || line.event === "buildError").at(-1)
      if (code === 0 && last !== undefined) resolve(last as unknown as Outcome)
      else reject(new Error(`worker ${child.pid} exited with ${code ?? signal}:\n${stderr}`))
    })
  })
  // Reported through `outcome`; a rejected ready would only be an unhandled rejection.
  outcome.catch(() => {}).finally(signalReady)
  return { pid: child.pid!, ready, outcome }
}

const killQuietly = (pid: number) => {
  try {
    process.kill(pid, "SIGKILL")
  } catch {
    // already gone
  }
}

export interface Spawned {
  readonly workers: ReadonlyArray<Worker>
  /** Creates the barrier file: every worker that waits on it starts calling at once. */
  readonly release: Effect.Effect<void>
  /** Creates the stop file for workers running with `--until`. */
  readonly stop: Effect.Effect<void>
  /** Every worker's outcome (fails when one crashed or timed out). */
  readonly outcomes: Effect.Effect<ReadonlyArray<Outcome>>
}

/**
 * Spawns one worker per argument list, passing `--barrier` (and `--until` when `loop` is set) in
 * a temp directory, and waits until all are ready. The children are killed when the scope
 * closes (those that already exited are unaffected).
 */
export const spawnWorkers = (
  argLists: ReadonlyArray<ReadonlyArray<string>>,
  options: { readonly timeout: Duration.DurationInput; readonly loop?: boolean | undefined }
): Effect.Effect<Spawned, never, Scope.Scope> =>
  Effect.gen(function*() {
    const dir = yield* Effect.acquireRelease(
      Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-zoho-workers-"))),
      (dir) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
    )
    const barrier = Path.join(dir, "start")
    const until = Path.join(dir, "stop")
    const timeout = Duration.decode(options.timeout)
    const workers = yield* Effect.acquireRelease(
      Effect.sync(() =>
        argLists.map((args) =>
          spawnOne([...args, "--barrier", barrier, ...(options.loop === true ? ["--until", until] : [])], timeout)
        )
      ),
      (workers) => Effect.sync(() => workers.forEach((worker) => killQuietly(worker.pid)))
    )
    yield* Effect.promise(() => Promise.all(workers.map((worker) => worker.ready)))
    return {
      workers,
      release: Effect.sync(() => Fs.writeFileSync(barrier, "go")),
      stop: Effect.sync(() => Fs.writeFileSync(until, "stop")),
      outcomes: Effect.promise(() => Promise.all(workers.map((worker) => worker.outcome)))
    }
  })

/** Narrows an outcome to a result, failing the test with the build error otherwise. */
export const resultOf = (outcome: Outcome): WorkerResult => {
  if (outcome.event !== "result") throw new Error(`worker ${outcome.pid} could not build its stack: ${outcome.error}`)
  return outcome
}

/** `{ tag: n }` summed over workers. */
export const sumErrors = (results: ReadonlyArray<WorkerResult>): Record<string, number> => {
  const total: Record<string, number> = {}
  for (const result of results) {
    for (const [tag, n] of Object.entries(result.errors)) total[tag] = (total[tag] ?? 0) + n
  }
  return total
}
