/**
 * What the end-to-end files share: temp config directories, the secrets seen so far (the client
 * secret, grant codes, and whatever the token files hold after each run), runs of the built CLI
 * against the simulators, the two logins (loopback, with the test playing the browser; self
 * client, with the code on stdin), and the assertions for refused input.
 */
import { assert } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll } from "vitest"
import * as Sims from "./Sims.js"
import * as Zoho from "./Zoho.js"

const dirs: Array<string> = []
export const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "zoho-cli-e2e-"))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** Every secret the suite saw: the client secret, grant codes, and what the token files hold. */
export const secrets = new Set<string>([Sims.CLIENT_SECRET])
export const harvest = (dir: string) => {
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

export const envFor = (dir: string, sims: Sims.Service, extra: Record<string, string> = {}) => ({
  ZOHO_CONFIG_DIR: dir,
  ZOHO_ACCOUNTS_URL: sims.url,
  ZOHO_API_URL: sims.url,
  ZOHO_CLIENT_ID: Sims.CLIENT_ID,
  ZOHO_CLIENT_SECRET: Sims.CLIENT_SECRET,
  ...extra
})

export const run = (dir: string, args: ReadonlyArray<string>, extra: Record<string, string> = {}, stdin?: string) =>
  Effect.flatMap(
    Sims.Sims,
    (sims) =>
      Zoho.run(args, { env: envFor(dir, sims, extra), stdin }).pipe(Effect.tap(() => Effect.sync(() => harvest(dir))))
  )

/** The loopback login, with the test playing the browser: follow the authorize URL, deliver the redirect. */
export const loopbackLogin = (dir: string, args: ReadonlyArray<string> = []) =>
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

export const selfClientLogin = (
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

export const jsonLines = <A = Record<string, unknown>>(text: string): ReadonlyArray<A> =>
  text.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as A)

export const noTokenWritten = (dir: string) => {
  assert.isFalse(existsSync(path.join(dir, "tokens.json")), "a token file was written")
  assert.isFalse(existsSync(path.join(dir, "config.json")), "a login was recorded")
}

/**
 * Exit 2 and one error line on stderr (after the login's instructions, when it got that far).
 */
export const refused = (r: Zoho.Result, pattern: RegExp, options: { readonly afterInstructions?: boolean } = {}) => {
  assert.strictEqual(r.code, 2, Zoho.show(r))
  const lines = r.stderr.trim().split("\n")
  if (options.afterInstructions !== true) assert.strictEqual(lines.length, 1, Zoho.show(r))
  if (options.afterInstructions === true) {
    assert.strictEqual(lines.filter((l) => l.startsWith("zoho:")).length, 1, Zoho.show(r))
  }
  assert.match(lines[lines.length - 1]!, pattern)
}

/**
 * The suite's secret check, run last in each file over everything the CLI printed in it: enough
 * secrets must have been collected for the check to mean something.
 */
export const noSecretPrinted = (atLeast: number) =>
  Effect.sync(() => {
    assert.isAtLeast(secrets.size, atLeast)
    const printed = Zoho.transcript.join("\n")
    assert.isAbove(printed.length, 5_000)
    for (const secret of secrets) {
      assert.isFalse(printed.includes(secret), `a secret (${secret.slice(0, 6)}…) was printed`)
    }
  })
