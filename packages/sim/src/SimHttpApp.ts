/**
 * The simulator as an `@effect/platform` `HttpApp`, to serve it over real HTTP (see the
 * `zoho-sim` app). Runtime-neutral: dropping a connection for the `Reset`/`Refuse` faults needs
 * the server's socket, so the server passes `dropConnection` (the Node app destroys the socket).
 *
 * A server that has read a request cannot refuse its connection any more: a client sees a
 * refused connection (`ECONNREFUSED`) only when nothing listens on the port. So `Refuse` closes
 * the connection without an answer and without processing the request, and the client sees what
 * it sees for `Reset` (the connection dropped after the request went out: `ConnectionReset`,
 * `maybeProcessed: true`). The in-memory face (`SimHttpClient`) reports exactly that too.
 *
 * @since 0.1.0
 */
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import type { SimRequest, SimResponse } from "./SimHttp.js"
import * as Simulator from "./Simulator.js"

/**
 * @category models
 * @since 0.1.0
 */
export interface Options {
  /**
   * Drop the connection without an answer (`Reset`: as abruptly as possible, e.g. a TCP RST;
   * `Refuse`: close it). Without it the app answers 503 with `Connection: close` and an
   * `x-sim-fault` header, and the two faces then differ (a status, not a transport error).
   */
  readonly dropConnection?:
    | ((request: HttpServerRequest.HttpServerRequest, kind: "Reset" | "Refuse") => Effect.Effect<void>)
    | undefined
}

const toSimRequest = (request: HttpServerRequest.HttpServerRequest): Effect.Effect<SimRequest, unknown> =>
  Effect.map(request.arrayBuffer, (buffer) => {
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = v
    const host = headers["host"] ?? "localhost"
    return {
      method: request.method.toUpperCase(),
      url: new URL(request.url, `http://${host}`),
      headers,
      body: new Uint8Array(buffer)
    }
  })

const toServerResponse = (response: SimResponse): HttpServerResponse.HttpServerResponse => {
  const headers: Record<string, string> = {}
  let contentType: string | undefined
  for (const [k, v] of Object.entries(response.headers)) {
    const key = k.toLowerCase()
    if (key === "content-type") contentType = v
    else if (key !== "content-length") headers[key] = v
  }
  const body = response.body
  if (body === undefined || response.status === 204 || response.status === 304) {
    return HttpServerResponse.empty({ status: response.status, headers })
  }
  return typeof body === "string"
    ? HttpServerResponse.text(body, { status: response.status, headers, contentType: contentType ?? "text/plain" })
    : HttpServerResponse.uint8Array(body, {
      status: response.status,
      headers,
      contentType: contentType ?? "application/octet-stream"
    })
}

/**
 * An `HttpApp` answering every request from the given simulator.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (simulator: Simulator.Service, options: Options = {}): HttpApp.Default =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const simRequest = yield* Effect.either(toSimRequest(request))
    if (simRequest._tag === "Left") {
      return HttpServerResponse.text("Could not read the request body", { status: 400 })
    }
    const outcome = yield* simulator.handle(simRequest.right)
    switch (outcome._tag) {
      case "Respond":
        return toServerResponse(outcome.response)
      case "Hang":
        // The server interrupts this fiber when the client gives up.
        return yield* Effect.never
      case "Reset":
      case "Refuse": {
        if (options.dropConnection !== undefined) {
          yield* options.dropConnection(request, outcome._tag)
          return yield* Effect.never
        }
        return HttpServerResponse.empty({
          status: 503,
          headers: { connection: "close", "x-sim-fault": outcome._tag }
        })
      }
    }
  })

/**
 * The app for the `Simulator` in the context.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromContext = (
  options: Options = {}
): Effect.Effect<HttpApp.Default, never, Simulator.Simulator> =>
  Effect.map(Simulator.Simulator, (simulator) => make(simulator, options))
