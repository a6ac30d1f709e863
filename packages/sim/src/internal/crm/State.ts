/**
 * CRM state beyond records: notes, tags, links, attachments, photos and the asynchronous jobs
 * (mass update, bulk read, bulk write, uploads). One value per org, created with the org.
 */
import type { UserRef } from "./Store.js"

export interface Note {
  readonly id: string
  readonly parentModule: string
  readonly parentId: string
  title: string
  content: string
  owner: UserRef
  readonly createdAt: number
  modifiedAt: number
  readonly createdBy: UserRef
  modifiedBy: UserRef
}

export interface Attachment {
  readonly id: string
  readonly parentModule: string
  readonly parentId: string
  readonly fileName: string
  readonly contentType: string
  /** Absent for a link attachment (`attachmentUrl`). */
  readonly bytes: Uint8Array | undefined
  readonly linkUrl: string | undefined
  readonly fileId: string
  readonly createdAt: number
  readonly createdBy: UserRef
}

export interface Photo {
  readonly bytes: Uint8Array
  readonly contentType: string
}

export interface Tag {
  readonly id: string
  readonly module: string
  name: string
  colorCode: string
  readonly createdAt: number
  modifiedAt: number
  readonly createdBy: UserRef
  modifiedBy: UserRef
}

export interface MassUpdateJob {
  readonly id: string
  readonly module: string
  readonly createdAt: number
  readonly total: number
  readonly updated: number
  readonly failed: number
}

export interface BulkReadJob {
  readonly id: string
  readonly module: { readonly apiName: string; readonly id: string }
  readonly query: Record<string, unknown>
  readonly createdAt: number
  readonly createdBy: UserRef
  readonly page: number
  /** The CSV of the page, taken when the job was created. */
  readonly csv: string
  readonly count: number
  readonly moreRecords: boolean
}

export interface BulkWriteResource {
  readonly module: { readonly apiName: string; readonly id: string }
  readonly fileId: string
  readonly fileName: string
  readonly fieldMappings: ReadonlyArray<{ readonly apiName: string; readonly index: number }> | undefined
  readonly findBy: string | undefined
}

export interface BulkWriteOutcome {
  readonly added: number
  readonly updated: number
  readonly skipped: number
  readonly total: number
  /** The zipped result CSV. */
  readonly zip: Uint8Array
}

export interface BulkWriteJob {
  readonly id: string
  readonly operation: "insert" | "update" | "upsert"
  readonly ignoreEmpty: boolean
  readonly characterEncoding: string
  readonly resource: BulkWriteResource
  readonly createdAt: number
  readonly createdBy: UserRef
  /** Where the caller reached the simulator, so `download_url` points back at it. */
  readonly origin: string
  /** Set once the job has run (the first request after its completion time). */
  outcome: BulkWriteOutcome | undefined
}

export interface Upload {
  readonly id: string
  readonly fileName: string
  readonly bytes: Uint8Array
  readonly createdAt: number
}

export interface Extras {
  readonly notes: Map<string, Note>
  readonly attachments: Map<string, Attachment>
  /** Keyed by `module:recordId`. */
  readonly photos: Map<string, Photo>
  readonly tags: Map<string, Tag>
  /** Tag ids per `module:recordId`. */
  readonly recordTags: Map<string, Array<string>>
  /** Many-to-many links (Deals↔Contacts), keyed by `Deals:dealId`. */
  readonly dealContacts: Map<string, Set<string>>
  readonly massUpdates: Map<string, MassUpdateJob>
  readonly bulkReads: Map<string, BulkReadJob>
  readonly bulkWrites: Map<string, BulkWriteJob>
  readonly uploads: Map<string, Upload>
  /** Ids of fixed org settings (roles, profiles, custom views), drawn on first use by name. */
  readonly fixedIds: Map<string, string>
}

export const makeExtras = (): Extras => ({
  notes: new Map(),
  attachments: new Map(),
  photos: new Map(),
  tags: new Map(),
  recordTags: new Map(),
  dealContacts: new Map(),
  massUpdates: new Map(),
  bulkReads: new Map(),
  bulkWrites: new Map(),
  uploads: new Map(),
  fixedIds: new Map()
})

export const recordKey = (module: string, id: string): string => `${module}:${id}`

export type Phase = "queued" | "running" | "done"

/** Where an asynchronous job is at `now`: its progress is Clock time, so TestClock drives it. */
export const phase = (
  createdAt: number,
  now: number,
  options: { readonly jobQueuedMs: number; readonly jobRunningMs: number }
): Phase =>
  now < createdAt + options.jobQueuedMs
    ? "queued"
    : now < createdAt + options.jobQueuedMs + options.jobRunningMs
    ? "running"
    : "done"
