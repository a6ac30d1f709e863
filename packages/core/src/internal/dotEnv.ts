/**
 * A small `.env` parser: `KEY=VALUE` lines, `export KEY=…`, `#` comments (whole-line, or after
 * whitespace in an unquoted value), single/double/back quotes (double quotes understand `\n`,
 * `\t`, `\"`, `\\` and may span lines). Malformed lines are skipped, like dotenv does.
 */

const validKey = /^[A-Za-z_][A-Za-z0-9_.-]*$/

/** @internal */
export const parse = (text: string): Map<string, string> => {
  const out = new Map<string, string>()
  const src = text.replace(/\r\n?/g, "\n")
  const n = src.length
  let i = 0
  const lineEndFrom = (from: number) => {
    const end = src.indexOf("\n", from)
    return end === -1 ? n : end
  }
  while (i < n) {
    while (i < n && (src[i] === " " || src[i] === "\t" || src[i] === "\n")) i++
    if (i >= n) break
    const lineEnd = lineEndFrom(i)
    const eq = src.indexOf("=", i)
    if (src[i] === "#" || eq === -1 || eq > lineEnd) {
      i = lineEnd + 1
      continue
    }
    let key = src.slice(i, eq).trim()
    if (key.startsWith("export ")) key = key.slice("export ".length).trim()
    i = eq + 1
    while (i < lineEnd && (src[i] === " " || src[i] === "\t")) i++
    let value: string
    const quote = src[i]
    if (quote === "\"" || quote === "'" || quote === "`") {
      let j = i + 1
      let v = ""
      while (j < n && src[j] !== quote) {
        if (quote === "\"" && src[j] === "\\" && j + 1 < n) {
          const e = src[j + 1]
          v += e === "n" ? "\n" : e === "r" ? "\r" : e === "t" ? "\t" : e
          j += 2
          continue
        }
        v += src[j]
        j++
      }
      if (j >= n) {
        // Unterminated: take the rest of the line as written rather than swallow the file.
        value = src.slice(i, lineEnd).trim()
        i = lineEnd + 1
      } else {
        value = v
        i = lineEndFrom(j + 1) + 1
      }
    } else {
      let raw = src.slice(i, lineEnd)
      const hash = raw.search(/(^|\s)#/)
      if (hash >= 0) raw = raw.slice(0, hash)
      value = raw.trim()
      i = lineEnd + 1
    }
    if (validKey.test(key)) out.set(key, value)
  }
  return out
}
