/**
 * The loopback redirect of `zoho auth login`: an HTTP server on `127.0.0.1:<port>` that waits for
 * Zoho's redirect to `/callback`, checks `state`, and hands over the code with the `location` and
 * `accounts-server` parameters Zoho adds. It answers the browser with a short page and stops at
 * the first callback, good or bad.
 *
 * @since 0.1.0
 */
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as Http from "node:http"
import * as CliError from "./CliError.js"

/** What the redirect brought. @since 0.1.0 */
export interface Callback {
  readonly code: Redacted.Redacted<string>
  /** Zoho's data center code, e.g. `us`, `eu`. */
  readonly location: string | undefined
  /** The accounts server to exchange the code at, e.g. `https://accounts.zoho.eu`. */
  readonly accountsServer: string | undefined
}

/** @since 0.1.0 */
export interface Loopback {
  readonly port: number
  /** `http://127.0.0.1:<port>/callback`: what the client must have registered. */
  readonly redirectUri: string
  /** The first callback's outcome. */
  readonly callback: Effect.Effect<Callback, CliError.CliUsageError | CliError.CliFailure>
}

const page = (title: string, text: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif">` +
  `<h1>${title}</h1><p>${text}</p></body>`

/** The loopback host: an IP literal, so no resolver or hosts file can send the code elsewhere. @since 0.1.0 */
export const host = "127.0.0.1"

/** @since 0.1.0 */
export const redirectUriFor = (port: number): string => `http://${host}:${port}/callback`

/**
 * Listen on `port` (0 picks a free one) until the scope closes. A port in use is a usage error.
 *
 * @since 0.1.0
 */
export const listen = (port: number, state: string): Effect.Effect<Loopback, CliError.CliUsageError, Scope.Scope> =>
  Effect.gen(function*() {
    const outcome = yield* Deferred.make<Callback, CliError.CliUsageError | CliError.CliFailure>()
    const settle = (exit: Effect.Effect<Callback, CliError.CliUsageError | CliError.CliFailure>) =>
      Effect.runFork(Deferred.complete(outcome, exit))
    const server = Http.createServer((req, res) => {
      const url = new URL(req.url ?? "/", `http://${host}`)
      if (url.pathname !== "/callback") {
        res.writeHead(404, { "content-type": "text/plain" }).end("Not found")
        return
      }
      const params = url.searchParams
      const reply = (status: number, title: string, text: string) =>
        res.writeHead(status, { "content-type": "text/html; charset=utf-8", connection: "close" })
          .end(page(title, text))
      if (params.get("state") !== state) {
        reply(400, "Login refused", "The state of this redirect does not match the login. Nothing was saved.")
        settle(
          Effect.fail(
            CliError.usage(
              "the redirect's state does not match this login (a stale or forged callback); no token was written",
              "run zoho auth login again and finish it in the browser it opens"
            )
          )
        )
        return
      }
      const error = params.get("error")
      if (error !== null) {
        reply(400, "Login refused", `Zoho answered ${error}. Nothing was saved.`)
        settle(
          Effect.fail(
            new CliError.CliFailure({
              message: `Zoho refused the authorization (${error}); no token was written`
            })
          )
        )
        return
      }
      const code = params.get("code")
      if (code === null || code.trim() === "") {
        reply(400, "Login refused", "The redirect carries no code. Nothing was saved.")
        settle(Effect.fail(new CliError.CliFailure({ message: "the redirect carries no code; no token was written" })))
        return
      }
      reply(200, "Logged in", "zoho has the authorization code. You can close this tab.")
      settle(Effect.succeed({
        code: Redacted.make(code),
        location: params.get("location") ?? undefined,
        accountsServer: params.get("accounts-server") ?? undefined
      }))
    })
    const bound = yield* Effect.async<number, CliError.CliUsageError>((resume) => {
      server.once("error", (e: NodeJS.ErrnoException) =>
        resume(Effect.fail(
          e.code === "EADDRINUSE" || e.code === "EACCES"
            ? CliError.usage(
              `port ${port} on ${host} is ${e.code === "EADDRINUSE" ? "in use" : "not allowed"}`,
              `pass --port with a free port, and register http://${host}:<port>/callback for your client`
            )
            : CliError.usage(`cannot listen on ${host}:${port}: ${e.code ?? e.message}`, "pass another --port")
        )))
      server.listen(port, host, () => {
        const address = server.address()
        resume(Effect.succeed(typeof address === "object" && address !== null ? address.port : port))
      })
    })
    yield* Effect.addFinalizer(() =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
    )
    return { port: bound, redirectUri: redirectUriFor(bound), callback: Deferred.await(outcome) }
  })
