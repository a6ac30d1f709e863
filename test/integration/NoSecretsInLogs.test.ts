import { Endpoint, ZohoUser } from "@effect-zoho/core"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import { createContact, listLeads } from "../support/Endpoints.js"
import { CLIENT_SECRET, GRANT_CODE, grantUser, stack } from "../support/Stack.js"

describe("logging", () => {
  it.effect("a full auth + request cycle logs nothing secret, at every level", () =>
    Effect.gen(function*() {
      const lines: Array<string> = []
      // Everything a logger can see: message, annotations and spans, in every built-in format.
      const capture = Logger.make((options) => {
        lines.push(Logger.logfmtLogger.log(options))
        lines.push(Logger.jsonLogger.log(options))
        lines.push(Logger.stringLogger.log(options))
      })
      const { layer, simulator, store } = yield* stack({ user: grantUser, client: { logBodies: true } })
      yield* Effect.gen(function*() {
        // grant-code exchange, API calls on both envelopes, a 401 replay, a refresh after expiry
        yield* Endpoint.call(listLeads)({ query: { fields: ["Last_Name"] } })
        yield* Endpoint.call(createContact)({ body: { contact_name: "Logged" } })
        yield* simulator.expireAccessTokens
        yield* Endpoint.call(listLeads)({ query: { fields: ["Last_Name"] } })
        yield* TestClock.adjust("2 hours")
        yield* Endpoint.call(listLeads)({ query: { fields: ["Last_Name"] } })
        // a failing call too: errors get logged by users
        yield* Effect.flip(ZohoUser.as(
          Endpoint.call(createContact)({ body: { contact_name: "x" } }),
          ZohoUser.make({ ...grantUser, key: "bad-org", organizationId: "nope" })
        )).pipe(Effect.tap((e) => Effect.logError("call failed", e)))
      }).pipe(
        Effect.provide(layer),
        Effect.provide(Logger.replace(Logger.defaultLogger, capture)),
        Logger.withMinimumLogLevel(LogLevel.All)
      )
      const [token] = yield* store.list
      const secrets = [
        CLIENT_SECRET,
        GRANT_CODE,
        Redacted.value(token.refreshToken!),
        Redacted.value(token.accessToken!)
      ]
      const output = lines.join("\n")
      assert.isAbove(lines.length, 10, "the cycle must have logged something")
      for (const secret of secrets) assert.notInclude(output, secret)
      // and the first access token, the one the 401 replaced
      assert.notMatch(output, /1000\.[0-9a-f]{32}\.[0-9a-f]{32}/)
    }))
})
