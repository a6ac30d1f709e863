/**
 * The fast decoding path must be invisible: over generated records (valid ones, and ones with
 * unknown fields, nulls, wrong types and missing fields), whatever it accepts equals what
 * `Schema.decodeUnknown(…, { onExcessProperty: "preserve" })` returns, key order included; it never
 * accepts what Schema rejects; and `Envelope.decodeValue` answers exactly as Schema alone would
 * (same value, same error message, hence the same error paths).
 */
import { assert, describe, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import * as Envelope from "../src/Envelope.js"
import * as PreserveDecode from "../src/internal/preserveDecode.js"

const nullable = <S extends Schema.Schema.Any>(s: S) => Schema.optional(Schema.NullOr(s))

interface Category {
  readonly name: string
  readonly children?: ReadonlyArray<Category> | null | undefined
}
const Category: Schema.Schema<Category> = Schema.Struct({
  name: Schema.String,
  children: nullable(Schema.Array(Schema.suspend((): Schema.Schema<Category> => Category)))
})

/** Shaped like the generated record Schemas: `optional(NullOr(…))`, nested objects, arrays, enums. */
const Invoice = Schema.Struct({
  invoice_id: Schema.String,
  total: nullable(Schema.Number),
  quantity: nullable(Schema.Int),
  status: nullable(Schema.Literal("draft", "sent", "paid")),
  is_emailed: Schema.optional(Schema.Boolean),
  customer: nullable(Schema.Struct({ id: Schema.String, name: nullable(Schema.String) })),
  line_items: Schema.optional(Schema.Array(Schema.Struct({ item_id: Schema.String, rate: nullable(Schema.Number) }))),
  custom: Schema.optional(Schema.Unknown),
  category: Schema.optional(Category)
}).pipe(
  // As `CrmRecords` wraps a record Schema: a filter over the decoded record.
  Schema.filter((r) => r.invoice_id !== "x", { message: () => "invoice_id x is reserved" })
)

const Page = Schema.Struct({
  code: Schema.optional(Schema.Number),
  invoices: Schema.optional(Schema.Array(Invoice)),
  page_context: Schema.optional(Schema.Struct({ page: Schema.Number, has_more_page: Schema.Boolean }))
})

const effectDecode = Schema.decodeUnknownEither(Page, { onExcessProperty: "preserve", errors: "all" })

const junk = FastCheck.oneof(
  FastCheck.constant(null),
  FastCheck.string(),
  FastCheck.integer(),
  FastCheck.boolean(),
  FastCheck.constant(undefined),
  FastCheck.array(FastCheck.integer(), { maxLength: 2 }),
  FastCheck.dictionary(FastCheck.string({ maxLength: 4 }), FastCheck.integer(), { maxKeys: 2 })
)

/** Replace, drop or add fields anywhere in a JSON-like value (unknown fields, nulls, wrong types, missing ones). */
const mutate = (value: unknown, rnd: () => number, pick: () => unknown): unknown => {
  if (Array.isArray(value)) return value.map((v) => mutate(v, rnd, pick))
  if (typeof value !== "object" || value === null) return rnd() < 0.08 ? pick() : value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    const r = rnd()
    if (r < 0.05) continue
    out[k] = r < 0.12 ? pick() : mutate(v, rnd, pick)
  }
  if (rnd() < 0.3) out[`extra_${Math.floor(rnd() * 1000)}`] = pick()
  return out
}

const records = FastCheck.tuple(
  Arbitrary.make(Page),
  FastCheck.boolean(),
  FastCheck.array(junk, { minLength: 8, maxLength: 8 }),
  FastCheck.integer()
).map(([valid, broken, picks, seed]) => {
  if (!broken) return valid as unknown
  let state = seed >>> 0
  const rnd = () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
  let i = 0
  return mutate(valid, rnd, () => picks[i++ % picks.length])
})

describe("PreserveDecode", () => {
  const fast = PreserveDecode.decoderFor(Page.ast)

  it("handles the plain data Schemas responses use", () => {
    assert.isDefined(fast)
    // A transformation is not handled: Effect's decoder alone runs.
    assert.isUndefined(PreserveDecode.decoderFor(Schema.Struct({ n: Schema.NumberFromString }).ast))
    assert.isUndefined(PreserveDecode.decoderFor(Schema.Record({ key: Schema.String, value: Schema.Number }).ast))
  })

  it("takes Record<string, unknown> alone (an untyped record) and gives Schema's value", () => {
    const AnyRecord = Schema.Record({ key: Schema.String, value: Schema.Unknown })
    const decode = PreserveDecode.decoderFor(AnyRecord.ast)
    assert.isDefined(decode)
    const schemaDecode = Schema.decodeUnknownEither(AnyRecord, { onExcessProperty: "preserve", errors: "all" })
    let accepted = 0
    FastCheck.assert(
      FastCheck.property(FastCheck.oneof(records, junk), (input) => {
        const got = decode!(input)
        const expected = schemaDecode(input)
        if (got === PreserveDecode.FAIL) return
        accepted++
        assert.isTrue(Either.isRight(expected), "the fast path never accepts what Schema rejects")
        if (Either.isRight(expected)) {
          assert.deepStrictEqual(got, expected.right)
          assert.strictEqual(JSON.stringify(got), JSON.stringify(expected.right))
        }
      }),
      { numRuns: 300, seed: 21 }
    )
    assert.isAbove(accepted, 50)
    // With a typed value, or properties beside the index signature, Effect's decoder runs.
    assert.isUndefined(
      PreserveDecode.decoderFor(
        Schema.Struct({ id: Schema.String }, Schema.Record({ key: Schema.String, value: Schema.Unknown })).ast
      )
    )
  })

  it("accepts exactly what Schema accepts, with the same value and key order", () => {
    let accepted = 0
    let rejected = 0
    FastCheck.assert(
      FastCheck.property(records, (input) => {
        const expected = effectDecode(input)
        const got = fast!(input)
        if (Either.isRight(expected)) {
          accepted++
          assert.notStrictEqual(got, PreserveDecode.FAIL, "a value Schema accepts takes the fast path")
          assert.deepStrictEqual(got, expected.right)
          assert.strictEqual(JSON.stringify(got), JSON.stringify(expected.right))
        } else {
          rejected++
          assert.strictEqual(got, PreserveDecode.FAIL, "the fast path never accepts what Schema rejects")
        }
      }),
      { numRuns: 600, seed: 15 }
    )
    // Both sides of the contract were exercised.
    assert.isAbove(accepted, 50)
    assert.isAbove(rejected, 50)
  })

  it.effect("Envelope.decodeValue answers as Schema alone: same value, same error message", () =>
    Effect.gen(function*() {
      const context = { product: "books", operation: "books.invoices.list", status: 200 }
      const samples = FastCheck.sample(records, { numRuns: 200, seed: 7 })
      for (const input of samples) {
        const viaEnvelope = yield* Effect.either(Envelope.decodeValue(Page, context, input, "{}"))
        const alone = effectDecode(input)
        if (Either.isRight(alone)) {
          assert.isTrue(Either.isRight(viaEnvelope))
          assert.deepStrictEqual(Either.getOrThrow(viaEnvelope), alone.right)
        } else {
          assert.isTrue(Either.isLeft(viaEnvelope))
          if (Either.isLeft(viaEnvelope)) {
            // The message built from Schema's own issues (same paths, same texts), up to the
            // error's length cap, where it ends with "…".
            const expected = `Response does not match the expected shape (HTTP 200): ${Envelope.issuesLine(alone.left)}`
            const got = viaEnvelope.left.message.replace(/…$/, "")
            assert.isAbove(got.length, 60)
            assert.isTrue(expected.startsWith(got), `${got}\nis not the start of\n${expected}`)
          }
        }
      }
    }))
})
