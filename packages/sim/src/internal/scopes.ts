/**
 * Zoho scope matching. A granted scope covers a required one when, compared case-insensitively
 * segment by segment (`Service.group.resource.OPERATION`), each granted segment equals the
 * required one or is a wildcard: `ALL` (any operation or resource) or, for the finance products,
 * `fullaccess.all`. Example: `ZohoCRM.modules.ALL` covers `ZohoCRM.modules.leads.READ`.
 */
export const covers = (granted: string, required: string): boolean => {
  const g = granted.toLowerCase().split(".")
  const r = required.toLowerCase().split(".")
  if (g[0] !== r[0]) return false
  if (g.length === 3 && g[1] === "fullaccess" && g[2] === "all") return true
  for (let i = 1; i < g.length; i++) {
    if (g[i] === "all") return true
    if (i >= r.length || g[i] !== r[i]) return false
  }
  return g.length === r.length
}

/** The first required scope no granted scope covers, or `undefined` when all are covered. */
export const missing = (granted: ReadonlyArray<string>, required: ReadonlyArray<string>): ReadonlyArray<string> =>
  required.filter((req) => !granted.some((g) => covers(g, req)))

/** Split Zoho's comma-separated scope parameter. */
export const parse = (scope: string | undefined): ReadonlyArray<string> =>
  (scope ?? "").split(/[,\s]+/).map((s) => s.trim()).filter((s) => s.length > 0)
