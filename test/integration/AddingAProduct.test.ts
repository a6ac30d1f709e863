/**
 * docs/adding-a-product.md's example (examples/src/desk.ts) runs here: a product core does not ship
 * (Zoho Desk), declared in one file, called through the whole stack against a user-defined route.
 */
import { Endpoint, MemoryTokenStore, TokenStore, Zoho, ZohoProduct, ZohoRegion } from "@effect-zoho/core"
import { HttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { desk, DeskLive, deskRoutes, getTicket, program } from "../../examples/src/desk.js"

describe("adding a product (docs/adding-a-product.md)", () => {
  it.effect("the Desk example lists tickets and reads one", () =>
    Effect.gen(function*() {
      const result = yield* program.pipe(Effect.provide(DeskLive))
      assert.strictEqual(result.count, 2)
      assert.strictEqual(result.first.subject, "Printer on fire")
    }))

  it.effect("a bad descriptor or a path escaping the base path fails before any request or token write", () =>
    Effect.gen(function*() {
      let requests = 0
      let writes = 0
      const counting = Layer.effect(
        HttpClient.HttpClient,
        Effect.map(
          HttpClient.HttpClient,
          (client) =>
            HttpClient.make((request) => Effect.zipRight(Effect.sync(() => requests++), client.execute(request)))
        )
      ).pipe(Layer.provide(deskRoutes))
      const store = Layer.effect(
        TokenStore.TokenStore,
        Effect.map(TokenStore.TokenStore, (inner) => ({
          ...inner,
          save: (token: Parameters<typeof inner.save>[0]) =>
            Effect.zipRight(Effect.sync(() => writes++), inner.save(token))
        }))
      ).pipe(Layer.provide(MemoryTokenStore.layer))
      const stack = Zoho.layer({ region: ZohoRegion.make("US") }).pipe(Layer.provide(counting), Layer.provide(store))

      const badPath = yield* Effect.flip(ZohoProduct.make({ ...desk, basePath: "/api/v1/../admin" }))
      assert.strictEqual(badPath.reason, "InvalidProduct")
      const badRule = yield* Effect.flip(
        ZohoProduct.make({ ...desk, orgId: { _tag: "Cookie" } as unknown as ZohoProduct.OrgIdRule })
      )
      assert.strictEqual(badRule.reason, "InvalidProduct")
      const escape = yield* Effect.flip(
        Endpoint.call(getTicket)({ path: { ticketId: ".." } }).pipe(Effect.provide(stack))
      )
      assert.strictEqual(escape._tag, "ZohoConfigError")
      assert.strictEqual(requests, 0)
      assert.strictEqual(writes, 0)
    }))
})
