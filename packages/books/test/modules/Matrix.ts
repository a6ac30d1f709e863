/**
 * The facade test matrix: one row per Books module, each run against a fresh simulator through
 * `Books.<module>`. A row says how to create a record (the minimal body the module's request
 * Schema accepts), how to read, change and delete it, and its main action; `run` drives every
 * step, checks what the simulator answered and returns one cell per step for the summary table.
 */
import type { ZohoClient } from "@effect-zoho/core/ZohoClient"
import type { ZohoError } from "@effect-zoho/core/ZohoError"
import type { Simulator } from "@effect-zoho/sim"
import * as Chunk from "effect/Chunk"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Stream from "effect/Stream"
import * as StreamM from "effect/Stream"
import { requestsTo } from "../support/Stack.js"

/** A check that did not hold. */
export class Mismatch extends Data.TaggedError("Mismatch")<{ readonly message: string }> {}

export type Failure = ZohoError | Mismatch

/** A step of a row: what it needs and may fail with. */
export type Step<A> = Effect.Effect<A, Failure, ZohoClient>

/** The field `key` of a decoded record (records are open: unknown fields are kept). */
export const field = (record: unknown, key: string): unknown =>
  typeof record === "object" && record !== null ? (record as Readonly<Record<string, unknown>>)[key] : undefined

/** Succeeds with the field as a string, or fails naming it. */
export const idIn = (record: unknown, key: string): Effect.Effect<string, Mismatch> => {
  const value = field(record, key)
  return typeof value === "string" && value !== "" || typeof value === "number"
    ? Effect.succeed(String(value))
    : Effect.fail(new Mismatch({ message: `no ${key} in ${JSON.stringify(record)?.slice(0, 120)}` }))
}

export const expect = (condition: boolean, message: string): Effect.Effect<void, Mismatch> =>
  condition ? Effect.void : Effect.fail(new Mismatch({ message }))

export const expectEqual = (actual: unknown, expected: unknown, what: string): Effect.Effect<void, Mismatch> =>
  expect(actual === expected, `${what}: expected ${String(expected)}, got ${String(actual)}`)

/** A facade answer with Zoho's success code (actions answer `{ code: 0, message }`). */
export const expectSuccess = (answer: unknown, what: string): Effect.Effect<void, Mismatch> =>
  expect(field(answer, "code") === 0, `${what}: answered ${JSON.stringify(answer)?.slice(0, 160)}`)

/** One module's row. `D` is what `setup` creates for it (a customer, a vendor, an item…). */
export interface Spec<D> {
  /** The facade's name: `Books.<module>`. */
  readonly module: string
  /** The list's route below `/books/v3`, to count the pages the stream asked for. */
  readonly path: string
  /** The id field of a record. */
  readonly idField: string
  /** Records to create (default 7: three pages of 3). */
  readonly records?: number | undefined
  /** Pages the list must read (default 3). */
  readonly pages?: number | undefined
  /** What the row had to work around or found: printed under the table. */
  readonly notes?: ReadonlyArray<string> | undefined
  readonly setup: Step<D>
  /** Create record `i`; the created record comes back. */
  readonly create: (deps: D, i: number) => Step<unknown>
  /** The module's list stream with `perPage` records a page. */
  readonly list: (perPage: number) => Stream.Stream<unknown, Failure, ZohoClient>
  readonly get: (id: string) => Step<unknown>
  /** Change the record; `check` is the field and the value a read must show afterwards. */
  readonly update?: {
    readonly run: (deps: D, id: string) => Step<unknown>
    readonly field: string
    readonly value: unknown
  } | undefined
  readonly delete?: ((id: string) => Step<void>) | undefined
  /**
   * Steps known to fail, with why (a wrong name or Schema in Zoho's file, a simulator gap). The
   * step still runs: it must fail, and the table shows the reason; once it passes, the entry is
   * stale and the row fails until it is removed.
   */
  readonly known?: Partial<Record<StepName, string>> | undefined
  /** The main action, checked inside (status after, the answer's code…). */
  readonly action?: {
    readonly name: string
    readonly run: (deps: D, id: string) => Step<void>
  } | undefined
}

export const steps = ["list", "get", "create", "update", "delete", "action"] as const
export type StepName = typeof steps[number]

/** What a row did: per step `ok`, `—` (not in the module) or what went wrong. */
export interface Outcome {
  readonly module: string
  readonly cells: Readonly<Record<StepName, string>>
  readonly pages: number
  readonly action: string
  readonly notes: ReadonlyArray<string>
}

export const isOk = (cell: string) => cell === "ok" || cell === "—" || cell.startsWith("known: ")

const describe = (error: Failure): string =>
  error._tag === "Mismatch"
    ? error.message
    : error._tag === "ZohoApiError"
    ? `${error._tag} ${error.status}/${String(error.code)}: ${error.message}`
    : `${error._tag}: ${error.message}`

const cell = <A>(effect: Step<A>): Effect.Effect<readonly [string, A | undefined], never, ZohoClient> =>
  Effect.map(
    Effect.either(effect),
    (result) => Either.isRight(result) ? ["ok", result.right] as const : [describe(result.left), undefined] as const
  )

/**
 * Run every step of a row against the simulator: create the records, stream them back page by
 * page, read one, update it, run the action on another and delete a third (then read it again:
 * Zoho's "does not exist" must come back).
 */
export const run = <D>(spec: Spec<D>, simulator: Simulator.Service) =>
  Effect.gen(function*() {
    const count = spec.records ?? 7
    const perPage = 3
    const deps = yield* spec.setup

    const [created, ids] = yield* cell(Effect.gen(function*() {
      const out: Array<string> = []
      for (let i = 0; i < count; i++) {
        out.push(yield* Effect.flatMap(spec.create(deps, i), (r) => idIn(r, spec.idField)))
      }
      return out
    }))
    const have = ids ?? []

    const route = `/books/v3${spec.path}`
    const before = yield* requestsTo(simulator, "GET", route)
    const [listed, pages] = yield* cell(Effect.gen(function*() {
      const records = Chunk.toReadonlyArray(yield* StreamM.runCollect(spec.list(perPage)))
      const listedIds = new Set(records.map((r) => String(field(r, spec.idField))))
      const missing = have.filter((id) => !listedIds.has(id))
      yield* expect(missing.length === 0, `list misses ${missing.length} of ${have.length} created`)
      const pages = (yield* requestsTo(simulator, "GET", route)) - before
      yield* expect(pages >= (spec.pages ?? 3), `list read ${pages} page(s)`)
      return pages
    }))

    const first = have[0]
    const none = Effect.fail(new Mismatch({ message: "nothing created" }))
    const [got] = yield* cell(
      first === undefined ?
        none :
        Effect.flatMap(
          spec.get(first),
          (r) => Effect.flatMap(idIn(r, spec.idField), (id) => expectEqual(id, first, "get"))
        )
    )

    const update = spec.update
    const [updated] = update === undefined ? ["—"] as const : yield* cell(
      first === undefined ? none : Effect.gen(function*() {
        const answer = yield* update.run(deps, first)
        yield* expect(
          JSON.stringify(field(answer, update.field)) === JSON.stringify(update.value),
          `update answered ${update.field}=${JSON.stringify(field(answer, update.field))}`
        )
        const read = yield* spec.get(first)
        yield* expect(
          JSON.stringify(field(read, update.field)) === JSON.stringify(update.value),
          `read after update: ${update.field}=${JSON.stringify(field(read, update.field))}`
        )
      })
    )

    const action = spec.action
    const target = have[1] ?? first
    const [acted] = action === undefined ? ["—"] as const : yield* cell(
      target === undefined ? none : action.run(deps, target)
    )

    const remove = spec.delete
    const victim = have[2] ?? first
    const [deleted] = remove === undefined ? ["—"] as const : yield* cell(
      victim === undefined ? none : Effect.gen(function*() {
        yield* remove(victim)
        const again = yield* Effect.either(spec.get(victim))
        yield* expect(
          Either.isLeft(again) && again.left._tag === "ZohoApiError" && again.left.code === 1002,
          `read after delete: ${Either.isLeft(again) ? describe(again.left) : "still there"}`
        )
      })
    )

    const raw: Record<StepName, string> = {
      list: listed,
      get: got,
      create: created,
      update: updated,
      delete: deleted,
      action: acted
    }
    const cells = Object.fromEntries(steps.map((s) => {
      const reason = spec.known?.[s]
      if (reason === undefined) return [s, raw[s]]
      return [s, raw[s] === "ok" ? `known to fail (${reason}) but passed: drop it from known` : `known: ${reason}`]
    })) as Record<StepName, string>
    const outcome: Outcome = {
      module: spec.module,
      cells,
      pages: pages ?? 0,
      action: action?.name ?? "",
      notes: spec.notes ?? []
    }
    return outcome
  })

/** The summary table, one line per module. */
export const table = (outcomes: ReadonlyArray<Outcome>): string => {
  const mark = (c: string) => c === "ok" ? "ok" : c === "—" ? "—" : c.startsWith("known: ") ? "known" : "FAIL"
  const header = ["module", ...steps, "pages", "action"]
  const rows = outcomes.map((o) => [o.module, ...steps.map((s) => mark(o.cells[s])), String(o.pages), o.action])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: ReadonlyArray<string>) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ")
  const failures = outcomes.flatMap((o) =>
    steps.filter((s) => !isOk(o.cells[s])).map((s) => `  ✗ ${o.module}.${s}: ${o.cells[s]}`)
  )
  const notes = outcomes.flatMap((o) => [
    ...steps.filter((s) => o.cells[s].startsWith("known: ")).map((s) => `  · ${o.module}.${s}: ${o.cells[s].slice(7)}`),
    ...o.notes.map((n) => `  · ${o.module}: ${n}`)
  ])
  return [
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    ...(failures.length > 0 ? ["", "failures:", ...failures] : []),
    ...(notes.length > 0 ? ["", "notes:", ...notes] : [])
  ].join("\n")
}
