/**
 * The `@effect-zoho/crm` entry: the records API, COQL, search criteria, bulk jobs, files, metadata
 * and scopes of Zoho CRM v8.
 *
 * The generated declarations are not re-exported here: importing the package root loads only the
 * generated modules the records API refines. Import them from
 * `@effect-zoho/crm/generated/<Module>` (one module) or `@effect-zoho/crm/generated` (all 422
 * operations).
 *
 * @category modules
 * @since 0.1.0
 */

/**
 * The CRM entry point: `Crm.records`, `Crm.coql`, lead conversion, functions and cached metadata
 * in one namespace.
 *
 * @category modules
 * @since 0.1.0
 */
export * as Crm from "./Crm.js"

/**
 * COQL queries as a `Stream` that pages itself.
 *
 * @category modules
 * @since 0.1.0
 */
export * as CrmCoql from "./CrmCoql.js"

/**
 * A typed builder for the search API's criteria, with every value escaped.
 *
 * @category modules
 * @since 0.1.0
 */
export * as CrmCriteria from "./CrmCriteria.js"

/**
 * The CRM-specific errors: a missing record, a partly failed strict write, a refused pick-list
 * value.
 *
 * @category modules
 * @since 0.1.0
 */
export * as CrmError from "./CrmError.js"

/**
 * Run CRM (Deluge) functions exposed as REST APIs with the client's OAuth token.
 *
 * @category modules
 * @since 0.1.0
 */
export * as CrmFunctions from "./CrmFunctions.js"

/**
 * Modules, fields and layouts, with a cache that spares API credits.
 *
 * @category modules
 * @since 0.1.0
 */
export * as CrmMetadata from "./CrmMetadata.js"

/**
 * The records API of one module: typed list, get, create, update, upsert, search, delete and
 * related records.
 *
 * @category modules
 * @since 0.1.0
 */
export * as CrmRecords from "./CrmRecords.js"

/**
 * Attachments and photos of records: upload, list, download (streamed) and delete.
 *
 * @category modules
 * @since 0.1.0
 */
export * as CrmFiles from "./CrmFiles.js"

/**
 * Bulk read and bulk write jobs, polled with a `Schedule` and streamed in bounded memory.
 *
 * @category modules
 * @since 0.1.0
 */
export * as CrmBulk from "./CrmBulk.js"

/**
 * The OAuth scopes CRM operations need, to build a grant request's `scope` list.
 *
 * @category modules
 * @since 0.1.0
 */
export * as CrmScopes from "./CrmScopes.js"

/**
 * Generate Schemas for an org's modules (custom fields included) from its fields metadata.
 *
 * @category modules
 * @since 0.1.0
 */
export * as CrmSchemaPull from "./CrmSchemaPull.js"
