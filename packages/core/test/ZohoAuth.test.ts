import {
  MemoryTokenStore,
  TokenStore,
  ZohoAuth,
  ZohoCredentials,
  ZohoOAuth,
  ZohoRegion,
  ZohoToken,
  ZohoUser
} from "@effect-zoho/core"
import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as HashMap from "effect/HashMap"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import { CLIENT_ID, CLIENT_SECRET, FakeAccounts, json } from "./fixtures/FakeAccounts.js"

const US = ZohoRegion.make("US")
const EU = ZohoRegion.make("EU")
const ALICE_RT = "1000.refresh.alice"
const BOB_RT = "1000.refresh.bob"

const refreshUser = (refreshToken: string, userName?: string) =>
  ZohoUser.make({
    credentials: ZohoCredentials.RefreshToken({
      clientId: CLIENT_ID,
      clientSecret: Redacted.make(CLIENT_SECRET),
      refreshToken: Redacted.make(refreshToken),
      userName
    })
  })

const alice = refreshUser(ALICE_RT, "alice@example.com")
const bob = refreshUser(BOB_RT, "bob@example.com")

interface Setup {
  readonly user?: ZohoUser.ZohoUser
  readonly region?: ZohoRegion.ZohoRegion
  readonly skew?: Duration.DurationInput
  readonly persist?: boolean
  readonly tokens?: ReadonlyArray<ZohoToken.ZohoToken>
  readonly fake?: FakeAccounts
  readonly store?: TokenStore.Service
}

const setup = (options: Setup = {}) =>
  Effect.gen(function*() {
    const fake = options.fake ?? new FakeAccounts()
    const store = options.store ?? (yield* MemoryTokenStore.make({ tokens: options.tokens ?? [] }))
    const oauth = yield* ZohoOAuth.make().pipe(Effect.provideService(HttpClient.HttpClient, fake.client))
    const auth = yield* ZohoAuth.make({
      region: options.region ?? US,
      user: options.user,
      skew: options.skew,
      persist: options.persist
    }).pipe(
      Effect.provideService(ZohoOAuth.ZohoOAuth, oauth),
      Effect.provideService(TokenStore.TokenStore, store)
    )
    return { fake, store, auth }
  })

const value = (token: ZohoAuth.AccessToken) => Redacted.value(token.token)

/** Start `n` callers, wait until all of them are parked, then let the accounts server answer. */
const concurrently = <A, E>(fake: FakeAccounts, n: number, call: (i: number) => Effect.Effect<A, E>) =>
  Effect.gen(function*() {
    yield* fake.closeGate
    let entered = 0
    const fiber = yield* Effect.fork(
      Effect.all(
        Array.from({ length: n }, (_, i) => Effect.either(Effect.suspend(() => (entered++, call(i))))),
        { concurrency: "unbounded" }
      )
    )
    while (entered < n) yield* Effect.yieldNow()
    for (let i = 0; i < 20; i++) yield* Effect.yieldNow()
    yield* fake.openGate
    fake.gate = undefined
    return yield* Fiber.join(fiber)
  })

const SECRETS = [CLIENT_SECRET, ALICE_RT, BOB_RT, "1000.access.", "grant-code-secret", "bare-access-token"]
const assertNoSecret = (error: unknown) => {
  const rendered = [String(error), JSON.stringify(error), (error as Error).message ?? ""].join("\n")
  for (const secret of SECRETS) assert.notInclude(rendered, secret)
}

describe("ZohoAuth", () => {
  describe("refresh-token flow", () => {
    it.scoped("refreshes once, persists, then serves from memory", () =>
      Effect.gen(function*() {
        const { auth, fake, store } = yield* setup({ user: alice })
        fake.refreshTokens.set(ALICE_RT, "https://www.zohoapis.com")
        const first = yield* auth.accessToken
        const second = yield* auth.accessToken
        assert.strictEqual(fake.count("refresh_token"), 1)
        assert.strictEqual(value(first), "1000.access.1")
        assert.strictEqual(value(second), "1000.access.1")
        assert.strictEqual(first.expiresAt, 3_600_000)
        assert.strictEqual(first.user.key, alice.key)
        const stored = yield* store.list
        assert.strictEqual(stored.length, 1)
        assert.strictEqual(stored[0].userName, "alice@example.com")
        assert.strictEqual(stored[0].clientId, CLIENT_ID)
        assert.strictEqual(Redacted.value(stored[0].refreshToken!), ALICE_RT)
        assert.strictEqual(Redacted.value(stored[0].accessToken!), "1000.access.1")
        assert.strictEqual(stored[0].expiryTime, 3_600_000)
        assert.strictEqual(stored[0].apiDomain, "https://www.zohoapis.com")
        assert.strictEqual(stored[0].id.length, 10)
      }))

    it.scoped("refreshes skew before expiry, not after every call (TestClock)", () =>
      Effect.gen(function*() {
        const { auth, fake, store } = yield* setup({ user: alice, skew: "60 seconds" })
        fake.refreshTokens.set(ALICE_RT, "https://www.zohoapis.com")
        yield* auth.accessToken
        const id = (yield* store.list)[0].id
        for (let minute = 1; minute < 59; minute++) {
          yield* TestClock.adjust("1 minute")
          yield* Effect.all(Array.from({ length: 10 }, () => auth.accessToken))
        }
        yield* TestClock.adjust("59999 millis") // 3539.999 s: still inside the token's life minus skew
        assert.strictEqual(value(yield* auth.accessToken), "1000.access.1")
        assert.strictEqual(fake.count("refresh_token"), 1)
        yield* TestClock.adjust("1 millis") // 3540 s = expiry - skew
        const renewed = yield* auth.accessToken
        assert.strictEqual(value(renewed), "1000.access.2")
        assert.strictEqual(fake.count("refresh_token"), 2)
        assert.strictEqual(renewed.expiresAt, 3_540_000 + 3_600_000)
        const stored = yield* store.list
        assert.strictEqual(stored.length, 1)
        assert.strictEqual(stored[0].id, id, "an existing token keeps its id")
      }))

    it.scoped("1,000 concurrent callers on an expired token cause exactly one refresh", () =>
      Effect.gen(function*() {
        const { auth, fake } = yield* setup({ user: alice })
        fake.refreshTokens.set(ALICE_RT, "https://www.zohoapis.com")
        yield* auth.accessToken
        yield* TestClock.adjust("1 hour")
        const before = fake.count("refresh_token")
        const results = yield* concurrently(fake, 1000, () => auth.accessToken)
        const n = fake.count("refresh_token") - before
        console.log("refreshes for 1000 concurrent callers:", n)
        assert.strictEqual(n, 1)
        const tokens = new Set(results.map((r) => Either.isRight(r) ? value(r.right) : "failed"))
        assert.deepStrictEqual([...tokens], ["1000.access.2"])
      }))

    it.scoped("single flight holds in memory alone (persist: false, no store lock involved)", () =>
      Effect.gen(function*() {
        const { auth, fake } = yield* setup({ user: alice, persist: false })
        fake.refreshTokens.set(ALICE_RT, "https://www.zohoapis.com")
        const results = yield* concurrently(fake, 1000, () => auth.accessToken)
        assert.strictEqual(fake.count("refresh_token"), 1)
        assert.isTrue(results.every((r) => Either.isRight(r) && value(r.right) === "1000.access.1"))
      }))

    it.scoped("a failed refresh reaches every waiter, and the next call tries again", () =>
      Effect.gen(function*() {
        const { auth, fake } = yield* setup({ user: alice })
        fake.refreshTokens.set(ALICE_RT, "https://www.zohoapis.com")
        fake.script.push(
          json({
            error: "Access Denied",
            error_description: "You have made too many requests continuously. Please try again after some time.",
            status: "failure"
          })
        )
        const results = yield* concurrently(fake, 50, () => auth.accessToken)
        assert.strictEqual(fake.count(), 1)
        for (const r of results) {
          assert.isTrue(Either.isLeft(r))
          if (Either.isLeft(r)) {
            assert.strictEqual(r.left._tag, "ZohoOAuthError")
            if (r.left._tag === "ZohoOAuthError") assert.strictEqual(r.left.reason, "TooManyRequests")
            assertNoSecret(r.left)
          }
        }
        const token = yield* auth.accessToken
        assert.strictEqual(value(token), "1000.access.1")
        assert.strictEqual(fake.count(), 2)
      }))

    it.scoped("a revoked refresh token is a permanent ZohoOAuthError without secrets", () =>
      Effect.gen(function*() {
        const { auth } = yield* setup({ user: alice }) // the fake does not know alice's refresh token
        const error = yield* Effect.flip(auth.accessToken)
        assert.strictEqual(error._tag, "ZohoOAuthError")
        if (error._tag === "ZohoOAuthError") {
          // Zoho says `invalid_code` for a revoked refresh token too; on a refresh it means the token.
          assert.strictEqual(error.error, "invalid_code")
          assert.strictEqual(error.reason, "InvalidRefreshToken")
          assert.isTrue(error.permanent)
          assert.include(error.message, "refresh token revoked or expired: log in again (`zoho auth login`)")
        }
        assertNoSecret(error)
      }))

    it.scoped("uses a fresh token another process stored, without asking Zoho", () =>
      Effect.gen(function*() {
        const stored = new ZohoToken.ZohoToken({
          id: "abc123",
          userName: "alice@example.com",
          clientId: CLIENT_ID,
          clientSecret: Redacted.make(CLIENT_SECRET),
          refreshToken: Redacted.make(ALICE_RT),
          accessToken: Redacted.make("1000.access.elsewhere"),
          expiryTime: 1_800_000,
          apiDomain: "https://www.zohoapis.eu"
        })
        const { auth, fake } = yield* setup({ user: alice, tokens: [stored], region: EU })
        const token = yield* auth.accessToken
        assert.strictEqual(value(token), "1000.access.elsewhere")
        assert.strictEqual(token.region.apiUrl, "https://www.zohoapis.eu")
        assert.strictEqual(fake.count(), 0)
      }))

    it.scoped("a stored token whose api_domain is not a Zoho host of the region is refused, unsent", () =>
      Effect.gen(function*() {
        const stored = new ZohoToken.ZohoToken({
          id: "abc124",
          userName: "alice@example.com",
          clientId: CLIENT_ID,
          clientSecret: Redacted.make(CLIENT_SECRET),
          refreshToken: Redacted.make(ALICE_RT),
          accessToken: Redacted.make("1000.access.elsewhere"),
          expiryTime: 1_800_000,
          apiDomain: "http://attacker.example"
        })
        const { auth, fake } = yield* setup({ user: alice, tokens: [stored] })
        const error = yield* Effect.flip(auth.accessToken)
        assert.strictEqual(error._tag, "ZohoConfigError")
        if (error._tag === "ZohoConfigError") {
          assert.strictEqual(error.reason, "UntrustedHost")
          assert.strictEqual(error.input, "attacker.example")
        }
        assert.strictEqual(fake.count(), 0)
      }))

    it.scoped("a token response with an untrusted api_domain is neither stored nor used", () =>
      Effect.gen(function*() {
        const { auth, fake, store } = yield* setup({ user: alice })
        fake.refreshTokens.set(ALICE_RT, "https://www.zohoapis.com.attacker.example")
        const error = yield* Effect.flip(auth.accessToken)
        assert.strictEqual(error._tag === "ZohoConfigError" && error.reason, "UntrustedHost")
        assert.strictEqual((yield* store.list).length, 0)
        assertNoSecret(error)
      }))

    it.scoped("two processes sharing a store make one refresh (lock + re-read)", () =>
      Effect.gen(function*() {
        const fake = new FakeAccounts()
        fake.refreshTokens.set(ALICE_RT, "https://www.zohoapis.com")
        const store = yield* MemoryTokenStore.make()
        const one = yield* setup({ user: alice, fake, store })
        const two = yield* setup({ user: alice, fake, store })
        const results = yield* concurrently(fake, 200, (i) => (i % 2 === 0 ? one : two).auth.accessToken)
        assert.strictEqual(fake.count("refresh_token"), 1)
        const tokens = new Set(results.map((r) => Either.isRight(r) ? value(r.right) : "failed"))
        assert.deepStrictEqual([...tokens], ["1000.access.1"])
        assert.strictEqual((yield* store.list).length, 1)
      }))
  })

  describe("invalidate", () => {
    it.scoped("drops the refused token in memory and in the store", () =>
      Effect.gen(function*() {
        const { auth, fake, store } = yield* setup({ user: alice })
        fake.refreshTokens.set(ALICE_RT, "https://www.zohoapis.com")
        const first = yield* auth.accessToken
        yield* auth.invalidate(first.token)
        const stored = (yield* store.list)[0]
        assert.strictEqual(stored.expiryTime, 0, "other processes see it expired")
        assert.strictEqual(Redacted.value(stored.refreshToken!), ALICE_RT)
        const second = yield* auth.accessToken
        assert.strictEqual(value(second), "1000.access.2")
        assert.strictEqual(fake.count("refresh_token"), 2)
      }))

    it.scoped("a stale token's invalidation does not drop a newer token", () =>
      Effect.gen(function*() {
        const { auth, fake, store } = yield* setup({ user: alice })
        fake.refreshTokens.set(ALICE_RT, "https://www.zohoapis.com")
        const first = yield* auth.accessToken
        yield* auth.invalidate(first.token)
        const second = yield* auth.accessToken
        // A request that used the old token comes back late with a 401.
        yield* auth.invalidate(first.token)
        assert.strictEqual(value(yield* auth.accessToken), value(second))
        assert.strictEqual(fake.count("refresh_token"), 2)
        const stored = (yield* store.list)[0]
        assert.strictEqual(Redacted.value(stored.accessToken!), value(second))
        assert.strictEqual(stored.expiryTime, 3_600_000)
      }))

    it.scoped("a caller racing an invalidation never gets the refused token back from the store", () =>
      Effect.gen(function*() {
        const inner = yield* MemoryTokenStore.make()
        const gate = yield* Deferred.make<void>()
        let lockCalls = 0
        // The invalidation's store update (the 2nd lock taken) is held back, as when another
        // process holds the lock: the stored copy still looks fresh meanwhile.
        const store: TokenStore.Service = {
          ...inner,
          withLock: (key, effect) => {
            lockCalls++
            return lockCalls === 2
              ? Effect.zipRight(Deferred.await(gate), inner.withLock(key, effect))
              : inner.withLock(key, effect)
          }
        }
        const { auth, fake } = yield* setup({ user: alice, store })
        fake.refreshTokens.set(ALICE_RT, "https://www.zohoapis.com")
        const first = yield* auth.accessToken
        const invalidation = yield* Effect.fork(auth.invalidate(first.token))
        while (lockCalls < 2) yield* Effect.yieldNow()
        const second = yield* auth.accessToken
        assert.notStrictEqual(value(second), value(first))
        yield* Deferred.succeed(gate, undefined)
        yield* Fiber.join(invalidation)
        assert.strictEqual(fake.count("refresh_token"), 2)
      }))

    it.scoped("only touches the current user", () =>
      Effect.gen(function*() {
        const { auth, fake } = yield* setup()
        fake.refreshTokens.set(ALICE_RT, "https://www.zohoapis.com")
        fake.refreshTokens.set(BOB_RT, "https://www.zohoapis.com")
        const a = yield* ZohoUser.as(auth.accessToken, alice)
        yield* ZohoUser.as(auth.accessToken, bob)
        // Bob's fiber reports Alice's token value: not Bob's token, nothing happens.
        yield* ZohoUser.as(auth.invalidate(a.token), bob)
        assert.strictEqual(value(yield* ZohoUser.as(auth.accessToken, alice)), value(a))
        assert.strictEqual(fake.count(), 2)
      }))
  })

  describe("users", () => {
    it.scoped("two users at once: two refreshes, each its own token and api_domain", () =>
      Effect.gen(function*() {
        const { auth, fake, store } = yield* setup()
        fake.refreshTokens.set(ALICE_RT, "https://www.zohoapis.eu")
        fake.refreshTokens.set(BOB_RT, "https://www.zohoapis.in")
        // Each user in their own data center: the token's api_domain must belong to it.
        const euAlice = ZohoUser.make({ ...alice, region: EU })
        const inBob = ZohoUser.make({ ...bob, region: ZohoRegion.make("IN") })
        const results = yield* concurrently(
          fake,
          200,
          (i) => ZohoUser.as(auth.accessToken, i % 2 === 0 ? euAlice : inBob)
        )
        assert.strictEqual(fake.count("refresh_token"), 2)
        const byUser = new Map<string, Set<string>>()
        for (const r of results) {
          assert.isTrue(Either.isRight(r))
          if (Either.isRight(r)) {
            const t = r.right
            const set = byUser.get(t.user.key) ?? new Set()
            set.add(`${value(t)} ${t.region.apiUrl}`)
            byUser.set(t.user.key, set)
          }
        }
        assert.strictEqual(byUser.size, 2)
        const aliceTokens = [...byUser.get(alice.key)!]
        const bobTokens = [...byUser.get(bob.key)!]
        assert.strictEqual(aliceTokens.length, 1)
        assert.strictEqual(bobTokens.length, 1)
        assert.notStrictEqual(aliceTokens[0].split(" ")[0], bobTokens[0].split(" ")[0])
        assert.strictEqual(aliceTokens[0].split(" ")[1], "https://www.zohoapis.eu")
        assert.strictEqual(bobTokens[0].split(" ")[1], "https://www.zohoapis.in")
        assert.strictEqual((yield* store.list).length, 2)
      }))

    it.scoped("api_domain wins over the region's guess; the accounts server stays", () =>
      Effect.gen(function*() {
        const user = ZohoUser.make({ ...alice, region: ZohoRegion.make("AU") })
        const { auth, fake } = yield* setup({ user })
        fake.refreshTokens.set(ALICE_RT, "https://sandbox.zohoapis.com.au")
        const token = yield* auth.accessToken
        assert.strictEqual(token.region.apiUrl, "https://sandbox.zohoapis.com.au")
        assert.strictEqual(token.region.accountsUrl, "https://accounts.zoho.com.au")
        assert.strictEqual(fake.requests[0].url, "https://accounts.zoho.com.au/oauth/v2/token")
      }))

    it.scoped("without a default user or ZohoUser.as there are no credentials", () =>
      Effect.gen(function*() {
        const { auth } = yield* setup()
        const error = yield* Effect.flip(auth.accessToken)
        assert.strictEqual(error._tag, "ZohoAuthError")
        if (error._tag === "ZohoAuthError") assert.strictEqual(error.reason, "NoCredentials")
        assert.strictEqual((yield* Effect.flip(auth.currentUser)).reason, "NoCredentials")
        assert.strictEqual((yield* ZohoUser.as(auth.currentUser, bob)).key, bob.key)
      }))

    it.scoped("ZohoUser.as overrides the default user", () =>
      Effect.gen(function*() {
        const { auth } = yield* setup({ user: alice })
        assert.strictEqual((yield* auth.currentUser).key, alice.key)
        assert.strictEqual((yield* ZohoUser.as(auth.currentUser, bob)).key, bob.key)
      }))
  })

  describe("access-token flow", () => {
    const bare = ZohoUser.make({
      credentials: ZohoCredentials.AccessToken({
        accessToken: Redacted.make("bare-access-token"),
        apiDomain: "https://www.zohoapis.jp"
      })
    })

    it.scoped("is used as is, never persisted, never refreshed", () =>
      Effect.gen(function*() {
        const { auth, fake, store } = yield* setup({ user: bare })
        const token = yield* auth.accessToken
        assert.strictEqual(value(token), "bare-access-token")
        assert.strictEqual(token.region.apiUrl, "https://www.zohoapis.jp")
        assert.isUndefined(token.expiresAt)
        yield* TestClock.adjust("10 hours")
        assert.strictEqual(value(yield* auth.accessToken), "bare-access-token")
        assert.strictEqual(fake.count(), 0)
        assert.strictEqual((yield* store.list).length, 0)
      }))

    it.scoped("after invalidate the next call fails with InvalidToken", () =>
      Effect.gen(function*() {
        const { auth, fake, store } = yield* setup({ user: bare })
        const token = yield* auth.accessToken
        yield* auth.invalidate(Redacted.make("some-other-token"))
        assert.strictEqual(value(yield* auth.accessToken), "bare-access-token")
        yield* auth.invalidate(token.token)
        const error = yield* Effect.flip(auth.accessToken)
        assert.strictEqual(error._tag, "ZohoAuthError")
        if (error._tag === "ZohoAuthError") assert.strictEqual(error.reason, "InvalidToken")
        assertNoSecret(error)
        assert.strictEqual(fake.count(), 0)
        assert.strictEqual((yield* store.list).length, 0)
      }))
  })

  describe("grant-code flow", () => {
    const granted = (userName?: string) =>
      ZohoUser.make({
        credentials: ZohoCredentials.GrantCode({
          clientId: CLIENT_ID,
          clientSecret: Redacted.make(CLIENT_SECRET),
          grantCode: Redacted.make("grant-code-secret"),
          redirectUrl: "https://app.example.com/cb",
          userName
        })
      })

    it.scoped("exchanges once, persists the refresh token and keeps the spent grant code as a lookup key", () =>
      Effect.gen(function*() {
        const { auth, fake, store } = yield* setup({ user: granted("carol@example.com"), region: EU })
        fake.grantCodes.set("grant-code-secret", "https://www.zohoapis.eu")
        const token = yield* auth.accessToken
        yield* auth.accessToken
        assert.strictEqual(fake.count("authorization_code"), 1)
        assert.strictEqual(fake.requests[0].form.redirect_uri, "https://app.example.com/cb")
        assert.strictEqual(token.region.apiUrl, "https://www.zohoapis.eu")
        const stored = yield* store.list
        assert.strictEqual(stored.length, 1)
        assert.strictEqual(Redacted.value(stored[0].refreshToken!), "1000.refresh.grant-code-secret")
        assert.strictEqual(Redacted.value(stored[0].grantToken!), "grant-code-secret")
        assert.strictEqual(stored[0].userName, "carol@example.com")
        assert.strictEqual(stored[0].redirectUrl, "https://app.example.com/cb")

        // After expiry it refreshes with the stored refresh token; the code is never sent again.
        yield* TestClock.adjust("1 hour")
        const renewed = yield* auth.accessToken
        assert.strictEqual(value(renewed), "1000.access.2")
        assert.strictEqual(fake.count("authorization_code"), 1)
        assert.strictEqual(fake.count("refresh_token"), 1)
        assert.strictEqual((yield* store.list)[0].id, stored[0].id)
      }))

    it.scoped("a restart finds the user's stored token instead of exchanging again", () =>
      Effect.gen(function*() {
        const fake = new FakeAccounts()
        fake.grantCodes.set("grant-code-secret", "https://www.zohoapis.eu")
        const store = yield* MemoryTokenStore.make()
        const first = yield* setup({ user: granted("carol@example.com"), fake, store, region: EU })
        yield* first.auth.accessToken
        const second = yield* setup({ user: granted("carol@example.com"), fake, store, region: EU })
        yield* second.auth.accessToken
        yield* TestClock.adjust("2 hours")
        yield* second.auth.accessToken
        assert.strictEqual(fake.count("authorization_code"), 1)
        assert.strictEqual(fake.count("refresh_token"), 1)
        assert.strictEqual((yield* store.list).length, 1)
      }))

    it.scoped("a restart without a user name finds the token by its spent grant code", () =>
      Effect.gen(function*() {
        const fake = new FakeAccounts()
        fake.grantCodes.set("grant-code-secret", "https://www.zohoapis.eu")
        const store = yield* MemoryTokenStore.make()
        const first = yield* setup({ user: granted(), fake, store, region: EU })
        yield* first.auth.accessToken
        const second = yield* setup({ user: granted(), fake, store, region: EU })
        yield* TestClock.adjust("2 hours")
        yield* second.auth.accessToken
        assert.strictEqual(fake.count("authorization_code"), 1)
        assert.strictEqual(fake.count("refresh_token"), 1)
        assert.strictEqual((yield* store.list).length, 1)
      }))

    it.scoped("a stored token for the grant code is used without an exchange", () =>
      Effect.gen(function*() {
        const seeded = new ZohoToken.ZohoToken({
          id: "seeded0001",
          clientId: CLIENT_ID,
          grantToken: Redacted.make("grant-code-secret"),
          accessToken: Redacted.make("1000.access.seeded"),
          refreshToken: Redacted.make("1000.refresh.seeded"),
          expiryTime: 600_000
        })
        const { auth, fake } = yield* setup({ user: granted(), tokens: [seeded] })
        assert.strictEqual(value(yield* auth.accessToken), "1000.access.seeded")
        assert.strictEqual(fake.count(), 0)
      }))

    it.scoped("a used grant code is InvalidCode without leaking it", () =>
      Effect.gen(function*() {
        const { auth } = yield* setup({ user: granted() })
        const error = yield* Effect.flip(auth.accessToken)
        assert.strictEqual(error._tag, "ZohoOAuthError")
        if (error._tag === "ZohoOAuthError") assert.strictEqual(error.reason, "InvalidCode")
        assertNoSecret(error)
      }))
  })

  describe("stored-id flow", () => {
    const byId = (id: string) => ZohoUser.make({ credentials: ZohoCredentials.StoredId({ id }) })

    it.scoped("refreshes with the stored client and refresh token and keeps the id", () =>
      Effect.gen(function*() {
        const stored = new ZohoToken.ZohoToken({
          id: "tok0000001",
          userName: "dave@example.com",
          clientId: CLIENT_ID,
          clientSecret: Redacted.make(CLIENT_SECRET),
          refreshToken: Redacted.make(ALICE_RT),
          accessToken: Redacted.make("1000.access.old"),
          expiryTime: 0,
          apiDomain: "https://sandbox.zohoapis.ca"
        })
        const { auth, fake, store } = yield* setup({
          user: byId("tok0000001"),
          tokens: [stored],
          region: ZohoRegion.make("CA")
        })
        fake.refreshTokens.set(ALICE_RT, "https://www.zohoapis.ca")
        yield* TestClock.adjust("5 minutes")
        const token = yield* auth.accessToken
        assert.strictEqual(value(token), "1000.access.1")
        assert.strictEqual(token.region.apiUrl, "https://www.zohoapis.ca")
        assert.strictEqual(fake.requests[0].form.refresh_token, ALICE_RT)
        const after = yield* store.findById("tok0000001")
        assert.isTrue(Option.isSome(after))
        const t = Option.getOrThrow(after)
        assert.strictEqual(t.expiryTime, 300_000 + 3_600_000)
        assert.strictEqual(Redacted.value(t.accessToken!), "1000.access.1")
        assert.strictEqual(t.userName, "dave@example.com")
        assert.strictEqual((yield* store.list).length, 1)
      }))

    it.scoped("an unknown id is NoCredentials", () =>
      Effect.gen(function*() {
        const { auth, fake } = yield* setup({ user: byId("missing") })
        const error = yield* Effect.flip(auth.accessToken)
        assert.strictEqual(error._tag, "ZohoAuthError")
        if (error._tag === "ZohoAuthError") {
          assert.strictEqual(error.reason, "NoCredentials")
          assert.include(error.message, "missing")
        }
        assert.strictEqual(fake.count(), 0)
      }))
  })

  describe("client-credentials flow", () => {
    const selfClient = ZohoUser.make({
      credentials: ZohoCredentials.ClientCredentials({
        clientId: CLIENT_ID,
        clientSecret: Redacted.make(CLIENT_SECRET),
        scopes: ["ZohoCRM.modules.ALL"],
        soid: "ZohoCRM.777"
      })
    })

    it.scoped("mints, caches until expiry, then mints again", () =>
      Effect.gen(function*() {
        const { auth, fake, store } = yield* setup({ user: selfClient })
        yield* Effect.all(Array.from({ length: 20 }, () => auth.accessToken))
        assert.strictEqual(fake.count("client_credentials"), 1)
        const stored = yield* store.list
        assert.strictEqual(stored.length, 1)
        assert.isUndefined(stored[0].refreshToken)
        assert.strictEqual(stored[0].userName, "ZohoCRM.777")
        yield* TestClock.adjust("1 hour")
        assert.strictEqual(value(yield* auth.accessToken), "1000.access.2")
        assert.strictEqual(fake.count("client_credentials"), 2)
        assert.strictEqual((yield* store.list).length, 1)
      }))
  })

  describe("revoke and persistence", () => {
    it.scoped("revoke revokes the refresh token at Zoho and deletes the stored token", () =>
      Effect.gen(function*() {
        const { auth, fake, store } = yield* setup({ user: alice })
        fake.refreshTokens.set(ALICE_RT, "https://www.zohoapis.com")
        yield* auth.accessToken
        yield* auth.revoke
        assert.deepStrictEqual(fake.revoked, [ALICE_RT])
        assert.strictEqual((yield* store.list).length, 0)
        // The revoked refresh token no longer works at Zoho.
        const error = yield* Effect.flip(auth.accessToken)
        assert.strictEqual(error._tag, "ZohoOAuthError")
      }))

    it.scoped("logs the refresh without any secret", () =>
      Effect.gen(function*() {
        const lines: Array<string> = []
        const capture = Logger.make(({ annotations, message }) => {
          lines.push(JSON.stringify({ message, annotations: Object.fromEntries(HashMap.toEntries(annotations)) }))
        })
        const { auth, fake } = yield* setup({ user: alice })
        fake.refreshTokens.set(ALICE_RT, "https://www.zohoapis.com")
        yield* auth.accessToken.pipe(
          Effect.provide(Logger.replace(Logger.defaultLogger, capture)),
          Logger.withMinimumLogLevel(LogLevel.Debug)
        )
        assert.isTrue(lines.some((l) => l.includes("Zoho access token issued") && l.includes(alice.key)))
        for (const secret of SECRETS) assert.notInclude(lines.join("\n"), secret)
      }))

    it.scoped("persist: false keeps tokens in memory only", () =>
      Effect.gen(function*() {
        const { auth, fake, store } = yield* setup({ user: alice, persist: false })
        fake.refreshTokens.set(ALICE_RT, "https://www.zohoapis.com")
        yield* auth.accessToken
        yield* auth.accessToken
        assert.strictEqual(fake.count(), 1)
        assert.strictEqual((yield* store.list).length, 0)
      }))

    it.scoped("an interrupted caller does not strand the other waiters", () =>
      Effect.gen(function*() {
        const { auth, fake } = yield* setup({ user: alice })
        fake.refreshTokens.set(ALICE_RT, "https://www.zohoapis.com")
        yield* fake.closeGate
        const leader = yield* Effect.fork(auth.accessToken)
        while (fake.count() === 0) yield* Effect.yieldNow()
        const waiter = yield* Effect.fork(auth.accessToken)
        yield* Effect.yieldNow()
        yield* Fiber.interrupt(leader)
        yield* fake.openGate
        assert.strictEqual(value(yield* Fiber.join(waiter)), "1000.access.1")
        assert.strictEqual(fake.count(), 1)
      }))
  })
})
