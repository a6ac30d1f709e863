/**
 * Settings from the environment (`effect/Config`), with secrets `Redacted` from the moment they
 * are read.
 *
 * | variable | meaning |
 * |---|---|
 * | `ZOHO_REGION` | data center: a code, name, TLD or accounts URL (default `us`) |
 * | `ZOHO_ACCOUNTS_URL`, `ZOHO_API_URL`, `ZOHO_UPLOAD_URL` | host overrides (simulator, proxy) |
 * | `ZOHO_ENVIRONMENT` | `production` (default), `sandbox` or `developer` |
 * | `ZOHO_CLIENT_ID`, `ZOHO_CLIENT_SECRET` | the OAuth client |
 * | `ZOHO_TOKEN_ID` | stored-id flow |
 * | `ZOHO_REFRESH_TOKEN` | refresh-token flow |
 * | `ZOHO_GRANT_CODE`, `ZOHO_REDIRECT_URL` | grant-code flow |
 * | `ZOHO_SOID`, `ZOHO_SCOPES` | self-client client-credentials flow |
 * | `ZOHO_ACCESS_TOKEN` | a bare access token |
 * | `ZOHO_USER_NAME`, `ZOHO_USER_KEY`, `ZOHO_ORG_ID` | who the default user is, and its org |
 * | `ZOHO_TOKEN_FILE` | where a file token store keeps tokens |
 * | `ZOHO_TOKEN_TIMEOUT_MS` | bound on one accounts-server call (default 15000; see `ZohoOAuth.config`) |
 *
 * When several flows are configured, `credentials` takes the first of: `ZOHO_TOKEN_ID`,
 * `ZOHO_REFRESH_TOKEN`, `ZOHO_GRANT_CODE`, `ZOHO_SOID`, `ZOHO_ACCESS_TOKEN`. The long-lived
 * credentials win over the single-use and short-lived ones: a refresh token keeps working after a
 * grant code left in `.env` has been used, and a bare access token dies within the hour.
 * Empty values count as unset. A value that is set but wrong (a URL without an http(s) scheme, an
 * org id that is not numeric) is an error when the layer is built, never a request.
 *
 * @since 0.1.0
 */
import type * as FileSystem from "@effect/platform/FileSystem"
import * as PlatformConfigProvider from "@effect/platform/PlatformConfigProvider"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as ZohoCredentials from "./ZohoCredentials.js"
import { ZohoConfigError } from "./ZohoError.js"
import * as ZohoRegion from "./ZohoRegion.js"
import * as ZohoUser from "./ZohoUser.js"

/** An optional, trimmed, non-empty string variable. */
const optional = (name: string): Config.Config<Option.Option<string>> =>
  Config.string(name).pipe(
    Config.option,
    Config.map((o) => Option.filter(Option.map(o, (s) => s.trim()), (s) => s.length > 0))
  )

/** An optional secret: wrapped before anything else can see it. */
const optionalSecret = (name: string): Config.Config<Option.Option<Redacted.Redacted<string>>> =>
  Config.redacted(name).pipe(
    Config.option,
    Config.map(Option.filter((r) => Redacted.value(r).trim().length > 0)),
    Config.map(Option.map((r) => Redacted.make(Redacted.value(r).trim())))
  )

/**
 * `ZOHO_ENVIRONMENT`, if set.
 *
 * @category config
 * @since 0.1.0
 */
export const environment: Config.Config<Option.Option<ZohoRegion.Environment>> = optional("ZOHO_ENVIRONMENT").pipe(
  Config.mapOrFail((o) => {
    if (Option.isNone(o)) return Either.right(Option.none())
    const env = o.value.toLowerCase()
    return env === "production" || env === "sandbox" || env === "developer"
      ? Either.right(Option.some(env))
      : Either.left(
        ConfigError.InvalidData(
          ["ZOHO_ENVIRONMENT"],
          `Unknown Zoho environment "${o.value}"; expected one of: production, sandbox, developer`
        )
      )
  })
)

const unknownRegion = (input: string) =>
  ConfigError.InvalidData(
    ["ZOHO_REGION"],
    `Unknown Zoho region "${input}". Valid choices: ${ZohoRegion.choices.join(", ")}`
  )

/**
 * The region: `ZOHO_REGION` (default US) resolved like `ZohoRegion.resolve`, or
 * `ZOHO_ACCOUNTS_URL` with optional `ZOHO_API_URL` / `ZOHO_UPLOAD_URL` overrides. An accounts URL
 * that is not a Zoho host (a simulator, a proxy) keeps the data center from `ZOHO_REGION`, and
 * uploads then go to `ZOHO_API_URL` unless `ZOHO_UPLOAD_URL` says otherwise.
 *
 * @category config
 * @since 0.1.0
 */
export const region: Config.Config<ZohoRegion.ZohoRegion> = Config.all({
  region: optional("ZOHO_REGION"),
  accountsUrl: optional("ZOHO_ACCOUNTS_URL"),
  apiUrl: optional("ZOHO_API_URL"),
  uploadUrl: optional("ZOHO_UPLOAD_URL"),
  environment
}).pipe(
  Config.mapOrFail((c) => {
    const named = Option.map(c.region, (r) => ({ input: r, found: ZohoRegion.lookup(r) }))
    if (Option.isSome(named) && named.value.found === undefined) return Either.left(unknownRegion(named.value.input))
    const fromName = Option.isSome(named) ? named.value.found : undefined
    const fromAccounts = Option.isSome(c.accountsUrl) ? ZohoRegion.lookup(c.accountsUrl.value) : undefined
    const apiUrl = Option.getOrUndefined(c.apiUrl)
    const foreignApi = apiUrl !== undefined && ZohoRegion.lookup(apiUrl) === undefined
    const dc = fromAccounts?.dc ?? fromName?.dc ?? "US"
    const env = Option.getOrUndefined(c.environment) ?? fromName?.environment ?? "production"
    // A URL without a scheme or with another one (`accounts.zoho.eu`, `ftp://…`) fails here, not as
    // a transport error retried for minutes.
    return ZohoRegion.makeEither(dc, env, {
      accountsUrl: Option.getOrUndefined(c.accountsUrl),
      apiUrl,
      uploadUrl: Option.getOrUndefined(c.uploadUrl) ?? (foreignApi ? apiUrl : undefined)
    }).pipe(
      Either.mapLeft((error) => ConfigError.InvalidData(overrideVariable(error.input, c), error.message))
    )
  })
)

/** Which variable held the bad override, for the error's path. */
const overrideVariable = (
  input: string | undefined,
  c: {
    readonly accountsUrl: Option.Option<string>
    readonly apiUrl: Option.Option<string>
    readonly uploadUrl: Option.Option<string>
  }
): Array<string> => {
  if (Option.contains(c.accountsUrl, input ?? "")) return ["ZOHO_ACCOUNTS_URL"]
  if (Option.contains(c.apiUrl, input ?? "")) return ["ZOHO_API_URL"]
  if (Option.contains(c.uploadUrl, input ?? "")) return ["ZOHO_UPLOAD_URL"]
  return []
}

/** Every variable that can select a flow, for the "nothing set" message. */
const howToConfigure = "No Zoho credentials are configured. Set one of: ZOHO_TOKEN_ID (a token in the store); " +
  "ZOHO_REFRESH_TOKEN with ZOHO_CLIENT_ID and ZOHO_CLIENT_SECRET; " +
  "ZOHO_GRANT_CODE with ZOHO_CLIENT_ID and ZOHO_CLIENT_SECRET (and ZOHO_REDIRECT_URL for web apps); " +
  "ZOHO_SOID and ZOHO_SCOPES with ZOHO_CLIENT_ID and ZOHO_CLIENT_SECRET (self client); " +
  "or ZOHO_ACCESS_TOKEN"

/**
 * The default user's credentials, picked from the variables that are set (precedence in the
 * module docs). Nothing set is a `ConfigError` that names the variables to set; a flow with a
 * companion variable missing says which one.
 *
 * @category config
 * @since 0.1.0
 */
export const credentials: Config.Config<ZohoCredentials.ZohoCredentials> = Config.all({
  tokenId: optional("ZOHO_TOKEN_ID"),
  refreshToken: optionalSecret("ZOHO_REFRESH_TOKEN"),
  grantCode: optionalSecret("ZOHO_GRANT_CODE"),
  soid: optional("ZOHO_SOID"),
  scopes: optional("ZOHO_SCOPES"),
  accessToken: optionalSecret("ZOHO_ACCESS_TOKEN"),
  clientId: optional("ZOHO_CLIENT_ID"),
  clientSecret: optionalSecret("ZOHO_CLIENT_SECRET"),
  userName: optional("ZOHO_USER_NAME"),
  redirectUrl: optional("ZOHO_REDIRECT_URL"),
  apiUrl: optional("ZOHO_API_URL")
}).pipe(
  Config.mapOrFail((c): Either.Either<ZohoCredentials.ZohoCredentials, ConfigError.ConfigError> => {
    const client = (because: string) => {
      const missing = [
        ...(Option.isNone(c.clientId) ? ["ZOHO_CLIENT_ID"] : []),
        ...(Option.isNone(c.clientSecret) ? ["ZOHO_CLIENT_SECRET"] : [])
      ]
      return Option.isSome(c.clientId) && Option.isSome(c.clientSecret)
        ? Either.right({ clientId: c.clientId.value, clientSecret: c.clientSecret.value })
        : Either.left(
          ConfigError.MissingData(missing, `${because} is set, so ${missing.join(" and ")} must be set too`)
        )
    }
    const userName = Option.getOrUndefined(c.userName)
    if (Option.isSome(c.tokenId)) return Either.right(ZohoCredentials.StoredId({ id: c.tokenId.value }))
    if (Option.isSome(c.refreshToken)) {
      const refreshToken = c.refreshToken.value
      return Either.map(
        client("ZOHO_REFRESH_TOKEN"),
        (cl) => ZohoCredentials.RefreshToken({ ...cl, refreshToken, userName })
      )
    }
    if (Option.isSome(c.grantCode)) {
      const grantCode = c.grantCode.value
      return Either.map(
        client("ZOHO_GRANT_CODE"),
        (cl) =>
          ZohoCredentials.GrantCode({ ...cl, grantCode, userName, redirectUrl: Option.getOrUndefined(c.redirectUrl) })
      )
    }
    if (Option.isSome(c.soid)) {
      const soid = c.soid.value
      const scopes = Option.getOrElse(c.scopes, () => "").split(/[\s,]+/).filter((s) => s.length > 0)
      if (scopes.length === 0) {
        return Either.left(ConfigError.MissingData(["ZOHO_SCOPES"], "ZOHO_SOID is set, so ZOHO_SCOPES must be set too"))
      }
      return Either.map(client("ZOHO_SOID"), (cl) => ZohoCredentials.ClientCredentials({ ...cl, scopes, soid }))
    }
    if (Option.isSome(c.accessToken)) {
      return Either.right(
        ZohoCredentials.AccessToken({ accessToken: c.accessToken.value, apiDomain: Option.getOrUndefined(c.apiUrl) })
      )
    }
    return Either.left(ConfigError.MissingData([], howToConfigure))
  })
)

/**
 * `ZOHO_ORG_ID`: the finance products' organization id for the default user.
 *
 * @category config
 * @since 0.1.0
 */
export const organizationId: Config.Config<Option.Option<string>> = optional("ZOHO_ORG_ID").pipe(
  Config.mapOrFail((o) =>
    Option.match(o, {
      onNone: () => Either.right(Option.none()),
      onSome: (id) =>
        ZohoUser.validateOrganizationId(id, "ZOHO_ORG_ID").pipe(
          Either.map(Option.some),
          Either.mapLeft((error) => ConfigError.InvalidData(["ZOHO_ORG_ID"], error.message))
        )
    })
  )
)

/**
 * `ZOHO_TOKEN_FILE`: where a file token store keeps its tokens.
 *
 * @category config
 * @since 0.1.0
 */
export const tokenFile: Config.Config<Option.Option<string>> = optional("ZOHO_TOKEN_FILE")

/**
 * The default user: `credentials`, the org id from `ZOHO_ORG_ID` and an optional stable key from
 * `ZOHO_USER_KEY`. Its region is left to the client's default (`region`).
 *
 * @category config
 * @since 0.1.0
 */
export const user: Config.Config<ZohoUser.ZohoUser> = Config.all({
  credentials,
  organizationId,
  key: optional("ZOHO_USER_KEY")
}).pipe(
  Config.map((c) =>
    ZohoUser.make({
      credentials: c.credentials,
      key: Option.getOrUndefined(c.key),
      organizationId: Option.getOrUndefined(c.organizationId)
    })
  )
)

/**
 * Read a `.env` file if there is one and return a `ConfigProvider` that looks in the process
 * environment first and then in the file: a variable set in the environment always wins over the
 * file, and the environment is never modified. The file is read and parsed by `@effect/platform`'s
 * `PlatformConfigProvider.fromDotEnv` (dotenv's syntax: `KEY=VALUE`, `export KEY=…`, `#`
 * comments, single/double/back quotes, multi-line double-quoted values). A missing file is not an
 * error (the provider is then the environment alone); an unreadable one is a `ZohoConfigError`.
 *
 * @example
 * ```ts
 * import { ZohoConfig } from "@effect-zoho/core"
 * import { NodeFileSystem } from "@effect/platform-node"
 * import { Effect } from "effect"
 *
 * // The environment wins over the file, so a deployment can override a checked-in .env.
 * export const withDotEnv = <A, E, R>(program: Effect.Effect<A, E, R>) =>
 *   ZohoConfig.dotEnv().pipe(
 *     Effect.flatMap((provider) => Effect.withConfigProvider(program, provider)),
 *     Effect.provide(NodeFileSystem.layer)
 *   )
 * // or, as a layer: ZohoConfig.layerDotEnv() (needs a FileSystem, e.g. NodeContext.layer)
 * ```
 *
 * @category utils
 * @since 0.1.0
 */
export const dotEnv = (
  path: string = ".env"
): Effect.Effect<ConfigProvider.ConfigProvider, ZohoConfigError, FileSystem.FileSystem> =>
  PlatformConfigProvider.fromDotEnv(path).pipe(
    Effect.map(Option.some),
    Effect.catchIf(
      (e) => e._tag === "SystemError" && e.reason === "NotFound",
      () => Effect.succeedNone
    ),
    Effect.mapError((e) =>
      new ZohoConfigError({ reason: "InvalidInput", message: `Cannot read ${path}: ${e.message}`, input: path })
    ),
    Effect.map((file: Option.Option<ConfigProvider.ConfigProvider>) =>
      Option.match(file, {
        onNone: () => ConfigProvider.fromEnv(),
        onSome: (fromFile) => ConfigProvider.fromEnv().pipe(ConfigProvider.orElse(() => fromFile))
      })
    )
  )

/**
 * `dotEnv` as a layer that installs the provider.
 *
 * @category layers
 * @since 0.1.0
 */
export const layerDotEnv = (path: string = ".env"): Layer.Layer<never, ZohoConfigError, FileSystem.FileSystem> =>
  Layer.unwrapEffect(Effect.map(dotEnv(path), Layer.setConfigProvider))
