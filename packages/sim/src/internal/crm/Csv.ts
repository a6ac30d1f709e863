/**
 * RFC 4180 CSV: fields with commas, quotes or line breaks are quoted, quotes doubled. Bulk read
 * results are written with it and bulk write uploads read with it.
 */

const needsQuotes = /[",\r\n]/

export const field = (value: string): string => needsQuotes.test(value) ? `"${value.replace(/"/g, "\"\"")}"` : value

export const row = (values: ReadonlyArray<string>): string => values.map(field).join(",")

/** All rows of a CSV text (CRLF or LF line ends); a trailing line break adds no empty row. */
export const parse = (text: string): Array<Array<string>> => {
  const rows: Array<Array<string>> = []
  let current: Array<string> = []
  let value = ""
  let quoted = false
  let i = text.charCodeAt(0) === 0xFEFF ? 1 : 0
  let fieldStarted = false
  for (; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === "\"") {
        if (text[i + 1] === "\"") {
          value += "\""
          i++
        } else {
          quoted = false
        }
      } else {
        value += c
      }
      continue
    }
    if (c === "\"" && value.length === 0) {
      quoted = true
      fieldStarted = true
    } else if (c === ",") {
      current.push(value)
      value = ""
      fieldStarted = true
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++
      current.push(value)
      rows.push(current)
      current = []
      value = ""
      fieldStarted = false
    } else {
      value += c
      fieldStarted = true
    }
  }
  if (fieldStarted || value.length > 0 || current.length > 0) {
    current.push(value)
    rows.push(current)
  }
  return rows
}
