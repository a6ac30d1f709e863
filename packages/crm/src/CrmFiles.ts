/**
 * Attachments and record photos, declared in core's endpoint model (`ZohoTransfer`): upload from
 * bytes, a `Stream` or a path (`ZohoTransfer.fromPath`), sent as multipart; download as a
 * `Stream<Uint8Array>` whatever the client's `bufferBody` (the endpoint streams, in constant
 * memory, and its throttle permit is held until the stream is consumed).
 *
 * @since 0.1.0
 */
import * as Endpoint from "@effect-zoho/core/Endpoint"
import * as Envelope from "@effect-zoho/core/Envelope"
import * as Pagination from "@effect-zoho/core/Pagination"
import type { ZohoClient } from "@effect-zoho/core/ZohoClient"
import type { ZohoError } from "@effect-zoho/core/ZohoError"
import { ZohoApiError } from "@effect-zoho/core/ZohoError"
import * as ZohoTransfer from "@effect-zoho/core/ZohoTransfer"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as GenAttachments from "./generated/Attachments.js"
import * as GenRecordPhoto from "./generated/RecordPhoto.js"

/**
 * A file to upload: bytes in memory, or a stream of them (gathered before sending, since a
 * multipart body needs its length). A file on disk: `ZohoTransfer.fromPath`.
 *
 * @category models
 * @since 0.1.0
 */
export type FileSource<E = never> = ZohoTransfer.FileSource<E>

/**
 * A downloaded file: its name and type from the response headers, and its bytes as a stream
 * that can be consumed once.
 *
 * @category models
 * @since 0.1.0
 */
export type Download = ZohoTransfer.Download

const MinUser = Schema.Struct({ id: Schema.String, name: Schema.optional(Schema.NullOr(Schema.String)) })

/**
 * One attachment of a record, as Zoho lists it (unknown fields are kept).
 *
 * @category schemas
 * @since 0.1.0
 */
export const Attachment = Schema.Struct({
  id: Schema.String,
  File_Name: Schema.String,
  Size: Schema.optional(Schema.NullOr(Schema.String)),
  $type: Schema.optional(Schema.NullOr(Schema.String)),
  $link_url: Schema.optional(Schema.NullOr(Schema.String)),
  $file_id: Schema.optional(Schema.NullOr(Schema.String)),
  $se_module: Schema.optional(Schema.NullOr(Schema.String)),
  Created_Time: Schema.optional(Schema.NullOr(Schema.String)),
  Modified_Time: Schema.optional(Schema.NullOr(Schema.String)),
  Owner: Schema.optional(Schema.NullOr(MinUser)),
  Created_By: Schema.optional(Schema.NullOr(MinUser)),
  Parent_Id: Schema.optional(
    Schema.NullOr(Schema.Struct({ id: Schema.String, name: Schema.optional(Schema.NullOr(Schema.String)) }))
  )
})

/**
 * One attachment of a record (see the {@link Attachment} schema).
 *
 * @category models
 * @since 0.1.0
 */
export type Attachment = typeof Attachment.Type

/**
 * `GET /{module}/{record_id}/Attachments`, page by page.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const listAttachmentsEndpoint = Endpoint.make({
  ...GenAttachments.getAttachments.definition,
  query: Schema.Struct({ fields: Schema.optional(Schema.Array(Schema.String)) }),
  response: Envelope.CrmList(Attachment),
  pagination: Endpoint.crmPage
})

/**
 * `DELETE /{module}/{record_id}/Attachments/{id}`.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const deleteAttachmentEndpoint = Endpoint.make({
  ...GenAttachments.deleteAttachment.definition,
  response: Envelope.CrmWriteResults
})

/**
 * `POST /{module}/{record_id}/Attachments` with a file (multipart).
 *
 * @category endpoints
 * @since 0.1.0
 */
export const uploadAttachmentEndpoint = Endpoint.make({
  ...GenAttachments.uploadUrlAttachments.definition,
  query: Schema.Struct({}),
  body: Schema.Struct({ file: ZohoTransfer.File }),
  bodyEncoding: "multipart",
  response: Envelope.CrmWriteResults
})

/**
 * `POST /{module}/{record_id}/Attachments` with a link (`attachmentUrl`, multipart fields).
 *
 * @category endpoints
 * @since 0.1.0
 */
export const attachLinkEndpoint = Endpoint.make({
  ...GenAttachments.uploadUrlAttachments.definition,
  query: Schema.Struct({}),
  body: Schema.Struct({ attachmentUrl: Schema.String, title: Schema.optional(Schema.String) }),
  bodyEncoding: "multipart",
  response: Envelope.CrmWriteResults
})

/**
 * `GET /{module}/{record_id}/Attachments/{id}`: the file, streamed; `undefined` for 204.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const downloadAttachmentEndpoint = Endpoint.make({
  ...GenAttachments.getAttachment.definition,
  response: Schema.UndefinedOr(ZohoTransfer.Streamed)
})

const PhotoResult = Schema.Struct({
  code: Schema.String,
  status: Schema.String,
  message: Schema.String,
  details: Schema.optional(Schema.Unknown)
})

/**
 * `DELETE /{module}/{record_id}/photo`.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const deletePhotoEndpoint = Endpoint.make({
  ...GenRecordPhoto.deletePhoto.definition,
  response: PhotoResult
})

/**
 * `POST /{module}/{record_id}/photo` with the image (multipart).
 *
 * @category endpoints
 * @since 0.1.0
 */
export const uploadPhotoEndpoint = Endpoint.make({
  ...GenRecordPhoto.uploadPhoto.definition,
  body: Schema.Struct({ file: ZohoTransfer.File }),
  bodyEncoding: "multipart",
  response: PhotoResult
})

/**
 * `GET /{module}/{record_id}/photo`: the image, streamed; `undefined` for 204.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const downloadPhotoEndpoint = Endpoint.make({
  ...GenRecordPhoto.getPhoto.definition,
  response: Schema.UndefinedOr(ZohoTransfer.Streamed)
})

/** A CRM write answer's single entry: the record's id, or its error as a `ZohoApiError`. */
const firstWrite = (operation: string) => (results: Envelope.CrmWriteResults): Effect.Effect<string, ZohoError> => {
  const { failed, succeeded } = Envelope.crm.partition(results)
  const ok = succeeded[0]
  if (ok !== undefined) return Effect.succeed(ok.result.details.id)
  const error = failed[0]?.result
  return Effect.fail(
    new ZohoApiError({
      product: "crm",
      operation,
      status: 200,
      code: error?.code ?? "EMPTY_RESPONSE",
      message: error?.message ?? "Zoho answered without a result",
      ...(error?.details !== undefined ? { details: error.details } : {})
    })
  )
}

/**
 * Every attachment of a record, as a `Stream`.
 *
 * @category attachments
 * @since 0.1.0
 */
export const listAttachments = (
  module: string,
  recordId: string,
  options: Pagination.Options & { readonly fields?: ReadonlyArray<string> | undefined } = {}
): Stream.Stream<Attachment, ZohoError, ZohoClient> =>
  Pagination.crm(
    listAttachmentsEndpoint,
    {
      path: { module, record_id: recordId },
      query: options.fields === undefined ? {} : { fields: options.fields }
    },
    options
  )

/**
 * Upload a file as an attachment of a record; succeeds with the attachment id.
 *
 * @example
 * ```ts
 * import { CrmFiles } from "@effect-zoho/crm"
 * import { Effect, Option, Stream } from "effect"
 *
 * export const attachAndReadBack = (leadId: string) =>
 *   Effect.gen(function*() {
 *     const id = yield* CrmFiles.uploadAttachment("Leads", leadId, {
 *       fileName: "report.txt",
 *       contentType: "text/plain",
 *       bytes: new TextEncoder().encode("quarterly numbers")
 *     })
 *     const listed = yield* Stream.runCollect(CrmFiles.listAttachments("Leads", leadId))
 *     const file = yield* CrmFiles.downloadAttachment("Leads", leadId, id)
 *     const bytes = Option.isSome(file) ? yield* Stream.runFold(file.value.stream, 0, (n, c) => n + c.length) : 0
 *     return { attachments: listed.length, bytes }
 *   })
 * ```
 *
 * @category attachments
 * @since 0.1.0
 */
export const uploadAttachment = <E = never>(
  module: string,
  recordId: string,
  file: FileSource<E>
): Effect.Effect<string, ZohoError | E, ZohoClient> =>
  // Gathered here so a failing source keeps its own error type.
  Effect.flatMap(ZohoTransfer.gather(file), (gathered) =>
    Endpoint.call(uploadAttachmentEndpoint)({
      path: { module, record_id: recordId },
      body: { file: gathered }
    }).pipe(Effect.flatMap(firstWrite(uploadAttachmentEndpoint.operation))))

/**
 * Attach a link (`attachmentUrl`) to a record; succeeds with the attachment id.
 *
 * @category attachments
 * @since 0.1.0
 */
export const attachLink = (
  module: string,
  recordId: string,
  url: string,
  title?: string
): Effect.Effect<string, ZohoError, ZohoClient> =>
  Endpoint.call(attachLinkEndpoint)({
    path: { module, record_id: recordId },
    body: { attachmentUrl: url, ...(title !== undefined ? { title } : {}) }
  }).pipe(Effect.flatMap(firstWrite(attachLinkEndpoint.operation)))

/**
 * Download an attachment; `None` when Zoho has no such attachment (204).
 *
 * @category attachments
 * @since 0.1.0
 */
export const downloadAttachment = (
  module: string,
  recordId: string,
  attachmentId: string
): Effect.Effect<Option.Option<Download>, ZohoError, ZohoClient> =>
  Effect.map(
    Endpoint.call(downloadAttachmentEndpoint)({ path: { module, record_id: recordId, id: attachmentId } }),
    Option.fromNullable
  )

/**
 * Delete an attachment.
 *
 * @category attachments
 * @since 0.1.0
 */
export const deleteAttachment = (
  module: string,
  recordId: string,
  attachmentId: string
): Effect.Effect<void, ZohoError, ZohoClient> =>
  Endpoint.call(deleteAttachmentEndpoint)({ path: { module, record_id: recordId, id: attachmentId } }).pipe(
    Effect.flatMap(firstWrite(GenAttachments.deleteAttachment.operation)),
    Effect.asVoid
  )

/**
 * Upload (or replace) a record's photo.
 *
 * @category photos
 * @since 0.1.0
 */
export const uploadPhoto = <E = never>(
  module: string,
  recordId: string,
  file: FileSource<E>
): Effect.Effect<void, ZohoError | E, ZohoClient> =>
  Effect.flatMap(ZohoTransfer.gather(file), (gathered) =>
    Effect.asVoid(
      Endpoint.call(uploadPhotoEndpoint)({ path: { module, record: recordId }, body: { file: gathered } })
    ))

/**
 * Download a record's photo; `None` when the record has none (204).
 *
 * @category photos
 * @since 0.1.0
 */
export const downloadPhoto = (
  module: string,
  recordId: string
): Effect.Effect<Option.Option<Download>, ZohoError, ZohoClient> =>
  Effect.map(
    Endpoint.call(downloadPhotoEndpoint)({ path: { module, record: recordId } }),
    Option.fromNullable
  )

/**
 * Delete a record's photo.
 *
 * @category photos
 * @since 0.1.0
 */
export const deletePhoto = (module: string, recordId: string): Effect.Effect<void, ZohoError, ZohoClient> =>
  Effect.asVoid(Endpoint.call(deletePhotoEndpoint)({ path: { module, record: recordId } }))
