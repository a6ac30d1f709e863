/**
 * The built `zoho` binary end to end, part 2 (part 1: `e2e-auth.test.ts`): `api` with
 * `--paginate` across CRM's 2,000-record switch and `--include`, `export` of 5,000 invoices to
 * CSV (quiet on a pipe, a moving progress line in a pseudo-terminal, `--resume` after an
 * interruption), and the README's 60-second path on the in-process simulator. Ends by checking
 * that nothing the CLI printed in it holds a secret.
 */
import { assert, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import { spawn, spawnSync } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import * as path from "node:path"
import * as Sims from "./support/Sims.js"
import { envFor, harvest, jsonLines, noSecretPrinted, refused, run, selfClientLogin, tempDir } from "./support/Suite.js"
import * as Zoho from "./support/Zoho.js"

const main = tempDir()

layer(Sims.layer, { timeout: 120_000, excludeTestServices: true })("zoho (built): api and export", (it) => {
  it.effect(
    "a self-client login to work with",
    () => Effect.asVoid(selfClientLogin(main, "default", Sims.allScopes, ["--org-id", Sims.ORG_ID])),
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

  it.effect("no secret in anything the CLI printed in this file", () => noSecretPrinted(5))
})
