/**
 * The facade, module by module, against the simulator: each module is a row of the table below
 * (its steps run in order on one stack), and a module × operation summary is printed at the end.
 * Lists are read 3 records a page over at least 7 records, so each one crosses 3 pages; every
 * request must carry the org id in `X-com-zoho-subscriptions-organizationid`.
 */
import type { ZohoClient } from "@effect-zoho/core"
import * as Pagination from "@effect-zoho/core/Pagination"
import type { ZohoError } from "@effect-zoho/core/ZohoError"
import { afterAll, assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import * as ContactPersons from "../src/generated/ContactPersons.js"
import * as Subscriptions from "../src/Subscriptions.js"
import * as Stack from "./support/Stack.js"

type Sent = Stack.Sent

/** What a step sees: the ids earlier steps made, and what went on the wire so far. */
interface Ctx {
  readonly ids: Record<string, string>
  readonly sent: Effect.Effect<ReadonlyArray<Sent>>
}

/** One operation of a module: what it returns is the note of its summary row. */
interface Step {
  readonly operation: string
  readonly run: (ctx: Ctx) => Effect.Effect<string | void, ZohoError, ZohoClient.ZohoClient>
}

interface ModuleCase {
  readonly module: string
  readonly seed?: Readonly<Record<string, ReadonlyArray<Record<string, unknown>>>>
  readonly steps: ReadonlyArray<Step>
}

const PER_PAGE = 3
const COUNT = 7

const summary: Array<{ module: string; operation: string; note: string }> = []

const must = (value: string | undefined, what: string): string => {
  assert(value !== undefined && value !== "", `${what} is set`)
  return value
}

const range = Array.from({ length: COUNT }, (_, i) => i + 1)

/** A list over 3 records a page: all records read, and the pages it took (from the wire). */
const listed = <A>(
  ctx: Ctx,
  stream: Stream.Stream<A, ZohoError, ZohoClient.ZohoClient>,
  path: string,
  atLeast = COUNT
) =>
  Effect.gen(function*() {
    const before = (yield* ctx.sent).length
    const items = Chunk.toReadonlyArray(yield* Stream.runCollect(stream))
    const pages = (yield* ctx.sent).slice(before).filter((s) => s.method === "GET" && s.path === path)
    assert.isAtLeast(items.length, atLeast, `${path}: every record`)
    assert.isAtLeast(pages.length, 3, `${path}: at least 3 pages`)
    assert.deepStrictEqual(pages.slice(0, 3).map((p) => p.query.page), ["1", "2", "3"])
    assert.isTrue(pages.every((p) => p.query.per_page === String(PER_PAGE)))
    return { items, note: `${items.length} records, ${pages.length} pages` }
  })

const paged = { perPage: PER_PAGE }

/** Prerequisites several modules share: a product, a plan and a customer. */
const basics = (ctx: Ctx) =>
  Effect.gen(function*() {
    const product = yield* Subscriptions.products.create({ name: "Hosting" })
    ctx.ids.product = must(product.product_id, "product_id")
    yield* Subscriptions.plans.create({
      plan_code: "basic-monthly",
      name: "Basic",
      recurring_price: 25,
      interval: 1,
      product_id: ctx.ids.product
    })
    yield* Subscriptions.plans.create({
      plan_code: "pro-monthly",
      name: "Pro",
      recurring_price: 40,
      interval: 1,
      product_id: ctx.ids.product
    })
    const customer = yield* Subscriptions.customers.create({
      display_name: "Ann Lee",
      email: "ann@example.com",
      tax_authority_id: undefined,
      tax_authority_name: ""
    })
    ctx.ids.customer = must(customer.customer_id, "customer_id")
  })

const setup: Step = { operation: "(setup)", run: basics }

const subscriptionBody = (ctx: Ctx, planCode: string, quantity: number) => ({
  customer_id: ctx.ids.customer,
  // The file lists these as required although Zoho takes `customer_id` alone (see the docs).
  account_id: "",
  card_id: undefined,
  customer: { display_name: "Ann Lee", email: "ann@example.com", tax_authority_id: "", tax_authority_name: "" },
  plan: { plan_code: planCode, quantity, tax_id: undefined }
})

const invoiceItem = (ctx: Ctx, price: number) => ({
  product_id: ctx.ids.product,
  name: "Setup",
  price: String(price),
  quantity: 1
})

const cases: ReadonlyArray<ModuleCase> = [
  {
    module: "customers",
    steps: [
      {
        operation: "create",
        run: (ctx) =>
          Effect.forEach(range, (i) =>
            Subscriptions.customers.create({
              display_name: `Customer ${i}`,
              email: `c${i}@example.com`,
              tax_authority_id: undefined,
              tax_authority_name: ""
            })).pipe(Effect.map((all) => {
              ctx.ids.customer = must(all[0].customer_id, "customer_id")
              return `${all.length} created`
            }))
      },
      {
        operation: "list",
        run: (ctx) => Effect.map(listed(ctx, Subscriptions.customers.list({}, paged), "/customers"), (r) => r.note)
      },
      {
        operation: "get",
        run: (ctx) =>
          Effect.map(Subscriptions.customers.get(ctx.ids.customer), (c) => {
            assert.strictEqual(c.display_name, "Customer 1")
          })
      },
      {
        operation: "update",
        run: (ctx) =>
          Effect.map(
            Subscriptions.customers.update(ctx.ids.customer, {
              display_name: "Customer One",
              email: "c1@example.com",
              tax_authority_id: "",
              tax_authority_name: ""
            }),
            (c) => assert.strictEqual(c.display_name, "Customer One")
          )
      },
      {
        operation: "markAsInactive",
        run: (ctx) =>
          Effect.gen(function*() {
            yield* Subscriptions.customers.markAsInactive(ctx.ids.customer)
            assert.strictEqual((yield* Subscriptions.customers.get(ctx.ids.customer)).status, "inactive")
          })
      },
      {
        operation: "markAsActive",
        run: (ctx) =>
          Effect.gen(function*() {
            yield* Subscriptions.customers.markAsActive(ctx.ids.customer)
            assert.strictEqual((yield* Subscriptions.customers.get(ctx.ids.customer)).status, "active")
          })
      },
      {
        operation: "delete",
        run: (ctx) =>
          Effect.gen(function*() {
            yield* Subscriptions.customers.delete(ctx.ids.customer)
            const gone = yield* Effect.either(Subscriptions.customers.get(ctx.ids.customer))
            assert(Either.isLeft(gone) && gone.left._tag === "ZohoApiError")
            assert.strictEqual(gone.left.code, 1002)
          })
      }
    ]
  },
  {
    module: "contactPersons",
    steps: [
      setup,
      {
        operation: "create",
        run: (ctx) =>
          Effect.forEach(range, (i) =>
            Subscriptions.contactPersons.create(ctx.ids.customer, {
              body: { email: `p${i}@example.com`, first_name: `Person ${i}` }
            })).pipe(Effect.map((all) => {
              ctx.ids.person = must(all[0].contact_person?.contactperson_id, "contactperson_id")
              return `${all.length} created`
            }))
      },
      {
        operation: "listOfAll",
        run: (ctx) =>
          Effect.gen(function*() {
            const first = yield* Subscriptions.contactPersons.listOfAll(ctx.ids.customer)
            // `listOfAll` is one page; the pages are read with Pagination.finance (see the report).
            const { note } = yield* listed(
              ctx,
              Pagination.finance(
                ContactPersons.listOfAllContactPersons,
                { path: { customer_id: ctx.ids.customer } },
                { ...paged, listKey: "contact_persons" }
              ),
              `/customers/${ctx.ids.customer}/contactpersons`
            )
            return `first page ${first.contact_persons?.length ?? 0}; paged: ${note}`
          })
      },
      {
        operation: "get",
        run: (ctx) =>
          Effect.map(
            Subscriptions.contactPersons.get({
              path: { customer_id: ctx.ids.customer, contactperson_id: ctx.ids.person }
            }),
            (r) => assert.strictEqual(r.contact_person?.email, "p1@example.com")
          )
      },
      {
        operation: "update",
        run: (ctx) =>
          Effect.map(
            Subscriptions.contactPersons.update({
              path: { customer_id: ctx.ids.customer, contactperson_id: ctx.ids.person },
              body: { email: "p1@example.com", first_name: "Renamed" }
            }),
            (r) => assert.strictEqual(r.contact_person?.first_name, "Renamed")
          )
      },
      {
        operation: "delete",
        run: (ctx) =>
          Effect.gen(function*() {
            const path = { customer_id: ctx.ids.customer, contactperson_id: ctx.ids.person }
            yield* Subscriptions.contactPersons.delete({ path })
            assert.isTrue(Either.isLeft(yield* Effect.either(Subscriptions.contactPersons.get({ path }))))
          })
      }
    ]
  },
  {
    module: "plans",
    steps: [
      setup,
      {
        operation: "create",
        run: (ctx) =>
          Effect.forEach(range, (i) =>
            Subscriptions.plans.create({
              plan_code: `plan-${i}`,
              name: `Plan ${i}`,
              recurring_price: 10 * i,
              interval: 1,
              product_id: ctx.ids.product
            })).pipe(Effect.map((all) => `${all.length} created`))
      },
      {
        operation: "list",
        run: (ctx) => Effect.map(listed(ctx, Subscriptions.plans.list({}, paged), "/plans"), (r) => r.note)
      },
      {
        operation: "get",
        run: () => Effect.map(Subscriptions.plans.get("plan-3"), (p) => assert.strictEqual(p.recurring_price, 30))
      },
      {
        operation: "update",
        run: () =>
          Effect.map(
            Subscriptions.plans.update("plan-3", {
              plan_code: "plan-3",
              name: "Plan 3",
              recurring_price: 33,
              interval: 1
            }),
            (p) => assert.strictEqual(p.recurring_price, 33)
          )
      },
      {
        operation: "markAsInactive",
        run: () =>
          Effect.gen(function*() {
            yield* Subscriptions.plans.markAsInactive("plan-3")
            assert.strictEqual((yield* Subscriptions.plans.get("plan-3")).status, "inactive")
          })
      },
      {
        operation: "markAsActive",
        run: () =>
          Effect.gen(function*() {
            yield* Subscriptions.plans.markAsActive("plan-3")
            assert.strictEqual((yield* Subscriptions.plans.get("plan-3")).status, "active")
          })
      },
      {
        operation: "delete",
        run: () =>
          Effect.gen(function*() {
            yield* Subscriptions.plans.delete("plan-3")
            assert.isTrue(Either.isLeft(yield* Effect.either(Subscriptions.plans.get("plan-3"))))
          })
      }
    ]
  },
  {
    module: "addons",
    steps: [
      setup,
      {
        operation: "create",
        run: (ctx) =>
          Effect.forEach(range, (i) =>
            Subscriptions.addons.create({
              addon_code: `addon-${i}`,
              name: `Addon ${i}`,
              unit_name: "seat",
              product_id: ctx.ids.product,
              plans: [{ plan_code: "basic-monthly" }],
              price_brackets: [{ price: i, start_quantity: 1, end_quantity: 100 }]
            })).pipe(Effect.map((all) => {
              assert.strictEqual(all[1].addon_code, "addon-2")
              return `${all.length} created`
            }))
      },
      {
        operation: "list",
        run: (ctx) => Effect.map(listed(ctx, Subscriptions.addons.list({}, paged), "/addons"), (r) => r.note)
      },
      {
        operation: "get",
        run: () => Effect.map(Subscriptions.addons.get("addon-2"), (a) => assert.strictEqual(a.name, "Addon 2"))
      },
      {
        operation: "update",
        run: (ctx) =>
          Effect.map(
            Subscriptions.addons.update("addon-2", {
              addon_code: "addon-2",
              name: "Extra seat",
              unit_name: "seat",
              product_id: ctx.ids.product,
              plans: [{ plan_code: "basic-monthly" }],
              price_brackets: [{ price: 3, start_quantity: 1, end_quantity: 100 }]
            }),
            (a) => assert.strictEqual(a.name, "Extra seat")
          )
      },
      { operation: "markAsInactive", run: () => Effect.asVoid(Subscriptions.addons.markAsInactive("addon-2")) },
      { operation: "markAsActive", run: () => Effect.asVoid(Subscriptions.addons.markAsActive("addon-2")) },
      {
        operation: "delete",
        run: () =>
          Effect.gen(function*() {
            yield* Subscriptions.addons.delete("addon-2")
            assert.isTrue(Either.isLeft(yield* Effect.either(Subscriptions.addons.get("addon-2"))))
          })
      }
    ]
  },
  {
    module: "coupons",
    steps: [
      setup,
      {
        operation: "create",
        run: (ctx) =>
          Effect.forEach(range, (i) =>
            Subscriptions.coupons.create({
              coupon_code: `SAVE${i}`,
              name: `Save ${i}`,
              discount_by: "flat",
              discount_value: i,
              duration: 1,
              type: "one_time",
              product_id: ctx.ids.product,
              plans: [{ plan_code: "basic-monthly" }],
              addons: []
            })).pipe(Effect.map((all) => `${all.length} created`))
      },
      {
        operation: "list",
        run: (ctx) => Effect.map(listed(ctx, Subscriptions.coupons.list({}, paged), "/coupons"), (r) => r.note)
      },
      {
        operation: "get",
        run: () => Effect.map(Subscriptions.coupons.get("SAVE4"), (c) => assert.strictEqual(c.discount_value, 4))
      },
      {
        operation: "update",
        run: () =>
          Effect.map(
            Subscriptions.coupons.update("SAVE4", { name: "Save four" }),
            (c) => assert.strictEqual(c.name, "Save four")
          )
      },
      { operation: "markAsInactive", run: () => Effect.asVoid(Subscriptions.coupons.markAsInactive("SAVE4")) },
      { operation: "markAsActive", run: () => Effect.asVoid(Subscriptions.coupons.markAsActive("SAVE4")) },
      {
        operation: "delete",
        run: () =>
          Effect.gen(function*() {
            yield* Subscriptions.coupons.delete("SAVE4")
            assert.isTrue(Either.isLeft(yield* Effect.either(Subscriptions.coupons.get("SAVE4"))))
          })
      }
    ]
  },
  {
    module: "products",
    steps: [
      {
        operation: "create",
        run: (ctx) =>
          Effect.forEach(range, (i) => Subscriptions.products.create({ name: `Product ${i}` })).pipe(
            Effect.map((all) => {
              ctx.ids.product = must(all[0].product_id, "product_id")
              return `${all.length} created`
            })
          )
      },
      {
        operation: "list",
        run: (ctx) => Effect.map(listed(ctx, Subscriptions.products.list({}, paged), "/products"), (r) => r.note)
      },
      {
        operation: "get",
        run: (ctx) =>
          Effect.map(Subscriptions.products.get(ctx.ids.product), (p) => assert.strictEqual(p.name, "Product 1"))
      },
      {
        operation: "update",
        run: (ctx) =>
          Effect.map(
            Subscriptions.products.update(ctx.ids.product, { name: "Product One" }),
            (p) => assert.strictEqual(p.name, "Product One")
          )
      },
      {
        operation: "markAsInactive",
        run: (ctx) => Effect.asVoid(Subscriptions.products.markAsInactive(ctx.ids.product))
      },
      { operation: "markAsActive", run: (ctx) => Effect.asVoid(Subscriptions.products.markAsActive(ctx.ids.product)) },
      {
        operation: "delete",
        run: (ctx) =>
          Effect.gen(function*() {
            yield* Subscriptions.products.delete(ctx.ids.product)
            assert.isTrue(Either.isLeft(yield* Effect.either(Subscriptions.products.get(ctx.ids.product))))
          })
      }
    ]
  },
  {
    module: "subscriptions",
    steps: [
      setup,
      {
        operation: "create",
        run: (ctx) =>
          Effect.forEach(range, (i) => Subscriptions.subscriptions.create(subscriptionBody(ctx, "basic-monthly", i)))
            .pipe(
              Effect.map((all) => {
                ctx.ids.subscription = must(all[1].subscription_id, "subscription_id")
                assert.strictEqual(all[1].amount, 50)
                return `${all.length} created`
              })
            )
      },
      {
        operation: "list",
        run: (ctx) =>
          Effect.map(listed(ctx, Subscriptions.subscriptions.list({}, paged), "/subscriptions"), (r) => r.note)
      },
      {
        operation: "get",
        run: (ctx) =>
          Effect.map(Subscriptions.subscriptions.get(ctx.ids.subscription), (s) => assert.strictEqual(s.status, "live"))
      },
      {
        operation: "update",
        run: (ctx) =>
          Effect.map(
            Subscriptions.subscriptions.update(ctx.ids.subscription, { ...subscriptionBody(ctx, "basic-monthly", 4) }),
            (s) => assert.strictEqual(s.amount, 100)
          )
      },
      {
        operation: "postponeRenewal",
        run: (ctx) =>
          Effect.asVoid(
            Subscriptions.subscriptions.postponeRenewal(ctx.ids.subscription, { body: { renewal_at: "2030-01-01" } })
          )
      },
      {
        operation: "cancel",
        run: (ctx) =>
          Effect.map(
            Subscriptions.subscriptions.cancel(ctx.ids.subscription, { query: { cancel_at_end: "false" } }),
            (r) => assert.strictEqual(r.subscription?.status, "cancelled")
          )
      },
      {
        operation: "reactivate",
        run: (ctx) =>
          Effect.map(
            Subscriptions.subscriptions.reactivate(ctx.ids.subscription),
            (r) => assert.strictEqual(r.subscription?.status, "live")
          )
      },
      {
        operation: "delete",
        run: (ctx) =>
          Effect.gen(function*() {
            yield* Subscriptions.subscriptions.delete(ctx.ids.subscription)
            assert.isTrue(Either.isLeft(yield* Effect.either(Subscriptions.subscriptions.get(ctx.ids.subscription))))
          })
      }
    ]
  },
  {
    module: "invoices",
    steps: [
      setup,
      {
        operation: "create",
        run: (ctx) =>
          Effect.forEach(range, (i) =>
            Subscriptions.invoices.create({
              customer_id: ctx.ids.customer,
              date: "2025-06-01",
              invoice_items: [invoiceItem(ctx, 10 * i)]
            })).pipe(Effect.map((all) => {
              ctx.ids.invoice = must(all[0].invoice_id, "invoice_id")
              return `${all.length} created`
            }))
      },
      {
        operation: "list",
        run: (ctx) => Effect.map(listed(ctx, Subscriptions.invoices.list({}, paged), "/invoices"), (r) => r.note)
      },
      {
        operation: "get",
        run: (ctx) =>
          Effect.map(
            Subscriptions.invoices.get(ctx.ids.invoice),
            (inv) => assert.strictEqual(inv.customer_id, ctx.ids.customer)
          )
      },
      {
        operation: "update",
        run: (ctx) =>
          Effect.map(
            Subscriptions.invoices.update(ctx.ids.invoice, {
              customer_id: ctx.ids.customer,
              invoice_items: [invoiceItem(ctx, 12)],
              reference_number: "PO-7"
            }),
            (inv) => assert.strictEqual(inv.reference_number, "PO-7")
          )
      },
      {
        operation: "email",
        run: (ctx) =>
          Effect.asVoid(Subscriptions.invoices.email(ctx.ids.invoice, {
            body: { to_mail_ids: ["ann@example.com"], subject: "Your invoice", body: "Thanks" }
          }))
      },
      { operation: "void", run: (ctx) => Effect.asVoid(Subscriptions.invoices.void(ctx.ids.invoice)) },
      {
        operation: "convertToOpen",
        run: (ctx) => Effect.asVoid(Subscriptions.invoices.convertToOpen(ctx.ids.invoice))
      },
      {
        operation: "delete",
        run: (ctx) =>
          Effect.gen(function*() {
            yield* Subscriptions.invoices.delete(ctx.ids.invoice)
            assert.isTrue(Either.isLeft(yield* Effect.either(Subscriptions.invoices.get(ctx.ids.invoice))))
          })
      }
    ]
  },
  {
    module: "payments",
    steps: [
      setup,
      {
        operation: "create",
        run: (ctx) =>
          Effect.gen(function*() {
            const invoice = yield* Subscriptions.invoices.create({
              customer_id: ctx.ids.customer,
              date: "2025-06-01",
              invoice_items: [invoiceItem(ctx, 30)]
            })
            ctx.ids.invoice = must(invoice.invoice_id, "invoice_id")
            const payment = yield* Subscriptions.payments.create({
              customer_id: ctx.ids.customer,
              amount: 30,
              payment_mode: "cash",
              invoices: [{ invoice_id: ctx.ids.invoice, amount_applied: 30 }]
            })
            ctx.ids.payment = must(payment.payment_id, "payment_id")
            return "list: not in Zoho's file"
          })
      },
      {
        operation: "get",
        run: (ctx) => Effect.map(Subscriptions.payments.get(ctx.ids.payment), (p) => assert.strictEqual(p.amount, 30))
      },
      {
        operation: "update",
        run: (ctx) =>
          Effect.map(
            Subscriptions.payments.update(ctx.ids.payment, {
              customer_id: ctx.ids.customer,
              amount: 30,
              payment_mode: "banktransfer",
              invoices: [{ invoice_id: ctx.ids.invoice, amount_applied: 30 }]
            }),
            (p) => assert.strictEqual(p.payment_mode, "banktransfer")
          )
      },
      {
        operation: "delete",
        run: (ctx) =>
          Effect.gen(function*() {
            yield* Subscriptions.payments.delete(ctx.ids.payment)
            assert.isTrue(Either.isLeft(yield* Effect.either(Subscriptions.payments.get(ctx.ids.payment))))
          })
      }
    ]
  },
  {
    module: "creditNotes",
    steps: [
      setup,
      {
        operation: "create",
        run: (ctx) =>
          Effect.map(
            Subscriptions.creditNotes.create({
              customer_id: ctx.ids.customer,
              date: "2025-06-02",
              creditnote_number: "CN-00001",
              creditnote_items: [{ code: "basic-monthly", quantity: 1, price: 5 }]
            }),
            (cn) => {
              ctx.ids.creditNote = must(cn.creditnote_id, "creditnote_id")
              return "list, update: not in Zoho's file"
            }
          )
      },
      {
        operation: "get",
        run: (ctx) =>
          Effect.map(
            Subscriptions.creditNotes.get(ctx.ids.creditNote),
            (cn) => assert.strictEqual(cn.creditnote_number, "CN-00001")
          )
      },
      {
        operation: "email",
        run: (ctx) =>
          Effect.asVoid(Subscriptions.creditNotes.email(ctx.ids.creditNote, {
            body: { to_mail_ids: ["ann@example.com"], subject: "Credit", body: "Credit note" }
          }))
      },
      { operation: "void", run: (ctx) => Effect.asVoid(Subscriptions.creditNotes.void(ctx.ids.creditNote)) },
      {
        operation: "openVoided",
        run: (ctx) => Effect.asVoid(Subscriptions.creditNotes.openVoided(ctx.ids.creditNote))
      },
      {
        operation: "delete",
        run: (ctx) =>
          Effect.gen(function*() {
            yield* Subscriptions.creditNotes.delete(ctx.ids.creditNote)
            assert.isTrue(Either.isLeft(yield* Effect.either(Subscriptions.creditNotes.get(ctx.ids.creditNote))))
          })
      }
    ]
  },
  {
    module: "hostedPages",
    // Zoho creates hosted pages from its checkout; the simulator starts with some.
    seed: {
      hostedpages: range.map((i) => ({
        hostedpage_id: `20000000${i}`,
        status: "fresh",
        url: `https://billing.zoho.com/hostedpage/${i}/checkout`,
        action: "new_subscription"
      }))
    },
    steps: [
      setup,
      {
        operation: "list",
        run: (ctx) => Effect.map(listed(ctx, Subscriptions.hostedPages.list({}, paged), "/hostedpages"), (r) => r.note)
      },
      {
        operation: "get",
        run: () =>
          Effect.map(Effect.either(Subscriptions.hostedPages.get("200000003")), (r) =>
            // The file's answer is the hosted page itself (flat); the facade unwraps `data` (see the report).
            Either.isRight(r) ? "data unwrapped" : `${r.left._tag}: the answer has no "data"`)
      },
      {
        operation: "createSubscription",
        run: (ctx) =>
          Effect.map(
            Subscriptions.hostedPages.createSubscription({
              body: {
                customer_id: ctx.ids.customer,
                customer: {
                  display_name: "Ann Lee",
                  email: "ann@example.com",
                  tax_authority_id: "",
                  tax_authority_name: ""
                },
                plan: { plan_code: "basic-monthly", tax_id: undefined }
              }
            }),
            (r) => assert.strictEqual(r.code, 0)
          )
      },
      {
        operation: "updateSubscription",
        run: () =>
          Effect.asVoid(Subscriptions.hostedPages.updateSubscription({
            body: { subscription_id: "1", plan: { plan_code: "pro-monthly", tax_id: undefined } }
          }))
      }
    ]
  },
  {
    module: "events",
    seed: {
      events: range.map((i) => ({
        event_id: `9000${i}`,
        event_type: i % 2 === 0 ? "invoice_created" : "subscription_created",
        event_time: `2025-06-0${i}T10:00:00+0000`
      }))
    },
    steps: [
      {
        operation: "list",
        run: (ctx) => Effect.map(listed(ctx, Subscriptions.events.list({}, paged), "/events"), (r) => r.note)
      },
      {
        operation: "get",
        run: () =>
          Effect.map(Subscriptions.events.get("90002"), (e) => assert.strictEqual(e.event_type, "invoice_created"))
      }
    ]
  }
]

describe("Subscriptions facade against the simulator", () => {
  afterAll(() => {
    const width = Math.max(...summary.map((r) => r.module.length))
    const opWidth = Math.max(...summary.map((r) => r.operation.length))
    const lines = summary.map((r) => `${r.module.padEnd(width)}  ${r.operation.padEnd(opWidth)}  ok  ${r.note}`)
    console.log(
      `Billing facade × simulator: ${
        new Set(summary.map((r) => r.module)).size
      } modules, ${summary.length} operations\n` +
        lines.join("\n")
    )
  })

  for (const c of cases) {
    it.effect(`${c.module}: ${c.steps.map((s) => s.operation).join(", ")}`, () =>
      Effect.gen(function*() {
        const { layer, sent } = yield* Stack.stack(c.seed === undefined ? {} : { seed: Stack.seedWith(c.seed) })
        const ctx: Ctx = { ids: {}, sent: Ref.get(sent) }
        yield* Effect.forEach(c.steps, (step) =>
          step.run(ctx).pipe(
            Effect.tap((note) =>
              Effect.sync(() => {
                if (step.operation !== "(setup)") {
                  summary.push({ module: c.module, operation: step.operation, note: note ?? "" })
                }
              })
            ),
            Effect.mapError((error) => new Error(`${c.module}.${step.operation}: ${error.message}`))
          )).pipe(Effect.provide(layer))
        // The org id went in Billing's header on every request, never in the query.
        const all = yield* Ref.get(sent)
        assert.isAbove(all.length, 0)
        for (const s of all) {
          assert.strictEqual(s.orgHeader, Stack.ORG, `${s.method} ${s.path}`)
          assert.notProperty(s.query, "organization_id")
        }
      }))
  }
})
