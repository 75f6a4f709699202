// The conformance kit end to end in the full profile with --beyond-docs: green against the
// sandbox, every (operation, status) pair it can reach exercised, the ones beyond the documentation
// listed apart.
import { describe, it, expect } from 'vitest'
import { runKit, sandboxForKits, unexercised } from './kit-run.js'
import { loadDocument } from '../conformance/conforms.js'

const sandbox = sandboxForKits()

// The whole kit, writes included: 20 s is too short on a loaded machine.
describe('bluerocktel-conformance, full profile', { timeout: 90_000 }, () => {
  it('passes against the sandbox in the full profile with --beyond-docs, exercising every (operation, status) pair it can reach, the ones beyond the documentation listed apart', async () => {
    const { code, output, report } = await runKit([
      '--beyond-docs',
      '--base-url',
      `${sandbox().base}/api`,
      '--email',
      'admin@example.com',
      '--password',
      'admin-password',
      '--sales-token',
      'sandbox-sales-token',
      '--profile',
      'full',
    ])
    expect(code, output).toBe(0)
    expect(report).toMatchObject({
      verdict: 'PASS',
      profile: 'full',
      dialect: 'docs',
      failures: [],
      blocked: [],
      warnings: [],
      leftBehind: [],
      notices: [],
    })
    expect(unexercised(report.coverage)).toEqual([])
    expect(report.coverage.filter((r: any) => r.exercised && !r.conforms)).toEqual([])
    expect(output).toMatch(
      /PASS: http:\/\/127\.0\.0\.1:\d+\/api \(profile full, docs dialect; run \d{8}-\w+; [\d.]+ s\)/,
    )
    expect(report).toMatchObject({ beyondDocs: true, notChecked: {} })
    const sdk = report.coverage.filter((r: any) => r.source === 'php-sdk')
    expect(new Set(sdk.map((r: any) => r.tag))).toEqual(
      new Set(['Prospects', 'Contacts', 'Notes', 'Phone calls', 'Users']),
    )
    expect(output).toMatch(/^Beyond the documentation \(--beyond-docs/m)
    // The request collection's resources: each list (an x-action index that needs no parameter) and
    // each JSON create it has is exercised; the rest say why the kit does not send them.
    const paths = loadDocument().paths as Record<string, Record<string, any>>
    const ops = Object.values(paths).flatMap((item) =>
      Object.values(item).filter((op) => op?.['x-source'] === 'collection'),
    )
    const lists = ops.filter(
      (op) => op['x-action'] === 'index' && !op.parameters?.some((p: any) => p.required),
    )
    const exercised = new Set(
      report.coverage
        .filter((r: any) => r.source === 'collection' && r.exercised)
        .map((r: any) => `${r.operationId} ${r.status}`),
    )
    expect(lists.length).toBeGreaterThan(40)
    expect(lists.filter((op) => !exercised.has(`${op.operationId} 200`))).toEqual([])
    const creates = ops.filter(
      (op) => op['x-action'] === 'store' && op.requestBody?.content?.['application/json'],
    )
    expect(creates.filter((op) => exercised.has(`${op.operationId} 201`)).length).toBeGreaterThan(
      creates.length / 2,
    )
    expect(output.indexOf('Beyond the documentation')).toBeGreaterThan(
      output.indexOf('GET /v1/invoices/{id}'),
    )
  })
})
