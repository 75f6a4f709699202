// The kit's self-test: a sandbox behind a proxy that breaks documented behaviour in realistic ways
// (test/broken-proxy.ts). The kit must catch every break in the full profile, each with an
// actionable line (request, status, rule, doc). The readonly profile and --strict are in
// kit-breaks-readonly.test.ts.
import { describe, it, expect } from 'vitest'
import { failureMessages, sandboxForKits } from './kit-run.js'
import { credentials, every, EXPECTED, runBroken, type Expectation } from './kit-breaks.js'

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

  it.each([['full', (e: Expectation) => !e.strictOnly]] as const)(
    'in the %s profile, catches every break at once, each with its request, status, rule and doc',
    async (profile, applies) => {
      const { code, report, output } = await runBroken(sandbox().base, every, [
        ...credentials,
        '--profile',
        profile,
      ])
      expect(code, output).toBe(1)
      const messages = failureMessages(report)
      const missed = Object.entries(EXPECTED)
        .filter(([, e]) => applies(e) && !messages.some((m) => e.report.test(m)))
        .map(([name]) => name)
      expect(missed, messages.join('\n\n')).toEqual([])
      // A representation beyond the contract is a warning here, not a failure.
      for (const name of ['extra-column', 'empty-string'] as const)
        expect(
          report.warnings.some((w: string) => EXPECTED[name].report.test(w)),
          name,
        ).toBe(true)
      // No bare assertion anywhere: each failure starts with the request it judged.
      for (const failure of report.failures)
        expect(failure.message, failure.test).toMatch(
          /^(GET|POST|PUT|PATCH|DELETE) http:\/\/127\.0\.0\.1:\d+\/api\S*( with body .*)? -> \d{3}: /,
        )
      expect(output).not.toMatch(/expected \S+ to (be|equal)/)
      expect(report.verdict).toBe('FAIL')
    },
  )
})
