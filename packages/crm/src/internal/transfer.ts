/**
 * Requests the endpoint declarations cannot express: multipart uploads and binary downloads.
 * They still go through `ZohoClient.execute` (token, throttle, retry, span, log line) and
 * Zoho's error envelope.
 */
import * as Envelope from "@effect-zoho/core/Envelope"
import { ZohoClient } from "@effect-zoho/core/ZohoClient"
import type { ZohoError } from "@effect-zoho/core/ZohoError"
import { ZohoApiError, ZohoTransportError } from "@effect-zoho/core/ZohoError"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import * as ZohoRequest from "@effect-zoho/core/ZohoRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"

export type Request = Pick<ZohoRequest.ZohoRequest, "operation" | "method" | "path"> & Partial<ZohoRequest.ZohoRequest>

export const request = (options: Request): ZohoRequest.ZohoRequest =>
  ZohoRequest.make({ product: ZohoProducts.crm, ...options })

const bodyError = (response: HttpClientResponse.HttpClientResponse, error: { readonly message: string }) =>
  new ZohoTransportError({
    reason: "ConnectionReset",
    method: response.request.method,
    url: response.request.url.split("?")[0] ?? "",
    maybeProcessed: true,
    message: `Reading the response body failed: ${error.message}`,
    cause: error
  })

const context = (req: ZohoRequest.ZohoRequest, status: number, scopes: ReadonlyArray<string> | undefined) => ({
  product: req.product.id,
  operation: req.operation,
  status,
  scopes
})

/** Send and decode a JSON answer with `schema` (Zoho's error envelope becomes a typed error). */
export const json = <A, I>(
  req: ZohoRequest.ZohoRequest,
  schema: Schema.Schema<A, I, never>,
  scopes?: ReadonlyArray<string>
): Effect.Effect<A, ZohoError, ZohoClient> =>
  Effect.flatMap(ZohoClient, (client) => client.execute(req)).pipe(
    Effect.flatMap((response) =>
      response.text.pipe(
        Effect.mapError((e) => bodyError(response, e)),
        Effect.flatMap((text) => Envelope.decode(req.product, schema, context(req, response.status, scopes), text))
      )
    ),
    Effect.withSpan(`zoho.endpoint.${req.operation}`)
  )

/** A file coming back from Zoho, its bytes still unread. */
export interface Download {
  readonly fileName: string | undefined
  readonly contentType: string | undefined
  readonly contentLength: number | undefined
  readonly stream: Stream.Stream<Uint8Array, ZohoError>
}

/** `filename*=UTF-8''…` wins over `filename="…"`, as RFC 6266 says. */
export const fileNameOf = (disposition: string | undefined): string | undefined => {
  if (disposition === undefined) return undefined
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)
  if (star !== null) {
    try {
      return decodeURIComponent(star[1].trim())
    } catch {
      // fall back to the plain parameter
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/.exec(disposition)
  return plain === null ? undefined : (plain[1] ?? plain[2] ?? "").replace(/\\(.)/g, "$1").trim()
}

/**
 * Send and hand back the body as a stream, or `undefined` for 204. A JSON answer is Zoho's error
 * envelope (downloads never answer JSON on success). The stream is constant-memory when the
 * client runs with `bufferBody: false`.
 */
export const download = (
  req: ZohoRequest.ZohoRequest,
  scopes?: ReadonlyArray<string>
): Effect.Effect<Download | undefined, ZohoError, ZohoClient> =>
  Effect.flatMap(ZohoClient, (client) => client.execute(req)).pipe(
    Effect.flatMap((response): Effect.Effect<Download | undefined, ZohoError> => {
      if (response.status === 204) return Effect.succeed(undefined)
      const type = response.headers["content-type"]
      if (response.status >= 300 || (type !== undefined && type.includes("json"))) {
        // A JSON answer is not the file that was asked for, whatever its status.
        const ctx = context(req, response.status >= 300 ? response.status : 400, scopes)
        return response.text.pipe(
          Effect.mapError((e) => bodyError(response, e)),
          Effect.flatMap((text) => Envelope.parseJson(ctx, text)),
          Effect.flatMap((body) =>
            Effect.fail(Option.getOrElse(Envelope.toError(req.product, ctx, body), () =>
              new ZohoApiError({
                product: "crm",
                operation: req.operation,
                status: ctx.status,
                code: `HTTP_${ctx.status}`,
                message: "Expected a file, got JSON",
                details: body
              })))
          )
        )
      }
      const length = response.headers["content-length"]
      return Effect.succeed({
        fileName: fileNameOf(response.headers["content-disposition"]),
        contentType: type,
        contentLength: length === undefined || Number.isNaN(Number(length)) ? undefined : Number(length),
        stream: Stream.mapError(response.stream, (e) => bodyError(response, e))
      })
    }),
    Effect.withSpan(`zoho.endpoint.${req.operation}`)
  )

/** A file to send: bytes in memory or a stream of them. */
export type FileSource<E = never> =
  | {
    readonly fileName: string
    readonly contentType?: string | undefined
    readonly bytes: Uint8Array
  }
  | {
    readonly fileName: string
    readonly contentType?: string | undefined
    readonly stream: Stream.Stream<Uint8Array, E>
  }

/**
 * The file as a `Blob` for a multipart part. A `FormData` body has a known length, so a stream
 * is gathered first (Zoho caps attachments at 20 MB).
 */
export const toBlob = <E>(file: FileSource<E>): Effect.Effect<Blob, E> => {
  const type = file.contentType ?? "application/octet-stream"
  if ("bytes" in file) return Effect.succeed(new Blob([file.bytes.slice()], { type }))
  return Effect.map(
    Stream.runCollect(file.stream),
    (chunks) => new Blob(Array.from(chunks, (c) => c.slice()), { type })
  )
}
