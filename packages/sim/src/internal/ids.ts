/**
 * Deterministic "random-looking" ids for one simulator instance: a small seeded PRNG
 * (mulberry32), so two simulators built from the same `settings.idSeed` hand out the same
 * tokens and record ids in the same order, and runs are repeatable.
 */
import type { Ids } from "./ProductSim.js"

export interface IdSource extends Ids {
  /** A Zoho-style OAuth token: `1000.<32 hex>.<32 hex>`. */
  readonly token: () => string
  /** A Zoho-style grant code: `1000.<32 hex>.<32 hex>` (the same shape as tokens). */
  readonly grantCode: () => string
}

const mulberry32 = (seed: number): () => number => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const make = (seed: number): IdSource => {
  const next = mulberry32(Math.floor(seed * 2654435761) ^ 0x5A17)
  const hex = (length: number): string => {
    let out = ""
    while (out.length < length) {
      out += Math.floor(next() * 0x100000000).toString(16).padStart(8, "0")
    }
    return out.slice(0, length)
  }
  const digits = (length: number): string => {
    let out = String(1 + Math.floor(next() * 9))
    while (out.length < length) out += String(Math.floor(next() * 10))
    return out
  }
  // Zoho CRM ids share a per-org prefix and then count up (`5725767000000524157`); finance ids
  // look like `460000000012345`. Only the prefix and the starting point come from the seed.
  const crmPrefix = digits(7)
  let crmCounter = 400_000 + Math.floor(next() * 100_000)
  const financePrefix = digits(2)
  let financeCounter = 10_000 + Math.floor(next() * 10_000)
  return {
    token: () => `1000.${hex(32)}.${hex(32)}`,
    grantCode: () => `1000.${hex(32)}.${hex(32)}`,
    crm: () => `${crmPrefix}${String(crmCounter++).padStart(12, "0")}`,
    finance: () => `${financePrefix}${String(financeCounter++).padStart(13, "0")}`
  }
}
