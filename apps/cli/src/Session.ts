/**
 * Who a command runs as and where its calls go, resolved once per command:
 *
 * 1. `--sim` / `ZOHO_SIM=1`, or a user logged in with `zoho auth login --sim`: the in-process
 *    simulator (`Targets`), tokens in `sim-tokens.json`;
 * 2. a user of the profile (`--user`, else the default user from `zoho auth use`): the stored-id
 *    flow over the store that user logged in to, the data center learned at login;
 * 3. otherwise the library's own `ZOHO_*` credentials (`ZohoConfig`), as a program would use them.
 *
 * The environment wins over the profile for hosts (`ZOHO_REGION`, `ZOHO_ACCOUNTS_URL`,
 * `ZOHO_API_URL`, `ZOHO_ENVIRONMENT`) and the org id (`--org-id`, then `ZOHO_ORG_ID`), and every
 * choice is recorded with where it came from, for `auth status` and `doctor`.
 *
 * The stack is the library's (`ZohoClient` over `ZohoAuth`, `ZohoOAuth`, `ZohoThrottle`), with the
 * throttle metered so `export` can show how long it waited for the rate limit.
 *
 * @since 0.1.0
 */
import * as FileTokenStore from "@effect-zoho/core/FileTokenStore"
import * as TokenStore from "@effect-zoho/core/TokenStore"
import type * as Zoho from "@effect-zoho/core/Zoho"
import * as ZohoAuth from "@effect-zoho/core/ZohoAuth"
import * as ZohoClient from "@effect-zoho/core/ZohoClient"
import * as ZohoConfig from "@effect-zoho/core/ZohoConfig"
import * as ZohoCredentials from "@effect-zoho/core/ZohoCredentials"
import * as ZohoOAuth from "@effect-zoho/core/ZohoOAuth"
import * as ZohoRegion from "@effect-zoho/core/ZohoRegion"
import * as ZohoThrottle from "@effect-zoho/core/ZohoThrottle"
import * as ZohoUser from "@effect-zoho/core/ZohoUser"
import * as SimHttpClient from "@effect-zoho/sim/SimHttpClient"
import * as SimSeed from "@effect-zoho/sim/SimSeed"
import * as Simulator from "@effect-zoho/sim/Simulator"
import type * as FileSystem from "@effect/platform/FileSystem"
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Path from "@effect/platform/Path"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as CliError from "./CliError.js"
import * as Env from "./Env.js"
import * as Profile from "./Profile.js"
import * as Stores from "./Stores.js"
import * as Targets from "./Targets.js"

/** What the command line selected. @since 0.1.0 */
export interface Selection {
  readonly user: Option.Option<string>
  readonly sim: boolean
  readonly organizationId: Option.Option<string>
}

/** @since 0.1.0 */
export const noSelection: Selection = { user: Option.none(), sim: false, organizationId: Option.none() }

/** A resolved target. @since 0.1.0 */
export interface Target {
  /** The profile user name, `environment`, or `sim`. */
  readonly name: string
  /** Where the credentials come from, in words. */
  readonly source: string
  readonly region: ZohoRegion.ZohoRegion
  /** Where the data center came from, in words. */
  readonly regionSource: string
  readonly user: ZohoUser.ZohoUser
  readonly profileUser: Profile.ProfileUser | undefined
  readonly store: Stores.Kind
  readonly storeDescription: string
  readonly sim: boolean
  readonly organizationId: string | undefined
}

/** @since 0.1.0 */
export interface Service {
  readonly target: Target
  /** Milliseconds calls spent waiting for a throttle permit (rate, concurrency, delay). */
  readonly throttleWaitMillis: Ref.Ref<number>
}

/** @since 0.1.0 */
export class Session extends Context.Tag("@effect-zoho/cli/Session")<Session, Service>() {}

/** What a command gets. @since 0.1.0 */
export type Services =
  | Session
  | Zoho.Services
  | TokenStore.TokenStore
  | ZohoOAuth.ZohoOAuth
  | HttpClient.HttpClient

const optionalEnv = Env.optional

/**
 * Node's HTTP client with the proxy and connect timeout of the environment (`ZOHO_PROXY_*`),
 * loaded on use: a simulator run never needs undici, and every command starts faster.
 *
 * @since 0.1.0
 */
export const nodeHttp: Layer.Layer<HttpClient.HttpClient, unknown> = Layer.unwrapEffect(
  Effect.map(Effect.promise(() => import("@effect-zoho/node/ZohoNodeHttp")), (m) => m.layerConfig())
)

/** `ZOHO_SIM=1` (or `true`). @since 0.1.0 */
export const simFromEnv: Effect.Effect<boolean> = Effect.map(
  optionalEnv("ZOHO_SIM"),
  Option.exists((v) => v === "1" || v.toLowerCase() === "true" || v.toLowerCase() === "yes")
)

/** A throttle that adds the time each call waited for its permit to `waits`. */
const metered = (inner: ZohoThrottle.Service, waits: Ref.Ref<number>): ZohoThrottle.Service => ({
  observe: inner.observe,
  withPermit: (key, effect) =>
    Effect.flatMap(Clock.currentTimeMillis, (asked) =>
      inner.withPermit(
        key,
        Effect.zipRight(
          Effect.flatMap(Clock.currentTimeMillis, (granted) => Ref.update(waits, (w) => w + (granted - asked))),
          effect
        )
      ))
})

const checkOrgId = (id: string, source: string) =>
  /^[0-9]{1,40}$/.test(id)
    ? Effect.succeed(id)
    : Effect.fail(CliError.usage(`${source} must be Zoho's numeric organization id`, `e.g. --org-id 800001`))

/**
 * The region of a profile user, under the environment's overrides.
 *
 * @since 0.1.0
 */
export const profileRegion = (
  user: Profile.ProfileUser
): Effect.Effect<{ readonly region: ZohoRegion.ZohoRegion; readonly source: string }, CliError.CliUsageError> =>
  Effect.gen(function*() {
    const envRegion = yield* optionalEnv("ZOHO_REGION")
    const envAccounts = yield* optionalEnv("ZOHO_ACCOUNTS_URL")
    const envApi = yield* optionalEnv("ZOHO_API_URL")
    const envEnvironment = yield* optionalEnv("ZOHO_ENVIRONMENT")
    const named = Option.map(envRegion, (r) => ({ input: r, found: ZohoRegion.lookup(r) }))
    if (Option.isSome(named) && named.value.found === undefined) {
      return yield* CliError.usage(
        `ZOHO_REGION "${named.value.input}" is not a Zoho data center`,
        `use one of: us, eu, in, au, cn, jp, ca, sa, uk`
      )
    }
    const dc = Option.isSome(named) ? named.value.found!.dc : user.dc
    const environment = Option.match(envEnvironment, {
      onNone: () => user.environment,
      onSome: (e) => e === "sandbox" || e === "developer" ? e : "production"
    })
    // The accounts server the token came from stays the target unless the environment names
    // another data center or host: a simulator or proxy recorded at login is kept.
    const standard = ZohoRegion.lookup(user.accountsUrl)?.dc !== undefined
    const accountsUrl = Option.getOrUndefined(envAccounts) ??
      (Option.isNone(envRegion) && !standard ? user.accountsUrl : undefined)
    const apiUrl = Option.getOrUndefined(envApi) ??
      (accountsUrl !== undefined && !standard ? user.apiDomain : undefined)
    const region = ZohoRegion.makeEither(dc as ZohoRegion.DataCenter, environment, { accountsUrl, apiUrl })
    if (region._tag === "Left") return yield* CliError.usage(region.left.message)
    const source = Option.isSome(envRegion)
      ? `ZOHO_REGION=${envRegion.value}`
      : Option.isSome(envAccounts)
      ? `ZOHO_ACCOUNTS_URL (data center ${dc} from the login)`
      : `the login (location ${dc.toLowerCase()}, accounts server ${user.accountsUrl})`
    return { region: region.right, source }
  })

interface Resolved {
  readonly target: Target
  readonly http: Layer.Layer<HttpClient.HttpClient, unknown>
  readonly store: Layer.Layer<TokenStore.TokenStore, unknown, FileSystem.FileSystem | Path.Path>
}

const pickProfileUser = (
  profile: Profile.Profile,
  selection: Selection
): Effect.Effect<Option.Option<readonly [string, Profile.ProfileUser]>, CliError.CliUsageError> => {
  if (Option.isSome(selection.user)) {
    const name = selection.user.value
    const found = profile.users[name]
    return found === undefined
      ? Effect.fail(
        CliError.usage(
          `no logged-in user "${name}"`,
          Object.keys(profile.users).length === 0
            ? "run zoho auth login first"
            : `use one of: ${Object.keys(profile.users).join(", ")} (or zoho auth login --user ${name})`
        )
      )
      : Effect.succeedSome([name, found] as const)
  }
  const name = profile.defaultUser
  const found = name === undefined ? undefined : profile.users[name]
  return Effect.succeed(found === undefined ? Option.none() : Option.some([name!, found] as const))
}

/** The refresh tokens earlier `--sim` logins stored, for the new simulator's seed. */
const simRefreshTokens = (profile: Profile.Profile, store: TokenStore.Service) =>
  Effect.map(store.list, (tokens) =>
    tokens.flatMap((t) => {
      if (t.refreshToken === undefined || t.clientId !== Targets.simClientId) return []
      const owner = Object.values(profile.users).find((u) => u.sim && u.tokenId === t.id)
      return [{ token: Redacted.value(t.refreshToken), scopes: owner?.scopes ?? SimSeed.demoScopes }]
    }))

const simTarget = (
  profile: Profile.Profile,
  chosen: Option.Option<readonly [string, Profile.ProfileUser]>,
  organizationId: string | undefined
): Effect.Effect<Resolved, never, FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function*() {
    const path = yield* Stores.filePath("sim")
    const store = yield* FileTokenStore.make({ path })
    const sim = yield* Simulator.make(
      Targets.withExtras(Targets.simSeed(), {
        refreshTokens: yield* simRefreshTokens(profile, store).pipe(Effect.orElseSucceed(() => []))
      })
    )
    const simUser = Option.filter(chosen, ([, u]) => u.sim)
    const orgId = organizationId ?? Option.getOrUndefined(Option.flatMap(simUser, ([, u]) =>
      Option.fromNullable(u.organizationId))) ??
      Targets.simOrganizationId
    const user = Option.match(simUser, {
      onNone: () =>
        ZohoUser.make({
          credentials: ZohoCredentials.RefreshToken({
            clientId: Targets.simClientId,
            clientSecret: Targets.simClientSecret,
            refreshToken: Targets.simRefreshToken,
            userName: "sim"
          }),
          key: "sim",
          organizationId: orgId
        }),
      onSome: ([name, u]) =>
        ZohoUser.make({ credentials: ZohoCredentials.StoredId({ id: u.tokenId }), key: name, organizationId: orgId })
    })
    return {
      target: {
        name: Option.match(simUser, { onNone: () => "sim", onSome: ([name]) => name }),
        source: Option.match(simUser, {
          onNone: () => "the in-process simulator's demo user (--sim / ZOHO_SIM=1)",
          onSome: ([name]) => `simulator user "${name}" (zoho auth login --sim)`
        }),
        region: Targets.simRegion,
        regionSource: "the in-process simulator",
        user,
        profileUser: Option.getOrUndefined(Option.map(simUser, ([, u]) => u)),
        store: "sim",
        storeDescription: `simulator file ${path}`,
        sim: true,
        organizationId: orgId
      },
      http: SimHttpClient.layerFrom(sim),
      store: Layer.succeed(TokenStore.TokenStore, store)
    }
  })

const resolve = (
  selection: Selection
): Effect.Effect<Resolved, unknown, FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function*() {
    const profile = yield* Profile.load
    const chosen = yield* pickProfileUser(profile, selection)
    const flagOrg = yield* Option.match(selection.organizationId, {
      onNone: () => Effect.succeed(undefined),
      onSome: (id) => checkOrgId(id, "--org-id")
    })
    const envOrg = yield* Effect.flatMap(
      optionalEnv("ZOHO_ORG_ID"),
      Option.match({ onNone: () => Effect.succeed(undefined), onSome: (id) => checkOrgId(id, "ZOHO_ORG_ID") })
    )
    const explicitOrg = flagOrg ?? envOrg
    const sim = selection.sim || (yield* simFromEnv)
    if (sim || Option.exists(chosen, ([, u]) => u.sim)) return yield* simTarget(profile, chosen, explicitOrg)

    if (Option.isSome(chosen)) {
      const [name, u] = chosen.value
      const { region, source } = yield* profileRegion(u)
      const organizationId = explicitOrg ?? u.organizationId
      const kind = u.store === "mysql" || u.store === "redis" ? u.store : "file"
      return {
        target: {
          name,
          source: `user "${name}" of ${yield* Profile.file}`,
          region,
          regionSource: source,
          user: ZohoUser.make({
            credentials: ZohoCredentials.StoredId({ id: u.tokenId }),
            key: name,
            organizationId
          }),
          profileUser: u,
          store: kind,
          storeDescription: yield* Stores.describe(kind),
          sim: false,
          organizationId
        },
        http: nodeHttp,
        store: Stores.layer(kind)
      }
    }

    // No profile user: the library's own configuration, if there is one.
    const fromEnv = yield* Effect.either(ZohoConfig.user)
    if (fromEnv._tag === "Left") {
      return yield* CliError.usage(
        "not logged in",
        "run zoho auth login (or zoho auth login --sim to try the simulator, or set ZOHO_REFRESH_TOKEN and friends)"
      )
    }
    const region = yield* Effect.mapError(ZohoConfig.region, (e) => CliError.usage(String(e)))
    const envRegion = yield* optionalEnv("ZOHO_REGION")
    const organizationId = explicitOrg ?? ZohoUser.organizationIdFor(fromEnv.right, "books")
    const kind = yield* Stores.configured
    return {
      target: {
        name: "environment",
        source: "the ZOHO_* environment variables (no zoho auth login)",
        region,
        regionSource: Option.match(envRegion, {
          onNone: () => "the default (us): ZOHO_REGION is not set",
          onSome: (r) => `ZOHO_REGION=${r}`
        }),
        user: ZohoUser.make({
          credentials: fromEnv.right.credentials,
          key: fromEnv.right.key,
          organizationId
        }),
        profileUser: undefined,
        store: kind,
        storeDescription: yield* Stores.describe(kind),
        sim: false,
        organizationId
      },
      http: nodeHttp,
      store: Stores.layer(kind)
    }
  })

/**
 * The library stack for a resolved target.
 *
 * @since 0.1.0
 */
export const stack = (
  region: ZohoRegion.ZohoRegion,
  user: ZohoUser.ZohoUser,
  waits: Ref.Ref<number>
): Layer.Layer<Zoho.Services | ZohoOAuth.ZohoOAuth, unknown, HttpClient.HttpClient | TokenStore.TokenStore> => {
  const oauth = ZohoOAuth.layerConfig()
  const auth = ZohoAuth.layer({ region, user }).pipe(Layer.provide(oauth))
  const throttle = Layer.effect(ZohoThrottle.ZohoThrottle, Effect.map(ZohoThrottle.make(), (t) => metered(t, waits)))
  return ZohoClient.layerConfig().pipe(Layer.provideMerge(Layer.mergeAll(auth, throttle, oauth)))
}

/**
 * Everything a command needs, for what the command line selected.
 *
 * @since 0.1.0
 */
export const layer = (selection: Selection): Layer.Layer<Services, unknown, FileSystem.FileSystem | Path.Path> =>
  Layer.unwrapScoped(Effect.gen(function*() {
    const resolved = yield* resolve(selection)
    const waits = yield* Ref.make(0)
    const base = Layer.merge(resolved.http, resolved.store)
    return stack(resolved.target.region, resolved.target.user, waits).pipe(
      Layer.provideMerge(base),
      Layer.merge(Layer.succeed(Session, { target: resolved.target, throttleWaitMillis: waits }))
    )
  }))
