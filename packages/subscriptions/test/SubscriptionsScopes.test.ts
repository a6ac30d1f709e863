import { assert, describe, it } from "@effect/vitest"
import * as Plans from "../src/generated/Plans.js"
import * as Subscription from "../src/generated/Subscription.js"
import { SubscriptionsScopes } from "../src/index.js"

describe("SubscriptionsScopes", () => {
  it("collects the scopes of the endpoints a program calls, deduplicated and sorted", () => {
    assert.deepStrictEqual(
      SubscriptionsScopes.requiredScopes([
        Subscription.createASubscription,
        Subscription.cancelASubscription,
        Subscription.reactivateSubscription,
        Plans.listAllPlans
      ]),
      ["ZohoSubscriptions.plans.READ", "ZohoSubscriptions.subscriptions.CREATE"]
    )
  })

  it("knows every one of the 192 operations by name, each with ZohoSubscriptions.* scopes", () => {
    assert.strictEqual(SubscriptionsScopes.byOperation.size, 192)
    for (const [operation, scopes] of SubscriptionsScopes.byOperation) {
      assert.isTrue(operation.startsWith("billing."), operation)
      assert.isAbove(scopes.length, 0, operation)
      for (const scope of scopes) assert.match(scope, /^ZohoSubscriptions\.[a-z]+\.(READ|CREATE|UPDATE|DELETE)$/)
    }
    assert.deepStrictEqual(
      SubscriptionsScopes.forOperations([
        "billing.subscription.updateASubscription",
        "billing.events.listOfEvents",
        "billing.nope.nothing"
      ]),
      ["ZohoSubscriptions.subscriptions.UPDATE", "ZohoSubscriptions.webhooks.READ"]
    )
    assert.strictEqual(SubscriptionsScopes.fullAccess, "ZohoSubscriptions.fullaccess.all")
  })
})
