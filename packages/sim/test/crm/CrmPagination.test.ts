import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import { leads, makeHarness, seedWith } from "./harness.js"

const big = seedWith({ org1: { Leads: leads(10_000) } })

describe("CrmSim pagination", () => {
  it.effect("reaches 10,000 records: pages up to 2,000, then page_token, no duplicates or gaps", () =>
    Effect.gen(function*() {
      const h = makeHarness(big)
      const seen = new Set<string>()
      let lastToken: string | undefined
      for (let page = 1; page <= 10; page++) {
        const res = yield* h.call("GET", `/Leads?fields=Last_Name&page=${page}&per_page=200`)
        assert.strictEqual(res.status, 200)
        assert.strictEqual(res.json.info.page, page)
        assert.isTrue(res.json.info.more_records)
        for (const r of res.json.data) seen.add(r.id)
        lastToken = res.json.info.next_page_token
      }
      assert.strictEqual(seen.size, 2000)
      const beyond = yield* h.call("GET", "/Leads?fields=Last_Name&page=11&per_page=200")
      assert.strictEqual(beyond.status, 400)
      assert.strictEqual(beyond.json.code, "DISCRETE_PAGINATION_LIMIT_EXCEEDED")
      let token = lastToken
      let pages = 0
      while (token !== undefined) {
        const res = yield* h.call("GET", `/Leads?fields=Last_Name&per_page=200&page_token=${token}`)
        assert.strictEqual(res.status, 200)
        assert.strictEqual(res.json.info.previous_page_token, token)
        for (const r of res.json.data) {
          assert.isFalse(seen.has(r.id), `duplicate ${r.id}`)
          seen.add(r.id)
        }
        token = res.json.info.next_page_token
        if (token !== undefined) assert.isTrue(res.json.info.more_records)
        pages++
      }
      assert.strictEqual(pages, 40)
      assert.strictEqual(seen.size, 10_000)
      // Default order is id descending, so ids must strictly decrease across all pages.
      const ordered = [...seen]
      for (let i = 1; i < ordered.length; i++) assert.isTrue(BigInt(ordered[i - 1]) > BigInt(ordered[i]))
    }))

  it.effect("tokens are deterministic, expire after 24 h and come with page_token_expiry", () =>
    Effect.gen(function*() {
      const a = makeHarness(big)
      const b = makeHarness(big)
      yield* TestClock.setTime(Date.parse("2026-11-23T10:00:00Z"))
      const first = yield* a.call("GET", "/Leads?fields=Last_Name")
      const again = yield* b.call("GET", "/Leads?fields=Last_Name")
      const token = first.json.info.next_page_token
      assert.isString(token)
      assert.strictEqual(again.json.info.next_page_token, token)
      assert.strictEqual(first.json.info.page_token_expiry, "2026-11-24T10:00:00+00:00")
      yield* TestClock.adjust("23 hours")
      assert.strictEqual((yield* a.call("GET", `/Leads?fields=Last_Name&page_token=${token}`)).status, 200)
      yield* TestClock.adjust("1 hour")
      const expired = yield* a.call("GET", `/Leads?fields=Last_Name&page_token=${token}`)
      assert.strictEqual(expired.status, 400)
      assert.strictEqual(expired.json.code, "EXPIRED_VALUE")
    }))

  it.effect("a token is bound to its query parameters and its user; page with page_token is ambiguous", () =>
    Effect.gen(function*() {
      const h = makeHarness(big)
      const token = (yield* h.call("GET", "/Leads?fields=Last_Name,Email&sort_order=asc")).json.info.next_page_token
      const ok = yield* h.call("GET", `/Leads?fields=Email,Last_Name&sort_order=asc&page_token=${token}`)
      assert.strictEqual(ok.status, 200)
      const changed = yield* h.call("GET", `/Leads?fields=Last_Name&sort_order=asc&page_token=${token}`)
      assert.strictEqual(changed.status, 400)
      assert.strictEqual(changed.json.code, "TOKEN_BOUND_DATA_MISMATCH")
      const order = yield* h.call("GET", `/Leads?fields=Last_Name,Email&sort_order=desc&page_token=${token}`)
      assert.strictEqual(order.json.code, "TOKEN_BOUND_DATA_MISMATCH")
      const otherUser = yield* h.call("GET", `/Leads?fields=Last_Name,Email&sort_order=asc&page_token=${token}`, {
        userId: "50002"
      })
      assert.strictEqual(otherUser.status, 400)
      assert.strictEqual(otherUser.json.code, "INVALID_DATA")
      const both = yield* h.call("GET", `/Leads?fields=Last_Name,Email&sort_order=asc&page=2&page_token=${token}`)
      assert.strictEqual(both.status, 400)
      assert.strictEqual(both.json.code, "AMBIGUITY_DURING_PROCESSING")
      assert.strictEqual((yield* h.call("GET", "/Leads?fields=Last_Name&page_token=bogus")).json.code, "INVALID_DATA")
    }))

  it.effect("stops at the page_token cap with PAGINATION_LIMIT_EXCEEDED", () =>
    Effect.gen(function*() {
      const h = makeHarness(big, { pageTokenLimit: 2500 })
      let token = (yield* h.call("GET", "/Leads?fields=Last_Name&page=10")).json.info.next_page_token
      let total = 2000
      for (;;) {
        const res = yield* h.call("GET", `/Leads?fields=Last_Name&page_token=${token}`)
        if (res.status !== 200) {
          assert.strictEqual(res.status, 400)
          assert.strictEqual(res.json.code, "PAGINATION_LIMIT_EXCEEDED")
          break
        }
        total += res.json.data.length
        token = res.json.info.next_page_token
      }
      assert.strictEqual(total, 2500)
    }))

  it.effect("page tokens resume after the last record even when records are inserted meanwhile", () =>
    Effect.gen(function*() {
      const h = makeHarness(seedWith({ org1: { Leads: leads(5) } }))
      const first = yield* h.call("GET", "/Leads?fields=Last_Name&per_page=2&sort_order=asc")
      yield* h.call("POST", "/Leads", { body: { data: leads(3, 100) } })
      const second = yield* h.call(
        "GET",
        `/Leads?fields=Last_Name&per_page=2&sort_order=asc&page_token=${first.json.info.next_page_token}`
      )
      assert.deepStrictEqual(second.json.data.map((r: { Last_Name: string }) => r.Last_Name), ["Lead2", "Lead3"])
    }))
})
