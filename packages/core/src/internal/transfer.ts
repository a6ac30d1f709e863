/**
 * The machinery behind `ZohoTransfer`: multipart parts from file sources, file answers, link
 * checks, and the throttle permit held while a streamed body is read.
 */
import type * as Headers from "@effect/platform/Headers"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import type * as UrlParams from "@effect/platform/UrlParams"
import * as Deferred from "effect/Deferred"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import type * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"
import * as Stream from "effect/Stream"
import type { ZohoRateLimited } from "../ZohoError.js"
import { ZohoConfigError, ZohoTransportError } from "../ZohoError.js"
import * as ZohoRegion from "../ZohoRegion.js"
import type { Part } from "../ZohoRequest.js"
import type * as ZohoThrottle from "../ZohoThrottle.js"
import { ResponseView } from "./responseView.js"

// ---------------------------------------------------------------------------------------------
// Response kinds

export const ResponseKindId: unique symbol = Symbol.for("@effect-zoho/core/ZohoTransfer/ResponseKind")

export type ResponseKind = "envelope" | "bytes" | "stream"

const kindOfAst = (ast: SchemaAST.AST): ResponseKind => {
  const own = ast.annotations[ResponseKindId]
  if (own === "stream" || own === "bytes") return own
  if (ast._tag === "Union") {
    for (const member of ast.types) {
      const kind = kindOfAst(member)
      if (kind !== "envelope") return kind
    }
  }
  return "envelope"
}

export const responseKindOf = (schema: Schema.Schema.AnyNoContext): ResponseKind => kindOfAst(schema.ast)

// ---------------------------------------------------------------------------------------------
// Files to send

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

export const isFileSource = (u: unknown): u is FileSource<unknown> =>
  typeof u === "object" && u !== null && "fileName" in u &&
  (("bytes" in u && u.bytes instanceof Uint8Array) ||
    ("stream" in u && typeof u.stream === "object" && u.stream !== null && Stream.StreamTypeId in u.stream))

export const toBlob = <E>(file: FileSource<E>): Effect.Effect<Blob, E> => {
  const type = file.contentType ?? "application/octet-stream"
  if ("bytes" in file) return Effect.succeed(new Blob([file.bytes.slice()], { type }))
  return Effect.map(
    Stream.runCollect(file.stream),
    (chunks) => new Blob(Array.from(chunks, (c) => c.slice()), { type })
  )
}

export const toPart = (
  operation: string,
  name: string,
  file: FileSource<unknown>
): Effect.Effect<Part, ZohoConfigError | ZohoTransportError> =>
  Effect.gen(function*() {
    const fileName = yield* checkFileName(operation, file.fileName)
    const blob = yield* Effect.mapError(toBlob(file), (cause) =>
      new ZohoTransportError({
        reason: "Other",
        method: "POST",
        url: operation,
        maybeProcessed: false,
        message: `${operation}: reading the file "${fileName}" to upload failed, nothing was sent`,
        cause
      }))
    return { _tag: "File", name, fileName, blob }
  })

/** A multipart body's `FormData`, built again for each attempt over the same Blobs. */
export const formDataOf = (parts: ReadonlyArray<Part>): FormData => {
  const form = new FormData()
  for (const part of parts) {
    if (part._tag === "Field") form.append(part.name, part.value)
    else form.append(part.name, part.blob, part.fileName)
  }
  return form
}

/**
 * A multipart body as bytes with its `multipart/form-data; boundary=…` type, encoded by the
 * platform's own `Response` (the encoder every fetch uses), once per attempt over the same Blobs.
 */
export const encodeMultipart = (
  parts: ReadonlyArray<Part>
): Effect.Effect<{ readonly bytes: Uint8Array; readonly contentType: string }> =>
  Effect.promise(async () => {
    const encoded = new Response(formDataOf(parts))
    const contentType = encoded.headers.get("content-type") ?? "multipart/form-data"
    return { bytes: new Uint8Array(await encoded.arrayBuffer()), contentType }
  })

// ---------------------------------------------------------------------------------------------
// File names

/**
 * A file name a multipart part can carry: not empty, no control characters (a CR/LF would end
 * the part header) and no path separators (Zoho keeps the name as given).
 */
export const checkFileName = (operation: string, fileName: unknown): Either.Either<string, ZohoConfigError> => {
  const invalid = (why: string) =>
    Either.left(
      new ZohoConfigError({
        reason: "InvalidInput",
        message: `${operation}: an uploaded file needs a file name (${why})`,
        input: "fileName"
      })
    )
  if (typeof fileName !== "string") return invalid("none was given")
  if (fileName.trim() === "") return invalid("it is empty")

  if (/[\u0000-\u001f\u007f]/.test(fileName)) return invalid("it contains a control character")
  if (/[/\\]/.test(fileName)) return invalid("it contains a path separator")
  return Either.right(fileName)
}

// ---------------------------------------------------------------------------------------------
// Links Zoho hands out

/** Top-level domains of Zoho's data centers (from the region table). */
const zohoTlds = [...new Set(Object.values(ZohoRegion.dataCenters).map((d) => d.tld))]

/** An https host of Zoho's own: `*.zohoapis.{tld}`, `*.zoho.{tld}` (file hosts) or `*.zohocloud.ca`. */
export const isZohoHost = (hostname: string): boolean => {
  const host = hostname.toLowerCase()
  if (host.endsWith(".zohocloud.ca")) return true
  return zohoTlds.some((tld) => host.endsWith(`.zohoapis.${tld}`) || host.endsWith(`.zoho.${tld}`))
}

const isLoopback = (hostname: string): boolean =>
  hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]"

export interface Link {
  /** `undefined` for a link relative to the API host (`/crm/bulk/v8/…`). */
  readonly origin: string | undefined
  /** Already percent-encoded, as in the link. */
  readonly path: string
  readonly params: ReadonlyArray<readonly [string, string]>
  /** An https Zoho host: trusted without knowing the region. */
  readonly zoho: boolean
}

const untrusted = (operation: string, host: string, why: string) =>
  new ZohoConfigError({
    reason: "UntrustedHost",
    message: `${operation}: the link points at "${host}", ${why}; the token is not sent there`,
    input: host
  })

/**
 * A link's parts, checked before anything is sent: an absolute URL without credentials or dot
 * segments, on an https Zoho host (no port), or on a loopback host (a simulator or proxy: the
 * client then checks it is the region's own origin before sending the token).
 */
export const checkLink = (operation: string, link: string): Either.Either<Link, ZohoConfigError> => {
  const relative = link.startsWith("/") && !link.startsWith("//")
  let url: URL
  try {
    url = relative ? new URL(link, "https://relative.invalid") : new URL(link)
  } catch {
    return Either.left(
      new ZohoConfigError({
        reason: "InvalidInput",
        message: `${operation}: the link is not an absolute URL`,
        input: link.slice(0, 100)
      })
    )
  }
  if (url.username !== "" || url.password !== "") return Either.left(untrusted(operation, url.host, "with credentials"))
  const raw = link.split(/[?#]/)[0] ?? ""
  if (raw.split("/").some((s) => isDotSegment(s))) {
    return Either.left(untrusted(operation, url.host, "with a dot segment in its path"))
  }
  const params = [...url.searchParams.entries()]
  if (relative) return Either.right({ origin: undefined, path: url.pathname, params, zoho: true })
  const zoho = url.protocol === "https:" && url.port === "" && isZohoHost(url.hostname)
  if (zoho) return Either.right({ origin: url.origin, path: url.pathname, params, zoho })
  if ((url.protocol === "http:" || url.protocol === "https:") && isLoopback(url.hostname)) {
    return Either.right({ origin: url.origin, path: url.pathname, params, zoho })
  }
  return Either.left(untrusted(operation, url.host, "which is not an https Zoho host"))
}

/** `.`/`..`, also percent-encoded (`%2e%2E`): a server may decode them and walk up. */
export const isDotSegment = (segment: string): boolean => {
  let decoded = segment
  try {
    decoded = decodeURIComponent(segment)
  } catch {
    return false
  }
  return decoded === "." || decoded === ".."
}

/**
 * Whether the client may send a token to `origin` (a request's origin override): one of the
 * region's own origins (where the token goes anyway) or an https Zoho host.
 */
export const trustOrigin = (
  region: ZohoRegion.ZohoRegion,
  origin: string,
  operation: string
): Either.Either<string, ZohoConfigError> => {
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return Either.left(untrusted(operation, origin.slice(0, 100), "which is not a URL"))
  }
  const own = [region.apiUrl, region.uploadUrl].some((o) => {
    try {
      return new URL(o).origin === url.origin
    } catch {
      return false
    }
  })
  if (own) return Either.right(url.origin)
  if (url.protocol === "https:" && url.port === "" && isZohoHost(url.hostname)) return Either.right(url.origin)
  return Either.left(untrusted(operation, url.host, "which is neither the region's API host nor an https Zoho host"))
}

// ---------------------------------------------------------------------------------------------
// Content-Disposition

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

export const contentLengthOf = (headers: Headers.Headers): number | undefined => {
  const length = headers["content-length"]
  if (length === undefined) return undefined
  const n = Number(length)
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined
}

// ---------------------------------------------------------------------------------------------
// The permit held while a streamed body is read

const nullBodyStatuses = new Set([101, 103, 204, 205, 304])

/**
 * A response that says when its body is first read (`started`) and when it is done with
 * (`done`: consumed, failed or interrupted), whichever accessor reads it.
 */
class TrackedResponse extends ResponseView {
  readonly #started: Effect.Effect<void>
  readonly #done: Effect.Effect<void>

  constructor(
    original: HttpClientResponse.HttpClientResponse,
    started: Effect.Effect<void>,
    done: Effect.Effect<void>
  ) {
    super(original)
    this.#started = started
    this.#done = done
  }

  #read = <A, E>(effect: Effect.Effect<A, E>): Effect.Effect<A, E> =>
    Effect.zipRight(this.#started, Effect.ensuring(effect, this.#done))

  get request(): HttpClientRequest.HttpClientRequest {
    return this.original.request
  }
  get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    return Stream.unwrap(Effect.as(this.#started, Stream.ensuring(this.original.stream, this.#done)))
  }
  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    return this.#read(this.original.text)
  }
  get json(): Effect.Effect<unknown, HttpClientError.ResponseError> {
    return this.#read(this.original.json)
  }
  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.ResponseError> {
    return this.#read(this.original.urlParamsBody)
  }
  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    return this.#read(this.original.arrayBuffer)
  }
  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    return this.#read(this.original.formData)
  }
}

/**
 * Run `effect` (an exchange answering an unread response) under a throttle permit that stays
 * held until the caller has read the body: the permit covers the whole transfer, not just the
 * headers. The exchange runs in a fiber of its own that holds the permit; it ends when the body
 * is consumed, fails or is interrupted, or — so an answer nobody reads cannot hold a permit
 * forever — when the body is not started within `idle`.
 */
export const withPermitUntilRead = <A extends { readonly response: HttpClientResponse.HttpClientResponse }, E, R>(
  throttle: ZohoThrottle.Service,
  key: ZohoThrottle.ThrottleKey,
  effect: Effect.Effect<A, E, R>,
  idle: Duration.DurationInput
): Effect.Effect<A, E | ZohoRateLimited, R> =>
  Effect.gen(function*() {
    const ready = yield* Deferred.make<A, E | ZohoRateLimited>()
    const started = yield* Deferred.make<void>()
    const done = yield* Deferred.make<void>()
    const untilRead = Deferred.await(started).pipe(
      Effect.timeout(idle),
      Effect.matchEffect({ onFailure: () => Effect.void, onSuccess: () => Deferred.await(done) })
    )
    const holder = throttle.withPermit(
      key,
      Effect.flatMap(
        Effect.exit(effect),
        (exit) => Effect.zipRight(Deferred.done(ready, exit), exit._tag === "Success" ? untilRead : Effect.void)
      )
    ).pipe(Effect.catchAll((error) => Deferred.fail(ready, error)))
    const fiber = yield* Effect.forkDaemon(holder)
    const a = yield* Deferred.await(ready).pipe(Effect.onInterrupt(() => Fiber.interrupt(fiber)))
    if (nullBodyStatuses.has(a.response.status)) {
      yield* Deferred.succeed(started, undefined)
      yield* Deferred.succeed(done, undefined)
      return a
    }
    const response = new TrackedResponse(
      a.response,
      Effect.asVoid(Deferred.succeed(started, undefined)),
      Effect.asVoid(Deferred.succeed(done, undefined))
    )
    return { ...a, response }
  })
