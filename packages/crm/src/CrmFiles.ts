/**
 * Attachments and record photos: upload from bytes or a `Stream` (sent as multipart), download
 * as a `Stream<Uint8Array>`. Downloads stay in constant memory when the client is built with
 * `ZohoClient.Options.bufferBody: false`; with the default (buffered) client the body is read
 * within the request and then streamed from memory.
 *
 * @since 0.1.0
 */
import * as Endpoint from "@effect-zoho/core/Endpoint"
import * as Envelope from "@effect-zoho/core/Envelope"
import * as Pagination from "@effect-zoho/core/Pagination"
import type { ZohoClient } from "@effect-zoho/core/ZohoClient"
import type { ZohoError } from "@effect-zoho/core/ZohoError"
import { ZohoApiError } from "@effect-zoho/core/ZohoError"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as GenAttachments from "./generated/Attachments.js"
import * as GenRecordPhoto from "./generated/RecordPhoto.js"
import * as Transfer from "./internal/transfer.js"

/**
 * A file to upload: bytes in memory, or a stream of them (gathered before sending, since a
 * multipart body needs its length).
 *
 * @since 0.1.0
 */
export type FileSource<E = never> = Transfer.FileSource<E>

/**
 * A downloaded file: its name and type from the response headers, and its bytes as a stream
 * that can be consumed once.
 *
 * @since 0.1.0
 */
export interface Download {
  readonly fileName: string | undefined
  readonly contentType: string | undefined
  readonly contentLength: number | undefined
  readonly stream: Stream.Stream<Uint8Array, ZohoError>
}

const MinUser = Schema.Struct({ id: Schema.String, name: Schema.optional(Schema.NullOr(Schema.String)) })

/**
 * One attachment of a record, as Zoho lists it (unknown fields are kept).
 *
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

/** @since 0.1.0 */
export type Attachment = typeof Attachment.Type

/**
 * `GET /{module}/{record_id}/Attachments`, page by page.
 *
 * @since 0.1.0
 * @category endpoints
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
 * @since 0.1.0
 * @category endpoints
 */
export const deleteAttachmentEndpoint = Endpoint.make({
  ...GenAttachments.deleteAttachment.definition,
  response: Envelope.CrmWriteResults
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
 * @since 0.1.0
 * @category endpoints
 */
export const deletePhotoEndpoint = Endpoint.make({
  ...GenRecordPhoto.deletePhoto.definition,
  response: PhotoResult
})

const enc = encodeURIComponent

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
 * @since 0.1.0
 */
export const uploadAttachment = <E = never>(
  module: string,
  recordId: string,
  file: FileSource<E>
): Effect.Effect<string, ZohoError | E, ZohoClient> =>
  Effect.gen(function*() {
    const form = new FormData()
    form.append("file", yield* Transfer.toBlob(file), file.fileName)
    const operation = GenAttachments.uploadUrlAttachments.operation
    const results = yield* Transfer.json(
      Transfer.request({
        operation,
        method: "POST",
        path: `/${enc(module)}/${enc(recordId)}/Attachments`,
        pathTemplate: "/{module}/{record_id}/Attachments",
        body: { _tag: "FormData", formData: form }
      }),
      Envelope.CrmWriteResults
    )
    return yield* firstWrite(operation)(results)
  })

/**
 * Attach a link (`attachmentUrl`) to a record; succeeds with the attachment id.
 *
 * @since 0.1.0
 */
export const attachLink = (
  module: string,
  recordId: string,
  url: string,
  title?: string
): Effect.Effect<string, ZohoError, ZohoClient> =>
  Effect.gen(function*() {
    const form = new FormData()
    form.append("attachmentUrl", url)
    if (title !== undefined) form.append("title", title)
    const operation = GenAttachments.uploadUrlAttachments.operation
    const results = yield* Transfer.json(
      Transfer.request({
        operation,
        method: "POST",
        path: `/${enc(module)}/${enc(recordId)}/Attachments`,
        pathTemplate: "/{module}/{record_id}/Attachments",
        body: { _tag: "FormData", formData: form }
      }),
      Envelope.CrmWriteResults
    )
    return yield* firstWrite(operation)(results)
  })

/**
 * Download an attachment; `None` when Zoho has no such attachment (204).
 *
 * @since 0.1.0
 */
export const downloadAttachment = (
  module: string,
  recordId: string,
  attachmentId: string
): Effect.Effect<Option.Option<Download>, ZohoError, ZohoClient> =>
  Effect.map(
    Transfer.download(Transfer.request({
      operation: GenAttachments.getAttachment.operation,
      method: "GET",
      path: `/${enc(module)}/${enc(recordId)}/Attachments/${enc(attachmentId)}`,
      pathTemplate: "/{module}/{record_id}/Attachments/{id}"
    })),
    Option.fromNullable
  )

/**
 * Delete an attachment.
 *
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
 * @since 0.1.0
 */
export const uploadPhoto = <E = never>(
  module: string,
  recordId: string,
  file: FileSource<E>
): Effect.Effect<void, ZohoError | E, ZohoClient> =>
  Effect.gen(function*() {
    const form = new FormData()
    form.append("file", yield* Transfer.toBlob(file), file.fileName)
    yield* Transfer.json(
      Transfer.request({
        operation: GenRecordPhoto.uploadPhoto.operation,
        method: "POST",
        path: `/${enc(module)}/${enc(recordId)}/photo`,
        pathTemplate: "/{module}/{record_id}/photo",
        body: { _tag: "FormData", formData: form }
      }),
      PhotoResult
    )
  })

/**
 * Download a record's photo; `None` when the record has none (204).
 *
 * @since 0.1.0
 */
export const downloadPhoto = (
  module: string,
  recordId: string
): Effect.Effect<Option.Option<Download>, ZohoError, ZohoClient> =>
  Effect.map(
    Transfer.download(Transfer.request({
      operation: GenRecordPhoto.getPhoto.operation,
      method: "GET",
      path: `/${enc(module)}/${enc(recordId)}/photo`,
      pathTemplate: "/{module}/{record_id}/photo"
    })),
    Option.fromNullable
  )

/**
 * Delete a record's photo.
 *
 * @since 0.1.0
 */
export const deletePhoto = (module: string, recordId: string): Effect.Effect<void, ZohoError, ZohoClient> =>
  Effect.asVoid(Endpoint.call(deletePhotoEndpoint)({ path: { module, record: recordId } }))
