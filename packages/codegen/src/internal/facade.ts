/**
 * A finance module's facade: each operation under a short name taken from its `operationId`
 * with the module's noun removed (`mark_invoice_sent` in `invoices` → `markSent`), and the five
 * record operations found by path shape (`list`, `get`, `create`, `update`, `delete`).
 *
 * The names are derived, not listed, so every operation of every file has one and a new file
 * needs no table; the same module gets the same names in Books and Invoice.
 */
import { camelCase } from "./names.js"

/** What the facade needs to know of one generated operation. */
export interface FacadeOperation {
  readonly exportName: string
  readonly method: string
  /** Below the product base path, with `{name}` placeholders. */
  readonly path: string
  /** The list key of a `financePageContext` endpoint. */
  readonly listKey: string | undefined
  /** The one record property of the success body (`invoice`), when there is one. */
  readonly itemKey: string | undefined
  readonly jsonBody: boolean
}

/** One facade entry: its name and the core `Facade` constructor that builds it. */
export interface FacadeEntry {
  readonly name: string
  readonly exportName: string
  readonly build: "list" | "get" | "create" | "update" | "remove" | "action"
  readonly itemKey?: string | undefined
}

const placeholderCount = (path: string): number => (path.match(/\{[^}]+\}/g) ?? []).length

/** Names an object literal must not shadow. */
const unsafe = new Set(["constructor", "__proto__", "prototype", "toString", "valueOf", "hasOwnProperty"])

const articles = new Set(["a", "an", "the"])
const danglers = new Set(["in", "to", "for", "from", "of", "with", "on", "by"])

/** `markInvoiceSent` → `["mark", "invoice", "sent"]`; digits stay with their word. */
const tokens = (exportName: string): Array<string> =>
  exportName.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2").toLowerCase().split(" ")
    .filter((t) => t.length > 0)

const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, "")

const singular = (s: string): string =>
  s.endsWith("ies")
    ? `${s.slice(0, -3)}y`
    : /(ses|xes|ches|shes)$/.test(s)
    ? s.slice(0, -2)
    : s.endsWith("s") && !s.endsWith("ss")
    ? s.slice(0, -1)
    : s

interface Noun {
  readonly text: string
  readonly plural: boolean
}

/** The forms a module's noun takes in its operation names, longest first. */
const nounsOf = (sources: ReadonlyArray<string | undefined>): ReadonlyArray<Noun> => {
  const found = new Map<string, boolean>()
  for (const source of sources) {
    if (source === undefined) continue
    const whole = squash(source)
    if (whole === "") continue
    const one = singular(whole)
    if (!found.has(one)) found.set(one, false)
    if (whole !== one && !found.has(whole)) found.set(whole, true)
    if (whole === one && !found.has(`${whole}s`)) found.set(`${whole}s`, true)
  }
  return [...found].map(([text, plural]) => ({ text, plural })).sort((a, b) => b.text.length - a.text.length)
}

/** The operation's name without the module noun; `undefined` when nothing is left to name it by. */
const shortName = (op: FacadeOperation, nouns: ReadonlyArray<Noun>): string | undefined => {
  const words = tokens(op.exportName).filter((t) => !articles.has(t))
  let best: { readonly start: number; readonly end: number; readonly noun: Noun } | undefined
  for (let start = 0; start < words.length; start++) {
    let joined = ""
    for (let end = start + 1; end <= words.length; end++) {
      joined += words[end - 1]
      const noun = nouns.find((n) => n.text === joined)
      if (noun !== undefined && (best === undefined || joined.length > best.noun.text.length)) {
        best = { start, end, noun }
      }
    }
  }
  if (best === undefined) {
    // No noun to take out (Billing names by summary: `removeACoupon`): the articles still go.
    const name = camelCase(words.join("_"))
    return words.length < tokens(op.exportName).length && /^[a-z][A-Za-z0-9]*$/.test(name) ? name : undefined
  }
  const rest = [...words.slice(0, best.start), ...words.slice(best.end)]
  if (rest.length === 0) return undefined
  // `apply_credits_to_invoice` → `applyCredits`: a preposition left dangling by the noun goes too.
  while (rest.length > 1 && best.end === words.length && danglers.has(rest.at(-1)!)) rest.pop()
  if (rest[0] === "retrieve") rest[0] = "get"
  // A plural noun on a call without an id acts on several records at once.
  if (best.noun.plural && placeholderCount(op.path) === 0 && rest[0] !== "bulk" && rest[0] !== "list") {
    rest.unshift("bulk")
  }
  const name = camelCase(rest.join("_"))
  return /^[a-z][A-Za-z0-9]*$/.test(name) ? name : undefined
}

const lastStatic = (path: string): string | undefined =>
  path.split("/").filter((s) => s !== "" && !s.startsWith("{")).at(-1)

/**
 * The facade of one module. `moduleNoun` is the file's name (`invoices`, `sales-order`).
 */
export const facadeOf = (
  moduleNoun: string,
  operations: ReadonlyArray<FacadeOperation>
): ReadonlyArray<FacadeEntry> => {
  // A list under a parent record (`/contacts/{contact_id}/contactpersons`) counts when its path
  // ends with the module's noun: its parent id is one of the filters.
  const own = nounsOf([moduleNoun])
  const endsWithNoun = (o: FacadeOperation) => own.some((n) => n.text === squash(lastStatic(o.path) ?? ""))
  const lists = operations.filter((o) =>
    o.method === "GET" && o.listKey !== undefined && !o.path.endsWith("}") &&
    (placeholderCount(o.path) === 0 || endsWithNoun(o))
  )
  // The module's own list: its path ends with the module's noun (`/creditnotes`, not
  // `/creditnotes/refunds`), else the shortest.
  const primary =
    [...lists].sort((a, b) => Number(endsWithNoun(b)) - Number(endsWithNoun(a)) || a.path.length - b.path.length)[0]
  const collection = primary?.path ??
    operations.find((o) => o.method === "POST" && placeholderCount(o.path) === 0 && o.itemKey !== undefined)?.path
  const byId = (o: FacadeOperation) =>
    collection !== undefined && placeholderCount(o.path) === 1 &&
    new RegExp(`^${escape(collection)}/\\{[^}/]+\\}$`).test(o.path)

  const roles = new Map<FacadeOperation, FacadeEntry>()
  const assign = (
    name: FacadeEntry["name"],
    build: FacadeEntry["build"],
    match: (o: FacadeOperation) => boolean,
    key: boolean
  ) => {
    const op = operations.find((o) => !roles.has(o) && match(o) && (!key || o.itemKey !== undefined))
    if (op !== undefined) {
      roles.set(op, { name, exportName: op.exportName, build, itemKey: key ? op.itemKey : undefined })
    }
  }
  if (primary !== undefined) roles.set(primary, { name: "list", exportName: primary.exportName, build: "list" })
  assign("create", "create", (o) => o.method === "POST" && o.path === collection && o.jsonBody, true)
  assign("get", "get", (o) => o.method === "GET" && byId(o), true)
  assign("update", "update", (o) => o.method === "PUT" && byId(o) && o.jsonBody, true)
  assign("delete", "remove", (o) => o.method === "DELETE" && byId(o), false)

  const nouns = nounsOf([
    moduleNoun,
    collection === undefined ? undefined : lastStatic(collection),
    primary?.listKey,
    ...[...roles.values()].map((e) => e.itemKey)
  ])
  const used = new Set([...roles.values()].map((e) => e.name))
  const entries: Array<FacadeEntry> = []
  for (const op of operations) {
    const role = roles.get(op)
    if (role !== undefined) {
      entries.push(role)
      continue
    }
    let name = shortName(op, nouns) ?? op.exportName
    if (used.has(name) || unsafe.has(name)) name = op.exportName
    for (let i = 2; used.has(name); i++) name = `${op.exportName}_${i}`
    used.add(name)
    const paged = op.method === "GET" && op.listKey !== undefined && placeholderCount(op.path) === 0
    entries.push({ name, exportName: op.exportName, build: paged ? "list" : "action" })
  }
  return entries
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

/** The `facade` object of a module file. */
export const emitFacade = (moduleName: string, entries: ReadonlyArray<FacadeEntry>): string => {
  const lines = entries.map((e) => {
    const args = e.itemKey === undefined ? e.exportName : `${e.exportName}, ${JSON.stringify(e.itemKey)}`
    return `  ${e.name}: Facade.${e.build}(${args})`
  })
  return `/**\n * ${moduleName}'s operations under short names: lists as Streams, records out of their envelope\n * (see \`@effect-zoho/core/Facade\`).\n */\nexport const facade = {\n${
    lines.join(",\n")
  }\n}`
}
