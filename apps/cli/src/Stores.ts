/**
 * Which `TokenStore` the CLI writes tokens to, chosen by the same `ZOHO_*` settings the library
 * reads: MySQL when `ZOHO_MYSQL_URL` or `ZOHO_MYSQL_HOST` is set, Redis when `ZOHO_REDIS_URL` is,
 * otherwise the file store at `ZOHO_TOKEN_FILE` or `tokens.json` in the CLI's config directory
 * (written atomically, owner-only). Simulator users always use `sim-tokens.json` beside it, so
 * trying the simulator never touches real tokens.
 *
 * @since 0.1.0
 */
import * as FileTokenStore from "@effect-zoho/core/FileTokenStore"
import * as TokenEncryption from "@effect-zoho/core/TokenEncryption"
import type * as TokenStore from "@effect-zoho/core/TokenStore"
import type { TokenStoreError, ZohoConfigError } from "@effect-zoho/core/ZohoError"
import type * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Env from "./Env.js"
import * as Profile from "./Profile.js"

/** @since 0.1.0 */
export type Kind = "file" | "mysql" | "redis" | "sim"

const set = (name: string) => Effect.map(Env.optional(name), Option.isSome)

/**
 * The store the environment selects.
 *
 * @since 0.1.0
 */
export const configured: Effect.Effect<Exclude<Kind, "sim">> = Effect.gen(function*() {
  const mysql = (yield* set("ZOHO_MYSQL_URL")) || (yield* set("ZOHO_MYSQL_HOST"))
  if (mysql) return "mysql" as const
  if (yield* set("ZOHO_REDIS_URL")) return "redis" as const
  return "file" as const
})

/**
 * The path of the file store for `kind` (`file` or `sim`).
 *
 * @since 0.1.0
 */
export const filePath = (kind: "file" | "sim"): Effect.Effect<string, never, Path.Path> =>
  Effect.gen(function*() {
    const path = yield* Path.Path
    const dir = yield* Profile.directory
    if (kind === "sim") return path.join(dir, "sim-tokens.json")
    const explicit = yield* Env.optional("ZOHO_TOKEN_FILE")
    return Option.match(explicit, {
      onNone: () => path.join(dir, "tokens.json"),
      onSome: (p) => p
    })
  })

/**
 * Where a store of this kind keeps tokens, for `auth status` and `doctor` (no credentials: a
 * MySQL or Redis URL is reduced to its host).
 *
 * @since 0.1.0
 */
export const describe = (kind: Kind): Effect.Effect<string, never, Path.Path> => {
  const hostOf = (name: string) =>
    Env.optional(name).pipe(
      Effect.map(Option.flatMap((url) => {
        try {
          return Option.some(new URL(url).host)
        } catch {
          return Option.none()
        }
      }))
    )
  switch (kind) {
    case "file":
    case "sim":
      return Effect.map(filePath(kind), (p) => `${kind === "sim" ? "simulator file" : "file"} ${p}`)
    case "mysql":
      return Effect.gen(function*() {
        const fromUrl = yield* hostOf("ZOHO_MYSQL_URL")
        const named = yield* Env.optional("ZOHO_MYSQL_HOST")
        return `mysql ${Option.getOrElse(Option.orElse(fromUrl, () => named), () => "localhost")}`
      })
    case "redis":
      return Effect.map(hostOf("ZOHO_REDIS_URL"), (h) => `redis ${Option.getOrElse(h, () => "")}`)
  }
}

/**
 * The store layer for `kind`. With `ZOHO_TOKEN_ENCRYPTION_KEY` set the file store seals secrets
 * at rest, as `ZohoNode.layerConfig` does.
 *
 * @since 0.1.0
 */
export const layer = (
  kind: Kind
): Layer.Layer<
  TokenStore.TokenStore,
  TokenStoreError | ConfigError.ConfigError | ZohoConfigError,
  FileSystem.FileSystem | Path.Path
> => {
  switch (kind) {
    // Loaded on use: most runs never touch mysql2 or ioredis, and every command starts faster.
    case "mysql":
      return Layer.unwrapEffect(
        Effect.map(Effect.promise(() => import("@effect-zoho/store-mysql/MysqlTokenStore")), (m) => m.layerConfig())
      )
    case "redis":
      return Layer.unwrapEffect(
        Effect.map(Effect.promise(() => import("@effect-zoho/store-redis/RedisTokenStore")), (m) => m.layerConfig())
      )
    case "sim":
      // Simulator tokens are throwaway: never sealed, so a key set for real tokens does not apply.
      return Layer.unwrapEffect(Effect.map(filePath(kind), (path) => FileTokenStore.layer({ path })))
    case "file":
      return Layer.unwrapEffect(
        Effect.map(
          filePath(kind),
          (path) => TokenEncryption.layerConfigIfSet().pipe(Layer.provide(FileTokenStore.layer({ path })))
        )
      )
  }
}
