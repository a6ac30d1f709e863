/**
 * `zoho auth`: `login` (see `AuthLogin`), `status`, `refresh`, `revoke`, `logout`, `use`.
 *
 * @since 0.1.0
 */
import * as TokenStore from "@effect-zoho/core/TokenStore"
import * as ZohoAuth from "@effect-zoho/core/ZohoAuth"
import * as ZohoConfig from "@effect-zoho/core/ZohoConfig"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as AuthLogin from "./AuthLogin.js"
import * as CliError from "./CliError.js"
import * as Flags from "./Flags.js"
import * as Output from "./Output.js"
import * as Profile from "./Profile.js"
import * as Session from "./Session.js"
import * as Stores from "./Stores.js"

const storeKindOf = (u: Profile.ProfileUser): Stores.Kind =>
  u.sim ? "sim" : u.store === "mysql" || u.store === "redis" ? u.store : "file"

const expiryText = (expiresAt: number | undefined, now: number) =>
  expiresAt === undefined
    ? "no access token yet"
    : expiresAt > now
    ? `valid for ${Output.duration(expiresAt - now)}`
    : "expired (the next call refreshes it)"

/** `zoho auth status`. @since 0.1.0 */
export const status = Command.make("status", { json: Flags.json }, ({ json }) =>
  Effect.gen(function*() {
    const profile = yield* Profile.load
    const now = yield* Clock.currentTimeMillis
    const rows = yield* Effect.forEach(Object.entries(profile.users), ([name, u]) =>
      Effect.gen(function*() {
        const kind = storeKindOf(u)
        const where = yield* Stores.describe(kind)
        const token = yield* Effect.flatMap(TokenStore.TokenStore, (s) => s.findById(u.tokenId)).pipe(
          Effect.provide(Stores.layer(kind)),
          Effect.either
        )
        const region = u.sim
          ? { region: { dc: "US", environment: "production" }, source: "the in-process simulator" }
          : yield* Effect.either(Session.profileRegion(u)).pipe(
            Effect.map((e) =>
              e._tag === "Right" ? e.right : { region: { dc: u.dc, environment: u.environment }, source: "the login" }
            )
          )
        const found = token._tag === "Right" ? Option.getOrUndefined(token.right) : undefined
        return {
          user: name,
          default: profile.defaultUser === name,
          sim: u.sim,
          dataCenter: region.region.dc,
          environment: region.region.environment,
          regionFrom: region.source,
          accountsServer: u.accountsUrl,
          apiDomain: found?.apiDomain ?? u.apiDomain ?? null,
          scopes: u.scopes,
          organizationId: u.organizationId ?? null,
          store: where,
          storeProblem: token._tag === "Left"
            ? String((token.left as { message?: unknown }).message ?? token.left)
            : found === undefined
            ? "the token is missing from the store (log in again)"
            : null,
          accessTokenExpiresAt: found?.expiryTime === undefined ? null : new Date(found.expiryTime).toISOString(),
          accessToken: expiryText(found?.expiryTime, now),
          hasRefreshToken: found?.refreshToken !== undefined,
          flow: u.flow,
          loggedInAt: u.loggedInAt
        }
      }))
    const envConfigured = rows.length === 0
      ? (yield* Effect.either(ZohoConfig.credentials))._tag === "Right"
      : false
    if (json) {
      yield* Output.json({
        defaultUser: profile.defaultUser ?? null,
        users: rows,
        environmentCredentials: envConfigured
      })
    } else if (rows.length === 0) {
      yield* Output.line(
        envConfigured
          ? "No zoho auth login; commands use the ZOHO_* credentials of the environment (zoho doctor checks them)."
          : "Not logged in. Run zoho auth login (or zoho auth login --sim to try the simulator)."
      )
    } else {
      for (const r of rows) {
        yield* Output.line(`${r.default ? "*" : " "} ${r.user}${r.sim ? " (simulator)" : ""}`)
        yield* Output.line(`    data center  ${r.dataCenter} ${r.environment} (from ${r.regionFrom})`)
        yield* Output.line(`    accounts     ${r.accountsServer}`)
        yield* Output.line(`    api domain   ${r.apiDomain ?? "(from the next token)"}`)
        yield* Output.line(`    scopes       ${r.scopes.join(", ")}`)
        if (r.organizationId !== null) yield* Output.line(`    org id       ${r.organizationId}`)
        yield* Output.line(`    token        ${r.storeProblem ?? r.accessToken}`)
        yield* Output.line(`    store        ${r.store}`)
      }
    }
    if (rows.length === 0 && !envConfigured) {
      return yield* new CliError.CliFailure({ message: "not logged in" })
    }
  })).pipe(Command.withDescription(
    "Users, data center, api domain, scopes, token expiry and store. Example: `zoho auth status --json`"
  ))

const sessionOptions = { user: Flags.user, sim: Flags.sim, json: Flags.json }

/** `zoho auth refresh`: mint a new access token now (through the library's single-flight refresh). @since 0.1.0 */
export const refresh = Command.make("refresh", sessionOptions, (args) =>
  Effect.gen(function*() {
    const auth = yield* ZohoAuth.ZohoAuth
    const { target } = yield* Session.Session
    const current = yield* auth.accessToken
    yield* auth.invalidate(current.token)
    const fresh = yield* auth.accessToken
    const now = yield* Clock.currentTimeMillis
    if (args.json) {
      yield* Output.json({
        user: target.name,
        accessTokenExpiresAt: fresh.expiresAt === undefined ? null : new Date(fresh.expiresAt).toISOString(),
        apiDomain: fresh.region.apiUrl
      })
    } else {
      yield* Output.line(`Refreshed ${target.name}: new access token ${expiryText(fresh.expiresAt, now)}`)
    }
  }).pipe(Effect.provide(Session.layer({ ...Session.noSelection, user: args.user, sim: args.sim })))).pipe(
    Command.withDescription("Mint a new access token now. Example: `zoho auth refresh --user work`")
  )

/** `zoho auth revoke`: revoke the refresh token at Zoho, delete it, forget the user. @since 0.1.0 */
export const revoke = Command.make("revoke", sessionOptions, (args) =>
  Effect.gen(function*() {
    const auth = yield* ZohoAuth.ZohoAuth
    const { target } = yield* Session.Session
    yield* auth.revoke
    if (target.profileUser !== undefined) yield* Profile.update((p) => Profile.withoutUser(p, target.name))
    if (args.json) yield* Output.json({ user: target.name, revoked: true })
    else {
      yield* Output.line(
        `Revoked the refresh token of ${target.name} at Zoho and removed it from the ${target.storeDescription}`
      )
    }
  }).pipe(Effect.provide(Session.layer({ ...Session.noSelection, user: args.user, sim: args.sim })))).pipe(
    Command.withDescription("Revoke the refresh token at Zoho and forget it. Example: `zoho auth revoke --user old`")
  )

/** `zoho auth logout`: forget a user here (the token stays valid at Zoho until revoked). @since 0.1.0 */
export const logout = Command.make("logout", { user: Flags.user, json: Flags.json }, (args) =>
  Effect.gen(function*() {
    const profile = yield* Profile.load
    const name = Option.getOrElse(args.user, () => profile.defaultUser ?? "")
    const u = profile.users[name]
    if (u === undefined) {
      return yield* CliError.usage(
        name === "" ? "not logged in" : `no logged-in user "${name}"`,
        Object.keys(profile.users).length === 0
          ? "nothing to log out"
          : `use one of: ${Object.keys(profile.users).join(", ")}`
      )
    }
    const kind = storeKindOf(u)
    yield* Effect.flatMap(TokenStore.TokenStore, (s) => s.delete(u.tokenId)).pipe(Effect.provide(Stores.layer(kind)))
    const next = yield* Profile.update((p) => Profile.withoutUser(p, name))
    if (args.json) yield* Output.json({ user: name, loggedOut: true, defaultUser: next.defaultUser ?? null })
    else {
      yield* Output.line(
        `Logged out ${name}: token removed from the ${yield* Stores.describe(kind)} ` +
          `(still valid at Zoho until revoked; zoho auth revoke does both)`
      )
    }
  })).pipe(Command.withDescription("Forget a user on this machine. Example: `zoho auth logout --user work`"))

/** `zoho auth use <user>`: the default user. @since 0.1.0 */
export const use = Command.make("use", { name: Args.text({ name: "user" }) }, ({ name }) =>
  Effect.gen(function*() {
    const profile = yield* Profile.load
    if (profile.users[name] === undefined) {
      return yield* CliError.usage(
        `no logged-in user "${name}"`,
        Object.keys(profile.users).length === 0
          ? "run zoho auth login --user " + name
          : `use one of: ${Object.keys(profile.users).join(", ")}`
      )
    }
    yield* Profile.save(new Profile.Profile({ ...profile, defaultUser: name }))
    yield* Output.line(`Default user: ${name}`)
  })).pipe(Command.withDescription("Make a logged-in user the default. Example: `zoho auth use work`"))

/** `zoho auth`. @since 0.1.0 */
export const command = Command.make("auth").pipe(
  Command.withDescription("Log in, inspect and manage tokens"),
  Command.withSubcommands([AuthLogin.command, status, refresh, revoke, logout, use])
)
