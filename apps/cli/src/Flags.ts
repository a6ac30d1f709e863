/**
 * Options several commands share: who (`--user`), where (`--sim`), which org (`--org-id`), and
 * how to print (`--json`).
 *
 * @since 0.1.0
 */
import * as Options from "@effect/cli/Options"
import type * as Option from "effect/Option"
import type * as Session from "./Session.js"

/** @since 0.1.0 */
export const user = Options.text("user").pipe(
  Options.withAlias("u"),
  Options.optional,
  Options.withDescription("Run as this logged-in user (default: the one `zoho auth use` picked)")
)

/** @since 0.1.0 */
export const sim = Options.boolean("sim").pipe(
  Options.withDescription("Use a Zoho simulator started in this process (same as ZOHO_SIM=1): no account, no network")
)

/** @since 0.1.0 */
export const orgId = Options.text("org-id").pipe(
  Options.optional,
  Options.withDescription("The finance products' organization id (default: ZOHO_ORG_ID, else the one saved at login)")
)

/** @since 0.1.0 */
export const json = Options.boolean("json").pipe(Options.withDescription("Print JSON instead of text"))

/** The session selection from the shared options. @since 0.1.0 */
export const selection = (args: {
  readonly user: Option.Option<string>
  readonly sim: boolean
  readonly orgId: Option.Option<string>
}): Session.Selection => ({ user: args.user, sim: args.sim, organizationId: args.orgId })
