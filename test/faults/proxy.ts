/**
 * A TCP proxy in front of the simulator that can drop a connection *after* the server answered:
 * the one fault the simulator cannot inject itself (its `Reset` drops the request before any
 * handler runs). Armed for a request line prefix, it forwards that request, waits for the first
 * byte of the answer (so the server has processed it) and resets the client's socket instead of
 * passing the answer on.
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as Net from "node:net"

export interface ResetProxy {
  readonly url: string
  /** Point the proxy at the server (it is started before the server knows its own URL). */
  readonly target: (port: number) => void
  /**
   * Reset the next exchange whose request line starts with `requestLine` (e.g. `POST /crm/v8/Leads`)
   * once the server has answered: before any byte of the answer reaches the client (`"answer"`),
   * or after its headers and the first bytes of its body (`"body"`).
   */
  readonly resetAfterAnswer: (requestLine: string, cut?: "answer" | "body") => void
}

const reset = (socket: Net.Socket) => {
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy()
  else socket.destroy()
}

export const resetProxy: Effect.Effect<ResetProxy, never, Scope.Scope> = Effect.gen(function*() {
  let targetPort = 0
  let armed: { readonly line: string; readonly cut: "answer" | "body" } | undefined
  const sockets = new Set<Net.Socket>()
  const server = Net.createServer((client) => {
    const upstream = Net.connect({ host: "127.0.0.1", port: targetPort })
    sockets.add(client).add(upstream)
    let cutNextAnswer: "answer" | "body" | undefined
    client.on("data", (chunk: Buffer) => {
      if (armed !== undefined && chunk.toString("latin1").startsWith(armed.line)) {
        cutNextAnswer = armed.cut
        armed = undefined
      }
      upstream.write(chunk)
    })
    upstream.on("data", (chunk: Buffer) => {
      if (cutNextAnswer === undefined) {
        client.write(chunk)
        return
      }
      const headersEnd = chunk.indexOf("\r\n\r\n")
      const cut = () => {
        reset(client)
        upstream.destroy()
      }
      // The headers and a few bytes of the body, so the client is already reading the body.
      if (cutNextAnswer === "body" && headersEnd >= 0) client.write(chunk.subarray(0, headersEnd + 4 + 8), cut)
      else cut()
    })
    // A reset on one side is a reset on the other; a clean close stays a clean close.
    upstream.on("error", () => reset(client))
    client.on("error", () => upstream.destroy())
    upstream.on("end", () => client.end())
    client.on("end", () => upstream.end())
    upstream.on("close", () => {
      sockets.delete(upstream)
      client.destroy()
    })
    client.on("close", () => {
      sockets.delete(client)
      upstream.destroy()
    })
  })
  const port = yield* Effect.acquireRelease(
    Effect.async<number>((resume) => {
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        resume(Effect.succeed(typeof address === "object" && address !== null ? address.port : 0))
      })
    }),
    () =>
      Effect.async<void>((resume) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resume(Effect.void))
      })
  )
  return {
    url: `http://127.0.0.1:${port}`,
    target: (p) => {
      targetPort = p
    },
    resetAfterAnswer: (line, cut = "answer") => {
      armed = { line, cut }
    }
  }
})
