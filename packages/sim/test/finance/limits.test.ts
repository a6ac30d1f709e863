/**
 * Finance limits by plan: the daily budget and the concurrent calls follow the org's plan, and
 * each limit is answered with HTTP 429 and its code (44 a minute, 45 a day, 1070 concurrency).
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Limits from "../../src/internal/limits.js"
import * as SimSeed from "../../src/SimSeed.js"
import { harness } from "./harness.js"

const seedWith = (plan: "free" | "standard" | "professional" | "premium" | undefined) =>
  SimSeed.demo({
    orgs: [{ id: "org1", name: "Sim Org", zgid: "700001", financeOrganizationId: "800001", financePlan: plan }]
  })

describe("finance limits by plan", () => {
  it("sets the daily budget and the concurrent calls from the plan", () => {
    const figures = (plan: Parameters<typeof seedWith>[0]) => {
      const limits = Limits.make(seedWith(plan)).effective("books", "800001")
      return [limits.perDay, limits.concurrent, limits.requestsPerMinute]
    }
    assert.deepStrictEqual(figures("free"), [1000, 5, 100])
    assert.deepStrictEqual(figures("standard"), [2000, 10, 100])
    assert.deepStrictEqual(figures("professional"), [5000, 10, 100])
    assert.deepStrictEqual(figures("premium"), [10000, 10, 100])
    assert.deepStrictEqual(figures(undefined), [1000, 10, 100])
    // CRM has its own limits.
    assert.strictEqual(Limits.make(seedWith("free")).effective("crm", "org1").concurrent, 10)
  })

  it("refuses the sixth concurrent call of a free org", () => {
    const limits = Limits.make(seedWith("free"))
    const decisions = Array.from({ length: 6 }, () => limits.acquire("books", "800001", 0))
    assert.deepStrictEqual(decisions.map((d) => d._tag), [
      "Allowed",
      "Allowed",
      "Allowed",
      "Allowed",
      "Allowed",
      "Limited"
    ])
    const last = decisions[5]
    assert(last._tag === "Limited")
    assert.strictEqual(last.kind, "concurrency")
  })

  it.effect("answers each limit with 429 and Zoho's code", () =>
    Effect.sync(() => {
      const books = harness().sim("books")
      const codes = (["minute", "day", "concurrency"] as const).map((kind) => {
        const res = books.errors.rateLimited(kind)
        return [res.status, (JSON.parse(String(res.body)) as { code: number }).code]
      })
      assert.deepStrictEqual(codes, [[429, 44], [429, 45], [429, 1070]])
    }))
})
