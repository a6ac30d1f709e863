/**
 * The fault matrix: every scenario of `scenarios.ts` against the simulator served on a loopback
 * port, through the production Node stack. The table of outcomes, request counts and times is
 * printed at the end. Scenarios on MariaDB/Redis skip with `EFFECT_ZOHO_SKIP_SERVERS=1`.
 */
import { describe, it } from "@effect/vitest"
import { afterAll } from "vitest"
import { serversSkipped, skipMessage } from "../support/servers.js"
import { printTable, runScenario } from "./harness.js"
import { needsServers, scenarios } from "./scenarios.js"

describe("fault matrix", () => {
  afterAll(printTable)
  for (const scenario of scenarios) {
    if (needsServers(scenario) && serversSkipped) {
      it.skip(`${scenario.name} (${skipMessage})`, () => {})
    } else {
      it.live(scenario.name, () => runScenario(scenario), needsServers(scenario) ? 180_000 : 60_000)
    }
  }
})
