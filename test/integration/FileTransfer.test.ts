import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
/**
 * Files through the endpoint model (`ZohoTransfer`) against the simulator's CRM attachments:
 * a 5 MB multipart upload, a PDF streamed back, the throttle permit held for the whole transfer,
 * memory while a large file streams over a real socket, and the bad inputs that must fail before
 * any request (nothing fetched, nothing stored).
 */
import { Endpoint, Envelope, MemoryTokenStore, TokenStore, Zoho, ZohoRegion, ZohoTransfer } from "@effect-zoho/core"
import { SimHttpApp, SimSeed, Simulator } from "@effect-zoho/sim"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpServer from "@effect/platform/HttpServer"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as Fs from "node:fs"
import * as Http from "node:http"
import * as Os from "node:os"
import * as Path from "node:path"
import * as V8 from "node:v8"
import * as Vm from "node:vm"
import { refreshUser, stack } from "../support/Stack.js"

const records = { org1: { Leads: [{ id: "100", Last_Name: "Ada" }] } }
const seed = SimSeed.demo({ crmRecords: records })

const Record = Schema.Struct({ module: Schema.String, record_id: Schema.String })

const upload = Endpoint.call(Endpoint.make({
  product: ZohoProducts.crm,
  operation: "crm.attachments.upload",
  method: "POST",
  path: "/{module}/{record_id}/Attachments",
  pathParams: Record,
  body: Schema.Struct({ file: ZohoTransfer.File }),
  bodyEncoding: "multipart",
  response: Envelope.CrmWriteResults
}))

const attachment = {
  product: ZohoProducts.crm,
  method: "GET",
  path: "/{module}/{record_id}/Attachments/{id}",
  pathParams: Schema.Struct({ module: Schema.String, record_id: Schema.String, id: Schema.String })
} as const

const downloadStreamed = Endpoint.call(Endpoint.make({
  ...attachment,
  operation: "crm.attachments.download",
  response: Schema.UndefinedOr(ZohoTransfer.Streamed)
}))

const downloadBuffered = Endpoint.call(Endpoint.make({
  ...attachment,
  operation: "crm.attachments.downloadBytes",
  response: ZohoTransfer.Buffered
}))

const listAttachments = Endpoint.call(Endpoint.make({
  product: ZohoProducts.crm,
  operation: "crm.attachments.list",
  method: "GET",
  path: "/{module}/{record_id}/Attachments",
  pathParams: Record,
  response: Envelope.CrmList(Schema.Struct({ id: Schema.String, File_Name: Schema.String }))
}))

const resultLink = ZohoTransfer.link({
  product: ZohoProducts.crm,
  operation: "crm.bulk_write.result",
  pathTemplate: "/crm/bulk/v8/write/{job_id}/result"
})

/** A PDF-looking file of `size` bytes (header, varied content, trailer). */
const pdf = (size: number): Uint8Array => {
  const bytes = new Uint8Array(size)
  for (let i = 0; i < size; i++) bytes[i] = (i * 131 + (i >>> 9)) & 0xff
  bytes.set(new TextEncoder().encode("%PDF-1.7\n"), 0)
  bytes.set(new TextEncoder().encode("\n%%EOF\n"), size - 7)
  return bytes
}

const concat = (chunks: Iterable<Uint8Array>): Uint8Array => {
  const all = Array.from(chunks)
  const out = new Uint8Array(all.reduce((n, c) => n + c.length, 0))
  let at = 0
  for (const c of all) {
    out.set(c, at)
    at += c.length
  }
  return out
}

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i])

const uploaded = (results: Envelope.CrmWriteResults): string => {
  const ok = Envelope.crm.partition(results).succeeded[0]
  assert.isDefined(ok)
  return ok!.result.details.id
}

const MB = 1024 * 1024

describe("files in the endpoint model (in-memory simulator)", () => {
  it.effect("uploads 5 MB as multipart and streams the PDF back, with its name, type and length", () =>
    Effect.gen(function*() {
      const { layer, simulator } = yield* stack({ seed })
      yield* Effect.gen(function*() {
        const content = pdf(5 * MB)
        // The file arrives as a stream of 64 KB chunks, as from disk.
        const chunks = Stream.range(0, Math.ceil(content.length / (64 * 1024)) - 1).pipe(
          Stream.map((i) => content.subarray(i * 64 * 1024, (i + 1) * 64 * 1024))
        )
        const id = uploaded(
          yield* upload({
            path: { module: "Leads", record_id: "100" },
            body: { file: { fileName: "invoice INV-7 é.pdf", contentType: "application/pdf", stream: chunks } }
          })
        )
        const entry = (yield* simulator.log).find((e) => e.method === "POST" && e.path.endsWith("/Attachments"))
        assert.isDefined(entry)
        const file = yield* downloadStreamed({ path: { module: "Leads", record_id: "100", id } })
        assert.isDefined(file)
        assert.strictEqual(file!.fileName, "invoice INV-7 é.pdf")
        assert.strictEqual(file!.contentType, "application/pdf")
        assert.strictEqual(file!.contentLength, 5 * MB)
        const back = concat(yield* Stream.runCollect(file!.stream))
        assert.isTrue(same(back, content), "the bytes streamed back are the bytes uploaded")
        const bytes = yield* downloadBuffered({ path: { module: "Leads", record_id: "100", id } })
        assert.isTrue(same(bytes.bytes, content))
        assert.strictEqual(bytes.fileName, "invoice INV-7 é.pdf")
      }).pipe(Effect.provide(layer))
    }))

  it.effect("uploads a file from a path (ZohoTransfer.fromPath) under its own name", () =>
    Effect.gen(function*() {
      const { layer } = yield* stack({ seed })
      const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-zoho-files-"))
      const file = Path.join(dir, "statement 2026.pdf")
      const content = pdf(200_000)
      Fs.writeFileSync(file, content)
      yield* Effect.gen(function*() {
        const source = yield* ZohoTransfer.fromPath(file, { contentType: "application/pdf" })
        const id = uploaded(yield* upload({ path: { module: "Leads", record_id: "100" }, body: { file: source } }))
        const back = (yield* downloadStreamed({ path: { module: "Leads", record_id: "100", id } }))!
        assert.strictEqual(back.fileName, "statement 2026.pdf")
        assert.isTrue(same(concat(yield* Stream.runCollect(back.stream)), content))
      }).pipe(
        Effect.provide(Layer.merge(layer, NodeFileSystem.layer)),
        Effect.ensuring(Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true })))
      )
    }))

  it.effect("a streamed download holds its throttle permit until the stream is consumed", () =>
    Effect.gen(function*() {
      // One permit, and a client that buffers by default: the endpoint still streams.
      const { layer, simulator } = yield* stack({
        seed,
        throttle: { policies: { crm: { maxConcurrent: 1 } } }
      })
      yield* Effect.gen(function*() {
        const id = uploaded(
          yield* upload({
            path: { module: "Leads", record_id: "100" },
            body: { file: { fileName: "a.pdf", contentType: "application/pdf", bytes: pdf(300_000) } }
          })
        )
        const file = (yield* downloadStreamed({ path: { module: "Leads", record_id: "100", id } }))!
        const before = (yield* simulator.log).length
        const other = yield* Effect.fork(listAttachments({ path: { module: "Leads", record_id: "100" } }))
        yield* TestClock.adjust("5 seconds")
        assert.isTrue(Option.isNone(yield* Fiber.poll(other)), "the permit is still held by the download")
        assert.strictEqual((yield* simulator.log).length, before, "the other call did not reach Zoho")
        const size = yield* Stream.runFold(file.stream, 0, (n, c) => n + c.length)
        assert.strictEqual(size, 300_000)
        const listed = yield* Fiber.join(other)
        assert.strictEqual(listed.data.length, 1)

        // A download nobody reads gives its permit back after the read timeout (60 s).
        const unread = yield* downloadStreamed({ path: { module: "Leads", record_id: "100", id } })
        assert.isDefined(unread)
        const next = yield* Effect.fork(listAttachments({ path: { module: "Leads", record_id: "100" } }))
        yield* TestClock.adjust("30 seconds")
        assert.isTrue(Option.isNone(yield* Fiber.poll(next)))
        yield* TestClock.adjust("31 seconds")
        assert.strictEqual((yield* Fiber.join(next)).data.length, 1)
      }).pipe(Effect.provide(layer))
    }))

  it.effect("bad input fails before any request and stores no token", () =>
    Effect.gen(function*() {
      const { layer, simulator, store } = yield* stack({ seed })
      yield* Effect.gen(function*() {
        const path = { module: "Leads", record_id: "100" }
        const bytes = pdf(1000)
        const noName = [
          { fileName: "", bytes },
          { fileName: "   ", bytes },
          { fileName: "a\r\nContent-Type: text/html", bytes },
          { bytes } as unknown as ZohoTransfer.FileSource
        ]
        for (const file of noName) {
          const error = yield* Effect.flip(upload({ path, body: { file } }))
          assert.strictEqual(error._tag, "ZohoConfigError")
          assert.strictEqual(error._tag === "ZohoConfigError" ? error.reason : "", "InvalidInput")
          assert.include(error.message, "crm.attachments.upload")
        }
        for (const escape of ["..", "../../oauth/v2/token", "a/b", "%2e%2e", "..%2Fx", "x\\y"]) {
          const error = yield* Effect.flip(downloadStreamed({ path: { ...path, id: escape } }))
          assert.strictEqual(error._tag, "ZohoConfigError", escape)
        }
        for (
          const url of [
            "https://evil.example/crm/bulk/v8/write/1/result",
            "http://download-accl.zoho.com/x.zip",
            "https://download-accl.zoho.com:8443/x.zip",
            "https://user:pw@download-accl.zoho.com/x.zip",
            "https://download-accl.zoho.com/a/../../x.zip",
            "https://zoho.com.evil.example/x.zip",
            "//evil.example/x.zip",
            "not a url"
          ]
        ) {
          const error = yield* Effect.flip(ZohoTransfer.downloadLink(resultLink, url))
          assert.strictEqual(error._tag, "ZohoConfigError", url)
        }
        const log = yield* simulator.log
        assert.strictEqual(log.length, 0, "no request at all: not even a token")
        assert.strictEqual((yield* store.list).length, 0, "nothing written to the token store")
      }).pipe(Effect.provide(layer))
    }))
})

/** The simulator on a loopback port, and the production Node client (undici) in front of it. */
const overHttp = Effect.gen(function*() {
  const node = Http.createServer()
  const server = yield* NodeHttpServer.make(() => node, { port: 0, host: "127.0.0.1" })
  const address = server.address
  assert(address._tag === "TcpAddress")
  const url = `http://127.0.0.1:${address.port}`
  // The token response names the server as api_domain, as the zoho-sim app does.
  const simulator = yield* Simulator.make(SimSeed.demo({ crmRecords: records, settings: { apiDomain: url } }))
  yield* HttpServer.serveEffect(SimHttpApp.make(simulator)).pipe(Effect.provideService(HttpServer.HttpServer, server))
  yield* Effect.addFinalizer(() => Effect.sync(() => node.closeAllConnections()))
  const store = yield* MemoryTokenStore.make()
  return Zoho.layer({
    region: ZohoRegion.make("US", "production", { apiUrl: url, accountsUrl: url, uploadUrl: url }),
    user: refreshUser
  }).pipe(
    Layer.provide(NodeHttpClient.layerUndici),
    Layer.provide(Layer.succeed(TokenStore.TokenStore, store))
  )
})

/** A full collection before each measure, so garbage from earlier steps does not blur the figures. */
const collectGarbage = (): void => {
  V8.setFlagsFromString("--expose-gc")
  const gc: unknown = Vm.runInNewContext("gc")
  if (typeof gc === "function") gc()
}

/** Heap plus array buffers: where downloaded bytes live. */
const used = () => {
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}

describe("files in the endpoint model (over HTTP)", () => {
  it.live(
    "a 20 MB PDF streams back in bounded memory; reading it buffered costs its size",
    () =>
      Effect.gen(function*() {
        const layer = yield* overHttp
        yield* Effect.gen(function*() {
          // 20 MB: the largest attachment Zoho (and the simulator) accepts.
          const size = 20 * MB
          const id = uploaded(
            yield* upload({
              path: { module: "Leads", record_id: "100" },
              body: { file: { fileName: "big.pdf", contentType: "application/pdf", bytes: pdf(size) } }
            })
          )
          collectGarbage()
          const base = used()
          let peak = base
          const file = (yield* downloadStreamed({ path: { module: "Leads", record_id: "100", id } }))!
          const total = yield* Stream.runFold(file.stream, 0, (n, chunk) => {
            peak = Math.max(peak, used())
            return n + chunk.length
          })
          assert.strictEqual(total, size)
          const streamed = peak - base

          collectGarbage()
          const base2 = used()
          const bytes = yield* downloadBuffered({ path: { module: "Leads", record_id: "100", id } })
          collectGarbage()
          // What stays in memory with the answer in hand (the file, at least).
          const buffered = used() - base2
          assert.strictEqual(bytes.bytes.length, size)

          console.log(
            `file transfer memory: ${size / MB} MB file, streamed peak growth ${(streamed / MB).toFixed(1)} MB ` +
              `(${(streamed / size).toFixed(2)}× the file), buffered: ${(buffered / MB).toFixed(1)} MB held`
          )
          // A generous bound: a loaded machine may collect late, but streaming never holds the file twice.
          assert.isBelow(streamed, 2 * size)
        }).pipe(Effect.provide(layer))
      }).pipe(Effect.scoped),
    120_000
  )
})
