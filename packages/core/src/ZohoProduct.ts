/**
 * A Zoho product as a value: everything core needs to call it, so nothing in core switches on a
 * product's name. Core ships descriptors for the products it knows (`ZohoProducts`); a package or
 * a user brings its own with {@link make} (see docs/adding-a-product.md).
 *
 * - where it lives: a base path below the API origin of the region (or the token's `api_domain`),
 *   optionally the legacy per-product hosts per data center;
 * - the organization id rule: none, a query parameter or a header;
 * - the envelope family (`crmStyle`: `data`/`info` and string codes; `finance`: numeric `code`,
 *   `message`, `page_context`) and the product's error-code table;
 * - the OAuth scope prefix and the default throttle policy (with named plans);
 * - the paths that need no organization id (organization discovery).
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as ThrottlePolicy from "./ThrottlePolicy.js"
import { ZohoConfigError } from "./ZohoError.js"
import type { DataCenter } from "./ZohoRegion.js"

export type {
  /**
   * The ids of the products core ships (`ZohoProducts.KnownProductId`). Requests, errors and keys
   * take any string id; this stays for code that only speaks those six.
   *
   * @since 0.1.0
   */
  KnownProductId as ProductId
} from "./ZohoProducts.js"

/**
 * Where a product expects the organization id: nowhere (the token is bound to one org), as a
 * query parameter, or in a header.
 *
 * @category models
 * @since 0.1.0
 */
export type OrgIdRule =
  | { readonly _tag: "None" }
  | { readonly _tag: "Query"; readonly name: string }
  | { readonly _tag: "Header"; readonly name: string }

/**
 * @category utils
 * @since 0.1.0
 */
export const orgIdNone: OrgIdRule = { _tag: "None" }
/**
 * @category utils
 * @since 0.1.0
 */
export const orgIdQuery = (name: string): OrgIdRule => ({ _tag: "Query", name })
/**
 * @category utils
 * @since 0.1.0
 */
export const orgIdHeader = (name: string): OrgIdRule => ({ _tag: "Header", name })

/**
 * The envelope a product's bodies come in:
 * - `crmStyle`: success bodies as the endpoint's Schema says, errors `{code, details, message,
 *   status: "error"}` with string codes (CRM and the products built like it);
 * - `finance`: every body has a numeric `code` (0 = success, even on HTTP 200) and a `message`.
 *
 * @category models
 * @since 0.1.0
 */
export type EnvelopeFamily = "crmStyle" | "finance"

/**
 * What a Zoho error code means to the client:
 * - `InvalidToken`: the access token is expired or invalid: drop it, mint one, replay once;
 * - `NotAuthorized`: the token is fine but lacks a scope or a permission: never mint a token for it;
 * - `RateLimited` / `DailyLimit` / `ConcurrencyLimit`: per-window, daily and in-flight limits;
 * - `NotFound`, `Invalid`, `Internal`, `Other`: reported as `ZohoApiError`.
 *
 * @category models
 * @since 0.1.0
 */
export type ErrorKind =
  | "InvalidToken"
  | "NotAuthorized"
  | "RateLimited"
  | "DailyLimit"
  | "ConcurrencyLimit"
  | "NotFound"
  | "Invalid"
  | "Internal"
  | "Other"

/**
 * One entry of a product's error-code table.
 *
 * @category models
 * @since 0.1.0
 */
export interface ErrorCode {
  readonly code: string | number
  /** A short name, e.g. `NOT_AUTHORIZED`. */
  readonly name: string
  /** What Zoho means by it. */
  readonly meaning: string
  readonly kind: ErrorKind
}

/**
 * The legacy per-product hosts (`books.zoho.com/api/v3`, …), still used by older clients: the
 * origin per data center and the base path below it.
 *
 * @category models
 * @since 0.1.0
 */
export interface LegacyHosts {
  readonly origins: Readonly<Partial<Record<DataCenter, string>>>
  readonly basePath: string
}

/**
 * @category models
 * @since 0.1.0
 */
export interface ZohoProduct {
  /** A short lower-case id, used in operation names, spans, errors, logs and throttle keys. */
  readonly id: string
  /** The display name, e.g. `Zoho Books`. */
  readonly name: string
  /** Path below the API origin (the region's, or the token's `api_domain`), e.g. `/books/v3`. */
  readonly basePath: string
  /** The API version the base path speaks, e.g. `v3`. */
  readonly version: string
  /** The per-product hosts: legacy for the finance products, the only ones for some (Desk). */
  readonly legacyHosts?: LegacyHosts | undefined
  /** Always call `legacyHosts` (a product that is not served under `www.zohoapis.{tld}`). */
  readonly useLegacyHosts: boolean
  readonly orgId: OrgIdRule
  /** Path prefixes (below the base path) that need no organization id, e.g. `/organizations`. */
  readonly orgFreePaths: ReadonlyArray<string>
  readonly envelope: EnvelopeFamily
  readonly errorCodes: ReadonlyArray<ErrorCode>
  /**
   * What an HTTP 401 means when its code is missing or not in `errorCodes`: `InvalidToken` (drop
   * the token and replay once: the finance family, whose 401 codes are poorly documented) or
   * `Other` (a `ZohoApiError`, no replay: CRM, whose token codes are known).
   */
  readonly unknown401: "InvalidToken" | "Other"
  /** The OAuth scope prefix, e.g. `ZohoBooks.`. */
  readonly scopePrefix: string
  /** The default throttle policy (the safest plan's limits). */
  readonly throttle: ThrottlePolicy.ThrottlePolicy
  /** Named plans (`Free`, `Standard`, …) and how they change the default policy. */
  readonly plans: Readonly<Record<string, Partial<ThrottlePolicy.ThrottlePolicy>>>
}

/**
 * What {@link make} takes: everything but `id`, `name`, `basePath` and `orgId` has a default.
 *
 * @category models
 * @since 0.1.0
 */
export interface Input {
  readonly id: string
  readonly name: string
  readonly basePath: string
  readonly version?: string | undefined
  readonly legacyHosts?: LegacyHosts | undefined
  /** Default false; true needs `legacyHosts`. */
  readonly useLegacyHosts?: boolean | undefined
  readonly orgId: OrgIdRule
  readonly orgFreePaths?: ReadonlyArray<string> | undefined
  /** Default `finance` when the org id goes somewhere, `crmStyle` otherwise. */
  readonly envelope?: EnvelopeFamily | undefined
  readonly errorCodes?: ReadonlyArray<ErrorCode> | undefined
  /** Default `InvalidToken`. */
  readonly unknown401?: "InvalidToken" | "Other" | undefined
  readonly scopePrefix: string
  readonly throttle?: Partial<ThrottlePolicy.ThrottlePolicy> | undefined
  readonly plans?: Readonly<Record<string, Partial<ThrottlePolicy.ThrottlePolicy>>> | undefined
}

const invalid = (input: Input, message: string, value?: string) =>
  new ZohoConfigError({
    reason: "InvalidProduct",
    message: `Invalid Zoho product descriptor "${String(input.id)}": ${message}`,
    ...(value === undefined ? {} : { input: JSON.stringify(value).slice(0, 120) })
  })

const idPattern = /^[a-z][a-z0-9-]{0,39}$/
/** `/seg/seg`: no trailing slash, no dot segments, nothing a URL would read as query or fragment. */
const basePathPattern = /^(\/[A-Za-z0-9_\-~]+(\.[A-Za-z0-9_\-~]+)*)+$/
/** An HTTP token (RFC 9110), which is what a header or query name may be. */
const namePattern = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,80}$/

const checkBasePath = (input: Input, path: unknown, what: string): ZohoConfigError | undefined =>
  typeof path === "string" && basePathPattern.test(path)
    ? undefined
    : invalid(
      input,
      `${what} must look like "/books/v3": a leading slash, segments of letters, digits, "-", "_", "~", ` +
        `no trailing slash, no ".." and no query`,
      String(path)
    )

const checkOrgIdRule = (input: Input): ZohoConfigError | undefined => {
  const rule: unknown = input.orgId
  const tag = typeof rule === "object" && rule !== null && "_tag" in rule ? rule._tag : undefined
  if (tag === "None") return undefined
  if (tag === "Query" || tag === "Header") {
    const name = (rule as { readonly name?: unknown }).name
    return typeof name === "string" && namePattern.test(name)
      ? undefined
      : invalid(input, `the organization id ${String(tag).toLowerCase()} name must be an HTTP token`, String(name))
  }
  return invalid(input, `unknown organization id rule (expected None, Query or Header)`, String(tag))
}

const checkOrigin = (input: Input, origin: string): ZohoConfigError | undefined => {
  try {
    const url = new URL(origin)
    if (url.protocol === "https:" && url.origin === origin) return undefined
  } catch {
    // reported below
  }
  return invalid(input, `a legacy host must be an https origin without a path`, origin)
}

/**
 * Check a descriptor and fill its defaults. An invalid id, base path (no leading slash, a
 * trailing slash, `..`, a query), an unknown org-id rule or a bad header/query name, an unknown
 * envelope family or a legacy host that is not an https origin is a `ZohoConfigError` (reason
 * `InvalidProduct`): it fails before any request is sent.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (input: Input): Either.Either<ZohoProduct, ZohoConfigError> => {
  if (typeof input.id !== "string" || !idPattern.test(input.id)) {
    return Either.left(invalid(input, `the id must be lower-case letters, digits and "-"`, String(input.id)))
  }
  if (typeof input.name !== "string" || input.name.trim() === "") {
    return Either.left(invalid(input, "the display name is empty"))
  }
  const problems = [
    checkBasePath(input, input.basePath, "the base path"),
    checkOrgIdRule(input),
    ...(input.legacyHosts === undefined ? [] : [
      checkBasePath(input, input.legacyHosts.basePath, "the legacy base path"),
      ...Object.values(input.legacyHosts.origins).map((origin) =>
        origin === undefined ? undefined : checkOrigin(input, origin)
      )
    ]),
    ...(input.orgFreePaths ?? []).map((p) => checkBasePath(input, p, "an org-free path"))
  ]
  const problem = problems.find((p) => p !== undefined)
  if (problem !== undefined) return Either.left(problem)
  if (input.useLegacyHosts === true && input.legacyHosts === undefined) {
    return Either.left(invalid(input, "useLegacyHosts needs legacyHosts (the origins per data center)"))
  }
  const envelope = input.envelope ?? (input.orgId._tag === "None" ? "crmStyle" : "finance")
  if (envelope !== "crmStyle" && envelope !== "finance") {
    return Either.left(invalid(input, `unknown envelope family (expected crmStyle or finance)`, String(envelope)))
  }
  return Either.right({
    id: input.id,
    name: input.name,
    basePath: input.basePath,
    version: input.version ?? input.basePath.split("/").pop() ?? "",
    legacyHosts: input.legacyHosts,
    useLegacyHosts: input.useLegacyHosts === true,
    orgId: input.orgId,
    orgFreePaths: input.orgFreePaths ?? [],
    envelope,
    errorCodes: input.errorCodes ?? [],
    unknown401: input.unknown401 === "Other" ? "Other" : "InvalidToken",
    scopePrefix: input.scopePrefix,
    throttle: ThrottlePolicy.make(input.throttle),
    plans: input.plans ?? {}
  })
}

/**
 * {@link make} for descriptors written in code (module constants): throws the `ZohoConfigError`
 * when the descriptor is invalid, so a typo fails at load time.
 *
 * @category constructors
 * @since 0.1.0
 */
export const unsafeMake = (input: Input): ZohoProduct => Either.getOrThrowWith(make(input), (error) => error)

/**
 * The table entry for a code Zoho sent, if the product knows it.
 *
 * @category utils
 * @since 0.1.0
 */
export const errorCode = (product: ZohoProduct, code: unknown): ErrorCode | undefined =>
  code === undefined || code === null ? undefined : product.errorCodes.find((entry) => entry.code === code)

/**
 * What a code means to the client (`Other` when the table does not know it).
 *
 * @category utils
 * @since 0.1.0
 */
export const errorKind = (product: ZohoProduct, code: unknown): ErrorKind => errorCode(product, code)?.kind ?? "Other"

/**
 * Whether a path (below the base path) is one of the product's org-free paths.
 *
 * @category utils
 * @since 0.1.0
 */
export const needsNoOrgId = (product: ZohoProduct, path: string): boolean =>
  product.orgFreePaths.some((prefix) =>
    path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`)
  )

/**
 * The throttle policy for a plan (`Free`, `Standard`, …): the default with the plan's changes.
 * An unknown plan is a `ZohoConfigError` listing the known ones.
 *
 * @category utils
 * @since 0.1.0
 */
export const planPolicy = (
  product: ZohoProduct,
  plan: string
): Either.Either<ThrottlePolicy.ThrottlePolicy, ZohoConfigError> => {
  const found = Object.entries(product.plans).find(([name]) => name.toLowerCase() === plan.trim().toLowerCase())
  return found === undefined
    ? Either.left(
      new ZohoConfigError({
        reason: "InvalidInput",
        message: `${product.name} has no plan "${plan}"`,
        input: plan,
        choices: Object.keys(product.plans)
      })
    )
    : Either.right(ThrottlePolicy.make({ ...product.throttle, ...found[1] }))
}

/**
 * The origin and base path for a call: the API origin (the region's, or the token's
 * `api_domain`) with `basePath`, or, with `legacy` (or the product's `useLegacyHosts`), the
 * product's own host of the data center (the API origin when the product has none there).
 *
 * @category constants
 * @since 0.1.0
 */
export const baseUrl = (
  product: ZohoProduct,
  apiOrigin: string,
  options?: { readonly legacy?: boolean | undefined; readonly dc?: DataCenter | undefined }
): string => {
  const legacy = (options?.legacy === true || product.useLegacyHosts) && options?.dc !== undefined
    ? product.legacyHosts?.origins[options.dc]
    : undefined
  return legacy === undefined ? `${apiOrigin}${product.basePath}` : `${legacy}${product.legacyHosts!.basePath}`
}
