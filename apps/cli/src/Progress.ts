/**
 * The progress line of `zoho export` on a terminal: records, pages, rate, time spent waiting for
 * the rate limit, and an ETA when Zoho gave a total. Redrawn in place (`\r`) after every page;
 * drawn only when stderr is a terminal (see `Output.stderrIsTty`), so pipes and logs stay clean.
 *
 * @since 0.1.0
 */
import * as Output from "./Output.js"

/** @since 0.1.0 */
export interface State {
  readonly records: number
  readonly pages: number
  readonly startedAt: number
  readonly now: number
  /** The total Zoho reported, when it did. */
  readonly total: number | undefined
  readonly waitedMillis: number
  /** Records written by an earlier run this one resumes. */
  readonly resumedFrom: number
}

const count = (n: number) => n.toLocaleString("en-US")

/** The line for a state (no line break). @since 0.1.0 */
export const render = (s: State): string => {
  const seconds = Math.max((s.now - s.startedAt) / 1000, 0.001)
  const fresh = s.records - s.resumedFrom
  const rate = fresh / seconds
  const parts = [
    `${count(s.records)}${s.total === undefined ? "" : `/${count(s.total)}`} records`,
    `${count(s.pages)} pages`,
    `${rate >= 100 ? Math.round(rate).toLocaleString("en-US") : rate.toFixed(1)} rec/s`,
    `rate-limit waits ${Output.duration(s.waitedMillis)}`
  ]
  if (s.total !== undefined && rate > 0 && s.total > s.records) {
    parts.push(`ETA ${Output.duration(((s.total - s.records) / rate) * 1000)}`)
  }
  return `export: ${parts.join(" · ")}`
}

/** Redraw the line in place. @since 0.1.0 */
export const draw = (s: State) => Output.raw(`\r\x1b[2K${render(s)}`)
