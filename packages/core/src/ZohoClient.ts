/**
 * The authenticated, throttled, retrying HTTP client for every Zoho product.
 *
 * Built on `@effect/platform`'s `HttpClient` (never owns the transport): provide Node's client for
 * production or the simulator's for tests.
 *
 * @since 0.1.0
 */
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type { ZohoError } from "./ZohoError.js"
import type { ZohoRequest } from "./ZohoRequest.js"

/** @since 0.1.0 */
export interface Service {
  /**
   * Send a request as the current user: base URL from region/api_domain, token, org id, headers,
   * throttle, retry, a 401 `INVALID_TOKEN` replay, a span and a redacted log line.
   *
   * Succeeds with the response for any status the caller must interpret (2xx, 204, 304, 4xx
   * other than 401/429); fails with a typed error for 401 after replay, 429 and 5xx after retries,
   * transport and timeout failures. Envelope decoding is the endpoint layer's job.
   */
  readonly execute: (request: ZohoRequest) => Effect.Effect<HttpClientResponse.HttpClientResponse, ZohoError>
}

/** @since 0.1.0 */
export class ZohoClient extends Context.Tag("@effect-zoho/core/ZohoClient")<ZohoClient, Service>() {}
