#!/usr/bin/env node
/**
 * `effect-zoho-demo`: the README's demo (see `Demo.ts`). `DEMO_LEADS` sets how many leads it
 * creates (default 1,000); `ZOHO_CLIENT_ID` and friends send it to real Zoho.
 *
 * @since 0.1.0
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Demo from "./Demo.js"

const program = Effect.flatMap(
  Config.integer("DEMO_LEADS").pipe(Config.withDefault(1000)),
  (leads) => Demo.run({ leads })
)

NodeRuntime.runMain(program)
