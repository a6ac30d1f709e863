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
  /** How long an asynchronous job (mass update, bulk read, bulk write) waits in the queue. */
  readonly jobQueuedMs: number
  /** How long it then runs before it is complete; both are Clock time, so TestClock drives them. */
  readonly jobRunningMs: number
  /** Records in one bulk read page (Zoho: 200,000). */
  readonly bulkReadPageSize: number
  /** Largest bulk write CSV in bytes, unzipped (Zoho: 25 MB). */
  readonly bulkWriteMaxCsvBytes: number
  /** Largest attachment in bytes (Zoho: 20 MB). */
  readonly attachmentMaxBytes: number
  /** Records one add/remove tags call may touch (❓ 500 per the facts). */
  readonly tagRecordLimit: number
  /**
   * The org's CRM functions by API name: each receives the call's arguments and returns the
   * output (strings are sent as they are, other values as JSON).
   */
  readonly functions: Readonly<Record<string, (args: Readonly<Record<string, unknown>>) => unknown>>
}

export const defaults: CrmOptions = {
  discretePaginationLimit: 2000,
  pageTokenLimit: 100_000,
  pageTokenTtlMs: 24 * 60 * 60 * 1000,
  searchLimit: 2000,
  searchEquals: "contains",
  searchNeedsSecureSearchScope: true,
  unknownRecordId: "invalid-data",
  coqlMaxRows: 100_000,
  jobQueuedMs: 2_000,
  jobRunningMs: 8_000,
  bulkReadPageSize: 200_000,
  bulkWriteMaxCsvBytes: 25 * 1024 * 1024,
  attachmentMaxBytes: 20 * 1024 * 1024,
  tagRecordLimit: 500,
  functions: {
    echo: (args) => args,
    sum: (args) =>
      Object.values(args).reduce<number>((total, v) => total + (typeof v === "number" ? v : Number(v) || 0), 0),
    upper: (args) => String(args.text ?? "").toUpperCase()
  }
}
