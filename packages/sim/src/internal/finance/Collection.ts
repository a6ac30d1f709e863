/**
 * One data-driven collection engine for every finance entity: create, read, update, delete, list
 * (filters, search, sort, `page_context` paging) and status actions, configured per entity by an
 * `EntitySpec`. One `Store` holds one organization's entities of one product.
 */
import { VersionedMap } from "../versionedMap.js"
import * as FinanceErrors from "./FinanceErrors.js"
import type { Json, Paging, Result } from "./FinanceRequest.js"
import { err, ok } from "./FinanceRequest.js"

/** What an entity's hooks may use: the clock, ids and the other collections of the same org. */
export interface EntityContext {
  readonly now: number
  readonly newId: () => string
  readonly get: (plural: string, id: string) => Json | undefined
  /** Create an entity of another collection (e.g. a Billing subscription's inline customer). */
  readonly create: (plural: string, body: Json) => Result<Json>
  /** Set fields of an entity of another collection (e.g. a payment's invoice balance). */
  readonly patch: (plural: string, id: string, fields: Json) => void
}

export interface ActionSpec {
  /** The path below the entity, e.g. `status/sent`, `active`, `cancel`. */
  readonly path: string
  /** Statuses the action may start from; absent means any status but the target itself. */
  readonly from?: ReadonlyArray<string> | undefined
  /** The status the entity moves to; may depend on the request (Billing's `cancel_at_end`). */
  readonly to: (input: Json) => string
  /** Human name of the target, used in error messages ("Sent", "Void"). */
  readonly label: (target: string) => string
  readonly message: (target: string) => string
  /** Extra fields to set, e.g. `cancelled_at`. */
  readonly patch?: ((record: Json, target: string, cx: EntityContext) => Json) | undefined
  /** Billing answers actions with the entity; Books and Inventory with the message only. */
  readonly returnsRecord?: boolean | undefined
  /** Only an approver may take it (Expense's approve, reject, reimburse); in the simulator, an admin. */
  readonly approverOnly?: boolean | undefined
}

export interface EntitySpec {
  /** List key, e.g. `contacts`; also the URL segment unless `path` says otherwise. */
  readonly plural: string
  /** URL segment when it differs from the list key (Expense: `expensereports` vs `expense_reports`). */
  readonly path?: string | undefined
  /** Single-object key, e.g. `contact`. */
  readonly singular: string
  readonly idField: string
  /** e.g. `Contact`, for "Contact does not exist." */
  readonly label: string
  /** `page_context.report_name`. */
  readonly reportName: string
  /** Scope segment: `ZohoBooks.<scope>.READ`. */
  readonly scope: string
  /** The id is chosen by the client (Billing's `plan_code`) rather than generated. */
  readonly clientKey?: boolean | undefined
  /** Required fields; an inner array lists alternatives (`customer_id` or `customer`). */
  readonly required: ReadonlyArray<string | ReadonlyArray<string>>
  /** An auto-numbered field, e.g. `invoice_number` = `INV-000001`. */
  readonly number?: { readonly field: string; readonly prefix: string; readonly width: number } | undefined
  readonly searchFields: ReadonlyArray<string>
  /** Fields that accept `?field=`, `?field_contains=` and `?field_startswith=` filters. */
  readonly filterFields: ReadonlyArray<string>
  readonly statusField?: string | undefined
  /** Statuses `filter_by=Status.<X>` accepts, plus named groups (`unpaid`). */
  readonly statuses: ReadonlyArray<string>
  readonly statusGroups?: Readonly<Record<string, ReadonlyArray<string>>> | undefined
  readonly defaults: (body: Json, cx: EntityContext) => Json
  /** Derived fields and references, run after the body is merged in. */
  readonly prepare?: ((record: Json, cx: EntityContext, mode: "create" | "update") => Result<Json>) | undefined
  readonly actions: ReadonlyArray<ActionSpec>
  readonly messages: { readonly created: string; readonly updated: string; readonly deleted: string }
}

export const isoTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+0000")
export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

const isBlank = (v: unknown): boolean => v === undefined || v === null || (typeof v === "string" && v.trim() === "")

export interface ListResult {
  readonly records: ReadonlyArray<Json>
  readonly pageContext: Json
}

/**
 * One collection's entities by id, with a version that moves on every change. Entities are
 * never changed in place (an update stores a new object), so the version says when a list
 * computed from the collection is stale.
 */
class Entities extends VersionedMap<string, Json> {}

/** Query parameters that choose the page, not the records: left out of a kept list's key. */
const pagingParams: ReadonlyArray<string> = ["page", "per_page", "response_option"]

/** A client paging one collection keeps one or two lists alive; the rest are dropped oldest first. */
const KEPT_LISTS = 8

/** One organization's entities of one product. Mutable by design: it is the simulator's state. */
export class Store {
  private readonly collections = new Map<string, Entities>()
  private readonly counters = new Map<string, number>()
  /** Per collection: the filtered, sorted lists of recent queries, for the version they were made at. */
  private readonly lists = new Map<string, { readonly version: number; readonly byQuery: Map<string, Array<Json>> }>()

  constructor(private readonly specs: ReadonlyMap<string, EntitySpec>) {}

  spec(plural: string): EntitySpec | undefined {
    return this.specs.get(plural)
  }

  private collection(plural: string): Entities {
    let c = this.collections.get(plural)
    if (c === undefined) {
      c = new Entities()
      this.collections.set(plural, c)
    }
    return c
  }

  private nextNumber(spec: EntitySpec): string | undefined {
    if (spec.number === undefined) return undefined
    const n = (this.counters.get(spec.plural) ?? 0) + 1
    this.counters.set(spec.plural, n)
    return `${spec.number.prefix}${String(n).padStart(spec.number.width, "0")}`
  }

  context(now: number, newId: () => string): EntityContext {
    const cx: EntityContext = {
      now,
      newId,
      get: (plural, id) => this.collection(plural).get(id),
      create: (plural, body) => {
        const spec = this.specs.get(plural)
        return spec === undefined ? err(FinanceErrors.internal()) : this.create(spec, body, cx)
      },
      patch: (plural, id, fields) => {
        const records = this.collection(plural)
        const existing = records.get(id)
        if (existing !== undefined) records.set(id, { ...existing, ...fields, last_modified_time: isoTime(now) })
      }
    }
    return cx
  }

  /** Seed data: taken as given, with ids, numbers, defaults and timestamps filled in. */
  seed(spec: EntitySpec, records: ReadonlyArray<Json>, cx: EntityContext): void {
    for (const input of records) {
      const id = isBlank(input[spec.idField]) ? cx.newId() : String(input[spec.idField])
      const record: Json = {
        ...spec.defaults(input, cx),
        created_time: isoTime(cx.now),
        last_modified_time: isoTime(cx.now),
        ...input,
        [spec.idField]: id
      }
      if (spec.number !== undefined && isBlank(record[spec.number.field])) {
        record[spec.number.field] = this.nextNumber(spec)
      }
      this.collection(spec.plural).set(id, record)
    }
  }

  get(spec: EntitySpec, id: string): Result<Json> {
    const record = this.collection(spec.plural).get(id)
    return record === undefined ? err(FinanceErrors.notFound(spec.label)) : ok(record)
  }

  create(spec: EntitySpec, body: Json, cx: EntityContext): Result<Json> {
    for (const rule of spec.required) {
      const names = typeof rule === "string" ? [rule] : rule
      if (names.every((name) => isBlank(body[name]))) return err(FinanceErrors.missingField(names[0]))
    }
    const records = this.collection(spec.plural)
    let id: string
    if (spec.clientKey === true) {
      id = String(body[spec.idField])
      if (records.has(id)) return err(FinanceErrors.duplicate(spec.label, id))
    } else {
      id = cx.newId()
    }
    const input: Json = { ...body }
    if (spec.clientKey !== true) delete input[spec.idField]
    let record: Json = {
      ...spec.defaults(body, cx),
      ...input,
      [spec.idField]: id,
      created_time: isoTime(cx.now),
      last_modified_time: isoTime(cx.now)
    }
    if (spec.prepare !== undefined) {
      const prepared = spec.prepare(record, cx, "create")
      if (prepared._tag === "Err") return prepared
      record = prepared.value
    }
    // Numbered last, so a rejected create does not use up a number.
    if (spec.number !== undefined && isBlank(record[spec.number.field])) {
      record[spec.number.field] = this.nextNumber(spec)
    }
    records.set(id, record)
    return ok(record)
  }

  update(spec: EntitySpec, id: string, body: Json, cx: EntityContext): Result<Json> {
    const existing = this.collection(spec.plural).get(id)
    if (existing === undefined) return err(FinanceErrors.notFound(spec.label))
    for (const rule of spec.required) {
      const names = typeof rule === "string" ? [rule] : rule
      const cleared = names.some((name) => name in body && isBlank(body[name]))
      const remaining = names.some((name) => !isBlank(name in body ? body[name] : existing[name]))
      if (cleared && !remaining) return err(FinanceErrors.missingField(names[0]))
    }
    let record: Json = { ...existing, ...body, [spec.idField]: id, last_modified_time: isoTime(cx.now) }
    record.created_time = existing.created_time
    if (spec.prepare !== undefined) {
      const prepared = spec.prepare(record, cx, "update")
      if (prepared._tag === "Err") return prepared
      record = prepared.value
    }
    this.collection(spec.plural).set(id, record)
    return ok(record)
  }

  remove(spec: EntitySpec, id: string): Result<Json> {
    const records = this.collection(spec.plural)
    const existing = records.get(id)
    if (existing === undefined) return err(FinanceErrors.notFound(spec.label))
    records.delete(id)
    return ok(existing)
  }

  act(spec: EntitySpec, action: ActionSpec, id: string, input: Json, cx: EntityContext): Result<Json> {
    const existing = this.collection(spec.plural).get(id)
    if (existing === undefined) return err(FinanceErrors.notFound(spec.label))
    const field = spec.statusField ?? "status"
    const current = String(existing[field] ?? "")
    const target = action.to(input)
    const allowed = current !== target && (action.from === undefined || action.from.includes(current))
    if (!allowed) return err(FinanceErrors.invalidTransition(spec.label, action.label(target), current))
    const record: Json = {
      ...existing,
      ...(action.patch === undefined ? {} : action.patch(existing, target, cx)),
      [field]: target,
      last_modified_time: isoTime(cx.now)
    }
    this.collection(spec.plural).set(id, record)
    return ok(record)
  }

  list(spec: EntitySpec, query: Record<string, string>, paging: Paging): Result<ListResult> {
    const filterBy = query.filter_by
    let appliedFilter = "Status.All"
    let statuses: ReadonlyArray<string> | "all" = "all"
    if (filterBy !== undefined && filterBy.trim() !== "") {
      const known = statusFilter(spec, filterBy)
      if (known === undefined) return err(FinanceErrors.invalidValue("filter_by"))
      appliedFilter = filterBy
      statuses = known
    }
    const search = query.search_text
    const sortColumn = query.sort_column !== undefined && query.sort_column !== ""
      ? query.sort_column
      : "created_time"
    const order = (query.sort_order ?? "A").toUpperCase()
    if (order !== "A" && order !== "D") return err(FinanceErrors.invalidValue("sort_order"))

    // The filtered, sorted list depends on the query but the paging parameters: kept per version
    // of the collection, so each page is a slice of it rather than a filter and sort of every entity.
    const collection = this.collection(spec.plural)
    const key = JSON.stringify(
      Object.entries(query)
        .filter(([name]) => !pagingParams.includes(name) || spec.filterFields.includes(name))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    )
    let kept = this.lists.get(spec.plural)
    if (kept === undefined || kept.version !== collection.version) {
      kept = { version: collection.version, byQuery: new Map() }
      this.lists.set(spec.plural, kept)
    }
    let records = kept.byQuery.get(key)
    if (records === undefined) {
      records = filterAndSort(spec, [...collection.values()], query, statuses, search, sortColumn, order)
      if (kept.byQuery.size >= KEPT_LISTS) kept.byQuery.delete(kept.byQuery.keys().next().value!)
      kept.byQuery.set(key, records)
    }

    const start = (paging.page - 1) * paging.perPage
    const pageRecords = records.slice(start, start + paging.perPage)
    const pageContext: Json = {
      page: paging.page,
      per_page: paging.perPage,
      has_more_page: start + paging.perPage < records.length,
      report_name: spec.reportName,
      applied_filter: appliedFilter,
      sort_column: sortColumn,
      sort_order: order,
      search_criteria: search === undefined || search === "" ?
        [] :
        [{ column_name: "search_text", search_text: search, comparator: "contains" }]
    }
    if (query.response_option === "1" || query.response_option === "2") {
      pageContext.total = records.length
      pageContext.total_pages = Math.max(1, Math.ceil(records.length / paging.perPage))
    }
    return ok({ records: query.response_option === "2" ? [] : pageRecords, pageContext })
  }
}

/** The entities a list query keeps, in its order (insertion order is creation order). */
const filterAndSort = (
  spec: EntitySpec,
  all: Array<Json>,
  query: Record<string, string>,
  statuses: ReadonlyArray<string> | "all",
  search: string | undefined,
  sortColumn: string,
  order: "A" | "D"
): Array<Json> => {
  let records = all
  if (statuses !== "all") {
    const field = spec.statusField ?? "status"
    records = records.filter((r) => statuses.includes(String(r[field] ?? "").toLowerCase()))
  }

  const ranges = rangesOf(query)
  if (ranges.length > 0) records = records.filter((r) => inRanges(r, ranges))

  for (const field of spec.filterFields) {
    if (field === "last_modified_time") continue
    const exact = query[field]
    const contains = query[`${field}_contains`]
    const startsWith = query[`${field}_startswith`]
    const value = (r: Json) => String(r[field] ?? "").toLowerCase()
    if (exact !== undefined) records = records.filter((r) => value(r) === exact.toLowerCase())
    if (contains !== undefined) records = records.filter((r) => value(r).includes(contains.toLowerCase()))
    if (startsWith !== undefined) records = records.filter((r) => value(r).startsWith(startsWith.toLowerCase()))
  }

  if (search !== undefined && search.trim() !== "") {
    const needle = search.trim().toLowerCase()
    records = records.filter((r) => spec.searchFields.some((f) => String(r[f] ?? "").toLowerCase().includes(needle)))
  }

  if (sortColumn !== "created_time" || order === "D") {
    // A stable sort over insertion order keeps equal keys (same created_time) in creation order.
    const direction = order === "D" ? -1 : 1
    records = records
      .map((r, i) => [r, i] as const)
      .sort(([a, i], [b, j]) => direction * (compare(a[sortColumn], b[sortColumn]) || i - j))
      .map(([r]) => r)
  }
  return records
}

/** Epoch ms of a Zoho date (`2026-12-01`) or time (`2026-12-01T10:00:00+0000`), or NaN. */
const timeOf = (v: unknown): number => {
  const s = String(v ?? "").trim()
  if (s === "") return NaN
  return Date.parse(s.replace(/([+-]\d\d)(\d\d)$/, "$1:$2"))
}

/**
 * Zoho's date ranges: `<field>_start`/`<field>_end`, `<field>_after`/`<field>_before` (exclusive),
 * `from_date`/`to_date` on `date`, and `last_modified_time` (records changed since then).
 */
interface Range {
  readonly field: string
  readonly op: string
  readonly bound: number
}

/** The date ranges a query asks for, read once per list rather than once per entity. */
const rangesOf = (query: Record<string, string>): ReadonlyArray<Range> =>
  Object.entries(query).flatMap(([key, raw]): Array<Range> => {
    const bound = timeOf(raw)
    if (Number.isNaN(bound)) return []
    const m = /^(.+)_(start|end|after|before)$/.exec(key)
    const [field, op] = m !== null
      ? [m[1], m[2]]
      : key === "from_date"
      ? ["date", "start"]
      : key === "to_date"
      ? ["date", "end"]
      : key === "last_modified_time"
      ? [key, "start"]
      : [undefined, undefined]
    return field === undefined ? [] : [{ field, op, bound }]
  })

const inRanges = (record: Json, ranges: ReadonlyArray<Range>): boolean => {
  for (const { bound, field, op } of ranges) {
    if (!(field in record)) continue
    const value = timeOf(record[field])
    if (Number.isNaN(value)) return false
    if (op === "start" && value < bound) return false
    if (op === "end" && value > bound) return false
    if (op === "after" && value <= bound) return false
    if (op === "before" && value >= bound) return false
  }
  return true
}

const compare = (a: unknown, b: unknown): number => {
  if (typeof a === "number" && typeof b === "number") return a - b
  const x = a === undefined || a === null ? "" : String(a)
  const y = b === undefined || b === null ? "" : String(b)
  const nx = Number(x)
  const ny = Number(y)
  if (x !== "" && y !== "" && Number.isFinite(nx) && Number.isFinite(ny)) return nx - ny
  return x.localeCompare(y)
}

/**
 * `Status.Sent`, `Status.PartiallyPaid`, `SubscriptionStatus.NON_RENEWING`, `Status.All`: the
 * statuses to keep, `"all"`, or `undefined` for a value the entity does not know.
 */
const statusFilter = (spec: EntitySpec, raw: string): ReadonlyArray<string> | "all" | undefined => {
  const dot = raw.indexOf(".")
  if (dot < 0 || !raw.slice(0, dot).toLowerCase().endsWith("status")) return undefined
  const value = raw.slice(dot + 1).replace(/_/g, "").toLowerCase()
  if (value === "all") return "all"
  const group = spec.statusGroups?.[value]
  if (group !== undefined) return group
  const status = spec.statuses.find((s) => s.replace(/_/g, "").toLowerCase() === value)
  return status === undefined ? undefined : [status]
}
