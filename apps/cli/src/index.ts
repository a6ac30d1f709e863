/**
 * @since 0.1.0
 */
export * as Cli from "./Cli.js"
/**
 * @since 0.1.0
 */
export * as SchemaCommand from "./SchemaCommand.js"
/**
 * @since 0.1.0
 */
export * as Targets from "./Targets.js"
