/**
 * In-memory CRM state of one simulator instance: per org, the modules, their records, the recycle
 * bin and the issued page tokens. Created by `CrmSim.make`, so two simulators never share state.
 */
import type { SimSeed } from "../../SimSeed.js"
import type { RouteContext, SeedUser } from "../ProductSim.js"
import { VersionedMap } from "../versionedMap.js"
import type { ModuleDef } from "./Model.js"
import { modulesOf } from "./Model.js"
import type { Extras } from "./State.js"
import { makeExtras } from "./State.js"

export interface UserRef {
  readonly id: string
  readonly name: string
  readonly email: string
}

export interface Rec {
  readonly id: string
  /** Writable field values; lookups are stored as `{id, name}`, Owner as a `UserRef`. */
  values: Record<string, unknown>
  readonly createdAt: number
  /** Changed only through `markModified`: the list index sorts and filters on it. */
  readonly modifiedAt: number
  readonly createdBy: UserRef
  modifiedBy: UserRef
  /** Changed only through `markConverted`: the list index filters on it. */
  readonly converted: boolean
}

/**
 * A module's records by id, with a version that every change the list order or its filters
 * depend on moves: adding, replacing or removing a record (here), and a record's `modifiedAt`
 * or `converted` (`markModified`, `markConverted`). `Records.list` keeps its sorted pages per
 * version, so a page costs a slice, not a copy and a sort of every record.
 */
export class RecordMap extends VersionedMap<string, Rec> {}

/** Sets a record's modification time (and who made it), keeping the module's list index right. */
export const markModified = (mod: ModuleState, rec: Rec, now: number, by: UserRef): void => {
  ;(rec as { modifiedAt: number }).modifiedAt = now
  rec.modifiedBy = by
  mod.records.touch()
}

/** Marks a lead converted, keeping the module's list index right. */
export const markConverted = (mod: ModuleState, rec: Rec): void => {
  ;(rec as { converted: boolean }).converted = true
  mod.records.touch()
}

export interface DeletedRec {
  readonly id: string
  readonly displayName: string
  readonly createdBy: UserRef
  readonly deletedBy: UserRef
  readonly deletedAt: number
}

export interface ModuleState {
  readonly def: ModuleDef
  readonly id: string
  readonly fieldIds: ReadonlyMap<string, string>
  readonly records: RecordMap
  readonly deleted: Array<DeletedRec>
}

export interface PageToken {
  readonly userId: string
  /** The normalised query parameters the token is bound to. */
  readonly binding: string
  readonly expiresAt: number
  /** Sort key of the last record served, so later inserts cannot shift the window. */
  readonly after: { readonly key: number | string; readonly id: string }
  /** Records served so far in this pagination, for the 100,000 cap. */
  readonly served: number
  /** Page number of the page that issued the token. */
  readonly page: number
}

export interface OrgState {
  readonly users: ReadonlyArray<SeedUser>
  readonly modules: ReadonlyArray<ModuleState>
  readonly tokens: Map<string, PageToken>
  tokenCounter: number
  /** Notes, tags, attachments, photos and jobs. */
  readonly extras: Extras
}

/**
 * A user's CRM id: in Zoho it is a long numeric id of its own (`4150868000000225013`), apart from
 * the accounts-wide `zuid` (the seed's user id). Derived from the zuid (FNV-1a), so it is stable
 * across simulator instances and needs no state.
 */
export const crmUserId = (user: SeedUser): string => {
  let h = 0x811c9dc5
  for (const ch of `${user.orgId}:${user.id}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0
  return `4150868${String(h).padStart(12, "0")}`
}

export const userRef = (user: SeedUser): UserRef => ({ id: crmUserId(user), name: user.name, email: user.email })

/**
 * The org's user a reference names: by CRM id, as clients send it; `bySeedId` also takes the
 * seed's user id (zuid), which seed data may use for convenience.
 */
export const findUser = (
  users: ReadonlyArray<SeedUser>,
  id: unknown,
  bySeedId = false
): SeedUser | undefined =>
  typeof id !== "string" ? undefined : users.find((u) => crmUserId(u) === id || (bySeedId && u.id === id))

const parseTime = (value: unknown, fallback: number): number => {
  if (typeof value !== "string") return fallback
  const t = Date.parse(value)
  return Number.isNaN(t) ? fallback : t
}

export interface Store {
  readonly org: (ctx: RouteContext) => OrgState
}

/** The store of one simulator. Orgs are built on first use, drawing ids from the request's id source. */
export const makeStore = (seed: SimSeed): Store => {
  const orgs = new Map<string, OrgState>()
  const init = (ctx: RouteContext): OrgState => {
    const org = ctx.caller.org
    const users = seed.users.filter((u) => u.orgId === org.id)
    if (!users.some((u) => u.id === ctx.caller.user.id)) users.push(ctx.caller.user)
    const fallbackUser = userRef(users[0] ?? ctx.caller.user)
    const seeded = seed.crmRecords[org.id] ?? {}
    const modules = modulesOf(org).map((def): ModuleState => {
      const id = ctx.ids.crm()
      const fieldIds = new Map(def.fields.map((f) => [f.apiName, ctx.ids.crm()] as const))
      const records = new RecordMap()
      const entry = Object.entries(seeded).find(([name]) => name.toLowerCase() === def.apiName.toLowerCase())
      for (const raw of entry?.[1] ?? []) {
        // Created_By/Modified_By are not taken from seed data: the seed's first user made every record.
        const { Created_By: _cb, Created_Time, Modified_By: _mb, Modified_Time, Owner, id: rawId, ...rest } = raw
        const owner = typeof Owner === "object" && Owner !== null
          ? findUser(users, (Owner as { id?: unknown }).id, true)
          : undefined
        const createdAt = parseTime(Created_Time, ctx.now)
        const recId = typeof rawId === "string" && rawId.length > 0 ? rawId : ctx.ids.crm()
        records.set(recId, {
          id: recId,
          values: { ...rest, Owner: owner !== undefined ? userRef(owner) : fallbackUser },
          createdAt,
          modifiedAt: parseTime(Modified_Time, createdAt),
          createdBy: fallbackUser,
          modifiedBy: fallbackUser,
          converted: false
        })
      }
      return { def, id, fieldIds, records, deleted: [] }
    })
    return { users, modules, tokens: new Map(), tokenCounter: 0, extras: makeExtras() }
  }
  return {
    org: (ctx) => {
      const existing = orgs.get(ctx.caller.org.id)
      if (existing !== undefined) return existing
      const created = init(ctx)
      orgs.set(ctx.caller.org.id, created)
      return created
    }
  }
}

export const findModule = (org: OrgState, name: string): ModuleState | undefined => {
  const lower = name.toLowerCase()
  return org.modules.find((m) => m.def.apiName.toLowerCase() === lower)
}
