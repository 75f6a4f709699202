// The kit's self-test in the readonly profile: every break that needs no write is caught, each with
// an actionable line; and a representation beyond the contract is a warning, a failure with --strict.
import { describe, it, expect } from 'vitest'
import { failureMessages, sandboxForKits } from './kit-run.js'
import { credentials, every, EXPECTED, runBroken, type Expectation } from './kit-breaks.js'

const sandbox = sandboxForKits()

describe('the kit against a broken instance, reading only', { timeout: 90_000 }, () => {
  it.each([['readonly', (e: Expectation) => !e.strictOnly && !e.write]] as const)(
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

  it('warns of properties beyond the contract and of "" for null by default, and fails on them with --strict', async () => {
    const args = ['--token', 'sandbox-admin-token', '--only', 'bundles']
    const lenient = await runBroken(sandbox().base, ['extra-column', 'empty-string'], args)
    expect(lenient.code, lenient.output).toBe(0)
    expect(lenient.report.warnings).toHaveLength(2)
    const strict = await runBroken(
      sandbox().base,
      ['extra-column', 'empty-string'],
      [...args, '--strict'],
    )
    expect(strict.code, strict.output).toBe(1)
    const messages = failureMessages(strict.report).join('\n')
    expect(messages).toMatch(EXPECTED['extra-column'].report)
    expect(messages).toMatch(EXPECTED['empty-string'].report)
  })
})
