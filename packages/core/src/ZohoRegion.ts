/**
 * Zoho data centers × environments → hosts.
 *
 * Resolve a region from a code (`"eu"`), a friendly name (`"Europe"`), a TLD (`".com.au"`), an
 * accounts URL (`https://accounts.zohocloud.ca`) or an `api_domain`
 * (`https://www.zohoapis.in`). Any host can be overridden (simulator, proxies, new DCs).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { identity } from "effect/Function"
import * as Schema from "effect/Schema"
import { ZohoConfigError } from "./ZohoError.js"

/**
 * @category resolution
 * @since 0.1.0
 */
export const DataCenter = Schema.Literal("US", "EU", "IN", "AU", "CN", "JP", "CA", "SA", "UK")
/**
 * @category models
 * @since 0.1.0
 */
export type DataCenter = typeof DataCenter.Type

/**
 * @category resolution
 * @since 0.1.0
 */
export const Environment = Schema.Literal("production", "sandbox", "developer")
/**
 * @category models
 * @since 0.1.0
 */
export type Environment = typeof Environment.Type

/**
 * Static facts about one data center.
 *
 * @category models
 * @since 0.1.0
 */
export interface DataCenterInfo {
  readonly dc: DataCenter
  readonly name: string
  /** Other names users type for it. */
  readonly aliases: ReadonlyArray<string>
  /** The domain suffix shared by its hosts, e.g. `com.au`. */
  readonly tld: string
  readonly accountsHost: string
  readonly apiHost: string
  readonly uploadHost: string
  /** False where the host names are our best guess rather than confirmed by Zoho. */
  readonly confirmed: boolean
}

/**
 * The data centers. CA and SA differ from the `zoho.{tld}` pattern for accounts and upload hosts.
 * UK's API hosts follow the pattern but are not confirmed by Zoho's SDKs (facts §1.1).
 *
 * @category constants
 * @since 0.1.0
 */
export const dataCenters: Readonly<Record<DataCenter, DataCenterInfo>> = {
  US: info("US", "United States", ["usa", "us", "america", "com"], "com", "accounts.zoho.com", "content.zohoapis.com"),
  EU: info("EU", "Europe", ["europe", "eu"], "eu", "accounts.zoho.eu", "content.zohoapis.eu"),
  IN: info("IN", "India", ["india", "in"], "in", "accounts.zoho.in", "content.zohoapis.in"),
  AU: info("AU", "Australia", ["australia", "au"], "com.au", "accounts.zoho.com.au", "content.zohoapis.com.au"),
  CN: info("CN", "China", ["china", "cn"], "com.cn", "accounts.zoho.com.cn", "content.zohoapis.com.cn"),
  JP: info("JP", "Japan", ["japan", "jp"], "jp", "accounts.zoho.jp", "content.zohoapis.jp"),
  CA: info("CA", "Canada", ["canada", "ca"], "ca", "accounts.zohocloud.ca", "upload.zohocloud.ca"),
  SA: info("SA", "Saudi Arabia", ["saudi arabia", "saudi", "ksa", "sa"], "sa", "accounts.zoho.sa", "files.zoho.sa"),
  UK: {
    ...info(
      "UK",
      "United Kingdom",
      ["united kingdom", "uk", "gb", "great britain", "britain"],
      "uk",
      "accounts.zoho.uk",
      "content.zohoapis.uk"
    ),
    confirmed: false
  }
}

function info(
  dc: DataCenter,
  name: string,
  aliases: ReadonlyArray<string>,
  tld: string,
  accountsHost: string,
  uploadHost: string
): DataCenterInfo {
  return { dc, name, aliases, tld, accountsHost, apiHost: `www.zohoapis.${tld}`, uploadHost, confirmed: true }
}

/**
 * A resolved region: where to get tokens, where to call APIs, where to upload files.
 * URLs are origins without a trailing slash (`https://www.zohoapis.eu`).
 *
 * @category models
 * @since 0.1.0
 */
export interface ZohoRegion {
  readonly dc: DataCenter
  readonly environment: Environment
  readonly accountsUrl: string
  readonly apiUrl: string
  readonly uploadUrl: string
}

/**
 * Host overrides: for the simulator, a proxy, or a data center Zoho opened after this release.
 *
 * @category models
 * @since 0.1.0
 */
export interface RegionOverrides {
  readonly accountsUrl?: string | undefined
  readonly apiUrl?: string | undefined
  readonly uploadUrl?: string | undefined
}

const unknownRegion = (input: string) =>
  new ZohoConfigError({
    reason: "UnknownRegion",
    message:
      `Unknown Zoho region "${input}". Use a code (us, eu, in, au, cn, jp, ca, sa, uk), a name, a TLD or an accounts URL.`,
    input,
    choices
  })

/**
 * Check a host override: an absolute `http:` or `https:` origin (plain http is for a simulator or
 * a local proxy), with no credentials, query or fragment. Anything else is a `ZohoConfigError`
 * now rather than a request that can never succeed later.
 */
const checkOverride = (name: string, url: string | undefined): Either.Either<string | undefined, ZohoConfigError> => {
  if (url === undefined) return Either.right(undefined)
  const invalid = (why: string) =>
    Either.left(
      new ZohoConfigError({
        reason: "InvalidInput",
        message: `The ${name} override "${url}" ${why}: give an absolute URL such as https://accounts.zoho.eu or ` +
          `http://127.0.0.1:4010 (a simulator)`,
        input: url
      })
    )
  let parsed: URL
  try {
    parsed = new URL(url.trim())
  } catch {
    return invalid("is not a URL")
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return invalid(`has the scheme ${parsed.protocol}`)
  // `new URL("accounts.zoho.eu:443")` parses with the scheme `accounts.zoho.eu:`, caught above.
  if (parsed.hostname.length === 0) return invalid("has no host")
  if (parsed.username !== "" || parsed.password !== "") return invalid("carries credentials")
  if (parsed.search !== "" || parsed.hash !== "") return invalid("has a query or a fragment")
  return Either.right(trimOrigin(parsed.toString()))
}

/**
 * `make` without throwing: an unknown data center or environment, or a host override that is not
 * an absolute http(s) URL, is a `ZohoConfigError`.
 *
 * @category resolution
 * @since 0.1.0
 */
export const makeEither = (
  dc: DataCenter,
  environment: Environment = "production",
  overrides: RegionOverrides = {}
): Either.Either<ZohoRegion, ZohoConfigError> => {
  // Typed callers cannot get here with a bad value; JavaScript callers and casts can.
  if (!Object.hasOwn(dataCenters, dc)) return Either.left(unknownRegion(String(dc)))
  if (environment !== "production" && environment !== "sandbox" && environment !== "developer") {
    return Either.left(
      new ZohoConfigError({
        reason: "InvalidInput",
        message: `Unknown Zoho environment "${String(environment)}"; expected production, sandbox or developer`,
        input: String(environment),
        choices: ["production", "sandbox", "developer"]
      })
    )
  }
  return Either.all({
    accountsUrl: checkOverride("accountsUrl", overrides.accountsUrl),
    apiUrl: checkOverride("apiUrl", overrides.apiUrl),
    uploadUrl: checkOverride("uploadUrl", overrides.uploadUrl)
  }).pipe(Either.map((checked) => {
    const d = dataCenters[dc]
    const apiHost = environment === "production" ? d.apiHost : `${environment}.zohoapis.${d.tld}`
    return {
      dc,
      environment,
      accountsUrl: checked.accountsUrl ?? `https://${d.accountsHost}`,
      apiUrl: checked.apiUrl ?? `https://${apiHost}`,
      uploadUrl: checked.uploadUrl ?? `https://${d.uploadHost}`
    }
  }))
}

/**
 * Build the region for a data center and environment. Sandbox and developer orgs use
 * `sandbox.zohoapis.{tld}` / `developer.zohoapis.{tld}` with the same accounts server.
 *
 * Throws the typed `ZohoConfigError` (never a bare `TypeError`) for an unknown data center or
 * environment or a bad override, which only an untyped (JavaScript) caller can pass: region
 * constants are built at module load, where an Effect would be in the way. Use `makeEither` or
 * `resolve` for input that is not known to be valid.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (
  dc: DataCenter,
  environment: Environment = "production",
  overrides: RegionOverrides = {}
): ZohoRegion => Either.getOrThrowWith(makeEither(dc, environment, overrides), identity)

const trimOrigin = (url: string) => url.replace(/\/+$/, "")

/**
 * Every accepted spelling, for error messages.
 *
 * @category resolution
 * @since 0.1.0
 */
export const choices: ReadonlyArray<string> = Object.values(dataCenters).flatMap((d) => [
  d.dc.toLowerCase(),
  d.name,
  `.${d.tld}`,
  `https://${d.accountsHost}`
])

/**
 * Find the data center (and, from an API host, the environment) an input names, or `undefined`.
 *
 * @category resolution
 * @since 0.1.0
 */
export const lookup = (input: string): { readonly dc: DataCenter; readonly environment?: Environment } | undefined => {
  const raw = input.trim().toLowerCase()
  if (raw.length === 0) return undefined
  for (const d of Object.values(dataCenters)) {
    if (raw === d.dc.toLowerCase() || raw === d.name.toLowerCase() || d.aliases.includes(raw)) return { dc: d.dc }
    if (raw === `.${d.tld}` || raw === `zoho.${d.tld}`) return { dc: d.dc }
  }
  const host = hostOf(raw)
  if (host === undefined) return undefined
  for (const d of Object.values(dataCenters)) {
    if (host === d.accountsHost || host === d.apiHost || host === d.uploadHost) {
      return { dc: d.dc, environment: "production" }
    }
    if (host === `sandbox.zohoapis.${d.tld}`) return { dc: d.dc, environment: "sandbox" }
    if (host === `developer.zohoapis.${d.tld}`) return { dc: d.dc, environment: "developer" }
  }
  // Other product hosts (books.zoho.eu, zohoapis.com without www, …): match on the suffix,
  // longest TLD first so `.com.au` wins over `.au`-less `.com`.
  const byTld = Object.values(dataCenters).sort((a, b) => b.tld.length - a.tld.length)
  for (const d of byTld) {
    if ((host.endsWith(`.zoho.${d.tld}`) || host.endsWith(`zohoapis.${d.tld}`)) && !host.endsWith(`.${d.tld}.cn`)) {
      return { dc: d.dc }
    }
  }
  if (host.endsWith("zohocloud.ca")) return { dc: "CA" }
  return undefined
}

const hostOf = (raw: string): string | undefined => {
  try {
    const url = new URL(raw.includes("://") ? raw : `https://${raw}`)
    return url.hostname.length > 0 && url.hostname.includes(".") ? url.hostname : undefined
  } catch {
    return undefined
  }
}

/**
 * Resolve a region from anything a user may type. An unknown input is a `ZohoConfigError` with
 * reason `UnknownRegion` that lists the valid choices. A URL input whose host is not a Zoho host
 * fails too: use `make(dc, env, { accountsUrl })` to point at a simulator or proxy.
 *
 * @category resolution
 * @since 0.1.0
 */
export const resolve = (
  input: string,
  options: { readonly environment?: Environment | undefined; readonly overrides?: RegionOverrides | undefined } = {}
): Effect.Effect<ZohoRegion, ZohoConfigError> => {
  const found = lookup(input)
  if (found === undefined) return Effect.fail(unknownRegion(input))
  return makeEither(found.dc, options.environment ?? found.environment ?? "production", options.overrides)
}

/**
 * The region after a token response: Zoho's `api_domain` wins over the guess for API calls.
 *
 * @category resolution
 * @since 0.1.0
 */
export const withApiDomain = (region: ZohoRegion, apiDomain: string | undefined): ZohoRegion =>
  apiDomain === undefined || apiDomain.length === 0 ? region : { ...region, apiUrl: trimOrigin(apiDomain) }

/** The hosts of a data center's Zoho APIs: `*.zohoapis.{tld}` plus its file hosts (facts §1.1). */
const isZohoApiHost = (dc: DataCenter, host: string): boolean => {
  const d = dataCenters[dc]
  return host.endsWith(`.zohoapis.${d.tld}`) || host === d.uploadHost
}

/** The origin (`scheme://host[:port]`) of a URL, or `undefined`. */
const originOf = (url: string): string | undefined => {
  try {
    return new URL(url).origin
  } catch {
    return undefined
  }
}

/**
 * Check an `api_domain` from a token response before any bearer token goes to it: it must be an
 * `https:` origin on a Zoho API host of any data center (`*.zohoapis.{tld}`, the upload hosts), or
 * exactly one of the region's own origins (which the user configured: a simulator, a
 * proxy). Anything else, including plain http to a Zoho host, is a `ZohoConfigError` with reason
 * `UntrustedHost` and the host as `input`. Returns the origin to use.
 *
 * @category resolution
 * @since 0.1.0
 */
export const trustApiDomain = (region: ZohoRegion, apiDomain: string): Either.Either<string, ZohoConfigError> => {
  const untrusted = (host: string, why: string) =>
    Either.left(
      new ZohoConfigError({
        reason: "UntrustedHost",
        message: `The token response names api_domain "${host}", ${why}; no request was sent to it and the ` +
          `token was not stored. If this host is yours (a proxy, a simulator), set it as the region's apiUrl ` +
          `(ZOHO_API_URL)`,
        input: host
      })
    )
  let parsed: URL
  try {
    parsed = new URL(apiDomain.trim())
  } catch {
    return untrusted(apiDomain.slice(0, 100), "which is not a URL")
  }
  const origin = parsed.origin
  const configured = [region.apiUrl, region.uploadUrl, region.accountsUrl].map(originOf)
  const bare = parsed.username === "" && parsed.password === "" && parsed.search === "" && parsed.hash === "" &&
    (parsed.pathname === "/" || parsed.pathname === "")
  if (!bare) return untrusted(parsed.host, "which is not a bare origin")
  if (configured.includes(origin)) return Either.right(origin)
  if (parsed.protocol !== "https:") return untrusted(parsed.host, "which is not https")
  if (parsed.port !== "") return untrusted(parsed.host, "which names a port no Zoho API host uses")
  // Another data center's API host is still Zoho's own, over https: the token's api_domain wins over
  // the configured region (DESIGN: "api_domain from the token response wins over the guess").
  const zoho = Object.values(dataCenters).some((d) => isZohoApiHost(d.dc, parsed.hostname))
  if (!zoho) return untrusted(parsed.host, `which is not a Zoho API host (*.zohoapis.<tld> of a data center)`)
  return Either.right(origin)
}
