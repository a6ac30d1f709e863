/**
 * Environment variables the CLI reads besides the library's (`effect/Config`, so a
 * `ConfigProvider` can stand in for `process.env`): trimmed, and empty counts as unset.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"

/** @since 0.1.0 */
export const optional = (name: string): Effect.Effect<Option.Option<string>> =>
  Config.string(name).pipe(
    Config.option,
    Effect.orElseSucceed(() => Option.none<string>()),
    Effect.map((o) => Option.filter(Option.map(o, (s) => s.trim()), (s) => s.length > 0))
  )

/** @since 0.1.0 */
export const optionalSecret = (name: string): Effect.Effect<Option.Option<Redacted.Redacted<string>>> =>
  Config.redacted(name).pipe(
    Config.option,
    Effect.orElseSucceed(() => Option.none<Redacted.Redacted<string>>()),
    Effect.map((o) =>
      Option.filter(Option.map(o, (r) => Redacted.make(Redacted.value(r).trim())), (r) => Redacted.value(r).length > 0)
    )
  )
