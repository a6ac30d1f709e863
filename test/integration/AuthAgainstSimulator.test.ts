import { Endpoint, ZohoAuth, ZohoUser } from "@effect-zoho/core"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import { listLeads } from "../support/Endpoints.js"
import { grantUser, refreshUser, stack } from "../support/Stack.js"

const list = Endpoint.call(listLeads)
const query = { query: { fields: ["Last_Name"] } }

describe("auth against the simulator's accounts server", () => {
  it.effect("1,000 concurrent calls on an expired token make exactly 1 refresh request", () =>
    Effect.gen(function*() {
      const { layer, simulator } = yield* stack({ throttle: { policies: { crm: { maxConcurrent: 10 } } } })
      yield* Effect.gen(function*() {
        yield* list(query)
        assert.strictEqual((yield* simulator.stats).tokenRequests.refresh_token, 1)
        // Past the token's hour: every caller finds it expired at once.
        yield* TestClock.adjust("61 minutes")
        yield* Effect.all(Array.from({ length: 1000 }, () => list(query)), { concurrency: "unbounded" })
        const refreshes = (yield* simulator.stats).tokenRequests.refresh_token - 1
        console.log(`refresh requests for 1000 concurrent callers on an expired token: ${refreshes}`)
        assert.strictEqual(refreshes, 1)
      }).pipe(Effect.provide(layer))
    }), 60_000)

  it.effect("a token the API refuses (401 INVALID_TOKEN) is refreshed once and the calls are replayed", () =>
    Effect.gen(function*() {
      const { layer, simulator } = yield* stack({ throttle: { policies: { crm: { maxConcurrent: 10 } } } })
      yield* Effect.gen(function*() {
        yield* list(query)
        // Zoho-side expiry the client cannot see coming: the cached token still looks fresh.
        yield* simulator.expireAccessTokens
        yield* Effect.all(Array.from({ length: 50 }, () => list(query)), { concurrency: "unbounded" })
        const stats = yield* simulator.stats
        assert.strictEqual(stats.tokenRequests.refresh_token, 2)
      }).pipe(Effect.provide(layer))
    }))

  it.effect("the grant code is exchanged once, then the stored refresh token is used", () =>
    Effect.gen(function*() {
      const { layer, simulator, store } = yield* stack({ user: grantUser })
      yield* Effect.gen(function*() {
        yield* list(query)
        yield* TestClock.adjust("2 hours")
        yield* list(query)
        const stats = yield* simulator.stats
        assert.strictEqual(stats.tokenRequests.authorization_code, 1)
        assert.strictEqual(stats.tokenRequests.refresh_token, 1)
        const [saved] = yield* store.list
        assert.isDefined(saved.refreshToken)
        assert.strictEqual(saved.userName, "admin@sim.example")
      }).pipe(Effect.provide(layer))
    }))

  it.effect("a revoked refresh token is a permanent OAuth error, not a crash or a retry loop", () =>
    Effect.gen(function*() {
      const { layer, simulator } = yield* stack()
      yield* simulator.revokeToken("1000.simrefresh")
      const error = yield* Effect.flip(list(query)).pipe(Effect.provide(layer))
      assert.strictEqual(error._tag, "ZohoOAuthError")
      if (error._tag === "ZohoOAuthError") assert.isTrue(error.permanent)
      assert.strictEqual((yield* simulator.stats).tokenRequests.refresh_token, 1)
    }))

  it.effect("many users at once: each gets its own token, concurrently", () =>
    Effect.gen(function*() {
      const { layer, simulator } = yield* stack()
      const second = ZohoUser.make({ ...refreshUser, key: "second-user" })
      yield* Effect.gen(function*() {
        const auth = yield* ZohoAuth.ZohoAuth
        const [a, b] = yield* Effect.all([
          ZohoUser.as(auth.accessToken, refreshUser),
          ZohoUser.as(auth.accessToken, second)
        ], { concurrency: 2 })
        assert.notStrictEqual(Redacted.value(a.token), Redacted.value(b.token))
        assert.strictEqual(a.user.key, refreshUser.key)
        assert.strictEqual(b.user.key, "second-user")
      }).pipe(Effect.provide(layer))
      assert.strictEqual((yield* simulator.stats).tokenRequests.refresh_token, 2)
    }))

  it.effect("the 11th token minted in 10 minutes is Zoho's TooManyRequests, with retryAfter and no retry", () =>
    Effect.gen(function*() {
      const { layer, simulator } = yield* stack()
      yield* Effect.gen(function*() {
        const auth = yield* ZohoAuth.ZohoAuth
        for (let i = 0; i < 10; i++) {
          const token = yield* auth.accessToken
          yield* auth.invalidate(token.token)
        }
        const fiber = yield* Effect.fork(Effect.flip(auth.accessToken))
        const error = yield* Fiber.join(fiber)
        assert.strictEqual(error._tag, "ZohoOAuthError")
        if (error._tag === "ZohoOAuthError") {
          assert.strictEqual(error.reason, "TooManyRequests")
          // Retrying inside Zoho's 10-minute window only adds token requests against the cap.
          assert.isTrue(error.permanent)
          assert.isDefined(error.retryAfter)
        }
      }).pipe(Effect.provide(layer))
      assert.strictEqual((yield* simulator.stats).tokenRequests.refresh_token, 11)
    }))
})
