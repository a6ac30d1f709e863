/**
 * The production stack for a Node program in one layer: configuration from the environment (and a
 * `.env` file when present), tokens in the file store (encrypted at rest when
 * `ZOHO_TOKEN_ENCRYPTION_KEY` is set), Node's HTTP client (with the proxy from the environment, if
 * any). What most scripts and workers need:
 *
 * ```ts
 * program.pipe(Effect.provide(ZohoNode.layerConfig()), NodeRuntime.runMain)
 * ```
 *
 * Swap any piece by composing the layers yourself (`Zoho.layer`, a MySQL or Redis store, …).
 *
 * @since 0.1.0
 */
import * as FileTokenStore from "@effect-zoho/core/FileTokenStore"
import * as TokenEncryption from "@effect-zoho/core/TokenEncryption"
import * as Zoho from "@effect-zoho/core/Zoho"
import * as ZohoConfig from "@effect-zoho/core/ZohoConfig"
import type { TokenStoreError, ZohoConfigError } from "@effect-zoho/core/ZohoError"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import type * as ConfigError from "effect/ConfigError"
import * as Layer from "effect/Layer"
import * as ZohoNodeHttp from "./ZohoNodeHttp.js"

/**
 * @category models
 * @since 0.1.0
 */
export interface Options {
  /** The `.env` file to read when present (default `.env`; `false` to ignore files). */
  readonly dotEnv?: string | false | undefined
  readonly stack?: Parameters<typeof Zoho.layerConfig>[0]
}

/**
 * `Zoho.Services` from the environment over the file store (`ZOHO_TOKEN_FILE`) and Node's HTTP
 * client (`ZOHO_PROXY_*`, `ZOHO_CONNECT_TIMEOUT_MS`). With `ZOHO_TOKEN_ENCRYPTION_KEY` (and
 * optionally `ZOHO_TOKEN_ENCRYPTION_KEY_ID`) the secrets in the token file are sealed with
 * AES-256-GCM (`TokenEncryption`); a key that is set but unusable fails the layer.
 *
 * @example
 * ```ts
 * import { Endpoint, ZohoProducts } from "@effect-zoho/core"
 * import { ZohoNode } from "@effect-zoho/node"
 * import { Effect, Schema } from "effect"
 *
 * const listOrganizations = Endpoint.make({
 *   product: ZohoProducts.books,
 *   operation: "example.organizations.list",
 *   method: "GET",
 *   path: "/organizations",
 *   response: Schema.Struct({
 *     organizations: Schema.Array(Schema.Struct({ organization_id: Schema.String, name: Schema.String }))
 *   })
 * })
 *
 * // Credentials, region, token file and proxy from the environment and ./.env: one layer.
 * export const main = Endpoint.call(listOrganizations)().pipe(
 *   Effect.flatMap(({ organizations }) => Effect.forEach(organizations, (org) => Effect.log(org.name))),
 *   Effect.provide(ZohoNode.layerConfig())
 * )
 * // NodeRuntime.runMain(main) from @effect/platform-node runs it.
 * ```
 *
 * @category layers
 * @since 0.1.0
 */
export const layerConfig = (
  options: Options = {}
): Layer.Layer<Zoho.Services, ConfigError.ConfigError | ZohoConfigError | TokenStoreError> => {
  const tokens = TokenEncryption.layerConfigIfSet().pipe(Layer.provide(FileTokenStore.layerConfig()))
  const stack = Zoho.layerConfig(options.stack).pipe(
    Layer.provide(tokens),
    Layer.provide(ZohoNodeHttp.layerConfig())
  )
  const withFiles = options.dotEnv === false
    ? stack
    : stack.pipe(Layer.provide(ZohoConfig.layerDotEnv(options.dotEnv ?? ".env")))
  return withFiles.pipe(Layer.provide(NodeFileSystem.layer))
}
