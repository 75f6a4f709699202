// The kit's self-test: a sandbox behind a proxy that breaks documented behaviour in realistic ways
// (test/broken-proxy.ts). The kit must catch every break in the full profile, each with an
// actionable line (request, status, rule, doc). The readonly profile and --strict are in
// kit-breaks-readonly.test.ts.
import { describe, it, expect } from 'vitest'
import { sandboxForKits } from './kit-run.js'
import { EXPECTED, expectEveryBreakCaught } from './kit-breaks.js'

const sandbox = sandboxForKits()

describe('the kit against a broken instance', { timeout: 90_000 }, () => {
  it('has a break of every class the kit must catch', () => {
    expect(new Set(Object.values(EXPECTED).map((e) => e.kind))).toEqual(
      new Set([
        'contract',
        'paginator',
        'sort',
        'case handling',
        'error wording',
        'stale answer to a write',
        'representation',
        'role scope',
        'computed value',
        'validation',
      ]),
    )
  })

  it('in the full profile, catches every break at once, each with its request, status, rule and doc', () =>
    expectEveryBreakCaught(sandbox().base, 'full'))
})
