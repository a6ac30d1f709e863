/**
 * Where a command's calls go: real Zoho through `ZohoNode.layerConfig()` (credentials from the
 * environment or `.env`), or a simulator started in this process (`--sim`), seeded with the demo
 * org plus a custom module so generated output shows custom fields.
 *
 * @since 0.1.0
 */
import * as MemoryTokenStore from "@effect-zoho/core/MemoryTokenStore"
import * as TokenStore from "@effect-zoho/core/TokenStore"
import * as Zoho from "@effect-zoho/core/Zoho"
import * as ZohoCredentials from "@effect-zoho/core/ZohoCredentials"
import * as ZohoRegion from "@effect-zoho/core/ZohoRegion"
import * as ZohoUser from "@effect-zoho/core/ZohoUser"
import * as ZohoNode from "@effect-zoho/node/ZohoNode"
import * as SimHttpClient from "@effect-zoho/sim/SimHttpClient"
import * as SimSeed from "@effect-zoho/sim/SimSeed"
import * as Simulator from "@effect-zoho/sim/Simulator"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

/**
 * The simulator's seed for `--sim`: the demo org with an `Invoices__c` custom module.
 *
 * @since 0.1.0
 */
export const simSeed = (): SimSeed.SimSeed =>
  SimSeed.demo({
    orgs: [{
      id: "org1",
      name: "Sim Org",
      zgid: "700001",
      financeOrganizationId: "800001",
      crmModules: [{
        apiName: "Invoices__c",
        singular: "Invoice",
        fields: [
          { apiName: "Name", mandatory: true, unique: true },
          { apiName: "Status__c", dataType: "picklist", pickListValues: ["Draft", "Sent", "Paid", "Void"] },
          { apiName: "Customer__c", dataType: "lookup" },
          { apiName: "Channels__c", dataType: "multiselectpicklist", pickListValues: ["Email", "Portal", "Post"] },
          { apiName: "Due_Date__c", dataType: "date" },
          { apiName: "Amount__c", dataType: "currency" },
          { apiName: "Lines__c", dataType: "integer" },
          { apiName: "Disputed__c", dataType: "boolean" },
          { apiName: "Notes__c", dataType: "textarea" }
        ]
      }]
    }]
  })

/**
 * The client stack over an in-process simulator (memory token store, the seed's refresh token).
 *
 * @since 0.1.0
 */
export const simulator = (seed: SimSeed.SimSeed = simSeed()): Layer.Layer<Zoho.Services> =>
  Layer.unwrapEffect(Effect.gen(function*() {
    const sim = yield* Simulator.make(seed)
    const store = yield* MemoryTokenStore.make()
    const user = ZohoUser.make({
      credentials: ZohoCredentials.RefreshToken({
        clientId: "1000.SIMCLIENT",
        clientSecret: Redacted.make("sim-secret"),
        refreshToken: Redacted.make("1000.simrefresh"),
        userName: "admin@sim.example"
      })
    })
    return Zoho.layer({ region: ZohoRegion.make("US"), user }).pipe(
      Layer.provide(SimHttpClient.layerFrom(sim)),
      Layer.provide(Layer.succeed(TokenStore.TokenStore, store))
    )
  }))

/**
 * The production stack from `ZOHO_*` configuration, or the simulator.
 *
 * @since 0.1.0
 */
export const layer = (options: { readonly sim: boolean }) => options.sim ? simulator() : ZohoNode.layerConfig()
