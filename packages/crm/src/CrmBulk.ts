/**
 * CRM bulk read and bulk write jobs.
 *
 * Bulk read: create a job, poll it with a `Schedule` until it is `COMPLETED` (or fails, or the
 * timeout passes), download the zipped CSV and stream its rows as records — unzipped and parsed
 * chunk by chunk, so memory stays bounded even for 200,000 records (the download streams whatever
 * the client's `bufferBody`, its throttle permit held until the stream ends). Pages beyond the
 * first 200,000 records are further jobs, run one after another.
 *
 * Bulk write: build a CSV from records, zip it, upload it to the file host (`feature: bulk-write`,
 * `X-CRM-ORG`), create the job, poll it, then download and parse the per-row results from the job's
 * `download_url`: a link download (`ZohoTransfer.downloadLink`), sent only to a Zoho host.
 *
 * @since 0.1.0
 */
import * as Endpoint from "@effect-zoho/core/Endpoint"
import type { ZohoClient } from "@effect-zoho/core/ZohoClient"
import type { ZohoError } from "@effect-zoho/core/ZohoError"
import * as ZohoTransfer from "@effect-zoho/core/ZohoTransfer"
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { strToU8, Unzip, UnzipInflate, zipSync } from "fflate"
import * as GenBulkRead from "./generated/BulkRead.js"
import * as GenBulkWrite from "./generated/BulkWrite.js"
import * as Csv from "./internal/csv.js"

/**
 * A bulk job did not deliver: Zoho marked it `FAILURE`/`FAILED`, it was still running when the
 * polling timeout passed, or its result file was not what bulk jobs produce.
 *
 * @category errors
 * @since 0.1.0
 */
export class BulkJobError extends Schema.TaggedError<BulkJobError>("@effect-zoho/crm/BulkJobError")(
  "BulkJobError",
  {
    reason: Schema.Literal("Failed", "Timeout", "InvalidResult"),
    operation: Schema.Literal("read", "write"),
    jobId: Schema.String,
    state: Schema.optional(Schema.String),
    message: Schema.String
  }
) {}

// ---------------------------------------------------------------------------------------------
// Schemas

/**
 * A bulk read criterion: one field comparison, or a group of criteria joined by `and`/`or`.
 *
 * @category models
 * @since 0.1.0
 */
export type Criteria =
  | { readonly api_name: string; readonly comparator: string; readonly value: unknown }
  | { readonly group_operator: "and" | "or"; readonly group: ReadonlyArray<Criteria> }

/**
 * Schema of a bulk read {@link Criteria} (recursive).
 *
 * @category schemas
 * @since 0.1.0
 */
export const Criteria: Schema.Schema<Criteria> = Schema.Union(
  Schema.Struct({ api_name: Schema.String, comparator: Schema.String, value: Schema.Unknown }),
  Schema.Struct({
    group_operator: Schema.Literal("and", "or"),
    group: Schema.Array(Schema.suspend((): Schema.Schema<Criteria> => Criteria))
  })
)

/**
 * What a bulk read job exports: the module, its fields, an optional criteria or custom view, and
 * the page (200,000 records each).
 *
 * @category schemas
 * @since 0.1.0
 */
export const ReadQuery = Schema.Struct({
  module: Schema.Struct({ api_name: Schema.String }),
  fields: Schema.optional(Schema.Array(Schema.String)),
  criteria: Schema.optional(Criteria),
  cvid: Schema.optional(Schema.String),
  page: Schema.optional(Schema.Number)
})

/**
 * The body of a bulk read job (see the {@link ReadQuery} schema).
 *
 * @category models
 * @since 0.1.0
 */
export type ReadQuery = typeof ReadQuery.Type

const MinUser = Schema.Struct({ id: Schema.String, name: Schema.optional(Schema.NullOr(Schema.String)) })

/**
 * Where a completed read job's result is and whether more pages follow (`more_records`).
 *
 * @category schemas
 * @since 0.1.0
 */
export const ReadResult = Schema.Struct({
  page: Schema.Number,
  count: Schema.Number,
  download_url: Schema.String,
  per_page: Schema.Number,
  more_records: Schema.Boolean,
  next_page_token: Schema.optional(Schema.NullOr(Schema.String))
})

/**
 * A bulk read job as Zoho reports it: its id, its `state` and, once completed, its result.
 *
 * @category schemas
 * @since 0.1.0
 */
export const ReadJob = Schema.Struct({
  id: Schema.String,
  operation: Schema.String,
  state: Schema.String,
  created_by: Schema.optional(MinUser),
  created_time: Schema.optional(Schema.String),
  result: Schema.optional(ReadResult)
})

/**
 * A bulk read job (see the {@link ReadJob} schema).
 *
 * @category models
 * @since 0.1.0
 */
export type ReadJob = typeof ReadJob.Type

/**
 * The counts Zoho reports for the uploaded file of a write job (added, updated, skipped).
 *
 * @category bulk write
 * @since 0.1.0
 */
export const WriteFile = Schema.Struct({
  status: Schema.optional(Schema.String),
  name: Schema.optional(Schema.String),
  added_count: Schema.optional(Schema.Number),
  skipped_count: Schema.optional(Schema.Number),
  updated_count: Schema.optional(Schema.Number),
  total_count: Schema.optional(Schema.Number)
})

/**
 * A bulk write job as Zoho reports it: its status, its resources with their counts and, once
 * completed, the link to its per-row results.
 *
 * @category bulk write
 * @since 0.1.0
 */
export const WriteJob = Schema.Struct({
  id: Schema.String,
  status: Schema.String,
  operation: Schema.optional(Schema.String),
  created_by: Schema.optional(MinUser),
  created_time: Schema.optional(Schema.String),
  resource: Schema.optional(Schema.Array(Schema.Struct({
    status: Schema.optional(Schema.String),
    module: Schema.optional(Schema.Struct({ api_name: Schema.String })),
    file: Schema.optional(WriteFile)
  }))),
  result: Schema.optional(Schema.Struct({ download_url: Schema.String }))
})

/**
 * A bulk write job (see the {@link WriteJob} schema).
 *
 * @category bulk write
 * @since 0.1.0
 */
export type WriteJob = typeof WriteJob.Type

// ---------------------------------------------------------------------------------------------
// Endpoints

/**
 * `POST /crm/bulk/v8/read`.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const createReadJobEndpoint = Endpoint.make({
  ...GenBulkRead.createBulkReadJob.definition,
  body: Schema.Struct({
    query: ReadQuery,
    file_type: Schema.optional(Schema.Literal("csv", "ics")),
    callback: Schema.optional(Schema.Struct({ url: Schema.String, method: Schema.Literal("post") }))
  }),
  response: Schema.Struct({
    data: Schema.Array(Schema.Struct({
      status: Schema.String,
      code: Schema.String,
      message: Schema.String,
      details: Schema.Struct({ id: Schema.String, operation: Schema.String, state: Schema.String })
    }))
  })
})

/**
 * `GET /crm/bulk/v8/read/{job_id}`.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const getReadJobEndpoint = Endpoint.make({
  ...GenBulkRead.getBulkReadJobDetails.definition,
  response: Schema.Struct({ data: Schema.Array(ReadJob) })
})

/**
 * `POST /crm/bulk/v8/write`.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const createWriteJobEndpoint = Endpoint.make({
  ...GenBulkWrite.createBulkWriteJob.definition,
  body: Schema.Struct({
    operation: Schema.Literal("insert", "update", "upsert"),
    ignore_empty: Schema.optional(Schema.Boolean),
    character_encoding: Schema.optional(Schema.String),
    callback: Schema.optional(Schema.Struct({ url: Schema.String, method: Schema.Literal("post") })),
    resource: Schema.Array(Schema.Struct({
      type: Schema.Literal("data"),
      module: Schema.Struct({ api_name: Schema.String }),
      file_id: Schema.String,
      find_by: Schema.optional(Schema.String),
      field_mappings: Schema.optional(Schema.Array(Schema.Struct({ api_name: Schema.String, index: Schema.Number })))
    }))
  }),
  response: Schema.Struct({
    status: Schema.String,
    code: Schema.String,
    message: Schema.String,
    details: Schema.Struct({ id: Schema.String })
  })
})

/**
 * `GET /crm/bulk/v8/write/{job_id}`.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const getWriteJobEndpoint = Endpoint.make({
  ...GenBulkWrite.getBulkWriteJobDetails.definition,
  response: WriteJob
})

const UploadResult = Schema.Struct({
  status: Schema.String,
  code: Schema.String,
  message: Schema.String,
  details: Schema.Struct({ file_id: Schema.Union(Schema.String, Schema.Number) })
})

/**
 * `GET /crm/bulk/v8/read/{job_id}/result`: the result zip, streamed; `undefined` for 204.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const downloadReadResultEndpoint = Endpoint.make({
  ...GenBulkRead.downloadResult.definition,
  response: Schema.UndefinedOr(ZohoTransfer.Streamed)
})

/**
 * `POST https://content.zohoapis.{tld}/crm/v8/upload`: the zipped CSV (multipart), with the
 * `feature: bulk-write` and `X-CRM-ORG` headers.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const uploadFileEndpoint = Endpoint.make({
  ...GenBulkWrite.uploadFile.definition,
  headers: Schema.Struct({ feature: Schema.Literal("bulk-write"), "X-CRM-ORG": Schema.String }),
  body: Schema.Struct({ file: ZohoTransfer.File }),
  bodyEncoding: "multipart",
  response: UploadResult
})

/**
 * A bulk write job's `download_url`: the generated link download, named by its route for spans
 * and logs (the URL is checked against Zoho's hosts before a token is sent).
 *
 * @category endpoints
 * @since 0.1.0
 */
export const writeResultLink = ZohoTransfer.link({
  ...GenBulkWrite.downloadBulkWriteResult,
  pathTemplate: "/crm/bulk/v8/write/{job_id}/result"
})

// ---------------------------------------------------------------------------------------------
// Polling

/**
 * How a job is polled: every `interval` (default 5 s) and, when `maxInterval` is given, backing
 * off exponentially from `interval` up to it; given up after `timeout` (default 30 minutes).
 *
 * @category options
 * @since 0.1.0
 */
export interface PollOptions {
  readonly interval?: Duration.DurationInput | undefined
  readonly maxInterval?: Duration.DurationInput | undefined
  readonly timeout?: Duration.DurationInput | undefined
}

const pollSchedule = (options: PollOptions): Schedule.Schedule<unknown> => {
  const interval = Duration.decode(options.interval ?? "5 seconds")
  const timeout = Duration.decode(options.timeout ?? "30 minutes")
  const spacing: Schedule.Schedule<unknown> = options.maxInterval === undefined
    ? Schedule.spaced(interval)
    : Schedule.exponential(interval, 2).pipe(
      Schedule.union(Schedule.spaced(Duration.decode(options.maxInterval)))
    )
  return spacing.pipe(Schedule.upTo(timeout))
}

const poll = <A, E, R>(
  operation: "read" | "write",
  jobId: string,
  get: Effect.Effect<A, E, R>,
  stateOf: (a: A) => string,
  options: PollOptions
): Effect.Effect<A, E | BulkJobError, R> =>
  Effect.gen(function*() {
    const terminal = (a: A) => {
      const s = stateOf(a).toUpperCase()
      return s === "COMPLETED" || s === "FAILURE" || s === "FAILED"
    }
    // The driver sleeps on the Clock between polls, so TestClock moves a test along.
    const driver = yield* Schedule.driver(pollSchedule(options))
    let last = yield* get
    while (!terminal(last)) {
      const next = yield* Effect.option(driver.next(undefined))
      if (Option.isNone(next)) break
      last = yield* get
    }
    const state = stateOf(last)
    if (state.toUpperCase() === "COMPLETED") return last
    return yield* new BulkJobError({
      reason: terminal(last) ? "Failed" : "Timeout",
      operation,
      jobId,
      state,
      message: terminal(last)
        ? `Bulk ${operation} job ${jobId} ended in state ${state}`
        : `Bulk ${operation} job ${jobId} was still ${state} when polling gave up`
    })
  }).pipe(Effect.withSpan(`zoho.bulk.${operation}.poll`, { attributes: { "zoho.job": jobId } }))

// ---------------------------------------------------------------------------------------------
// Zip and CSV streaming

/**
 * The bytes of the first CSV inside a zip stream, inflated as the chunks arrive (fflate's
 * streaming `Unzip`), so only the current chunk is held.
 */
const unzipFirstCsv = <E, R>(
  operation: "read" | "write",
  jobId: string,
  zip: Stream.Stream<Uint8Array, E, R>
): Stream.Stream<Uint8Array, E | BulkJobError, R> =>
  Stream.suspend(() => {
    let out: Array<Uint8Array> = []
    let failure: Error | undefined
    let found = false
    let finished = false
    const unzip = new Unzip((file) => {
      if (found || !file.name.toLowerCase().endsWith(".csv")) return
      found = true
      file.ondata = (error, data, final) => {
        if (error !== null) failure = error
        else if (data.length > 0) out.push(data)
        if (final) finished = true
      }
      file.start()
    })
    unzip.register(UnzipInflate)
    const invalid = (message: string) => new BulkJobError({ reason: "InvalidResult", operation, jobId, message })
    const feed = (chunk: Option.Option<Uint8Array>): Effect.Effect<Chunk.Chunk<Uint8Array>, BulkJobError> =>
      Effect.suspend(() => {
        try {
          unzip.push(Option.getOrElse(chunk, () => new Uint8Array(0)), Option.isNone(chunk))
        } catch (e) {
          return Effect.fail(invalid(`The result is not a readable zip: ${e instanceof Error ? e.message : String(e)}`))
        }
        if (failure !== undefined) return Effect.fail(invalid(`The result zip is corrupt: ${failure.message}`))
        if (Option.isNone(chunk) && !(found && finished)) {
          return Effect.fail(invalid(found ? "The CSV in the result zip is truncated" : "The result zip holds no CSV"))
        }
        const ready = Chunk.unsafeFromArray(out)
        out = []
        return Effect.succeed(ready)
      })
    return zip.pipe(
      Stream.map(Option.some),
      Stream.concat(Stream.succeed(Option.none<Uint8Array>())),
      Stream.mapEffect(feed),
      Stream.flattenChunks
    )
  })

/** CSV rows of a UTF-8 byte stream; a row may span chunks. */
const csvRows = <E, R>(bytes: Stream.Stream<Uint8Array, E, R>): Stream.Stream<ReadonlyArray<string>, E, R> =>
  Stream.suspend(() => {
    const decoder = new TextDecoder("utf-8")
    const parser = Csv.makeParser()
    return bytes.pipe(
      Stream.map(Option.some),
      Stream.concat(Stream.succeed(Option.none<Uint8Array>())),
      Stream.mapConcat((chunk): Array<ReadonlyArray<string>> =>
        Option.isSome(chunk)
          ? parser.push(decoder.decode(chunk.value, { stream: true }))
          : [...parser.push(decoder.decode()), ...parser.end()]
      )
    )
  })

/** Rows as records keyed by the header row. */
const csvRecords = <E, R>(
  rows: Stream.Stream<ReadonlyArray<string>, E, R>
): Stream.Stream<Record<string, string>, E, R> =>
  Stream.suspend(() => {
    let header: ReadonlyArray<string> | undefined
    return Stream.filterMap(rows, (row) => {
      if (header === undefined) {
        header = row
        return Option.none()
      }
      if (row.length === 1 && row[0] === "") return Option.none()
      const record: Record<string, string> = {}
      header.forEach((name, i) => {
        record[name] = row[i] ?? ""
      })
      return Option.some(record)
    })
  })

// ---------------------------------------------------------------------------------------------
// Bulk read

/**
 * Create a bulk read job; succeeds with its id.
 *
 * @category bulk read
 * @since 0.1.0
 */
export const createReadJob = (query: ReadQuery): Effect.Effect<string, ZohoError, ZohoClient> =>
  Effect.map(
    Endpoint.call(createReadJobEndpoint)({ body: { query } }),
    (response) => response.data[0]?.details.id ?? ""
  )

/**
 * The current state of a bulk read job.
 *
 * @category bulk read
 * @since 0.1.0
 */
export const getReadJob = (jobId: string): Effect.Effect<ReadJob, ZohoError | BulkJobError, ZohoClient> =>
  Effect.flatMap(
    Endpoint.call(getReadJobEndpoint)({ path: { job_id: jobId } }),
    (response) =>
      response.data[0] === undefined
        ? Effect.fail(
          new BulkJobError({ reason: "InvalidResult", operation: "read", jobId, message: "No job details" })
        )
        : Effect.succeed(response.data[0])
  )

/**
 * Poll a bulk read job until it completes.
 *
 * @category bulk read
 * @since 0.1.0
 */
export const awaitReadJob = (
  jobId: string,
  options: PollOptions = {}
): Effect.Effect<ReadJob, ZohoError | BulkJobError, ZohoClient> =>
  poll("read", jobId, getReadJob(jobId), (job) => job.state, options)

/**
 * The result zip of a completed bulk read job, as bytes.
 *
 * @category bulk read
 * @since 0.1.0
 */
export const downloadReadResult = (
  jobId: string
): Effect.Effect<Stream.Stream<Uint8Array, ZohoError>, ZohoError | BulkJobError, ZohoClient> =>
  Effect.flatMap(
    Endpoint.call(downloadReadResultEndpoint)({ path: { job_id: jobId } }),
    (download) =>
      download === undefined
        ? Effect.fail(new BulkJobError({ reason: "InvalidResult", operation: "read", jobId, message: "Empty result" }))
        : Effect.succeed(download.stream)
  )

/**
 * The records (CSV rows keyed by column) of a completed bulk read job, streamed.
 *
 * @category bulk read
 * @since 0.1.0
 */
export const readResultRecords = (
  jobId: string
): Stream.Stream<Record<string, string>, ZohoError | BulkJobError, ZohoClient> =>
  Stream.unwrap(
    Effect.map(downloadReadResult(jobId), (bytes) => csvRecords(csvRows(unzipFirstCsv("read", jobId, bytes))))
  )

/**
 * How {@link read} polls (see {@link PollOptions}) and which page it reads.
 *
 * @category options
 * @since 0.1.0
 */
export interface ReadOptions extends PollOptions {
  /** Only this page (of up to 200,000 records); by default every page, one job after another. */
  readonly page?: number | undefined
}

/**
 * Run a bulk read and stream its records: create the job, poll it, stream the result, and do
 * the same for the following pages while Zoho says there are more records.
 *
 * @example
 * ```ts
 * import { CrmBulk } from "@effect-zoho/crm"
 * import { Stream } from "effect"
 *
 * export const exportLeads = CrmBulk.read(
 *   {
 *     module: { api_name: "Leads" },
 *     fields: ["Last_Name", "Email", "Company"],
 *     criteria: { api_name: "Company", comparator: "equal", value: "Acme" }
 *   },
 *   { interval: "5 seconds", maxInterval: "1 minute", timeout: "30 minutes" }
 * ).pipe(Stream.runFold(0, (n) => n + 1))
 * ```
 *
 * @category bulk read
 * @since 0.1.0
 */
export const read = (
  query: ReadQuery,
  options: ReadOptions = {}
): Stream.Stream<Record<string, string>, ZohoError | BulkJobError, ZohoClient> => {
  const page = (n: number): Stream.Stream<Record<string, string>, ZohoError | BulkJobError, ZohoClient> =>
    Stream.unwrap(Effect.gen(function*() {
      const jobId = yield* createReadJob({ ...query, page: n })
      const job = yield* awaitReadJob(jobId, options)
      const rest = options.page === undefined && job.result?.more_records === true
        ? Stream.suspend(() => page(n + 1))
        : Stream.empty
      return Stream.concat(readResultRecords(jobId), rest)
    }))
  return page(options.page ?? query.page ?? 1)
}

// ---------------------------------------------------------------------------------------------
// Bulk write

/**
 * A CSV file zipped, as bulk write wants it, from records: the columns are `fields`, or every
 * key the records use, in order of appearance. Values: strings as they are, arrays joined with
 * `;` (multi-select pick lists), lookups by their `id`, `null`/`undefined` empty.
 *
 * @category bulk write
 * @since 0.1.0
 */
export const zipCsv = (
  records: Iterable<Readonly<Record<string, unknown>>>,
  fields?: ReadonlyArray<string>,
  fileName = "records.csv"
): Uint8Array => {
  const rows = Array.from(records)
  const columns = fields ?? [...new Set(rows.flatMap((r) => Object.keys(r)))]
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return ""
    if (Array.isArray(v)) return v.map(cell).join(";")
    if (typeof v === "object") {
      const id = (v as { id?: unknown }).id
      return typeof id === "string" ? id : JSON.stringify(v)
    }
    return String(v)
  }
  const text = Csv.row(columns) + rows.map((r) => Csv.row(columns.map((c) => cell(r[c])))).join("")
  return zipSync({ [fileName]: strToU8(text) })
}

/**
 * Upload a zipped CSV to the file host for bulk write; succeeds with the file id. `orgId` is the
 * CRM org id (`zgid`) sent as `X-CRM-ORG`.
 *
 * @category bulk write
 * @since 0.1.0
 */
export const uploadFile = (
  zip: Uint8Array,
  orgId: string,
  fileName = "records.zip"
): Effect.Effect<string, ZohoError, ZohoClient> =>
  Effect.map(
    Endpoint.call(uploadFileEndpoint)({
      headers: { feature: "bulk-write", "X-CRM-ORG": orgId },
      body: { file: { fileName, contentType: "application/zip", bytes: zip } }
    }),
    (result) => String(result.details.file_id)
  )

/**
 * A bulk write job over an uploaded file: the module, the operation, the file id and how rows
 * match records.
 *
 * @category bulk write
 * @since 0.1.0
 */
export interface WriteJobOptions {
  readonly module: string
  readonly operation: "insert" | "update" | "upsert"
  readonly fileId: string
  /** The field matching records for update/upsert (`id` or a unique field). */
  readonly findBy?: string | undefined
  /** Column index → field; by default the CSV header names the fields. */
  readonly fieldMappings?: ReadonlyArray<{ readonly apiName: string; readonly index: number }> | undefined
  readonly ignoreEmpty?: boolean | undefined
}

/**
 * Create a bulk write job over an uploaded file; succeeds with its id.
 *
 * @category bulk write
 * @since 0.1.0
 */
export const createWriteJob = (options: WriteJobOptions): Effect.Effect<string, ZohoError, ZohoClient> =>
  Effect.map(
    Endpoint.call(createWriteJobEndpoint)({
      body: {
        operation: options.operation,
        ...(options.ignoreEmpty !== undefined ? { ignore_empty: options.ignoreEmpty } : {}),
        resource: [{
          type: "data",
          module: { api_name: options.module },
          file_id: options.fileId,
          ...(options.findBy !== undefined ? { find_by: options.findBy } : {}),
          ...(options.fieldMappings !== undefined
            ? { field_mappings: options.fieldMappings.map((m) => ({ api_name: m.apiName, index: m.index })) }
            : {})
        }]
      }
    }),
    (response) => response.details.id
  )

/**
 * The current state of a bulk write job.
 *
 * @category bulk write
 * @since 0.1.0
 */
export const getWriteJob = (jobId: string): Effect.Effect<WriteJob, ZohoError, ZohoClient> =>
  Endpoint.call(getWriteJobEndpoint)({ path: { job_id: jobId } })

/**
 * Poll a bulk write job until it completes.
 *
 * @category bulk write
 * @since 0.1.0
 */
export const awaitWriteJob = (
  jobId: string,
  options: PollOptions = {}
): Effect.Effect<WriteJob, ZohoError | BulkJobError, ZohoClient> =>
  poll("write", jobId, getWriteJob(jobId), (job) => job.status, options)

/**
 * The per-row results of a completed bulk write job (its CSV rows plus `RECORD_ID`, `STATUS`
 * and `ERRORS`), streamed from its `download_url`. A link that is not on a Zoho host is a
 * `ZohoConfigError` (`UntrustedHost`) before any request: the token is not sent there.
 *
 * @category bulk write
 * @since 0.1.0
 */
export const writeResultRecords = (
  job: WriteJob
): Stream.Stream<Record<string, string>, ZohoError | BulkJobError, ZohoClient> =>
  Stream.unwrap(Effect.gen(function*() {
    const link = job.result?.download_url
    if (link === undefined) {
      return yield* new BulkJobError({
        reason: "InvalidResult",
        operation: "write",
        jobId: job.id,
        state: job.status,
        message: "The job has no download_url"
      })
    }
    const download = yield* ZohoTransfer.downloadLink(writeResultLink, link)
    if (download === undefined) {
      return yield* new BulkJobError({
        reason: "InvalidResult",
        operation: "write",
        jobId: job.id,
        message: "Empty result"
      })
    }
    return csvRecords(csvRows(unzipFirstCsv("write", job.id, download.stream)))
  }))

/**
 * What {@link write} imports: the module, the operation, the records, the CRM org id for the
 * upload, and how the job is polled.
 *
 * @category bulk write
 * @since 0.1.0
 */
export interface WriteOptions extends PollOptions {
  readonly module: string
  readonly operation: "insert" | "update" | "upsert"
  readonly records: Iterable<Readonly<Record<string, unknown>>>
  /** The CRM org id (`zgid`) for `X-CRM-ORG`. */
  readonly orgId: string
  /** Columns of the CSV; by default every key the records use. */
  readonly fields?: ReadonlyArray<string> | undefined
  readonly findBy?: string | undefined
  readonly ignoreEmpty?: boolean | undefined
}

/**
 * A finished bulk write: the job as Zoho reports it and one result per CSV row.
 *
 * @category bulk write
 * @since 0.1.0
 */
export interface WriteOutcome {
  readonly job: WriteJob
  /** One entry per CSV row, in order: the row plus `RECORD_ID`, `STATUS` and `ERRORS`. */
  readonly results: ReadonlyArray<Record<string, string>>
}

/**
 * Run a bulk write end to end: build and zip the CSV, upload it, create the job, poll it and
 * read its per-row results (a skipped row is in `results` with its errors, never dropped).
 *
 * @example
 * ```ts
 * import { CrmBulk } from "@effect-zoho/crm"
 * import { Effect } from "effect"
 *
 * export const importLeads = (zgid: string) =>
 *   Effect.map(
 *     CrmBulk.write({
 *       module: "Leads",
 *       operation: "upsert",
 *       findBy: "Email",
 *       orgId: zgid,
 *       records: [{ Last_Name: "Lovelace", Email: "ada@example.com" }]
 *     }),
 *     (outcome) => outcome.results.filter((row) => row.STATUS !== "ADDED" && row.STATUS !== "UPDATED")
 *   )
 * ```
 *
 * @category bulk write
 * @since 0.1.0
 */
export const write = (
  options: WriteOptions
): Effect.Effect<WriteOutcome, ZohoError | BulkJobError, ZohoClient> =>
  Effect.gen(function*() {
    const zip = zipCsv(options.records, options.fields, `${options.module}.csv`)
    const fileId = yield* uploadFile(zip, options.orgId, `${options.module}.zip`)
    const jobId = yield* createWriteJob({
      module: options.module,
      operation: options.operation,
      fileId,
      findBy: options.findBy,
      ignoreEmpty: options.ignoreEmpty
    })
    const job = yield* awaitWriteJob(jobId, options)
    const results = yield* Stream.runCollect(writeResultRecords(job))
    return { job, results: Chunk.toReadonlyArray(results) }
  }).pipe(Effect.withSpan("zoho.bulk.write"))
