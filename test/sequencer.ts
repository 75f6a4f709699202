// The order test files start in: the longest first, so that three workers finish together. Vitest
// orders by the durations it cached in a previous run, and without one (a clean clone, CI) by file
// size, which started the browser test last and made it the run's tail. This list is the order of
// a full run's durations (the files that take 10 s or more); the rest follow in vitest's order.
import { relative } from 'node:path'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

export const LONGEST_FIRST = [
  'test/conformance-full.test.ts',
  'test/docs-browser.test.ts',
  'test/kit-breaks.test.ts',
  'test/kit-breaks-readonly.test.ts',
  'test/kit-cli.test.ts',
  'openapi/prism.test.ts',
  'test/fuzz.test.ts',
  'test/conformance.test.ts',
  'test/conformance-legacy.test.ts',
  'test/auth-matrix.test.ts',
  'test/package.test.ts',
  'test/proxy-cli.test.ts',
  'test/crash.test.ts',
  'test/cli-edges.test.ts',
  'test/cli.test.ts',
  'test/nginx.test.ts',
  'test/limits.test.ts',
  'openapi/spec.test.ts',
]

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root
    const rank = (file: TestSpecification) => {
      const at = LONGEST_FIRST.indexOf(relative(root, file.moduleId))
      return at < 0 ? LONGEST_FIRST.length : at
    }
    // A stable sort: the files not listed keep vitest's order among themselves.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b))
  }
}
