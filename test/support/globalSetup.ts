/**
 * Vitest global setup: one MariaDB and one Redis for the whole run, on random free ports in a
 * temp directory, stopped (and the directory removed) at teardown. See `servers.ts` for how tests
 * find them and restart them. A missing binary fails the run naming its Debian package, unless
 * `EFFECT_ZOHO_SKIP_SERVERS=1` opts out.
 */
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import type { TestProject } from "vitest/node"
import {
  findBinary,
  instanceDirs,
  instancePid,
  isAlive,
  killPid,
  MYSQL_URL_ENV,
  REDIS_URL_ENV,
  type ServerHandle,
  SERVERS_FILE_ENV,
  type ServersFile,
  serversSkipped,
  skipMessage,
  startMysqlServer,
  startRedisServer
} from "./servers.js"

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (serversSkipped) {
    console.warn(`\n${skipMessage}\n`)
    project.provide("mysqlUrl", undefined)
    project.provide("redisUrl", undefined)
    project.provide("serversSkipped", true)
    return async () => {}
  }

  // Fail before creating anything when a binary is missing.
  for (const binary of ["mariadbd", "mariadb-install-db", "redis-server"]) findBinary(binary)

  const root = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-zoho-servers-"))

  // Last resort if vitest exits without running the teardown: kill synchronously.
  const killAllNow = () => {
    for (const dir of instanceDirs(root)) {
      const pid = instancePid(dir)
      if (pid !== null && isAlive(pid)) {
        try {
          process.kill(pid, "SIGKILL")
        } catch {
          // already gone
        }
      }
    }
  }
  process.once("exit", killAllNow)

  const teardown = async () => {
    process.off("exit", killAllNow)
    await Promise.all(
      instanceDirs(root).map(async (dir) => {
        const pid = instancePid(dir)
        if (pid !== null) await killPid(pid)
      })
    )
    Fs.rmSync(root, { recursive: true, force: true })
  }

  let mysql: ServerHandle
  let redis: ServerHandle
  try {
    ;[mysql, redis] = await Promise.all([startMysqlServer(root), startRedisServer(root)])
  } catch (error) {
    await teardown()
    throw error
  }

  const file = Path.join(root, "servers.json")
  const servers: ServersFile = { root, mysql: mysql.dir, redis: redis.dir }
  Fs.writeFileSync(file, JSON.stringify(servers, null, 2))

  // Workers and their child processes inherit these.
  process.env[MYSQL_URL_ENV] = mysql.url
  process.env[REDIS_URL_ENV] = redis.url
  process.env[SERVERS_FILE_ENV] = file
  project.provide("mysqlUrl", mysql.url)
  project.provide("redisUrl", redis.url)
  project.provide("serversSkipped", false)

  return teardown
}
