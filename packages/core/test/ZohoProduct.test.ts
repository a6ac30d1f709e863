import { ZohoProduct, ZohoProducts } from "@effect-zoho/core"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const srcDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "src")

const filesUnder = (dir: string): Array<string> =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(path.join(dir, entry.name))
      : entry.name.endsWith(".ts")
      ? [path.join(dir, entry.name)]
      : []
  )

const ids = [...Object.keys(ZohoProducts.all), "subscriptions"]

describe("no product switch in core", () => {
  it("no file of packages/core/src but ZohoProducts.ts mentions a product id literal", () => {
    // Quoted ('…', "…" or `…`), any case: `=== "crm"`, `case "books":`, `["invoice"]`.
    const literal = new RegExp(`(["'\`])(${ids.join("|")})\\1`, "i")
    const offenders = filesUnder(srcDir)
      .filter((file) => path.basename(file) !== "ZohoProducts.ts")
      .flatMap((file) =>
        fs.readFileSync(file, "utf8").split("\n").flatMap((line, i) =>
          literal.test(line) ? [`${path.relative(srcDir, file)}:${i + 1}: ${line.trim()}`] : []
        )
      )
    assert.deepStrictEqual(offenders, [])
  })

  it("only the index re-exports ZohoProducts: core's behaviour reads descriptors, never the shipped list", () => {
    const importers = filesUnder(srcDir)
      .filter((file) => !["ZohoProducts.ts", "index.ts", "ZohoProduct.ts"].includes(path.basename(file)))
      .filter((file) => /from "\.{1,2}\/(\.\.\/)?ZohoProducts\.js"/.test(fs.readFileSync(file, "utf8")))
    assert.deepStrictEqual(importers.map((file) => path.relative(srcDir, file)), [])
  })
})

const valid: ZohoProduct.Input = {
  id: "desk",
  name: "Zoho Desk",
  basePath: "/api/v1",
  orgId: ZohoProduct.orgIdHeader("orgId"),
  scopePrefix: "Desk."
}

const reasonOf = (input: ZohoProduct.Input) =>
  Either.match(ZohoProduct.make(input), { onLeft: (e) => `${e.reason}: ${e.message}`, onRight: () => "ok" })

describe("ZohoProduct.make", () => {
  it("fills defaults", () => {
    const product = Either.getOrThrow(ZohoProduct.make(valid))
    assert.strictEqual(product.version, "v1")
    assert.strictEqual(product.envelope, "finance")
    assert.strictEqual(product.unknown401, "InvalidToken")
    assert.deepStrictEqual(product.orgFreePaths, [])
    assert.strictEqual(product.throttle.maxConcurrent, 10)
  })

  it("an invalid base path is a ZohoConfigError InvalidProduct", () => {
    for (const basePath of ["api/v1", "/api/v1/", "/api/../v1", "/api/v1?x=1", "/api v1", "", "https://x/api"]) {
      assert.match(reasonOf({ ...valid, basePath }), /^InvalidProduct: .*base path/, basePath)
    }
  })

  it("an unknown org-id rule, or a name that is not an HTTP token, is a ZohoConfigError", () => {
    const rule = { _tag: "Cookie", name: "org" } as unknown as ZohoProduct.OrgIdRule
    assert.match(reasonOf({ ...valid, orgId: rule }), /^InvalidProduct: .*unknown organization id rule/)
    assert.match(reasonOf({ ...valid, orgId: ZohoProduct.orgIdHeader("org id\r\nX: 1") }), /^InvalidProduct: /)
    assert.match(reasonOf({ ...valid, orgId: ZohoProduct.orgIdQuery("") }), /^InvalidProduct: /)
  })

  it("a bad id, envelope family or legacy host is a ZohoConfigError", () => {
    assert.match(reasonOf({ ...valid, id: "Desk!" }), /^InvalidProduct: .*id/)
    const envelope = "xml" as unknown as ZohoProduct.EnvelopeFamily
    assert.match(reasonOf({ ...valid, envelope }), /^InvalidProduct: .*envelope/)
    assert.match(
      reasonOf({ ...valid, legacyHosts: { basePath: "/api/v1", origins: { US: "http://desk.zoho.com" } } }),
      /^InvalidProduct: .*https origin/
    )
    assert.match(reasonOf({ ...valid, useLegacyHosts: true }), /^InvalidProduct: .*useLegacyHosts/)
  })

  it("unsafeMake throws the same typed error", () => {
    assert.throws(() => ZohoProduct.unsafeMake({ ...valid, basePath: "/x/" }), /base path/)
  })

  it("plans: the user picks one; an unknown plan lists the choices", () => {
    const standard = Either.getOrThrow(ZohoProduct.planPolicy(ZohoProducts.books, "standard"))
    assert.strictEqual(standard.dailyBudget, 2_000)
    assert.strictEqual(standard.requestsPerWindow, 100)
    assert.strictEqual(standard.maxConcurrent, 10)
    assert.strictEqual(Either.getOrThrow(ZohoProduct.planPolicy(ZohoProducts.books, "Free")).dailyBudget, 1_000)
    const unknown = Either.flip(ZohoProduct.planPolicy(ZohoProducts.books, "Gold"))
    assert.isTrue(Either.isRight(unknown))
    if (Either.isRight(unknown)) assert.isTrue(unknown.right.choices?.includes("Professional"))
  })

  it("the finance table: 57 not authorized, 14 invalid token, 44/45/1070 limits", () => {
    const kind = (code: number) => ZohoProduct.errorKind(ZohoProducts.books, code)
    assert.deepStrictEqual([kind(57), kind(14), kind(44), kind(45), kind(1070), kind(1002), kind(99999)], [
      "NotAuthorized",
      "InvalidToken",
      "RateLimited",
      "DailyLimit",
      "ConcurrencyLimit",
      "NotFound",
      "Other"
    ])
  })

  it("legacy hosts: per data center, when asked", () => {
    const origin = "https://www.zohoapis.eu"
    assert.strictEqual(ZohoProduct.baseUrl(ZohoProducts.books, origin), "https://www.zohoapis.eu/books/v3")
    assert.strictEqual(
      ZohoProduct.baseUrl(ZohoProducts.books, origin, { legacy: true, dc: "EU" }),
      "https://books.zoho.eu/api/v3"
    )
    assert.strictEqual(ZohoProduct.baseUrl(ZohoProducts.crm, origin, { legacy: true, dc: "EU" }), `${origin}/crm/v8`)
  })

  it.effect("ZohoProducts.resolve: ids, names and the old name; an unknown one lists the choices", () =>
    Effect.gen(function*() {
      assert.strictEqual((yield* ZohoProducts.resolve("Zoho Books")).id, ZohoProducts.books.id)
      assert.strictEqual((yield* ZohoProducts.resolve("subscriptions")).id, ZohoProducts.billing.id)
      const error = yield* Effect.flip(ZohoProducts.resolve("desk"))
      assert.strictEqual(error.reason, "UnknownProduct")
    }))
})
