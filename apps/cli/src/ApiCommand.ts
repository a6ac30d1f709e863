/**
 * `zoho api <product> <METHOD> <path>`, like `gh api`: the base path, token and org id are added;
 * `-q key=value` for the query, `-f key=value` or `--input file.json` (`-` for stdin) for a JSON
 * body; `--include` prints the status line and response headers first; `--paginate` streams every
 * page as one NDJSON line (CRM `page` then `page_token` past 2,000 records; finance
 * `page_context`). A Zoho error prints the body, then exits 1 with Zoho's code and message.
 *
 * @since 0.1.0
 */
import * as Endpoint from "@effect-zoho/core/Endpoint"
import * as Pagination from "@effect-zoho/core/Pagination"
import * as ZohoClient from "@effect-zoho/core/ZohoClient"
import * as ZohoLogging from "@effect-zoho/core/ZohoLogging"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as CliError from "./CliError.js"
import * as Flags from "./Flags.js"
import * as Output from "./Output.js"
import * as RawEndpoint from "./RawEndpoint.js"
import * as Session from "./Session.js"

const args = {
  product: Args.text({ name: "product" }).pipe(
    Args.withDescription("crm, books, inventory, invoice, expense, billing")
  ),
  method: Args.text({ name: "method" }).pipe(Args.withDescription("GET, POST, PUT, PATCH or DELETE")),
  path: Args.text({ name: "path" }).pipe(Args.withDescription("Below the product's base path, e.g. /Leads")),
  field: Options.text("field").pipe(
    Options.withAlias("f"),
    Options.repeated,
    Options.withDescription("A body field key=value (repeat for more; a JSON object is sent)")
  ),
  query: Options.text("query").pipe(
    Options.withAlias("q"),
    Options.repeated,
    Options.withDescription("A query parameter key=value (repeat for more)")
  ),
  input: Options.text("input").pipe(
    Options.optional,
    Options.withDescription("A JSON file to send as the body (- reads stdin)")
  ),
  paginate: Options.boolean("paginate").pipe(
    Options.withDescription("Fetch every page; one JSON line per page")
  ),
  listKey: Options.text("list-key").pipe(
    Options.optional,
    Options.withDescription("Finance --paginate: the key holding the items (default: the last path segment)")
  ),
  include: Options.boolean("include").pipe(
    Options.withAlias("i"),
    Options.withDescription("Print the HTTP status line and response headers before the body")
  ),
  user: Flags.user,
  sim: Flags.sim,
  orgId: Flags.orgId
}

type Parsed = Command.Command.ParseConfig<typeof args>

const readBody = (parsed: Parsed) =>
  Effect.gen(function*() {
    const fields = yield* RawEndpoint.pairs("-f", parsed.field)
    if (Option.isNone(parsed.input)) return Object.keys(fields).length === 0 ? undefined : fields
    if (parsed.field.length > 0) {
      return yield* CliError.usage("-f and --input exclude each other", "put every field in the --input file")
    }
    const file = parsed.input.value
    const fs = yield* FileSystem.FileSystem
    const text = file === "-"
      ? yield* Effect.promise(async () => {
        const chunks: Array<Buffer> = []
        for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array))
        return Buffer.concat(chunks).toString("utf8")
      })
      : yield* fs.readFileString(file).pipe(
        Effect.mapError(() => CliError.usage(`cannot read the body file ${file}`, "give a readable JSON file"))
      )
    try {
      return JSON.parse(text) as unknown
    } catch {
      return yield* CliError.usage(
        `the body file ${file === "-" ? "on stdin" : file} is not JSON`,
        "check it with a JSON linter, or send fields with -f key=value"
      )
    }
  })

/** Everything checked before a token is read or a request is sent. */
const prepare = (parsed: Parsed) =>
  Effect.gen(function*() {
    const product = yield* RawEndpoint.product(parsed.product)
    const method = yield* RawEndpoint.method(parsed.method)
    const { path, query: inPath } = yield* RawEndpoint.path(product, parsed.path)
    const query = { ...inPath, ...(yield* RawEndpoint.pairs("-q", parsed.query)) }
    const body = yield* readBody(parsed)
    if (parsed.paginate && method !== "GET") {
      return yield* CliError.usage("--paginate only pages GET lists", `drop --paginate for ${method}`)
    }
    if (parsed.paginate && parsed.include) {
      return yield* CliError.usage("--include and --paginate exclude each other", "drop one of them")
    }
    return { product, method, path, query, body }
  })

const pretty = (text: string) => {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

const run = (parsed: Parsed) =>
  Effect.gen(function*() {
    const call = yield* prepare(parsed)
    const session = Session.layer({
      user: parsed.user,
      sim: parsed.sim,
      organizationId: parsed.orgId
    })
    if (parsed.paginate) {
      const finance = RawEndpoint.isFinance(call.product)
      const listKey = Option.getOrElse(parsed.listKey, () => call.path.split("/").filter((s) => s !== "").pop() ?? "")
      const endpoint = RawEndpoint.make({
        ...call,
        pagination: finance ? Endpoint.financePageContext(listKey) : Endpoint.crmPageToken
      })
      const input = { query: call.query }
      const pages = finance ? Pagination.financePages(endpoint, input) : Pagination.crmPages(endpoint, input)
      return yield* pages.pipe(
        Stream.runForEach((page) => Output.line(JSON.stringify(page))),
        Effect.provide(session)
      )
    }
    const endpoint = RawEndpoint.make(call)
    yield* Effect.gen(function*() {
      const client = yield* ZohoClient.ZohoClient
      const request = yield* Endpoint.toRequest(endpoint, { query: call.query, body: call.body })
      const response = yield* client.execute(request)
      if (parsed.include) {
        yield* Output.line(`HTTP ${response.status}`)
        for (const [name, value] of Object.entries(ZohoLogging.redactHeaders(response.headers))) {
          yield* Output.line(`${name}: ${value}`)
        }
        yield* Output.line("")
      }
      const text = yield* response.text.pipe(Effect.orElseSucceed(() => ""))
      if (text !== "") yield* Output.line(pretty(text))
      // The product's envelope decides: a Zoho error fails with its code after the body is shown.
      yield* Endpoint.decodeResponse(endpoint, response)
    }).pipe(Effect.provide(session))
  })

/**
 * `zoho api`.
 *
 * @since 0.1.0
 */
export const command = Command.make("api", args, run).pipe(
  Command.withDescription(
    "Call any Zoho endpoint with your token, like `gh api`. Examples: " +
      "`zoho api crm GET /Leads -q fields=Last_Name,Email --paginate`, " +
      "`zoho api books GET /invoices -q status=overdue --include`, " +
      "`zoho api crm POST /Leads --input lead.json`"
  )
)
