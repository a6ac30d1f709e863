/**
 * The simulator's transport-neutral request and response: both faces (the in-memory
 * `HttpClient` layer and the loopback HTTP server) translate to and from these.
 *
 * @since 0.1.0
 */

/**
 * @category models
 * @since 0.1.0
 */
export interface SimRequest {
  /** Upper-case. */
  readonly method: string
  readonly url: URL
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array
}

/**
 * @category models
 * @since 0.1.0
 */
export interface SimResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string | Uint8Array | undefined
}

/**
 * What the simulator does with a request: answer it, or (fault injection) drop the connection
 * or never answer.
 *
 * @category models
 * @since 0.1.0
 */
export type SimOutcome =
  | { readonly _tag: "Respond"; readonly response: SimResponse }
  | { readonly _tag: "Reset" }
  | { readonly _tag: "Refuse" }
  | { readonly _tag: "Hang" }

/**
 * @category responses
 * @since 0.1.0
 */
export const json = (status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): SimResponse => ({
  status,
  headers: { "content-type": "application/json;charset=UTF-8", ...headers },
  body: JSON.stringify(value)
})

/**
 * @category responses
 * @since 0.1.0
 */
export const empty = (status: number, headers: Readonly<Record<string, string>> = {}): SimResponse => ({
  status,
  headers
})

const decoder = new TextDecoder()

/**
 * @category requests
 * @since 0.1.0
 */
export const text = (request: SimRequest): string => decoder.decode(request.body)

/**
 * The JSON body, or `undefined` when it is empty or not JSON.
 *
 * @category requests
 * @since 0.1.0
 */
export const jsonBody = (request: SimRequest): unknown => {
  const raw = text(request)
  if (raw.trim().length === 0) return undefined
  try {
    return JSON.parse(raw)
  } catch {
    return undefined
  }
}

/**
 * Parameters from the query string merged with a form body, as Zoho's accounts server and the
 * finance products' `JSONString` form accept them. Body values win.
 *
 * @category requests
 * @since 0.1.0
 */
export const params = (request: SimRequest): Record<string, string> => {
  const out: Record<string, string> = {}
  request.url.searchParams.forEach((v, k) => {
    out[k] = v
  })
  const type = request.headers["content-type"] ?? ""
  if (type.includes("application/x-www-form-urlencoded")) {
    new URLSearchParams(text(request)).forEach((v, k) => {
      out[k] = v
    })
  }
  return out
}
