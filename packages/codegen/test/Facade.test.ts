import { assert, describe, it } from "@effect/vitest"
import type { FacadeOperation } from "../src/internal/facade.js"
import { facadeOf } from "../src/internal/facade.js"

const op = (
  exportName: string,
  method: string,
  path: string,
  extra: Partial<FacadeOperation> = {}
): FacadeOperation => ({
  exportName,
  method,
  path,
  listKey: undefined,
  itemKey: undefined,
  jsonBody: false,
  ...extra
})

const names = (noun: string, ops: ReadonlyArray<FacadeOperation>) =>
  Object.fromEntries(facadeOf(noun, ops).map((e) => [e.exportName, `${e.name}:${e.build}`]))

describe("facade names", () => {
  it("finds the record operations by path shape and takes the module noun out of the others", () => {
    const got = names("invoices", [
      op("listInvoices", "GET", "/invoices", { listKey: "invoices" }),
      op("createInvoice", "POST", "/invoices", { itemKey: "invoice", jsonBody: true }),
      op("getInvoice", "GET", "/invoices/{invoice_id}", { itemKey: "invoice" }),
      op("updateInvoice", "PUT", "/invoices/{invoice_id}", { itemKey: "invoice", jsonBody: true }),
      op("deleteInvoice", "DELETE", "/invoices/{invoice_id}"),
      op("markInvoiceSent", "POST", "/invoices/{invoice_id}/status/sent"),
      op("emailInvoices", "POST", "/invoices/email"),
      op("bulkPrintInvoices", "GET", "/invoices/print"),
      op("applyCreditsToInvoice", "POST", "/invoices/{invoice_id}/credits"),
      op("listInvoiceComments", "GET", "/invoices/{invoice_id}/comments")
    ])
    assert.deepStrictEqual(got, {
      listInvoices: "list:list",
      createInvoice: "create:create",
      getInvoice: "get:get",
      updateInvoice: "update:update",
      deleteInvoice: "delete:remove",
      markInvoiceSent: "markSent:action",
      emailInvoices: "bulkEmail:action",
      bulkPrintInvoices: "bulkPrint:action",
      applyCreditsToInvoice: "applyCredits:action",
      listInvoiceComments: "listComments:action"
    })
  })

  it("matches nouns written without separators, drops articles and reads retrieve as get", () => {
    const got = names("salesorders", [
      op("listSalesOrders", "GET", "/salesorders", { listKey: "salesorders" }),
      op("markSalesOrderAsConfirmed", "POST", "/salesorders/{salesorder_id}/status/confirmed"),
      op("retrieveASalesOrderHistory", "GET", "/salesorders/{salesorder_id}/history")
    ])
    assert.strictEqual(got.markSalesOrderAsConfirmed, "markAsConfirmed:action")
    assert.strictEqual(got.retrieveASalesOrderHistory, "getHistory:action")
  })

  it("keeps the operation's own name when the short one is taken, empty or unsafe", () => {
    const got = names("contacts", [
      op("cancelEinvoiceContact", "POST", "/contacts/{id}/einvoice/cancel"),
      op("cancelContactEinvoice", "POST", "/contacts/{id}/cancel/einvoice"),
      op("contact", "GET", "/contacts/x"),
      op("constructorContact", "GET", "/contacts/y")
    ])
    assert.strictEqual(got.cancelEinvoiceContact, "cancelEinvoice:action")
    assert.strictEqual(got.cancelContactEinvoice, "cancelContactEinvoice:action")
    assert.strictEqual(got.contact, "contact:action")
    assert.strictEqual(got.constructorContact, "constructorContact:action")
  })
})
