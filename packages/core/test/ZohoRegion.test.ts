import { ZohoRegion } from "@effect-zoho/core"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"

describe("ZohoRegion", () => {
  it.effect.each([
    ["eu", "EU", "https://accounts.zoho.eu", "https://www.zohoapis.eu"],
    ["Europe", "EU", "https://accounts.zoho.eu", "https://www.zohoapis.eu"],
    ["EUROPE", "EU", "https://accounts.zoho.eu", "https://www.zohoapis.eu"],
    [".com.au", "AU", "https://accounts.zoho.com.au", "https://www.zohoapis.com.au"],
    ["https://accounts.zohocloud.ca", "CA", "https://accounts.zohocloud.ca", "https://www.zohoapis.ca"],
    ["https://accounts.zoho.com.cn/", "CN", "https://accounts.zoho.com.cn", "https://www.zohoapis.com.cn"],
    ["https://www.zohoapis.in", "IN", "https://accounts.zoho.in", "https://www.zohoapis.in"],
    ["Saudi Arabia", "SA", "https://accounts.zoho.sa", "https://www.zohoapis.sa"],
    ["jp", "JP", "https://accounts.zoho.jp", "https://www.zohoapis.jp"],
    ["uk", "UK", "https://accounts.zoho.uk", "https://www.zohoapis.uk"],
    ["United States", "US", "https://accounts.zoho.com", "https://www.zohoapis.com"],
    ["books.zoho.com", "US", "https://accounts.zoho.com", "https://www.zohoapis.com"]
  ])("resolves %s", ([input, dc, accounts, api]) =>
    Effect.gen(function*() {
      const region = yield* ZohoRegion.resolve(input)
      assert.strictEqual(region.dc, dc)
      assert.strictEqual(region.accountsUrl, accounts)
      assert.strictEqual(region.apiUrl, api)
    }))

  it.effect("reads the environment from a sandbox api_domain", () =>
    Effect.gen(function*() {
      const region = yield* ZohoRegion.resolve("https://sandbox.zohoapis.eu")
      assert.strictEqual(region.environment, "sandbox")
      assert.strictEqual(region.apiUrl, "https://sandbox.zohoapis.eu")
      assert.strictEqual(region.accountsUrl, "https://accounts.zoho.eu")
    }))

  it("builds developer hosts and CA/SA upload hosts", () => {
    assert.strictEqual(ZohoRegion.make("AU", "developer").apiUrl, "https://developer.zohoapis.com.au")
    assert.strictEqual(ZohoRegion.make("CA").uploadUrl, "https://upload.zohocloud.ca")
    assert.strictEqual(ZohoRegion.make("SA").uploadUrl, "https://files.zoho.sa")
    assert.strictEqual(ZohoRegion.make("US").uploadUrl, "https://content.zohoapis.com")
  })

  it("applies overrides and the token's api_domain", () => {
    const region = ZohoRegion.make("US", "production", { accountsUrl: "http://127.0.0.1:9999/" })
    assert.strictEqual(region.accountsUrl, "http://127.0.0.1:9999")
    assert.strictEqual(ZohoRegion.withApiDomain(region, "https://www.zohoapis.eu").apiUrl, "https://www.zohoapis.eu")
    assert.strictEqual(ZohoRegion.withApiDomain(region, undefined).apiUrl, "https://www.zohoapis.com")
  })

  it.effect("fails with the valid choices on unknown input", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(ZohoRegion.resolve("mars"))
      assert.isTrue(Exit.isFailure(exit))
      const error = yield* Effect.flip(ZohoRegion.resolve("mars"))
      assert.strictEqual(error._tag, "ZohoConfigError")
      assert.strictEqual(error.reason, "UnknownRegion")
      assert.include(error.choices ?? [], "eu")
      assert.include(error.choices ?? [], "https://accounts.zohocloud.ca")
    }))
})
