/**
 * Execute a CRM function (Deluge) exposed as a REST API, with OAuth (`auth_type=oauth`), by GET
 * (arguments as query parameters) or POST (arguments as a JSON body).
 *
 * @since 0.1.0
 */
import * as Endpoint from "@effect-zoho/core/Endpoint"
import type { ZohoClient } from "@effect-zoho/core/ZohoClient"
import type { ZohoError } from "@effect-zoho/core/ZohoError"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"

/**
 * What a function answers: `details.output` holds what the function returned.
 *
 * @category schemas
 * @since 0.1.0
 */
export const Result = Schema.Struct({
  code: Schema.String,
  message: Schema.optional(Schema.String),
  details: Schema.optional(Schema.Struct({
    output: Schema.optional(Schema.Unknown),
    output_type: Schema.optional(Schema.String),
    id: Schema.optional(Schema.String)
  }))
})
/**
 * What a function answers (see the {@link Result} schema).
 *
 * @category models
 * @since 0.1.0
 */
export type Result = typeof Result.Type

const Path = Schema.Struct({ name: Schema.String })
const Arguments = Schema.Record({ key: Schema.String, value: Schema.Unknown })

const base = {
  product: ZohoProducts.crm,
  path: "/functions/{name}/actions/execute",
  pathParams: Path,
  response: Result,
  scopes: ["ZohoCRM.functions.execute.READ"],
  docs: "https://www.zoho.com/crm/developer/docs/functions/serverless-fn-apis.html"
} as const

/** @internal */
export const endpoints = {
  get: Endpoint.make({
    ...base,
    operation: "crm.functions.executeGet",
    method: "GET",
    query: Schema.Struct(
      { auth_type: Schema.Literal("oauth") },
      Schema.Record({ key: Schema.String, value: Schema.Unknown })
    )
  }),
  post: Endpoint.make({
    ...base,
    operation: "crm.functions.executePost",
    method: "POST",
    query: Schema.Struct({ auth_type: Schema.Literal("oauth") }),
    body: Arguments,
    scopes: ["ZohoCRM.functions.execute.CREATE"]
  })
}

const getCall = Endpoint.call(endpoints.get)
const postCall = Endpoint.call(endpoints.post)

/**
 * Run function `name` by GET; each argument is one query parameter (objects go as JSON text).
 *
 * @category functions
 * @since 0.1.0
 */
export const executeGet = (
  name: string,
  args: Readonly<Record<string, unknown>> = {}
): Effect.Effect<Result, ZohoError, ZohoClient> => getCall({ path: { name }, query: { ...args, auth_type: "oauth" } })

/**
 * Run function `name` by POST, with the arguments as the JSON body. Not replayed after an
 * ambiguous failure (a function may have side effects).
 *
 * @category functions
 * @since 0.1.0
 */
export const executePost = (
  name: string,
  args: Readonly<Record<string, unknown>> = {}
): Effect.Effect<Result, ZohoError, ZohoClient> =>
  postCall({ path: { name }, query: { auth_type: "oauth" }, body: args })
