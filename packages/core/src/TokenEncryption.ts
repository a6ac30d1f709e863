/**
 * Encryption at rest for any `TokenStore`: the refresh token, access token, client secret and
 * grant token are sealed with AES-256-GCM before the inner store sees them, so a dump of the
 * table, the Redis keys or the token file leaks nothing usable. Other fields (id, client id, user
 * name, expiry, URLs) stay readable so that operators and the seed SDKs can still inspect rows.
 *
 * A decorator layer: it needs a `TokenStore` and provides one, so put it over the real store:
 *
 * ```ts
 * const Tokens = TokenEncryption.layerConfig().pipe(Layer.provide(MysqlTokenStore.layerConfig()))
 * ```
 *
 * or wrap a store value with `wrap(store, options)`.
 *
 * A sealed value is `enc:v1:<keyId>:<base64(iv | ciphertext | tag)>` with a random 96-bit IV per
 * value; the token id and field name are authenticated with it, so a value copied into another
 * field or row does not decrypt. A value that does not start with `enc:` is read as plaintext, so
 * an existing store is migrated as its tokens are next saved. A value sealed under an unknown key,
 * the wrong key or tampered with is `TokenStoreError` reason `Corrupt`. Old keys can stay readable
 * after a rotation through `previousKeys`.
 *
 * `find` cannot ask the inner store to compare sealed refresh or grant tokens (each seal is
 * different), so it lists the tokens of the client id, opens them and applies
 * `ZohoToken.matches`; an app has few tokens, so this costs little.
 *
 * A sealed value is longer than the plaintext: `8 + keyId length + 4·⌈(n + 28) / 3⌉` characters for
 * n bytes. In the seed's varchar(255) columns, with the default 8-character key id, that leaves
 * room for 149 bytes of plaintext; Zoho's tokens are about 70.
 *
 * Uses Web Crypto (`globalThis.crypto.subtle`), which Node 20 and browsers provide.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { TokenStore } from "./TokenStore.js"
import type * as TokenStoreNs from "./TokenStore.js"
import { TokenStoreError } from "./ZohoError.js"
import * as ZohoToken from "./ZohoToken.js"

/**
 * The marker every sealed value starts with.
 *
 * @category constants
 * @since 0.1.0
 */
export const PREFIX = "enc:v1:"

/**
 * @category models
 * @since 0.1.0
 */
export interface Key {
  /** 32 random bytes, base64 (standard or URL-safe) or hex. */
  readonly key: Redacted.Redacted<string>
  /**
   * Written into every sealed value to pick the key for opening it (letters, digits, `_`, `-`;
   * at most 32). Default: the first 8 hex digits of the key's SHA-256.
   */
  readonly keyId?: string | undefined
}

/**
 * @category models
 * @since 0.1.0
 */
export interface Options extends Key {
  /** Keys that only open values (after a rotation); new values are always sealed with `key`. */
  readonly previousKeys?: ReadonlyArray<Key> | undefined
}

const secretFields = [
  ["clientSecret", "client_secret"],
  ["refreshToken", "refresh_token"],
  ["accessToken", "access_token"],
  ["grantToken", "grant_token"]
] as const

type SecretField = typeof secretFields[number][0]

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/
const HEX_KEY = /^[0-9a-fA-F]{64}$/
const IV_BYTES = 12
const TAG_BYTES = 16

const toBase64 = (bytes: Uint8Array): string => {
  let binary = ""
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

const fromBase64 = (text: string): Uint8Array<ArrayBuffer> | undefined => {
  const standard = text.replace(/-/g, "+").replace(/_/g, "/")
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(standard)) return undefined
  try {
    const binary = atob(standard.padEnd(Math.ceil(standard.length / 4) * 4, "="))
    const bytes = new Uint8Array(binary.length)
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
    return bytes
  } catch {
    return undefined
  }
}

const keyBytes = (key: string): Uint8Array<ArrayBuffer> | undefined => {
  const trimmed = key.trim()
  if (HEX_KEY.test(trimmed)) {
    const bytes = new Uint8Array(32)
    for (let i = 0; i < 32; i++) bytes[i] = parseInt(trimmed.slice(i * 2, i * 2 + 2), 16)
    return bytes
  }
  const bytes = fromBase64(trimmed)
  return bytes !== undefined && bytes.length === 32 ? bytes : undefined
}

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")

interface LoadedKey {
  readonly id: string
  readonly crypto: CryptoKey
}

/**
 * Validates and imports the keys. Fails with reason `Invalid` (naming no key material) when a
 * key is not 32 bytes of base64 or hex, a key id is malformed, or two keys share an id.
 */
const loadKeys = (storeName: string, options: Options) =>
  Effect.gen(function*() {
    const invalid = (message: string) => new TokenStoreError({ reason: "Invalid", store: storeName, message })
    const subtle = globalThis.crypto?.subtle
    if (subtle === undefined) {
      return yield* Effect.fail(invalid("Token encryption needs Web Crypto (globalThis.crypto.subtle)"))
    }
    const load = (key: Key, label: string) =>
      Effect.gen(function*() {
        const bytes = keyBytes(Redacted.value(key.key))
        if (bytes === undefined) {
          return yield* Effect.fail(
            invalid(`The ${label} token encryption key must be 32 bytes, written as base64 (44 characters) or hex (64)`)
          )
        }
        const id = key.keyId ?? hex(
          new Uint8Array(
            yield* Effect.tryPromise({
              try: () => subtle.digest("SHA-256", bytes),
              catch: () => invalid(`The ${label} token encryption key could not be fingerprinted`)
            })
          )
        ).slice(0, 8)
        if (!KEY_ID.test(id)) {
          return yield* Effect.fail(
            invalid(`A token encryption key id must be 1-32 letters, digits, _ or -, got ${JSON.stringify(id)}`)
          )
        }
        const crypto = yield* Effect.tryPromise({
          try: () => subtle.importKey("raw", bytes, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]),
          catch: () => invalid(`The ${label} token encryption key was refused by Web Crypto`)
        })
        return { id, crypto } satisfies LoadedKey
      })
    const current = yield* load(options, "current")
    const previous = yield* Effect.forEach(options.previousKeys ?? [], (key) => load(key, "previous"))
    const byId = new Map<string, LoadedKey>()
    for (const key of [current, ...previous]) {
      if (byId.has(key.id)) {
        return yield* Effect.fail(invalid(`Two token encryption keys have the id ${JSON.stringify(key.id)}`))
      }
      byId.set(key.id, key)
    }
    return { subtle, current, byId }
  })

/**
 * Decorates `store` so that secrets are sealed on the way in and opened on the way out.
 * `delete`, `deleteAll` and `withLock` pass through unchanged.
 *
 * @category constructors
 * @since 0.1.0
 */
export const wrap = (
  store: TokenStoreNs.Service,
  options: Options
): Effect.Effect<TokenStoreNs.Service, TokenStoreError> =>
  Effect.gen(function*() {
    const { byId, current, subtle } = yield* loadKeys(store.name, options)
    const encoder = new TextEncoder()
    const decoder = new TextDecoder()
    const aad = (id: string, column: string) => encoder.encode(`effect-zoho/token:${column}:${id}`)

    // Never quotes the value, only where it was.
    const corrupt = (id: string, column: string, why: string) =>
      new TokenStoreError({
        reason: "Corrupt",
        store: store.name,
        message: `The ${column} of token ${JSON.stringify(id)} could not be decrypted: ${why}`
      })

    const seal = (id: string, column: string, plaintext: string) =>
      Effect.tryPromise({
        try: async () => {
          const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES))
          const sealed = new Uint8Array(
            await subtle.encrypt(
              { name: "AES-GCM", iv, additionalData: aad(id, column), tagLength: TAG_BYTES * 8 },
              current.crypto,
              encoder.encode(plaintext)
            )
          )
          const out = new Uint8Array(IV_BYTES + sealed.length)
          out.set(iv, 0)
          out.set(sealed, IV_BYTES)
          return `${PREFIX}${current.id}:${toBase64(out)}`
        },
        catch: () =>
          new TokenStoreError({
            reason: "Invalid",
            store: store.name,
            message: `The ${column} of token ${JSON.stringify(id)} could not be encrypted`
          })
      })

    const open = (id: string, column: string, stored: string): Effect.Effect<string, TokenStoreError> => {
      // Plaintext from before encryption was turned on.
      if (!stored.startsWith("enc:")) return Effect.succeed(stored)
      if (!stored.startsWith(PREFIX)) return Effect.fail(corrupt(id, column, "unknown encryption format"))
      const rest = stored.slice(PREFIX.length)
      const colon = rest.indexOf(":")
      const keyId = colon === -1 ? "" : rest.slice(0, colon)
      const key = byId.get(keyId)
      if (key === undefined) {
        return Effect.fail(
          corrupt(
            id,
            column,
            KEY_ID.test(keyId)
              ? `it was encrypted with key ${JSON.stringify(keyId)}, which is not configured`
              : "malformed value"
          )
        )
      }
      const bytes = fromBase64(rest.slice(colon + 1))
      if (bytes === undefined || bytes.length < IV_BYTES + TAG_BYTES) {
        return Effect.fail(corrupt(id, column, "malformed value"))
      }
      return Effect.tryPromise({
        try: async () =>
          decoder.decode(
            await subtle.decrypt(
              { name: "AES-GCM", iv: bytes.subarray(0, IV_BYTES), additionalData: aad(id, column), tagLength: 128 },
              key.crypto,
              bytes.subarray(IV_BYTES)
            )
          ),
        catch: () => corrupt(id, column, `wrong key (${JSON.stringify(keyId)}) or tampered value`)
      })
    }

    const transform = (
      token: ZohoToken.ZohoToken,
      f: (id: string, column: string, value: string) => Effect.Effect<string, TokenStoreError>
    ): Effect.Effect<ZohoToken.ZohoToken, TokenStoreError> =>
      Effect.gen(function*() {
        const changed: { -readonly [K in SecretField]?: Redacted.Redacted<string> } = {}
        for (const [field, column] of secretFields) {
          const value = token[field]
          if (value !== undefined) changed[field] = Redacted.make(yield* f(token.id, column, Redacted.value(value)))
        }
        return new ZohoToken.ZohoToken({ ...token, ...changed })
      })

    const openToken = (token: ZohoToken.ZohoToken) => transform(token, open)
    const openAll = (tokens: ReadonlyArray<ZohoToken.ZohoToken>) => Effect.forEach(tokens, openToken)

    return TokenStore.of({
      name: store.name,
      find: (key) =>
        store.list.pipe(
          Effect.map((tokens) => tokens.filter((token) => token.clientId === key.clientId)),
          Effect.flatMap(openAll),
          Effect.map((tokens) => Option.fromNullable(tokens.find((token) => ZohoToken.matches(token, key))))
        ),
      findById: (id) =>
        Effect.flatMap(
          store.findById(id),
          Option.match({ onNone: () => Effect.succeedNone, onSome: (token) => Effect.asSome(openToken(token)) })
        ),
      save: (token) => Effect.flatMap(transform(token, seal), store.save),
      delete: store.delete,
      list: Effect.flatMap(store.list, openAll),
      deleteAll: store.deleteAll,
      withLock: store.withLock
    })
  })

/**
 * Replaces the `TokenStore` it is given with an encrypting one:
 * `TokenEncryption.layer(options).pipe(Layer.provide(innerStoreLayer))`.
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: Options): Layer.Layer<TokenStore, TokenStoreError, TokenStore> =>
  Layer.effect(TokenStore, Effect.flatMap(TokenStore, (store) => wrap(store, options)))

/**
 * The key from the environment: `ZOHO_TOKEN_ENCRYPTION_KEY` (redacted, 32 bytes as base64 or
 * hex) and the optional `ZOHO_TOKEN_ENCRYPTION_KEY_ID`.
 *
 * @category config
 * @since 0.1.0
 */
export const config: Config.Config<Options> = Config.all({
  key: Config.redacted("ZOHO_TOKEN_ENCRYPTION_KEY"),
  keyId: Config.option(Config.string("ZOHO_TOKEN_ENCRYPTION_KEY_ID"))
}).pipe(Config.map(({ key, keyId }) => ({ key, keyId: Option.getOrUndefined(keyId) })))

/**
 * @category layers
 * @since 0.1.0
 */
export const layerConfig = (
  options: Config.Config<Options> = config
): Layer.Layer<TokenStore, TokenStoreError | ConfigError.ConfigError, TokenStore> =>
  Layer.unwrapEffect(Effect.map(options, layer))

/**
 * Like {@link layerConfig}, but only when a key is configured: without
 * `ZOHO_TOKEN_ENCRYPTION_KEY` the store it is given is passed through unchanged. A key that is
 * set but unusable (empty, wrong length, bad key id) still fails the layer, so a typo never
 * silently writes plaintext. `ZohoNode.layerConfig` puts it over the file store.
 *
 * @category layers
 * @since 0.1.0
 */
export const layerConfigIfSet = (
  options: Config.Config<Options> = config
): Layer.Layer<TokenStore, TokenStoreError | ConfigError.ConfigError, TokenStore> =>
  Layer.unwrapEffect(
    Effect.map(
      Config.option(options),
      Option.match({
        onNone: () => Layer.effect(TokenStore, TokenStore),
        onSome: layer
      })
    )
  )

/**
 * A fresh random key, base64, for `ZOHO_TOKEN_ENCRYPTION_KEY`.
 *
 * @category keys
 * @since 0.1.0
 */
export const generateKey: Effect.Effect<Redacted.Redacted<string>> = Effect.sync(() =>
  Redacted.make(toBase64(globalThis.crypto.getRandomValues(new Uint8Array(32))))
)
