import { ZohoError, ZohoRegion } from "@effect-zoho/core"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
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

  describe("make with input a type cannot rule out (JavaScript callers, casts)", () => {
    /** What a JavaScript caller can pass where the types say `DataCenter` / `Environment`. */
    const untyped = ZohoRegion.make as (
      dc: string,
      environment?: string,
      overrides?: ZohoRegion.RegionOverrides
    ) => ZohoRegion.ZohoRegion
    const untypedEither = ZohoRegion.makeEither as (
      dc: string,
      environment?: string,
      overrides?: ZohoRegion.RegionOverrides
    ) => Either.Either<ZohoRegion.ZohoRegion, ZohoError.ZohoConfigError>

    const thrown = (f: () => unknown): unknown => {
      try {
        f()
      } catch (e) {
        return e
      }
      return undefined
    }

    it("an unknown data center throws the typed ZohoConfigError with the choices, not a TypeError", () => {
      const error = thrown(() => untyped("XX"))
      assert.instanceOf(error, ZohoError.ZohoConfigError)
      assert.isFalse(error instanceof TypeError)
      if (!(error instanceof ZohoError.ZohoConfigError)) return
      assert.strictEqual(error.reason, "UnknownRegion")
      assert.strictEqual(error.input, "XX")
      assert.include(error.choices ?? [], "eu")
      assert.include(error.message, "Unknown Zoho region")
      // Inherited keys are not data centers either.
      assert.instanceOf(thrown(() => untyped("toString")), ZohoError.ZohoConfigError)
    })

    it("an unknown environment or a bad override is InvalidInput", () => {
      const env = thrown(() => untyped("EU", "staging"))
      assert.instanceOf(env, ZohoError.ZohoConfigError)
      assert.strictEqual((env as ZohoError.ZohoConfigError).reason, "InvalidInput")
      for (const accountsUrl of ["accounts.zoho.eu", "ftp://accounts.zoho.eu", "https://", "http://x/?a=1"]) {
        const bad = untypedEither("EU", "production", { accountsUrl })
        assert.isTrue(Either.isLeft(bad), accountsUrl)
        if (Either.isLeft(bad)) assert.strictEqual(bad.left.reason, "InvalidInput")
      }
    })

    it("makeEither returns the region or the error without throwing", () => {
      assert.deepStrictEqual(ZohoRegion.makeEither("EU"), Either.right(ZohoRegion.make("EU")))
      const left = untypedEither("XX")
      assert.isTrue(Either.isLeft(left) && left.left.reason === "UnknownRegion")
    })
  })

  describe("trustApiDomain", () => {
    const us = ZohoRegion.make("US")
    it.each(
      [
        ["https://www.zohoapis.com", true],
        ["https://www.zohoapis.com/", true],
        ["https://sandbox.zohoapis.com", true],
        ["https://developer.zohoapis.com", true],
        ["https://content.zohoapis.com", true],
        ["http://www.zohoapis.com", false],
        ["https://www.zohoapis.com.cn", true],
        ["https://www.zohoapis.eu.evil.example", false],
        ["https://www.zohoapis.eu", true],
        ["https://zohoapis.com", false],
        ["https://evilzohoapis.com", false],
        ["https://www.zohoapis.com.evil.example", false],
        ["https://www.zohoapis.com:444", false],
        ["https://www.zohoapis.com/crm", false],
        ["https://a:b@www.zohoapis.com", false],
        ["not a url", false]
      ] as const
    )("%s for US: %s", (domain, trusted) => {
      const result = ZohoRegion.trustApiDomain(us, domain)
      assert.strictEqual(Either.isRight(result), trusted)
      if (Either.isLeft(result)) {
        assert.strictEqual(result.left.reason, "UntrustedHost")
        assert.include(result.left.message, "ZOHO_API_URL")
      }
    })

    it("CA and SA file hosts; overrides the user configured, with their scheme and port", () => {
      assert.isTrue(Either.isRight(ZohoRegion.trustApiDomain(ZohoRegion.make("CA"), "https://upload.zohocloud.ca")))
      assert.isTrue(Either.isRight(ZohoRegion.trustApiDomain(ZohoRegion.make("SA"), "https://files.zoho.sa")))
      const sim = ZohoRegion.make("EU", "production", { apiUrl: "http://127.0.0.1:4010" })
      assert.deepStrictEqual(
        ZohoRegion.trustApiDomain(sim, "http://127.0.0.1:4010/"),
        Either.right("http://127.0.0.1:4010")
      )
      assert.isTrue(Either.isLeft(ZohoRegion.trustApiDomain(sim, "http://127.0.0.1:4011")))
      assert.isTrue(Either.isRight(ZohoRegion.trustApiDomain(sim, "https://www.zohoapis.eu")))
      // The token's data center wins over the configured one, within Zoho's hosts.
      assert.deepStrictEqual(
        ZohoRegion.trustApiDomain(us, "https://www.zohoapis.eu"),
        Either.right("https://www.zohoapis.eu")
      )
    })
  })
})
