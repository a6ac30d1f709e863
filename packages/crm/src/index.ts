/**
 * @since 0.1.0
 */
export * as Crm from "./Crm.js"
/**
 * @since 0.1.0
 */
export * as CrmCoql from "./CrmCoql.js"
/**
 * @since 0.1.0
 */
export * as CrmCriteria from "./CrmCriteria.js"
/**
 * @since 0.1.0
 */
export * as CrmError from "./CrmError.js"
/**
 * @since 0.1.0
 */
export * as CrmFunctions from "./CrmFunctions.js"
/**
 * @since 0.1.0
 */
export * as CrmMetadata from "./CrmMetadata.js"
/**
 * @since 0.1.0
 */
export * as CrmRecords from "./CrmRecords.js"
/**
 * @since 0.1.0
 */
export * as CrmFiles from "./CrmFiles.js"
/**
 * @since 0.1.0
 */
export * as CrmBulk from "./CrmBulk.js"
/**
 * @since 0.1.0
 */
export * as CrmScopes from "./CrmScopes.js"
// The generated declarations are not re-exported here: importing the package root loads only the
// generated modules the records API refines. Import them from `@effect-zoho/crm/generated/<Module>`
// (one module) or `@effect-zoho/crm/generated` (all 422 operations).
/**
 * @since 0.1.0
 */
export * as CrmSchemaPull from "./CrmSchemaPull.js"
