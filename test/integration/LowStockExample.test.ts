/**
 * The Inventory low-stock report (examples/src/lowStock.ts) against a seeded simulator, under the
 * whole client stack: the CSV rows, paging, the progress line, and a run that fails leaving no CSV.
 */
import { NodeFileSystem } from "@effect/platform-node"
import * as FileSystem from "@effect/platform/FileSystem"
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect } from "effect"
import * as path from "node:path"
import * as LowStock from "../../examples/src/lowStock.js"

const item = (id: number, fields: Record<string, unknown>) => ({
  item_id: String(id),
  name: `Item ${id}`,
  sku: `SKU-${id}`,
  status: "active",
  ...fields
})

const at = (id: string, name: string, stock: string) => ({
  location_id: id,
  location_name: name,
  location_stock_on_hand: stock
})

/** Ten items, some below their reorder level at some locations, over 3 pages of 4. */
const catalogue = [
  item(1, { reorder_level: 10, locations: [at("91", "Main", "4.00"), at("92", "North", "25.00")] }),
  item(2, { reorder_level: 10, locations: [at("91", "Main", "10.00"), at("92", "North", "9.50")] }),
  item(3, { reorder_level: 0, locations: [at("91", "Main", "0")] }), // no reorder point: never reported
  item(4, { name: "Bolts, \"hex\" M8", reorder_level: 100, locations: [at("91", "Main", "12")] }),
  item(5, { reorder_level: 5, stock_on_hand: 2 }), // an organization without locations
  item(6, { reorder_level: 5, locations: [at("91", "Main", "5")] }), // at the level: not below
  item(7, { reorder_level: 8, status: "inactive", locations: [at("91", "Main", "0")] }), // inactive: skipped
  item(8, { reorder_level: 3, locations: [at("91", "Main", "1"), at("92", "North", "0"), at("93", "South", "7")] }),
  item(9, { locations: [at("91", "Main", "0")] }), // no reorder level at all
  item(10, { reorder_level: 2, locations: [at("93", "South", "2")] })
]

const expected = [
  "item_id,name,sku,location_id,location_name,stock_on_hand,reorder_level,shortfall",
  "1,Item 1,SKU-1,91,Main,4,10,6",
  "2,Item 2,SKU-2,92,North,9.5,10,0.5",
  "4,\"Bolts, \"\"hex\"\" M8\",SKU-4,91,Main,12,100,88",
  "5,Item 5,SKU-5,,(organization),2,5,3",
  "8,Item 8,SKU-8,91,Main,1,3,2",
  "8,Item 8,SKU-8,92,North,0,3,3"
]

const withFiles = <A, E, R>(body: (dir: string, fs: FileSystem.FileSystem) => Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const dir = yield* fs.makeTempDirectoryScoped({ prefix: "low-stock-" })
    return yield* body(dir, fs)
  }).pipe(Effect.provide(NodeFileSystem.layer))

describe("Inventory low-stock report (examples/src/lowStock.ts)", () => {
  it.scoped("writes one CSV row per item and location below its reorder level, across pages", () =>
    withFiles((dir, fs) =>
      Effect.gen(function*() {
        const output = path.join(dir, "low-stock.csv")
        const progress: Array<LowStock.Progress> = []
        const summary = yield* LowStock.report({
          output,
          perPage: 4,
          onProgress: (p) => Effect.sync(() => void progress.push(p))
        }).pipe(Effect.provide(LowStock.simulatorLayer(catalogue)))
        const csv = yield* fs.readFileString(output)
        assert.deepStrictEqual(csv.trimEnd().split("\n"), expected)
        // 9 active items over pages of 4: three progress lines, the last with every count.
        assert.deepStrictEqual(progress.map((p) => p.items), [4, 8, 9])
        assert.deepStrictEqual(summary, { items: 9, rows: expected.length - 1, output })
        assert.deepStrictEqual(yield* fs.readDirectory(dir), ["low-stock.csv"])
      })
    ))

  it.scoped("a stock that is not a number fails typed, and no CSV (not even a partial one) is left", () =>
    withFiles((dir, fs) =>
      Effect.gen(function*() {
        const output = path.join(dir, "low-stock.csv")
        const broken = [...catalogue, item(11, { reorder_level: 4, locations: [at("91", "Main", "lots")] })]
        const error = yield* Effect.flip(
          LowStock.report({ output, perPage: 4 }).pipe(Effect.provide(LowStock.simulatorLayer(broken)))
        )
        assert.strictEqual(error._tag, "LowStockError")
        assert.include(error.message, "location_stock_on_hand is not a number (lots)")
        assert.deepStrictEqual(yield* fs.readDirectory(dir), [])
      })
    ))

  it.scoped("runs against the simulator when no ZOHO_CLIENT_ID is configured", () =>
    withFiles((dir, fs) =>
      Effect.gen(function*() {
        const output = path.join(dir, "report.csv")
        const summary = yield* LowStock.report({ output }).pipe(
          Effect.provide(LowStock.layer),
          Effect.withConfigProvider(ConfigProvider.fromMap(new Map()))
        )
        assert.deepStrictEqual({ items: summary.items, rows: summary.rows }, { items: 60, rows: 20 })
        assert.strictEqual((yield* fs.readFileString(output)).trimEnd().split("\n").length, 21)
      })
    ))

  it.effect("the progress line goes to a terminal only", () =>
    Effect.gen(function*() {
      assert.isUndefined(LowStock.progressTo({ isTTY: false, write: () => true }))
      const written: Array<string> = []
      const onProgress = LowStock.progressTo({ isTTY: true, write: (text) => written.push(text) })
      assert.isDefined(onProgress)
      yield* onProgress!({ items: 400, rows: 12 })
      assert.deepStrictEqual(written, ["\r  400 items read, 12 low-stock rows"])
    }))
})
