/**
 * Books' files, in core's endpoint model: invoice, estimate and bill PDFs (one record, or several
 * in one PDF for export or print) as `Stream`s, and a record's attachment uploaded (multipart)
 * and downloaded (a `Stream`).
 *
 * Each is a refinement (`Endpoint.refine`) of the generated declaration of the same operation:
 * the same name, path and scopes, with the answer read as a file. A download streams whatever
 * the client's `bufferBody` is, in constant memory, and holds its throttle permit until the
 * stream is consumed.
 *
 * Ids are checked before any request (Zoho's are digits): an empty or non-numeric id is a
 * `ZohoConfigError` naming it. A record that does not exist is Zoho's `ZohoApiError` (code 1002),
 * its message naming the id.
 *
 * @example
 * ```ts
 * import * as BooksFiles from "@effect-zoho/books/BooksFiles"
 * import { Effect, Stream } from "effect"
 *
 * // The bytes of one invoice's PDF, counted without holding the file in memory.
 * export const pdfSize = (invoiceId: string) =>
 *   Effect.flatMap(BooksFiles.invoicePdf(invoiceId), (pdf) => Stream.runFold(pdf.stream, 0, (n, c) => n + c.length))
 * ```
 *
 * @since 0.1.0
 */
import * as Endpoint from "@effect-zoho/core/Endpoint"
import type { ZohoClient } from "@effect-zoho/core/ZohoClient"
import type { ZohoError } from "@effect-zoho/core/ZohoError"
import { ZohoApiError, ZohoConfigError } from "@effect-zoho/core/ZohoError"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import * as ZohoTransfer from "@effect-zoho/core/ZohoTransfer"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Bills from "./generated/Bills.js"
import * as Estimates from "./generated/Estimates.js"
import * as Invoices from "./generated/Invoices.js"

/**
 * A downloaded file: its name, type and length from the response headers, and its bytes as a
 * stream to consume once.
 *
 * @category models
 * @since 0.1.0
 */
export type Download = ZohoTransfer.Download

/**
 * A file to upload: bytes, a `Stream` of them, or a path (`ZohoTransfer.fromPath`).
 *
 * @category models
 * @since 0.1.0
 */
export type FileSource<E = never> = ZohoTransfer.FileSource<E>

const File = Schema.UndefinedOr(ZohoTransfer.Streamed)

/** The answer to an upload or a delete: Zoho's `{ code, message }`. */
const Answer = Schema.Struct({ code: Schema.Number, message: Schema.String })

const PdfQuery = Schema.Struct({
  accept: Schema.Literal("pdf"),
  /** Zoho's print layout instead of the PDF to send. */
  print: Schema.optional(Schema.Boolean)
})

/**
 * `GET /invoices/{invoice_id}?accept=pdf`: the invoice's PDF.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const invoicePdfEndpoint = Endpoint.refine(Invoices.getInvoice, { query: PdfQuery, response: File })
/**
 * `GET /estimates/{estimate_id}?accept=pdf`.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const estimatePdfEndpoint = Endpoint.refine(Estimates.getEstimate, { query: PdfQuery, response: File })
/**
 * `GET /bills/{bill_id}?accept=pdf`.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const billPdfEndpoint = Endpoint.refine(Bills.getBill, { query: PdfQuery, response: File })

// The name as a literal type: a `string`-keyed computed property would leave `[name]` in the
// emitted .d.ts, which fails a user's type-check unless `skipLibCheck` is on.
const IdsQuery = <N extends string>(name: N) =>
  Schema.Struct({ [name]: Schema.String } as { readonly [k in N]: typeof Schema.String })

/**
 * `GET /invoices/pdf?invoice_ids=…`: several invoices in one PDF.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const invoicesPdfEndpoint = Endpoint.refine(Invoices.bulkExportInvoicesAsPdf, {
  query: IdsQuery("invoice_ids"),
  response: File
})
/**
 * `GET /invoices/print?invoice_ids=…`: several invoices in one PDF to print.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const invoicesPrintEndpoint = Endpoint.refine(Invoices.bulkPrintInvoices, {
  query: IdsQuery("invoice_ids"),
  response: File
})
/**
 * `GET /estimates/pdf?estimate_ids=…`.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const estimatesPdfEndpoint = Endpoint.refine(Estimates.bulkExportEstimatesAsPdf, {
  query: IdsQuery("estimate_ids"),
  response: File
})
/**
 * `GET /estimates/print?estimate_ids=…`.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const estimatesPrintEndpoint = Endpoint.refine(Estimates.bulkPrintEstimates, {
  query: IdsQuery("estimate_ids"),
  response: File
})

/**
 * `GET /invoices/{invoice_id}/attachment`: the attachment, streamed.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const invoiceAttachmentEndpoint = Endpoint.refine(Invoices.getInvoiceAttachment, { response: File })
/**
 * `GET /bills/{bill_id}/attachment`.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const billAttachmentEndpoint = Endpoint.refine(Bills.getBillAttachment, { response: File })

const UploadQuery = Schema.Struct({ can_send_in_mail: Schema.optional(Schema.Boolean) })
const UploadBody = Schema.Struct({ attachment: ZohoTransfer.File })

/**
 * `POST /invoices/{invoice_id}/attachment` with the file (multipart field `attachment`).
 *
 * @category endpoints
 * @since 0.1.0
 */
export const uploadInvoiceAttachmentEndpoint = Endpoint.refine(Invoices.addInvoiceAttachment, {
  query: UploadQuery,
  body: UploadBody,
  bodyEncoding: "multipart",
  response: Answer
})
/**
 * `POST /bills/{bill_id}/attachment` with the file.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const uploadBillAttachmentEndpoint = Endpoint.refine(Bills.addBillAttachment, {
  query: Schema.Struct({}),
  body: UploadBody,
  bodyEncoding: "multipart",
  response: Answer
})

/** Zoho's ids are digits: anything else can only be a mistake, caught before a request. */
const checkId = (operation: string, name: string, id: unknown): Effect.Effect<string, ZohoConfigError> =>
  typeof id === "string" && /^[0-9]{1,40}$/.test(id)
    ? Effect.succeed(id)
    : Effect.fail(
      new ZohoConfigError({
        reason: "InvalidInput",
        message: `${operation}: ${name} must be a Zoho id (digits only), got ${JSON.stringify(id)?.slice(0, 60)}`,
        input: name
      })
    )

const checkIds = (operation: string, name: string, ids: Iterable<string>): Effect.Effect<string, ZohoConfigError> =>
  Effect.suspend(() => {
    const all = [...ids]
    return all.length === 0
      ? Effect.fail(
        new ZohoConfigError({ reason: "InvalidInput", message: `${operation}: ${name} is empty`, input: name })
      )
      : Effect.map(Effect.forEach(all, (id) => checkId(operation, name, id)), (checked) => checked.join(","))
  })

/** Zoho's "does not exist" names the entity, not the id: name it, so a batch's failure says which. */
const namingId = (name: string, id: string) => (error: ZohoError): ZohoError =>
  error._tag === "ZohoApiError" && (error.code === 1002 || error.status === 404)
    ? new ZohoApiError({
      product: error.product,
      operation: error.operation,
      status: error.status,
      code: error.code,
      message: `${error.message} (${name} ${id})`,
      details: { [name]: id, ...(typeof error.details === "object" && error.details !== null ? error.details : {}) }
    })
    : error

/** A file answer must be a file: an empty 2xx is Zoho's failure to produce it, named. */
const present =
  (operation: string, what: string) => (file: Download | undefined): Effect.Effect<Download, ZohoApiError> =>
    file === undefined
      ? Effect.fail(
        new ZohoApiError({
          product: ZohoProducts.books.id,
          operation,
          status: 204,
          code: "NO_CONTENT",
          message: `Zoho sent no file for ${what}`
        })
      )
      : Effect.succeed(file)

const byId = <D extends Endpoint.Definition>(
  endpoint: Endpoint.Endpoint<D>,
  name: string,
  query?: object
) =>
(id: string): Effect.Effect<Download, ZohoError, ZohoClient> => {
  const call = Endpoint.call(endpoint as Endpoint.Endpoint) as (
    input: object
  ) => Effect.Effect<unknown, ZohoError, ZohoClient>
  return checkId(endpoint.operation, name, id).pipe(
    Effect.flatMap((checked) =>
      call({ path: { [name]: checked }, ...(query === undefined ? {} : { query }) }).pipe(
        Effect.mapError(namingId(name, checked)),
        Effect.flatMap((file) => present(endpoint.operation, `${name} ${checked}`)(file as Download | undefined))
      )
    )
  )
}

const pdfQuery = (options?: { readonly print?: boolean | undefined }) =>
  options?.print === undefined ? { accept: "pdf" } : { accept: "pdf", print: options.print }

/**
 * One invoice's PDF (Zoho's print layout with `print: true`).
 *
 * @example
 * ```ts
 * import * as BooksFiles from "@effect-zoho/books/BooksFiles"
 * import { FileSystem } from "@effect/platform"
 * import { Effect, Stream } from "effect"
 *
 * export const savePdf = (invoiceId: string, path: string) =>
 *   Effect.gen(function*() {
 *     const fs = yield* FileSystem.FileSystem
 *     const pdf = yield* BooksFiles.invoicePdf(invoiceId)
 *     yield* Stream.run(pdf.stream, fs.sink(path))
 *     return pdf.fileName
 *   })
 * ```
 *
 * @category downloads
 * @since 0.1.0
 */
export const invoicePdf = (
  invoiceId: string,
  options?: { readonly print?: boolean | undefined }
): Effect.Effect<Download, ZohoError, ZohoClient> =>
  byId(invoicePdfEndpoint, "invoice_id", pdfQuery(options))(invoiceId)

/**
 * One estimate's PDF.
 *
 * @category downloads
 * @since 0.1.0
 */
export const estimatePdf = (
  estimateId: string,
  options?: { readonly print?: boolean | undefined }
): Effect.Effect<Download, ZohoError, ZohoClient> =>
  byId(estimatePdfEndpoint, "estimate_id", pdfQuery(options))(estimateId)

/**
 * One bill's PDF.
 *
 * @category downloads
 * @since 0.1.0
 */
export const billPdf = (
  billId: string,
  options?: { readonly print?: boolean | undefined }
): Effect.Effect<Download, ZohoError, ZohoClient> => byId(billPdfEndpoint, "bill_id", pdfQuery(options))(billId)

const bulk =
  <D extends Endpoint.Definition>(endpoint: Endpoint.Endpoint<D>, name: string) =>
  (ids: Iterable<string>): Effect.Effect<Download, ZohoError, ZohoClient> => {
    const call = Endpoint.call(endpoint as Endpoint.Endpoint) as (
      input: object
    ) => Effect.Effect<unknown, ZohoError, ZohoClient>
    return checkIds(endpoint.operation, name, ids).pipe(
      Effect.flatMap((joined) =>
        call({ query: { [name]: joined } }).pipe(
          Effect.flatMap((file) => present(endpoint.operation, `${name} ${joined}`)(file as Download | undefined))
        )
      )
    )
  }

/**
 * Several invoices in one PDF (`/invoices/pdf`).
 *
 * @category downloads
 * @since 0.1.0
 */
export const invoicesPdf: (invoiceIds: Iterable<string>) => Effect.Effect<Download, ZohoError, ZohoClient> = bulk(
  invoicesPdfEndpoint,
  "invoice_ids"
)

/**
 * Several invoices in one PDF laid out to print (`/invoices/print`).
 *
 * @category downloads
 * @since 0.1.0
 */
export const printInvoices: (invoiceIds: Iterable<string>) => Effect.Effect<Download, ZohoError, ZohoClient> = bulk(
  invoicesPrintEndpoint,
  "invoice_ids"
)

/**
 * Several estimates in one PDF (`/estimates/pdf`).
 *
 * @category downloads
 * @since 0.1.0
 */
export const estimatesPdf: (estimateIds: Iterable<string>) => Effect.Effect<Download, ZohoError, ZohoClient> = bulk(
  estimatesPdfEndpoint,
  "estimate_ids"
)

/**
 * Several estimates in one PDF laid out to print (`/estimates/print`).
 *
 * @category downloads
 * @since 0.1.0
 */
export const printEstimates: (estimateIds: Iterable<string>) => Effect.Effect<Download, ZohoError, ZohoClient> = bulk(
  estimatesPrintEndpoint,
  "estimate_ids"
)

/**
 * The file attached to an invoice, streamed.
 *
 * @category downloads
 * @since 0.1.0
 */
export const invoiceAttachment: (invoiceId: string) => Effect.Effect<Download, ZohoError, ZohoClient> = byId(
  invoiceAttachmentEndpoint,
  "invoice_id"
)

/**
 * The file attached to a bill, streamed.
 *
 * @category downloads
 * @since 0.1.0
 */
export const billAttachment: (billId: string) => Effect.Effect<Download, ZohoError, ZohoClient> = byId(
  billAttachmentEndpoint,
  "bill_id"
)

const upload = <D extends Endpoint.Definition>(endpoint: Endpoint.Endpoint<D>, name: string) =>
<E>(
  id: string,
  file: FileSource<E>,
  query?: object
): Effect.Effect<{ readonly code: number; readonly message: string }, ZohoError, ZohoClient> => {
  const call = Endpoint.call(endpoint as Endpoint.Endpoint) as (
    input: object
  ) => Effect.Effect<unknown, ZohoError, ZohoClient>
  return checkId(endpoint.operation, name, id).pipe(
    Effect.flatMap((checked) =>
      call({ path: { [name]: checked }, body: { attachment: file }, ...(query === undefined ? {} : { query }) }).pipe(
        Effect.mapError(namingId(name, checked))
      )
    ),
    Effect.map((answer) => answer as { readonly code: number; readonly message: string })
  )
}

/**
 * Attach a file to an invoice (multipart; Zoho keeps one attachment per invoice and caps its
 * size). `canSendInMail` attaches it to the invoice's emails too.
 *
 * @example
 * ```ts
 * import * as BooksFiles from "@effect-zoho/books/BooksFiles"
 *
 * export const attach = (invoiceId: string, bytes: Uint8Array) =>
 *   BooksFiles.uploadInvoiceAttachment(invoiceId, { fileName: "purchase-order.pdf", bytes }, { canSendInMail: true })
 * ```
 *
 * @category uploads
 * @since 0.1.0
 */
export const uploadInvoiceAttachment = <E>(
  invoiceId: string,
  file: FileSource<E>,
  options?: { readonly canSendInMail?: boolean | undefined }
): Effect.Effect<{ readonly code: number; readonly message: string }, ZohoError, ZohoClient> =>
  upload(uploadInvoiceAttachmentEndpoint, "invoice_id")(
    invoiceId,
    file,
    options?.canSendInMail === undefined ? undefined : { can_send_in_mail: options.canSendInMail }
  )

/**
 * Attach a file to a bill (multipart).
 *
 * @category uploads
 * @since 0.1.0
 */
export const uploadBillAttachment = <E>(
  billId: string,
  file: FileSource<E>
): Effect.Effect<{ readonly code: number; readonly message: string }, ZohoError, ZohoClient> =>
  upload(uploadBillAttachmentEndpoint, "bill_id")(billId, file)
