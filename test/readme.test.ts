// The README's curl walk-through (customers, the catalog, the complete onboarding) run as written
// against a started sandbox: every curl succeeds, and each answers the status its comment gives
// (`# 422: it has invoices`), else a 2xx.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { startSandbox, stopAll, type Started } from './spawn-sandbox.js'

const run = promisify(execFile)
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const section = readme.slice(
  readme.indexOf('### A walk-through with curl'),
  readme.indexOf('### Two dialects'),
)
const script = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n')
/** The status each curl of the walk-through documents in its comment, in order; null for "a success". */
const documented = script
  .split('\n')
  .filter((line) => line.includes('curl -s'))
  .map((line) => Number(/#\s*(\d{3})\b/.exec(line)?.[1]) || null)

let sandbox: Started
beforeAll(async () => {
  sandbox = await startSandbox(['--db', ':memory:'])
}, 30_000)
afterAll(stopAll)

describe('the README walk-through', () => {
  it('has the customers, catalog and onboarding steps', () => {
    for (const path of [
      '/v1/customers',
      '/v1/items',
      '/v1/bundles',
      '/v1/customer-files/licences',
      '/v1/customer-files/recurrings',
    ])
      expect(script).toContain(`$BASE${path}`)
    expect(documented.length).toBeGreaterThan(30)
  })

  it('runs as written: every curl succeeds and answers its documented status', async () => {
    // Each curl also reports its status on stderr, so the commands keep their own output and pipes.
    const wrapped = `set -euo pipefail\ncurl() { command curl -w '%{stderr}%{http_code}\\n' "$@"; }\n${script.replaceAll('http://127.0.0.1:4010', sandbox.base)}`
    const { stderr } = await run('bash', ['-c', wrapped], { maxBuffer: 16 * 1024 * 1024 })
    const statuses = stderr
      .split('\n')
      .filter((line) => /^\d{3}$/.test(line))
      .map(Number)
    expect(statuses).toHaveLength(documented.length)
    statuses.forEach((status, i) => {
      const expected = documented[i]
      if (expected) expect(status, `curl #${i + 1}`).toBe(expected)
      else expect(status >= 200 && status < 300, `curl #${i + 1} answered ${status}`).toBe(true)
    })
  })
})
