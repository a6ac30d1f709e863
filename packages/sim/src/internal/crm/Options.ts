/**
 * Switches for CRM behaviours that Zoho documents loosely (❓ in the facts) and limits tests
 * may want smaller. The defaults follow the documented values.
 */
export interface CrmOptions {
  /** Records reachable with `page` (Zoho: 2,000); beyond, `page_token` is required. */
  readonly discretePaginationLimit: number
  /** Records reachable with `page_token` (Zoho: 100,000). */
  readonly pageTokenLimit: number
  /** Lifetime of a page token (Zoho: 24 h). */
  readonly pageTokenTtlMs: number
  /** Records a search can reach (Zoho: 2,000, `LIMIT_REACHED` beyond). */
  readonly searchLimit: number
  /** Zoho's search docs say `equals` behaves like contains on text; `exact` is the strict reading. */
  readonly searchEquals: "contains" | "exact"
  /** Search needs `ZohoSearch.securesearch.READ` besides the module's READ scope. */
  readonly searchNeedsSecureSearchScope: boolean
  /** Get Record for an unknown id: the OAS declares an `API_Exception` (INVALID_DATA); real orgs may answer 204. */
  readonly unknownRecordId: "invalid-data" | "no-content"
  /** Rows COQL can reach through LIMIT/OFFSET (Zoho: 100,000). */
  readonly coqlMaxRows: number
}

export const defaults: CrmOptions = {
  discretePaginationLimit: 2000,
  pageTokenLimit: 100_000,
  pageTokenTtlMs: 24 * 60 * 60 * 1000,
  searchLimit: 2000,
  searchEquals: "contains",
  searchNeedsSecureSearchScope: true,
  unknownRecordId: "invalid-data",
  coqlMaxRows: 100_000
}
