import { SimSeed } from "@effect-zoho/sim"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as CrmFiles from "../src/CrmFiles.js"
import { streamingStack } from "./support/Streaming.js"

const seed = SimSeed.demo({
  crmRecords: { org1: { Leads: [{ id: "100", Last_Name: "Ada" }], Contacts: [{ id: "200", Last_Name: "Bob" }] } }
})

const bytes = (n: number, salt = 0) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + salt) % 256)

const collect = (download: CrmFiles.Download) =>
  Effect.map(Stream.runCollect(download.stream), (chunks) => {
    const all = Chunk.toReadonlyArray(chunks)
    const out = new Uint8Array(all.reduce((n, c) => n + c.length, 0))
    let at = 0
    for (const c of all) {
      out.set(c, at)
      at += c.length
    }
    return out
  })

const png = Uint8Array.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ...bytes(500)])

describe("CrmFiles attachments", () => {
  it.effect("uploads from a stream, lists, downloads as a stream and deletes", () =>
    Effect.gen(function*() {
      const { layer } = yield* streamingStack(seed)
      yield* Effect.gen(function*() {
        const content = bytes(100_000, 7)
        // Uploaded in 10 KB chunks, as a file read from disk would arrive.
        const chunks = Stream.fromIterable(
          Array.from({ length: 10 }, (_, i) => content.slice(i * 10_000, (i + 1) * 10_000))
        )
        const id = yield* CrmFiles.uploadAttachment("Leads", "100", {
          fileName: "report 2026 – Q3.pdf",
          contentType: "application/pdf",
          stream: chunks
        })
        const linkId = yield* CrmFiles.attachLink("Leads", "100", "https://example.com/files/spec.txt")
        const listed = yield* Stream.runCollect(CrmFiles.listAttachments("Leads", "100"))
        assert.deepStrictEqual(
          Chunk.toReadonlyArray(listed).map((a) => [a.id, a.File_Name]).sort(),
          [[id, "report 2026 – Q3.pdf"], [linkId, "spec.txt"]].sort()
        )
        const download = Option.getOrThrow(yield* CrmFiles.downloadAttachment("Leads", "100", id))
        assert.strictEqual(download.fileName, "report 2026 – Q3.pdf")
        assert.strictEqual(download.contentType, "application/pdf")
        assert.strictEqual(download.contentLength, 100_000)
        assert.deepStrictEqual(yield* collect(download), content)
        yield* CrmFiles.deleteAttachment("Leads", "100", id)
        assert.isTrue(Option.isNone(yield* CrmFiles.downloadAttachment("Leads", "100", id)))
      }).pipe(Effect.provide(layer))
    }))

  it.effect("fails with Zoho's error for an unknown record, a link download and a missing attachment", () =>
    Effect.gen(function*() {
      const { layer } = yield* streamingStack(seed)
      yield* Effect.gen(function*() {
        const unknown = yield* Effect.flip(
          CrmFiles.uploadAttachment("Leads", "999", { fileName: "a.txt", bytes: bytes(3) })
        )
        assert.strictEqual(unknown._tag, "ZohoApiError")
        assert.strictEqual(unknown._tag === "ZohoApiError" ? unknown.code : "", "INVALID_DATA")
        const linkId = yield* CrmFiles.attachLink("Leads", "100", "https://example.com/x")
        const link = yield* Effect.flip(CrmFiles.downloadAttachment("Leads", "100", linkId))
        assert.strictEqual(link._tag === "ZohoApiError" ? link.code : link._tag, "INVALID_DATA")
        const del = yield* Effect.flip(CrmFiles.deleteAttachment("Leads", "100", "1"))
        assert.strictEqual(del._tag === "ZohoApiError" ? del.code : del._tag, "INVALID_DATA")
      }).pipe(Effect.provide(layer))
    }))
})

describe("CrmFiles photos", () => {
  it.effect("uploads bytes, downloads and deletes a photo; a record without one is None", () =>
    Effect.gen(function*() {
      const { layer } = yield* streamingStack(seed)
      yield* Effect.gen(function*() {
        assert.isTrue(Option.isNone(yield* CrmFiles.downloadPhoto("Contacts", "200")))
        yield* CrmFiles.uploadPhoto("Contacts", "200", { fileName: "bob.png", contentType: "image/png", bytes: png })
        const photo = Option.getOrThrow(yield* CrmFiles.downloadPhoto("Contacts", "200"))
        assert.strictEqual(photo.contentType, "image/png")
        assert.deepStrictEqual(yield* collect(photo), png)
        yield* CrmFiles.deletePhoto("Contacts", "200")
        assert.isTrue(Option.isNone(yield* CrmFiles.downloadPhoto("Contacts", "200")))
      }).pipe(Effect.provide(layer))
    }))

  it.effect("a file that is not an image is refused, and a failing source stream fails the upload", () =>
    Effect.gen(function*() {
      const { layer } = yield* streamingStack(seed)
      yield* Effect.gen(function*() {
        const notImage = yield* Effect.flip(
          CrmFiles.uploadPhoto("Contacts", "200", { fileName: "x.png", bytes: bytes(10) })
        )
        assert.strictEqual(notImage._tag === "ZohoApiError" ? notImage.code : notImage._tag, "INVALID_DATA")
        const broken = yield* Effect.flip(CrmFiles.uploadPhoto("Contacts", "200", {
          fileName: "x.png",
          stream: Stream.concat(Stream.make(png), Stream.fail("disk gone" as const))
        }))
        assert.strictEqual(broken, "disk gone")
      }).pipe(Effect.provide(layer))
    }))
})
