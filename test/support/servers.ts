/**
 * Real MariaDB and Redis servers for the store tests.
 *
 * `globalSetup.ts` starts one shared instance of each (random free port, temp data dir, as the
 * current user) before any test file runs and publishes where they are three ways:
 * - vitest's `inject("mysqlUrl")`, `inject("redisUrl")`, `inject("serversSkipped")`;
 * - the env vars `EFFECT_ZOHO_TEST_MYSQL_URL` and `EFFECT_ZOHO_TEST_REDIS_URL` (child processes inherit them);
 * - `EFFECT_ZOHO_TEST_SERVERS_FILE`, a JSON file naming each instance's directory, through which
 *   `restartMysql()` & co. stop and re-spawn a shared server from a test worker.
 *
 * Restarting the shared server disturbs every test file that uses it at that moment (files run
 * in parallel). A fault test that stops or restarts a server should use its own instance:
 * `startPrivateMysql()` / `startPrivateRedis()` start one under the same root directory, and the
 * global teardown kills whatever is still running there.
 *
 * `EFFECT_ZOHO_SKIP_SERVERS=1` opts out: nothing is started, `serversSkipped` is true and the
 * server-backed suites skip themselves (`describe.skipIf(serversSkipped)`), saying so.
 */
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Net from "node:net"
import * as Path from "node:path"

declare module "vitest" {
  export interface ProvidedContext {
    /** `mysql://root@127.0.0.1:PORT/zohooauth`, or undefined when the servers are skipped. */
    mysqlUrl: string | undefined
    /** `redis://127.0.0.1:PORT`, or undefined when the servers are skipped. */
    redisUrl: string | undefined
    /** True when `EFFECT_ZOHO_SKIP_SERVERS=1` opted out of the real servers. */
    serversSkipped: boolean
  }
}

/** The env var that opts out of the real servers. */
export const SKIP_ENV = "EFFECT_ZOHO_SKIP_SERVERS"
/** The env var holding the shared MariaDB's URL. */
export const MYSQL_URL_ENV = "EFFECT_ZOHO_TEST_MYSQL_URL"
/** The env var holding the shared Redis's URL. */
export const REDIS_URL_ENV = "EFFECT_ZOHO_TEST_REDIS_URL"
/** The env var holding the path of the JSON file that names the shared instances. */
export const SERVERS_FILE_ENV = "EFFECT_ZOHO_TEST_SERVERS_FILE"

/** True when the run opted out of the real servers. */
export const serversSkipped: boolean = process.env[SKIP_ENV] === "1"

/** The message a skipped suite shows. */
export const skipMessage = `${SKIP_ENV}=1: the MariaDB/Redis-backed suites are skipped`

export type ServerKind = "mysql" | "redis"

/** What it takes to (re)start one server; written to `<dir>/instance.json`. */
export interface Instance {
  readonly kind: ServerKind
  readonly dir: string
  readonly command: string
  readonly args: ReadonlyArray<string>
  readonly port: number
  readonly url: string
  readonly logFile: string
  /** The running process, or null while stopped. */
  readonly pid: number | null
}

/** The shared-instances file: which instance directory serves which kind. */
export interface ServersFile {
  readonly root: string
  readonly mysql: string
  readonly redis: string
}

const packages: Record<string, string> = {
  mariadbd: "mariadb-server",
  "mariadb-install-db": "mariadb-server",
  "redis-server": "redis-server"
}

/**
 * The absolute path of a server binary, looked up on PATH and in the sbin directories that an
 * ordinary user's PATH lacks on Debian. Throws naming the Debian package when it is missing.
 */
export const findBinary = (
  name: string,
  dirs: ReadonlyArray<string> = [
    ...(process.env.PATH ?? "").split(Path.delimiter).filter((dir) => dir !== ""),
    "/usr/local/sbin",
    "/usr/sbin",
    "/sbin"
  ]
): string => {
  for (const dir of dirs) {
    const candidate = Path.join(dir, name)
    try {
      Fs.accessSync(candidate, Fs.constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  const pkg = packages[name] ?? name
  throw new Error(
    `${name} was not found on PATH (nor in /usr/sbin). The token-store tests run against a real server: ` +
      `install the Debian package ${pkg} (apt-get install -y --no-install-recommends ${pkg}), ` +
      `or set ${SKIP_ENV}=1 to skip the MariaDB/Redis-backed suites.`
  )
}

/** A port that was free a moment ago on 127.0.0.1. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = Net.createServer()
    server.unref()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** True while `pid` is a live process (a zombie counts as gone). */
export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    const stat = Fs.readFileSync(`/proc/${pid}/stat`, "utf8")
    // state is the field after the parenthesised command name
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z"
  } catch {
    return true
  }
}

/**
 * Opens a TCP connection and reports whether the server answered like a ready one: MariaDB sends
 * a handshake (not an error packet) on connect; Redis answers PING with PONG (not LOADING).
 */
const probe = (kind: ServerKind, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = Net.connect({ host: "127.0.0.1", port })
    let data = Buffer.alloc(0)
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(1_000, () => done(false))
    socket.on("error", () => done(false))
    socket.on("connect", () => {
      if (kind === "redis") socket.write("PING\r\n")
    })
    socket.on("data", (chunk) => {
      data = Buffer.concat([data, chunk])
      if (kind === "mysql") {
        // 4-byte packet header, then 0x0a (protocol 10) for a handshake or 0xff for an error
        if (data.length >= 5) done(data[4] === 0x0a)
      } else if (data.includes("\r\n")) {
        done(data.toString("latin1").startsWith("+PONG"))
      }
    })
  })

const readInstance = (dir: string): Instance => JSON.parse(Fs.readFileSync(Path.join(dir, "instance.json"), "utf8"))

const writeInstance = (instance: Instance): void => {
  const file = Path.join(instance.dir, "instance.json")
  Fs.writeFileSync(`${file}.tmp`, JSON.stringify(instance, null, 2))
  Fs.renameSync(`${file}.tmp`, file)
}

const tail = (file: string): string => {
  try {
    return Fs.readFileSync(file, "utf8").split("\n").slice(-15).join("\n")
  } catch {
    return "(no log)"
  }
}

/**
 * Spawns the instance's server, detached so that it outlives the test worker that started it,
 * and waits until it accepts connections. Returns the instance with its new pid.
 */
const spawnInstance = async (instance: Instance, timeoutMs = 30_000): Promise<Instance> => {
  const log = Fs.openSync(instance.logFile, "a")
  const child = ChildProcess.spawn(instance.command, [...instance.args], {
    cwd: instance.dir,
    detached: true,
    stdio: ["ignore", log, log]
  })
  Fs.closeSync(log)
  child.unref()
  const pid = child.pid
  if (pid === undefined) throw new Error(`could not spawn ${instance.command}`)
  const started: Instance = { ...instance, pid }
  writeInstance(started)
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await probe(instance.kind, instance.port)) return started
    if (!isAlive(pid)) {
      writeInstance({ ...instance, pid: null })
      throw new Error(
        `${instance.kind} server exited during startup; log ${instance.logFile}:\n${tail(instance.logFile)}`
      )
    }
    await sleep(50)
  }
  throw new Error(
    `${instance.kind} server did not accept connections within ${timeoutMs} ms:\n${tail(instance.logFile)}`
  )
}

/** Sends SIGTERM and waits for the process to exit (SIGKILL after `timeoutMs`). */
export const killPid = async (pid: number, timeoutMs = 20_000): Promise<void> => {
  try {
    process.kill(pid, "SIGTERM")
    // A paused server handles SIGTERM only once it runs again.
    process.kill(pid, "SIGCONT")
  } catch {
    return
  }
  const deadline = Date.now() + timeoutMs
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      try {
        process.kill(pid, "SIGKILL")
      } catch {
        return
      }
    }
    await sleep(25)
  }
}

/** Stops the instance in `dir` (a clean shutdown, so the server keeps its data). */
export const stopInstance = async (dir: string): Promise<void> => {
  const instance = readInstance(dir)
  if (instance.pid !== null) await killPid(instance.pid)
  writeInstance({ ...instance, pid: null })
}

/** Starts the stopped instance in `dir` again, with the same port, data and arguments. */
export const startInstance = async (dir: string): Promise<void> => {
  const instance = readInstance(dir)
  if (instance.pid !== null && isAlive(instance.pid)) return
  await spawnInstance({ ...instance, pid: null })
}

/** Stops and starts the instance in `dir`. */
export const restartInstance = async (dir: string): Promise<void> => {
  await stopInstance(dir)
  await startInstance(dir)
}

const signalInstance = (dir: string, signal: NodeJS.Signals): void => {
  const pid = readInstance(dir).pid
  if (pid !== null) process.kill(pid, signal)
}

/** A running server the caller owns. */
export interface ServerHandle {
  readonly kind: ServerKind
  readonly url: string
  readonly port: number
  readonly dir: string
  readonly stop: () => Promise<void>
  readonly start: () => Promise<void>
  readonly restart: () => Promise<void>
  /** Freezes the server (SIGSTOP): it keeps its connections but answers nothing, like a hung host. */
  readonly pause: () => void
  /** Lets a paused server run again (SIGCONT). */
  readonly resume: () => void
  /** Stops the server and removes its directory. */
  readonly dispose: () => Promise<void>
}

const handle = (instance: Instance): ServerHandle => ({
  kind: instance.kind,
  url: instance.url,
  port: instance.port,
  dir: instance.dir,
  stop: () => stopInstance(instance.dir),
  start: () => startInstance(instance.dir),
  restart: () => restartInstance(instance.dir),
  pause: () => signalInstance(instance.dir, "SIGSTOP"),
  resume: () => signalInstance(instance.dir, "SIGCONT"),
  dispose: async () => {
    await stopInstance(instance.dir)
    Fs.rmSync(instance.dir, { recursive: true, force: true })
  }
})

/** Retries startup on a fresh port when another process grabbed the chosen one first. */
const withFreshPort = async (start: (port: number) => Promise<ServerHandle>): Promise<ServerHandle> => {
  let lastError: unknown
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await start(await freePort())
    } catch (error) {
      lastError = error
    }
  }
  throw lastError
}

/**
 * Initialises a MariaDB data directory under `root` and starts `mariadbd` on a free port with the
 * database `zohooauth` and a passwordless `root` (the seed SDK's defaults).
 */
export const startMysqlServer = (root: string, name = "mysql"): Promise<ServerHandle> => {
  const mariadbd = findBinary("mariadbd")
  const installDb = findBinary("mariadb-install-db")
  return withFreshPort(async (port) => {
    const dir = Fs.mkdtempSync(Path.join(root, `${name}-`))
    const dataDir = Path.join(dir, "data")
    const small = ["--innodb-buffer-pool-size=16M", "--innodb-log-file-size=4M"]
    const user = process.getuid?.() === 0 ? ["--user=root"] : []
    const install = ChildProcess.spawnSync(
      installDb,
      [
        "--no-defaults",
        `--datadir=${dataDir}`,
        "--auth-root-authentication-method=normal",
        "--skip-test-db",
        ...user,
        ...small
      ],
      { cwd: dir, encoding: "utf8", timeout: 60_000 }
    )
    if (install.status !== 0) {
      throw new Error(`mariadb-install-db failed (${install.status}):\n${install.stdout}\n${install.stderr}`)
    }
    const initFile = Path.join(dir, "init.sql")
    Fs.writeFileSync(initFile, "CREATE DATABASE IF NOT EXISTS zohooauth;\n")
    const instance: Instance = {
      kind: "mysql",
      dir,
      command: mariadbd,
      args: [
        "--no-defaults",
        `--datadir=${dataDir}`,
        `--port=${port}`,
        "--bind-address=127.0.0.1",
        `--socket=${Path.join(dir, "mysqld.sock")}`,
        `--pid-file=${Path.join(dir, "mysqld.pid")}`,
        `--log-error=${Path.join(dir, "mysqld.err")}`,
        "--skip-name-resolve",
        "--max-connections=500",
        `--init-file=${initFile}`,
        ...user,
        ...small
      ],
      port,
      url: `mysql://root@127.0.0.1:${port}/zohooauth`,
      logFile: Path.join(dir, "mysqld.out"),
      pid: null
    }
    try {
      return handle(await spawnInstance(instance))
    } catch (error) {
      Fs.rmSync(dir, { recursive: true, force: true })
      throw error
    }
  })
}

/**
 * Starts `redis-server` under `root` on a free port, with an append-only file synced on every
 * write so that a restarted server still has every key.
 */
export const startRedisServer = (root: string, name = "redis"): Promise<ServerHandle> => {
  const redisServer = findBinary("redis-server")
  return withFreshPort(async (port) => {
    const dir = Fs.mkdtempSync(Path.join(root, `${name}-`))
    const instance: Instance = {
      kind: "redis",
      dir,
      command: redisServer,
      args: [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--dir",
        dir,
        "--daemonize",
        "no",
        "--protected-mode",
        "no",
        "--save",
        "",
        "--appendonly",
        "yes",
        "--appendfsync",
        "always",
        "--logfile",
        Path.join(dir, "redis.log")
      ],
      port,
      url: `redis://127.0.0.1:${port}`,
      logFile: Path.join(dir, "redis.out"),
      pid: null
    }
    try {
      return handle(await spawnInstance(instance))
    } catch (error) {
      Fs.rmSync(dir, { recursive: true, force: true })
      throw error
    }
  })
}

const serversFile = (): ServersFile => {
  const file = process.env[SERVERS_FILE_ENV]
  if (file === undefined || file === "") {
    throw new Error(
      serversSkipped
        ? `${SKIP_ENV}=1: no servers were started`
        : `${SERVERS_FILE_ENV} is not set: run the tests through vitest with test/support/globalSetup.ts`
    )
  }
  return JSON.parse(Fs.readFileSync(file, "utf8"))
}

/** Stops the shared MariaDB (cleanly; its data stays). */
export const stopMysql = (): Promise<void> => stopInstance(serversFile().mysql)
/** Starts the shared MariaDB again on the same port with the same data. */
export const startMysql = (): Promise<void> => startInstance(serversFile().mysql)
/** Stops and starts the shared MariaDB. Disturbs every test file using it right now. */
export const restartMysql = (): Promise<void> => restartInstance(serversFile().mysql)
/** Stops the shared Redis (its append-only file keeps the data). */
export const stopRedis = (): Promise<void> => stopInstance(serversFile().redis)
/** Starts the shared Redis again on the same port with the same data. */
export const startRedis = (): Promise<void> => startInstance(serversFile().redis)
/** Stops and starts the shared Redis. Disturbs every test file using it right now. */
export const restartRedis = (): Promise<void> => restartInstance(serversFile().redis)

/** A MariaDB of one's own (e.g. for a fault test); `dispose()` it when done. */
export const startPrivateMysql = (): Promise<ServerHandle> => startMysqlServer(serversFile().root, "private-mysql")
/** A Redis of one's own (e.g. for a fault test); `dispose()` it when done. */
export const startPrivateRedis = (): Promise<ServerHandle> => startRedisServer(serversFile().root, "private-redis")

/** Every instance directory under `root` (shared and private). */
export const instanceDirs = (root: string): ReadonlyArray<string> => {
  try {
    return Fs.readdirSync(root)
      .map((name) => Path.join(root, name))
      .filter((dir) => Fs.existsSync(Path.join(dir, "instance.json")))
  } catch {
    return []
  }
}

/** The pid recorded for the instance in `dir`, if any. */
export const instancePid = (dir: string): number | null => {
  try {
    return readInstance(dir).pid
  } catch {
    return null
  }
}
