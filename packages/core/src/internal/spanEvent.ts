import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"

/**
 * Add an event to the current span (the call's `zoho.request` span when called inside
 * `ZohoClient.execute`); nothing when there is no span. Attributes are ids, counts and durations,
 * never a URL, header or token.
 *
 * @internal
 */
export const spanEvent = (name: string, attributes: Record<string, unknown>): Effect.Effect<void> =>
  Effect.flatMap(Effect.option(Effect.currentSpan), (span) =>
    Option.isNone(span)
      ? Effect.void
      : Effect.flatMap(Clock.currentTimeNanos, (now) =>
        Effect.sync(() => {
          span.value.event(name, now, attributes)
        })))
