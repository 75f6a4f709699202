// The kit's self-test in the readonly profile: every break that needs no write is caught, each with
// an actionable line; and a representation beyond the contract is a warning, a failure with --strict.
import { describe, it, expect } from 'vitest'
import { failureMessages, sandboxForKits } from './kit-run.js'
import { EXPECTED, expectEveryBreakCaught, runBroken } from './kit-breaks.js'

const sandbox = sandboxForKits()

describe('the kit against a broken instance, reading only', { timeout: 90_000 }, () => {
  it('in the readonly profile, catches every break at once, each with its request, status, rule and doc', () =>
    expectEveryBreakCaught(sandbox().base, 'readonly'))

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
