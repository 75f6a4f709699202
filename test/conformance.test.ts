// The conformance kit end to end: green against the sandbox in the readonly profile, and one
// report per failure when a setup request fails. The full profile and the legacy dialect have files
// of their own (conformance-full, -legacy), so that they run side by side; the kit against Prism's
// mock is in openapi/prism.test.ts, on the Prism that file starts.
import { describe, it, expect } from 'vitest'
import { startBrokenProxy } from './broken-proxy.js'
import { failureMessages, runKit, sandboxForKits } from './kit-run.js'

const sandbox = sandboxForKits()

// Each test runs the whole kit: 20 s is too short on a loaded machine.
describe('bluerocktel-conformance', { timeout: 90_000 }, () => {
  it('passes against the sandbox in the readonly profile, and says the role rules are not checked without --sales-token', async () => {
    const { code, output, report } = await runKit([
      '--base-url',
      `${sandbox().base}/api`,
      '--token',
      'sandbox-admin-token',
    ])
    expect(code, output).toBe(0)
    expect(report.notices).toEqual([
      expect.stringMatching(/^Role rules are NOT checked: no --sales-token/),
    ])
    expect(output).toMatch(/NOTICE: Role rules are NOT checked/)
    expect(
      report.coverage.find((r: any) => r.operationId === 'getCustomer' && r.status === '403')
        .unreachable,
    ).toMatch(/needs --sales-token/)
    // Without --beyond-docs: the documented operations only, and a line that says what was left out.
    expect(report.coverage.filter((r: any) => r.source !== 'seeds')).toEqual([])
    expect(report.notChecked['php-sdk']).toBe(26)
    expect(output).toMatch(
      /Not checked: the operations beyond the five documentation pages, 26 from the official PHP SDK's resources \(x-source: php-sdk\)[^\n]*--beyond-docs checks them/,
    )
  })

  it('refuses --only of a resource beyond the documentation without --beyond-docs', async () => {
    const { code, output } = await runKit([
      '--base-url',
      `${sandbox().base}/api`,
      '--token',
      'sandbox-admin-token',
      '--only',
      'prospects',
    ])
    expect(code).toBe(2)
    expect(output).toMatch(
      /--only: prospects: beyond the documentation \(x-source in the contract\); add --beyond-docs to check it/,
    )
  })

  it('reports a failed setup once, and the tests that needed it as blocked by that request, with the coverage saying why', async () => {
    // POST /v1/customers answers 500, which createCustomer does not document.
    const proxy = await startBrokenProxy(sandbox().base, ['customer-create-fails'])
    try {
      const { code, report, output } = await runKit([
        '--base-url',
        `${proxy.url}/api`,
        '--token',
        'sandbox-admin-token',
        '--profile',
        'full',
        '--only',
        'customers',
      ])
      expect(code, output).toBe(1)
      const messages = failureMessages(report)
      expect(messages, messages.join('\n')).toHaveLength(1)
      expect(messages[0]).toMatch(
        /^customers-writes › .*: POST http:\/\/127\.0\.0\.1:\d+\/api\/v1\/customers with body \{"name":"conformance-\S+ [^}]*\} -> 500: the answer does not conform[\s\S]*status 500 is not documented[\s\S]*the tests that need it are reported blocked/,
      )
      expect(report.blocked.length).toBeGreaterThanOrEqual(4)
      for (const blocked of report.blocked)
        expect(blocked.message).toMatch(
          /^blocked by POST http:\/\/127\.0\.0\.1:\d+\/api\/v1\/customers with body .* -> 500$/,
        )
      expect(output).not.toMatch(/\/customers\/undefined/)
      const row = report.coverage.find(
        (r: any) => r.operationId === 'updateCustomer' && r.status === '200',
      )
      expect(row.unreachable).toMatch(/^blocked by POST \S+\/v1\/customers/)
      expect(
        report.coverage.find((r: any) => r.operationId === 'createCustomer' && r.status === '500'),
      ).toMatchObject({ exercised: true, conforms: false, documented: false })
    } finally {
      await proxy.close()
    }
  })

  it('refuses to write to a host that is not on loopback unless told to', async () => {
    const { code, output } = await runKit([
      '--base-url',
      'http://192.0.2.1/api',
      '--token',
      't',
      '--profile',
      'full',
    ])
    expect(code).toBe(2)
    expect(output).toMatch(/not on loopback: add --allow-writes/)
  })
})
