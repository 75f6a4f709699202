// The conformance kit end to end in the legacy dialect: green against a sandbox started with
// --dialect legacy, and a notice naming the dialect when the kit is not told it.
import { describe, it, expect, afterAll } from 'vitest'
import { startSandbox, stopAll } from './spawn-sandbox.js'
import { runKit, stopKits, unexercised } from './kit-run.js'

afterAll(async () => {
  stopKits()
  await stopAll()
})

describe('bluerocktel-conformance, legacy dialect', { timeout: 90_000 }, () => {
  it('passes in the legacy dialect against a sandbox started with --dialect legacy, full profile; says so when the dialect is not given', async () => {
    const legacy = await startSandbox(['--db', ':memory:', '--log', 'none', '--dialect', 'legacy'])
    const args = [
      '--base-url',
      `${legacy.base}/api`,
      '--token',
      'sandbox-admin-token',
      '--sales-token',
      'sandbox-sales-token',
    ]
    const { code, output, report } = await runKit([
      ...args,
      '--profile',
      'full',
      '--dialect',
      'legacy',
    ])
    expect(code, output).toBe(0)
    expect(output).toMatch(/legacy dialect/)
    expect(unexercised(report.coverage).filter((pair) => !pair.startsWith('login'))).toEqual([])
    const docs = await runKit([...args, '--only', 'suppliers'])
    expect(docs.output).toMatch(
      /NOTICE: The instance answers in the legacy camelCase dialect \(customerAccount, not customer_account\): run with --dialect legacy\./,
    )
  })
})
