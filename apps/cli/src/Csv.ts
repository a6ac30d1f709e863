/**
 * CSV as spreadsheets read it (RFC 4180): a header row, fields quoted when they hold a comma, a
 * quote or a line break, quotes doubled, CRLF between rows. Nested values (lookups, line items)
 * become their JSON text.
 *
 * @since 0.1.0
 */

/** One field. @since 0.1.0 */
export const field = (value: unknown): string => {
  const text = value === undefined || value === null
    ? ""
    : typeof value === "string"
    ? value
    : typeof value === "number" || typeof value === "boolean" || typeof value === "bigint"
    ? String(value)
    : JSON.stringify(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, "\"\"")}"` : text
}

/** One row of `columns` from a record, with its line break. @since 0.1.0 */
export const row = (columns: ReadonlyArray<string>, record: Readonly<Record<string, unknown>>): string =>
  columns.map((c) => field(record[c])).join(",") + "\r\n"

/** The header row. @since 0.1.0 */
export const header = (columns: ReadonlyArray<string>): string => columns.map(field).join(",") + "\r\n"

/** The columns of some records, in order of first appearance. @since 0.1.0 */
export const columnsOf = (records: ReadonlyArray<Readonly<Record<string, unknown>>>): ReadonlyArray<string> => {
  const seen = new Set<string>()
  for (const r of records) for (const k of Object.keys(r)) seen.add(k)
  return [...seen]
}
