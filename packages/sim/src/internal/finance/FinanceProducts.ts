/**
 * The finance products as data: per product its base path, organization-id rule, scope prefix and
 * entities; per entity its keys, required fields, defaults and status actions. Field and response
 * key names follow Zoho's Inventory and Billing OpenAPI files and the Books docs.
 */
import type { ProductId } from "@effect-zoho/core/ZohoProduct"
import type { ActionSpec, EntityContext, EntitySpec } from "./Collection.js"
import { isoDate } from "./Collection.js"
import * as FinanceErrors from "./FinanceErrors.js"
import type { Json, OrgRule, Result } from "./FinanceRequest.js"
import { err, flag, ok } from "./FinanceRequest.js"

export interface FinanceProduct {
  readonly id: ProductId
  readonly basePath: string
  readonly scopePrefix: string
  readonly org: OrgRule
  /** HTTP status for an org the caller does not belong to: Invoice and Billing document 403. */
  readonly notMemberStatus: 400 | 403
  /** Which products' operations of the generated model this product answers. */
  readonly specs: string
  /**
   * Zoho's documented behaviour of the main entities (numbering, totals, status changes), over
   * the generic collection each is inferred as from the OpenAPI paths. Keyed by URL segment.
   */
  readonly behaviours: ReadonlyArray<EntitySpec>
}

// ---------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------

const capitalize = (s: string): string => s.length === 0 ? s : s[0].toUpperCase() + s.slice(1)

const statusAction = (
  path: string,
  to: string,
  from: ReadonlyArray<string> | undefined,
  message: string,
  returnsRecord = false
): ActionSpec => ({
  path,
  from,
  to: () => to,
  label: capitalize,
  message: () => message,
  returnsRecord
})

const activation = (entity: string, paths: readonly [string, string] = ["active", "inactive"]) => [
  statusAction(paths[0], "active", undefined, `The ${entity} has been marked as active.`),
  statusAction(paths[1], "inactive", undefined, `The ${entity} has been marked as inactive.`)
]

const num = (v: unknown): number | undefined => {
  if (typeof v === "number" && Number.isFinite(v)) return v
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v)
  return undefined
}

const round2 = (n: number): number => Math.round(n * 100) / 100

/** Line items priced from the body or, failing that, from the referenced item; totals summed. */
const priceLines = (record: Json, cx: EntityContext): Result<Json> => {
  const lines = record.line_items
  if (lines === undefined) return ok(record)
  if (!Array.isArray(lines)) return err(FinanceErrors.invalidValue("line_items"))
  if (lines.length === 0) return err(FinanceErrors.missingField("line_items"))
  let subTotal = 0
  const priced: Array<Json> = []
  for (const raw of lines) {
    if (typeof raw !== "object" || raw === null) return err(FinanceErrors.invalidValue("line_items"))
    const line = raw as Json
    const itemId = line.item_id === undefined ? undefined : String(line.item_id)
    const item = itemId === undefined ? undefined : cx.get("items", itemId)
    if (itemId !== undefined && item === undefined) return err(FinanceErrors.referenceNotFound("Item"))
    const rate = num(line.rate) ?? num(item?.rate) ?? 0
    const quantity = num(line.quantity) ?? 1
    const itemTotal = round2(rate * quantity)
    subTotal += itemTotal
    priced.push({
      line_item_id: line.line_item_id ?? cx.newId(),
      ...line,
      name: line.name ?? item?.name ?? "",
      rate,
      quantity,
      item_total: itemTotal
    })
  }
  const total = round2(subTotal)
  return ok({ ...record, line_items: priced, sub_total: total, total })
}

/** A `customer_id` that must name a contact; copies its name as Zoho does. */
const customerRef = (record: Json, cx: EntityContext, collection: string, nameField: string): Result<Json> => {
  if (record.customer_id === undefined) return ok(record)
  const customer = cx.get(collection, String(record.customer_id))
  if (customer === undefined) return err(FinanceErrors.referenceNotFound("Customer"))
  return ok({ ...record, customer_id: String(record.customer_id), customer_name: customer[nameField] ?? "" })
}

const chain = (...steps: ReadonlyArray<(record: Json) => Result<Json>>) => (record: Json): Result<Json> => {
  let current = ok(record)
  for (const step of steps) {
    if (current._tag === "Err") return current
    current = step(current.value)
  }
  return current
}

const addMonths = (ms: number, months: number): number => {
  const d = new Date(ms)
  d.setUTCMonth(d.getUTCMonth() + months)
  return d.getTime()
}

const addInterval = (ms: number, interval: number, unit: string): number =>
  unit.startsWith("week")
    ? ms + interval * 7 * 86_400_000
    : unit.startsWith("year")
    ? addMonths(ms, 12 * interval)
    : unit.startsWith("day")
    ? ms + interval * 86_400_000
    : addMonths(ms, interval)

// ---------------------------------------------------------------------------------------------
// shared entities (Books, Inventory, Invoice)
// ---------------------------------------------------------------------------------------------

const contacts = (scope: string): EntitySpec => ({
  plural: "contacts",
  singular: "contact",
  idField: "contact_id",
  label: "Contact",
  reportName: "Contacts",
  scope,
  required: ["contact_name"],
  searchFields: ["contact_name", "company_name", "email"],
  filterFields: ["contact_name", "company_name", "email", "contact_type", "first_name", "last_name"],
  statuses: ["active", "inactive", "crm", "duplicate"],
  defaults: () => ({
    company_name: "",
    contact_type: "customer",
    status: "active",
    email: "",
    currency_code: "USD",
    outstanding_receivable_amount: 0,
    unused_credits_receivable_amount: 0
  }),
  actions: activation("contact"),
  messages: {
    created: "The contact has been added.",
    updated: "Contact information has been saved.",
    deleted: "The contact has been deleted."
  }
})

const items = (scope: string): EntitySpec => ({
  plural: "items",
  singular: "item",
  idField: "item_id",
  label: "Item",
  reportName: "Items",
  scope,
  required: ["name"],
  searchFields: ["name", "sku", "description"],
  filterFields: ["name", "sku", "description", "rate", "product_type"],
  statuses: ["active", "inactive"],
  defaults: () => ({
    status: "active",
    description: "",
    rate: 0,
    sku: "",
    unit: "",
    product_type: "goods",
    item_type: "sales"
  }),
  prepare: (record) => {
    const rate = record.rate === undefined ? 0 : num(record.rate)
    return rate === undefined ? err(FinanceErrors.invalidValue("rate")) : ok({ ...record, rate })
  },
  actions: activation("item"),
  messages: {
    created: "The item has been added.",
    updated: "The item details have been updated.",
    deleted: "The item has been deleted."
  }
})

const invoices = (scope: string): EntitySpec => ({
  plural: "invoices",
  singular: "invoice",
  idField: "invoice_id",
  label: "Invoice",
  reportName: "Invoices",
  scope,
  required: ["customer_id", "line_items"],
  number: { field: "invoice_number", prefix: "INV-", width: 6 },
  searchFields: ["invoice_number", "customer_name", "reference_number"],
  filterFields: ["invoice_number", "customer_id", "customer_name", "reference_number", "date", "due_date", "status"],
  statuses: ["draft", "sent", "overdue", "paid", "void", "partially_paid", "unpaid"],
  statusGroups: { unpaid: ["sent", "overdue", "partially_paid"] },
  defaults: (_body, cx) => ({
    status: "draft",
    date: isoDate(cx.now),
    due_date: isoDate(cx.now),
    currency_code: "USD",
    reference_number: "",
    discount: 0
  }),
  prepare: (record, cx) =>
    chain(
      (r) => customerRef(r, cx, "contacts", "contact_name"),
      (r) => priceLines(r, cx),
      (r) => ok({ ...r, balance: r.status === "paid" || r.status === "void" ? 0 : (num(r.total) ?? 0) })
    )(record),
  actions: [
    statusAction("status/sent", "sent", ["draft"], "Invoice status has been changed to Sent."),
    statusAction(
      "status/void",
      "void",
      ["draft", "sent", "overdue", "partially_paid", "unpaid"],
      "Invoice status has been changed to Void."
    ),
    statusAction("status/draft", "draft", ["void"], "Status of invoice changed from void to draft.")
  ],
  messages: {
    created: "The invoice has been created.",
    updated: "Invoice information has been updated.",
    deleted: "The invoice has been deleted."
  }
})

/**
 * Applies a payment to its invoices: each balance goes down by the amount applied, and the invoice
 * becomes `paid` at zero or `partially_paid` before. A void or draft invoice takes no payment.
 */
const applyPayment = (record: Json, cx: EntityContext): Result<Json> => {
  const amount = num(record.amount)
  if (amount === undefined || amount <= 0) return err(FinanceErrors.invalidValue("amount"))
  const raw = Array.isArray(record.invoices)
    ? record.invoices as ReadonlyArray<Json>
    : record.invoice_id === undefined
    ? []
    : [{ invoice_id: record.invoice_id, amount_applied: record.amount_applied ?? amount }]
  let applied = 0
  const patches: Array<readonly [string, Json]> = []
  const invoices: Array<Json> = []
  for (const line of raw) {
    const id = String(line.invoice_id ?? "")
    const invoice = cx.get("invoices", id)
    if (invoice === undefined) return err(FinanceErrors.referenceNotFound("Invoice"))
    const status = String(invoice.status ?? "")
    if (status === "void" || status === "draft") {
      return err(FinanceErrors.invalidTransition("Invoice", "Paid", status))
    }
    const balance = num(invoice.balance) ?? num(invoice.total) ?? 0
    const part = num(line.amount_applied) ?? balance
    if (part <= 0 || part > balance) return err(FinanceErrors.invalidValue("amount_applied"))
    applied += part
    const left = round2(balance - part)
    patches.push([id, { balance: left, status: left === 0 ? "paid" : "partially_paid" }])
    invoices.push({ invoice_id: id, invoice_number: invoice.invoice_number, amount_applied: part })
  }
  if (applied > amount + 1e-9) return err(FinanceErrors.invalidValue("amount_applied"))
  // Checked first, written last: a refused payment changes no invoice.
  for (const [id, fields] of patches) cx.patch("invoices", id, fields)
  return ok({ ...record, amount, invoices, unused_amount: round2(amount - applied) })
}

const customerPayments: EntitySpec = {
  plural: "customerpayments",
  singular: "payment",
  idField: "payment_id",
  label: "Payment",
  reportName: "Customer Payments",
  scope: "customerpayments",
  required: ["customer_id", "amount"],
  searchFields: ["reference_number", "customer_name", "payment_number"],
  filterFields: ["customer_id", "date", "reference_number"],
  statuses: [],
  defaults: (_body, cx) => ({ date: isoDate(cx.now), payment_mode: "cash", reference_number: "" }),
  prepare: (record, cx, mode) =>
    mode === "update" ? ok(record) : chain(
      (r) => customerRef(r, cx, "contacts", "contact_name"),
      (r) => applyPayment(r, cx)
    )(record),
  actions: [],
  messages: {
    created: "The payment has been created.",
    updated: "The payment has been updated.",
    deleted: "The payment has been deleted."
  }
}

const salesorders: EntitySpec = {
  plural: "salesorders",
  singular: "salesorder",
  idField: "salesorder_id",
  label: "Sales Order",
  reportName: "Sales Orders",
  scope: "salesorders",
  required: ["customer_id", "line_items"],
  number: { field: "salesorder_number", prefix: "SO-", width: 5 },
  searchFields: ["salesorder_number", "customer_name", "reference_number"],
  filterFields: ["salesorder_number", "customer_id", "customer_name", "reference_number", "date", "status"],
  statuses: ["draft", "confirmed", "open", "void", "closed", "fulfilled", "pending_approval", "approved"],
  defaults: (_body, cx) => ({
    status: "draft",
    date: isoDate(cx.now),
    shipment_date: "",
    currency_code: "USD",
    reference_number: ""
  }),
  prepare: (record, cx) =>
    chain(
      (r) => customerRef(r, cx, "contacts", "contact_name"),
      (r) => priceLines(r, cx)
    )(record),
  actions: [
    statusAction("status/confirmed", "confirmed", ["draft"], "Sales order status has been changed to 'Confirmed'."),
    statusAction(
      "status/void",
      "void",
      ["draft", "confirmed", "open"],
      "The status of the Sales Order has been changed to void."
    )
  ],
  messages: {
    created: "Sales Order has been created.",
    updated: "Sales Order has been updated.",
    deleted: "The Sales Order has been deleted."
  }
}

/** Invoice's expense categories (its "Expense Category" page): expense accounts, by `account_id`. */
const invoiceExpenseCategories: EntitySpec = {
  plural: "expense_categories",
  path: "expensecategories",
  singular: "expense_category",
  idField: "account_id",
  label: "Expense category",
  reportName: "Expense Categories",
  scope: "settings",
  required: ["account_name"],
  searchFields: ["account_name", "description"],
  filterFields: ["account_name"],
  statuses: ["active", "inactive"],
  defaults: () => ({ status: "active", description: "" }),
  actions: activation("expense category"),
  messages: {
    created: "The expense category has been created.",
    updated: "The expense category has been updated.",
    deleted: "The expense category has been deleted."
  }
}

// ---------------------------------------------------------------------------------------------
// Expense
// ---------------------------------------------------------------------------------------------

const expenses: EntitySpec = {
  plural: "expenses",
  singular: "expense",
  idField: "expense_id",
  label: "Expense",
  reportName: "Expenses",
  scope: "expenses",
  required: [["amount", "line_items"]],
  searchFields: ["merchant_name", "description", "reference_number"],
  filterFields: ["merchant_name", "category_id", "report_id", "date", "status"],
  statuses: ["unreported", "unsubmitted", "submitted", "approved", "rejected", "reimbursed"],
  defaults: (_body, cx) => ({
    status: "unreported",
    date: isoDate(cx.now),
    currency_code: "USD",
    merchant_name: "",
    description: "",
    is_reimbursable: true
  }),
  prepare: (record, cx) => {
    // The amount, or the sum of the line items' amounts (the Expense file's shape).
    const lines = Array.isArray(record.line_items) ? record.line_items as ReadonlyArray<Json> : []
    const amount = record.amount === undefined && lines.length > 0
      ? round2(lines.reduce((sum, l) => sum + (num(l.amount) ?? 0), 0))
      : num(record.amount ?? 0)
    if (amount === undefined) return err(FinanceErrors.invalidValue("amount"))
    // A currency must be one of the organization's (`/settings/currencies`).
    if (record.currency_id !== undefined && record.currency_id !== "") {
      if (cx.get("settings/currencies", String(record.currency_id)) === undefined) {
        return err(FinanceErrors.referenceNotFound("Currency"))
      }
    }
    if (record.report_id !== undefined && record.report_id !== "") {
      const report = cx.get("expensereports", String(record.report_id))
      if (report === undefined) return err(FinanceErrors.referenceNotFound("Expense report"))
      return ok({ ...record, amount, report_id: String(record.report_id), status: "unsubmitted" })
    }
    return ok({ ...record, amount })
  },
  actions: [],
  messages: {
    created: "The expense has been created.",
    updated: "The expense has been updated.",
    deleted: "The expense has been deleted."
  }
}

const expenseReports: EntitySpec = {
  plural: "expense_reports",
  path: "expensereports",
  singular: "expense_report",
  idField: "report_id",
  label: "Expense report",
  reportName: "Expense Reports",
  scope: "expensereports",
  required: ["report_name"],
  number: { field: "report_number", prefix: "ER-", width: 5 },
  searchFields: ["report_name", "report_number", "description"],
  filterFields: ["report_name", "report_number", "status"],
  statuses: ["draft", "submitted", "approved", "rejected", "reimbursed"],
  defaults: (_body, cx) => ({
    status: "draft",
    start_date: isoDate(cx.now),
    end_date: isoDate(cx.now),
    description: "",
    currency_code: "USD",
    total: 0
  }),
  actions: [
    statusAction("submit", "submitted", ["draft", "rejected"], "The expense report has been submitted."),
    {
      ...statusAction("approve", "approved", ["submitted"], "The expense report has been approved."),
      approverOnly: true
    },
    {
      ...statusAction("reject", "rejected", ["submitted"], "The expense report has been rejected."),
      approverOnly: true
    },
    {
      ...statusAction("reimburse", "reimbursed", ["approved"], "The expense report has been reimbursed."),
      approverOnly: true
    },
    statusAction("recall", "draft", ["submitted"], "The expense report has been recalled.")
  ],
  messages: {
    created: "The expense report has been created.",
    updated: "The expense report has been updated.",
    deleted: "The expense report has been deleted."
  }
}

// ---------------------------------------------------------------------------------------------
// Billing
// ---------------------------------------------------------------------------------------------

const customers: EntitySpec = {
  plural: "customers",
  singular: "customer",
  idField: "customer_id",
  label: "Customer",
  reportName: "Customers",
  scope: "customers",
  required: ["display_name", "email"],
  searchFields: ["display_name", "email", "company_name"],
  filterFields: ["display_name", "email", "company_name", "first_name", "last_name"],
  statuses: ["active", "inactive"],
  defaults: () => ({
    status: "active",
    first_name: "",
    last_name: "",
    company_name: "",
    currency_code: "USD",
    unused_credits: 0,
    outstanding_receivable_amount: 0
  }),
  actions: activation("customer", ["markasactive", "markasinactive"]),
  messages: {
    created: "The customer has been created",
    updated: "The customer details have been updated.",
    deleted: "The customer has been deleted."
  }
}

const plans: EntitySpec = {
  plural: "plans",
  singular: "plan",
  idField: "plan_code",
  clientKey: true,
  label: "Plan",
  reportName: "Plans",
  scope: "plans",
  required: ["plan_code", "name", "recurring_price"],
  searchFields: ["plan_code", "name", "description"],
  filterFields: ["plan_code", "name", "product_id"],
  statuses: ["active", "inactive"],
  defaults: () => ({
    status: "active",
    description: "",
    interval: 1,
    interval_unit: "months",
    billing_cycles: -1,
    trial_period: 0,
    setup_fee: 0
  }),
  prepare: (record) => {
    const price = num(record.recurring_price)
    const interval = num(record.interval)
    if (price === undefined || price < 0) return err(FinanceErrors.invalidValue("recurring_price"))
    if (interval === undefined || interval < 1) return err(FinanceErrors.invalidValue("interval"))
    return ok({ ...record, recurring_price: price, interval, trial_period: num(record.trial_period) ?? 0 })
  },
  actions: activation("plan", ["markasactive", "markasinactive"]),
  messages: {
    created: "The plan has been created.",
    updated: "The plan details has been updated.",
    deleted: "The plan has been deleted."
  }
}

/**
 * An update that names a plan (`plan.plan_code`) changes the plan: the code must be a known,
 * active plan, and the plan's name, price and the amount follow it. An update without `plan`
 * keeps the stored one as is.
 */
const changePlan = (record: Json, cx: EntityContext): Result<Json> => {
  const existing = cx.get("subscriptions", String(record.subscription_id))
  const planInput = record.plan
  if (existing === undefined || planInput === existing.plan) return ok(record)
  if (typeof planInput !== "object" || planInput === null) return err(FinanceErrors.invalidValue("plan"))
  const planCode = (planInput as Json).plan_code
  if (planCode === undefined || planCode === "") return err(FinanceErrors.missingField("plan_code"))
  const plan = cx.get("plans", String(planCode))
  if (plan === undefined) return err(FinanceErrors.referenceNotFound("Plan"))
  if (plan.status === "inactive") return err(FinanceErrors.invalidValue("plan_code"))
  const quantity = num((planInput as Json).quantity) ?? 1
  const price = num((planInput as Json).price) ?? num(plan.recurring_price) ?? 0
  return ok({
    ...record,
    name: String(plan.name ?? planCode),
    plan: { plan_code: String(planCode), name: plan.name, quantity, price, setup_fee: num(plan.setup_fee) ?? 0 },
    amount: round2(price * quantity),
    interval: num(plan.interval) ?? 1,
    interval_unit: String(plan.interval_unit ?? "months")
  })
}

/** Resolves the customer (by id, or created inline) and the plan, and derives terms and amount. */
const prepareSubscription = (record: Json, cx: EntityContext, mode: "create" | "update"): Result<Json> => {
  if (mode === "update") return changePlan(record, cx)
  // The plan is checked before an inline customer is created, so a rejected request leaves no trace.
  const planInput = record.plan
  if (typeof planInput !== "object" || planInput === null) return err(FinanceErrors.invalidValue("plan"))
  const planCode = (planInput as Json).plan_code
  if (planCode === undefined || planCode === "") return err(FinanceErrors.missingField("plan_code"))
  const plan = cx.get("plans", String(planCode))
  if (plan === undefined) return err(FinanceErrors.referenceNotFound("Plan"))
  if (plan.status === "inactive") return err(FinanceErrors.invalidValue("plan_code"))
  let customer: Json | undefined
  if (record.customer_id !== undefined && record.customer_id !== "") {
    customer = cx.get("customers", String(record.customer_id))
    if (customer === undefined) return err(FinanceErrors.referenceNotFound("Customer"))
  } else {
    if (typeof record.customer !== "object" || record.customer === null) {
      return err(FinanceErrors.invalidValue("customer"))
    }
    const created = cx.create("customers", record.customer as Json)
    if (created._tag === "Err") return created
    customer = created.value
  }
  const quantity = num((planInput as Json).quantity) ?? 1
  const price = num((planInput as Json).price) ?? num(plan.recurring_price) ?? 0
  const interval = num(plan.interval) ?? 1
  const unit = String(plan.interval_unit ?? "months")
  const trialDays = num(record.trial_days) ?? num(plan.trial_period) ?? 0
  const start = cx.now
  const termStart = trialDays > 0 ? start + trialDays * 86_400_000 : start
  const termEnd = addInterval(termStart, interval, unit)
  const { customer: _inline, ...rest } = record
  return ok({
    ...rest,
    customer_id: String(customer.customer_id),
    customer: {
      customer_id: String(customer.customer_id),
      display_name: customer.display_name,
      email: customer.email
    },
    name: String(plan.name ?? planCode),
    plan: {
      plan_code: String(planCode),
      name: plan.name,
      quantity,
      price,
      setup_fee: num(plan.setup_fee) ?? 0
    },
    amount: round2(price * quantity),
    interval,
    interval_unit: unit,
    status: trialDays > 0 ? "trial" : "live",
    ...(trialDays > 0 ? { trial_starts_at: isoDate(start), trial_ends_at: isoDate(termStart) } : {}),
    activated_at: isoDate(termStart),
    current_term_starts_at: isoDate(termStart),
    current_term_ends_at: isoDate(termEnd),
    next_billing_at: isoDate(termStart === start ? termEnd : termStart),
    currency_code: customer.currency_code ?? "USD"
  })
}

const subscriptions: EntitySpec = {
  plural: "subscriptions",
  singular: "subscription",
  idField: "subscription_id",
  label: "Subscription",
  reportName: "Subscriptions",
  scope: "subscriptions",
  required: [["customer_id", "customer"], "plan"],
  number: { field: "subscription_number", prefix: "SUB-", width: 5 },
  searchFields: ["subscription_number", "name", "reference_id"],
  filterFields: ["subscription_number", "customer_id", "reference_id", "status"],
  statuses: [
    "live",
    "trial",
    "dunning",
    "unpaid",
    "non_renewing",
    "cancelled",
    "creation_failed",
    "cancelled_from_dunning",
    "expired",
    "trial_expired",
    "future"
  ],
  statusGroups: { active: ["live", "trial", "dunning", "unpaid", "non_renewing", "future"] },
  defaults: () => ({ reference_id: "", auto_collect: true }),
  prepare: prepareSubscription,
  actions: [
    {
      path: "cancel",
      from: ["live", "trial", "dunning", "unpaid", "non_renewing", "future"],
      to: (input) => flag(input.cancel_at_end) === true ? "non_renewing" : "cancelled",
      label: (target) => target === "non_renewing" ? "Non Renewing" : "Cancelled",
      message: (target) =>
        target === "non_renewing"
          ? "Your subscription will be canceled at the end of this term."
          : "Your subscription has been canceled.",
      patch: (record, target, cx) => ({
        cancelled_at: target === "cancelled" ? isoDate(cx.now) : record.current_term_ends_at,
        ...(target === "cancelled" ? { next_billing_at: "" } : {})
      }),
      returnsRecord: true
    },
    {
      path: "reactivate",
      from: ["non_renewing", "cancelled", "expired"],
      to: () => "live",
      label: () => "Live",
      message: () => "Subscription has been reactivated successfully.",
      patch: () => ({ cancelled_at: "" }),
      returnsRecord: true
    }
  ],
  messages: {
    created: "Subscription has been created successfully.",
    updated: "Subscription has been updated successfully.",
    deleted: "The subscription has been deleted."
  }
}

// ---------------------------------------------------------------------------------------------
// products
// ---------------------------------------------------------------------------------------------

export const products: ReadonlyArray<FinanceProduct> = [
  {
    id: "books",
    basePath: "/books/v3",
    scopePrefix: "ZohoBooks",
    org: { query: true },
    notMemberStatus: 400,
    specs: "books",
    behaviours: [contacts("contacts"), items("items"), invoices("invoices"), customerPayments, salesorders]
  },
  {
    id: "inventory",
    basePath: "/inventory/v1",
    scopePrefix: "ZohoInventory",
    org: { query: true },
    notMemberStatus: 400,
    specs: "inventory",
    behaviours: [contacts("contacts"), items("items"), invoices("invoices"), salesorders]
  },
  {
    id: "invoice",
    basePath: "/invoice/v3",
    scopePrefix: "ZohoInvoice",
    // Zoho documents both the header and the `organization_id` parameter for Invoice.
    org: { header: "x-com-zoho-invoice-organizationid", query: true },
    notMemberStatus: 403,
    specs: "invoice",
    behaviours: [contacts("contacts"), items("items"), invoices("invoices"), customerPayments, invoiceExpenseCategories]
  },
  {
    id: "expense",
    basePath: "/expense/v1",
    scopePrefix: "ZohoExpense",
    // The docs name both the query parameter and the header (finance-endpoints.md §2).
    org: { header: "x-com-zoho-expense-organizationid", query: true },
    notMemberStatus: 400,
    specs: "expense",
    behaviours: [expenses, expenseReports]
  },
  {
    id: "billing",
    basePath: "/billing/v1",
    scopePrefix: "ZohoSubscriptions",
    org: { header: "x-com-zoho-subscriptions-organizationid", query: false },
    notMemberStatus: 403,
    specs: "billing",
    behaviours: [customers, plans, subscriptions]
  }
]
