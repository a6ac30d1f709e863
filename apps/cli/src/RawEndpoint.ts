/**
 * A raw call (`zoho api crm GET /Leads`) as an endpoint declaration of the library, so it goes
 * through the same machinery as generated endpoints: `Endpoint.toRequest` builds the request,
 * `ZohoClient` adds the base path, token, org id, throttle and retry, the product's envelope
 * decides success, and `Pagination` pages it.
 *
 * @since 0.1.0
 */
import * as Endpoint from "@effect-zoho/core/Endpoint"
import type * as ZohoProduct from "@effect-zoho/core/ZohoProduct"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import type * as ZohoRequest from "@effect-zoho/core/ZohoRequest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as CliError from "./CliError.js"
import * as Scopes from "./Scopes.js"

/** Query parameters as typed on the command line. @since 0.1.0 */
export const Query = Schema.Record({ key: Schema.String, value: Schema.String })

const methods: ReadonlyArray<ZohoRequest.Method> = ["GET", "POST", "PUT", "PATCH", "DELETE"]

/** The product a user named; unknown is a usage error with the choices. @since 0.1.0 */
export const product = (name: string): Effect.Effect<ZohoProduct.ZohoProduct, CliError.CliUsageError> => {
  const found = ZohoProducts.find(name)
  return found._tag === "Some"
    ? Effect.succeed(found.value)
    : Effect.fail(CliError.usage(`unknown product "${name}"`, `use one of: ${Scopes.productIds.join(", ")}`))
}

/** @since 0.1.0 */
export const method = (name: string): Effect.Effect<ZohoRequest.Method, CliError.CliUsageError> => {
  const upper = name.toUpperCase() as ZohoRequest.Method
  return methods.includes(upper)
    ? Effect.succeed(upper)
    : Effect.fail(CliError.usage(`unknown method "${name}"`, `use one of: ${methods.join(", ")}`))
}

/**
 * Split a path as typed into the path below the product base path and its query parameters.
 * It must start with `/`; the product's base path (`/crm/v8`) may be included and is dropped.
 *
 * @since 0.1.0
 */
export const path = (
  product: ZohoProduct.ZohoProduct,
  input: string
): Effect.Effect<{ readonly path: string; readonly query: Record<string, string> }, CliError.CliUsageError> => {
  if (!input.startsWith("/")) {
    return Effect.fail(
      CliError.usage(`the path "${input}" must start with "/"`, `e.g. zoho api ${product.id} GET /${input}`)
    )
  }
  if (/[{}\s]/.test(input)) {
    return Effect.fail(
      CliError.usage(`the path "${input}" has braces or spaces`, "fill in ids and URL-encode the rest")
    )
  }
  const [rawPath, rawQuery] = input.split("?", 2) as [string, string | undefined]
  const below = rawPath === product.basePath
    ? "/"
    : rawPath.startsWith(`${product.basePath}/`)
    ? rawPath.slice(product.basePath.length)
    : rawPath
  const query: Record<string, string> = {}
  for (const [k, v] of new URLSearchParams(rawQuery ?? "")) query[k] = v
  return Effect.succeed({ path: below.replace(/\/+$/, "") || "/", query })
}

/**
 * `key=value` pairs (from `-f` and `-q`); a pair without `=` is a usage error.
 *
 * @since 0.1.0
 */
export const pairs = (
  flag: string,
  items: ReadonlyArray<string>
): Effect.Effect<Record<string, string>, CliError.CliUsageError> => {
  const out: Record<string, string> = {}
  for (const item of items) {
    const eq = item.indexOf("=")
    if (eq <= 0) {
      return Effect.fail(CliError.usage(`${flag} "${item}" is not key=value`, `e.g. ${flag} Last_Name=Smith`))
    }
    out[item.slice(0, eq)] = item.slice(eq + 1)
  }
  return Effect.succeed(out)
}

/** Whether a product speaks the finance family's envelope (`page_context` pages). @since 0.1.0 */
export const isFinance = (product: ZohoProduct.ZohoProduct): boolean => product.envelope === "finance"

/**
 * The declaration for one raw call.
 *
 * @since 0.1.0
 */
export const make = (options: {
  readonly product: ZohoProduct.ZohoProduct
  readonly method: ZohoRequest.Method
  readonly path: string
  readonly pagination?: Endpoint.PaginationStyle | undefined
}) =>
  Endpoint.make({
    product: options.product,
    operation: `${options.product.id}.cli.${options.method.toLowerCase()}`,
    method: options.method,
    path: options.path,
    query: Query,
    // An undefined body sends none: one declaration serves GET and POST alike.
    body: Schema.Unknown,
    response: Schema.Unknown,
    pagination: options.pagination ?? Endpoint.noPagination
  })
