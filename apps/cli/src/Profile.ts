/**
 * The CLI's own settings, beside the tokens: which users are logged in, the default one, and what
 * the CLI learned at login that the token store does not keep (data center, accounts server,
 * scopes, org id, which store holds the token). Like `gh`'s `hosts.yml`, it holds no secret: the
 * client secret and the tokens live in the token store.
 *
 * The directory is `ZOHO_CONFIG_DIR`, else `$XDG_CONFIG_HOME/zoho`, else `~/.config/zoho`
 * (`%APPDATA%\zoho` on Windows); the file is `config.json` there, written atomically, owner-only.
 *
 * @since 0.1.0
 */
import * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as os from "node:os"
import * as CliError from "./CliError.js"

/** One logged-in user. @since 0.1.0 */
export class ProfileUser extends Schema.Class<ProfileUser>("@effect-zoho/cli/ProfileUser")({
  /** The id of the token record in the store. */
  tokenId: Schema.String,
  clientId: Schema.String,
  /** Data center code (`US`, `EU`, …) from the redirect's `location` / `accounts-server`. */
  dc: Schema.String,
  environment: Schema.Literal("production", "sandbox", "developer"),
  /** The accounts server that issued the token (`accounts-server` from the redirect). */
  accountsUrl: Schema.String,
  /** The `api_domain` of the token response. */
  apiDomain: Schema.optional(Schema.String),
  scopes: Schema.Array(Schema.String),
  organizationId: Schema.optional(Schema.String),
  /** `file`, `mysql` or `redis`: where the token went. */
  store: Schema.String,
  /** A user of the in-process simulator (`zoho auth login --sim`). */
  sim: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  /** `loopback` or `self-client`. */
  flow: Schema.String,
  loggedInAt: Schema.String
}) {}

/** @since 0.1.0 */
export class Profile extends Schema.Class<Profile>("@effect-zoho/cli/Profile")({
  version: Schema.Literal(1),
  defaultUser: Schema.optional(Schema.String),
  users: Schema.Record({ key: Schema.String, value: ProfileUser })
}) {}

const empty = new Profile({ version: 1, users: {} })

const ProfileJson = Schema.parseJson(Profile)

/**
 * The configuration directory.
 *
 * @since 0.1.0
 */
export const directory: Effect.Effect<string, never, Path.Path> = Effect.map(Path.Path, (path) => {
  const explicit = process.env.ZOHO_CONFIG_DIR
  if (explicit !== undefined && explicit.trim() !== "") return path.resolve(explicit)
  if (process.platform === "win32" && process.env.APPDATA !== undefined) return path.join(process.env.APPDATA, "zoho")
  const xdg = process.env.XDG_CONFIG_HOME
  return path.join(xdg !== undefined && xdg.trim() !== "" ? xdg : path.join(os.homedir(), ".config"), "zoho")
})

/** `config.json` in {@link directory}. @since 0.1.0 */
export const file: Effect.Effect<string, never, Path.Path> = Effect.flatMap(
  directory,
  (dir) => Effect.map(Path.Path, (path) => path.join(dir, "config.json"))
)

/**
 * The profile; none yet is an empty one. A file that does not parse is an error that names it
 * (never silently replaced: it may list users whose tokens are still in a store).
 *
 * @since 0.1.0
 */
export const load: Effect.Effect<Profile, CliError.CliFailure, FileSystem.FileSystem | Path.Path> = Effect.gen(
  function*() {
    const fs = yield* FileSystem.FileSystem
    const location = yield* file
    const exists = yield* fs.exists(location).pipe(Effect.orElseSucceed(() => false))
    if (!exists) return empty
    const text = yield* fs.readFileString(location).pipe(
      Effect.mapError((e) => new CliError.CliFailure({ message: `Cannot read ${location}: ${e.message}` }))
    )
    return yield* Schema.decodeUnknown(ProfileJson)(text).pipe(
      Effect.mapError(() =>
        new CliError.CliFailure({
          message: `${location} is not a zoho CLI config file; fix or remove it, then run zoho auth login`
        })
      )
    )
  }
)

/**
 * Write the profile: a temp file with mode 0600 in the same directory, renamed over the old one.
 *
 * @since 0.1.0
 */
export const save = (profile: Profile): Effect.Effect<void, CliError.CliFailure, FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const location = yield* file
    const text = yield* Schema.encode(ProfileJson)(profile).pipe(Effect.orDie)
    const pretty = JSON.stringify(JSON.parse(text), null, 2) + "\n"
    const temp = `${location}.${process.pid}.tmp`
    yield* fs.makeDirectory(path.dirname(location), { recursive: true, mode: 0o700 })
    yield* fs.writeFileString(temp, pretty, { mode: 0o600 })
    yield* fs.chmod(temp, 0o600)
    yield* fs.rename(temp, location)
  }).pipe(
    Effect.mapError((e) => new CliError.CliFailure({ message: `Cannot write the zoho CLI config: ${e.message}` }))
  )

/** Read, change and write the profile. @since 0.1.0 */
export const update = (
  f: (profile: Profile) => Profile
): Effect.Effect<Profile, CliError.CliFailure, FileSystem.FileSystem | Path.Path> =>
  Effect.flatMap(load, (profile) => {
    const next = f(profile)
    return Effect.as(save(next), next)
  })

/** A profile with `name` set (or replaced) and, when it is the first user or `makeDefault`, the default. @since 0.1.0 */
export const withUser = (profile: Profile, name: string, user: ProfileUser, makeDefault: boolean): Profile =>
  new Profile({
    version: 1,
    defaultUser: makeDefault || profile.defaultUser === undefined || profile.users[profile.defaultUser] === undefined
      ? name
      : profile.defaultUser,
    users: { ...profile.users, [name]: user }
  })

/** A profile without `name`; the default moves to another user if it was this one. @since 0.1.0 */
export const withoutUser = (profile: Profile, name: string): Profile => {
  const { [name]: _removed, ...users } = profile.users
  const defaultUser = profile.defaultUser === name ? Object.keys(users)[0] : profile.defaultUser
  return new Profile({ version: 1, users, ...(defaultUser === undefined ? {} : { defaultUser }) })
}
