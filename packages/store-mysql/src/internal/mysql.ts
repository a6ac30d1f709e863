import { TokenStoreError } from "@effect-zoho/core/ZohoError"
import * as Crypto from "node:crypto"

export const STORE = "mysql"

/** A database or table name we are willing to put into SQL (quoted with backticks). */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,63}$/

const connectionCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "PROTOCOL_CONNECTION_LOST",
  "PROTOCOL_SEQUENCE_TIMEOUT",
  "ER_SERVER_SHUTDOWN",
  "ER_CON_COUNT_ERROR",
  "ER_TOO_MANY_USER_CONNECTIONS",
  "ER_CONNECTION_KILLED",
  "ER_QUERY_INTERRUPTED",
  "POOL_CLOSED"
])

const permissionCodes = new Set([
  "ER_ACCESS_DENIED_ERROR",
  "ER_DBACCESS_DENIED_ERROR",
  "ER_TABLEACCESS_DENIED_ERROR",
  "ER_COLUMNACCESS_DENIED_ERROR",
  "ER_SPECIFIC_ACCESS_DENIED_ERROR",
  "ER_ACCESS_DENIED_NO_PASSWORD_ERROR"
])

const invalidCodes = new Set([
  "ER_NO_SUCH_TABLE",
  "ER_BAD_DB_ERROR",
  "ER_BAD_FIELD_ERROR",
  "ER_DATA_TOO_LONG",
  "ER_BAD_NULL_ERROR",
  "ER_NO_DEFAULT_FOR_FIELD",
  "ER_TRUNCATED_WRONG_VALUE_FOR_FIELD"
])

const lockCodes = new Set(["ER_LOCK_DEADLOCK", "ER_LOCK_WAIT_TIMEOUT"])

interface DriverError {
  readonly code?: unknown
  readonly errno?: unknown
  readonly sqlState?: unknown
  readonly message?: unknown
}

const codeOf = (error: unknown): string | undefined => {
  if (typeof error !== "object" || error === null) return undefined
  const code = (error as DriverError).code
  return typeof code === "string" ? code : undefined
}

/** The closed-connection messages mysql2 raises without a code. */
const closedState = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false
  return /closed state|connection is closed|Pool is closed/i.test(error.message)
}

/** True for failures that mean "the server (or the connection to it) is gone". */
export const isConnectionError = (error: unknown): boolean => {
  const code = codeOf(error)
  if (code !== undefined && connectionCodes.has(code)) return true
  if (typeof error === "object" && error !== null && (error as { fatal?: unknown }).fatal === true) return true
  return closedState(error)
}

/** What a query that outlived `queryTimeout` fails with (the driver's code for the same). */
export const queryTimedOut = (): Error =>
  Object.assign(new Error("Query timed out"), { code: "PROTOCOL_SEQUENCE_TIMEOUT" })

/** True for a connect or query timeout: the server may be alive but hung. */
export const isTimeout = (error: unknown): boolean => {
  const code = codeOf(error)
  return code === "ETIMEDOUT" || code === "PROTOCOL_SEQUENCE_TIMEOUT"
}

const hints: Record<string, string> = {
  ER_NO_SUCH_TABLE: "the table does not exist (create it, or pass createTable: true)",
  ER_BAD_DB_ERROR: "the database does not exist (create it, or pass createTable: true)",
  ER_DATA_TOO_LONG: "a value is longer than its column",
  ER_BAD_NULL_ERROR: "a column of this table does not accept NULL (the seed's user_name NOT NULL?)",
  ECONNREFUSED: "connection refused",
  ETIMEDOUT: "connection timed out",
  PROTOCOL_SEQUENCE_TIMEOUT: "the server did not answer within queryTimeout"
}

/**
 * A `TokenStoreError` for a driver failure. Only the error code, errno and SQL state are kept:
 * the driver's own message and `sql` may quote values (a duplicate key, an interpolated query),
 * which here could be tokens or client secrets.
 */
export const toStoreError = (action: string, target: string) => (error: unknown): TokenStoreError => {
  if (error instanceof TokenStoreError) return error
  const code = codeOf(error)
  const errno = typeof error === "object" && error !== null ? (error as DriverError).errno : undefined
  const reason: TokenStoreError["reason"] = code !== undefined && permissionCodes.has(code)
    ? "Permission"
    : code !== undefined && invalidCodes.has(code)
    ? "Invalid"
    : code !== undefined && lockCodes.has(code)
    ? "Lock"
    : isConnectionError(error)
    ? "Unavailable"
    : "Io"
  const detail = code === undefined
    ? closedState(error) ? "connection closed" : "unknown driver error"
    : `${code}${typeof errno === "number" ? ` (errno ${errno})` : ""}${hints[code] ? `: ${hints[code]}` : ""}`
  return new TokenStoreError({
    reason,
    store: STORE,
    message: `MySQL could not ${action} ${target}: ${detail}`
  })
}

/** A GET_LOCK name (at most 64 characters) for a lock key, unique per database and table. */
export const lockName = (database: string, table: string, key: string): string =>
  `effect-zoho:${
    Crypto.createHash("sha256").update(`${database}\u0000${table}\u0000${key}`).digest("hex").slice(0, 40)
  }`
