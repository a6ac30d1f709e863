/**
 * `zoho schema pull [--module NAME]... [--out FILE] [--sim]`: read the org's CRM modules and
 * fields metadata and write their `Schema`s (see `CrmSchemaPull` in `@effect-zoho/crm`).
 *
 * @since 0.1.0
 */
import * as CrmSchemaPull from "@effect-zoho/crm/CrmSchemaPull"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Targets from "./Targets.js"

const module = Options.text("module").pipe(
  Options.withAlias("m"),
  Options.repeated,
  Options.withDescription("A module to pull, by API name (repeat for more); default: every API-supported module")
)

const out = Options.file("out").pipe(
  Options.withAlias("o"),
  Options.withDefault("src/zoho-schema.ts"),
  Options.withDescription("The TypeScript file to write")
)

const sim = Options.boolean("sim").pipe(
  Options.withDescription("Pull from a simulator started in this process instead of real Zoho")
)

/**
 * `zoho schema pull`.
 *
 * @since 0.1.0
 */
export const pull = Command.make("pull", { module, out, sim }, (args) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const metadata = yield* CrmSchemaPull.pullMetadata(args.module.length > 0 ? { modules: args.module } : {}).pipe(
      Effect.provide(Targets.layer({ sim: args.sim }))
    )
    const file = path.resolve(args.out)
    yield* fs.makeDirectory(path.dirname(file), { recursive: true })
    yield* fs.writeFileString(file, CrmSchemaPull.render(metadata))
    const fields = metadata.modules.reduce((n, m) => n + m.fields.length, 0)
    yield* Console.log(
      `wrote ${file}: ${metadata.modules.length} modules, ${fields} fields` +
        (args.sim ? " (from the in-process simulator)" : "")
    )
    for (const s of metadata.skipped) yield* Console.log(`skipped ${s.module}: ${s.reason}`)
  })).pipe(Command.withDescription("Generate Schemas for the org's CRM modules from its fields metadata"))

/**
 * `zoho schema`: its subcommands.
 *
 * @since 0.1.0
 */
export const command = Command.make("schema").pipe(
  Command.withDescription("Schemas from your org"),
  Command.withSubcommands([pull])
)
