import { assert, describe, it } from "@effect/vitest"
import * as Books from "../src/Books.js"
import * as BooksScopes from "../src/BooksScopes.js"
import * as Invoices from "../src/generated/Invoices.js"
import * as Organizations from "../src/generated/Organizations.js"

describe("BooksScopes", () => {
  it("lists the scopes of endpoint declarations, deduplicated and sorted", () => {
    assert.deepStrictEqual(
      BooksScopes.requiredScopes([Invoices.createInvoice, Invoices.emailInvoice, Invoices.listInvoices]),
      ["ZohoBooks.invoices.CREATE", "ZohoBooks.invoices.READ"]
    )
    assert.deepStrictEqual(BooksScopes.requiredScopes([Organizations.listOrganizations]), ["ZohoBooks.settings.READ"])
  })

  it("looks operations up by name; unknown names add nothing", () => {
    assert.deepStrictEqual(
      BooksScopes.forOperations(["books.invoices.deleteInvoice", "books.contacts.createContact", "books.nope.nope"]),
      ["ZohoBooks.contacts.CREATE", "ZohoBooks.invoices.DELETE"]
    )
    assert.strictEqual(BooksScopes.byOperation.size, 849)
  })

  it("every operation's declared scopes match the table (one source of truth)", () => {
    for (const value of Object.values(Invoices)) {
      if (typeof value === "object" && value !== null && "operation" in value && "scopes" in value) {
        assert.deepStrictEqual(BooksScopes.byOperation.get(value.operation as string), value.scopes)
      }
    }
  })

  it("covers every facade module, and each module's group names operations", () => {
    const modules = Object.keys(Books).sort()
    assert.deepStrictEqual(Object.keys(BooksScopes.moduleGroups).sort(), modules)
    const operations = [...BooksScopes.byOperation.keys()]
    for (const [module, group] of Object.entries(BooksScopes.moduleGroups)) {
      assert.isTrue(operations.some((op) => op.startsWith(`books.${group}.`)), `${module} → ${group}`)
    }
  })

  it("a module's scopes are every scope its operations need", () => {
    const invoices = BooksScopes.forModules(["invoices"])
    for (const scope of ["ZohoBooks.invoices.CREATE", "ZohoBooks.invoices.READ", "ZohoBooks.invoices.UPDATE"]) {
      assert.isTrue(invoices.includes(scope), scope)
    }
    assert.isTrue(invoices.every((s) => s.startsWith("ZohoBooks.")))
    const both = BooksScopes.forModules(["invoices", "contacts"])
    assert.includeMembers([...both], [...invoices, "ZohoBooks.contacts.CREATE"])
    assert.deepStrictEqual(BooksScopes.forModules([]), [])
  })
})
