/**
 * The simulator served over HTTP with Node: binds the port, points the seed's `api_domain` and
 * accounts server at its own URL (so token responses send clients back to it), and drops real
 * sockets for the `Reset`/`Refuse` faults.
 *
 * @since 0.1.0
 */
import { SimHttpApp, SimSeed, Simulator } from "@effect-zoho/sim"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import * as HttpServer from "@effect/platform/HttpServer"
import type * as HttpServerError from "@effect/platform/HttpServerError"
import type * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as Http from "node:http"

/** @since 0.1.0 */
export interface Options {
  readonly port: number
  readonly host: string
  readonly seed: SimSeed.SimSeed
  /**
   * Simulator options. `serverTime` defaults to none here, so tests that start a server stay
   * fast; the `zoho-sim` command passes `Simulator.defaultServerTime` (20–80 ms per call).
   */
  readonly simulator?: Simulator.Options | undefined
}

/** @since 0.1.0 */
export interface Running {
  /** e.g. `http://127.0.0.1:43123` */
  readonly url: string
  readonly simulator: Simulator.Service
}

/**
 * `Reset` sends a TCP RST (the client sees ECONNRESET); `Refuse` closes the socket before any
 * answer (the client sees "socket hang up"). An accepted connection cannot be refused any more,
 * so for a client both are a connection dropped after its request went out (`ConnectionReset`,
 * `maybeProcessed: true`), as in memory; the simulator never processes the request. A truly
 * refused connection is a port nothing listens on.
 *
 * @since 0.1.0
 */
export const dropConnection = (
  request: HttpServerRequest.HttpServerRequest,
  kind: "Reset" | "Refuse"
): Effect.Effect<void> =>
  Effect.sync(() => {
    const socket = NodeHttpServerRequest.toIncomingMessage(request).socket
    if (kind === "Reset" && typeof socket.resetAndDestroy === "function") socket.resetAndDestroy()
    else socket.destroy()
  })

const urlHost = (host: string): string => {
  if (host === "0.0.0.0" || host === "::" || host === "") return "127.0.0.1"
  return host.includes(":") ? `[${host}]` : host
}

/**
 * Start the server in the current scope; closing the scope closes every connection (hung ones
 * included) and the listener.
 *
 * @since 0.1.0
 */
export const make = (options: Options): Effect.Effect<Running, HttpServerError.ServeError, Scope.Scope> =>
  Effect.gen(function*() {
    const node = Http.createServer()
    const server = yield* NodeHttpServer.make(() => node, { port: options.port, host: options.host })
    const address = server.address
    const url = address._tag === "TcpAddress"
      ? `http://${urlHost(options.host)}:${address.port}`
      : `http://localhost`
    const seed = new SimSeed.SimSeed({
      ...options.seed,
      settings: { ...options.seed.settings, apiDomain: url, accountsServer: url }
    })
    const simulator = yield* Simulator.make(seed, options.simulator)
    yield* HttpServer.serveEffect(SimHttpApp.make(simulator, { dropConnection })).pipe(
      Effect.provideService(HttpServer.HttpServer, server)
    )
    // Runs before the listener's own finalizer: `close()` would otherwise wait for hung calls.
    yield* Effect.addFinalizer(() => Effect.sync(() => node.closeAllConnections()))
    return { url, simulator }
  })
