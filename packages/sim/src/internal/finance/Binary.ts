/**
 * The files the finance products answer with (`?accept=pdf`, attachments, receipts, logos): real,
 * minimal documents, so a client can check magic bytes or open them.
 */
const encoder = new TextEncoder()

/** A valid one-page PDF (xref offsets computed, so strict readers open it too). */
const makePdf = (): Uint8Array => {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>"
  ]
  let body = "%PDF-1.4\n"
  const offsets: Array<number> = []
  objects.forEach((o, i) => {
    offsets.push(body.length)
    body += `${i + 1} 0 obj\n${o}\nendobj\n`
  })
  const xref = body.length
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return encoder.encode(body)
}

const fromBase64 = (b64: string): Uint8Array => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))

/** A valid 1×1 PNG. */
export const png: Uint8Array = fromBase64(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)

export const pdf: Uint8Array = makePdf()

export interface File {
  readonly contentType: string
  readonly fileName: string
  readonly bytes: Uint8Array
}

const images = /^(receipt|image|logo|photo|avatar)s?$/

/**
 * The file a GET answers with, or `undefined` for a JSON answer: `?accept=pdf`, a spec that
 * declares a non-JSON response, or a path ending in an attachment, receipt, image or document.
 */
export const fileFor = (
  lastSegment: string,
  accept: string | undefined,
  declared: string
): File | undefined => {
  if (accept === "pdf" || declared === "application/pdf" || /^(pdf|print|document|documents)$/.test(lastSegment)) {
    return { contentType: "application/pdf", fileName: "document.pdf", bytes: pdf }
  }
  if (images.test(lastSegment) || declared.startsWith("image/")) {
    return { contentType: "image/png", fileName: `${lastSegment}.png`, bytes: png }
  }
  if (lastSegment === "attachment" || lastSegment === "attachments" || declared !== "") {
    return { contentType: "application/pdf", fileName: "attachment.pdf", bytes: pdf }
  }
  return undefined
}
