/**
 * An expense created with its receipt in one request: `POST /expenses` as `multipart/form-data`,
 * the expense as the finance products' `JSONString` field and the file as the `receipt` part.
 *
 * Sources: the third-party Expense file declares the multipart form of `POST /expenses` with a
 * binary `receipt` (shared/specs/finance-endpoints.md §2.2 lists the path); Zoho's "Upload
 * Receipts" page (https://www.zoho.com/expense/api/v1/receipts/) names the `receipt` binary part,
 * multipart, with the `ZohoExpense.expense.CREATE` scope.
 *
 * One request, so an upload that fails part way leaves no expense behind: the file is read before
 * anything is sent (a failing source is a `ZohoTransportError`, nothing sent), and the create is
 * not idempotent, so an ambiguous failure is never replayed.
 *
 * @since 0.1.0
 */
import * as Endpoint from "@effect-zoho/core/Endpoint"
import * as Facade from "@effect-zoho/core/Facade"
import type { ZohoClient } from "@effect-zoho/core/ZohoClient"
import type { ZohoError } from "@effect-zoho/core/ZohoError"
import { ZohoConfigError } from "@effect-zoho/core/ZohoError"
import * as ZohoTransfer from "@effect-zoho/core/ZohoTransfer"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Expenses from "../generated/Expenses.js"
import * as $OpenapiZohoExpenses from "../generated/OpenapiZohoExpenses.js"

/**
 * `POST /expenses` with a receipt: the generated declaration, sent as multipart.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const createExpenseWithReceipt = Endpoint.refine(Expenses.createExpense, {
  body: Schema.Struct({
    JSONString: $OpenapiZohoExpenses.CreateExpenseRequest,
    receipt: ZohoTransfer.File
  }),
  bodyEncoding: "multipart"
})

/** A receipt's type by extension, for a file whose source gives none. */
const typesByExtension: Readonly<Record<string, string>> = {
  pdf: "application/pdf",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  bmp: "image/bmp",
  tif: "image/tiff",
  tiff: "image/tiff",
  heic: "image/heic",
  webp: "image/webp"
}

/**
 * The receipt's type: the source's `contentType`, else the one its file name's extension gives,
 * else `application/octet-stream`.
 *
 * @category receipts
 * @since 0.1.0
 */
export const receiptType = (file: ZohoTransfer.FileSource<unknown>): string => {
  const declared = file.contentType?.split(";")[0]?.trim().toLowerCase()
  if (declared !== undefined && declared !== "") return declared
  const extension = /\.([A-Za-z0-9]+)$/.exec(file.fileName)?.[1]?.toLowerCase()
  return (extension === undefined ? undefined : typesByExtension[extension]) ?? "application/octet-stream"
}

/**
 * Whether Zoho Expense takes the type as a receipt: an image or a PDF.
 *
 * @category guards
 * @since 0.1.0
 */
export const isReceiptType = (type: string): boolean => type === "application/pdf" || type.startsWith("image/")

/**
 * A receipt that is not an image or a PDF, refused before any request (`ZohoConfigError`,
 * `InvalidInput`, `input: "receipt"`, the type in the message); the file itself otherwise.
 *
 * @example
 * ```ts
 * import { ExpenseReceipts } from "@effect-zoho/expense"
 *
 * // Fails with ZohoConfigError (InvalidInput) before any request: a spreadsheet is no receipt.
 * export const refused = ExpenseReceipts.checkReceipt({ fileName: "totals.xlsx", bytes: new Uint8Array(0) })
 * ```
 *
 * @category receipts
 * @since 0.1.0
 */
export const checkReceipt = <E>(
  file: ZohoTransfer.FileSource<E>
): Effect.Effect<ZohoTransfer.FileSource<E>, ZohoConfigError> => {
  const type = receiptType(file)
  return isReceiptType(type)
    ? Effect.succeed(file)
    : Effect.fail(
      new ZohoConfigError({
        reason: "InvalidInput",
        message:
          `${createExpenseWithReceipt.operation}: a receipt must be an image or a PDF, "${file.fileName}" is ${type}`,
        input: "receipt"
      })
    )
}

const create = Facade.create(createExpenseWithReceipt, "expense")

/**
 * Create an expense with its receipt (checked with {@link checkReceipt} first); the created
 * expense out of its envelope.
 *
 * @example
 * ```ts
 * import { ExpenseReceipts } from "@effect-zoho/expense"
 *
 * export const claimTaxi = (currencyId: string, categoryId: string, pdf: Uint8Array) =>
 *   ExpenseReceipts.createWithReceipt(
 *     { currency_id: currencyId, date: "2026-03-02", line_items: [{ category_id: categoryId, amount: 23.5 }] },
 *     { fileName: "taxi.pdf", contentType: "application/pdf", bytes: pdf }
 *   )
 * ```
 *
 * @category receipts
 * @since 0.1.0
 */
export const createWithReceipt = (
  body: $OpenapiZohoExpenses.CreateExpenseRequest,
  receipt: ZohoTransfer.FileSource<unknown>
): Effect.Effect<$OpenapiZohoExpenses.Expense, ZohoError, ZohoClient> =>
  Effect.flatMap(checkReceipt(receipt), (file) => create({ JSONString: body, receipt: file }))
