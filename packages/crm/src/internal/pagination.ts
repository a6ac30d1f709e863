/**
 * Paging by hand, for `page` and `modifiedSince`: the list endpoint with the paging params
 * declared, and the cursor from one page to the next (page numbers, then `page_token`).
 */
import * as Endpoint from "@effect-zoho/core/Endpoint"
import type * as Envelope from "@effect-zoho/core/Envelope"
import * as Pagination from "@effect-zoho/core/Pagination"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as endpoints from "./endpoints.js"

/**
 * The list endpoint's query Schema does not name the paging params: `page` sends them through a
 * copy that does, with pagination off.
 */
export const pagedListEndpoint = <A, I>(listEndpoint: ReturnType<typeof endpoints.list<A, I>>) =>
  Endpoint.make({
    ...listEndpoint.definition,
    query: Schema.extend(
      endpoints.ListQuery,
      Schema.Struct({
        page: Schema.optional(Schema.Number),
        per_page: Schema.optional(Schema.Number),
        page_token: Schema.optional(Schema.String)
      })
    ),
    pagination: Endpoint.noPagination,
    // Without list pagination declared, a 204 (an empty module, a page past the end) needs
    // its empty value spelled out.
    empty: { data: [] }
  })

/** Where the next page is: a page number while Zoho allows one, else a `page_token`. */
export type Cursor = { readonly page: number } | { readonly token: string }

/** The cursor after a page with `info`, or `None` when it was the last. */
export const nextCursor = (
  info: Envelope.CrmInfo | undefined,
  previous: Cursor,
  pageSize: number
): Option.Option<Cursor> => {
  if (info?.more_records !== true) return Option.none()
  const nextPage = "page" in previous ? previous.page + 1 : undefined
  if (nextPage !== undefined && nextPage * pageSize <= Pagination.crmPageNumberLimit) {
    return Option.some({ page: nextPage })
  }
  const token = info.next_page_token
  return typeof token === "string" && token !== "" ? Option.some({ token }) : Option.none()
}

/** The `PageOptions` that ask for the page at `cursor`. */
export const cursorOptions = (cursor: Cursor): { readonly page: number } | { readonly pageToken: string } =>
  "page" in cursor ? { page: cursor.page } : { pageToken: cursor.token }
