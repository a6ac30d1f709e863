/**
 * Drives the built `zoho-sim` server (dist/main.js) as a child process with clients nobody here
 * wrote: curl for the OAuth flow and the controls, Node's fetch (undici) for API calls.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { type ChildProcess, execFile, spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"

const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url))

interface Server {
  readonly child: ChildProcess
  readonly url: string
  readonly exited: Promise<number | null>
}

const start = (args: ReadonlyArray<string> = []): Effect.Effect<Server, Error, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.async<Server, Error>((resume) => {
      if (!existsSync(MAIN)) {
        resume(Effect.fail(new Error(`${MAIN} is missing: run pnpm build first`)))
        return
      }
      const child = spawn(process.execPath, [MAIN, "--port", "0", "--host", "127.0.0.1", ...args], {
        stdio: ["ignore", "pipe", "pipe"]
      })
      const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)))
      let out = ""
      let err = ""
      child.stderr!.on("data", (chunk) => {
        err += String(chunk)
      })
      child.stdout!.on("data", (chunk) => {
        out += String(chunk)
        const m = /zoho-sim listening on (http:\/\/\S+)/.exec(out)
        if (m !== null) resume(Effect.succeed({ child, url: m[1]!, exited }))
      })
      child.once("exit", (code) => resume(Effect.fail(new Error(`zoho-sim exited early (${code}): ${out}${err}`))))
    }),
    (server) =>
      Effect.sync(() => {
        if (server.child.exitCode === null) server.child.kill("SIGKILL")
      })
  )

interface CurlResult {
  readonly exitCode: number
  readonly status: number
  readonly body: string
}

/** Runs curl; the last line of stdout is the HTTP status (`-w`). */
const curl = (args: ReadonlyArray<string>): Effect.Effect<CurlResult> =>
  Effect.async((resume) => {
    execFile("curl", ["-sS", "-w", "\n%{http_code}", "--max-time", "10", ...args], (error, stdout) => {
      const lines = stdout.split("\n")
      const status = Number(lines.pop() ?? "0")
      resume(Effect.succeed({ exitCode: error === null ? 0 : Number(error.code ?? 1), status, body: lines.join("\n") }))
    })
  })

const json = (r: CurlResult) => JSON.parse(r.body) as Record<string, unknown>

const fetchJson = (url: string, init?: RequestInit) =>
  Effect.promise(async () => {
    const res = await fetch(url, init)
    const text = await res.text()
    return { status: res.status, headers: res.headers, body: text === "" ? undefined : JSON.parse(text) }
  })

const CLIENT = ["-d", "client_id=1000.SIMCLIENT", "-d", "client_secret=sim-secret"]

describe("zoho-sim server", () => {
  it.scopedLive("OAuth with curl, API calls with fetch, faults through /__sim/", () =>
    Effect.gen(function*() {
      const { url } = yield* start()
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/)

      // Grant code → tokens, form body.
      const exchanged = yield* curl([
        "-X",
        "POST",
        `${url}/oauth/v2/token`,
        "-d",
        "grant_type=authorization_code",
        "-d",
        "code=1000.simgrant",
        ...CLIENT
      ])
      assert.strictEqual(exchanged.status, 200)
      const tokens = json(exchanged)
      assert.match(String(tokens.access_token), /^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/)
      assert.match(String(tokens.refresh_token), /^1000\./)
      assert.strictEqual(tokens.api_domain, url)
      assert.strictEqual(tokens.token_type, "Bearer")
      assert.strictEqual(tokens.expires_in, 3600)

      // The code is single-use: HTTP 200 with Zoho's error field.
      const reused = yield* curl([
        "-X",
        "POST",
        `${url}/oauth/v2/token`,
        "-d",
        "grant_type=authorization_code",
        "-d",
        "code=1000.simgrant",
        ...CLIENT
      ])
      assert.strictEqual(reused.status, 200)
      assert.deepStrictEqual(json(reused), { error: "invalid_code" })

      // Refresh, parameters in the query string as Zoho's docs show.
      const query = new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: String(tokens.refresh_token),
        client_id: "1000.SIMCLIENT",
        client_secret: "sim-secret"
      })
      const refreshed = json(yield* curl(["-X", "POST", `${url}/oauth/v2/token?${query}`]))
      const access = String(refreshed.access_token)
      assert.match(access, /^1000\./)
      assert.notStrictEqual(access, tokens.access_token)

      // An authorized API call with fetch, on the api_domain the token response named.
      const auth = { authorization: `Zoho-oauthtoken ${access}` }
      const contacts = yield* fetchJson(`${tokens.api_domain}/books/v3/contacts?organization_id=800001`, {
        headers: auth
      })
      assert.strictEqual(contacts.status, 200)
      assert.strictEqual(contacts.body.code, 0)
      assert.isNotNull(contacts.headers.get("x-rate-limit-remaining"))
      const unauthorized = yield* fetchJson(`${url}/books/v3/contacts?organization_id=800001`)
      assert.strictEqual(unauthorized.status, 401)

      // Fault injection over HTTP: two 503s for Books, then normal service.
      const injected = yield* curl([
        "-X",
        "POST",
        `${url}/__sim/faults`,
        "-H",
        "content-type: application/json",
        "--data",
        JSON.stringify({ route: { pathPrefix: "/books/" }, times: 2, fault: { _tag: "Status", status: 503 } })
      ])
      assert.strictEqual(injected.status, 200)
      assert.strictEqual(
        (yield* fetchJson(`${url}/books/v3/contacts?organization_id=800001`, { headers: auth })).status,
        503
      )
      assert.strictEqual(
        (yield* fetchJson(`${url}/books/v3/contacts?organization_id=800001`, { headers: auth })).status,
        503
      )
      assert.strictEqual(
        (yield* fetchJson(`${url}/books/v3/contacts?organization_id=800001`, { headers: auth })).status,
        200
      )

      // A reset: curl sees the connection dropped (no HTTP answer at all).
      yield* curl(["-X", "POST", `${url}/__sim/faults`, "--data", JSON.stringify({ fault: { _tag: "Reset" } })])
      const reset = yield* curl([`${url}/books/v3/contacts`])
      assert.notStrictEqual(reset.exitCode, 0)
      assert.strictEqual(reset.status, 0)

      // Revocation through the accounts endpoint kills the refresh token.
      const revoked = yield* curl(["-X", "POST", `${url}/oauth/v2/token/revoke?token=${String(tokens.refresh_token)}`])
      assert.deepStrictEqual(json(revoked), { status: "success" })
      const again = json(yield* curl(["-X", "POST", `${url}/oauth/v2/token?${query}`]))
      assert.deepStrictEqual(again, { error: "invalid_code" })
      assert.strictEqual(
        (yield* fetchJson(`${url}/books/v3/contacts?organization_id=800001`, { headers: auth })).status,
        401
      )

      const stats = json(yield* curl([`${url}/__sim/stats`]))
      assert.deepStrictEqual(stats.tokenRequests, { authorization_code: 2, refresh_token: 2, client_credentials: 0 })
      assert.strictEqual(stats.revokes, 1)
      const log = json(yield* curl([`${url}/__sim/log`])).entries as ReadonlyArray<{ path: string }>
      assert.notInclude(JSON.stringify(log), "sim-secret")
    }))

  it.scopedLive("by default each call takes server time, so a real burst meets the concurrency limit", () =>
    Effect.gen(function*() {
      const { url } = yield* start()
      const limits = yield* curl([
        "-X",
        "POST",
        `${url}/__sim/limits`,
        "-H",
        "content-type: application/json",
        "--data",
        JSON.stringify({ orgId: "org1", product: "crm", limits: { concurrent: 2 } })
      ])
      assert.strictEqual(limits.status, 200)
      const token = json(
        yield* curl([
          "-X",
          "POST",
          `${url}/oauth/v2/token`,
          "-F",
          "grant_type=refresh_token",
          "-F",
          "refresh_token=1000.simrefresh",
          "-F",
          "client_id=1000.SIMCLIENT",
          "-F",
          "client_secret=sim-secret"
        ])
      ).access_token
      const headers = { authorization: `Zoho-oauthtoken ${String(token)}` }
      // 20 calls at once against 2 slots held 20–80 ms each: some must be refused. (With no
      // server time each call would finish before the next one arrived.)
      const answers = yield* Effect.all(
        Array.from({ length: 20 }, () => fetchJson(`${url}/crm/v8/Leads?fields=Last_Name`, { headers })),
        { concurrency: "unbounded" }
      )
      const refused = answers.filter((a) => a.status === 429)
      assert.isAbove(refused.length, 0)
      assert.isAbove(answers.filter((a) => a.status < 300).length, 0)
      assert.strictEqual(refused[0]!.body.code, "TOO_MANY_REQUESTS")
    }))

  it.scopedLive("--server-time is checked", () =>
    Effect.gen(function*() {
      const failed = yield* Effect.flip(start(["--server-time", "80-20"]))
      assert.include(failed.message, "--server-time")
    }))

  it.scopedLive("loads a seed file", () =>
    Effect.gen(function*() {
      const { mkdtemp, writeFile } = yield* Effect.promise(() => import("node:fs/promises"))
      const { tmpdir } = yield* Effect.promise(() => import("node:os"))
      const dir = yield* Effect.promise(() => mkdtemp(`${tmpdir()}/zoho-sim-`))
      const file = `${dir}/seed.json`
      yield* Effect.promise(() =>
        writeFile(
          file,
          JSON.stringify({
            clients: [{ clientId: "1000.MINE", clientSecret: "s3cret", type: "self" }],
            users: [{ id: "9", email: "me@example.com", orgId: "o" }],
            orgs: [{ id: "o", zgid: "123" }]
          })
        )
      )
      const { url } = yield* start(["--seed", file])
      const cc = json(
        yield* curl([
          "-X",
          "POST",
          `${url}/oauth/v2/token`,
          "-d",
          "grant_type=client_credentials",
          "-d",
          "client_id=1000.MINE",
          "-d",
          "client_secret=s3cret",
          "-d",
          "scope=ZohoCRM.modules.ALL",
          "-d",
          "soid=ZohoCRM.123"
        ])
      )
      assert.match(String(cc.access_token), /^1000\./)
      assert.isUndefined(cc.refresh_token)
    }))

  it.scopedLive("exits 0 on SIGINT, even with a hung request open", () =>
    Effect.gen(function*() {
      const server = yield* start()
      yield* curl(["-X", "POST", `${server.url}/__sim/faults`, "--data", JSON.stringify({ fault: { _tag: "Hang" } })])
      const hung = fetch(`${server.url}/crm/v8/Leads`).then(() => "answered", () => "dropped")
      // Let the hung request reach the server before the signal.
      yield* Effect.sleep("200 millis")
      server.child.kill("SIGINT")
      const code = yield* Effect.promise(() => server.exited).pipe(Effect.timeout("5 seconds"))
      assert.strictEqual(code, 0)
      assert.strictEqual(yield* Effect.promise(() => hung), "dropped")
    }))
})
