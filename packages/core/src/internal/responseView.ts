/**
 * The shape every response the client hands out shares: a view over the transport's response
 * (status, headers, cookies, address read through), which itself stays in a private field that no
 * inspection, JSON or structured clone reaches. Subclasses decide the request they show and how
 * the body is read (redacted errors, bytes in memory, a throttle permit released at the end).
 *
 * @internal
 */
import type * as Cookies from "@effect/platform/Cookies"
import type * as Headers from "@effect/platform/Headers"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as IncomingMessage from "@effect/platform/HttpIncomingMessage"
import type * as UrlParams from "@effect/platform/UrlParams"
import type * as Effect from "effect/Effect"
import * as Inspectable from "effect/Inspectable"
import type * as Option from "effect/Option"
import type * as Stream from "effect/Stream"

/** @internal */
export abstract class ResponseView extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [IncomingMessage.TypeId]: IncomingMessage.TypeId = IncomingMessage.TypeId
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly #original: HttpClientResponse.HttpClientResponse

  constructor(original: HttpClientResponse.HttpClientResponse) {
    super()
    this.#original = original
  }

  /** The transport's response, for subclasses only (a getter: not an own, inspectable field). */
  protected get original(): HttpClientResponse.HttpClientResponse {
    return this.#original
  }

  abstract readonly request: HttpClientRequest.HttpClientRequest
  abstract readonly stream: Stream.Stream<Uint8Array, HttpClientError.ResponseError>
  abstract readonly text: Effect.Effect<string, HttpClientError.ResponseError>
  abstract readonly json: Effect.Effect<unknown, HttpClientError.ResponseError>
  abstract readonly urlParamsBody: Effect.Effect<UrlParams.UrlParams, HttpClientError.ResponseError>
  abstract readonly arrayBuffer: Effect.Effect<ArrayBuffer, HttpClientError.ResponseError>
  abstract readonly formData: Effect.Effect<FormData, HttpClientError.ResponseError>

  get status(): number {
    return this.#original.status
  }
  get headers(): Headers.Headers {
    return this.#original.headers
  }
  get cookies(): Cookies.Cookies {
    return this.#original.cookies
  }
  get remoteAddress(): Option.Option<string> {
    return this.#original.remoteAddress
  }
  toJSON(): unknown {
    return { _id: "@effect/platform/HttpClientResponse", request: this.request.toJSON(), status: this.status }
  }
}
