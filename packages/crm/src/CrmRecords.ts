/**
 * The records API of one CRM module: typed records, lists as `Stream`s, writes in chunks with
 * per-record results, batched and cached get-by-id, search, deleted records, count, mass update,
 * related records, notes and tags.
 *
 * ```ts
 * import { CrmRecords } from "@effect-zoho/crm"
 * import { Effect, Schema, Stream } from "effect"
 *
 * const Lead = Schema.Struct({
 *   Last_Name: Schema.String,
 *   Email: Schema.optional(Schema.NullOr(Schema.String)),
 *   Lead_Status: Schema.optional(Schema.NullOr(Schema.String)),
 *   Score__c: Schema.optional(Schema.NullOr(Schema.Number)) // a custom field
 * })
 * const Leads = CrmRecords.make("Leads", Lead, { pickListValidation: true })
 *
 * const program = Effect.gen(function*() {
 *   const { succeeded, failed } = yield* Leads.create([{ Last_Name: "Ada", Email: "ada@example.com" }])
 *   const lead = yield* Leads.get(succeeded[0].id)   // batched with other concurrent gets
 *   const count = yield* Stream.runCount(Leads.list()) // page, then page_token past 2,000
 * })
 * ```
 *
 * Records keep the fields their Schema does not name (`Schema` decoding with
 * `onExcessProperty: "preserve"`), and writes send them back, so a record read and written again
 * loses nothing. A record's type is `CrmRecord<A>`: the Schema's type, its `id`, and an index
 * signature for the other fields.
 *
 * @since 0.1.0
 */
import * as Endpoint from "@effect-zoho/core/Endpoint"
import type * as Envelope from "@effect-zoho/core/Envelope"
import * as Pagination from "@effect-zoho/core/Pagination"
import { ZohoClient } from "@effect-zoho/core/ZohoClient"
import type { ZohoConfigError, ZohoError } from "@effect-zoho/core/ZohoError"
import * as ZohoUser from "@effect-zoho/core/ZohoUser"
import * as Chunk from "effect/Chunk"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Request from "effect/Request"
import * as RequestResolver from "effect/RequestResolver"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as CrmCriteria from "./CrmCriteria.js"
import { CrmPickListError, CrmRecordNotFound, CrmWriteError } from "./CrmError.js"
import * as CrmMetadata from "./CrmMetadata.js"
import * as Encode from "./internal/encode.js"
import * as endpoints from "./internal/endpoints.js"
import * as Fields from "./internal/fields.js"
import { invalidInput } from "./internal/inputError.js"
import * as Paging from "./internal/pagination.js"
import * as PickList from "./internal/pickList.js"
import * as RecordId from "./internal/recordId.js"
import * as Writes from "./internal/writes.js"

/**
 * A record as returned: the Schema's type, the record `id`, and every other field Zoho sent.
 *
 * @category models
 * @since 0.1.0
 */
export type CrmRecord<A> = A & { readonly id: string } & { readonly [field: string]: unknown }

/**
 * What an update sends: the record id and any of the Schema's fields (plus any other field).
 *
 * @category models
 * @since 0.1.0
 */
export type CrmUpdate<A> = Partial<A> & { readonly id: string } & { readonly [field: string]: unknown }

/**
 * What a create or upsert sends: the Schema's type plus any other field.
 *
 * @category models
 * @since 0.1.0
 */
export type CrmInput<A> = A & { readonly [field: string]: unknown }

/**
 * An untyped record: every field as `unknown`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const AnyRecord = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/**
 * One record that was written.
 *
 * @category models
 * @since 0.1.0
 */
export type WriteSuccess = Writes.WriteSuccess

/**
 * The outcome of a write, in input order across chunks. `failed` is never dropped: check it, or
 * use the strict variants (`createAll`, …) that fail with `CrmWriteError`.
 *
 * @category models
 * @since 0.1.0
 */
export type WriteResult = Writes.WriteResult

/**
 * A deleted record as the recycle-bin listing (`deleted`) gives it.
 *
 * @category models
 * @since 0.1.0
 */
export type DeletedRecord = typeof endpoints.DeletedRecord.Type

/**
 * What a lead conversion answers: the ids of the contact, account and deal it made or used.
 *
 * @category models
 * @since 0.1.0
 */
export type ConvertResult = typeof endpoints.ConvertResult.Type

/**
 * The state of a mass update job (`massUpdateStatus`).
 *
 * @category models
 * @since 0.1.0
 */
export type MassUpdateStatus = typeof endpoints.MassUpdateStatus.Type

/**
 * How a module's records API reads and writes: default fields, write chunk size and concurrency,
 * pick-list validation, workflow triggers.
 *
 * @category options
 * @since 0.1.0
 */
export interface Options {
  /** Fields read by `list`, `get` and `search`; default: the fields the Schema names (Zoho allows 50). */
  readonly fields?: ReadonlyArray<string> | undefined
  /**
   * Records per write request, a whole number from 1 to 100 (Zoho's cap); default 100. Anything
   * else makes every write fail with `ZohoConfigError` (`InvalidInput`) before a request is sent.
   */
  readonly chunkSize?: number | undefined
  /** Write (and batched get) requests in flight at once, a whole number of at least 1; default 3. */
  readonly concurrency?: number | undefined
  /**
   * Check pick-list values against the module's fields metadata before sending (the official
   * SDKs' `pick_list_validation`): a bad value fails the write with `CrmPickListError` and nothing
   * is sent. Uses the `CrmMetadata` cache when provided. Default false.
   */
  readonly pickListValidation?: boolean | undefined
  /** Workflow triggers for writes (`workflow`, `approval`, `blueprint`); default: Zoho's. */
  readonly trigger?: ReadonlyArray<string> | undefined
}

/**
 * How `list` reads a module: fields, sort, custom view, page size, a cap on records.
 *
 * @category options
 * @since 0.1.0
 */
export interface ListOptions {
  readonly fields?: ReadonlyArray<string> | undefined
  readonly sortBy?: "id" | "Created_Time" | "Modified_Time" | undefined
  readonly sortOrder?: "asc" | "desc" | undefined
  readonly cvid?: string | undefined
  /** Leads: converted ones too (`both`) or only them (`true`). */
  readonly converted?: "true" | "false" | "both" | undefined
  readonly territoryId?: string | undefined
  /** Only records modified after this instant (`If-Modified-Since`); none at all ends the list empty. */
  readonly modifiedSince?: Date | undefined
  /** Records per page, 1–200; default 200. */
  readonly perPage?: number | undefined
  /** Stop after this many records. */
  readonly maxRecords?: number | undefined
}

/**
 * One page of a list.
 *
 * @category models
 * @since 0.1.0
 */
export interface Page<A> {
  readonly records: ReadonlyArray<CrmRecord<A>>
  readonly info: Envelope.CrmInfo | undefined
}

/**
 * One page of a list: by number (first 2,000 records) or by the previous page's token.
 *
 * @category options
 * @since 0.1.0
 */
export interface PageOptions extends ListOptions {
  /** 1–10 with 200 per page; beyond 2,000 records, use `pageToken`. */
  readonly page?: number | undefined
  /** `info.next_page_token` of the previous page. */
  readonly pageToken?: string | undefined
}

/**
 * What to search by; Zoho applies `criteria` first, then `email`, `phone`, `word`.
 *
 * @category models
 * @since 0.1.0
 */
export type SearchQuery =
  | { readonly criteria: CrmCriteria.Criteria | string }
  | { readonly email: string }
  | { readonly phone: string }
  | { readonly word: string }

/**
 * How `search` reads its results: page size and a cap.
 *
 * @category options
 * @since 0.1.0
 */
export interface SearchOptions {
  readonly fields?: ReadonlyArray<string> | undefined
  readonly converted?: "true" | "false" | "both" | undefined
  readonly perPage?: number | undefined
  /** Zoho reaches at most 2,000 search results. */
  readonly maxRecords?: number | undefined
}

/**
 * Per-call options of a write (workflow triggers).
 *
 * @category options
 * @since 0.1.0
 */
export interface WriteOptions {
  readonly trigger?: ReadonlyArray<string> | undefined
}

/**
 * Per-call options of an upsert: the fields that find an existing record.
 *
 * @category options
 * @since 0.1.0
 */
export interface UpsertOptions extends WriteOptions {
  /** Fields that identify an existing record; default: the module's duplicate-check fields. */
  readonly duplicateCheckFields?: ReadonlyArray<string> | undefined
}

/**
 * How a lead is converted: notifications, an existing account or contact to use, a deal to create.
 *
 * @category options
 * @since 0.1.0
 */
export interface ConvertOptions {
  readonly overwrite?: boolean | undefined
  readonly notifyLeadOwner?: boolean | undefined
  readonly notifyNewEntityOwner?: boolean | undefined
  /** Attach to this account instead of creating one from the lead's company. */
  readonly accountId?: string | undefined
  /** Merge into this contact instead of creating one. */
  readonly contactId?: string | undefined
  /** Create a deal too (e.g. `{ Deal_Name, Stage, Closing_Date }`). */
  readonly deal?: Readonly<Record<string, unknown>> | undefined
  readonly assignTo?: string | undefined
}

/**
 * A note to attach.
 *
 * @category models
 * @since 0.1.0
 */
export interface NewNote {
  readonly title?: string | undefined
  readonly content: string
}

/**
 * The errors of a records API call: Zoho's errors, plus any extra error type `E`.
 *
 * @category errors
 * @since 0.1.0
 */
export type Error<E = never> = ZohoError | E

/**
 * The records API of one module.
 *
 * @example
 * ```ts
 * import { CrmCriteria, CrmRecords } from "@effect-zoho/crm"
 * import { Effect, Schema, Stream } from "effect"
 *
 * const Deals = CrmRecords.make("Deals", Schema.Struct({ Deal_Name: Schema.String, Stage: Schema.NullOr(Schema.String) }))
 *
 * export const program = Effect.gen(function*() {
 *   const open = yield* Stream.runCollect(Deals.list({ sortBy: "Modified_Time", sortOrder: "desc", maxRecords: 50 }))
 *   const won = yield* Deals.count({ criteria: CrmCriteria.equals("Stage", "Closed Won") })
 *   const result = yield* Deals.upsert([{ Deal_Name: "Renewal 2026", Stage: "Qualification" }], {
 *     duplicateCheckFields: ["Deal_Name"]
 *   })
 *   return { open: open.length, won, failed: result.failed.length }
 * })
 * ```
 *
 * @category models
 * @since 0.1.0
 */
export interface CrmRecords<A, I = A> {
  readonly module: string
  readonly schema: Schema.Schema<A, I, never>
  /** The fields read by default. */
  readonly fields: ReadonlyArray<string>

  /** Every record, streamed page by page in constant memory (`page_token` past 2,000). */
  readonly list: (options?: ListOptions) => Stream.Stream<CrmRecord<A>, ZohoError, ZohoClient>
  /** One page; with `modifiedSince`, `Endpoint.NotModified` when nothing changed (HTTP 304). */
  readonly page: (options?: PageOptions) => Effect.Effect<Page<A> | Endpoint.NotModified, ZohoError, ZohoClient>
  /**
   * Records modified after `since`: `NotModified` when Zoho answers 304, else a stream whose first
   * page is already read.
   */
  readonly modifiedSince: (
    since: Date,
    options?: Omit<ListOptions, "modifiedSince">
  ) => Effect.Effect<
    Endpoint.NotModified | Stream.Stream<CrmRecord<A>, ZohoError, ZohoClient>,
    ZohoError,
    ZohoClient
  >

  /**
   * One record by id. Gets run together with request batching on (`Effect.forEach(ids, get,
   * { concurrency: "unbounded", batching: true })`, `Effect.all(…, { batching: true })`) become one
   * `ids=` list call per 100 ids; within `withRequestCache` a repeated id is served from the cache.
   */
  readonly get: (
    id: string,
    options?: { readonly fields?: ReadonlyArray<string> | undefined }
  ) => Effect.Effect<CrmRecord<A>, ZohoError | CrmRecordNotFound, ZohoClient>
  /** Like `get`, with `None` for a missing record. */
  readonly getOption: (
    id: string,
    options?: { readonly fields?: ReadonlyArray<string> | undefined }
  ) => Effect.Effect<Option.Option<CrmRecord<A>>, ZohoError, ZohoClient>
  /** Several records by id, in one batched call per 100 ids; missing ones are left out. */
  readonly getMany: (
    ids: ReadonlyArray<string>,
    options?: { readonly fields?: ReadonlyArray<string> | undefined }
  ) => Effect.Effect<ReadonlyArray<CrmRecord<A>>, ZohoError, ZohoClient>

  readonly create: (
    records: ReadonlyArray<CrmInput<A>>,
    options?: WriteOptions
  ) => Effect.Effect<WriteResult, ZohoError | CrmPickListError, ZohoClient>
  readonly update: (
    records: ReadonlyArray<CrmUpdate<A>>,
    options?: WriteOptions
  ) => Effect.Effect<WriteResult, ZohoError | CrmPickListError, ZohoClient>
  readonly upsert: (
    records: ReadonlyArray<CrmInput<A>>,
    options?: UpsertOptions
  ) => Effect.Effect<WriteResult, ZohoError | CrmPickListError, ZohoClient>
  readonly delete: (
    ids: ReadonlyArray<string>,
    options?: { readonly trigger?: boolean | undefined }
  ) => Effect.Effect<WriteResult, ZohoError, ZohoClient>

  /** `create`, failing with `CrmWriteError` (listing every failed record) unless all were written. */
  readonly createAll: (
    records: ReadonlyArray<CrmInput<A>>,
    options?: WriteOptions
  ) => Effect.Effect<ReadonlyArray<WriteSuccess>, ZohoError | CrmPickListError | CrmWriteError, ZohoClient>
  readonly updateAll: (
    records: ReadonlyArray<CrmUpdate<A>>,
    options?: WriteOptions
  ) => Effect.Effect<ReadonlyArray<WriteSuccess>, ZohoError | CrmPickListError | CrmWriteError, ZohoClient>
  readonly upsertAll: (
    records: ReadonlyArray<CrmInput<A>>,
    options?: UpsertOptions
  ) => Effect.Effect<ReadonlyArray<WriteSuccess>, ZohoError | CrmPickListError | CrmWriteError, ZohoClient>
  readonly deleteAll: (
    ids: ReadonlyArray<string>,
    options?: { readonly trigger?: boolean | undefined }
  ) => Effect.Effect<ReadonlyArray<WriteSuccess>, ZohoError | CrmWriteError, ZohoClient>

  /** Search (at most 2,000 results, Zoho's limit), as a stream. */
  readonly search: (
    query: SearchQuery,
    options?: SearchOptions
  ) => Stream.Stream<CrmRecord<A>, ZohoError, ZohoClient>
  /** How many records the module holds (optionally matching a search). */
  readonly count: (query?: SearchQuery) => Effect.Effect<number, ZohoError, ZohoClient>
  /** Deleted records (recycle bin and permanently deleted). */
  readonly deleted: (
    options?: {
      readonly type?: "all" | "recycle" | "permanent" | undefined
      readonly maxRecords?: number | undefined
    }
  ) => Stream.Stream<DeletedRecord, ZohoError, ZohoClient>

  /** Set the same values on many records (by ids or a custom view); returns the job id. */
  readonly massUpdate: (
    values: Partial<CrmInput<A>>,
    target: { readonly ids: ReadonlyArray<string> } | { readonly cvid: string }
  ) => Effect.Effect<string, ZohoError | CrmPickListError, ZohoClient>
  readonly massUpdateStatus: (jobId: string) => Effect.Effect<MassUpdateStatus, ZohoError, ZohoClient>

  /** Records of a related list (`Contacts`, `Notes`, `Deals`, …) of one record. */
  readonly related: <B = Readonly<Record<string, unknown>>, J = B>(
    id: string,
    relatedList: string,
    options: {
      readonly fields: ReadonlyArray<string>
      readonly schema?: Schema.Schema<B, J, never> | undefined
      readonly maxRecords?: number | undefined
    }
  ) => Stream.Stream<CrmRecord<B>, ZohoError, ZohoClient>
  /** Link (or update the relation of) records of a related list. */
  readonly link: (
    id: string,
    relatedList: string,
    records: ReadonlyArray<{ readonly id: string } & Readonly<Record<string, unknown>>>
  ) => Effect.Effect<WriteResult, ZohoError, ZohoClient>
  readonly delink: (
    id: string,
    relatedList: string,
    ids: ReadonlyArray<string>
  ) => Effect.Effect<WriteResult, ZohoError, ZohoClient>

  /** The notes of a record. */
  readonly notes: (
    id: string,
    options?: { readonly fields?: ReadonlyArray<string> | undefined }
  ) => Stream.Stream<CrmRecord<Readonly<Record<string, unknown>>>, ZohoError, ZohoClient>
  /** Attach notes to a record. */
  readonly addNotes: (id: string, notes: ReadonlyArray<NewNote>) => Effect.Effect<WriteResult, ZohoError, ZohoClient>
  readonly deleteNotes: (noteIds: ReadonlyArray<string>) => Effect.Effect<WriteResult, ZohoError, ZohoClient>

  /** Tag records (100 records per call); results are per record id, in input order. */
  readonly addTags: (
    ids: ReadonlyArray<string>,
    tags: ReadonlyArray<string>,
    options?: { readonly overWrite?: boolean | undefined }
  ) => Effect.Effect<WriteResult, ZohoError, ZohoClient>
  readonly removeTags: (
    ids: ReadonlyArray<string>,
    tags: ReadonlyArray<string>
  ) => Effect.Effect<WriteResult, ZohoError, ZohoClient>
  /** The tags defined for this module. */
  readonly tags: Effect.Effect<ReadonlyArray<{ readonly id: string; readonly name: string }>, ZohoError, ZohoClient>
}

/**
 * Zoho's cap on records per write and ids per call.
 *
 * @category constants
 * @since 0.1.0
 */
export const maxChunkSize = Writes.maxChunkSize

/**
 * Zoho's record ids: decimal digits (at most 20 are accepted). Every id the records API sends is
 * checked against it before any request: ids travel in comma-joined `ids=` lists, where an id
 * such as `"1,2"` would address two records.
 *
 * @category constants
 * @since 0.1.0
 */
export const recordIdPattern = RecordId.recordIdPattern

/**
 * Write calls in flight at once by default: a few, so a large write finishes sooner without
 * spending the org's concurrency limit.
 *
 * @category constants
 * @since 0.1.0
 */
export const defaultConcurrency = 3

// ---------------------------------------------------------------------------------------------
// What the methods share

/** A get-by-id; equal requests (same module, id, fields and user) are served once per cache. */
class GetById extends Request.TaggedClass("@effect-zoho/crm/GetById")<unknown, ZohoError | CrmRecordNotFound, {
  readonly module: string
  readonly id: string
  readonly fields: string
  readonly user: Option.Option<ZohoUser.ZohoUser>
  /** The client of the caller: the resolver sends through it, so it needs no services itself. */
  readonly client: ZohoClient["Type"]
}> {}

/** The endpoints of one module, typed by its record Schema; built once per `make`. */
const callsOf = <A, I>(module: string, item: Schema.Schema<CrmRecord<A>, I, never>) => {
  const listEndpoint = endpoints.list(module, item)
  return {
    listEndpoint,
    listCall: Endpoint.call(listEndpoint),
    searchEndpoint: endpoints.search(module, item),
    createCall: Endpoint.call(endpoints.create(module)),
    updateCall: Endpoint.call(endpoints.update(module)),
    upsertCall: Endpoint.call(endpoints.upsert(module)),
    removeCall: Endpoint.call(endpoints.remove(module)),
    countCall: Endpoint.call(endpoints.count(module)),
    deletedEndpoint: endpoints.deleted(module),
    massUpdateCall: Endpoint.call(endpoints.massUpdate(module)),
    massUpdateStatusCall: Endpoint.call(endpoints.massUpdateStatus(module)),
    linkCall: Endpoint.call(endpoints.linkRelated(module)),
    delinkCall: Endpoint.call(endpoints.delinkRelated(module)),
    addTagsCall: Endpoint.call(endpoints.addTags),
    removeTagsCall: Endpoint.call(endpoints.removeTags),
    createNotesCall: Endpoint.call(endpoints.createNotes),
    deleteNotesCall: Endpoint.call(endpoints.deleteNotes),
    tagsCall: Endpoint.call(endpoints.moduleTags)
  }
}

/** What every method of one module's API works with: built once by `make`, read by the steps below. */
interface Api<A, I> {
  readonly module: string
  readonly options: Options
  readonly userSchema: Schema.Schema<A, I, never>
  /** The Schema with every key optional: what updates, upserts and mass updates encode with. */
  readonly partial: Schema.Schema.AnyNoContext
  readonly defaultFields: ReadonlyArray<string>
  /** Checked when a write runs (make stays a plain function): a bad value fails before any request. */
  readonly writeOptions: Effect.Effect<{ readonly chunkSize: number; readonly concurrency: number }, ZohoConfigError>
  /** Of batched gets, which run even when the write options are bad: they need a sane value only. */
  readonly concurrency: number
  readonly calls: ReturnType<typeof callsOf<A, I>>
  readonly resolver: RequestResolver.RequestResolver<GetById>
}

const recordSchema = <A, I>(schema: Schema.Schema<A, I, never>): Schema.Schema<CrmRecord<A>, I, never> =>
  schema.pipe(
    Schema.filter((record) => typeof (record as { readonly id?: unknown }).id === "string", {
      message: () => "a CRM record needs a string id"
    })
  ) as unknown as Schema.Schema<CrmRecord<A>, I, never>

/** `options.concurrency` when it is a whole number of at least 1, else the default (batched gets only). */
const getConcurrency = (options: Options): number =>
  options.concurrency !== undefined && Number.isInteger(options.concurrency) &&
    options.concurrency >= 1
    ? options.concurrency
    : defaultConcurrency

const runAs = <X, E, R>(user: Option.Option<ZohoUser.ZohoUser>, effect: Effect.Effect<X, E, R>) =>
  Option.match(user, { onNone: () => effect, onSome: (u) => ZohoUser.as(effect, u) })

/** The fields a read asks for: the given ones or the defaults, never none and never more than 50. */
/** The fields a read asks for, or why it cannot be sent. */
const chooseFields = <A, I>(
  api: Api<A, I>,
  fields: ReadonlyArray<string> | undefined
): Either.Either<ReadonlyArray<string>, ZohoConfigError> => {
  const chosen = fields ?? api.defaultFields
  if (chosen.length === 0) {
    return Either.left(
      invalidInput(
        `${api.module}: Zoho needs the fields to read; give a Schema that names them or the fields option`,
        "fields"
      )
    )
  }
  // Zoho answers more than 50 with LIMIT_EXCEEDED; say so before spending a call, and never
  // drop fields silently (a pulled Schema of a big module names more than 50).
  const problem = Fields.fieldCountProblem(api.module, chosen)
  return problem === undefined ? Either.right(chosen) : Either.left(problem)
}

const fieldsFor = <A, I>(
  api: Api<A, I>,
  fields: ReadonlyArray<string> | undefined
): Effect.Effect<ReadonlyArray<string>, ZohoError> => chooseFields(api, fields)

/** Run `f` with the checked write options; a bad chunkSize or concurrency fails first. */
const withWriteOptions = <A, I, X, E, R>(
  api: Api<A, I>,
  f: (o: { readonly chunkSize: number; readonly concurrency: number }) => Effect.Effect<X, E, R>
): Effect.Effect<X, E | ZohoError, R> => Effect.flatMap(api.writeOptions, f)

/** Every id checked before the first chunk is sent; each result names its id. */
const writeIds = <A, I, R>(
  api: Api<A, I>,
  what: string,
  ids: ReadonlyArray<string>,
  send: (chunk: ReadonlyArray<string>) => Effect.Effect<Envelope.CrmWriteResults, ZohoError, R>
): Effect.Effect<WriteResult, ZohoError, R> =>
  Effect.flatMap(
    RecordId.checkIds(`${api.module}: ${what}`, ids),
    (checked) =>
      withWriteOptions(api, (o) =>
        Writes.writeChunked(
          checked,
          { ...o, itemsAreIds: true },
          (chunk) => send(chunk as ReadonlyArray<string>)
        ))
  )

const strict = (module: string, operation: string) =>
<E, R>(
  effect: Effect.Effect<WriteResult, E, R>
): Effect.Effect<ReadonlyArray<WriteSuccess>, E | CrmWriteError, R> =>
  Effect.flatMap(effect, (result) =>
    result.failed.length === 0
      ? Effect.succeed(result.succeeded)
      : Effect.fail(
        new CrmWriteError({ module, operation, succeeded: result.succeeded.length, failures: result.failed })
      ))

const searchParams = (query: SearchQuery): Effect.Effect<
  { readonly criteria?: string; readonly email?: string; readonly phone?: string; readonly word?: string },
  ZohoError
> => {
  if ("criteria" in query) {
    if (typeof query.criteria === "string") return Effect.succeed({ criteria: query.criteria })
    const problem = CrmCriteria.problem(query.criteria)
    return problem === undefined
      ? Effect.succeed({ criteria: CrmCriteria.toString(query.criteria) })
      : Effect.fail(invalidInput(`search criteria: ${problem}`, "criteria"))
  }
  if ("email" in query) return Effect.succeed({ email: query.email })
  if ("phone" in query) return Effect.succeed({ phone: query.phone })
  return Effect.succeed({ word: query.word })
}

// ---------------------------------------------------------------------------------------------
// list, page, modifiedSince

const listInput = (module: string, fields: ReadonlyArray<string>, o: ListOptions) => ({
  path: { module },
  query: {
    fields,
    ...(o.sortBy !== undefined ? { sort_by: o.sortBy } : {}),
    ...(o.sortOrder !== undefined ? { sort_order: o.sortOrder } : {}),
    ...(o.cvid !== undefined ? { cvid: o.cvid } : {}),
    ...(o.converted !== undefined ? { converted: o.converted } : {}),
    ...(o.territoryId !== undefined ? { territory_id: o.territoryId } : {})
  },
  headers: o.modifiedSince !== undefined ? { "If-Modified-Since": o.modifiedSince.toISOString() } : {}
})

// The fields are checked now rather than in a `Stream.unwrap`: one stream stage less per list.
const list = <A, I>(api: Api<A, I>, o: ListOptions = {}): Stream.Stream<CrmRecord<A>, ZohoError, ZohoClient> =>
  Either.match(chooseFields(api, o.fields), {
    onLeft: (problem) => Stream.fail(problem),
    onRight: (fields) =>
      Pagination.crm(api.calls.listEndpoint, listInput(api.module, fields, o), {
        perPage: o.perPage,
        maxRecords: o.maxRecords
      }) as Stream.Stream<CrmRecord<A>, ZohoError, ZohoClient>
  })

const page = <A, I>(
  api: Api<A, I>,
  o: PageOptions = {}
): Effect.Effect<Page<A> | Endpoint.NotModified, ZohoError, ZohoClient> =>
  Effect.gen(function*() {
    const fields = yield* fieldsFor(api, o.fields)
    const input = listInput(api.module, fields, o)
    const paging = o.pageToken !== undefined
      ? { page_token: o.pageToken }
      : o.page !== undefined
      ? { page: o.page }
      : {}
    const output = yield* Endpoint.call(Paging.pagedListEndpoint(api.calls.listEndpoint))({
      ...input,
      query: { ...input.query, ...paging, ...(o.perPage !== undefined ? { per_page: o.perPage } : {}) }
    })
    if (Endpoint.isNotModified(output)) return output
    const records = output.data as ReadonlyArray<CrmRecord<A>>
    return { records, info: output.info }
  })

/** The first page read now (it may be a 304); the rest, page numbers then tokens, as the stream runs. */
const modifiedSince = <A, I>(api: Api<A, I>, since: Date, o: Omit<ListOptions, "modifiedSince"> = {}) =>
  Effect.map(
    page(api, { ...o, modifiedSince: since, page: 1 }),
    (first): Endpoint.NotModified | Stream.Stream<CrmRecord<A>, ZohoError, ZohoClient> => {
      if (Endpoint.isNotModified(first)) return first
      const pageSize = o.perPage ?? Pagination.crmMaxPerPage
      const rest = Option.match(Paging.nextCursor(first.info, { page: 1 }, pageSize), {
        onNone: () => Stream.empty,
        onSome: (start) =>
          Stream.paginateChunkEffect(start, (cursor: Paging.Cursor) =>
            Effect.map(
              page(api, { ...o, modifiedSince: since, ...Paging.cursorOptions(cursor) }),
              (p): readonly [Chunk.Chunk<CrmRecord<A>>, Option.Option<Paging.Cursor>] =>
                Endpoint.isNotModified(p)
                  ? [Chunk.empty(), Option.none()]
                  : [Chunk.fromIterable(p.records), Paging.nextCursor(p.info, cursor, pageSize)]
            ))
      })
      const all = Stream.concat(Stream.fromIterable(first.records), rest)
      return o.maxRecords !== undefined ? Stream.take(all, o.maxRecords) : all
    }
  )

// ---------------------------------------------------------------------------------------------
// get: batched by id

/**
 * Serves the gets of one module: a missing id fails its own request with `CrmRecordNotFound`, a
 * failed call fails every request of its batch.
 */
const getResolver = <A, I>(
  module: string,
  userSchema: Schema.Schema<A, I, never>,
  concurrency: number,
  listCall: ReturnType<typeof callsOf<A, I>>["listCall"]
): RequestResolver.RequestResolver<GetById> =>
  RequestResolver.makeBatched((
    requests: ReadonlyArray<GetById>
  ) => {
    // One call per client, user and field list, at most 100 ids each.
    const groups: Array<{ readonly first: GetById; readonly requests: Array<GetById> }> = []
    for (const request of requests) {
      const group = groups.find(({ first }) =>
        first.client === request.client && first.fields === request.fields &&
        Option.getOrUndefined(first.user) === Option.getOrUndefined(request.user)
      )
      if (group === undefined) groups.push({ first: request, requests: [request] })
      else group.requests.push(request)
    }
    const batches = groups.flatMap(({ first, requests }) =>
      Writes.chunksOf(requests, maxChunkSize).map((chunk) => ({ first, chunk }))
    )
    return Effect.forEach(batches, ({ chunk, first }) => {
      const ids = [...new Set(chunk.map((r) => r.id))]
      return runAs(
        first.user,
        listCall({ path: { module }, query: { fields: first.fields.split(","), ids } })
      ).pipe(
        Effect.provideService(ZohoClient, first.client),
        Effect.flatMap((output) => {
          const found = new Map<string, CrmRecord<A>>()
          if (!Endpoint.isNotModified(output)) {
            for (const r of output.data as ReadonlyArray<CrmRecord<A>>) found.set(r.id, r)
          }
          return Effect.forEach(chunk, (request) => {
            const record = found.get(request.id)
            return record === undefined
              ? Request.fail(request, new CrmRecordNotFound({ module, id: request.id }))
              : Request.succeed(request, record)
          }, { discard: true })
        }),
        Effect.catchAll((error) => Effect.forEach(chunk, (request) => Request.fail(request, error), { discard: true }))
      )
    }, { concurrency, discard: true })
    // Two APIs of the same module and Schema share batches.
  }).identified("@effect-zoho/crm/CrmRecords/get", module, userSchema)

const get = <A, I>(
  api: Api<A, I>,
  id: string,
  o: { readonly fields?: ReadonlyArray<string> | undefined } = {}
): Effect.Effect<CrmRecord<A>, ZohoError | CrmRecordNotFound, ZohoClient> =>
  Effect.gen(function*() {
    yield* RecordId.checkId(`${api.module}: get`, id)
    const fields = yield* fieldsFor(api, o.fields)
    const user = yield* ZohoUser.CurrentUser
    const client = yield* ZohoClient
    const record = yield* Effect.request(
      new GetById({ module: api.module, id, fields: fields.join(","), user, client }),
      api.resolver
    )
    return record as CrmRecord<A>
  })

const getOption = <A, I>(api: Api<A, I>, id: string, o: { readonly fields?: ReadonlyArray<string> | undefined } = {}) =>
  get(api, id, o).pipe(
    Effect.map(Option.some),
    Effect.catchTag("CrmRecordNotFound", () => Effect.succeedNone)
  )

const getMany = <A, I>(
  api: Api<A, I>,
  ids: ReadonlyArray<string>,
  o: { readonly fields?: ReadonlyArray<string> | undefined } = {}
) =>
  Effect.map(
    Effect.forEach(ids, (id) => getOption(api, id, o), { concurrency: "unbounded", batching: true }),
    (found) => found.flatMap(Option.toArray)
  )

// ---------------------------------------------------------------------------------------------
// writes

/** With `pickListValidation` on, values outside a pick list fail the write before it is sent. */
const validate = <A, I>(api: Api<A, I>, encoded: ReadonlyArray<unknown>) =>
  api.options.pickListValidation === true
    ? Effect.flatMap(CrmMetadata.fields(api.module), (fields) => {
      const violations = PickList.pickListViolations(fields, encoded)
      return violations.length === 0
        ? Effect.void
        : Effect.fail(new CrmPickListError({ module: api.module, violations }))
    })
    : Effect.void

/** Encode, check pick lists, send in chunks: the path of every record write. */
const write = <A, I>(
  api: Api<A, I>,
  operation: string,
  mode: "full" | "partial",
  records: ReadonlyArray<unknown>,
  send: (chunk: ReadonlyArray<unknown>) => Effect.Effect<Envelope.CrmWriteResults, ZohoError, ZohoClient>
) =>
  Effect.gen(function*() {
    // Before the pick-list check, which may read the fields metadata.
    const o = yield* api.writeOptions
    const encoded = yield* Encode.encodeRecords(mode === "full" ? api.userSchema : api.partial, operation, records)
    yield* validate(api, encoded)
    return yield* Writes.writeChunked(encoded, o, send)
  }).pipe(
    Effect.withSpan(`crm.records.${operation}`, { attributes: { "crm.module": api.module, records: records.length } })
  )

/** The call's triggers, else the API's; none at all leaves Zoho's default. */
const trigger = <A, I>(api: Api<A, I>, o: WriteOptions) => {
  const t = o.trigger ?? api.options.trigger
  return t !== undefined ? { trigger: t } : {}
}

const create = <A, I>(api: Api<A, I>, records: ReadonlyArray<CrmInput<A>>, o: WriteOptions = {}) =>
  write(
    api,
    "create",
    "full",
    records,
    (data) => api.calls.createCall({ path: { module: api.module }, body: { data, ...trigger(api, o) } })
  )

const update = <A, I>(api: Api<A, I>, records: ReadonlyArray<CrmUpdate<A>>, o: WriteOptions = {}) =>
  write(
    api,
    "update",
    "partial",
    records,
    (data) => api.calls.updateCall({ path: { module: api.module }, body: { data, ...trigger(api, o) } })
  )

const upsert = <A, I>(api: Api<A, I>, records: ReadonlyArray<CrmInput<A>>, o: UpsertOptions = {}) =>
  write(api, "upsert", "partial", records, (data) =>
    api.calls.upsertCall({
      path: { module: api.module },
      body: {
        data,
        ...trigger(api, o),
        ...(o.duplicateCheckFields !== undefined ? { duplicate_check_fields: o.duplicateCheckFields } : {})
      }
    }))

const remove = <A, I>(api: Api<A, I>, ids: ReadonlyArray<string>, o: { readonly trigger?: boolean | undefined } = {}) =>
  writeIds(api, "delete", ids, (chunk) =>
    api.calls.removeCall({
      path: { module: api.module },
      query: { ids: chunk, ...(o.trigger !== undefined ? { wf_trigger: o.trigger } : {}) }
    })).pipe(Effect.withSpan("crm.records.delete", { attributes: { "crm.module": api.module, records: ids.length } }))

// ---------------------------------------------------------------------------------------------
// search, count, deleted

const search = <A, I>(
  api: Api<A, I>,
  query: SearchQuery,
  o: SearchOptions = {}
): Stream.Stream<CrmRecord<A>, ZohoError, ZohoClient> =>
  Stream.unwrap(Effect.gen(function*() {
    const params = yield* searchParams(query)
    // Fields are optional for a search, but Zoho's 50-field cap holds as for every read.
    const fields = yield* Fields.checkFieldCount(api.module, o.fields ?? api.defaultFields)
    return Pagination.crm(api.calls.searchEndpoint, {
      path: { module: api.module },
      query: {
        ...params,
        ...(fields.length > 0 ? { fields } : {}),
        ...(o.converted !== undefined ? { converted: o.converted } : {})
      }
    }, { perPage: o.perPage, maxRecords: o.maxRecords }) as Stream.Stream<CrmRecord<A>, ZohoError, ZohoClient>
  }))

const count = <A, I>(api: Api<A, I>, query?: SearchQuery) =>
  Effect.gen(function*() {
    const params = query === undefined ? {} : yield* searchParams(query)
    const output = yield* api.calls.countCall({ path: { module: api.module }, query: params })
    return output.count
  })

const deleted = <A, I>(
  api: Api<A, I>,
  o: { readonly type?: "all" | "recycle" | "permanent" | undefined; readonly maxRecords?: number | undefined } = {}
) =>
  Pagination.crm(
    api.calls.deletedEndpoint,
    { path: { module: api.module }, query: o.type !== undefined ? { type: o.type } : {} },
    { maxRecords: o.maxRecords }
  )

// ---------------------------------------------------------------------------------------------
// mass update

const massUpdate = <A, I>(
  api: Api<A, I>,
  values: Partial<CrmInput<A>>,
  target: { readonly ids: ReadonlyArray<string> } | { readonly cvid: string }
): Effect.Effect<string, ZohoError | CrmPickListError, ZohoClient> =>
  Effect.gen(function*() {
    if ("ids" in target) yield* RecordId.checkIds(`${api.module}: massUpdate`, target.ids)
    const [encoded] = yield* Encode.encodeRecords(api.partial, "massUpdate", [values])
    yield* validate(api, [encoded])
    const output = yield* api.calls.massUpdateCall({
      path: { module: api.module },
      body: { data: [encoded], ...("ids" in target ? { ids: target.ids } : { cvid: target.cvid }) }
    })
    const accepted = Array.isArray(output.data) ? output.data[0] : output.data
    if (accepted === undefined) {
      return yield* Effect.fail(invalidInput(`${api.module}: mass update answered without a job id`))
    }
    return accepted.details.job_id
  })

const massUpdateStatus = <A, I>(api: Api<A, I>, jobId: string) =>
  Effect.flatMap(
    api.calls.massUpdateStatusCall({ path: { module: api.module }, query: { job_id: jobId } }),
    (output) =>
      output.data[0] === undefined
        ? Effect.fail(invalidInput(`${api.module}: no status for mass update job ${jobId}`, jobId))
        : Effect.succeed(output.data[0])
  )

// ---------------------------------------------------------------------------------------------
// related lists and notes

const related = <A, I, B, J>(
  api: Api<A, I>,
  id: string,
  relatedList: string,
  o: {
    readonly fields: ReadonlyArray<string>
    readonly schema?: Schema.Schema<B, J, never> | undefined
    readonly maxRecords?: number | undefined
  }
): Stream.Stream<CrmRecord<B>, ZohoError, ZohoClient> => {
  const module = api.module
  const relatedSchema = recordSchema((o.schema ?? AnyRecord) as unknown as Schema.Schema<B, J, never>)
  return Stream.unwrap(
    Effect.gen(function*() {
      yield* RecordId.checkId(`${module}: ${relatedList} of`, id)
      const fields = yield* Fields.checkFieldCount(`${module}/${relatedList}`, o.fields)
      return Pagination.crm(
        endpoints.related(module, relatedSchema),
        { path: { module, id, related: relatedList }, query: { fields } },
        { maxRecords: o.maxRecords }
      ) as Stream.Stream<CrmRecord<B>, ZohoError, ZohoClient>
    })
  )
}

const link = <A, I>(
  api: Api<A, I>,
  id: string,
  relatedList: string,
  records: ReadonlyArray<{ readonly id: string } & Readonly<Record<string, unknown>>>
) =>
  Effect.zipRight(
    RecordId.checkId(`${api.module}: link to`, id),
    withWriteOptions(api, (o) =>
      Writes.writeChunked(
        records,
        o,
        (data) => api.calls.linkCall({ path: { module: api.module, id, related: relatedList }, body: { data } })
      ))
  )

const delink = <A, I>(api: Api<A, I>, id: string, relatedList: string, ids: ReadonlyArray<string>) =>
  Effect.zipRight(
    RecordId.checkId(`${api.module}: delink from`, id),
    writeIds(
      api,
      `delink ${relatedList}`,
      ids,
      (chunk) => api.calls.delinkCall({ path: { module: api.module, id, related: relatedList }, query: { ids: chunk } })
    )
  )

const notes = <A, I>(api: Api<A, I>, id: string, o: { readonly fields?: ReadonlyArray<string> | undefined } = {}) =>
  related(api, id, "Notes", { fields: o.fields ?? ["Note_Title", "Note_Content", "Created_Time"] })

const addNotes = <A, I>(api: Api<A, I>, id: string, list: ReadonlyArray<NewNote>) =>
  Effect.zipRight(
    RecordId.checkId(`${api.module}: notes of`, id),
    withWriteOptions(api, (o) =>
      Writes.writeChunked(
        list.map((note) => ({
          ...(note.title !== undefined ? { Note_Title: note.title } : {}),
          Note_Content: note.content,
          Parent_Id: { module: { api_name: api.module }, id }
        })),
        o,
        (data) => api.calls.createNotesCall({ body: { data } })
      ))
  )

const deleteNotes = <A, I>(api: Api<A, I>, noteIds: ReadonlyArray<string>) =>
  writeIds(api, "delete notes", noteIds, (chunk) => api.calls.deleteNotesCall({ query: { ids: chunk } }))

// ---------------------------------------------------------------------------------------------
// tags

/** Add or remove tags: the two calls take the same input. */
const tagWrite = <A, I>(
  api: Api<A, I>,
  call: Api<A, I>["calls"]["addTagsCall"],
  ids: ReadonlyArray<string>,
  tags: ReadonlyArray<string>,
  overWrite: boolean | undefined
) =>
  writeIds(api, "tags", ids, (chunk) =>
    call({
      path: { module: api.module },
      query: overWrite !== undefined ? { over_write: overWrite } : {},
      body: { tags: tags.map((name) => ({ name })), ids: chunk }
    }))

// ---------------------------------------------------------------------------------------------
// make

/**
 * The records API of `module`, typed by `schema` (default: untyped records). Builds what the
 * methods share ({@link Api}: Schemas, default fields, checked write options, endpoints, the get
 * resolver) once; each method is a step above, by its name.
 *
 * @example
 * ```ts
 * import { CrmRecords } from "@effect-zoho/crm"
 * import { Effect, Schema, Stream } from "effect"
 *
 * const Leads = CrmRecords.make("Leads", Schema.Struct({ Last_Name: Schema.String, Email: Schema.NullOr(Schema.String) }), {
 *   pickListValidation: true
 * })
 *
 * export const program = Effect.gen(function*() {
 *   const created = yield* Leads.createAll([{ Last_Name: "Hopper", Email: "grace@example.com" }])
 *   const lead = yield* Leads.get(created[0]!.id)
 *   const byEmail = yield* Stream.runCollect(Leads.search({ email: "grace@example.com" }))
 *   return { email: lead.Email, found: byEmail.length }
 * })
 * ```
 *
 * @category constructors
 * @since 0.1.0
 */
export const make: {
  (module: string, schema?: undefined, options?: Options): CrmRecords<Readonly<Record<string, unknown>>>
  <A, I>(module: string, schema: Schema.Schema<A, I, never>, options?: Options): CrmRecords<A, I>
} = <A, I>(module: string, schema?: Schema.Schema<A, I, never>, options: Options = {}): CrmRecords<A, I> => {
  const userSchema = (schema ?? AnyRecord) as unknown as Schema.Schema<A, I, never>
  const calls = callsOf(module, recordSchema(userSchema))
  const concurrency = getConcurrency(options)
  const api: Api<A, I> = {
    module,
    options,
    userSchema,
    partial: Encode.partialOf(userSchema),
    defaultFields: options.fields ?? Fields.fieldNames(userSchema),
    writeOptions: Writes.checkWriteOptions(module, options, {
      chunkSize: maxChunkSize,
      concurrency: defaultConcurrency
    }),
    concurrency,
    calls,
    resolver: getResolver(module, userSchema, concurrency, calls.listCall)
  }
  return {
    module,
    schema: userSchema,
    fields: api.defaultFields,
    list: (o) => list(api, o),
    page: (o) => page(api, o),
    modifiedSince: (since, o) => modifiedSince(api, since, o),
    get: (id, o) => get(api, id, o),
    getOption: (id, o) => getOption(api, id, o),
    getMany: (ids, o) => getMany(api, ids, o),
    create: (records, o) => create(api, records, o),
    update: (records, o) => update(api, records, o),
    upsert: (records, o) => upsert(api, records, o),
    delete: (ids, o) => remove(api, ids, o),
    createAll: (records, o) => strict(module, "create")(create(api, records, o)),
    updateAll: (records, o) => strict(module, "update")(update(api, records, o)),
    upsertAll: (records, o) => strict(module, "upsert")(upsert(api, records, o)),
    deleteAll: (ids, o) => strict(module, "delete")(remove(api, ids, o)),
    search: (query, o) => search(api, query, o),
    count: (query) => count(api, query),
    deleted: (o) => deleted(api, o),
    massUpdate: (values, target) => massUpdate(api, values, target),
    massUpdateStatus: (jobId) => massUpdateStatus(api, jobId),
    related: (id, relatedList, o) => related(api, id, relatedList, o),
    link: (id, relatedList, records) => link(api, id, relatedList, records),
    delink: (id, relatedList, ids) => delink(api, id, relatedList, ids),
    notes: (id, o) => notes(api, id, o),
    addNotes: (id, list) => addNotes(api, id, list),
    deleteNotes: (noteIds) => deleteNotes(api, noteIds),
    addTags: (ids, tags, o) => tagWrite(api, calls.addTagsCall, ids, tags, o?.overWrite),
    removeTags: (ids, tags) => tagWrite(api, calls.removeTagsCall, ids, tags, undefined),
    tags: Effect.map(calls.tagsCall({ query: { module } }), (output) => output.tags)
  }
}

/**
 * Alias of {@link make}.
 *
 * @category constructors
 * @since 0.1.0
 */
export const module = make

/**
 * Run `effect` with a fresh request cache: within it, a record fetched by `get` is fetched once,
 * however many times it is asked for (the cache holds up to `capacity` records for `timeToLive`).
 *
 * @example
 * ```ts
 * import { CrmRecords } from "@effect-zoho/crm"
 * import { Effect, Schema } from "effect"
 *
 * const Contacts = CrmRecords.make("Contacts", Schema.Struct({ Last_Name: Schema.String }))
 *
 * // One list call for both gets: batched, and the second served from the cache.
 * export const twice = (id: string) =>
 *   Effect.all([Contacts.get(id), Contacts.get(id)], { concurrency: 2, batching: true }).pipe(
 *     CrmRecords.withRequestCache({ timeToLive: "1 minute" })
 *   )
 * ```
 *
 * @category combinators
 * @since 0.1.0
 */
export const withRequestCache = (
  options: {
    readonly capacity?: number | undefined
    readonly timeToLive?: Duration.DurationInput | undefined
  } = {}
) =>
<X, E, R>(effect: Effect.Effect<X, E, R>): Effect.Effect<X, E, R> =>
  Effect.flatMap(
    Request.makeCache({ capacity: options.capacity ?? 10_000, timeToLive: options.timeToLive ?? "5 minutes" }),
    (cache) => effect.pipe(Effect.withRequestCaching(true), Effect.withRequestCache(cache))
  )

// ---------------------------------------------------------------------------------------------
// Lead conversion

const convertLeadCall = Endpoint.call(endpoints.convertLead)

/**
 * Convert a lead into a contact (and an account, and optionally a deal).
 *
 * @category records
 * @since 0.1.0
 */
export const convertLead = (
  id: string,
  options: ConvertOptions = {}
): Effect.Effect<ConvertResult, ZohoError, ZohoClient> =>
  Effect.flatMap(
    Effect.zipRight(
      RecordId.checkId("Leads: convert", id),
      convertLeadCall({
        path: { id },
        body: {
          data: [{
            ...(options.overwrite !== undefined ? { overwrite: options.overwrite } : {}),
            ...(options.notifyLeadOwner !== undefined ? { notify_lead_owner: options.notifyLeadOwner } : {}),
            ...(options.notifyNewEntityOwner !== undefined
              ? { notify_new_entity_owner: options.notifyNewEntityOwner }
              : {}),
            ...(options.accountId !== undefined ? { Accounts: { id: options.accountId } } : {}),
            ...(options.contactId !== undefined ? { Contacts: { id: options.contactId } } : {}),
            ...(options.deal !== undefined ? { Deals: options.deal } : {}),
            ...(options.assignTo !== undefined ? { assign_to: { id: options.assignTo } } : {})
          }]
        }
      })
    ),
    (output) =>
      output.data[0] === undefined
        ? Effect.fail(invalidInput(`Leads: converting ${id} returned no result`, id))
        : Effect.succeed(output.data[0])
  )
