/**
 * Node's HTTP transport for effect-zoho: `@effect/platform-node`'s undici client with an optional
 * HTTP(S) proxy (host, port, user, password) and a connect timeout, the two settings that belong
 * to the transport rather than to `ZohoClient`.
 *
 * The dispatcher is owned by the layer (`acquireRelease`): it is closed when the layer's scope ends.
 * To share a dispatcher you own, use `NodeHttpClient.layerUndiciWithoutDispatcher` with your own
 * `NodeHttpClient.Dispatcher` instead.
 *
 * @since 0.1.0
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import { Agent, type Dispatcher, ProxyAgent } from "undici"

/**
 * @category models
 * @since 0.1.0
 */
export interface ProxyOptions {
  readonly host: string
  readonly port: number
  /** How to reach the proxy itself (default `http`); Zoho is always reached over a CONNECT tunnel. */
  readonly protocol?: "http" | "https" | undefined
  readonly user?: string | undefined
  readonly password?: Redacted.Redacted<string> | undefined
}

/**
 * @category models
 * @since 0.1.0
 */
export interface Options {
  readonly proxy?: ProxyOptions | undefined
  /** Time allowed to open the TCP (and TLS) connection; default 10 s. */
  readonly connectTimeout?: Duration.DurationInput | undefined
}

/**
 * The default connect timeout.
 *
 * @category constants
 * @since 0.1.0
 */
export const defaultConnectTimeout: Duration.Duration = Duration.seconds(10)

/**
 * The undici dispatcher for these options, closed with the scope.
 *
 * @category utils
 * @since 0.1.0
 */
export const dispatcher = (options: Options = {}): Effect.Effect<Dispatcher, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync((): Dispatcher => {
      const connect = { timeout: Duration.toMillis(Duration.decode(options.connectTimeout ?? defaultConnectTimeout)) }
      const proxy = options.proxy
      if (proxy === undefined) return new Agent({ connect })
      const credentials = proxy.user === undefined
        ? undefined
        : Buffer.from(`${proxy.user}:${proxy.password === undefined ? "" : Redacted.value(proxy.password)}`)
          .toString("base64")
      return new ProxyAgent({
        uri: `${proxy.protocol ?? "http"}://${proxy.host}:${proxy.port}`,
        ...(credentials === undefined ? {} : { token: `Basic ${credentials}` }),
        connect
      })
    }),
    (d) => Effect.promise(() => d.destroy())
  )

/**
 * `HttpClient` for Node: undici, optionally through a proxy.
 *
 * @example
 * ```ts
 * import { MemoryTokenStore, Zoho } from "@effect-zoho/core"
 * import { ZohoNodeHttp } from "@effect-zoho/node"
 * import { Layer, Redacted } from "effect"
 *
 * // Behind a corporate proxy: Zoho is reached through a CONNECT tunnel; a host that does not
 * // answer fails after 5 s instead of the OS default.
 * const HttpLive = ZohoNodeHttp.layer({
 *   proxy: { host: "proxy.internal", port: 3128, user: "svc-zoho", password: Redacted.make("…") },
 *   connectTimeout: "5 seconds"
 * })
 *
 * export const ZohoLive = Zoho.layerConfig().pipe(Layer.provide(HttpLive), Layer.provide(MemoryTokenStore.layer))
 * ```
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: Options = {}): Layer.Layer<HttpClient.HttpClient> =>
  NodeHttpClient.layerUndiciWithoutDispatcher.pipe(
    Layer.provide(Layer.scoped(NodeHttpClient.Dispatcher, dispatcher(options)))
  )

/**
 * The options from the environment: `ZOHO_PROXY_HOST`, `ZOHO_PROXY_PORT`, `ZOHO_PROXY_PROTOCOL`,
 * `ZOHO_PROXY_USER`, `ZOHO_PROXY_PASSWORD` (secret), `ZOHO_CONNECT_TIMEOUT_MS`. No proxy when
 * `ZOHO_PROXY_HOST` is unset.
 *
 * @category config
 * @since 0.1.0
 */
export const config: Config.Config<Options> = Config.all({
  host: Config.option(Config.nonEmptyString("ZOHO_PROXY_HOST")),
  port: Config.option(Config.port("ZOHO_PROXY_PORT")),
  protocol: Config.option(Config.literal("http", "https")("ZOHO_PROXY_PROTOCOL")),
  user: Config.option(Config.nonEmptyString("ZOHO_PROXY_USER")),
  password: Config.option(Config.redacted("ZOHO_PROXY_PASSWORD")),
  connectTimeoutMs: Config.option(Config.integer("ZOHO_CONNECT_TIMEOUT_MS"))
}).pipe(
  Config.mapOrFail((c): Either.Either<Options, ConfigError.ConfigError> => {
    const connectTimeout = Option.getOrUndefined(Option.map(c.connectTimeoutMs, Duration.millis))
    if (Option.isNone(c.host)) return Either.right({ connectTimeout })
    if (Option.isNone(c.port)) {
      return Either.left(
        ConfigError.MissingData(["ZOHO_PROXY_PORT"], "ZOHO_PROXY_HOST is set: set ZOHO_PROXY_PORT too")
      )
    }
    return Either.right({
      connectTimeout,
      proxy: {
        host: c.host.value,
        port: c.port.value,
        protocol: Option.getOrUndefined(c.protocol),
        user: Option.getOrUndefined(c.user),
        password: Option.getOrUndefined(c.password)
      }
    })
  })
)

/**
 * `layer` with options from `config`.
 *
 * @category layers
 * @since 0.1.0
 */
export const layerConfig = (
  options: Config.Config<Options> = config
): Layer.Layer<HttpClient.HttpClient, ConfigError.ConfigError> => Layer.unwrapEffect(Effect.map(options, layer))
