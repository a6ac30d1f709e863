/**
 * Identifier rules: generated names must be valid, stable and never shadow what the generated
 * code itself uses (`Schema`, `Endpoint`, `ReadonlyArray`, reserved words).
 */

const reserved = new Set([
  "break",
  "case",
  "catch",
  "class",
  "const",
  "continue",
  "debugger",
  "default",
  "delete",
  "do",
  "else",
  "enum",
  "export",
  "extends",
  "false",
  "finally",
  "for",
  "function",
  "if",
  "import",
  "in",
  "instanceof",
  "new",
  "null",
  "return",
  "super",
  "switch",
  "this",
  "throw",
  "true",
  "try",
  "typeof",
  "var",
  "void",
  "while",
  "with",
  "as",
  "implements",
  "interface",
  "let",
  "package",
  "private",
  "protected",
  "public",
  "static",
  "yield",
  "any",
  "boolean",
  "number",
  "string",
  "symbol",
  "unknown",
  "never",
  "object",
  "undefined",
  "type",
  "await",
  "async",
  "arguments",
  "unique",
  "keyof",
  "infer",
  "is",
  "asserts",
  "readonly",
  "declare",
  "abstract",
  "satisfies",
  "bigint",
  "intrinsic",
  "eval",
  "Schema",
  "Endpoint",
  "Envelope",
  "ReadonlyArray",
  "Array",
  "Object",
  "Function",
  "Promise",
  "Symbol"
])

const words = (s: string): Array<string> => s.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0)

/** `bulk_read` → `BulkRead`, `contact-persons` → `ContactPersons`. */
export const pascalCase = (s: string): string => {
  const out = words(s).map((w) => w[0]!.toUpperCase() + w.slice(1)).join("")
  return /^[0-9]/.test(out) ? `_${out}` : out
}

/** `Get Records` → `getRecords`, `create_item` → `createItem`, `Get CRM Users` → `getCRMUsers`. */
export const camelCase = (s: string): string => {
  const ws = words(s)
  if (ws.length === 0) return "_"
  const first = ws[0]!
  // Lower the leading capitals: `SCHEDULE` → `schedule`, `IDSUpdate` → `idsUpdate`, `Get` → `get`.
  const run = /^[A-Z0-9]+/.exec(first)?.[0] ?? ""
  const head = run.length === first.length
    ? first.toLowerCase()
    : run.length > 1
    ? run.slice(0, -1).toLowerCase() + first.slice(run.length - 1)
    : first[0]!.toLowerCase() + first.slice(1)
  const out = head + ws.slice(1).map((w) => w[0]!.toUpperCase() + w.slice(1)).join("")
  return /^[0-9]/.test(out) ? `_${out}` : out
}

/** A component name as an identifier: invalid characters become `_`. */
export const identifier = (s: string): string => {
  const out = s.replace(/[^A-Za-z0-9_]/g, "_")
  return out === "" || /^[0-9]/.test(out) ? `_${out}` : out
}

/** Claims names in one module: a taken or reserved name gets `_2`, `_3`, ... in claim order. */
export class NameTable {
  private readonly used = new Set<string>()

  claim(wanted: string): string {
    const base = reserved.has(wanted) ? `${wanted}_` : wanted
    let name = base
    for (let i = 2; this.used.has(name); i++) name = `${base}_${i}`
    this.used.add(name)
    return name
  }
}
