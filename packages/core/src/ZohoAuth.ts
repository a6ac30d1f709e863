/**
 * The access token for the current user, always fresh.
 *
 * - refreshed `skew` ahead of expiry, persisted through the `TokenStore`;
 * - single flight: N concurrent callers on an expired token cause exactly one refresh (in process,
 *   and across processes when the store's lock is distributed);
 * - `api_domain` from the token response wins for that user;
 * - `invalidate` drops a token the API refused (401 `INVALID_TOKEN`) so the replay gets a new one.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import type * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import { TokenStore } from "./TokenStore.js"
import * as ZohoConfig from "./ZohoConfig.js"
import type { TokenStoreError, ZohoOAuthError, ZohoTimeoutError, ZohoTransportError } from "./ZohoError.js"
import { ZohoAuthError, ZohoConfigError } from "./ZohoError.js"
import * as ZohoMetrics from "./ZohoMetrics.js"
import { ZohoOAuth } from "./ZohoOAuth.js"
import type { TokenResponse } from "./ZohoOAuth.js"
import * as ZohoRegion from "./ZohoRegion.js"
import * as ZohoToken from "./ZohoToken.js"
import { CurrentUser, validate as validateUser, type ZohoUser } from "./ZohoUser.js"

/**
 * What a request needs to authenticate.
 *
 * @category models
 * @since 0.1.0
 */
export interface AccessToken {
  readonly token: Redacted.Redacted<string>
  /** The user this token belongs to (the fiber's user or the default one). */
  readonly user: ZohoUser
  /** The user's region with `api_domain` from the token response applied. */
  readonly region: ZohoRegion.ZohoRegion
  /** Epoch ms, when known. */
  readonly expiresAt: number | undefined
}

/**
 * @category models
 * @since 0.1.0
 */
export type AuthError =
  | ZohoAuthError
  | ZohoOAuthError
  | TokenStoreError
  | ZohoConfigError
  // The accounts server can be unreachable or slow like any host.
  | ZohoTransportError
  | ZohoTimeoutError

/**
 * @category models
 * @since 0.1.0
 */
export interface Service {
  /** The current fiber's user (see `ZohoUser.as`), or the default user. */
  readonly currentUser: Effect.Effect<ZohoUser, ZohoAuthError>
  /** A valid access token for the current user, refreshing (once) if needed. */
  readonly accessToken: Effect.Effect<AccessToken, AuthError>
  /**
   * The API refused `token`: forget it (memory and store) unless a newer one already replaced it,
   * so the next `accessToken` refreshes.
   */
  readonly invalidate: (token: Redacted.Redacted<string>) => Effect.Effect<void, TokenStoreError>
  /** Revoke the current user's refresh token at Zoho and delete it from the store. */
  readonly revoke: Effect.Effect<void, AuthError>
}

/**
 * @category tags
 * @since 0.1.0
 */
export class ZohoAuth extends Context.Tag("@effect-zoho/core/ZohoAuth")<ZohoAuth, Service>() {}

/**
 * @category models
 * @since 0.1.0
 */
export interface Options {
  /** The region for users that do not name their own. */
  readonly region: ZohoRegion.ZohoRegion
  /** The user for fibers that did not pick one with `ZohoUser.as`. */
  readonly user?: ZohoUser | undefined
  /**
   * Refresh this long before the token expires. Default 60 seconds: Zoho tokens live an hour, so
   * this costs nothing against the mint cap (10 per 10 minutes), while it covers the request's own
   * latency, a retry or two with backoff, and clock drift between processes sharing a store. The
   * rare token that still expires in flight is caught by the 401 replay. A larger skew would also
   * break short-lived tokens (a simulator can issue them), which would then be refreshed on every call.
   */
  readonly skew?: Duration.DurationInput | undefined
  /**
   * Write tokens to the `TokenStore` (default `true`). With `false` tokens live in memory only; the
   * store is still read for the stored-id flow.
   */
  readonly persist?: boolean | undefined
}

/**
 * The default `skew`.
 *
 * @category constants
 * @since 0.1.0
 */
export const defaultSkew: Duration.Duration = Duration.seconds(60)

interface Minted {
  readonly token: AccessToken
  /** The store id of the record behind the token, once known. */
  readonly storedId: string | undefined
}

interface Entry {
  readonly cached: AccessToken | undefined
  readonly storedId: string | undefined
  /** The one refresh running for this user; every caller that finds it waits on it. */
  readonly inflight: Deferred.Deferred<AccessToken, AuthError> | undefined
  /**
   * The last access token the API refused for this user. A bare access token cannot be replaced;
   * for every other flow a stored copy equal to it is never reused, even while the store still
   * shows it as fresh (the invalidation of the stored copy may not have landed yet).
   */
  readonly refused: Redacted.Redacted<string> | undefined
}

const emptyEntry: Entry = { cached: undefined, storedId: undefined, inflight: undefined, refused: undefined }

type Decision =
  | { readonly _tag: "Hit"; readonly token: AccessToken }
  | { readonly _tag: "Wait"; readonly deferred: Deferred.Deferred<AccessToken, AuthError> }
  | { readonly _tag: "Lead"; readonly entry: Entry }

const sameSecret = (a: Redacted.Redacted<string> | undefined, b: Redacted.Redacted<string> | undefined) =>
  a !== undefined && b !== undefined && Redacted.value(a) === Redacted.value(b)

const noCredentials = (message: string) => new ZohoAuthError({ reason: "NoCredentials", message })

/**
 * Build the service. Needs `ZohoOAuth` and a `TokenStore`; the scope owns background refreshes
 * (a refresh keeps running for the other waiters when the caller that started it is interrupted).
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (
  options: Options
): Effect.Effect<Service, never, ZohoOAuth | TokenStore | Scope.Scope> =>
  Effect.gen(function*() {
    const oauth = yield* ZohoOAuth
    const store = yield* TokenStore
    const scope = yield* Effect.scope
    const skewMillis = Duration.toMillis(Duration.decode(options.skew ?? defaultSkew))
    const persist = options.persist ?? true
    const state = yield* Ref.make(new Map<string, Entry>())

    const regionOf = (user: ZohoUser) => user.region ?? options.region
    /**
     * The user's region with the token's `api_domain`, which must be a Zoho API host of the region
     * or one the user configured: the bearer token goes there (see `ZohoRegion.trustApiDomain`).
     */
    const withDomain = (
      user: ZohoUser,
      apiDomain: string | undefined
    ): Either.Either<ZohoRegion.ZohoRegion, ZohoConfigError> => {
      const region = regionOf(user)
      if (apiDomain === undefined || apiDomain.length === 0) return Either.right(region)
      return Either.map(ZohoRegion.trustApiDomain(region, apiDomain), (origin) =>
        ZohoRegion.withApiDomain(region, origin))
    }
    const isFresh = (token: AccessToken, now: number) =>
      token.expiresAt === undefined || token.expiresAt - skewMillis > now
    const lockKey = (user: ZohoUser) =>
      `refresh:${user.key}`

    const currentUserOption: Effect.Effect<Option.Option<ZohoUser>> = Effect.map(
      CurrentUser,
      (user) => Option.isSome(user) ? user : Option.fromNullable(options.user)
    )

    const currentUser: Effect.Effect<ZohoUser, ZohoAuthError> = Effect.flatMap(
      currentUserOption,
      Option.match({
        onNone: () =>
          Effect.fail(
            noCredentials("No Zoho user: run the effect with ZohoUser.as(user), or give ZohoAuth.layer a default user")
          ),
        onSome: Effect.succeed
      })
    )

    /** A stored token as the caller's; a stored `api_domain` is checked like a fresh one. */
    const fromStored = (user: ZohoUser, token: ZohoToken.ZohoToken): Either.Either<Minted, ZohoConfigError> =>
      Either.map(withDomain(user, token.apiDomain), (region) => ({
        token: { token: token.accessToken!, user, region, expiresAt: token.expiryTime },
        storedId: token.id
      }))

    /** The store record behind a user: by the id we learned, else by the flow's own key. */
    const locate = (
      user: ZohoUser,
      storedId: string | undefined
    ): Effect.Effect<Option.Option<ZohoToken.ZohoToken>, TokenStoreError> => {
      const byFlow = (): Effect.Effect<Option.Option<ZohoToken.ZohoToken>, TokenStoreError> => {
        const c = user.credentials
        switch (c._tag) {
          case "RefreshToken":
            return store.find({ clientId: c.clientId, userName: c.userName, refreshToken: c.refreshToken })
          case "GrantCode":
            return store.find({ clientId: c.clientId, userName: c.userName, grantToken: c.grantCode }).pipe(
              Effect.flatMap((found) =>
                Option.isSome(found) || c.userName === undefined
                  ? Effect.succeed(found)
                  : store.find({ clientId: c.clientId, userName: c.userName })
              )
            )
          case "StoredId":
            return store.findById(c.id)
          case "ClientCredentials":
            // The token belongs to an org, not a person: the soid stands in for the user name.
            return store.find({ clientId: c.clientId, userName: c.soid })
          case "AccessToken":
            return Effect.succeed(Option.none())
        }
      }
      if (storedId === undefined) return byFlow()
      return store.findById(storedId).pipe(
        Effect.flatMap((found) => Option.isSome(found) ? Effect.succeed(found) : byFlow())
      )
    }

    const expiryOf = (response: TokenResponse) =>
      Effect.map(Clock.currentTimeMillis, (now) => now + Duration.toMillis(response.expiresIn))

    /** Save (when persisting) and turn a token-endpoint answer into the caller's token. */
    const keep = (
      user: ZohoUser,
      token: ZohoToken.ZohoToken
    ): Effect.Effect<Minted, TokenStoreError | ZohoConfigError> =>
      // An untrusted api_domain fails before the save: the token is neither stored nor used.
      Effect.tap(fromStored(user, token), () => persist ? store.save(token) : Effect.void).pipe(
        // Names and times only: the token itself never reaches a log.
        Effect.tap(() =>
          Effect.logDebug("Zoho access token issued").pipe(
            Effect.annotateLogs({
              "zoho.user": user.key,
              "zoho.token_id": token.id,
              "zoho.expires_at": String(token.expiryTime),
              "zoho.persisted": String(persist)
            })
          )
        )
      )

    /**
     * Ask Zoho for a new access token; `existing` is the store record, if any. Counted in
     * `ZohoMetrics.tokenRefreshes` (with the labels of the call that needed it).
     */
    const mint = (
      user: ZohoUser,
      existing: Option.Option<ZohoToken.ZohoToken>
    ): Effect.Effect<Minted, AuthError> =>
      Effect.onExit(mintFromZoho(user, existing), (exit) =>
        ZohoMetrics.increment(ZohoMetrics.tokenRefreshes, {
          [ZohoMetrics.labels.flow]: user.credentials._tag,
          [ZohoMetrics.labels.outcome]: Exit.isSuccess(exit) ? "success" : ZohoMetrics.failureOutcome(exit.cause)
        }))

    const mintFromZoho = (
      user: ZohoUser,
      existing: Option.Option<ZohoToken.ZohoToken>
    ): Effect.Effect<Minted, AuthError> =>
      Effect.gen(function*() {
        const c = user.credentials
        const accountsUrl = regionOf(user).accountsUrl
        const prior = Option.getOrUndefined(existing)
        const refreshWith = (
          clientId: string,
          clientSecret: Redacted.Redacted<string>,
          refreshToken: Redacted.Redacted<string>,
          userName: string | undefined
        ) =>
          Effect.gen(function*() {
            const response = yield* oauth.refresh({ accountsUrl, clientId, clientSecret, refreshToken })
            return yield* keep(
              user,
              new ZohoToken.ZohoToken({
                id: prior?.id ?? ZohoToken.makeId(),
                userName: userName ?? prior?.userName,
                clientId,
                clientSecret,
                refreshToken: Option.getOrElse(response.refreshToken, () => refreshToken),
                accessToken: response.accessToken,
                expiryTime: yield* expiryOf(response),
                redirectUrl: prior?.redirectUrl,
                apiDomain: Option.getOrElse(response.apiDomain, () => prior?.apiDomain)
              })
            )
          })
        const exchange = (
          clientId: string,
          clientSecret: Redacted.Redacted<string>,
          code: Redacted.Redacted<string>,
          redirectUrl: string | undefined,
          userName: string | undefined
        ) =>
          Effect.gen(function*() {
            const response = yield* oauth.exchangeCode({
              accountsUrl,
              clientId,
              clientSecret,
              code,
              redirectUri: redirectUrl
            })
            return yield* keep(
              user,
              new ZohoToken.ZohoToken({
                id: prior?.id ?? ZohoToken.makeId(),
                userName: userName ?? prior?.userName,
                clientId,
                clientSecret,
                refreshToken: Option.getOrUndefined(response.refreshToken),
                accessToken: response.accessToken,
                // The used code is worthless to anyone (single use), but it is how a restarted
                // program without a user name finds this record again instead of re-exchanging.
                grantToken: code,
                expiryTime: yield* expiryOf(response),
                redirectUrl,
                apiDomain: Option.getOrUndefined(response.apiDomain)
              })
            )
          })

        switch (c._tag) {
          case "RefreshToken":
            return yield* refreshWith(c.clientId, c.clientSecret, c.refreshToken, c.userName)
          case "GrantCode": {
            if (prior?.refreshToken !== undefined) {
              return yield* refreshWith(c.clientId, c.clientSecret, prior.refreshToken, c.userName)
            }
            if (prior !== undefined && !sameSecret(prior.grantToken, c.grantCode)) {
              return yield* Effect.fail(
                new ZohoAuthError({
                  reason: "InvalidToken",
                  message:
                    `The stored token ${prior.id} has expired and has no refresh token (was the grant code generated with access_type=offline?); generate a new grant code`
                })
              )
            }
            return yield* exchange(c.clientId, c.clientSecret, c.grantCode, c.redirectUrl, c.userName)
          }
          case "StoredId": {
            if (prior === undefined) {
              return yield* Effect.fail(noCredentials(`No token with id "${c.id}" in the ${store.name} token store`))
            }
            if (prior.clientId === undefined || prior.clientSecret === undefined) {
              return yield* Effect.fail(
                noCredentials(`The stored token "${c.id}" has no client id and secret to refresh it with`)
              )
            }
            if (prior.refreshToken !== undefined) {
              return yield* refreshWith(prior.clientId, prior.clientSecret, prior.refreshToken, prior.userName)
            }
            if (prior.grantToken !== undefined) {
              return yield* exchange(
                prior.clientId,
                prior.clientSecret,
                prior.grantToken,
                prior.redirectUrl,
                prior.userName
              )
            }
            return yield* Effect.fail(
              noCredentials(`The stored token "${c.id}" has expired and has no refresh token or grant code`)
            )
          }
          case "ClientCredentials": {
            const response = yield* oauth.clientCredentials({
              accountsUrl,
              clientId: c.clientId,
              clientSecret: c.clientSecret,
              scopes: c.scopes,
              soid: c.soid
            })
            return yield* keep(
              user,
              new ZohoToken.ZohoToken({
                id: prior?.id ?? ZohoToken.makeId(),
                userName: c.soid,
                clientId: c.clientId,
                clientSecret: c.clientSecret,
                accessToken: response.accessToken,
                expiryTime: yield* expiryOf(response),
                apiDomain: Option.getOrUndefined(response.apiDomain)
              })
            )
          }
          case "AccessToken":
            return yield* Effect.die(new Error("unreachable: access tokens are never minted"))
        }
      })

    /** The one refresh for a user: memory said the token is missing or stale. */
    const obtain = (user: ZohoUser, entry: Entry): Effect.Effect<Minted, AuthError> => {
      const c = user.credentials
      if (c._tag === "AccessToken") {
        return sameSecret(entry.refused, c.accessToken)
          ? Effect.fail(
            new ZohoAuthError({
              reason: "InvalidToken",
              message:
                "Zoho refused the access token and access-token-only credentials cannot be refreshed; supply a new token or a refresh token"
            })
          )
          // The user configured this api_domain with the token: trusted as given.
          : Effect.succeed({
            token: {
              token: c.accessToken,
              user,
              region: ZohoRegion.withApiDomain(regionOf(user), c.apiDomain),
              expiresAt: undefined
            },
            storedId: undefined
          })
      }
      const freshIn = (found: Option.Option<ZohoToken.ZohoToken>) =>
        Effect.map(
          Clock.currentTimeMillis,
          (now) => Option.filter(found, (t) => t.isFresh(now, skewMillis) && !sameSecret(t.accessToken, entry.refused))
        )
      /**
       * At Zoho's mint cap, a token another process minted into a shared store is as good as ours:
       * look once more before failing. Without one, the typed error (with `retryAfter`) goes to
       * every caller; it is not retried, since each early retry is one more request against the cap.
       */
      const orSharedToken = (storedId: string | undefined) => (minting: Effect.Effect<Minted, AuthError>) =>
        Effect.catchIf(
          minting,
          (e): e is ZohoOAuthError => e._tag === "ZohoOAuthError" && e.reason === "TooManyRequests",
          (capped) =>
            Effect.gen(function*() {
              const stored = yield* freshIn(yield* locate(user, storedId))
              if (Option.isNone(stored)) return yield* Effect.fail(capped)
              yield* Effect.logInfo("Zoho mint cap reached; using the token another process stored").pipe(
                Effect.annotateLogs({ "zoho.user": user.key, "zoho.token_id": stored.value.id })
              )
              return yield* fromStored(user, stored.value)
            })
        )
      if (!persist && c._tag !== "StoredId") return mint(user, Option.none()).pipe(orSharedToken(entry.storedId))
      return Effect.gen(function*() {
        // Another process may have refreshed already: use its token without asking Zoho.
        const first = yield* locate(user, entry.storedId)
        const fresh = yield* freshIn(first)
        if (Option.isSome(fresh)) return yield* fromStored(user, fresh.value)
        const storedId = Option.match(first, { onNone: () => entry.storedId, onSome: (t) => t.id })
        return yield* store.withLock(
          lockKey(user),
          Effect.gen(function*() {
            // Re-read under the lock: the previous holder may have just saved a fresh token.
            const again = yield* locate(user, storedId)
            const freshNow = yield* freshIn(again)
            if (Option.isSome(freshNow)) return yield* fromStored(user, freshNow.value)
            return yield* mint(user, again).pipe(
              orSharedToken(Option.match(again, { onNone: () => storedId, onSome: (t) => t.id }))
            )
          })
        )
      }).pipe(
        Effect.withSpan("ZohoAuth.refresh", {
          attributes: { "zoho.user": user.key, "zoho.auth.flow": c._tag, "zoho.token_store": store.name }
        })
      )
    }

    const settle =
      (key: string, deferred: Deferred.Deferred<AccessToken, AuthError>) => (exit: Exit.Exit<Minted, AuthError>) =>
        Ref.update(state, (map) => {
          const entry = map.get(key) ?? emptyEntry
          const next: Entry = Exit.isSuccess(exit)
            ? {
              ...entry,
              cached: exit.value.token,
              storedId: exit.value.storedId ?? entry.storedId,
              inflight: undefined
            }
            : { ...entry, inflight: undefined }
          return new Map(map).set(key, next)
        }).pipe(Effect.zipRight(Deferred.done(deferred, Exit.map(exit, (m) => m.token))))

    // The common case (every call reads the token, twice: before and under its permit) is a
    // fresh cached token: answered by two reads, outside the masked single-flight path below.
    const accessTokenFor = (user: ZohoUser): Effect.Effect<AccessToken, AuthError> =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.flatMap(Ref.get(state), (map) => {
          const cached = map.get(user.key)?.cached
          return cached !== undefined && isFresh(cached, now) ? Effect.succeed(cached) : obtainShared(user)
        }))

    /** The token is missing or stale: join the refresh in flight, or lead one. */
    const obtainShared = (user: ZohoUser): Effect.Effect<AccessToken, AuthError> =>
      Effect.uninterruptibleMask((restore) =>
        Effect.gen(function*() {
          const now = yield* Clock.currentTimeMillis
          const deferred = yield* Deferred.make<AccessToken, AuthError>()
          const decision = yield* Ref.modify(state, (map): readonly [Decision, Map<string, Entry>] => {
            const entry = map.get(user.key) ?? emptyEntry
            if (entry.cached !== undefined && isFresh(entry.cached, now)) {
              return [{ _tag: "Hit", token: entry.cached }, map]
            }
            if (entry.inflight !== undefined) return [{ _tag: "Wait", deferred: entry.inflight }, map]
            return [{ _tag: "Lead", entry }, new Map(map).set(user.key, { ...entry, inflight: deferred })]
          })
          switch (decision._tag) {
            case "Hit":
              return decision.token
            case "Wait":
              return yield* restore(Deferred.await(decision.deferred))
            case "Lead": {
              // Forked into the service's scope so that interrupting this caller does not strand
              // the other waiters; the settle step always runs and never leaves `inflight` behind.
              yield* Effect.interruptible(obtain(user, decision.entry)).pipe(
                Effect.onExit(settle(user.key, deferred)),
                Effect.forkIn(scope)
              )
              return yield* restore(Deferred.await(deferred))
            }
          }
        })
      )

    /** A user's org ids end up in headers and queries: a bad one fails here, before any request. */
    const accessToken: Effect.Effect<AccessToken, AuthError> = Effect.flatMap(
      currentUser,
      (user) => Effect.flatMap(validateUser(user), accessTokenFor)
    )

    const invalidate = (token: Redacted.Redacted<string>): Effect.Effect<void, TokenStoreError> =>
      Effect.gen(function*() {
        const found = yield* currentUserOption
        if (Option.isNone(found)) return
        const user = found.value
        const c = user.credentials
        const entry = yield* Ref.modify(state, (map): readonly [Entry, Map<string, Entry>] => {
          const e = map.get(user.key) ?? emptyEntry
          const refusedBare = c._tag === "AccessToken" && sameSecret(c.accessToken, token)
          // A newer token may already have replaced the refused one: keep it.
          if (!sameSecret(e.cached?.token, token) && !refusedBare) return [e, map]
          const next: Entry = {
            ...e,
            cached: sameSecret(e.cached?.token, token) ? undefined : e.cached,
            refused: token
          }
          return [e, new Map(map).set(user.key, next)]
        })
        if (!persist || c._tag === "AccessToken") return
        // Expire the stored copy too, so other processes sharing the store refresh as well.
        yield* store.withLock(
          lockKey(user),
          Effect.gen(function*() {
            const stored = yield* locate(user, entry.storedId)
            if (Option.isSome(stored) && sameSecret(stored.value.accessToken, token)) {
              yield* store.save(new ZohoToken.ZohoToken({ ...stored.value, expiryTime: 0 }))
            }
          })
        )
      })

    const revoke: Effect.Effect<void, AuthError> = Effect.gen(function*() {
      const user = yield* currentUser
      const c = user.credentials
      const accountsUrl = regionOf(user).accountsUrl
      const entry = (yield* Ref.get(state)).get(user.key) ?? emptyEntry
      // A token Zoho no longer knows is as revoked as it gets; anything else is a real failure.
      const revokeAtZoho = (token: Redacted.Redacted<string>) =>
        oauth.revoke({ accountsUrl, token }).pipe(
          Effect.catchIf(
            (e) => e._tag === "ZohoOAuthError" && (e.reason === "InvalidRefreshToken" || e.reason === "InvalidCode"),
            () => Effect.void
          )
        )
      if (c._tag === "AccessToken") {
        yield* revokeAtZoho(c.accessToken)
        yield* Ref.update(state, (map) =>
          new Map(map).set(user.key, {
            ...(map.get(user.key) ?? emptyEntry),
            cached: undefined,
            refused: c.accessToken
          }))
        return
      }
      yield* store.withLock(
        lockKey(user),
        Effect.gen(function*() {
          const stored = Option.getOrUndefined(yield* locate(user, entry.storedId))
          const token = stored?.refreshToken ??
            (c._tag === "RefreshToken" ? c.refreshToken : undefined) ??
            stored?.accessToken ??
            entry.cached?.token
          if (token === undefined) {
            return yield* Effect.fail(noCredentials(`Nothing to revoke for user "${user.key}"`))
          }
          yield* revokeAtZoho(token)
          if (stored !== undefined) yield* store.delete(stored.id)
          yield* Ref.update(
            state,
            (map) => new Map(map).set(user.key, { ...emptyEntry, inflight: map.get(user.key)?.inflight })
          )
        })
      )
    })

    return ZohoAuth.of({ currentUser, accessToken, invalidate, revoke })
  })

/**
 * The auth service as a layer over `ZohoOAuth` and a `TokenStore`.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: Options): Layer.Layer<ZohoAuth, never, ZohoOAuth | TokenStore> =>
  Layer.scoped(ZohoAuth, make(options))

/**
 * Turn configuration errors that are about bad values (not missing ones) into the
 * `ZohoConfigError` with reason `InvalidInput` that every layer reports for them.
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromConfigError = (error: ConfigError.ConfigError): ConfigError.ConfigError | ZohoConfigError => {
  const missing = ConfigError.reduceWithContext(error, undefined, {
    andCase: (_, l, r) => l || r,
    orCase: (_, l, r) => l || r,
    invalidDataCase: () => false,
    missingDataCase: () => true,
    sourceUnavailableCase: () => true,
    unsupportedCase: () => true
  })
  return missing
    ? error
    : new ZohoConfigError({ reason: "InvalidInput", message: `Invalid Zoho configuration: ${String(error)}` })
}

/**
 * The auth service from configuration: by default the region from `ZOHO_REGION` /
 * `ZOHO_ACCOUNTS_URL` and the default user from the `ZOHO_*` credential variables
 * (see `ZohoConfig`). A bad value (a URL without a scheme, an org id that is not numeric) fails
 * the layer with a `ZohoConfigError` before anything is sent or stored; missing credentials are
 * the `ConfigError` that names the variables to set.
 *
 * @category layers
 * @since 0.1.0
 */
export const layerConfig = (
  options: {
    readonly region?: Config.Config<ZohoRegion.ZohoRegion> | undefined
    readonly user?: Config.Config<ZohoUser> | undefined
    readonly skew?: Duration.DurationInput | undefined
    readonly persist?: boolean | undefined
  } = {}
): Layer.Layer<ZohoAuth, ConfigError.ConfigError | ZohoConfigError, ZohoOAuth | TokenStore> =>
  Layer.scoped(
    ZohoAuth,
    Effect.gen(function*() {
      const region = yield* Effect.mapError(options.region ?? ZohoConfig.region, fromConfigError)
      const user = yield* Effect.mapError(options.user ?? ZohoConfig.user, fromConfigError)
      yield* validateUser(user)
      return yield* make({ region, user, skew: options.skew, persist: options.persist })
    })
  )
