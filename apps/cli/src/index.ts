/**
 * @since 0.1.0
 */
export * as Cli from "./Cli.js"
/**
 * @since 0.1.0
 */
export * as CliError from "./CliError.js"
/**
 * @since 0.1.0
 */
export * as Profile from "./Profile.js"
/**
 * @since 0.1.0
 */
export * as Scopes from "./Scopes.js"
/**
 * @since 0.1.0
 */
export * as Session from "./Session.js"
/**
 * @since 0.1.0
 */
export * as SchemaCommand from "./SchemaCommand.js"
/**
 * @since 0.1.0
 */
export * as Targets from "./Targets.js"
