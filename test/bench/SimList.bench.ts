/**
 * What one list page costs the simulator itself at 100,000 records: its handler called in process
 * (`Simulator.handle`, no HTTP, no client), so the figure is the simulator's share of every
 * list call the other benches time. CRM Leads (first page, a page by `page` number, pages by
 * `page_token` deep in the list, the first page just after a write) and Books invoices (first page,
 * page 250 of 500, the first page just after a write). Median ms per page; written to
 * `bench/results.json` (section `simList`).
 */
import { SimSeed, Simulator } from "@effect-zoho/sim"
import { describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import {
  CLIENT_ID,
  CLIENT_SECRET,
  fmt,
  invoice,
  lead,
  median,
  REFRESH_TOKEN,
  seed,
  table,
  writeResults
} from "./support/benchWorld.js"

const RECORDS = 100_000
const SAMPLES = 30
const API = "https://www.zohoapis.com"
const FIELDS =
  "Last_Name,First_Name,Email,Company,Phone,Lead_Status,Lead_Source,Annual_Revenue,No_of_Employees,Description"

const encoder = new TextEncoder()

interface Page {
  readonly status: number
  readonly json: Record<string, unknown>
}

describe("simulator list handler", () => {
  it("ms per page at 100,000 records", async () => {
    const sim = await Effect.runPromise(Simulator.make(SimSeed.decodeSync(seed(RECORDS, RECORDS))))
    const send = async (method: string, url: string, headers: Record<string, string> = {}, body = "") => {
      const outcome = await Effect.runPromise(
        sim.handle({ method, url: new URL(url), headers, body: encoder.encode(body) })
      )
      if (outcome._tag !== "Respond") throw new Error(`no answer: ${outcome._tag}`)
      const raw = outcome.response.body
      const text = typeof raw === "string" ? raw : raw === undefined ? "" : new TextDecoder().decode(raw)
      return { status: outcome.response.status, json: text === "" ? {} : JSON.parse(text) } as Page
    }
    const token = await send(
      "POST",
      "https://accounts.zoho.com/oauth/v2/token",
      { "content-type": "application/x-www-form-urlencoded" },
      new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: REFRESH_TOKEN,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET
      }).toString()
    )
    const auth = { authorization: `Zoho-oauthtoken ${String(token.json.access_token)}` }
    const get = (pathAndQuery: string) => send("GET", `${API}${pathAndQuery}`, auth)
    const expectPage = (page: Page, key: string) => {
      const rows = page.json[key]
      if (page.status !== 200 || !Array.isArray(rows) || rows.length !== 200) {
        throw new Error(`expected 200 ${key}, got ${page.status} ${JSON.stringify(page.json).slice(0, 200)}`)
      }
      return page
    }
    const timed = async (call: () => Promise<Page>): Promise<number> => {
      const t0 = performance.now()
      await call()
      return performance.now() - t0
    }

    const leads = `/crm/v8/Leads?fields=${FIELDS}&per_page=200`
    const invoices = "/books/v3/invoices?organization_id=800001&per_page=200"
    // The first call builds the org's state (and, once indexed, the sorted order): not timed.
    expectPage(await get(leads), "data")
    expectPage(await get(`${invoices}&page=1`), "invoices")

    // Page tokens deep in the list: walk to the middle once, then time the next pages.
    const tokenOf = (page: Page) =>
      String((expectPage(page, "data").json.info as Record<string, unknown>).next_page_token)
    let next = tokenOf(await get(leads))
    for (let i = 0; i < 250; i++) next = tokenOf(await get(`${leads}&page_token=${next}`))
    const deepTokens: Array<string> = []
    for (let i = 0; i < SAMPLES; i++) {
      deepTokens.push(next)
      next = tokenOf(await get(`${leads}&page_token=${next}`))
    }

    // A write moves the version: the next list call sorts (and filters) every record again, once.
    const write = async (method: string, pathAndQuery: string, body: unknown) => {
      const json = body === undefined ? "" : JSON.stringify(body)
      const res = await send(method, `${API}${pathAndQuery}`, { ...auth, "content-type": "application/json" }, json)
      if (res.status !== 200) throw new Error(`${method} ${pathAndQuery}: ${res.status} ${JSON.stringify(res.json)}`)
    }
    const leadId = String(lead(0).id)

    const variants: ReadonlyArray<{
      readonly name: string
      /** Not timed: what happens just before the timed call. */
      readonly before?: (i: number) => Promise<void>
      readonly call: (i: number) => Promise<Page>
    }> = [
      { name: "CRM Leads, page 1", call: async () => expectPage(await get(leads), "data") },
      { name: "CRM Leads, page 10 (page=)", call: async () => expectPage(await get(`${leads}&page=10`), "data") },
      {
        name: "CRM Leads, page_token past record 50,000",
        call: async (i) => expectPage(await get(`${leads}&page_token=${deepTokens[i]!}`), "data")
      },
      {
        name: "CRM Leads, page 1 just after an update (order rebuilt)",
        before: (i) => write("PUT", `/crm/v8/Leads/${leadId}`, { data: [{ Company: `Updated ${i}` }] }),
        call: async () => expectPage(await get(leads), "data")
      },
      { name: "Books invoices, page 1", call: async () => expectPage(await get(`${invoices}&page=1`), "invoices") },
      {
        name: "Books invoices, page 250",
        call: async () => expectPage(await get(`${invoices}&page=250`), "invoices")
      },
      {
        // A delete: the seeded invoices name customers the seed does not hold, so an update is refused.
        name: "Books invoices, page 1 just after a delete (list rebuilt)",
        before: (i) =>
          write(
            "DELETE",
            `/books/v3/invoices/${String(invoice(3 * i + 1).invoice_id)}?organization_id=800001`,
            undefined
          ),
        call: async () => expectPage(await get(`${invoices}&page=1`), "invoices")
      }
    ]
    const samples = new Map<string, Array<number>>(variants.map((v) => [v.name, []]))
    for (let i = 0; i < SAMPLES; i++) {
      for (const v of variants) {
        await v.before?.(i)
        samples.get(v.name)!.push(await timed(() => v.call(i)))
      }
    }
    const rows = variants.map((v) => ({ name: v.name, msPerPage: median(samples.get(v.name)!) }))
    console.log(
      `\nSimulator list handler, ${RECORDS.toLocaleString("en")} records, 200 a page, ${SAMPLES} samples, median\n` +
        table(["page", "ms per page"], rows.map((r) => [r.name, fmt(r.msPerPage, 3)]))
    )
    writeResults("simList", { records: RECORDS, perPage: 200, samples: SAMPLES, pages: rows })
  }, 300_000)
})
