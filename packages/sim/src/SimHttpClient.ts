/**
 * The simulator as an `@effect/platform` `HttpClient`: requests are answered in memory, no
 * sockets, so tests run offline and `TestClock` drives every delay, expiry and rate window.
 * Any host is accepted: the accounts server and every API host map to the same simulator.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as Faults from "./internal/faults.js"
import type { SimOutcome, SimRequest } from "./SimHttp.js"
import type { SimSeed } from "./SimSeed.js"
import * as Simulator from "./Simulator.js"

const empty = new Uint8Array(0)

/** The request body as bytes, plus the content type a real client would have sent with it. */
const encodeBody = (
  request: HttpClientRequest.HttpClientRequest
): Effect.Effect<
  { readonly bytes: Uint8Array; readonly contentType: string | undefined },
  HttpClientError.RequestError
> => {
  const body = request.body
  const viaWeb = (init: BodyInit) =>
    Effect.tryPromise({
      try: async () => {
        // A web Response encodes every BodyInit the way fetch would (multipart boundaries included).
        const encoded = new Response(init)
        return {
          bytes: new Uint8Array(await encoded.arrayBuffer()),
          contentType: encoded.headers.get("content-type") ?? undefined
        }
      },
      catch: (cause) => new HttpClientError.RequestError({ request, reason: "Encode", cause })
    })
  switch (body._tag) {
    case "Empty":
      return Effect.succeed({ bytes: empty, contentType: undefined })
    case "Uint8Array":
      return Effect.succeed({ bytes: body.body, contentType: body.contentType })
    case "Raw": {
      const raw = body.body
      if (raw instanceof Uint8Array) return Effect.succeed({ bytes: raw, contentType: body.contentType })
      return Effect.map(viaWeb(raw as BodyInit), (r) => ({ ...r, contentType: body.contentType ?? r.contentType }))
    }
    case "FormData":
      return viaWeb(body.formData)
    case "Stream":
      return Stream.toReadableStreamEffect(body.stream).pipe(
        Effect.flatMap(viaWeb),
        Effect.map((r) => ({ ...r, contentType: body.contentType }))
      )
  }
}

const toSimRequest = (
  request: HttpClientRequest.HttpClientRequest,
  url: URL
): Effect.Effect<SimRequest, HttpClientError.RequestError> =>
  Effect.map(encodeBody(request), ({ bytes, contentType }) => {
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = v
    if (contentType !== undefined && headers["content-type"] === undefined) headers["content-type"] = contentType
    if (bytes.length > 0) headers["content-length"] = String(bytes.length)
    return { method: request.method.toUpperCase(), url: new URL(url.toString()), headers, body: bytes }
  })

/**
 * What Node's client reports when the server drops a connection it accepted, before answering.
 * Both faults look the same from the client's side as over a real socket (see `SimHttpApp`):
 * `Reset` is a TCP RST (`read ECONNRESET`), `Refuse` a close without an answer (`socket hang
 * up`, code `ECONNRESET` too). Neither is `ECONNREFUSED`: that only happens when nothing listens,
 * and the request went out, so a client cannot know whether it was processed.
 */
const connectionError = (request: HttpClientRequest.HttpClientRequest, kind: "Reset" | "Refuse") => {
  const message = kind === "Reset" ? "read ECONNRESET" : "socket hang up"
  const cause = Object.assign(new Error(message), {
    code: "ECONNRESET",
    ...(kind === "Reset" ? { syscall: "read" } : {})
  })
  return new HttpClientError.RequestError({ request, reason: "Transport", cause, description: message })
}

/** What Node's client reports when nothing listens on the port: the request never left. */
const refusedError = (request: HttpClientRequest.HttpClientRequest) => {
  const host = (() => {
    try {
      return new URL(request.url).host
    } catch {
      return request.url
    }
  })()
  const message = `connect ECONNREFUSED ${host}`
  const cause = Object.assign(new Error(message), { code: "ECONNREFUSED", syscall: "connect" })
  return new HttpClientError.RequestError({ request, reason: "Transport", cause, description: message })
}

const noBodyStatus = new Set([101, 204, 205, 304])

const toResponse = (
  request: HttpClientRequest.HttpClientRequest,
  outcome: SimOutcome
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError> => {
  switch (outcome._tag) {
    case "Reset":
    case "Refuse":
      return Effect.fail(connectionError(request, outcome._tag))
    case "Hang":
      return Effect.never
    case "Respond": {
      const { body, headers, status } = outcome.response
      return Effect.try({
        try: () => {
          const payload = noBodyStatus.has(status) || request.method === "HEAD" || body === undefined
            ? null
            : body
          return HttpClientResponse.fromWeb(request, new Response(payload as BodyInit | null, { status, headers }))
        },
        catch: (cause) => new HttpClientError.RequestError({ request, reason: "Transport", cause })
      })
    }
  }
}

/**
 * @category models
 * @since 0.1.0
 */
export interface Options {
  /**
   * Model a server that is not listening: the first `times` (default 1, `Infinity` for all)
   * requests matching `route` fail as a refused connection (`ECONNREFUSED`) before they reach
   * the simulator, which never sees them. A refusal happens before any server, so it is the
   * transport's to model, not a fault of the simulator; over HTTP the same is a port nothing
   * listens on.
   */
  readonly refuseConnections?: {
    readonly route?: Simulator.RouteMatch | undefined
    readonly times?: number | undefined
  } | undefined
}

/**
 * An `HttpClient` answered by the given simulator.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (simulator: Simulator.Service, options: Options = {}): HttpClient.HttpClient => {
  const refusals = Faults.make()
  if (options.refuseConnections !== undefined) {
    refusals.add({ ...options.refuseConnections, fault: { _tag: "Refuse" } })
  }
  return HttpClient.make((request, url) =>
    refusals.take(request.method.toUpperCase(), url.pathname) !== undefined
      ? Effect.fail(refusedError(request))
      : toSimRequest(request, url).pipe(
        Effect.flatMap(simulator.handle),
        Effect.flatMap((outcome) => toResponse(request, outcome))
      )
  )
}

/**
 * The `HttpClient` for a simulator you already hold.
 *
 * @example
 * ```ts
 * import { SimHttpClient, Simulator, SimSeed } from "@effect-zoho/sim"
 * import { HttpClient } from "@effect/platform"
 * import { Effect } from "effect"
 *
 * // A client whose first call to the accounts server never connects (ECONNREFUSED), to test
 * // what the caller does when Zoho is unreachable; the simulator itself never sees that call.
 * const program = Effect.gen(function*() {
 *   const simulator = yield* Simulator.make(SimSeed.demo())
 *   const client = SimHttpClient.layerFrom(simulator, {
 *     refuseConnections: { route: { pathPrefix: "/oauth/v2/token" }, times: 1 }
 *   })
 *   return yield* HttpClient.post("https://accounts.zoho.com/oauth/v2/token").pipe(
 *     Effect.provide(client),
 *     Effect.either
 *   )
 * })
 *
 * const answer = await Effect.runPromise(program)
 * assert.strictEqual(answer._tag, "Left")
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFrom = (simulator: Simulator.Service, options?: Options): Layer.Layer<HttpClient.HttpClient> =>
  Layer.succeed(HttpClient.HttpClient, make(simulator, options))

/**
 * The `HttpClient` for the `Simulator` in the context.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<HttpClient.HttpClient, never, Simulator.Simulator> = Layer.effect(
  HttpClient.HttpClient,
  Effect.map(Simulator.Simulator, make)
)

/**
 * A fresh simulator from a seed and its `HttpClient`, both provided (tests reach the simulator's
 * controls through the `Simulator` tag).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerSeed = (
  seed: SimSeed,
  options?: Simulator.Options
): Layer.Layer<HttpClient.HttpClient | Simulator.Simulator> =>
  layer.pipe(Layer.provideMerge(Simulator.layer(seed, options)))
