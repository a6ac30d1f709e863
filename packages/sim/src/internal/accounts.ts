/**
 * Zoho's accounts server: grant codes, refresh and access tokens, the client-credentials grant,
 * revocation and the (auto-consenting) authorize endpoint. Plain state owned by one simulator
 * instance; every function takes `now` (epoch ms from Effect's Clock) so TestClock drives expiry.
 */
import type { SimRequest, SimResponse } from "../SimHttp.js"
import * as SimHttp from "../SimHttp.js"
import type { SimSeed } from "../SimSeed.js"
import * as Body from "./body.js"
import type { IdSource } from "./ids.js"
import type { Caller, SeedOrg, SeedUser } from "./ProductSim.js"
import * as Scopes from "./scopes.js"

export type GrantType = "authorization_code" | "refresh_token" | "client_credentials"

export interface AccountsOptions {
  /** HTTP status of the mint-throttle answer (Zoho's is unconfirmed). */
  readonly mintThrottleStatus: number
  /** Active access tokens kept per refresh token; the oldest is silently invalidated. */
  readonly activeTokenLimit: number
}

interface GrantRecord {
  readonly code: string
  readonly clientId: string
  readonly userId: string
  readonly scopes: ReadonlyArray<string>
  readonly redirectUri: string | undefined
  readonly offline: boolean
  readonly expiresAt: number
  used: boolean
}

interface RefreshRecord {
  readonly token: string
  readonly clientId: string
  readonly userId: string
  readonly scopes: ReadonlyArray<string>
  revoked: boolean
  /** When each access token was minted from this refresh token (for the mint cap). */
  mints: Array<number>
  accessTokens: Array<string>
}

interface AccessRecord {
  readonly token: string
  readonly clientId: string
  readonly userId: string
  readonly orgId: string
  readonly scopes: ReadonlyArray<string>
  readonly refreshToken: string | undefined
  expiresAt: number
  revoked: boolean
}

/** What one token-endpoint call did, for the simulator's counters. */
export interface TokenEvent {
  readonly grantType: GrantType | undefined
  readonly issued: number
  readonly revoked: boolean
}

export interface AccountsResult {
  readonly response: SimResponse
  readonly event: TokenEvent
}

export interface NewGrant {
  readonly clientId: string
  readonly userId: string
  readonly scopes: ReadonlyArray<string>
  readonly redirectUri?: string | undefined
  readonly offline?: boolean | undefined
}

export interface Accounts {
  /**
   * Answer an accounts-server path, or `undefined` when the path is not one. `body` is the
   * request read by `Body.read` (query string, url-encoded or multipart form).
   */
  readonly handle: (request: SimRequest, body: Body.Body, now: number) => AccountsResult | undefined
  /** The principal behind a live access token, or `undefined`. */
  readonly authenticate: (token: string, now: number) => Caller | undefined
  readonly revoke: (token: string) => boolean
  readonly expireAccessTokens: (now: number) => void
  readonly createGrant: (grant: NewGrant, now: number) => string
}

const MINT_THROTTLED = {
  error: "Access Denied",
  error_description: "You have made too many requests continuously. Please try again after some time.",
  status: "failure"
}

const oauthError = (error: string, extra: Record<string, string> = {}): SimResponse =>
  SimHttp.json(200, { error, ...extra })

/** Zoho's `location` code for its accounts servers (facts §1.2: the redirect names the data center). */
const locations: Readonly<Record<string, string>> = {
  "accounts.zoho.com": "us",
  "accounts.zoho.eu": "eu",
  "accounts.zoho.in": "in",
  "accounts.zoho.com.au": "au",
  "accounts.zoho.com.cn": "cn",
  "accounts.zoho.jp": "jp",
  "accounts.zohocloud.ca": "ca",
  "accounts.zoho.sa": "sa",
  "accounts.zoho.uk": "uk"
}

/** The `location` for an accounts server: its data center, or `us` for a host that is not Zoho's (a served simulator). */
const locationOf = (accountsServer: string): string => {
  try {
    return locations[new URL(accountsServer).hostname] ?? "us"
  } catch {
    return "us"
  }
}

const noEvent = (grantType: GrantType | undefined): TokenEvent => ({ grantType, issued: 0, revoked: false })

/** Zoho service names in `soid` and which org id they name. */
const soidServices: Readonly<Record<string, "zgid" | "finance">> = {
  zohocrm: "zgid",
  zohobooks: "finance",
  zohoinventory: "finance",
  zohoinvoice: "finance",
  zohoexpense: "finance",
  zohosubscriptions: "finance",
  zohobilling: "finance"
}

/**
 * The request's parameters, with the client id and secret taken from a Basic `Authorization`
 * header when the parameters do not carry them (Zoho's accounts docs allow both).
 */
const withBasicClient = (request: SimRequest, fields: Readonly<Record<string, string>>): Record<string, string> => {
  const basic = Body.basicCredentials(request)
  return basic === undefined
    ? { ...fields }
    : { client_id: basic.id, client_secret: basic.secret, ...fields }
}

export const make = (seed: SimSeed, ids: IdSource, options: AccountsOptions, startedAt: number): Accounts => {
  const settings = seed.settings
  const clients = new Map(seed.clients.map((c) => [c.clientId, c]))
  const users = new Map(seed.users.map((u) => [u.id, u]))
  const orgs = new Map(seed.orgs.map((o) => [o.id, o]))
  const grants = new Map<string, GrantRecord>()
  const refreshTokens = new Map<string, RefreshRecord>()
  const accessTokens = new Map<string, AccessRecord>()
  let minted = 0

  for (const g of seed.grants) {
    grants.set(g.code, {
      code: g.code,
      clientId: g.clientId,
      userId: g.userId,
      scopes: g.scopes,
      redirectUri: g.redirectUri,
      offline: g.offline,
      expiresAt: startedAt + settings.grantCodeTtlSeconds * 1000,
      used: false
    })
  }
  for (const r of seed.refreshTokens) {
    refreshTokens.set(r.token, {
      token: r.token,
      clientId: r.clientId,
      userId: r.userId,
      scopes: r.scopes,
      revoked: false,
      mints: [],
      accessTokens: []
    })
  }

  const orgOf = (orgId: string): SeedOrg =>
    orgs.get(orgId) ?? { id: orgId, name: "Sim Org", crmModules: [], limits: {} }

  const mint = (
    base: Omit<AccessRecord, "token" | "expiresAt" | "revoked">,
    now: number
  ): AccessRecord => {
    const record: AccessRecord = {
      ...base,
      token: ids.token(),
      expiresAt: now + settings.accessTokenTtlSeconds * 1000,
      revoked: false
    }
    accessTokens.set(record.token, record)
    // Forget long-dead tokens now and then so a long-running server does not grow without
    // bound; an unknown token is rejected exactly like an expired one.
    if (++minted % 1000 === 0) {
      for (const [token, a] of accessTokens) {
        if (a.expiresAt <= now || a.revoked) accessTokens.delete(token)
      }
    }
    return record
  }

  const tokenBody = (access: AccessRecord, refreshToken: string | undefined) => ({
    access_token: access.token,
    ...(refreshToken !== undefined ? { refresh_token: refreshToken } : {}),
    scope: access.scopes.join(" "),
    api_domain: settings.apiDomain,
    token_type: "Bearer",
    expires_in: settings.accessTokenTtlSeconds
  })

  /** Check the client and its secret; Zoho tells the two failures apart. */
  const checkClient = (params: Record<string, string>): SimResponse | undefined => {
    const client = params.client_id === undefined ? undefined : clients.get(params.client_id)
    if (client === undefined) return oauthError("invalid_client")
    if (params.client_secret !== client.clientSecret) return oauthError("invalid_client_secret")
    return undefined
  }

  const userOrg = (userId: string): { user: SeedUser; org: SeedOrg } | undefined => {
    const user = users.get(userId)
    return user === undefined ? undefined : { user, org: orgOf(user.orgId) }
  }

  const attachToRefresh = (refresh: RefreshRecord, access: AccessRecord, now: number) => {
    refresh.accessTokens.push(access.token)
    const limit = options.activeTokenLimit
    const live = refresh.accessTokens.filter((t) => {
      const a = accessTokens.get(t)
      return a !== undefined && !a.revoked && a.expiresAt > now
    })
    while (live.length > limit) {
      const oldest = live.shift()!
      accessTokens.get(oldest)!.revoked = true
    }
    refresh.accessTokens = live
  }

  const codeGrant = (params: Record<string, string>, now: number): AccountsResult => {
    const grantType = "authorization_code" as const
    const clientError = checkClient(params)
    if (clientError !== undefined) return { response: clientError, event: noEvent(grantType) }
    const grant = params.code === undefined ? undefined : grants.get(params.code)
    if (grant === undefined || grant.used || grant.expiresAt <= now || grant.clientId !== params.client_id) {
      return { response: oauthError("invalid_code"), event: noEvent(grantType) }
    }
    if (grant.redirectUri !== undefined && params.redirect_uri !== grant.redirectUri) {
      return { response: oauthError("invalid_redirect_uri"), event: noEvent(grantType) }
    }
    const principal = userOrg(grant.userId)
    if (principal === undefined) return { response: oauthError("invalid_code"), event: noEvent(grantType) }
    grant.used = true
    const access = mint({
      clientId: grant.clientId,
      userId: grant.userId,
      orgId: principal.org.id,
      scopes: grant.scopes,
      refreshToken: undefined
    }, now)
    if (!grant.offline) {
      return {
        response: SimHttp.json(200, tokenBody(access, undefined)),
        event: { grantType, issued: 1, revoked: false }
      }
    }
    const refresh: RefreshRecord = {
      token: ids.token(),
      clientId: grant.clientId,
      userId: grant.userId,
      scopes: grant.scopes,
      revoked: false,
      mints: [],
      accessTokens: []
    }
    refreshTokens.set(refresh.token, refresh)
    const bound: AccessRecord = { ...access, refreshToken: refresh.token }
    accessTokens.set(bound.token, bound)
    attachToRefresh(refresh, bound, now)
    return {
      response: SimHttp.json(200, tokenBody(bound, refresh.token)),
      event: { grantType, issued: 1, revoked: false }
    }
  }

  const refreshGrant = (params: Record<string, string>, now: number): AccountsResult => {
    const grantType = "refresh_token" as const
    const clientError = checkClient(params)
    if (clientError !== undefined) return { response: clientError, event: noEvent(grantType) }
    const refresh = params.refresh_token === undefined ? undefined : refreshTokens.get(params.refresh_token)
    // Zoho answers `invalid_code` for an unknown or revoked refresh token (facts §1.4).
    if (refresh === undefined || refresh.revoked || refresh.clientId !== params.client_id) {
      return { response: oauthError("invalid_code"), event: noEvent(grantType) }
    }
    const windowStart = now - settings.tokenMintWindowSeconds * 1000
    refresh.mints = refresh.mints.filter((t) => t > windowStart)
    if (refresh.mints.length >= settings.tokenMintLimit) {
      return { response: SimHttp.json(options.mintThrottleStatus, MINT_THROTTLED), event: noEvent(grantType) }
    }
    const principal = userOrg(refresh.userId)
    if (principal === undefined) return { response: oauthError("invalid_code"), event: noEvent(grantType) }
    refresh.mints.push(now)
    const access = mint({
      clientId: refresh.clientId,
      userId: refresh.userId,
      orgId: principal.org.id,
      scopes: refresh.scopes,
      refreshToken: refresh.token
    }, now)
    attachToRefresh(refresh, access, now)
    return {
      response: SimHttp.json(200, tokenBody(access, undefined)),
      event: { grantType, issued: 1, revoked: false }
    }
  }

  const clientCredentialsGrant = (params: Record<string, string>, now: number): AccountsResult => {
    const grantType = "client_credentials" as const
    const clientError = checkClient(params)
    if (clientError !== undefined) return { response: clientError, event: noEvent(grantType) }
    const client = clients.get(params.client_id!)!
    if (client.type !== "self") return { response: oauthError("unauthorized_client"), event: noEvent(grantType) }
    const scopes = Scopes.parse(params.scope)
    if (scopes.length === 0) return { response: oauthError("invalid_scope"), event: noEvent(grantType) }
    const soid = params.soid
    if (soid === undefined || soid.trim().length === 0) {
      return { response: oauthError("missing_org_info"), event: noEvent(grantType) }
    }
    const dot = soid.indexOf(".")
    const kind = dot < 0 ? undefined : soidServices[soid.slice(0, dot).toLowerCase()]
    const orgRef = dot < 0 ? "" : soid.slice(dot + 1)
    const org = kind === undefined
      ? undefined
      : seed.orgs.find((o) =>
        (kind === "zgid" ? o.zgid === orgRef : o.financeOrganizationId === orgRef) || o.id === orgRef
      )
    // The self client acts as a user of the named org; an org nobody in the seed belongs to is refused.
    const members = org === undefined ? [] : seed.users.filter((u) => u.orgId === org.id)
    const user = members.find((u) => u.role === "admin") ?? members[0]
    if (org === undefined || user === undefined) {
      return { response: oauthError("invalid_org_info"), event: noEvent(grantType) }
    }
    const access = mint(
      { clientId: client.clientId, userId: user.id, orgId: org.id, scopes, refreshToken: undefined },
      now
    )
    return {
      response: SimHttp.json(200, tokenBody(access, undefined)),
      event: { grantType, issued: 1, revoked: false }
    }
  }

  const revoke = (token: string): boolean => {
    const refresh = refreshTokens.get(token)
    if (refresh !== undefined) {
      if (refresh.revoked) return false
      refresh.revoked = true
      for (const t of refresh.accessTokens) {
        const a = accessTokens.get(t)
        if (a !== undefined) a.revoked = true
      }
      return true
    }
    const access = accessTokens.get(token)
    if (access !== undefined && !access.revoked) {
      access.revoked = true
      return true
    }
    return false
  }

  const revokeEndpoint = (request: SimRequest, params: Record<string, string>): AccountsResult => {
    const token = params.token
    const ok = token !== undefined && request.method === "POST" && revoke(token)
    return ok
      ? {
        response: SimHttp.json(200, { status: "success" }),
        event: { grantType: undefined, issued: 0, revoked: true }
      }
      : {
        response: SimHttp.json(400, { status: "failure", error: "invalid_token" }),
        event: noEvent(undefined)
      }
  }

  const createGrant = (grant: NewGrant, now: number): string => {
    const code = ids.grantCode()
    grants.set(code, {
      code,
      clientId: grant.clientId,
      userId: grant.userId,
      scopes: grant.scopes,
      redirectUri: grant.redirectUri,
      offline: grant.offline ?? true,
      expiresAt: now + settings.grantCodeTtlSeconds * 1000,
      used: false
    })
    return code
  }

  /**
   * `GET /oauth/v2/auth`: consent is automatic (as the seed's first user, or `login_hint` /
   * `sim_user` naming a user id or email), then the browser redirect Zoho would send.
   */
  const authorize = (p: Record<string, string>, now: number): AccountsResult => {
    const client = p.client_id === undefined ? undefined : clients.get(p.client_id)
    const fail = (error: string) => ({ response: SimHttp.json(400, { error }), event: noEvent(undefined) })
    if (client === undefined) return fail("invalid_client")
    if (p.response_type !== "code") return fail("unsupported_response_type")
    const redirectUri = p.redirect_uri
    if (redirectUri === undefined || !client.redirectUris.includes(redirectUri)) return fail("invalid_redirect_uri")
    const hint = p.sim_user ?? p.login_hint
    const user = hint === undefined ? seed.users[0] : seed.users.find((u) => u.id === hint || u.email === hint)
    if (user === undefined) return fail("invalid_user")
    const code = createGrant({
      clientId: client.clientId,
      userId: user.id,
      scopes: Scopes.parse(p.scope),
      redirectUri,
      offline: p.access_type === "offline"
    }, now)
    const target = new URL(redirectUri)
    if (p.state !== undefined) target.searchParams.set("state", p.state)
    target.searchParams.set("code", code)
    target.searchParams.set("location", locationOf(settings.accountsServer))
    target.searchParams.set("accounts-server", settings.accountsServer)
    return { response: SimHttp.empty(302, { location: target.toString() }), event: noEvent(undefined) }
  }

  const handle = (request: SimRequest, body: Body.Body, now: number): AccountsResult | undefined => {
    const path = request.url.pathname.replace(/\/+$/, "")
    const params = withBasicClient(request, body.fields)
    switch (path) {
      case "/oauth/v2/token": {
        if (request.method !== "POST") {
          return { response: SimHttp.json(405, { error: "invalid_request_method" }), event: noEvent(undefined) }
        }
        switch (params.grant_type) {
          case "authorization_code":
            return codeGrant(params, now)
          case "refresh_token":
            return refreshGrant(params, now)
          case "client_credentials":
            return clientCredentialsGrant(params, now)
          default:
            return { response: oauthError("unsupported_grant_type"), event: noEvent(undefined) }
        }
      }
      case "/oauth/v2/token/revoke":
      case "/oauth/v2/revoke/token":
        return revokeEndpoint(request, params)
      case "/oauth/v2/auth":
        return authorize(params, now)
      default:
        return undefined
    }
  }

  const authenticate = (token: string, now: number): Caller | undefined => {
    const access = accessTokens.get(token)
    if (access === undefined || access.revoked || access.expiresAt <= now) return undefined
    const user = users.get(access.userId)
    if (user === undefined) return undefined
    return { accessToken: token, clientId: access.clientId, user, org: orgOf(access.orgId), scopes: access.scopes }
  }

  const expireAccessTokens = (now: number) => {
    for (const a of accessTokens.values()) {
      if (a.expiresAt > now) a.expiresAt = now
    }
  }

  return { handle, authenticate, revoke, expireAccessTokens, createGrant }
}
