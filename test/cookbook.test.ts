// The cookbook (seeds/002) end to end over real HTTP against a started sandbox: every curl command
// of the page as it is written, with its documented answer; the page's complete Python script with
// only BASE_URL and TOKEN changed; then its "What's Next?" steps.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { startSandbox, stopAll, type Started } from './spawn-sandbox.js'

const run = promisify(execFile)
const TOKEN = 'sandbox-admin-token'
const page = readFileSync(
  new URL('../openapi/seeds/002_fb5af444f8c161a2.txt', import.meta.url),
  'utf8',
).split('\n')

/** Each `curl` command of the page (continued by `\` or an open quote), with the "Response 201" that follows it, if any. */
function curlSteps(): { command: string; documented: Record<string, unknown> | null }[] {
  const steps: { command: string; documented: Record<string, unknown> | null }[] = []
  for (let i = 0; i < page.length; i++) {
    if (!page[i]!.startsWith('curl ')) continue
    const lines = [page[i]!]
    while (lines.at(-1)!.endsWith('\\') || (lines.join('\n').split("'").length - 1) % 2 === 1)
      lines.push(page[++i]!)
    steps.push({ command: lines.join('\n'), documented: null })
  }
  // Attach each "Response 201:" block to the last curl before it.
  let step = -1
  for (let i = 0, seen = 0; i < page.length; i++) {
    if (page[i]!.startsWith('curl ')) step = seen++
    if (page[i]!.startsWith('Response 201:') && step >= 0) {
      let j = i + 1
      while (page[j]!.trim() !== '{') j++
      let k = j
      while (page[k] !== '}') k++
      steps[step]!.documented = JSON.parse(page.slice(j, k + 1).join('\n'))
    }
  }
  return steps
}

/** The complete workflow script, from its `import requests` to the line before "What's Next?". */
function pythonScript(base: string): string {
  const start = page.indexOf('Complete Workflow (Python)')
  const from = page.indexOf('import requests', start)
  const to = page.indexOf("What's Next?", from)
  return page
    .slice(from, to)
    .join('\n')
    .replace('BASE_URL = "https://your-instance.bluerocktel.net/api"', `BASE_URL = "${base}/api"`)
    .replace('TOKEN = "your-bearer-token"', `TOKEN = "${TOKEN}"`)
}

/** A Python that has `requests`: the one on the PATH, else Debian's (python3-requests). */
async function pythonWithRequests(): Promise<string | null> {
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      await run(python, ['-c', 'import requests'])
      return python
    } catch {
      // try the next one
    }
  }
  return null
}

// .ci/run installs python3-requests and sets BLUEROCKTEL_REQUIRE_TOOLS; elsewhere the script runs when Python and requests are there.
const python =
  (await pythonWithRequests()) ?? (process.env.BLUEROCKTEL_REQUIRE_TOOLS ? 'python3' : null)
let sandbox: Started
beforeAll(async () => {
  sandbox = await startSandbox(['--db', ':memory:'])
}, 30_000)
afterAll(stopAll)

const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${sandbox.base}/api${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${TOKEN}`,
      Accept: 'application/json',
      'Content-Type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as any }
}

describe('the cookbook (seeds/002) over HTTP', () => {
  it('finds the seven curl steps on the page', () => {
    const steps = curlSteps()
    expect(steps.map((s) => /"\$BASE_URL(\/v1\/[\w-/]+)/.exec(s.command)?.[1])).toEqual([
      '/v1/families',
      '/v1/items',
      '/v1/customers',
      '/v1/customer-files',
      '/v1/customer-files/licences',
      '/v1/customer-files/initials',
      '/v1/customer-files/recurrings',
    ])
    expect(steps.filter((s) => s.documented).length).toBe(4)
  })

  it('runs every curl command as written, each answering its documented object (ids and timestamps aside)', async () => {
    for (const { command, documented } of curlSteps()) {
      const { stdout } = await run(
        'bash',
        ['-c', `${command.replace(/^curl -s /, 'curl -s -w "\\n%{http_code}" ')}`],
        { env: { ...process.env, BASE_URL: `${sandbox.base}/api`, TOKEN } },
      )
      const status = Number(stdout.slice(stdout.lastIndexOf('\n') + 1))
      const body = JSON.parse(stdout.slice(0, stdout.lastIndexOf('\n')))
      expect(status, command).toBe(201)
      if (!documented) continue
      // The documented ids are the page's own instance's; a new record here gets the next free id.
      const {
        id: _id,
        created_at: _c,
        updated_at: _u,
        customer_account: account,
        ...expected
      } = documented
      expect(body, command).toMatchObject(expected)
      if (account) expect(body.customer_account).toBe(`CL${String(body.id).padStart(6, '0')}`)
    }
    // Steps 5-7 name file 500 and item 42: they now hold the three lines.
    const file = await api('GET', '/v1/customer-files/500')
    expect(file.body).toMatchObject({ id: 500, fileable_id: 101, name: 'Main Contract 2026' })
    expect(file.body.licences).toEqual([
      expect.objectContaining({
        item_id: 42,
        quantity: '5.00',
        frequency: 12,
        activation_date: '2026-04-01',
        renewal_date: '2027-04-01',
        active: true,
      }),
    ])
    expect(file.body.initials).toEqual([
      expect.objectContaining({
        item_id: 42,
        label: 'Installation fee — SIP Trunk setup',
        selling_price_without_tax: '150.00',
      }),
    ])
    expect(file.body.recurrings).toEqual([
      expect.objectContaining({
        item_id: 42,
        label: 'SIP Trunk — 2 channels',
        quantity: '2.00',
        selling_price_without_tax: '19.90',
        commitment: 24,
      }),
    ])
  })

  it.runIf(python !== null)(
    'runs the complete Python script with only BASE_URL and TOKEN changed',
    async () => {
      const { stdout } = await run(python!, ['-c', pythonScript(sandbox.base)])
      expect(stdout).toMatch(/^Onboarding complete:/)
      const ids = Object.fromEntries(
        [...stdout.matchAll(/^ {2}([\w ]+?)\s+: id=(\d+)/gm)].map((m) => [
          m[1]!.trim(),
          Number(m[2]),
        ]),
      )
      expect(Object.keys(ids)).toEqual([
        'Family',
        'Item',
        'Customer',
        'Customer file',
        'Licence',
        'Initial charge',
        'Recurring',
      ])
      const file = await api('GET', `/v1/customer-files/${ids['Customer file']}`)
      expect(file.body).toMatchObject({
        fileable_type: 'customer',
        fileable_id: ids.Customer,
        name: 'Main Contract 2026',
        services_start: '2026-04-01',
      })
      expect(file.body.licences.map((l: any) => l.id)).toEqual([ids.Licence])
      expect(file.body.initials.map((l: any) => l.id)).toEqual([ids['Initial charge']])
      expect(file.body.recurrings.map((l: any) => l.id)).toEqual([ids.Recurring])
      expect((await api('GET', `/v1/items/${ids.Item}`)).body).toMatchObject({
        family_id: ids.Family,
        selling_price_without_tax: '19.90',
      })
    },
  )

  it('goes on with "What\'s Next?": the file with its relations, billing dates, contacts, invoices', async () => {
    const customer = (await api('GET', '/v1/customers/101')).body
    const file = (await api('GET', '/v1/customer-files/500')).body
    expect(file.fileable).toMatchObject({ id: 101, customer_account: customer.customer_account })
    const dates = await api('PUT', '/v1/customer-files/500', {
      billing_next: '2026-05-01',
      services_stop: '2028-03-31',
    })
    expect(dates.body).toMatchObject({ billing_next: '2026-05-01', services_stop: '2028-03-31' })
    const contactIds = customer.contacts.map((c: any) => c.id)
    expect((await api('PUT', '/v1/customer-files/500', { contact_ids: contactIds })).status).toBe(
      200,
    )
    expect(
      (await api('GET', '/v1/customer-files/500')).body.contacts.map((c: any) => c.id),
    ).toEqual(contactIds)
    const invoices = await api('GET', '/v1/invoices?customer_id=102')
    expect(invoices.status).toBe(200)
    for (const invoice of invoices.body.data) {
      expect(invoice.customer_id).toBe(102)
      expect(
        Math.round(Number(invoice.total_without_tax) * 100) + Math.round(Number(invoice.tax) * 100),
      ).toBe(Math.round(Number(invoice.total_with_tax) * 100))
    }
    // seeds/000: a customer with files cannot be deleted.
    expect((await api('DELETE', '/v1/customers/101')).status).toBe(422)
  })
})
