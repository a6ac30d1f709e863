import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import { arr, harness, obj } from "./harness.js"

const plan = { plan_code: "basic-monthly", name: "Basic", recurring_price: 25, interval: 1, interval_unit: "months" }

const withPlanAndCustomer = (h: ReturnType<typeof harness>) =>
  Effect.gen(function*() {
    yield* h.call("billing", "POST", "/plans", { json: plan })
    const customer = yield* h.call("billing", "POST", "/customers", {
      json: { display_name: "Ann Lee", email: "ann@example.com" }
    })
    return String(obj(customer.body.customer).customer_id)
  })

describe("Billing plans", () => {
  it.effect("are addressed by plan_code, unique, and validated", () =>
    Effect.gen(function*() {
      const h = harness()
      const created = yield* h.call("billing", "POST", "/plans", { json: plan })
      assert.strictEqual(created.status, 201)
      assert.strictEqual(created.body.message, "The plan has been created.")
      const got = yield* h.call("billing", "GET", "/plans/basic-monthly")
      assert.strictEqual(obj(got.body.plan).recurring_price, 25)
      const dup = yield* h.call("billing", "POST", "/plans", { json: plan })
      assert.strictEqual(dup.status, 400)
      assert.strictEqual(dup.body.code, 1001)
      const badPrice = yield* h.call("billing", "POST", "/plans", {
        json: { ...plan, plan_code: "x", recurring_price: "?" }
      })
      assert.strictEqual(badPrice.body.code, 2)
      const updated = yield* h.call("billing", "PUT", "/plans/basic-monthly", { json: { recurring_price: 30 } })
      assert.strictEqual(obj(updated.body.plan).recurring_price, 30)
      const inactive = yield* h.call("billing", "POST", "/plans/basic-monthly/markasinactive")
      assert.strictEqual(inactive.body.code, 0)
      const missing = yield* h.call("billing", "GET", "/plans/nope")
      assert.deepStrictEqual(missing, { status: 404, body: { code: 1002, message: "Plan does not exist." } })
    }))
})

describe("Billing subscriptions", () => {
  it.effect("creates a live subscription for an existing customer with terms from the plan", () =>
    Effect.gen(function*() {
      const h = harness()
      yield* TestClock.setTime(Date.UTC(2025, 0, 31))
      const customerId = yield* withPlanAndCustomer(h)
      const created = yield* h.call("billing", "POST", "/subscriptions", {
        json: { customer_id: customerId, plan: { plan_code: "basic-monthly", quantity: 2 } }
      })
      assert.strictEqual(created.status, 201)
      assert.strictEqual(created.body.message, "Subscription has been created successfully.")
      const sub = obj(created.body.subscription)
      assert.strictEqual(sub.status, "live")
      assert.strictEqual(sub.subscription_number, "SUB-00001")
      assert.strictEqual(sub.customer_id, customerId)
      assert.strictEqual(sub.amount, 50)
      assert.strictEqual(sub.current_term_starts_at, "2025-01-31")
      assert.strictEqual(sub.current_term_ends_at, "2025-03-03")
      assert.deepStrictEqual(obj(sub.plan).plan_code, "basic-monthly")
    }))

  it.effect("creates the customer inline, and rejects unknown plans without creating it", () =>
    Effect.gen(function*() {
      const h = harness()
      yield* h.call("billing", "POST", "/plans", { json: plan })
      const unknownPlan = yield* h.call("billing", "POST", "/subscriptions", {
        json: { customer: { display_name: "Bo", email: "bo@example.com" }, plan: { plan_code: "gold" } }
      })
      assert.deepStrictEqual(unknownPlan.body, { code: 1002, message: "Plan does not exist." })
      assert.deepStrictEqual((yield* h.call("billing", "GET", "/customers")).body.customers, [])

      const inline = yield* h.call("billing", "POST", "/subscriptions", {
        json: { customer: { display_name: "Bo", email: "bo@example.com" }, plan: { plan_code: "basic-monthly" } }
      })
      assert.strictEqual(inline.status, 201)
      const customers = arr((yield* h.call("billing", "GET", "/customers")).body.customers)
      assert.deepStrictEqual(customers.map((c) => c.display_name), ["Bo"])
      assert.strictEqual(obj(inline.body.subscription).customer_id, customers[0].customer_id)

      const noCustomer = yield* h.call("billing", "POST", "/subscriptions", {
        json: { plan: { plan_code: "basic-monthly" } }
      })
      assert.strictEqual(noCustomer.body.code, 4)
      const badCustomer = yield* h.call("billing", "POST", "/subscriptions", {
        json: { customer_id: "9", plan: { plan_code: "basic-monthly" } }
      })
      assert.strictEqual(badCustomer.body.code, 1002)
    }))

  it.effect("cancels at the end of the term (non_renewing) or now (cancelled), and reactivates", () =>
    Effect.gen(function*() {
      const h = harness()
      yield* TestClock.setTime(Date.UTC(2025, 5, 1))
      const customerId = yield* withPlanAndCustomer(h)
      const subscribe = Effect.map(
        h.call("billing", "POST", "/subscriptions", {
          json: { customer_id: customerId, plan: { plan_code: "basic-monthly" } }
        }),
        (r) => String(obj(r.body.subscription).subscription_id)
      )
      const atEnd = yield* subscribe
      const now = yield* subscribe

      const endReply = yield* h.call("billing", "POST", `/subscriptions/${atEnd}/cancel`, {
        query: { cancel_at_end: "true" }
      })
      assert.strictEqual(endReply.status, 200)
      assert.strictEqual(endReply.body.message, "Your subscription will be canceled at the end of this term.")
      assert.strictEqual(obj(endReply.body.subscription).status, "non_renewing")
      assert.strictEqual(obj(endReply.body.subscription).cancelled_at, "2025-07-01")

      const nowReply = yield* h.call("billing", "POST", `/subscriptions/${now}/cancel`, {
        query: { cancel_at_end: "false" }
      })
      assert.strictEqual(obj(nowReply.body.subscription).status, "cancelled")
      assert.strictEqual(obj(nowReply.body.subscription).cancelled_at, "2025-06-01")

      const twice = yield* h.call("billing", "POST", `/subscriptions/${now}/cancel`)
      assert.strictEqual(twice.body.code, 1025)
      // A non-renewing subscription may still be cancelled at once.
      const escalate = yield* h.call("billing", "POST", `/subscriptions/${atEnd}/cancel`, {
        query: { cancel_at_end: "false" }
      })
      assert.strictEqual(obj(escalate.body.subscription).status, "cancelled")

      const filtered = yield* h.call("billing", "GET", "/subscriptions", {
        query: { filter_by: "SubscriptionStatus.CANCELLED" }
      })
      assert.strictEqual(arr(filtered.body.subscriptions).length, 2)

      const reactivated = yield* h.call("billing", "POST", `/subscriptions/${now}/reactivate`)
      assert.strictEqual(obj(reactivated.body.subscription).status, "live")
      const live = yield* h.call("billing", "GET", "/subscriptions", {
        query: { filter_by: "SubscriptionStatus.LIVE" }
      })
      assert.deepStrictEqual(arr(live.body.subscriptions).map((s) => s.subscription_id), [now])

      const unknown = yield* h.call("billing", "POST", "/subscriptions/123/cancel")
      assert.deepStrictEqual(unknown, { status: 404, body: { code: 1002, message: "Subscription does not exist." } })
    }))

  it.effect("starts in trial when the plan has a trial period", () =>
    Effect.gen(function*() {
      const h = harness()
      yield* TestClock.setTime(Date.UTC(2025, 0, 1))
      yield* h.call("billing", "POST", "/plans", { json: { ...plan, plan_code: "trial", trial_period: 14 } })
      const customer = yield* h.call("billing", "POST", "/customers", { json: { display_name: "T", email: "t@x.io" } })
      const sub = yield* h.call("billing", "POST", "/subscriptions", {
        json: { customer_id: obj(customer.body.customer).customer_id, plan: { plan_code: "trial" } }
      })
      assert.strictEqual(obj(sub.body.subscription).status, "trial")
      assert.strictEqual(obj(sub.body.subscription).trial_ends_at, "2025-01-15")
      assert.strictEqual(obj(sub.body.subscription).next_billing_at, "2025-01-15")
    }))
})

describe("Billing records keyed by a code", () => {
  it.effect("addons and coupons are addressed by the code the client chose, which is required", () =>
    Effect.gen(function*() {
      const h = harness()
      const addon = yield* h.call("billing", "POST", "/addons", {
        json: { addon_code: "seats", name: "Seats", unit_name: "seat", product_id: "1", plans: [], price_brackets: [] }
      })
      assert.strictEqual(addon.status, 201)
      assert.strictEqual(obj(addon.body.addon).addon_code, "seats")
      assert.strictEqual(obj((yield* h.call("billing", "GET", "/addons/seats")).body.addon).name, "Seats")
      const inactive = yield* h.call("billing", "POST", "/addons/seats/markasinactive")
      assert.strictEqual(inactive.body.code, 0)
      assert.strictEqual((yield* h.call("billing", "GET", "/coupons/none")).status, 404)
      const noCode = yield* h.call("billing", "POST", "/coupons", { json: { name: "No code" } })
      assert.strictEqual(noCode.status, 400)
    }))
})

describe("Billing plan changes", () => {
  it.effect("an update naming another plan takes its price; an unknown plan is refused and nothing changes", () =>
    Effect.gen(function*() {
      const h = harness()
      const customerId = yield* withPlanAndCustomer(h)
      yield* h.call("billing", "POST", "/plans", {
        json: { ...plan, plan_code: "pro-monthly", name: "Pro", recurring_price: 40 }
      })
      const created = yield* h.call("billing", "POST", "/subscriptions", {
        json: { customer_id: customerId, plan: { plan_code: "basic-monthly", quantity: 2 } }
      })
      const id = String(obj(created.body.subscription).subscription_id)
      const changed = yield* h.call("billing", "PUT", `/subscriptions/${id}`, {
        json: { plan: { plan_code: "pro-monthly", quantity: 3 } }
      })
      assert.strictEqual(changed.status, 200)
      assert.strictEqual(obj(obj(changed.body.subscription).plan).plan_code, "pro-monthly")
      assert.strictEqual(obj(changed.body.subscription).amount, 120)
      const unknown = yield* h.call("billing", "PUT", `/subscriptions/${id}`, { json: { plan: { plan_code: "gold" } } })
      assert.deepStrictEqual(unknown.body, { code: 1002, message: "Plan does not exist." })
      const after = yield* h.call("billing", "GET", `/subscriptions/${id}`)
      assert.strictEqual(obj(obj(after.body.subscription).plan).plan_code, "pro-monthly")
      // An update without a plan keeps it.
      const renamed = yield* h.call("billing", "PUT", `/subscriptions/${id}`, { json: { reference_id: "R-1" } })
      assert.strictEqual(obj(renamed.body.subscription).amount, 120)
    }))
})
