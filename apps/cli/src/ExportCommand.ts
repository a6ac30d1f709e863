/**
 * `zoho export <product> <resource>`: every record of a CRM module or a finance collection to
 * NDJSON or CSV, on stdout or into `--out`, with a progress line on a terminal and a checkpoint
 * after every page so `--resume` carries on after an interruption.
 *
 * Paging follows the library's rules (`Pagination`): CRM `page`/`per_page` up to 2,000 records
 * (`Pagination.crmPageNumberLimit`), then `page_token`; a CRM `--criteria` search pages by number
 * only; finance `page`/`per_page` while `page_context.has_more_page`, with `response_option=1` so
 * Zoho reports the total (the ETA). The pager is the CLI's own because a resumed export must start
 * at a saved cursor, which the library's streams (always from page 1) do not offer.
 *
 * @since 0.1.0
 */
import * as Endpoint from "@effect-zoho/core/Endpoint"
import * as Pagination from "@effect-zoho/core/Pagination"
import type * as ZohoProduct from "@effect-zoho/core/ZohoProduct"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as fs from "node:fs"
import * as CliError from "./CliError.js"
import * as Csv from "./Csv.js"
import * as ExportCheckpoint from "./ExportCheckpoint.js"
import * as Flags from "./Flags.js"
import * as Output from "./Output.js"
import * as Progress from "./Progress.js"
import * as RawEndpoint from "./RawEndpoint.js"
import * as Scopes from "./Scopes.js"
import * as Session from "./Session.js"

const args = {
  product: Args.text({ name: "product" }).pipe(
    Args.withDescription("crm, books, inventory, invoice, expense, billing")
  ),
  resource: Args.text({ name: "resource" }).pipe(
    Args.withDescription("A CRM module (Leads, Deals, Invoices__c) or a finance collection (invoices, contacts)")
  ),
  fields: Options.text("fields").pipe(
    Options.optional,
    Options.withDescription("Columns, comma-separated (CRM default: the module's fields, up to 50)")
  ),
  criteria: Options.text("criteria").pipe(
    Options.optional,
    Options.withDescription("CRM search criteria, e.g. \"(Lead_Status:equals:Qualified)\" (at most 2,000 records)")
  ),
  filter: Options.text("filter").pipe(
    Options.repeated,
    Options.withDescription("A list filter key=value sent as a query parameter, e.g. --filter status=overdue")
  ),
  format: Options.choice("format", ["ndjson", "csv"]).pipe(
    Options.optional,
    Options.withDescription("Output format (default: csv for an --out ending in .csv, else ndjson)")
  ),
  out: Options.text("out").pipe(
    Options.withAlias("o"),
    Options.optional,
    Options.withDescription("Write to this file instead of stdout (needed for --resume)")
  ),
  resume: Options.boolean("resume").pipe(
    Options.withDescription("Carry on an interrupted export into --out from its last complete page")
  ),
  perPage: Options.integer("per-page").pipe(
    Options.optional,
    Options.withDescription("Records per request (default 200)")
  ),
  listKey: Options.text("list-key").pipe(
    Options.optional,
    Options.withDescription("Finance: the key holding the items (default: the resource name)")
  ),
  user: Flags.user,
  sim: Flags.sim,
  orgId: Flags.orgId
}

type Parsed = Command.Command.ParseConfig<typeof args>

type Rec = Readonly<Record<string, unknown>>

interface Page {
  readonly items: ReadonlyArray<Rec>
  readonly next: Option.Option<ExportCheckpoint.Cursor>
  readonly total: number | undefined
}

const isRecord = (u: unknown): u is Rec => typeof u === "object" && u !== null && !Array.isArray(u)

/** Everything checked before a token is read or a request is sent. */
const prepare = (parsed: Parsed) =>
  Effect.gen(function*() {
    const product = yield* RawEndpoint.product(parsed.product)
    const finance = RawEndpoint.isFinance(product)
    if (!/^[A-Za-z0-9_]+$/.test(parsed.resource)) {
      return yield* CliError.usage(
        `"${parsed.resource}" is not a resource name`,
        finance ? "e.g. zoho export books invoices" : "e.g. zoho export crm Leads"
      )
    }
    if (Option.isSome(parsed.criteria) && finance) {
      return yield* CliError.usage("--criteria is for CRM searches", "use --filter key=value for finance lists")
    }
    const filters = yield* RawEndpoint.pairs("--filter", parsed.filter)
    const fields = Option.map(parsed.fields, Scopes.split)
    const format = Option.getOrElse(
      parsed.format,
      () => Option.exists(parsed.out, (o) => o.toLowerCase().endsWith(".csv")) ? "csv" as const : "ndjson" as const
    )
    const perPage = Option.getOrElse(parsed.perPage, () => Pagination.crmMaxPerPage)
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > Pagination.crmMaxPerPage) {
      return yield* CliError.usage(`--per-page must be 1-${Pagination.crmMaxPerPage}`, "e.g. --per-page 200")
    }
    if (parsed.resume && Option.isNone(parsed.out)) {
      return yield* CliError.usage("--resume needs --out", "resume into the file the export was writing")
    }
    const listKey = Option.getOrElse(parsed.listKey, () => parsed.resource)
    const request = JSON.stringify({
      fields: Option.getOrNull(fields),
      criteria: Option.getOrNull(parsed.criteria),
      filters,
      perPage,
      listKey
    })
    return { product, finance, filters, fields, format, perPage, listKey, request }
  })

type Prepared = Effect.Effect.Success<ReturnType<typeof prepare>>

/** The CRM module's field API names (up to 50, Zoho's cap on `fields`), when none were given. */
const crmFields = (product: ZohoProduct.ZohoProduct, module: string) =>
  Endpoint.call(RawEndpoint.make({ product, method: "GET", path: "/settings/fields" }))({
    query: { module }
  }).pipe(
    Effect.map((body) => {
      const list = isRecord(body) && Array.isArray(body.fields) ? body.fields : []
      return list.flatMap((f) => isRecord(f) && typeof f.api_name === "string" ? [f.api_name] : []).slice(0, 50)
    })
  )

const fetchPage = (
  p: Prepared,
  resource: string,
  criteria: Option.Option<string>,
  columns: ReadonlyArray<string>,
  cursor: ExportCheckpoint.Cursor
) =>
  Effect.gen(function*() {
    const perPage = String(p.perPage)
    if (p.finance) {
      const page = cursor._tag === "Page" ? cursor.page : 1
      const body = yield* Endpoint.call(RawEndpoint.make({ product: p.product, method: "GET", path: `/${resource}` }))({
        query: { ...p.filters, page: String(page), per_page: perPage, response_option: "1" }
      })
      const items = isRecord(body) ? body[p.listKey] : undefined
      if (!isRecord(body) || !Array.isArray(items)) {
        return yield* new CliError.CliFailure({
          message: `the ${p.product.id} answer has no "${p.listKey}" list; pass --list-key with the right key`
        })
      }
      const context = isRecord(body.page_context) ? body.page_context : {}
      return {
        items: items.filter(isRecord),
        next: context.has_more_page === true ? Option.some({ _tag: "Page" as const, page: page + 1 }) : Option.none(),
        total: typeof context.total === "number" ? context.total : undefined
      } satisfies Page
    }
    const searching = Option.isSome(criteria)
    const endpoint = RawEndpoint.make({
      product: p.product,
      method: "GET",
      path: searching ? `/${resource}/search` : `/${resource}`
    })
    const query: Record<string, string> = {
      ...p.filters,
      ...(searching ? { criteria: criteria.value } : {}),
      ...(columns.length > 0 ? { fields: columns.filter((c) => c !== "id").join(",") } : {}),
      per_page: perPage,
      ...(cursor._tag === "Page" ? { page: String(cursor.page) } : { page_token: cursor.token })
    }
    const body = yield* Endpoint.call(endpoint)({ query })
    const data = isRecord(body) && Array.isArray(body.data) ? body.data.filter(isRecord) : []
    const info = isRecord(body) && isRecord(body.info) ? body.info : {}
    if (info.more_records !== true) return { items: data, next: Option.none(), total: undefined } satisfies Page
    if (cursor._tag === "Page" && (searching || (cursor.page + 1) * p.perPage <= Pagination.crmPageNumberLimit)) {
      return { items: data, next: Option.some({ _tag: "Page" as const, page: cursor.page + 1 }), total: undefined }
    }
    const token = info.next_page_token
    if (typeof token !== "string" || token === "") {
      return yield* new CliError.CliFailure({ message: "Zoho said there are more records but gave no next_page_token" })
    }
    return { items: data, next: Option.some({ _tag: "Token" as const, token }), total: undefined } satisfies Page
  })

const project = (columns: ReadonlyArray<string>, record: Rec): Rec => {
  const out: Record<string, unknown> = {}
  for (const c of columns) out[c] = record[c] ?? null
  return out
}

/** Where records go: stdout, or a file written at known offsets (for the checkpoint). */
interface Sink {
  readonly write: (text: string) => Effect.Effect<void, CliError.CliFailure>
  readonly bytes: () => number
  readonly close: Effect.Effect<void>
}

const stdoutSink = (): Sink => {
  let bytes = 0
  return {
    write: (text) => {
      bytes += Buffer.byteLength(text)
      return Output.out(text)
    },
    bytes: () => bytes,
    close: Effect.void
  }
}

const fileSink = (path: string, resumeAt: number | undefined) =>
  Effect.acquireRelease(
    Effect.try({
      try: (): Sink => {
        const fd = fs.openSync(path, resumeAt === undefined ? "w" : "r+", 0o644)
        if (resumeAt !== undefined) fs.ftruncateSync(fd, resumeAt)
        let position = resumeAt ?? 0
        return {
          write: (text) =>
            Effect.try({
              try: () => {
                const buffer = Buffer.from(text)
                let done = 0
                while (done < buffer.length) {
                  done += fs.writeSync(fd, buffer, done, buffer.length - done, position + done)
                }
                position += buffer.length
              },
              catch: (e) => new CliError.CliFailure({ message: `cannot write ${path}: ${String(e)}` })
            }),
          bytes: () => position,
          close: Effect.sync(() => fs.closeSync(fd))
        }
      },
      catch: (e) => CliError.usage(`cannot open ${path}: ${(e as Error).message}`, "check the --out path")
    }),
    (sink) => sink.close
  )

const exportWith = (parsed: Parsed, p: Prepared) =>
  Effect.gen(function*() {
    const out = Option.getOrUndefined(parsed.out)
    const resumed = parsed.resume && out !== undefined ? yield* ExportCheckpoint.read(out) : undefined
    if (resumed !== undefined) {
      if (
        resumed.product !== p.product.id || resumed.resource !== parsed.resource || resumed.format !== p.format ||
        resumed.request !== p.request
      ) {
        return yield* CliError.usage(
          `${out} was being exported with other options`,
          "resume with the same product, resource, fields, filters and format, or export again without --resume"
        )
      }
    }
    const tty = yield* Output.stderrIsTty
    const { throttleWaitMillis } = yield* Session.Session

    const columns: ReadonlyArray<string> = resumed !== undefined
      ? resumed.columns
      : Option.isSome(p.fields)
      ? p.fields.value
      : p.finance
      ? []
      : ["id", ...(yield* crmFields(p.product, parsed.resource))]

    const sink = out === undefined ? stdoutSink() : yield* fileSink(out, resumed?.bytes)
    const startedAt = yield* Clock.currentTimeMillis
    const state = yield* Ref.make({
      cursor: resumed?.next ?? ({ _tag: "Page", page: 1 } as ExportCheckpoint.Cursor),
      records: resumed?.records ?? 0,
      pages: resumed?.pages ?? 0,
      total: resumed?.total,
      columns,
      headerWritten: resumed !== undefined
    })

    const draw = Effect.gen(function*() {
      if (!tty) return
      const s = yield* Ref.get(state)
      yield* Progress.draw({
        records: s.records,
        pages: s.pages,
        startedAt,
        now: yield* Clock.currentTimeMillis,
        total: s.total,
        waitedMillis: yield* Ref.get(throttleWaitMillis),
        resumedFrom: resumed?.records ?? 0
      })
    })

    const loop = Effect.gen(function*() {
      while (true) {
        const s = yield* Ref.get(state)
        const page = yield* fetchPage(p, parsed.resource, parsed.criteria, s.columns, s.cursor)
        // Finance columns come from the first page when none were named.
        const cols = s.columns.length > 0 ? s.columns : Csv.columnsOf(page.items)
        let text = ""
        if (p.format === "csv" && !s.headerWritten) text += Csv.header(cols)
        for (const item of page.items) {
          text += p.format === "csv"
            ? Csv.row(cols, item)
            : JSON.stringify(p.finance && Option.isSome(p.fields) ? project(cols, item) : item) + "\n"
        }
        yield* sink.write(text)
        const next = {
          cursor: Option.getOrElse(page.next, () => s.cursor),
          records: s.records + page.items.length,
          pages: s.pages + 1,
          total: page.total ?? s.total,
          columns: cols,
          headerWritten: true
        }
        yield* Ref.set(state, next)
        if (out !== undefined && Option.isSome(page.next)) {
          yield* ExportCheckpoint.write(
            out,
            new ExportCheckpoint.Checkpoint({
              version: 1,
              product: p.product.id,
              resource: parsed.resource,
              format: p.format,
              request: p.request,
              columns: cols,
              next: page.next.value,
              records: next.records,
              pages: next.pages,
              bytes: sink.bytes(),
              ...(next.total === undefined ? {} : { total: next.total })
            })
          )
        }
        yield* draw
        if (Option.isNone(page.next)) return
      }
    })

    yield* loop.pipe(
      Effect.onInterrupt(() =>
        Effect.flatMap(Ref.get(state), (s) =>
          Output.info(
            `\nexport interrupted after ${s.records} records` +
              (out === undefined
                ? ""
                : `; carry on with: zoho export ${parsed.product} ${parsed.resource} --out ${out} --resume`)
          ))
      ),
      Effect.tapError(() =>
        Effect.flatMap(Ref.get(state), (s) =>
          tty || out !== undefined
            ? Output.info(
              `${tty ? "\n" : ""}export stopped after ${s.records} records` +
                (out === undefined || s.pages === 0
                  ? ""
                  : `; carry on with: zoho export ${parsed.product} ${parsed.resource} --out ${out} --resume`)
            )
            : Effect.void)
      )
    )
    if (out !== undefined) yield* ExportCheckpoint.remove(out)
    if (tty) {
      const s = yield* Ref.get(state)
      yield* Output.info(`\nexported ${s.records} records in ${s.pages} pages${out === undefined ? "" : ` to ${out}`}`)
    }
  }).pipe(Effect.scoped)

const run = (parsed: Parsed) =>
  Effect.flatMap(prepare(parsed), (p) =>
    exportWith(parsed, p).pipe(
      Effect.provide(Session.layer({ user: parsed.user, sim: parsed.sim, organizationId: parsed.orgId }))
    ))

/**
 * `zoho export`.
 *
 * @since 0.1.0
 */
export const command = Command.make("export", args, run).pipe(
  Command.withDescription(
    "Export every record to NDJSON or CSV. Examples: `zoho export books invoices --out invoices.csv`, " +
      "`zoho export crm Leads --fields Last_Name,Email --criteria \"(Lead_Status:equals:Qualified)\"`, " +
      "`zoho export books invoices --out invoices.csv --resume`"
  )
)
