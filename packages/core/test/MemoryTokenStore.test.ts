import { MemoryTokenStore, TokenStore, ZohoToken } from "@effect-zoho/core"
import * as TokenStoreContract from "@effect-zoho/core/testing/TokenStoreContract"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"

TokenStoreContract.run("memory", MemoryTokenStore.layer)

describe("MemoryTokenStore", () => {
  it.effect("two stores never share tokens or locks", () =>
    Effect.gen(function*() {
      const a = yield* MemoryTokenStore.make()
      const b = yield* MemoryTokenStore.make()
      yield* a.save(new ZohoToken.ZohoToken({ id: "only-in-a" }))
      assert.isTrue(Option.isNone(yield* b.findById("only-in-a")))
      // b's lock on the same key is free while a holds it
      const inner = yield* a.withLock("k", b.withLock("k", Effect.succeed("b inside")))
      assert.strictEqual(inner, "b inside")
    }))

  it.effect("layerWith starts with the given tokens", () =>
    Effect.gen(function*() {
      const store = yield* TokenStore.TokenStore
      assert.strictEqual(store.name, "memory")
      assert.deepStrictEqual((yield* store.list).map((t) => t.id), ["seed-1", "seed-2"])
    }).pipe(
      Effect.provide(
        MemoryTokenStore.layerWith({
          tokens: [new ZohoToken.ZohoToken({ id: "seed-1" }), new ZohoToken.ZohoToken({ id: "seed-2" })]
        })
      )
    ))
})
