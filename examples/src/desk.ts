/**
 * Adding a Zoho product core does not ship: Zoho Desk, as one descriptor and two endpoints
 * (docs/adding-a-product.md walks through it). `deskRoutes` is a user-defined stand-in for Desk
 * (an `HttpClient` that answers the accounts server and two Desk routes), so the example runs
 * with no Zoho account; the test suite runs it too (test/integration/AddingAProduct.test.ts).
 *
 * Run it with `npx -y pnpm@10.34.8 --filter @effect-zoho/examples build && node examples/dist/desk.js`.
 */
import { Endpoint, MemoryTokenStore, Zoho, ZohoCredentials, ZohoProduct, ZohoRegion, ZohoUser } from "@effect-zoho/core"
import { HttpClient, HttpClientResponse } from "@effect/platform"
import { Console, Effect, Layer, Redacted, Schema } from "effect"

/**
 * Zoho Desk: served on its own hosts (`desk.zoho.{tld}/api/v1`), the organization id in the `orgId`
 * header (except for organization discovery), `{ data: [...] }` lists and `{ errorCode, message }`
 * errors. `ZohoProduct.unsafeMake` checks the descriptor when the module loads (use
 * `ZohoProduct.make` for a descriptor built from input: it returns an `Either`).
 */
export const desk: ZohoProduct.ZohoProduct = ZohoProduct.unsafeMake({
  id: "desk",
  name: "Zoho Desk",
  basePath: "/api/v1",
  version: "v1",
  legacyHosts: {
    basePath: "/api/v1",
    origins: {
      US: "https://desk.zoho.com",
      EU: "https://desk.zoho.eu",
      IN: "https://desk.zoho.in",
      AU: "https://desk.zoho.com.au",
      JP: "https://desk.zoho.jp",
      CN: "https://desk.zoho.com.cn"
    }
  },
  useLegacyHosts: true,
  orgId: ZohoProduct.orgIdHeader("orgId"),
  orgFreePaths: ["/organizations"],
  // Success bodies are what the endpoint's Schema says; errors come with a 4xx and a string code.
  envelope: "crmStyle",
  errorCodes: [
    { code: "INVALID_OAUTH", name: "INVALID_OAUTH", meaning: "the OAuth token is invalid", kind: "InvalidToken" },
    {
      code: "SCOPE_MISMATCH",
      name: "SCOPE_MISMATCH",
      meaning: "the token lacks a scope the operation needs",
      kind: "NotAuthorized"
    },
    { code: "URL_NOT_FOUND", name: "URL_NOT_FOUND", meaning: "no such resource", kind: "NotFound" },
    { code: "TOO_MANY_REQUESTS", name: "TOO_MANY_REQUESTS", meaning: "the API limit is reached", kind: "RateLimited" }
  ],
  scopePrefix: "Desk.",
  throttle: { maxConcurrent: 5 }
})

/** @since 0.1.0 */
export const Ticket = Schema.Struct({
  id: Schema.String,
  ticketNumber: Schema.String,
  subject: Schema.String,
  status: Schema.String
})

/** `GET /tickets`: a page of tickets. */
export const listTickets = Endpoint.make({
  product: desk,
  operation: "desk.tickets.list",
  method: "GET",
  path: "/tickets",
  query: Schema.Struct({ from: Schema.optional(Schema.Number), limit: Schema.optional(Schema.Number) }),
  response: Schema.Struct({ data: Schema.Array(Ticket) }),
  // Desk answers an empty list with HTTP 204.
  empty: { data: [] },
  scopes: ["Desk.tickets.READ"]
})

/** `GET /tickets/{ticketId}`: one ticket. */
export const getTicket = Endpoint.make({
  product: desk,
  operation: "desk.tickets.get",
  method: "GET",
  path: "/tickets/{ticketId}",
  pathParams: Schema.Struct({ ticketId: Schema.String }),
  response: Ticket,
  scopes: ["Desk.tickets.READ"]
})

/** What the example does: list the tickets, then read the first one again. */
export const program = Effect.gen(function*() {
  const { data } = yield* Endpoint.call(listTickets)({ query: { limit: 10 } })
  yield* Console.log(`${data.length} tickets`)
  const first = yield* Endpoint.call(getTicket)({ path: { ticketId: data[0]!.id } })
  yield* Console.log(`#${first.ticketNumber}: ${first.subject} (${first.status})`)
  return { count: data.length, first }
})

const tickets = [
  { id: "1001", ticketNumber: "101", subject: "Printer on fire", status: "Open" },
  { id: "1002", ticketNumber: "102", subject: "Login loop", status: "On Hold" }
]

const json = (request: Parameters<typeof HttpClientResponse.fromWeb>[0], status: number, body: unknown) =>
  HttpClientResponse.fromWeb(
    request,
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })
  )

/**
 * A user-defined stand-in for Zoho: the accounts server mints a token; Desk answers two routes,
 * and only with the org id header and a token.
 */
export const deskRoutes: Layer.Layer<HttpClient.HttpClient> = Layer.succeed(
  HttpClient.HttpClient,
  HttpClient.make((request, url) =>
    Effect.sync(() => {
      if (url.pathname === "/oauth/v2/token") {
        return json(request, 200, { access_token: "1000.desk-token", expires_in: 3600, token_type: "Bearer" })
      }
      if (url.origin !== "https://desk.zoho.com") return json(request, 404, { errorCode: "URL_NOT_FOUND" })
      if (request.headers["authorization"] !== "Zoho-oauthtoken 1000.desk-token") {
        return json(request, 401, { errorCode: "INVALID_OAUTH", message: "The OAuth Token you provided is invalid." })
      }
      if (request.headers["orgid"] !== "700001") {
        return json(request, 400, { errorCode: "INVALID_DATA", message: "orgId is missing or wrong" })
      }
      if (url.pathname === "/api/v1/tickets") return json(request, 200, { data: tickets })
      const one = tickets.find((t) => url.pathname === `/api/v1/tickets/${t.id}`)
      return one === undefined
        ? json(request, 404, { errorCode: "URL_NOT_FOUND", message: "The requested resource does not exist" })
        : json(request, 200, one)
    })
  )
)

/** The stack for the example: one user of Desk org 700001, a memory token store, `deskRoutes`. */
export const DeskLive = Zoho.layer({
  region: ZohoRegion.make("US"),
  user: ZohoUser.make({
    credentials: ZohoCredentials.RefreshToken({
      clientId: "1000.DESKCLIENT",
      clientSecret: Redacted.make("desk-secret"),
      refreshToken: Redacted.make("1000.desk-refresh")
    }),
    organizationId: { desk: "700001" }
  })
}).pipe(Layer.provide(deskRoutes), Layer.provide(MemoryTokenStore.layer))

if (import.meta.url === `file://${process.argv[1]}`) {
  Effect.runPromise(Effect.provide(program, DeskLive)).then(
    () => undefined,
    (error: unknown) => {
      console.error(error)
      process.exitCode = 1
    }
  )
}
