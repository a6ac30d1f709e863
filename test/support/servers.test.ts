import { assert, describe, it } from "@effect/vitest"
import { findBinary, SKIP_ENV } from "./servers.js"

describe("test servers", () => {
  it("a missing server binary fails naming its Debian package and the opt-out", () => {
    for (
      const [binary, pkg] of [["mariadbd", "mariadb-server"], ["mariadb-install-db", "mariadb-server"], [
        "redis-server",
        "redis-server"
      ]]
    ) {
      assert.throws(() => findBinary(binary, ["/nonexistent-effect-zoho"]), new RegExp(`Debian package ${pkg}\\b`))
      assert.throws(() => findBinary(binary, ["/nonexistent-effect-zoho"]), new RegExp(`${SKIP_ENV}=1`))
    }
  })

  it("finds a binary in the given directories", () => {
    assert.strictEqual(findBinary("node", [process.execPath.replace(/\/node$/, "")]), process.execPath)
  })
})
