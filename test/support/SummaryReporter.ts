import type { Reporter, TestModule } from "vitest/node"

/**
 * Prints one plain closing line, `N passed, N failed, N skipped`, after vitest's own summary,
 * so CI systems that read a run's last line can count the tests without parsing vitest's table.
 */
export default class SummaryReporter implements Reporter {
  private line = ""

  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === "passed") passed++
        else if (state === "failed") failed++
        else skipped++
      }
      if (module.state() === "failed" && module.children.size === 0) failed++
    }
    this.line = `${passed} passed, ${failed} failed, ${skipped} skipped`
    // vitest's default reporter prints its own summary after this hook returns; print ours last.
    process.once("beforeExit", () => this.flush())
    process.once("exit", () => this.flush())
  }

  private flush() {
    if (this.line.length === 0) return
    process.stdout.write(`\n${this.line}\n`)
    this.line = ""
  }
}
