/**
 * CRM settings metadata: modules, fields and layouts (cached per user, since each user's token
 * belongs to one org and profile), plus custom views, related lists, roles, profiles and the
 * recycle bin (read as needed).
 *
 * The cache is a service (`CrmMetadata`) because it holds state: provide `CrmMetadata.layer()` once
 * (the `Crm.layer` does) and every records API in the program shares it. Entries live for
 * `timeToLive` (default 10 minutes) and can be dropped with `invalidate`. Without the layer, the
 * records API still works: pick-list validation then reads the fields metadata on each call.
 *
 * @since 0.1.0
 */
import * as Endpoint from "@effect-zoho/core/Endpoint"
import * as Envelope from "@effect-zoho/core/Envelope"
import * as Pagination from "@effect-zoho/core/Pagination"
import { ZohoAuth } from "@effect-zoho/core/ZohoAuth"
import type { ZohoClient } from "@effect-zoho/core/ZohoClient"
import type { ZohoError } from "@effect-zoho/core/ZohoError"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import * as ZohoUser from "@effect-zoho/core/ZohoUser"
import * as Cache from "effect/Cache"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Equal from "effect/Equal"
import * as Hash from "effect/Hash"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import { checkIds } from "./internal/recordId.js"

const docs = "https://www.zoho.com/crm/developer/docs/api/v8/"
const Nullable = <S extends Schema.Schema.AnyNoContext>(s: S) => Schema.optional(Schema.NullOr(s))

/**
 * One allowed value of a pick list.
 *
 * @category schemas
 * @since 0.1.0
 */
export const PickListValue = Schema.Struct({
  actual_value: Schema.String,
  display_value: Schema.String,
  sequence_number: Nullable(Schema.Number),
  type: Nullable(Schema.String)
})

/**
 * A field of a module (unknown keys are kept).
 *
 * @category schemas
 * @since 0.1.0
 */
export const Field = Schema.Struct({
  api_name: Schema.String,
  id: Nullable(Schema.String),
  data_type: Schema.String,
  field_label: Nullable(Schema.String),
  display_label: Nullable(Schema.String),
  json_type: Nullable(Schema.String),
  system_mandatory: Nullable(Schema.Boolean),
  custom_field: Nullable(Schema.Boolean),
  read_only: Nullable(Schema.Boolean),
  length: Nullable(Schema.Number),
  pick_list_values: Nullable(Schema.Array(PickListValue))
})
/**
 * A field of a module (see the {@link Field} schema).
 *
 * @category models
 * @since 0.1.0
 */
export type Field = typeof Field.Type

/**
 * A module as `/settings/modules` lists it (unknown keys are kept).
 *
 * @category schemas
 * @since 0.1.0
 */
export const Module = Schema.Struct({
  api_name: Schema.String,
  id: Nullable(Schema.String),
  module_name: Nullable(Schema.String),
  singular_label: Nullable(Schema.String),
  plural_label: Nullable(Schema.String),
  generated_type: Nullable(Schema.String),
  api_supported: Nullable(Schema.Boolean)
})
/**
 * A module (see the {@link Module} schema).
 *
 * @category models
 * @since 0.1.0
 */
export type Module = typeof Module.Type

/**
 * A layout with its sections (unknown keys are kept).
 *
 * @category schemas
 * @since 0.1.0
 */
export const Layout = Schema.Struct({
  id: Schema.String,
  name: Nullable(Schema.String),
  api_name: Nullable(Schema.String),
  status: Nullable(Schema.String),
  sections: Nullable(Schema.Array(Schema.Struct({
    api_name: Nullable(Schema.String),
    display_label: Nullable(Schema.String),
    fields: Nullable(Schema.Array(Field))
  })))
})
/**
 * A layout (see the {@link Layout} schema).
 *
 * @category models
 * @since 0.1.0
 */
export type Layout = typeof Layout.Type

/**
 * Custom views, related lists, roles, profiles: ids and names typed, everything else kept.
 *
 * @category schemas
 * @since 0.1.0
 */
export const Named = Schema.Struct({
  id: Schema.String,
  name: Nullable(Schema.String),
  display_value: Nullable(Schema.String),
  api_name: Nullable(Schema.String)
})
/**
 * A custom view, related list, role or profile (see the {@link Named} schema).
 *
 * @category models
 * @since 0.1.0
 */
export type Named = typeof Named.Type

/**
 * One entry of the recycle bin.
 *
 * @category schemas
 * @since 0.1.0
 */
export const RecycleBinEntry = Schema.Struct({
  id: Schema.String,
  display_name: Nullable(Schema.String),
  module: Nullable(Schema.Struct({ api_name: Schema.String, id: Nullable(Schema.String) })),
  deleted_time: Nullable(Schema.String)
})
/**
 * A recycle bin entry (see the {@link RecycleBinEntry} schema).
 *
 * @category models
 * @since 0.1.0
 */
export type RecycleBinEntry = typeof RecycleBinEntry.Type

const settings = <const Op extends string, const P extends string, A, I>(
  operation: Op,
  path: P,
  response: Schema.Schema<A, I, never>,
  scope: string,
  page: string
) =>
  Endpoint.make({
    product: ZohoProducts.crm,
    operation,
    method: "GET",
    path,
    query: Schema.Struct({ module: Schema.optional(Schema.String) }),
    // Zoho answers 204 (no body) when there is nothing to list.
    response: Schema.UndefinedOr(response),
    scopes: [scope],
    docs: `${docs}${page}`
  })

const listBody = <const K extends string, A, I>(key: K, item: Schema.Schema<A, I, never>) =>
  Schema.Struct({ info: Schema.optional(Envelope.CrmInfo) }).pipe(
    Schema.extend(
      Schema.Struct({ [key]: Schema.Array(item) } as { readonly [k in K]: Schema.Array$<Schema.Schema<A, I, never>> })
    )
  )

const RecycleBinInfo = Schema.optional(Envelope.CrmInfo)

/** The recycle bin lists under `recycle_bin`; paging reads `data`. */
const RecycleBinPage = Schema.transform(
  Schema.Struct({ recycle_bin: Schema.Array(RecycleBinEntry), info: RecycleBinInfo }),
  Schema.Struct({
    data: Schema.Array(Schema.typeSchema(RecycleBinEntry)),
    info: Schema.optional(Schema.typeSchema(Envelope.CrmInfo))
  }),
  {
    strict: true,
    decode: ({ info, recycle_bin }) => ({ data: recycle_bin, ...(info !== undefined ? { info } : {}) }),
    encode: ({ data, info }) => ({ recycle_bin: data, ...(info !== undefined ? { info } : {}) })
  }
)

/** A recycle-bin purge answers under `recycle_bin` (Zoho's docs and recycle_bin.json); callers get `data`. */
const RecycleBinPurge = Schema.transform(
  Schema.Struct({ recycle_bin: Schema.Array(Envelope.CrmWriteResult) }),
  Schema.typeSchema(Envelope.CrmWriteResults),
  {
    strict: true,
    decode: ({ recycle_bin }) => ({ data: recycle_bin }),
    encode: ({ data }) => ({ recycle_bin: data })
  }
)

/** @internal */
export const endpoints = {
  modules: settings(
    "crm.metadata.modules",
    "/settings/modules",
    listBody("modules", Module),
    "ZohoCRM.settings.modules.READ",
    "module-meta.html"
  ),
  fields: settings(
    "crm.metadata.fields",
    "/settings/fields",
    listBody("fields", Field),
    "ZohoCRM.settings.fields.READ",
    "field-meta.html"
  ),
  layouts: settings(
    "crm.metadata.layouts",
    "/settings/layouts",
    listBody("layouts", Layout),
    "ZohoCRM.settings.layouts.READ",
    "layouts-meta.html"
  ),
  customViews: settings(
    "crm.metadata.customViews",
    "/settings/custom_views",
    listBody("custom_views", Named),
    "ZohoCRM.settings.custom_views.READ",
    "custom-view-meta.html"
  ),
  relatedLists: settings(
    "crm.metadata.relatedLists",
    "/settings/related_lists",
    listBody("related_lists", Named),
    "ZohoCRM.settings.related_lists.READ",
    "related-list-meta.html"
  ),
  roles: settings(
    "crm.metadata.roles",
    "/settings/roles",
    listBody("roles", Named),
    "ZohoCRM.settings.roles.READ",
    "get-roles.html"
  ),
  profiles: settings(
    "crm.metadata.profiles",
    "/settings/profiles",
    listBody("profiles", Named),
    "ZohoCRM.settings.profiles.READ",
    "get-profiles.html"
  ),
  recycleBin: Endpoint.make({
    product: ZohoProducts.crm,
    operation: "crm.recycleBin.list",
    method: "GET",
    path: "/settings/recycle_bin",
    query: Schema.Struct({ module: Schema.optional(Schema.String) }),
    response: RecycleBinPage,
    empty: { data: [] },
    pagination: Endpoint.crmPage,
    scopes: ["ZohoCRM.settings.recycle_bin.READ"],
    docs: `${docs}get-recycle-bin-records.html`
  }),
  purgeRecycleBin: Endpoint.make({
    product: ZohoProducts.crm,
    operation: "crm.recycleBin.delete",
    method: "DELETE",
    path: "/settings/recycle_bin",
    query: Schema.Struct({ ids: Schema.Array(Schema.String) }),
    response: RecycleBinPurge,
    scopes: ["ZohoCRM.settings.recycle_bin.DELETE"],
    docs: `${docs}delete-recycle-bin-records.html`
  })
}

const listOf = <K extends string, A>(key: K) => (output: { readonly [k in K]?: ReadonlyArray<A> } | undefined) =>
  output?.[key] ?? []

/**
 * Every module of the org (uncached).
 *
 * @category metadata reads
 * @since 0.1.0
 */
export const fetchModules: Effect.Effect<ReadonlyArray<Module>, ZohoError, ZohoClient> = Effect.map(
  Endpoint.call(endpoints.modules)(),
  listOf<"modules", Module>("modules")
)

/**
 * The fields of one module (uncached).
 *
 * @category metadata reads
 * @since 0.1.0
 */
export const fetchFields = (module: string): Effect.Effect<ReadonlyArray<Field>, ZohoError, ZohoClient> =>
  Effect.map(Endpoint.call(endpoints.fields)({ query: { module } }), listOf<"fields", Field>("fields"))

/**
 * The layouts of one module (uncached).
 *
 * @category metadata reads
 * @since 0.1.0
 */
export const fetchLayouts = (module: string): Effect.Effect<ReadonlyArray<Layout>, ZohoError, ZohoClient> =>
  Effect.map(Endpoint.call(endpoints.layouts)({ query: { module } }), listOf<"layouts", Layout>("layouts"))

/**
 * The custom views of a module.
 *
 * @category metadata reads
 * @since 0.1.0
 */
export const customViews = (module: string): Effect.Effect<ReadonlyArray<Named>, ZohoError, ZohoClient> =>
  Effect.map(
    Endpoint.call(endpoints.customViews)({ query: { module } }),
    listOf<"custom_views", Named>("custom_views")
  )

/**
 * The related lists of a module.
 *
 * @category metadata reads
 * @since 0.1.0
 */
export const relatedLists = (module: string): Effect.Effect<ReadonlyArray<Named>, ZohoError, ZohoClient> =>
  Effect.map(
    Endpoint.call(endpoints.relatedLists)({ query: { module } }),
    listOf<"related_lists", Named>("related_lists")
  )

/**
 * The org's roles.
 *
 * @category metadata reads
 * @since 0.1.0
 */
export const roles: Effect.Effect<ReadonlyArray<Named>, ZohoError, ZohoClient> = Effect.map(
  Endpoint.call(endpoints.roles)(),
  listOf<"roles", Named>("roles")
)

/**
 * The org's profiles.
 *
 * @category metadata reads
 * @since 0.1.0
 */
export const profiles: Effect.Effect<ReadonlyArray<Named>, ZohoError, ZohoClient> = Effect.map(
  Endpoint.call(endpoints.profiles)(),
  listOf<"profiles", Named>("profiles")
)

/**
 * The recycle bin, optionally of one module, as a stream.
 *
 * @category metadata reads
 * @since 0.1.0
 */
export const recycleBin = (
  options: { readonly module?: string | undefined; readonly maxRecords?: number | undefined } = {}
): Stream.Stream<RecycleBinEntry, ZohoError, ZohoClient> =>
  Pagination.crm(
    endpoints.recycleBin,
    { query: options.module === undefined ? {} : { module: options.module } },
    { maxRecords: options.maxRecords }
  )

/**
 * Delete records from the recycle bin for good (at most 100 ids per call, as Zoho allows).
 *
 * @category metadata reads
 * @since 0.1.0
 */
export const purgeRecycleBin = (
  ids: ReadonlyArray<string>
): Effect.Effect<Envelope.Partitioned, ZohoError, ZohoClient> =>
  // Ids are comma-joined on the wire: a bad one ("1,2") is refused before anything is sent.
  checkIds("recycle bin purge", ids).pipe(
    Effect.flatMap((checked) => Endpoint.call(endpoints.purgeRecycleBin)({ query: { ids: checked } })),
    Effect.map(Envelope.crm.partition)
  )

// ---------------------------------------------------------------------------------------------
// The cache

type Kind = "modules" | "fields" | "layouts"

/** A cache key: equal by user key, kind and module; it carries the user to run the lookup as. */
class Key implements Equal.Equal {
  constructor(
    readonly user: ZohoUser.ZohoUser,
    readonly kind: Kind,
    readonly module: string
  ) {}
  [Equal.symbol](that: unknown): boolean {
    return that instanceof Key && that.user.key === this.user.key && that.kind === this.kind &&
      that.module === this.module
  }
  [Hash.symbol](): number {
    return Hash.cached(this, Hash.string(`${this.user.key}\u0000${this.kind}\u0000${this.module}`))
  }
}

type Value = ReadonlyArray<Module> | ReadonlyArray<Field> | ReadonlyArray<Layout>

/**
 * The metadata cache: modules, fields and layouts read once per time to live, with `invalidate`
 * for after a schema change.
 *
 * @category services
 * @since 0.1.0
 */
export interface Service {
  /** The org's modules, cached per user. */
  readonly modules: Effect.Effect<ReadonlyArray<Module>, ZohoError>
  /** A module's fields, cached per user and module. */
  readonly fields: (module: string) => Effect.Effect<ReadonlyArray<Field>, ZohoError>
  /** A module's layouts, cached per user and module. */
  readonly layouts: (module: string) => Effect.Effect<ReadonlyArray<Layout>, ZohoError>
  /** Forget the current user's cached metadata (all of it, or one module's fields and layouts). */
  readonly invalidate: (module?: string) => Effect.Effect<void, ZohoError>
}

/**
 * The metadata cache service; provided by {@link layer} (or `Crm.layer`).
 *
 * @category services
 * @since 0.1.0
 */
export class CrmMetadata extends Context.Tag("@effect-zoho/crm/CrmMetadata")<CrmMetadata, Service>() {}

/**
 * How long cached metadata is kept.
 *
 * @category options
 * @since 0.1.0
 */
export interface Options {
  /** How long an entry is served from the cache; default 10 minutes. Failures are not kept. */
  readonly timeToLive?: Duration.DurationInput | undefined
  /** Entries kept at most (users × modules × kinds); default 1,000. */
  readonly capacity?: number | undefined
}

/**
 * How long cached metadata is kept by default: long enough to spare credits, short enough to
 * notice a field added in Zoho's UI.
 *
 * @category constants
 * @since 0.1.0
 */
export const defaultTimeToLive: Duration.Duration = Duration.minutes(10)

/**
 * Build the cache over the current `ZohoClient` and `ZohoAuth`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (options: Options = {}): Effect.Effect<Service, never, ZohoClient | ZohoAuth> =>
  Effect.gen(function*() {
    const auth = yield* ZohoAuth
    const timeToLive = Duration.decode(options.timeToLive ?? defaultTimeToLive)
    const fetch = (key: Key): Effect.Effect<Value, ZohoError, ZohoClient> => {
      switch (key.kind) {
        case "modules":
          return fetchModules
        case "fields":
          return fetchFields(key.module)
        case "layouts":
          return fetchLayouts(key.module)
      }
    }
    const lookup = (key: Key) => ZohoUser.as(fetch(key), key.user)
    const cache = yield* Cache.makeWith({
      capacity: options.capacity ?? 1000,
      lookup,
      // A failed lookup is retried on the next call instead of being cached for the whole TTL.
      timeToLive: (exit) => (exit._tag === "Success" ? timeToLive : Duration.zero)
    })
    const get = (kind: Kind, module: string) =>
      Effect.flatMap(auth.currentUser, (user) => cache.get(new Key(user, kind, module)))
    return CrmMetadata.of({
      // The kind in the key decides which list the lookup returns.
      modules: get("modules", "") as unknown as Effect.Effect<ReadonlyArray<Module>, ZohoError>,
      fields: (module) => get("fields", module) as unknown as Effect.Effect<ReadonlyArray<Field>, ZohoError>,
      layouts: (module) => get("layouts", module) as unknown as Effect.Effect<ReadonlyArray<Layout>, ZohoError>,
      invalidate: (module) =>
        Effect.flatMap(auth.currentUser, (user) =>
          module === undefined
            ? Effect.flatMap(cache.keys, (keys) =>
              Effect.forEach(keys.filter((k) => k.user.key === user.key), (k) =>
                cache.invalidate(k), { discard: true }))
            : Effect.zipRight(
              cache.invalidate(new Key(user, "fields", module)),
              cache.invalidate(new Key(user, "layouts", module))
            ))
    })
  })

/**
 * The cache as a layer over `ZohoClient` and `ZohoAuth` (both in `Zoho.layer`).
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: Options = {}): Layer.Layer<CrmMetadata, never, ZohoClient | ZohoAuth> =>
  Layer.effect(CrmMetadata, make(options))

/**
 * A module's fields: from the `CrmMetadata` cache when it is provided, else read now.
 *
 * @example
 * ```ts
 * import { CrmMetadata } from "@effect-zoho/crm"
 * import { Effect } from "effect"
 *
 * export const picklists = Effect.map(CrmMetadata.fields("Leads"), (fields) =>
 *   fields
 *     .filter((f) => f.data_type === "picklist")
 *     .map((f) => [f.api_name, (f.pick_list_values ?? []).map((v) => v.actual_value)] as const))
 * ```
 *
 * @category cached reads
 * @since 0.1.0
 */
export const fields = (module: string): Effect.Effect<ReadonlyArray<Field>, ZohoError, ZohoClient> =>
  Effect.flatMap(Effect.serviceOption(CrmMetadata), (service) =>
    Option.match(service, {
      onNone: () => fetchFields(module),
      onSome: (metadata) => metadata.fields(module)
    }))

/**
 * The org's modules: from the cache when provided, else read now.
 *
 * @category cached reads
 * @since 0.1.0
 */
export const modules: Effect.Effect<ReadonlyArray<Module>, ZohoError, ZohoClient> = Effect.flatMap(
  Effect.serviceOption(CrmMetadata),
  (service) => Option.match(service, { onNone: () => fetchModules, onSome: (metadata) => metadata.modules })
)

/**
 * A module's layouts: from the cache when provided, else read now.
 *
 * @category cached reads
 * @since 0.1.0
 */
export const layouts = (module: string): Effect.Effect<ReadonlyArray<Layout>, ZohoError, ZohoClient> =>
  Effect.flatMap(
    Effect.serviceOption(CrmMetadata),
    (service) =>
      Option.match(service, { onNone: () => fetchLayouts(module), onSome: (metadata) => metadata.layouts(module) })
  )
