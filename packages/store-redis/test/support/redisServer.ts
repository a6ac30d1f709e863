/**
 * A real `redis-server` for one test file: a free port, a temp dir, stopped at the end. Used when
 * the repository's global setup is not there (`EFFECT_ZOHO_TEST_REDIS_URL` unset), and always by
 * the fault tests, which must stop and restart their own server.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"

/**
 * `EFFECT_ZOHO_SKIP_SERVERS=1` (the repository's local opt-out, see `test/support/servers.ts`):
 * the Redis-backed suites are skipped, and say so, instead of starting servers.
 */
export const serversSkipped: boolean = process.env.EFFECT_ZOHO_SKIP_SERVERS === "1"

export const skipTitle = (title: string): string =>
  serversSkipped ? `${title} (skipped: EFFECT_ZOHO_SKIP_SERVERS=1)` : title

export interface RedisServer {
  readonly url: string
  readonly port: number
  readonly dir: string
  /** Stops the server (SIGTERM by default; SIGKILL simulates a crash) and waits for it to exit. */
  readonly stop: (signal?: NodeJS.Signals) => Promise<void>
  /** Starts it again on the same port and dir (after `stop`). */
  readonly start: () => Promise<void>
  /** Stops and starts it on the same port and dir. */
  readonly restart: (signal?: NodeJS.Signals) => Promise<void>
  readonly running: () => boolean
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })

const canConnect = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1")
    socket.once("connect", () => {
      socket.destroy()
      resolve(true)
    })
    socket.once("error", () => resolve(false))
  })

const binary = (): string => {
  const found = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" })
  const bin = found.stdout.trim()
  if (found.status !== 0 || bin === "") {
    throw new Error("redis-server not found on PATH: install the Debian package `redis-server`")
  }
  return bin
}

export const startRedisServer = async (extraArgs: ReadonlyArray<string> = []): Promise<RedisServer> => {
  const bin = binary()
  const port = await freePort()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "effect-zoho-redis-"))
  let child: ChildProcess | undefined

  const start = async () => {
    const proc = spawn(
      bin,
      ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--daemonize", "no", ...extraArgs],
      { stdio: "ignore" }
    )
    child = proc
    const deadline = Date.now() + 10_000
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`redis-server exited with code ${proc.exitCode}`)
      if (await canConnect(port)) return
      await new Promise((r) => setTimeout(r, 20))
    }
    throw new Error("redis-server did not start within 10 s")
  }

  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    const proc = child
    child = undefined
    if (proc === undefined || proc.exitCode !== null) return
    await new Promise<void>((resolve) => {
      proc.once("exit", () => resolve())
      proc.kill(signal)
    })
  }

  await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    stop,
    start,
    restart: async (signal) => {
      await stop(signal)
      await start()
    },
    running: () => child !== undefined && child.exitCode === null
  }
}

/** The shared server of the global setup, or a server of our own for this file. */
export const redisUrlForFile = async (): Promise<{ readonly url: string; readonly stop: () => Promise<void> }> => {
  const shared = process.env.EFFECT_ZOHO_TEST_REDIS_URL
  if (shared !== undefined && shared !== "") return { url: shared, stop: async () => {} }
  const server = await startRedisServer()
  return {
    url: server.url,
    stop: async () => {
      await server.stop()
      fs.rmSync(server.dir, { recursive: true, force: true })
    }
  }
}
