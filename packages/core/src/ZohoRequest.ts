/**
 * One call to a Zoho product API, before authentication, throttling and retry are applied.
 * Endpoint declarations build these; `ZohoClient.execute` sends them.
 *
 * @since 0.1.0
 */
import type { ZohoProduct } from "./ZohoProduct.js"

/**
 * @category models
 * @since 0.1.0
 */
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE"

/**
 * One part of a multipart body: a text field, or a file already in memory (a `Blob` can be sent
 * again, so a retried or replayed upload sends the same bytes).
 *
 * @category models
 * @since 0.1.0
 */
export type Part =
  | { readonly _tag: "Field"; readonly name: string; readonly value: string }
  | { readonly _tag: "File"; readonly name: string; readonly fileName: string; readonly blob: Blob }

/**
 * @category models
 * @since 0.1.0
 */
export type Body =
  | { readonly _tag: "None" }
  | { readonly _tag: "Json"; readonly value: unknown }
  | { readonly _tag: "Form"; readonly fields: Readonly<Record<string, string>> }
  | { readonly _tag: "FormData"; readonly formData: FormData }
  | { readonly _tag: "Multipart"; readonly parts: ReadonlyArray<Part> }
  | { readonly _tag: "Bytes"; readonly bytes: Uint8Array; readonly contentType: string }

/**
 * @category models
 * @since 0.1.0
 */
export type ParamValue = string | number | boolean | ReadonlyArray<string | number | boolean> | undefined

/**
 * @category models
 * @since 0.1.0
 */
export interface ZohoRequest {
  /** The product descriptor: base path, org-id rule, envelope, error codes and throttle defaults. */
  readonly product: ZohoProduct
  /** A stable operation name for spans, errors and logs, e.g. `crm.records.list`. */
  readonly operation: string
  readonly method: Method
  /** Path template below the product base path, e.g. `/{module}/{id}`: the span's route. */
  readonly pathTemplate: string
  /** The filled path, e.g. `/Leads/123` (path params already URI-encoded). */
  readonly path: string
  /** Arrays are sent comma-joined, as Zoho expects (`ids=a,b`). */
  readonly urlParams: Readonly<Record<string, ParamValue>>
  readonly headers: Readonly<Record<string, string>>
  readonly body: Body
  /** GET/PUT/DELETE are idempotent; POST is not unless the endpoint says so (search, COQL). */
  readonly idempotent: boolean
  /** CRM "complex" calls share a separate, lower concurrency limit. */
  readonly complex: boolean
  /** Use the file-upload host instead of the API host. */
  readonly host: "api" | "upload"
  /** OAuth scopes the operation declares: named in a `ZohoAuthError` when Zoho refuses them. */
  readonly scopes?: ReadonlyArray<string> | undefined
  /** Override the product base path (CRM bulk uses `/crm/bulk/v8`). */
  readonly basePath?: string | undefined
  /**
   * Override the origin (`https://host`) for a link Zoho handed out on another of its hosts (CRM
   * bulk write's `download_url`). The client sends the token there only when the origin is one of
   * the region's own or an https Zoho host (see `ZohoTransfer.checkLink`); anything else fails
   * with `ZohoConfigError` `UntrustedHost` before the send.
   */
  readonly origin?: string | undefined
  /**
   * Read the whole response body inside the exchange (`true`), or hand it out as a stream with
   * the throttle permit held until it is consumed (`false`). Unset: the client's `bufferBody`.
   * Endpoints set it from their response kind (file downloads stream).
   */
  readonly bufferBody?: boolean | undefined
}

/**
 * @category constructors
 * @since 0.1.0
 */
export const make = (
  options: Pick<ZohoRequest, "product" | "operation" | "method" | "path"> & Partial<ZohoRequest>
): ZohoRequest => ({
  pathTemplate: options.path,
  urlParams: {},
  headers: {},
  body: { _tag: "None" },
  idempotent: options.method !== "POST" && options.method !== "PATCH",
  complex: false,
  host: "api",
  ...options
})
