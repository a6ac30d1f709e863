/**
 * Bad input and the spec-driven answers: Zoho's status and code for every malformed request
 * (never a 500 from the simulator), files as real bytes, bodies checked against the operation's
 * schema, numbers and dates in Zoho's formats.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { arr, harness, makeSeed, obj } from "./harness.js"

const bytesOf = (body: string | Uint8Array | undefined): Uint8Array =>
  typeof body === "string" ? new TextEncoder().encode(body) : body ?? new Uint8Array()

describe("finance bad input", () => {
  it.effect("answers a non-JSON body, a broken JSONString, an unknown resource and a non-numeric id as Zoho does", () =>
    Effect.gen(function*() {
      const h = harness()
      const notJson = yield* h.call("books", "POST", "/contacts", {
        raw: { contentType: "application/json", body: "{contact_name: oops" }
      })
      assert.deepStrictEqual(notJson, { status: 400, body: { code: 1038, message: "JSON is not well formed" } })
      const badString = yield* h.call("invoice", "POST", "/contacts", {
        raw: { contentType: "application/x-www-form-urlencoded", body: "JSONString=%7Bnope" }
      })
      assert.deepStrictEqual(badString, { status: 400, body: { code: 1038, message: "JSON is not well formed" } })
      const unknown = yield* h.call("inventory", "GET", "/widgets/123")
      assert.deepStrictEqual(unknown, { status: 404, body: { code: 5, message: "Invalid URL Passed" } })
      const nonNumeric = yield* h.call("books", "GET", "/invoices/INV-1")
      assert.deepStrictEqual(nonNumeric, {
        status: 400,
        body: { code: 2, message: "Invalid value passed for invoice_id" }
      })
      const missing = yield* h.call("books", "GET", "/bankaccounts/460000000099999")
      assert.strictEqual(missing.status, 404)
      assert.strictEqual(missing.body.code, 1002)
      // Billing's plans are keyed by a client-chosen code: not a number, and not an error.
      const plan = yield* h.call("billing", "GET", "/plans/gold-monthly")
      assert.strictEqual(plan.body.code, 1002)
    }))

  it.effect("checks bodies against the operation's schema: required fields, types and enum values", () =>
    Effect.gen(function*() {
      const h = harness()
      // Not one of the hand-written entities: the file's `required` applies.
      const noName = yield* h.call("books", "POST", "/bankaccounts", { json: { account_type: "bank" } })
      assert.deepStrictEqual(noName.body, { code: 4, message: "account_name is required" })
      const wrongType = yield* h.call("books", "POST", "/contacts", {
        json: { contact_name: "A", billing_address: "not an object" }
      })
      assert.deepStrictEqual(wrongType.body, { code: 2, message: "Invalid value passed for billing_address" })
      const created = yield* h.call("books", "POST", "/bankaccounts", {
        json: { account_name: "Ops", account_type: "bank" }
      })
      assert.strictEqual(created.status, 201)
      const account = obj(created.body.bankaccount)
      assert.match(String(account.account_id), /^\d{15}$/)
      // Number-typed fields are numbers, flags booleans, every declared field present.
      assert.strictEqual(account.balance, 0)
      assert.strictEqual(account.is_active, false)
      const listed = yield* h.call("books", "GET", "/bankaccounts")
      assert.deepStrictEqual(arr(listed.body.bankaccounts).map((a) => a.account_name), ["Ops"])
      assert.strictEqual(obj(listed.body.page_context).has_more_page, false)
    }))

  it.effect("keeps numbers as numbers and dates in Zoho's formats", () =>
    Effect.gen(function*() {
      const h = harness()
      const item = yield* h.call("books", "POST", "/items", { json: { name: "Bolt", rate: "12.50" } })
      const created = obj(item.body.item)
      assert.strictEqual(created.rate, 12.5)
      assert.match(String(created.created_time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}$/)
      const contact = yield* h.call("books", "POST", "/contacts", { json: { contact_name: "C" } })
      const invoice = yield* h.call("books", "POST", "/invoices", {
        json: { customer_id: obj(contact.body.contact).contact_id, line_items: [{ item_id: created.item_id }] }
      })
      assert.match(String(obj(invoice.body.invoice).date), /^\d{4}-\d\d-\d\d$/)
      assert.strictEqual(obj(invoice.body.invoice).sub_total, 12.5)
    }))

  it.effect("answers files with real bytes and takes multipart uploads", () =>
    Effect.gen(function*() {
      const h = harness()
      const contact = yield* h.call("books", "POST", "/contacts", { json: { contact_name: "C" } })
      const invoice = yield* h.call("books", "POST", "/invoices", {
        json: { customer_id: obj(contact.body.contact).contact_id, line_items: [{ name: "x", rate: 1 }] }
      })
      const id = String(obj(invoice.body.invoice).invoice_id)
      const fetchRaw = (path: string, query: Record<string, string> = {}) =>
        Effect.flatMap(h.context("books", "GET", path, { query }), (ctx) => h.sim("books").handle(ctx))
      const pdf = yield* fetchRaw(`/invoices/${id}`, { accept: "pdf" })
      assert.strictEqual(pdf.headers["content-type"], "application/pdf")
      assert.strictEqual(new TextDecoder().decode(bytesOf(pdf.body).slice(0, 5)), "%PDF-")
      const upload = yield* h.call("books", "POST", `/invoices/${id}/attachment`, {
        raw: {
          contentType: "multipart/form-data; boundary=b",
          body: "--b\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"a.pdf\"\r\n" +
            "Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--b--\r\n"
        }
      })
      assert.strictEqual(upload.status, 200)
      assert.strictEqual(upload.body.code, 0)
      const attachment = yield* fetchRaw(`/invoices/${id}/attachment`)
      assert.strictEqual(new TextDecoder().decode(bytesOf(attachment.body).slice(0, 5)), "%PDF-")
      const item = yield* h.call("inventory", "POST", "/items", { json: { name: "Bolt" } })
      const image = yield* Effect.flatMap(
        h.context("inventory", "GET", `/items/${String(obj(item.body.item).item_id)}/image`),
        (ctx) => h.sim("inventory").handle(ctx)
      )
      assert.strictEqual(image.headers["content-type"], "image/png")
      assert.deepStrictEqual([...bytesOf(image.body).slice(1, 4)], [0x50, 0x4e, 0x47])
    }))

  it.effect("pages with per_page up to 200 and says whether more pages follow", () =>
    Effect.gen(function*() {
      const h = harness()
      for (let i = 0; i < 3; i++) {
        yield* h.call("books", "POST", "/bankaccounts", { json: { account_name: `A${i}`, account_type: "bank" } })
      }
      const first = yield* h.call("books", "GET", "/bankaccounts", { query: { per_page: "2" } })
      assert.strictEqual(arr(first.body.bankaccounts).length, 2)
      assert.strictEqual(obj(first.body.page_context).has_more_page, true)
      const big = yield* h.call("books", "GET", "/bankaccounts", { query: { per_page: "500" } })
      assert.strictEqual(obj(big.body.page_context).per_page, 200)
    }))
})

describe("finance list filters", () => {
  it.effect("filter by date ranges and last_modified_time", () =>
    Effect.gen(function*() {
      const h = harness(makeSeed({
        org1: {
          books: {
            contacts: [{ contact_id: "1001", contact_name: "C" }],
            invoices: [
              {
                customer_id: "1001",
                date: "2026-01-10",
                status: "sent",
                last_modified_time: "2026-01-10T09:00:00+0000"
              },
              {
                customer_id: "1001",
                date: "2026-02-10",
                status: "sent",
                last_modified_time: "2026-02-10T09:00:00+0000"
              },
              {
                customer_id: "1001",
                date: "2026-03-10",
                status: "draft",
                last_modified_time: "2026-03-10T09:00:00+0000"
              }
            ]
          }
        }
      }))
      const dates = (query: Record<string, string>) =>
        Effect.map(h.call("books", "GET", "/invoices", { query }), (r) => arr(r.body.invoices).map((i) => i.date))
      assert.deepStrictEqual(yield* dates({ date_start: "2026-02-01", date_end: "2026-03-31" }), [
        "2026-02-10",
        "2026-03-10"
      ])
      assert.deepStrictEqual(yield* dates({ date_before: "2026-02-10" }), ["2026-01-10"])
      assert.deepStrictEqual(yield* dates({ last_modified_time: "2026-02-01T00:00:00+0000" }), [
        "2026-02-10",
        "2026-03-10"
      ])
      assert.deepStrictEqual(yield* dates({ status: "sent", sort_column: "date", sort_order: "D" }), [
        "2026-02-10",
        "2026-01-10"
      ])
    }))
})
