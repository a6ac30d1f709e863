/**
 * RFC 4180 CSV, written and read incrementally: a field with a comma, quote or line break is
 * quoted and its quotes doubled; the reader keeps its state between chunks, so a quoted field
 * may span chunks and lines. Used for bulk read results and bulk write files.
 */

const needsQuotes = /[",\r\n]/

export const field = (value: string): string => needsQuotes.test(value) ? `"${value.replace(/"/g, "\"\"")}"` : value

export const row = (values: ReadonlyArray<string>): string => values.map(field).join(",") + "\r\n"

export interface Parser {
  /** The rows completed by this text. */
  readonly push: (text: string) => Array<Array<string>>
  /** The last row, when the text did not end with a line break. */
  readonly end: () => Array<Array<string>>
}

export const makeParser = (): Parser => {
  let current: Array<string> = []
  let value = ""
  let quoted = false
  /** A quote just closed a quoted field: the next char decides whether it was an escaped quote. */
  let quoteSeen = false
  /** The previous chunk ended on `\r`, so a leading `\n` belongs to that line break. */
  let afterCr = false
  let started = false
  let first = true
  const push = (text: string): Array<Array<string>> => {
    const rows: Array<Array<string>> = []
    let i = 0
    if (first && text.length > 0) {
      first = false
      if (text.charCodeAt(0) === 0xFEFF) i = 1
    }
    for (; i < text.length; i++) {
      const c = text[i]
      if (afterCr) {
        afterCr = false
        if (c === "\n") continue
      }
      if (quoted) {
        if (quoteSeen) {
          quoteSeen = false
          if (c === "\"") {
            value += "\""
            continue
          }
          quoted = false
        } else {
          if (c === "\"") quoteSeen = true
          else value += c
          continue
        }
      }
      if (c === "\"" && value.length === 0 && !quoted) {
        quoted = true
        started = true
      } else if (c === ",") {
        current.push(value)
        value = ""
        started = true
      } else if (c === "\n" || c === "\r") {
        afterCr = c === "\r"
        current.push(value)
        rows.push(current)
        current = []
        value = ""
        started = false
      } else {
        value += c
        started = true
      }
    }
    return rows
  }
  const end = (): Array<Array<string>> => {
    quoteSeen = false
    quoted = false
    if (!started && value.length === 0 && current.length === 0) return []
    current.push(value)
    const last = current
    current = []
    value = ""
    started = false
    return [last]
  }
  return { push, end }
}

export const parse = (text: string): Array<Array<string>> => {
  const p = makeParser()
  return [...p.push(text), ...p.end()]
}
