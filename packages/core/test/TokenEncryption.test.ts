import { FileTokenStore, MemoryTokenStore, TokenEncryption, TokenStore, ZohoError, ZohoToken } from "@effect-zoho/core"
import * as TokenStoreContract from "@effect-zoho/core/testing/TokenStoreContract"
import { NodeFileSystem } from "@effect/platform-node"
import * as FileSystem from "@effect/platform/FileSystem"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as NodePath from "node:path"

const KEY_A = Redacted.make("q7JxX8o0lF3jTqZ5o1bq0m0j8bI8oR0c4sG2y6yWb0E=")
const KEY_B_HEX = Redacted.make("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")

const SECRETS = {
  clientSecret: "enc-test-client-secret-61c2",
  refreshToken: "1000.enc-test-refresh-token.a81f",
  accessToken: "1000.enc-test-access-token.77d0",
  grantToken: "1000.enc-test-grant-token.3e9b"
} as const

const fullToken = (id = "enc0000001") =>
  new ZohoToken.ZohoToken({
    id,
    userName: "owner@example.com",
    clientId: "1000.ENCCLIENT",
    clientSecret: Redacted.make(SECRETS.clientSecret),
    refreshToken: Redacted.make(SECRETS.refreshToken),
    accessToken: Redacted.make(SECRETS.accessToken),
    grantToken: Redacted.make(SECRETS.grantToken),
    expiryTime: 1_767_225_600_123,
    redirectUrl: "https://app.example.com/cb",
    apiDomain: "https://www.zohoapis.eu"
  })

const assertNoSecret = (label: string, text: string) => {
  for (const secret of Object.values(SECRETS)) assert.notInclude(text, secret, `${label} reveals a secret`)
}

const failureOf = (exit: Exit.Exit<unknown, unknown>): ZohoError.TokenStoreError => {
  assert.isTrue(Exit.isFailure(exit), "expected a failure")
  const failure = Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined
  assert.instanceOf(failure, ZohoError.TokenStoreError, Exit.isFailure(exit) ? Cause.pretty(exit.cause) : "")
  return failure as ZohoError.TokenStoreError
}

/** A plain memory store and an encrypting view of it (optionally with another key). */
const pair = (options: TokenEncryption.Options = { key: KEY_A }) =>
  Effect.gen(function*() {
    const inner = yield* MemoryTokenStore.make()
    const outer = yield* TokenEncryption.wrap(inner, options)
    return { inner, outer }
  })

const encodedOf = (token: ZohoToken.ZohoToken) => Effect.orDie(ZohoToken.encode(token))

TokenStoreContract.run(
  "memory, encrypted",
  TokenEncryption.layer({ key: KEY_A }).pipe(Layer.provide(MemoryTokenStore.layer))
)

describe("TokenEncryption", () => {
  it.effect("the inner store holds no plaintext secret, only enc:v1:<keyId>: values", () =>
    Effect.gen(function*() {
      const { inner, outer } = yield* pair({ key: KEY_A, keyId: "main" })
      yield* outer.save(fullToken())
      const dump = yield* Effect.forEach(yield* inner.list, encodedOf)
      const text = JSON.stringify(dump)
      assertNoSecret("inner dump", text)
      const row = dump[0] as Record<string, string>
      for (const column of ["client_secret", "refresh_token", "access_token", "grant_token"]) {
        assert.match(row[column], /^enc:v1:main:[A-Za-z0-9+/]+=*$/, column)
      }
      // Non-secret fields stay readable for operators and the seed SDKs.
      assert.strictEqual(row.user_name, "owner@example.com")
      assert.strictEqual(row.client_id, "1000.ENCCLIENT")
      assert.strictEqual(row.expiry_time, "1767225600123")
      // And the encrypting view returns the plaintext.
      const got = Option.getOrThrow(yield* outer.findById("enc0000001"))
      assert.strictEqual(Redacted.value(got.refreshToken!), SECRETS.refreshToken)
      assert.strictEqual(Redacted.value(got.clientSecret!), SECRETS.clientSecret)
    }))

  it.effect("every seal uses a fresh IV: the same token saved twice is stored differently", () =>
    Effect.gen(function*() {
      const { inner, outer } = yield* pair()
      yield* outer.save(fullToken())
      const first = Redacted.value(Option.getOrThrow(yield* inner.findById("enc0000001")).refreshToken!)
      yield* outer.save(fullToken())
      const second = Redacted.value(Option.getOrThrow(yield* inner.findById("enc0000001")).refreshToken!)
      assert.notStrictEqual(first, second)
    }))

  it.scoped("the token file of an encrypted file store holds no plaintext secret", () =>
    Effect.gen(function*() {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* fs.makeTempDirectoryScoped({ prefix: "effect-zoho-enc-" })
      const path = NodePath.join(dir, "tokens.json")
      const store = yield* Effect.flatMap(FileTokenStore.make({ path }), (inner) =>
        TokenEncryption.wrap(inner, { key: KEY_A }))
      yield* store.save(fullToken())
      const file = yield* fs.readFileString(path)
      assertNoSecret("token file", file)
      assert.include(file, "enc:v1:")
      const found = yield* store.find({ clientId: "1000.ENCCLIENT", refreshToken: Redacted.make(SECRETS.refreshToken) })
      assert.strictEqual(Option.getOrThrow(found).id, "enc0000001")
    }).pipe(Effect.provide(NodeFileSystem.layer)))

  it.effect("a value sealed under another key is Corrupt, with no secret in the error", () =>
    Effect.gen(function*() {
      const { inner, outer } = yield* pair({ key: KEY_A })
      yield* outer.save(fullToken())
      // Another key id: the value names a key that is not configured.
      const other = yield* TokenEncryption.wrap(inner, { key: KEY_B_HEX })
      const unknownKey = failureOf(yield* Effect.exit(other.findById("enc0000001")))
      assert.strictEqual(unknownKey.reason, "Corrupt")
      assert.include(unknownKey.message, "not configured")
      // Same key id, wrong key: authentication fails.
      const { inner: inner2, outer: outer2 } = yield* pair({ key: KEY_A, keyId: "k1" })
      yield* outer2.save(fullToken())
      const wrong = yield* TokenEncryption.wrap(inner2, { key: KEY_B_HEX, keyId: "k1" })
      for (
        const attempt of [
          wrong.findById("enc0000001"),
          wrong.list,
          wrong.find({ clientId: "1000.ENCCLIENT", userName: "owner@example.com" })
        ] as ReadonlyArray<Effect.Effect<unknown, ZohoError.TokenStoreError>>
      ) {
        const exit = yield* Effect.exit(attempt)
        const error = failureOf(exit)
        assert.strictEqual(error.reason, "Corrupt")
        assert.include(error.message, "wrong key")
        assertNoSecret(
          "error",
          `${String(error)} ${JSON.stringify(error)} ${Cause.pretty(Exit.isFailure(exit) ? exit.cause : Cause.empty)}`
        )
        const sealed = Redacted.value(Option.getOrThrow(yield* inner2.findById("enc0000001")).refreshToken!)
        assert.notInclude(error.message, sealed.slice(12), "quotes the sealed value")
      }
    }))

  it.effect("tampering is Corrupt: a flipped byte, a value moved to another field or another token", () =>
    Effect.gen(function*() {
      const { inner, outer } = yield* pair()
      yield* outer.save(fullToken())
      const stored = Option.getOrThrow(yield* inner.findById("enc0000001"))
      const sealed = Redacted.value(stored.refreshToken!)
      const cut = sealed.lastIndexOf(":") + 1
      const bytes = atob(sealed.slice(cut))
      const flipped = bytes.slice(0, 20) + String.fromCharCode(bytes.charCodeAt(20) ^ 1) + bytes.slice(21)
      const tampered = sealed.slice(0, cut) + btoa(flipped)

      const check = (token: ZohoToken.ZohoToken, id: string) =>
        Effect.gen(function*() {
          yield* inner.save(token)
          const error = failureOf(yield* Effect.exit(outer.findById(id)))
          assert.strictEqual(error.reason, "Corrupt", error.message)
          assertNoSecret("error", error.message)
        })

      yield* check(new ZohoToken.ZohoToken({ ...stored, refreshToken: Redacted.make(tampered) }), "enc0000001")
      // The access token's seal pasted into refresh_token: authenticated with the field name.
      yield* check(new ZohoToken.ZohoToken({ ...stored, refreshToken: stored.accessToken }), "enc0000001")
      // The whole row copied under another id: authenticated with the token id.
      yield* check(new ZohoToken.ZohoToken({ ...stored, id: "copy000001" }), "copy000001")
      // Truncated and unknown-version values.
      yield* check(
        new ZohoToken.ZohoToken({ ...stored, refreshToken: Redacted.make(sealed.slice(0, 30)) }),
        "enc0000001"
      )
      yield* check(new ZohoToken.ZohoToken({ ...stored, refreshToken: Redacted.make("enc:v9:x:AAAA") }), "enc0000001")
    }))

  it.effect("plaintext values from before encryption are read as-is and sealed on the next save", () =>
    Effect.gen(function*() {
      const { inner, outer } = yield* pair()
      yield* inner.save(fullToken("legacy0001"))
      const found = yield* outer.find({ clientId: "1000.ENCCLIENT", refreshToken: Redacted.make(SECRETS.refreshToken) })
      const legacy = Option.getOrThrow(found)
      assert.strictEqual(legacy.id, "legacy0001")
      assert.strictEqual(Redacted.value(legacy.accessToken!), SECRETS.accessToken)
      yield* outer.save(legacy)
      assertNoSecret("after migration", JSON.stringify(yield* Effect.forEach(yield* inner.list, encodedOf)))
    }))

  it.effect("previousKeys still open values after a rotation; new seals use the new key", () =>
    Effect.gen(function*() {
      const { inner, outer } = yield* pair({ key: KEY_A, keyId: "old" })
      yield* outer.save(fullToken())
      const rotated = yield* TokenEncryption.wrap(inner, {
        key: KEY_B_HEX,
        keyId: "new",
        previousKeys: [{ key: KEY_A, keyId: "old" }]
      })
      const token = Option.getOrThrow(yield* rotated.findById("enc0000001"))
      assert.strictEqual(Redacted.value(token.grantToken!), SECRETS.grantToken)
      yield* rotated.save(token)
      const stored = Option.getOrThrow(yield* inner.findById("enc0000001"))
      assert.match(Redacted.value(stored.refreshToken!), /^enc:v1:new:/)
    }))

  it.effect("keys are validated: 32 bytes as base64, base64url or hex; nothing of the key in the error", () =>
    Effect.gen(function*() {
      const inner = yield* MemoryTokenStore.make()
      const ok = (key: string) => Effect.isSuccess(TokenEncryption.wrap(inner, { key: Redacted.make(key) }))
      assert.isTrue(yield* ok(Redacted.value(KEY_A)))
      assert.isTrue(yield* ok(Redacted.value(KEY_A).replace(/=+$/, "")))
      assert.isTrue(yield* ok(Redacted.value(KEY_B_HEX)))
      assert.isTrue(yield* ok(Redacted.value(yield* TokenEncryption.generateKey)))
      const urlSafe = btoa(String.fromCharCode(...Array.from({ length: 32 }, (_, i) => 250 - i)))
        .replace(/\+/g, "-").replace(/\//g, "_")
      assert.isTrue(yield* ok(urlSafe))
      for (
        const bad of [
          "too-short-secret-key",
          "00112233",
          "a".repeat(63),
          Redacted.value(KEY_A).slice(4),
          "!".repeat(44)
        ]
      ) {
        const error = failureOf(yield* Effect.exit(TokenEncryption.wrap(inner, { key: Redacted.make(bad) })))
        assert.strictEqual(error.reason, "Invalid")
        assert.notInclude(error.message, bad)
      }
      const badId = failureOf(yield* Effect.exit(TokenEncryption.wrap(inner, { key: KEY_A, keyId: "a:b" })))
      assert.strictEqual(badId.reason, "Invalid")
      const sameId = failureOf(
        yield* Effect.exit(
          TokenEncryption.wrap(inner, { key: KEY_A, keyId: "x", previousKeys: [{ key: KEY_B_HEX, keyId: "x" }] })
        )
      )
      assert.strictEqual(sameId.reason, "Invalid")
    }))

  it.effect("layerConfig reads ZOHO_TOKEN_ENCRYPTION_KEY (and _KEY_ID) and decorates the given store", () =>
    Effect.gen(function*() {
      const inner = yield* MemoryTokenStore.make()
      const outer = yield* TokenStore.TokenStore.pipe(
        Effect.provide(
          TokenEncryption.layerConfig().pipe(Layer.provide(Layer.succeed(TokenStore.TokenStore, inner)))
        ),
        Effect.withConfigProvider(
          ConfigProvider.fromMap(
            new Map([["ZOHO_TOKEN_ENCRYPTION_KEY", Redacted.value(KEY_A)], ["ZOHO_TOKEN_ENCRYPTION_KEY_ID", "env"]])
          )
        )
      )
      yield* outer.save(fullToken())
      const stored = Option.getOrThrow(yield* inner.findById("enc0000001"))
      assert.match(Redacted.value(stored.accessToken!), /^enc:v1:env:/)
      const missing = yield* Effect.exit(
        TokenStore.TokenStore.pipe(
          Effect.provide(TokenEncryption.layerConfig().pipe(Layer.provide(MemoryTokenStore.layer))),
          Effect.withConfigProvider(ConfigProvider.fromMap(new Map()))
        )
      )
      assert.isTrue(Exit.isFailure(missing), "a missing key must not silently store plaintext")
    }))
})
