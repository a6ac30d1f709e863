/**
 * The few host facts the file store needs that `@effect/platform` does not offer.
 * Kept here so the public modules only speak to `FileSystem`.
 */
import * as Crypto from "node:crypto"
import * as Os from "node:os"
import * as NodePath from "node:path"
import * as Process from "node:process"

/** @internal */
export const pid = (): number => Process.pid

/** @internal */
export const hostname = (): string => Os.hostname()

/**
 * Whether a process with this id exists on this host. Signal 0 checks without sending anything;
 * EPERM means it exists but belongs to another user, so only ESRCH counts as dead.
 *
 * @internal
 */
export const isProcessAlive = (processId: number): boolean => {
  if (!Number.isInteger(processId) || processId <= 0) return false
  try {
    Process.kill(processId, 0)
    return true
  } catch (error) {
    return (error as { readonly code?: unknown }).code !== "ESRCH"
  }
}

/** Expands a leading `~` and makes the path absolute, so lock and temp names are stable. @internal */
export const resolvePath = (path: string): string => {
  const expanded = path === "~" ?
    Os.homedir() :
    path.startsWith("~/") || path.startsWith("~\\") ?
    NodePath.join(Os.homedir(), path.slice(2)) :
    path
  return NodePath.resolve(expanded)
}

/** @internal */
export const dirname = (path: string): string => NodePath.dirname(path)

/** @internal */
export const sha256Hex = (input: string): string => Crypto.createHash("sha256").update(input).digest("hex")

/** @internal */
export const randomHex = (bytes: number): string => Crypto.randomBytes(bytes).toString("hex")
