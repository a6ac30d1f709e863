/**
 * The built `zoho` binary end to end against simulators served on loopback ports, part 1: logins
 * (the authorize URL followed like a browser, no human; a self-client code on stdin), status,
 * refresh/revoke/logout, doctor on a good setup and on each broken one, bad input, help. Part 2
 * (`e2e-data.test.ts`) covers api and export; the files run in parallel. Each ends by checking
 * that nothing the CLI printed in it holds a secret. Timeouts are generous and nothing asserts
 * speed: the machine may be loaded.
 */
import { assert, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { readFileSync, statSync, writeFileSync } from "node:fs"
import * as net from "node:net"
import * as path from "node:path"
import * as Sims from "./support/Sims.js"
import {
  envFor,
  loopbackLogin,
  noSecretPrinted,
  noTokenWritten,
  refused,
  run,
  selfClientLogin,
  tempDir
} from "./support/Suite.js"
import * as Zoho from "./support/Zoho.js"

const main = tempDir()

layer(Sims.layer, { timeout: 120_000, excludeTestServices: true })("zoho (built): auth, doctor, input", (it) => {
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
        const out = yield* run(main, ["auth", "logout", "--user", "console"])
        assert.strictEqual(out.code, 0, Zoho.show(out))
        assert.match(out.stdout, /^Logged out console: token removed from the file /m)
      }),
    { timeout: 120_000 }
  )

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

  it.effect("auth refresh and revoke", () =>
    Effect.gen(function*() {
      const { simulator } = yield* Sims.Sims
      const dir = tempDir()
      yield* selfClientLogin(dir, "a", Sims.crmScopes)
      const refreshToken = JSON.parse(readFileSync(path.join(dir, "tokens.json"), "utf8")).tokens[0].refresh_token
      const refreshed = yield* run(dir, ["auth", "refresh", "--user", "a"])
      assert.strictEqual(refreshed.code, 0, Zoho.show(refreshed))
      assert.match(refreshed.stdout, /^Refreshed a: new access token valid for/m)
      const revoked = yield* run(dir, ["auth", "revoke", "--user", "a"])
      assert.strictEqual(revoked.code, 0, Zoho.show(revoked))
      // Revoked at Zoho (a second revocation finds nothing), deleted here, the user forgotten.
      assert.isFalse(yield* simulator.revokeToken(refreshToken))
      assert.deepStrictEqual(JSON.parse(readFileSync(path.join(dir, "tokens.json"), "utf8")).tokens, [])
      const status = yield* run(dir, ["auth", "status"])
      assert.strictEqual(status.code, 1, Zoho.show(status))
      assert.match(status.stdout, /^Not logged in/)
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

  it.effect("--version, --help with an example, shell completions", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const version = yield* run(dir, ["--version"])
      assert.strictEqual(version.stdout.trim(), "0.1.0")
      for (const command of [["api"], ["export"]]) {
        const help = yield* run(dir, [...command, "--help"])
        assert.strictEqual(help.code, 0, Zoho.show(help))
        assert.match(help.stdout, /Example/, command.join(" "))
      }
      const completions = yield* run(dir, ["--completions", "bash"])
      assert.include(completions.stdout, "_zoho")
    }), { timeout: 120_000 })

  it.effect("no secret in anything the CLI printed in this file", () => noSecretPrinted(12))
})
