/**
 * The built `zoho` binary end to end, against simulators served on loopback ports: login (the
 * authorize URL followed like a browser, no human), self-client, status, api, export, doctor,
 * the simulator path, bad input, and, last, a check that nothing the CLI printed in this file
 * holds a secret. Timeouts are generous and nothing asserts speed: the machine may be loaded.
 */
import { assert, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import { spawn, spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll } from "vitest"
import * as Sims from "./support/Sims.js"
import * as Zoho from "./support/Zoho.js"

const dirs: Array<string> = []
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "zoho-cli-e2e-"))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** Every secret the suite saw: the client secret, grant codes, and what the token files hold. */
const secrets = new Set<string>([Sims.CLIENT_SECRET])
const harvest = (dir: string) => {
  for (const file of ["tokens.json", "sim-tokens.json"]) {
    const p = path.join(dir, file)
    if (!existsSync(p)) continue
    const parsed = JSON.parse(readFileSync(p, "utf8")) as { tokens: ReadonlyArray<Record<string, unknown>> }
    for (const t of parsed.tokens) {
      for (const k of ["refresh_token", "access_token", "client_secret", "grant_token"]) {
        if (typeof t[k] === "string") secrets.add(t[k] as string)
      }
    }
  }
}

const envFor = (dir: string, sims: Sims.Service, extra: Record<string, string> = {}) => ({
  ZOHO_CONFIG_DIR: dir,
  ZOHO_ACCOUNTS_URL: sims.url,
  ZOHO_API_URL: sims.url,
  ZOHO_CLIENT_ID: Sims.CLIENT_ID,
  ZOHO_CLIENT_SECRET: Sims.CLIENT_SECRET,
  ...extra
})

const run = (dir: string, args: ReadonlyArray<string>, extra: Record<string, string> = {}, stdin?: string) =>
  Effect.flatMap(
    Sims.Sims,
    (sims) =>
      Zoho.run(args, { env: envFor(dir, sims, extra), stdin }).pipe(Effect.tap(() => Effect.sync(() => harvest(dir))))
  )

/** The loopback login, with the test playing the browser: follow the authorize URL, deliver the redirect. */
const loopbackLogin = (dir: string, args: ReadonlyArray<string> = []) =>
  Effect.gen(function*() {
    const sims = yield* Sims.Sims
    const running = yield* Zoho.start(["auth", "login", "--port", String(sims.callbackPort), ...args], {
      env: envFor(dir, sims)
    })
    const [url] = yield* running.waitFor(/http:\/\/\S+\/oauth\/v2\/auth\?\S+/)
    const consent = yield* Effect.promise(() => fetch(url, { redirect: "manual" }))
    assert.strictEqual(consent.status, 302)
    const location = new URL(consent.headers.get("location")!)
    secrets.add(location.searchParams.get("code")!)
    const page = yield* Effect.promise(() =>
      fetch(location).then(async (r) => ({ status: r.status, text: await r.text() }))
    )
    const result = yield* running.done
    harvest(dir)
    return { result, location, page }
  })

const selfClientLogin = (
  dir: string,
  name: string,
  scopes: ReadonlyArray<string>,
  extraArgs: ReadonlyArray<string> = []
) =>
  Effect.gen(function*() {
    const { simulator } = yield* Sims.Sims
    const code = yield* simulator.createGrantCode({ clientId: Sims.CLIENT_ID, userId: Sims.USER_ID, scopes })
    secrets.add(code)
    const result = yield* run(dir, ["auth", "login", "--self-client", "--user", name, ...extraArgs], {}, `${code}\n`)
    assert.strictEqual(result.code, 0, Zoho.show(result))
    return result
  })

const jsonLines = <A = Record<string, unknown>>(text: string): ReadonlyArray<A> =>
  text.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as A)

const noTokenWritten = (dir: string) => {
  assert.isFalse(existsSync(path.join(dir, "tokens.json")), "a token file was written")
  assert.isFalse(existsSync(path.join(dir, "config.json")), "a login was recorded")
}

/**
 * Exit 2 and one error line on stderr (after the login's instructions, when it got that far).
 */
const refused = (r: Zoho.Result, pattern: RegExp, options: { readonly afterInstructions?: boolean } = {}) => {
  assert.strictEqual(r.code, 2, Zoho.show(r))
  const lines = r.stderr.trim().split("\n")
  if (options.afterInstructions !== true) assert.strictEqual(lines.length, 1, Zoho.show(r))
  if (options.afterInstructions === true) {
    assert.strictEqual(lines.filter((l) => l.startsWith("zoho:")).length, 1, Zoho.show(r))
  }
  assert.match(lines[lines.length - 1]!, pattern)
}

const main = tempDir()

layer(Sims.layer, { timeout: 120_000, excludeTestServices: true })("zoho (built) against the simulator", (it) => {
  it.effect("auth login: the loopback flow, driven by following the authorize URL", () =>
    Effect.gen(function*() {
      const sims = yield* Sims.Sims
      const { location, page, result } = yield* loopbackLogin(main, ["--product", "crm,books", "--org-id", Sims.ORG_ID])
      assert.strictEqual(result.code, 0, Zoho.show(result))
      assert.strictEqual(page.status, 200)
      assert.strictEqual(location.searchParams.get("location"), "us")
      assert.strictEqual(location.searchParams.get("accounts-server"), sims.url)
      assert.match(
        result.stdout,
        /^Logged in as default: data center US \(production\), api http:\/\/127\.0\.0\.1:\d+, token saved in file .*tokens\.json$/m
      )
      const tokens = path.join(main, "tokens.json")
      assert.strictEqual(statSync(tokens).mode & 0o777, 0o600)
      const profile = JSON.parse(readFileSync(path.join(main, "config.json"), "utf8"))
      assert.strictEqual(profile.defaultUser, "default")
      assert.strictEqual(profile.users.default.accountsUrl, sims.url)
      assert.strictEqual(profile.users.default.organizationId, Sims.ORG_ID)
      assert.include(profile.users.default.scopes, "ZohoBooks.fullaccess.all")
    }), { timeout: 120_000 })

  it.effect(
    "auth login --self-client reads the grant code from stdin; status lists both users",
    () =>
      Effect.gen(function*() {
        const login = yield* selfClientLogin(main, "console", Sims.crmScopes)
        assert.include(login.stderr, "Generate Code with the scopes")
        assert.match(login.stdout, /^Logged in as console: data center US/m)

        const status = yield* run(main, ["auth", "status", "--json"])
        assert.strictEqual(status.code, 0, Zoho.show(status))
        const parsed = JSON.parse(status.stdout) as {
          defaultUser: string
          users: ReadonlyArray<Record<string, unknown>>
        }
        assert.strictEqual(parsed.defaultUser, "console")
        assert.deepStrictEqual(parsed.users.map((u) => u.user), ["default", "console"])
        const def = parsed.users[0]!
        assert.strictEqual(def.dataCenter, "US")
        assert.strictEqual(def.organizationId, Sims.ORG_ID)
        assert.isTrue(def.hasRefreshToken)
        assert.match(String(def.accessToken), /^valid for/)

        const use = yield* run(main, ["auth", "use", "default"])
        assert.strictEqual(use.code, 0, Zoho.show(use))
        const text = yield* run(main, ["auth", "status"])
        assert.match(text.stdout, /^\* default$/m)
        assert.match(text.stdout, /^ {2}console$/m)
      }),
    { timeout: 120_000 }
  )

  it.effect(
    "api --paginate streams every CRM page as NDJSON, switching to page_token after 2,000 records",
    () =>
      Effect.gen(function*() {
        const r = yield* run(main, ["api", "crm", "GET", "/Leads", "-q", "fields=Last_Name", "--paginate"])
        assert.strictEqual(r.code, 0, Zoho.show(r))
        const pages = jsonLines<{ data: ReadonlyArray<{ id: string }>; info: Record<string, unknown> }>(r.stdout)
        assert.strictEqual(pages.length, Math.ceil(Sims.LEADS / 200))
        const ids = pages.flatMap((p) => p.data.map((d) => d.id))
        assert.strictEqual(ids.length, Sims.LEADS)
        assert.strictEqual(new Set(ids).size, Sims.LEADS)
        // Page 10 ends at record 2,000: the next page can only be reached with its token.
        assert.isString(pages[9]!.info.next_page_token)
        assert.isFalse(pages[pages.length - 1]!.info.more_records)
      }),
    { timeout: 120_000 }
  )

  it.effect(
    "api: --include shows status and headers; a Zoho error prints the body and exits 1 with Zoho's code",
    () =>
      Effect.gen(function*() {
        const ok = yield* run(main, ["api", "books", "GET", "/invoices", "-q", "per_page=2", "--include"])
        assert.strictEqual(ok.code, 0, Zoho.show(ok))
        const head = ok.stdout.slice(0, ok.stdout.indexOf("\n\n"))
        assert.match(head, /^HTTP 200\n/)
        assert.match(head, /^content-type: application\/json/m)
        const body = JSON.parse(ok.stdout.slice(ok.stdout.indexOf("\n\n") + 2)) as { invoices: ReadonlyArray<unknown> }
        assert.strictEqual(body.invoices.length, 2)
        assert.notMatch(ok.stdout, /authorization|oauthtoken/i)

        const bad = yield* run(main, ["api", "crm", "GET", "/Leads"])
        assert.strictEqual(bad.code, 1, Zoho.show(bad))
        assert.strictEqual(JSON.parse(bad.stdout).code, "REQUIRED_PARAM_MISSING")
        assert.match(bad.stderr.trim(), /^zoho: .*\(REQUIRED_PARAM_MISSING\)$/)
      }),
    { timeout: 120_000 }
  )

  it.effect("export books invoices: 5,000 records to CSV, quiet when piped", () =>
    Effect.gen(function*() {
      const out = path.join(tempDir(), "invoices.csv")
      const r = yield* run(main, ["export", "books", "invoices", "--out", out])
      assert.strictEqual(r.code, 0, Zoho.show(r))
      assert.strictEqual(r.stderr, "", "progress or chatter on a pipe")
      assert.strictEqual(r.stdout, "")
      const text = readFileSync(out, "utf8")
      const lines = text.split("\r\n").filter((l) => l !== "")
      assert.strictEqual(lines.length, Sims.INVOICES + 1)
      assert.match(lines[0]!, /invoice_number/)
      // A field with a comma and quotes is quoted, its quotes doubled.
      assert.include(text, `"Customer, ""0"""`)
      assert.isFalse(existsSync(`${out}.zoho-export`), "the checkpoint of a finished export is removed")
    }), { timeout: 120_000 })

  it.effect("export on a terminal draws a progress line whose counter moves", () =>
    Effect.gen(function*() {
      const sims = yield* Sims.Sims
      const out = path.join(tempDir(), "progress.csv")
      const env = { ...process.env, ...envFor(main, sims), ZOHO_NO_BROWSER: "1" }
      const hasScript = spawnSync("script", ["--version"]).status === 0
      const output = yield* Effect.async<string>((resume) => {
        const args = [Zoho.main, "export", "books", "invoices", "--out", out]
        // A real pseudo-terminal where util-linux `script` exists; else the documented override.
        const child = hasScript
          ? spawn(
            "script",
            ["-q", "-e", "-c", [process.execPath, ...args].map((a) => `'${a}'`).join(" "), "/dev/null"],
            {
              env
            }
          )
          : spawn(process.execPath, args, { env: { ...env, ZOHO_FORCE_TTY: "1" } })
        let text = ""
        child.stdout!.on("data", (c) => (text += String(c)))
        child.stderr!.on("data", (c) => (text += String(c)))
        child.once("close", () => {
          Zoho.transcript.push(text)
          resume(Effect.succeed(text))
        })
        return Effect.sync(() => child.kill("SIGKILL"))
      })
      const counts = [...output.matchAll(/export: ([\d,]+)\/([\d,]+) records · (\d+) pages/g)].map((m) =>
        Number(m[1]!.replace(/,/g, ""))
      )
      assert.isAtLeast(counts.length, 3, output)
      assert.isAtLeast(new Set(counts).size, 3, "the counter moves")
      for (let i = 1; i < counts.length; i++) assert.isAtLeast(counts[i]!, counts[i - 1]!)
      assert.strictEqual(counts[counts.length - 1], Sims.INVOICES)
      assert.include(output, "\r")
      assert.match(output, /exported 5000 records in 25 pages/)
    }), { timeout: 120_000 })

  it.effect("export --resume carries on after an interruption: every record once", () =>
    Effect.gen(function*() {
      const sims = yield* Sims.Sims
      const out = path.join(tempDir(), "resume.ndjson")
      // Slow pages so the interruption lands mid-export whatever the machine's load.
      yield* sims.simulator.injectFault({
        route: { pathPrefix: "/books/v3/invoices" },
        times: Infinity,
        fault: { _tag: "Delay", duration: "250 millis" }
      })
      const running = yield* Zoho.start(["export", "books", "invoices", "--out", out], { env: envFor(main, sims) })
      const checkpoint = `${out}.zoho-export`
      yield* Effect.repeat(
        Effect.sync(() => existsSync(checkpoint) ? JSON.parse(readFileSync(checkpoint, "utf8")).records as number : 0),
        { until: (n) => n >= 600, schedule: Schedule.spaced("100 millis") }
      )
      running.child.kill("SIGINT")
      const stopped = yield* running.done
      yield* sims.simulator.clearFaults
      assert.strictEqual(stopped.code, 130, Zoho.show(stopped))
      assert.match(stopped.stderr, /export interrupted after \d+ records; carry on with: .* --resume/)
      const partial = JSON.parse(readFileSync(checkpoint, "utf8")) as { records: number }
      assert.isBelow(partial.records, Sims.INVOICES)

      const resumed = yield* run(main, ["export", "books", "invoices", "--out", out, "--resume"])
      assert.strictEqual(resumed.code, 0, Zoho.show(resumed))
      const records = jsonLines<{ invoice_number: string }>(readFileSync(out, "utf8"))
      assert.strictEqual(records.length, Sims.INVOICES)
      assert.strictEqual(new Set(records.map((r) => r.invoice_number)).size, Sims.INVOICES)
      assert.isFalse(existsSync(checkpoint))

      const nothing = yield* run(main, ["export", "books", "invoices", "--out", out, "--resume"])
      refused(nothing, /nothing to resume/)
    }), { timeout: 120_000 })

  it.effect("doctor passes on a good setup", () =>
    Effect.gen(function*() {
      const r = yield* run(main, ["doctor", "--product", "crm,books"])
      assert.strictEqual(r.code, 0, Zoho.show(r))
      assert.notMatch(r.stdout, /^FAIL/m)
      for (
        const check of [
          "config",
          "region",
          "accounts server",
          "clock",
          "refresh token",
          "scopes",
          "crm api",
          "books org id",
          "proxy"
        ]
      ) {
        assert.match(r.stdout, new RegExp(`^ok {4}${check}: `, "m"), r.stdout)
      }
    }), { timeout: 120_000 })

  it.effect(
    "doctor explains a wrong data center, a missing scope, a revoked token, a bad secret, an unknown org id",
    () =>
      Effect.gen(function*() {
        const sims = yield* Sims.Sims
        const failed = (r: Zoho.Result, check: string, words: RegExp) => {
          assert.strictEqual(r.code, 1, Zoho.show(r))
          assert.match(r.stdout, new RegExp(`^FAIL  ${check}: .*${words.source}`, "m"), r.stdout)
          assert.match(r.stdout, /^ {6}fix: /m)
        }

        // The accounts server of another data center does not know the client.
        failed(
          yield* run(main, ["doctor"], { ZOHO_ACCOUNTS_URL: sims.elsewhere }),
          "refresh token",
          /wrong data center: .*invalid_client/
        )

        const scoped = tempDir()
        yield* selfClientLogin(scoped, "crmonly", Sims.crmScopes, ["--org-id", Sims.ORG_ID])
        const scope = yield* run(scoped, ["doctor", "--product", "crm,books"])
        failed(scope, "scopes", /missing scope: the token lacks ZohoBooks\.settings\.READ \(/)
        failed(scope, "books api", /missing scope/)

        const revokedDir = tempDir()
        yield* selfClientLogin(revokedDir, "gone", Sims.crmScopes)
        const stored = JSON.parse(readFileSync(path.join(revokedDir, "tokens.json"), "utf8")).tokens[0].refresh_token
        assert.isTrue(yield* sims.simulator.revokeToken(stored))
        failed(yield* run(revokedDir, ["doctor"]), "refresh token", /revoked token/)

        const refreshToken = JSON.parse(readFileSync(path.join(main, "tokens.json"), "utf8")).tokens[0].refresh_token
        failed(
          yield* run(tempDir(), ["doctor"], { ZOHO_REFRESH_TOKEN: refreshToken, ZOHO_CLIENT_SECRET: "not-the-secret" }),
          "refresh token",
          /bad client secret/
        )

        failed(
          yield* run(main, ["doctor", "--product", "books", "--org-id", "999999"]),
          "books org id",
          /unknown org id: 999999 is not one of this user's Zoho Books organizations \(800001 \(E2E Org\)\)/
        )
      }),
    { timeout: 180_000 }
  )

  it.effect("auth refresh, revoke and logout", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      yield* selfClientLogin(dir, "a", Sims.crmScopes)
      yield* selfClientLogin(dir, "b", Sims.crmScopes)
      const refreshed = yield* run(dir, ["auth", "refresh", "--user", "a"])
      assert.strictEqual(refreshed.code, 0, Zoho.show(refreshed))
      assert.match(refreshed.stdout, /^Refreshed a: new access token valid for/m)
      const revoked = yield* run(dir, ["auth", "revoke", "--user", "a"])
      assert.strictEqual(revoked.code, 0, Zoho.show(revoked))
      const after = yield* run(dir, ["api", "crm", "GET", "/org", "--user", "a"])
      refused(after, /no logged-in user "a"/)
      const out = yield* run(dir, ["auth", "logout"])
      assert.strictEqual(out.code, 0, Zoho.show(out))
      const status = yield* run(dir, ["auth", "status"])
      assert.strictEqual(status.code, 1, Zoho.show(status))
      assert.match(status.stdout, /^Not logged in/)
      assert.deepStrictEqual(JSON.parse(readFileSync(path.join(dir, "tokens.json"), "utf8")).tokens, [])
    }), { timeout: 120_000 })

  it.effect("bad input: one line with what to type instead, exit 2, no token written", () =>
    Effect.gen(function*() {
      const sims = yield* Sims.Sims
      const dir = tempDir()
      const notJson = path.join(tempDir(), "body.json")
      writeFileSync(notJson, "{ not json")
      refused(yield* run(dir, ["api", "nope", "GET", "/Leads"]), /unknown product "nope"; use one of: crm, books/)
      refused(yield* run(dir, ["export", "nope", "things"]), /unknown product "nope"/)
      refused(yield* run(dir, ["frobnicate"]), /frobnicate|subcommand/i)
      refused(yield* run(dir, ["api", "crm", "GET", "Leads"]), /must start with "\/"; e\.g\. zoho api crm GET \/Leads/)
      refused(yield* run(dir, ["api", "crm", "POST", "/Leads", "-f", "Last_Name"]), /-f "Last_Name" is not key=value/)
      refused(yield* run(dir, ["api", "crm", "POST", "/Leads", "--input", notJson]), /is not JSON/)
      noTokenWritten(dir)

      // The callback port is taken.
      const blocker = net.createServer()
      yield* Effect.async<void>((resume) =>
        void blocker.listen(sims.callbackPort, "127.0.0.1", () => resume(Effect.void))
      )
      const busy = yield* run(dir, ["auth", "login", "--port", String(sims.callbackPort)])
      yield* Effect.async<void>((resume) => void blocker.close(() => resume(Effect.void)))
      refused(busy, /port \d+ on 127\.0\.0\.1 is in use; pass --port/)
      noTokenWritten(dir)

      // A callback whose state is not the login's.
      const running = yield* Zoho.start(["auth", "login", "--port", String(sims.callbackPort)], {
        env: envFor(dir, sims)
      })
      yield* running.waitFor(/oauth\/v2\/auth\?/)
      const forged = yield* Effect.promise(() =>
        fetch(`http://127.0.0.1:${sims.callbackPort}/callback?code=1000.forged&state=not-the-state`)
      )
      assert.strictEqual(forged.status, 400)
      refused(yield* running.done, /^zoho: the redirect's state does not match .*; run zoho auth login again/, {
        afterInstructions: true
      })
      noTokenWritten(dir)
    }), { timeout: 180_000 })

  it.effect(
    "the 60-second path: login --sim, api, export --sim (no account, no network)",
    () =>
      Effect.gen(function*() {
        const dir = tempDir()
        const offline = (args: ReadonlyArray<string>) =>
          Zoho.run(args, { env: { ZOHO_CONFIG_DIR: dir } }).pipe(Effect.tap(() => Effect.sync(() => harvest(dir))))
        const login = yield* offline(["auth", "login", "--sim"])
        assert.strictEqual(login.code, 0, Zoho.show(login))
        assert.match(login.stdout, /^Logged in as sim \(simulator\)/m)
        const api = yield* offline(["api", "crm", "GET", "/Leads", "-q", "fields=Last_Name", "--paginate"])
        assert.strictEqual(api.code, 0, Zoho.show(api))
        assert.strictEqual(jsonLines(api.stdout).flatMap((p) => p.data as ReadonlyArray<unknown>).length, 2500)
        const out = path.join(dir, "invoices.csv")
        const exported = yield* offline(["export", "books", "invoices", "--out", out, "--sim"])
        assert.strictEqual(exported.code, 0, Zoho.show(exported))
        assert.strictEqual(readFileSync(out, "utf8").split("\r\n").filter((l) => l !== "").length, 451)
      }),
    { timeout: 120_000 }
  )

  it.effect("--version, --help with an example, shell completions", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const version = yield* run(dir, ["--version"])
      assert.strictEqual(version.stdout.trim(), "0.1.0")
      for (const command of [["auth", "login"], ["api"], ["export"]]) {
        const help = yield* run(dir, [...command, "--help"])
        assert.strictEqual(help.code, 0, Zoho.show(help))
        assert.match(help.stdout, /Example/, command.join(" "))
      }
      const completions = yield* run(dir, ["--completions", "bash"])
      assert.include(completions.stdout, "_zoho")
    }), { timeout: 120_000 })

  it.effect("no secret in anything the CLI printed in this suite", () =>
    Effect.sync(() => {
      // Enough secrets collected for the check to mean something: the client secret, grant
      // codes, refresh and access tokens from every login.
      assert.isAtLeast(secrets.size, 12)
      const printed = Zoho.transcript.join("\n")
      assert.isAbove(printed.length, 10_000)
      for (const secret of secrets) {
        assert.isFalse(printed.includes(secret), `a secret (${secret.slice(0, 6)}…) was printed`)
      }
    }))
})
