/**
 * Inventory low-stock report: streams every active item of a Zoho Inventory organization, page by
 * page in constant memory, and writes one CSV row per item and location (warehouse) whose stock on
 * hand is below the item's reorder level, with a progress line on the terminal.
 *
 * By default it runs against the Zoho simulator in this process, seeded with a small catalogue
 * (no account, no network). With `ZOHO_CLIENT_ID` set (and the other `ZOHO_*` variables, including
 * `ZOHO_ORG_ID`) it reads a real organization through `ZohoNode.layerConfig()` instead.
 *
 * Run it with `npx -y pnpm@10.34.8 --filter @effect-zoho/examples build && node examples/dist/lowStock.js
 * [report.csv]`. The CSV is written next to its destination under a temporary name and renamed
 * into place only once complete: a run that fails leaves no CSV behind, never a partial one.
 */
import { Zoho, ZohoCredentials, ZohoRegion, ZohoUser } from "@effect-zoho/core"
import * as MemoryTokenStore from "@effect-zoho/core/MemoryTokenStore"
import type * as ZohoClient from "@effect-zoho/core/ZohoClient"
import type { ZohoError } from "@effect-zoho/core/ZohoError"
import * as Inventory from "@effect-zoho/inventory/Inventory"
import * as ZohoNode from "@effect-zoho/node/ZohoNode"
import { SimHttpClient, SimSeed, Simulator } from "@effect-zoho/sim"
import { NodeFileSystem, NodeRuntime } from "@effect/platform-node"
import type { PlatformError } from "@effect/platform/Error"
import * as FileSystem from "@effect/platform/FileSystem"
import { Chunk, Config, Console, Effect, Layer, Option, Redacted, Ref, Schema, Stream } from "effect"
import * as path from "node:path"
import { pathToFileURL } from "node:url"

/**
 * A value the report cannot use: a stock or reorder level that is not a number. Nothing is written
 * when it happens (the CSV is only renamed into place once every item was read).
 */
export class LowStockError extends Schema.TaggedError<LowStockError>("@effect-zoho/examples/LowStockError")(
  "LowStockError",
  {
    itemId: Schema.String,
    field: Schema.String,
    value: Schema.String
  }
) {
  override get message(): string {
    return `item ${this.itemId}: ${this.field} is not a number (${this.value})`
  }
}

/** One CSV row: an item at a location whose stock is below its reorder level. */
export interface Row {
  readonly item_id: string
  readonly name: string
  readonly sku: string
  readonly location_id: string
  readonly location_name: string
  readonly stock_on_hand: number
  readonly reorder_level: number
  /** Units needed to get back to the reorder level. */
  readonly shortfall: number
}

/** The CSV columns, in order. */
export const columns: ReadonlyArray<keyof Row> = [
  "item_id",
  "name",
  "sku",
  "location_id",
  "location_name",
  "stock_on_hand",
  "reorder_level",
  "shortfall"
]

// The fields the report reads. Zoho's files send per-location stock as strings ("12.00"), the
// reorder level as a number; both are taken in either form and checked below.
const Location = Schema.Struct({
  location_id: Schema.optional(Schema.String),
  location_name: Schema.optional(Schema.String),
  location_stock_on_hand: Schema.optional(Schema.Unknown)
})

const Item = Schema.Struct({
  item_id: Schema.String,
  name: Schema.optional(Schema.String),
  sku: Schema.optional(Schema.String),
  reorder_level: Schema.optional(Schema.Unknown),
  stock_on_hand: Schema.optional(Schema.Unknown),
  locations: Schema.optional(Schema.Array(Location))
})

/** A quantity as Zoho sends it (number or numeric string); blank is `undefined`, anything else an error. */
const quantity = (itemId: string, field: string, raw: unknown): Effect.Effect<number | undefined, LowStockError> => {
  if (raw === undefined || raw === null || raw === "") return Effect.succeed(undefined)
  const n = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : Number.NaN
  return Number.isFinite(n)
    ? Effect.succeed(n)
    : Effect.fail(new LowStockError({ itemId, field, value: String(raw) }))
}

const round = (n: number) => Math.round(n * 1000) / 1000

/**
 * The low-stock rows of one item as the items list returns it: one per location below the reorder
 * level, or one for the whole organization when it does not use locations. An item without a
 * reorder level has none.
 */
export const rowsOf = (raw: unknown): Effect.Effect<ReadonlyArray<Row>, LowStockError> =>
  Effect.gen(function*() {
    const item = yield* Schema.decodeUnknown(Item)(raw).pipe(
      Effect.mapError(() =>
        new LowStockError({ itemId: "?", field: "item", value: JSON.stringify(raw)?.slice(0, 80) ?? "" })
      )
    )
    const reorder = yield* quantity(item.item_id, "reorder_level", item.reorder_level)
    if (reorder === undefined || reorder <= 0) return []
    const stocks: Array<{ readonly id: string; readonly name: string; readonly stock: number }> = []
    if (item.locations !== undefined && item.locations.length > 0) {
      for (const location of item.locations) {
        const stock = yield* quantity(item.item_id, "location_stock_on_hand", location.location_stock_on_hand)
        stocks.push({ id: location.location_id ?? "", name: location.location_name ?? "", stock: stock ?? 0 })
      }
    } else {
      const stock = yield* quantity(item.item_id, "stock_on_hand", item.stock_on_hand)
      stocks.push({ id: "", name: "(organization)", stock: stock ?? 0 })
    }
    return stocks.filter((s) => s.stock < reorder).map((s) => ({
      item_id: item.item_id,
      name: item.name ?? "",
      sku: item.sku ?? "",
      location_id: s.id,
      location_name: s.name,
      stock_on_hand: s.stock,
      reorder_level: reorder,
      shortfall: round(reorder - s.stock)
    }))
  })

/** A CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
const field = (value: string | number): string => {
  const text = String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, "\"\"")}"` : text
}

/** One CSV line (without the line break). */
export const csvLine = (row: Row): string => columns.map((c) => field(row[c])).join(",")

/** Counts so far, for the progress line. */
export interface Progress {
  readonly items: number
  readonly rows: number
}

/** What a run did. */
export interface Summary extends Progress {
  readonly output: string
}

export interface Options {
  /** Where the CSV goes. */
  readonly output: string
  /** Items per request; default Zoho's 200. */
  readonly perPage?: number | undefined
  /** Called once per page read; default none. */
  readonly onProgress?: ((progress: Progress) => Effect.Effect<void>) | undefined
}

/**
 * The report: streams the active items, writes the rows under a temporary name beside `output`,
 * and renames the file into place once the last item is read.
 */
export const report = (
  options: Options
): Effect.Effect<Summary, LowStockError | ZohoError | PlatformError, ZohoClient.ZohoClient | FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const counts = yield* Ref.make<Progress>({ items: 0, rows: 0 })
    const partial = path.join(
      path.dirname(options.output),
      `.${path.basename(options.output)}.${Date.now().toString(36)}.partial`
    )
    const lines = Inventory.items.list({ filter_by: "Status.Active" }, { perPage: options.perPage }).pipe(
      // Items arrive a page per chunk: rows are computed and counted (and progress shown) per page.
      Stream.mapChunksEffect((items) =>
        Effect.gen(function*() {
          const rows = (yield* Effect.forEach(items, (item: unknown) => rowsOf(item))).flat()
          const now = yield* Ref.updateAndGet(counts, (c) => ({
            items: c.items + Chunk.size(items),
            rows: c.rows + rows.length
          }))
          if (options.onProgress !== undefined) yield* options.onProgress(now)
          return Chunk.fromIterable(rows.map((row) => `${csvLine(row)}\n`))
        })
      ),
      Stream.prepend(Chunk.of(`${columns.join(",")}\n`)),
      Stream.encodeText
    )
    yield* Stream.run(lines, fs.sink(partial)).pipe(
      Effect.zipRight(fs.rename(partial, options.output)),
      Effect.onError(() => Effect.ignore(fs.remove(partial)))
    )
    return { ...(yield* Ref.get(counts)), output: options.output }
  })

/**
 * The progress line for a terminal: rewritten in place on `stream` when it is a TTY, nothing when
 * the output is piped or redirected (so logs and pipes stay clean).
 */
export const progressTo = (
  stream: { readonly isTTY?: boolean | undefined; readonly write: (text: string) => unknown }
): Options["onProgress"] =>
  stream.isTTY === true
    ? (p) => Effect.sync(() => stream.write(`\r  ${p.items} items read, ${p.rows} low-stock rows`))
    : undefined

// ---------------------------------------------------------------------------------------------
// Where it runs: the simulator by default, a real organization with ZOHO_* set.

/** The finance organization of `SimSeed.demo()`. */
export const SIM_ORG = "800001"

/** A small catalogue over three warehouses; `count` items, every third one below its reorder level somewhere. */
export const demoItems = (count = 60): ReadonlyArray<Record<string, unknown>> =>
  Array.from({ length: count }, (_, i) => ({
    item_id: String(7_000_000 + i),
    name: `Part ${i + 1}`,
    sku: `P-${String(i + 1).padStart(4, "0")}`,
    status: "active",
    reorder_level: 10,
    locations: ["Main", "North", "South"].map((name, l) => ({
      location_id: String(9_000 + l),
      location_name: `${name} warehouse`,
      location_stock_on_hand: String(i % 3 === 0 && l === i % 2 ? 4 : 25)
    }))
  }))

/** The simulator, seeded with `items`, behind the whole client stack (memory token store). */
export const simulatorLayer = (
  items: ReadonlyArray<Record<string, unknown>> = demoItems()
): Layer.Layer<Zoho.Services | Simulator.Simulator> =>
  Layer.unwrapEffect(
    Effect.gen(function*() {
      const simulator = yield* Simulator.make(
        SimSeed.demo({ financeRecords: { [SIM_ORG]: { inventory: { items } } } })
      )
      const user = ZohoUser.make({
        credentials: ZohoCredentials.RefreshToken({
          clientId: "1000.SIMCLIENT",
          clientSecret: Redacted.make("sim-secret"),
          refreshToken: Redacted.make("1000.simrefresh")
        }),
        organizationId: SIM_ORG
      })
      return Zoho.layer({ region: ZohoRegion.make("US"), user }).pipe(
        Layer.provide(SimHttpClient.layerFrom(simulator)),
        Layer.provide(MemoryTokenStore.layer),
        Layer.merge(Layer.succeed(Simulator.Simulator, simulator))
      )
    })
  )

/** Real Zoho when `ZOHO_CLIENT_ID` is configured, else the simulator. */
export const layer: Layer.Layer<Zoho.Services, unknown> = Layer.unwrapEffect(
  Effect.map(
    Config.option(Config.nonEmptyString("ZOHO_CLIENT_ID")),
    (clientId) => Option.isSome(clientId) ? ZohoNode.layerConfig() : simulatorLayer()
  )
)

/** The command: `node lowStock.js [report.csv]`. */
export const main = (output: string) =>
  report({ output, onProgress: progressTo(process.stderr) }).pipe(
    Effect.tap(() => Effect.sync(() => process.stderr.isTTY === true && process.stderr.write("\n"))),
    Effect.tap((s) => Console.log(`${s.rows} low-stock rows from ${s.items} items written to ${s.output}`)),
    Effect.provide(Layer.merge(layer, NodeFileSystem.layer))
  )

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  NodeRuntime.runMain(main(path.resolve(process.argv[2] ?? "low-stock.csv")))
}
