import { it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { harness } from "./harness.js"
import * as M from "../../src/internal/finance/FinanceModel.js"
it.effect("scratch", () => Effect.gen(function*() {
  const h = harness()
  const show = (r: unknown) => console.log(JSON.stringify(r).slice(0, 600))
  const inv = M.models().books.operations.find((o) => o.path === "/invoices" && o.method === "GET")
  show(inv?.response?.properties?.page_context)
  const so = M.models().inventory.operations.find((o) => o.path === "/salesorders" && o.method === "POST")
  show(Object.keys(so?.response?.properties ?? {}))
}))
