/**
 * Files in the endpoint model: what an upload sends and what a download hands back.
 *
 * Request bodies (an endpoint's `bodyEncoding`): `json` (default), `form` (URL-encoded fields),
 * `JSONString` (the finance products' form field holding the JSON), `multipart` (text fields plus
 * {@link File} parts from bytes, a `Stream` or a path) and `bytes` (one {@link File} sent as the
 * raw body). Files are read into memory before the first attempt (a `Blob`), so a retried or
 * replayed upload sends the same bytes; an upload without a usable file name is a
 * `ZohoConfigError` before any request.
 *
 * Responses: the product's JSON envelope (any other Schema), {@link Buffered} (the bytes, read
 * within the exchange) or {@link Streamed} (a `Stream` with the file name from
 * `Content-Disposition`, the content type and the length). A streamed download holds its throttle
 * permit until the stream is consumed, fails or is interrupted — whatever the client's
 * `bufferBody` — so the permit covers the whole transfer while memory stays bounded by a chunk.
 * Either may be wrapped in `Schema.UndefinedOr` so a 204 ("no such file") is `undefined`.
 *
 * A link Zoho hands out (bulk results) is not a path parameter: {@link link} declares a download
 * from such a URL, which must be on the region's API/upload host or an https Zoho host, so the
 * token never leaves Zoho's domains.
 *
 * @example
 * ```ts
 * import { Endpoint, Envelope, ZohoProducts, ZohoTransfer } from "@effect-zoho/core"
 * import { Schema } from "effect"
 *
 * const upload = Endpoint.make({
 *   product: ZohoProducts.crm,
 *   operation: "crm.attachments.upload",
 *   method: "POST",
 *   path: "/{module}/{record_id}/Attachments",
 *   pathParams: Schema.Struct({ module: Schema.String, record_id: Schema.String }),
 *   body: Schema.Struct({ file: ZohoTransfer.File }),
 *   bodyEncoding: "multipart",
 *   response: Envelope.CrmWriteResults
 * })
 * const download = Endpoint.make({
 *   product: ZohoProducts.crm,
 *   operation: "crm.attachments.get",
 *   method: "GET",
 *   path: "/{module}/{record_id}/Attachments/{id}",
 *   pathParams: Schema.Struct({ module: Schema.String, record_id: Schema.String, id: Schema.String }),
 *   response: Schema.UndefinedOr(ZohoTransfer.Streamed)
 * })
 * ```
 *
 * @since 0.1.0
 */
import type * as PlatformError from "@effect/platform/Error"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as internalEndpoint from "./internal/endpoint.js"
import * as internal from "./internal/transfer.js"
import { ZohoClient } from "./ZohoClient.js"
import type { ZohoError } from "./ZohoError.js"
import type { ZohoProduct } from "./ZohoProduct.js"
import * as ZohoRequest from "./ZohoRequest.js"

// ---------------------------------------------------------------------------------------------
// Files to send

/**
 * A file to upload: bytes in memory, or a stream of them (read before the first attempt). A
 * path becomes a stream with {@link fromPath}.
 *
 * @category models
 * @since 0.1.0
 */
export type FileSource<E = never> = internal.FileSource<E>

/**
 * @category utils
 * @since 0.1.0
 */
export const isFileSource: (u: unknown) => u is FileSource<unknown> = internal.isFileSource

/**
 * The Schema of a file field in a `multipart` or `bytes` body. The file name is checked when the
 * request is built (see `ZohoConfigError` `InvalidInput`), not here, so the error names the
 * operation.
 *
 * @category utils
 * @since 0.1.0
 */
export const File: Schema.Schema<FileSource<unknown>> = Schema.declare(
  (u: unknown): u is FileSource<unknown> => isFileSource(u),
  { identifier: "ZohoTransfer.File", description: "a file: bytes or a stream, with a file name" }
)

/**
 * A file on disk, streamed when the request is built (needs `FileSystem`, e.g. from
 * `@effect/platform-node`). The file name defaults to the path's last segment.
 *
 * @category utils
 * @since 0.1.0
 */
export const fromPath = (
  path: string,
  options: { readonly fileName?: string | undefined; readonly contentType?: string | undefined } = {}
): Effect.Effect<FileSource<PlatformError.PlatformError>, never, FileSystem.FileSystem> =>
  Effect.map(FileSystem.FileSystem, (fs) => ({
    fileName: options.fileName ?? path.split(/[\\/]/).pop() ?? "",
    ...(options.contentType !== undefined ? { contentType: options.contentType } : {}),
    stream: fs.stream(path)
  }))

/**
 * The file's bytes as a `Blob` (a stream is read to its end), keeping the source's own error.
 *
 * @category utils
 * @since 0.1.0
 */
export const toBlob: <E>(file: FileSource<E>) => Effect.Effect<Blob, E> = internal.toBlob

/**
 * A streamed file gathered into memory, so a caller keeps the stream's own error type instead of
 * the endpoint's `ZohoTransportError` for a failed source.
 *
 * @category utils
 * @since 0.1.0
 */
export const gather = <E>(file: FileSource<E>): Effect.Effect<FileSource, E> =>
  "bytes" in file ? Effect.succeed(file) : Effect.map(Stream.runCollect(file.stream), (chunks): FileSource => {
    const bytes = new Uint8Array(Chunk.reduce(chunks, 0, (n, c) => n + c.length))
    let at = 0
    Chunk.forEach(chunks, (c) => {
      bytes.set(c, at)
      at += c.length
    })
    return {
      fileName: file.fileName,
      ...(file.contentType !== undefined ? { contentType: file.contentType } : {}),
      bytes
    }
  })

/**
 * The file as a multipart part, its name checked first. A failing source stream is a
 * `ZohoTransportError` (reason `Other`, nothing sent).
 *
 * @category utils
 * @since 0.1.0
 */
export const toPart: (
  operation: string,
  name: string,
  file: FileSource<unknown>
) => Effect.Effect<ZohoRequest.Part, ZohoError> = internal.toPart

// ---------------------------------------------------------------------------------------------
// Files coming back

/**
 * A file coming back from Zoho, its bytes still unread: a stream to consume once. The request's
 * throttle permit is held until the stream ends (or, if it is never started, for the client's
 * read timeout).
 *
 * @category models
 * @since 0.1.0
 */
export interface Download {
  readonly fileName: string | undefined
  readonly contentType: string | undefined
  readonly contentLength: number | undefined
  readonly stream: Stream.Stream<Uint8Array, ZohoError>
}

/**
 * A file read in full within the exchange.
 *
 * @category models
 * @since 0.1.0
 */
export interface DownloadedBytes {
  readonly fileName: string | undefined
  readonly contentType: string | undefined
  readonly contentLength: number | undefined
  readonly bytes: Uint8Array
}

/**
 * @category utils
 * @since 0.1.0
 */
export const ResponseKindId: typeof internal.ResponseKindId = internal.ResponseKindId

/**
 * How an endpoint's answer is read: the product's envelope, a file in memory, or a file streamed.
 *
 * @category models
 * @since 0.1.0
 */
export type ResponseKind = internal.ResponseKind

const isDownloadLike = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && "fileName" in u && "contentType" in u

/**
 * The response Schema of a download that streams (see {@link Download}).
 *
 * @category utils
 * @since 0.1.0
 */
export const Streamed: Schema.Schema<Download> = Schema.declare(
  (u: unknown): u is Download => isDownloadLike(u) && "stream" in u,
  { identifier: "ZohoTransfer.Streamed", [ResponseKindId]: "stream" }
)

/**
 * The response Schema of a download read within the exchange (see {@link DownloadedBytes}).
 *
 * @category utils
 * @since 0.1.0
 */
export const Buffered: Schema.Schema<DownloadedBytes> = Schema.declare(
  (u: unknown): u is DownloadedBytes => isDownloadLike(u) && "bytes" in u,
  { identifier: "ZohoTransfer.Buffered", [ResponseKindId]: "bytes" }
)

/**
 * The response kind a Schema declares: {@link Streamed} or {@link Buffered} (also inside a
 * union, e.g. `Schema.UndefinedOr`), otherwise the envelope.
 *
 * @category utils
 * @since 0.1.0
 */
export const responseKindOf: (schema: Schema.Schema.AnyNoContext) => ResponseKind = internal.responseKindOf

/**
 * The file name of a `Content-Disposition` header (`filename*` wins, as RFC 6266 says).
 *
 * @category utils
 * @since 0.1.0
 */
export const fileNameOf: (disposition: string | undefined) => string | undefined = internal.fileNameOf

// ---------------------------------------------------------------------------------------------
// Links

/**
 * A download from a link Zoho hands out (a bulk job's `download_url`), declared once like an
 * endpoint. `pathTemplate` names the route for spans and logs.
 *
 * @category models
 * @since 0.1.0
 */
export interface LinkDownload {
  readonly product: ZohoProduct
  readonly operation: string
  readonly pathTemplate: string
  readonly scopes?: ReadonlyArray<string> | undefined
}

/**
 * Declare a link download.
 *
 * @category utils
 * @since 0.1.0
 */
export const link = (definition: LinkDownload): LinkDownload => definition

/**
 * Check a link before anything is sent: a path on the API host (`/crm/bulk/v8/…`), or an absolute
 * URL without credentials or dot segments, on an https Zoho host (or a loopback host, which the client then accepts only when it is the
 * region's own origin: a simulator). Anything else is a `ZohoConfigError` (`UntrustedHost`).
 *
 * @category utils
 * @since 0.1.0
 */
export const checkLink = (operation: string, url: string) => internal.checkLink(operation, url)

/**
 * Download a link as a stream (`undefined` for 204). Fails with `ZohoConfigError` before any
 * request (no token is even fetched) when the link is not on a Zoho host.
 *
 * @category utils
 * @since 0.1.0
 */
export const downloadLink = (
  definition: LinkDownload,
  url: string
): Effect.Effect<Download | undefined, ZohoError, ZohoClient> =>
  Effect.gen(function*() {
    const link = yield* Either.match(internal.checkLink(definition.operation, url), {
      onLeft: Effect.fail,
      onRight: Effect.succeed
    })
    const request = ZohoRequest.make({
      product: definition.product,
      operation: definition.operation,
      method: "GET",
      path: link.path,
      pathTemplate: definition.pathTemplate,
      basePath: "",
      ...(link.origin !== undefined ? { origin: link.origin } : {}),
      urlParams: Object.fromEntries(link.params),
      bufferBody: false
    })
    const client = yield* ZohoClient
    const response = yield* client.execute(request)
    return yield* internalEndpoint.decodeFile(
      { product: definition.product, operation: definition.operation, scopes: definition.scopes ?? [] },
      "stream",
      response
    ) as Effect.Effect<Download | undefined, ZohoError>
  }).pipe(Effect.withSpan(`zoho.endpoint.${definition.operation}`, { kind: "client" }))
