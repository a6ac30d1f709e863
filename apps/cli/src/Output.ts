/**
 * Where the CLI writes: results to stdout (JSON with `--json`, NDJSON for streams), everything
 * for the human (instructions, progress, summaries) to stderr, so `zoho … > file` and pipes get
 * only data. Progress is drawn only when stderr is a terminal, or when `ZOHO_FORCE_TTY=1` says to
 * behave as if it were (for terminals Node cannot detect, and for tests).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"

/** Whether stderr is a terminal (or `ZOHO_FORCE_TTY=1`). @since 0.1.0 */
export const stderrIsTty: Effect.Effect<boolean> = Effect.sync(() =>
  process.env.ZOHO_FORCE_TTY === "1" || process.stderr.isTTY === true
)

/** Whether stdin is a terminal (a prompt can be shown). @since 0.1.0 */
export const stdinIsTty: Effect.Effect<boolean> = Effect.sync(() => process.stdin.isTTY === true)

/** Write to stdout as is. @since 0.1.0 */
export const out = (text: string): Effect.Effect<void> =>
  Effect.async<void>((resume) => {
    // Waiting for the drain keeps memory flat when stdout is a slow pipe.
    if (process.stdout.write(text)) resume(Effect.void)
    else process.stdout.once("drain", () => resume(Effect.void))
  })

/** A line to stdout. @since 0.1.0 */
export const line = (text: string): Effect.Effect<void> => out(`${text}\n`)

/** A line to stderr. @since 0.1.0 */
export const info = (text: string): Effect.Effect<void> => Effect.sync(() => void process.stderr.write(`${text}\n`))

/** Raw text to stderr (progress redraws). @since 0.1.0 */
export const raw = (text: string): Effect.Effect<void> => Effect.sync(() => void process.stderr.write(text))

/** A value as pretty JSON on stdout. @since 0.1.0 */
export const json = (value: unknown): Effect.Effect<void> => line(JSON.stringify(value, null, 2))

/** A duration in words: `850 ms`, `12 s`, `3 min 5 s`. @since 0.1.0 */
export const duration = (millis: number): string => {
  if (millis < 1000) return `${Math.round(millis)} ms`
  const s = Math.round(millis / 1000)
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min ${s % 60} s`
  return `${Math.floor(m / 60)} h ${m % 60} min`
}
