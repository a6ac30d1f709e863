#!/usr/bin/env node
/**
 * Generates the simulator's compact finance model from Zoho's OpenAPI files (Books, Inventory,
 * Billing, the third-party Expense file; Invoice is the sales side of Books under /invoice/v3).
 *
 * The model keeps only what the simulator answers with: per operation its method, path, scope,
 * success status, query parameter names, and the request and response schemas reduced to types,
 * formats, enums, `required` and each response's `message` value. No description prose is kept.
 *
 *   node packages/sim/scripts/finance-model.mjs [specsDir]          write the model
 *   node packages/sim/scripts/finance-model.mjs [specsDir] --check  fail if it is stale
 *
 * specsDir defaults to ../shared/specs next to the repository; when absent, `--check` skips.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { parse } from "yaml"

/**
 * The corrections @effect-zoho/codegen applies too: a list body whose records are declared as one
 * object (`list-all-credit-notes-response`'s `creditnotes`) holds an array of them, and one record
 * declared as an array of it (`get-a-sales-order-response`'s `salesorder`) is the object, as Zoho answers.
 */
const correctListBodies = (doc) => {
  for (const [name, schema] of Object.entries(doc?.components?.schemas ?? {})) {
    // One record (create/get/update) declared as an array of it: Zoho answers the object.
    if (/^(create|get|update|creating|retrieving|updating)-an?-.*-response$/i.test(name) && schema?.properties) {
      const keys = Object.keys(schema.properties).filter((k) => !["code", "message"].includes(k))
      const declared = schema.properties[keys[0]]
      const ref = typeof declared?.$ref === "string" ? /^#\/components\/schemas\/(.+)$/.exec(declared.$ref) : null
      const property = ref !== null ? doc.components.schemas[ref[1]] : declared
      if (keys.length === 1 && !keys[0].endsWith("s") && property?.type === "array" && property.items) {
        schema.properties[keys[0]] = property.items
        continue
      }
    }
    if (!/^list/i.test(name) || typeof schema !== "object" || schema === null || !schema.properties) continue
    const keys = Object.keys(schema.properties).filter((k) => !["code", "message", "page_context"].includes(k))
    const typeOf = (k) => schema.properties[k]?.type
    const objects = keys.filter((k) => typeOf(k) === "object" && k.endsWith("s"))
    if (keys.some((k) => typeOf(k) === "array") || objects.length !== 1) continue
    schema.properties[objects[0]] = { type: "array", items: schema.properties[objects[0]] }
  }
  return doc
}

const here = dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
const check = args.includes("--check")
const specsDir = resolve(args.find((a) => !a.startsWith("--")) ?? join(here, "../../../../shared/specs"))
const out = join(here, "../src/internal/finance/generated/FinanceModel.ts")

/** Invoice's modules: the Books files of its sales side (finance-endpoints.md §1.1). */
const invoiceFiles = new Set([
  "organizations.yml",
  "contacts.yml",
  "contact-persons.yml",
  "estimates.yml",
  "invoices.yml",
  "recurring-invoices.yml",
  "credit-notes.yml",
  "customer-payments.yml",
  "expenses.yml",
  "recurring-expenses.yml",
  "items.yml",
  "pricelists.yml",
  "projects.yml",
  "tasks.yml",
  "time-entries.yml",
  "users.yml",
  "taxes.yml",
  "currency.yml",
  "retainer-invoices.yml",
  "integration.yml"
])
/** Of Books' invoice operations, the 39 Invoice documents (finance-endpoints.md §1.2). */
const invoiceInvoiceOps = new Set([
  "POST /invoices",
  "GET /invoices",
  "PUT /invoices/{invoice_id}",
  "GET /invoices/{invoice_id}",
  "DELETE /invoices/{invoice_id}",
  "PUT /invoice/{invoice_id}/customfields",
  "POST /invoices/{invoice_id}/status/sent",
  "POST /invoices/{invoice_id}/status/void",
  "POST /invoices/{invoice_id}/status/draft",
  "POST /invoices/{invoice_id}/email",
  "GET /invoices/{invoice_id}/email",
  "POST /invoices/email",
  "POST /invoices/{invoice_id}/paymentreminder",
  "GET /invoices/{invoice_id}/paymentreminder",
  "POST /invoices/paymentreminder",
  "GET /invoices/pdf",
  "GET /invoices/print",
  "POST /invoices/{invoice_id}/paymentreminder/disable",
  "POST /invoices/{invoice_id}/paymentreminder/enable",
  "POST /invoices/{invoice_id}/writeoff",
  "POST /invoices/{invoice_id}/writeoff/cancel",
  "PUT /invoices/{invoice_id}/address/billing",
  "PUT /invoices/{invoice_id}/address/shipping",
  "GET /invoices/templates",
  "PUT /invoices/{invoice_id}/templates/{template_id}",
  "GET /invoices/{invoice_id}/payments",
  "GET /invoices/{invoice_id}/creditsapplied",
  "POST /invoices/{invoice_id}/credits",
  "DELETE /invoices/{invoice_id}/payments/{invoice_payment_id}",
  "DELETE /invoices/{invoice_id}/creditsapplied/{creditnotes_invoice_id}",
  "POST /invoices/{invoice_id}/attachment",
  "PUT /invoices/{invoice_id}/attachment",
  "GET /invoices/{invoice_id}/attachment",
  "DELETE /invoices/{invoice_id}/attachment",
  "DELETE /invoices/expenses/{expense_id}/receipt",
  "POST /invoices/{invoice_id}/comments",
  "GET /invoices/{invoice_id}/comments",
  "PUT /invoices/{invoice_id}/comments/{comment_id}",
  "DELETE /invoices/{invoice_id}/comments/{comment_id}"
])

const products = [
  { id: "books", dir: "zoho-books-oas-v3", include: () => true },
  { id: "inventory", dir: "zoho-inventory-oas-v1", include: () => true },
  {
    id: "invoice",
    dir: "zoho-books-oas-v3",
    include: (file, key) => invoiceFiles.has(file) && (file !== "invoices.yml" || invoiceInvoiceOps.has(key))
  },
  { id: "expense", dir: "zoho-expense-oas-v1", include: () => true },
  { id: "billing", dir: "zoho-billing-oas-v1", include: () => true }
]

const methods = ["get", "post", "put", "delete", "patch"]

/**
 * Routes a product's file leaves out but Zoho serves, answered with the schema of a sibling
 * operation (marked 2 in the model: not counted as the file's operations). Expense's third-party
 * file has no read or delete of one expense and lists them only at /reports/expensedetails.
 */
const supplements = {
  // Invoice's expense categories, which Books' files lack (finance-endpoints.md §1.1; the Invoice
  // "Expense Category" page): answered with a small schema of their own (`response`).
  invoice: (() => {
    const category = {
      type: "object",
      properties: Object.fromEntries(
        ["account_id", "account_name", "description", "status", "created_time", "last_modified_time"].map((k) => [
          k,
          { type: "string" }
        ])
      )
    }
    const envelope = (extra) => ({
      type: "object",
      properties: { code: { type: "integer" }, message: { type: "string" }, ...extra }
    })
    const one = envelope({ expense_category: category })
    const none = envelope({})
    const request = {
      type: "object",
      required: ["account_name"],
      properties: { account_name: { type: "string" }, description: { type: "string" } }
    }
    const item = "/expensecategories/{expense_category_id}"
    return [
      {
        method: "GET",
        path: "/expensecategories",
        status: 200,
        response: envelope({
          expense_categories: { type: "array", items: category },
          page_context: { type: "object" }
        }),
        query: "filter_by,sort_column,page,per_page",
        scope: "ZohoInvoice.settings.READ"
      },
      {
        method: "POST",
        path: "/expensecategories",
        status: 201,
        response: one,
        request,
        scope: "ZohoInvoice.settings.CREATE"
      },
      { method: "GET", path: item, status: 200, response: one, scope: "ZohoInvoice.settings.READ" },
      { method: "PUT", path: item, status: 200, response: one, request, scope: "ZohoInvoice.settings.UPDATE" },
      { method: "DELETE", path: item, status: 200, response: none, scope: "ZohoInvoice.settings.DELETE" },
      { method: "POST", path: `${item}/active`, status: 200, response: none, scope: "ZohoInvoice.settings.CREATE" },
      { method: "POST", path: `${item}/inactive`, status: 200, response: none, scope: "ZohoInvoice.settings.CREATE" }
    ]
  })(),
  expense: [
    { method: "GET", path: "/expenses", like: "GET /reports/expensedetails", scope: "ZohoExpense.expense.READ" },
    {
      method: "GET",
      path: "/expenses/{expense_id}",
      like: "PUT /expenses/{expense_id}",
      scope: "ZohoExpense.expense.READ"
    },
    {
      method: "DELETE",
      path: "/expenses/{expense_id}",
      like: "DELETE /expensereports/{expense_report_id}",
      scope: "ZohoExpense.expense.DELETE"
    }
  ]
}

/** Resolves local `$ref`s and reduces a schema to what the simulator needs. */
const reducer = (doc) => {
  const deref = (node) => {
    let n = node
    for (let i = 0; i < 20 && n && typeof n === "object" && typeof n.$ref === "string"; i++) {
      n = n.$ref.replace(/^#\//, "").split("/").reduce((o, k) => o?.[decodeURIComponent(k)], doc)
    }
    return n
  }
  const reduce = (node, depth, keep) => {
    const n = deref(node)
    if (!n || typeof n !== "object" || depth > 12) return {}
    if (Array.isArray(n.allOf)) {
      const parts = n.allOf.map((p) => reduce(p, depth + 1, keep))
      const merged = { type: "object", properties: {}, required: [] }
      for (const p of parts) {
        Object.assign(merged.properties, p.properties ?? {})
        merged.required.push(...(p.required ?? []))
      }
      if (merged.required.length === 0) delete merged.required
      return merged
    }
    const alt = n.oneOf ?? n.anyOf
    if (Array.isArray(alt) && alt.length > 0) return { anyOf: alt.map((p) => reduce(p, depth + 1, keep)) }
    const out = {}
    let type = n.type
    if (type === undefined && n.properties) type = "object"
    if (type === undefined && n.items) type = "array"
    if (type !== undefined) out.type = type
    if (n.format !== undefined && typeof n.format === "string") out.format = n.format
    if (Array.isArray(n.enum)) out.enum = n.enum
    if (n.nullable === true) out.nullable = true
    if (keep && typeof n.example === "string") out.example = n.example
    if (n.properties && typeof n.properties === "object") {
      out.properties = {}
      for (const [k, v] of Object.entries(n.properties)) out.properties[k] = reduce(v, depth + 1, k === "message")
    }
    if (Array.isArray(n.required) && n.required.length > 0) out.required = n.required
    if (n.items) out.items = reduce(n.items, depth + 1, false)
    return out
  }
  return { deref, reduce: (node) => reduce(node, 0, false) }
}

const jsonOf = (content) => content?.["application/json"] ?? content?.["application/json;charset=UTF-8"]

const build = () => {
  const schemas = []
  const index = new Map()
  const intern = (schema) => {
    if (schema === undefined) return -1
    const key = JSON.stringify(schema)
    let i = index.get(key)
    if (i === undefined) {
      i = schemas.length
      schemas.push(schema)
      index.set(key, i)
    }
    return i
  }
  const model = { schemas, products: {} }
  for (const product of products) {
    const dir = join(specsDir, product.dir)
    const ops = []
    const seen = new Set()
    // A method+path declared twice is answered as its own resource's file declares it
    // (`POST /invoices` is in invoices.yml and customer-debit-notes.yml): those files go last.
    const last = new Set(["customer-debit-notes.yml"])
    const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort((a, b) =>
      Number(last.has(a)) - Number(last.has(b)) || a.localeCompare(b)
    )
    for (const file of files) {
      const doc = correctListBodies(parse(readFileSync(join(dir, file), "utf8"), { maxAliasCount: -1 }))
      const { deref, reduce } = reducer(doc)
      for (const [path, item] of Object.entries(doc.paths ?? {})) {
        for (const method of methods) {
          const op = item[method]
          if (!op) continue
          const key = `${method.toUpperCase()} ${path}`
          if (!product.include(file, key)) continue
          const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref).filter(Boolean)
          const query = params.filter((p) => p.in === "query").map((p) => p.name)
          const [status, response] = Object.entries(op.responses ?? {}).find(([s]) => /^2/.test(s)) ?? ["200", {}]
          const resContent = deref(response)?.content ?? {}
          const resType = Object.keys(resContent)[0] ?? "application/json"
          const resJson = jsonOf(resContent)
          const reqContent = deref(op.requestBody)?.content ?? {}
          const reqJson = jsonOf(reqContent)
          const multipart = reqContent["multipart/form-data"]
          const scopes = (op.security ?? []).flatMap((s) => Object.values(s).flat())
          ops.push([
            method.toUpperCase(),
            path,
            Number(status),
            resType === "application/json" ? "" : resType,
            intern(resJson?.schema === undefined ? undefined : reduce(resJson.schema)),
            intern(reqJson?.schema === undefined ? undefined : reduce(reqJson.schema)),
            multipart === undefined ? 0 : 1,
            query.join(","),
            scopes[0] ?? "",
            seen.has(key) ? 1 : 0
          ])
          seen.add(key)
        }
      }
    }
    for (const extra of supplements[product.id] ?? []) {
      if (extra.response !== undefined) {
        if (seen.has(`${extra.method} ${extra.path}`)) continue
        const request = extra.request === undefined ? -1 : intern(extra.request)
        ops.push([
          extra.method,
          extra.path,
          extra.status,
          "",
          intern(extra.response),
          request,
          0,
          extra.query ?? "",
          extra.scope,
          2
        ])
        continue
      }
      const from = ops.find((o) => `${o[0]} ${o[1]}` === extra.like)
      if (from === undefined || seen.has(`${extra.method} ${extra.path}`)) continue
      ops.push([extra.method, extra.path, from[2], from[3], from[4], -1, 0, from[7], extra.scope, 2])
    }
    model.products[product.id] = ops
  }
  return model
}

const render = (model) => {
  const json = JSON.stringify(model)
  return [
    "// Generated by packages/sim/scripts/finance-model.mjs from Zoho's OpenAPI files",
    "// (Books v3, Inventory v1, Billing v1, the third-party Expense v1 file; Invoice = Books' sales side).",
    "// Do not edit: run `pnpm sim:model`.",
    "/* eslint-disable */",
    `export const source = ${JSON.stringify(json)}`,
    ""
  ].join("\n")
}

if (!existsSync(specsDir)) {
  console.log(`finance model: ${specsDir} not found; ${check ? "check skipped" : "nothing generated"}`)
  process.exit(0)
}
const text = render(build())
if (check) {
  const current = existsSync(out) ? readFileSync(out, "utf8") : ""
  if (current !== text) {
    console.error("finance model is stale: run `pnpm sim:model`")
    process.exit(1)
  }
  console.log("finance model is up to date")
} else {
  writeFileSync(out, text)
  console.log(`finance model written: ${out} (${text.length} bytes)`)
}
