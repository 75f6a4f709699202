// `bluerocktel-mock proxy` as a user runs it, in front of a sandbox started as a process: its flags
// refused in one line, writes refused unless allowed, an instance that is down or silent answered
// 502 or 504 with JSON, secrets kept out of its output; and the cookbook's onboarding (seeds/002)
// sent through `--record`, from which `--from-recording` starts a sandbox answering the same GETs
// with the same shapes.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CLI, startSandbox, stopAll, stopChild, type Started } from './spawn-sandbox.js'
import { freePort, waitForHttp } from './free-port.js'
import { runCli } from './run-cli.js'
import { compareShapes } from '../src/proxy/compare.js'

const ADMIN = 'sandbox-admin-token'
const children: ChildProcess[] = []
type Proxy = { child: ChildProcess; base: string; output: () => string }

/** `bluerocktel-mock proxy --port <free> ...args`, resolved once its health answers. */
async function startProxy(args: string[]): Promise<Proxy> {
  const port = await freePort()
  const child = spawn(process.execPath, [CLI, 'proxy', '--port', String(port), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  const base = `http://127.0.0.1:${port}`
  await waitForHttp(`${base}/__mock/health`)
  return { child, base, output: () => output }
}

const call = async (base: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${base}/api${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${ADMIN}`,
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: (await res.json()) as any,
  }
}

let upstream: Started
const dir = mkdtempSync(join(tmpdir(), 'proxy-cli-'))
beforeAll(async () => {
  upstream = await startSandbox(['--db', ':memory:', '--log', 'none'])
}, 30_000)
afterAll(async () => {
  await Promise.all(children.splice(0).map((c) => stopChild(c, 'SIGKILL')))
  await stopAll()
  rmSync(dir, { recursive: true, force: true })
})

describe('bluerocktel-mock proxy: its flags', () => {
  const to = ['--upstream', 'http://127.0.0.1:1/api']
  const REFUSED: [string[], RegExp][] = [
    [[], /--upstream is required/],
    [['--upstream', 'ftp://example.com/api'], /--upstream must be an http or https URL/],
    [
      [...to, '--timeout', '0'],
      /--timeout must be a number of milliseconds from 100 to 600000, not "0"/,
    ],
    [
      [...to, '--record-limit', '99999999'],
      /--record-limit must be a number of megabytes from 1 to 10240/,
    ],
    [[...to, '--log', 'loud'], /--log must be pretty, json or none, not loud/],
  ]

  it('refuses a missing or bad --upstream, a limit at 0 or huge, a value it does not know: one line each, exit 2', async () => {
    const runs = await Promise.all(REFUSED.map(([args]) => runCli(['proxy', ...args])))
    for (const [i, { code, stdout, stderr }] of runs.entries()) {
      expect(code, stderr).toBe(2)
      expect(stdout).toBe('')
      expect(stderr).toMatch(REFUSED[i]![1])
      expect(stderr.trim().split('\n')).toHaveLength(1)
      expect(stderr).toMatch(/\(bluerocktel-mock proxy --help lists the options\)$/m)
    }
  })
})

describe('bluerocktel-mock proxy: safe by default', () => {
  it('refuses a write with a 403 of its own, sending nothing upstream, and keeps secrets out of its log', async () => {
    const proxy = await startProxy(['--upstream', `${upstream.base}/api`])
    const refused = await call(proxy.base, 'POST', '/v1/customers', { name: 'Never sent' })
    expect(refused.status).toBe(403)
    expect(refused.type).toMatch(/^application\/json/)
    expect(refused.body.message).toMatch(
      /^The proxy is read-only: POST \/api\/v1\/customers was not sent to http:\/\/127\.0\.0\.1:\d+\. Start the proxy with --allow-writes/,
    )
    const login = await fetch(
      `${proxy.base}/api/login?email=admin@example.com&password=admin-password`,
      { method: 'POST', headers: { Accept: 'application/json' } },
    )
    expect(login.status).toBe(200)
    const token = ((await login.json()) as { token: string }).token
    expect((await call(proxy.base, 'GET', '/v1/customers/42')).status).toBe(200)
    const sent = await fetch(`${upstream.base}/__mock/requests?limit=200`, {
      headers: { Authorization: `Bearer ${ADMIN}` },
    }).then((r) => r.json() as Promise<{ data: { method: string; path: string }[] }>)
    expect(sent.data.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual(['/api/login'])
    await stopChild(proxy.child, 'SIGTERM')
    const output = proxy.output()
    expect(output).toMatch(/POST +\/api\/login\?email=admin@example\.com&password=\[masked\] 200/)
    expect(output).not.toContain('admin-password')
    expect(output).not.toContain(token)
    expect(output).toMatch(
      /: 2 request\(s\) checked, 0 failure\(s\), 0 difference\(s\) from the sandbox, 0 warning\(s\): no failure/,
    )
  })

  it('stops recording at --record-limit, and goes on proxying', async () => {
    const recording = join(dir, 'limited')
    const proxy = await startProxy([
      '--upstream',
      `${upstream.base}/api`,
      '--record',
      recording,
      '--record-limit',
      '1',
    ])
    for (let i = 0; i < 6; i++) {
      const answer = await fetch(`${proxy.base}/api/v1/customers?per_page=150&page=1`, {
        headers: { Authorization: `Bearer ${ADMIN}`, Accept: 'application/json' },
      })
      expect(answer.status).toBe(200)
      await answer.text()
    }
    const kept = readdirSync(recording).filter((f) => f !== 'recording.json')
    expect(kept.length).toBeGreaterThan(0)
    expect(kept.length).toBeLessThan(6)
    const health = await fetch(`${proxy.base}/__mock/health`).then((r) => r.json() as any)
    expect(health.record).toMatchObject({ records: kept.length, full: true })
    expect(health.record.bytes).toBeLessThanOrEqual(1024 * 1024)
    expect(proxy.output()).toMatch(
      /reached its limit \(1 MB, --record-limit\): it stops here, \d+ answers kept; the proxy goes on/,
    )
  })

  it('answers 502 when the instance cannot be reached and 504 when it does not answer in time, with JSON', async () => {
    const silent: Server = createServer(() => undefined)
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const silentPort = (silent.address() as { port: number }).port
    const down = await freePort()
    try {
      const [toDown, toSilent] = await Promise.all([
        startProxy(['--upstream', `http://127.0.0.1:${down}/api`, '--log', 'json']),
        startProxy(['--upstream', `http://127.0.0.1:${silentPort}/api`, '--timeout', '300']),
      ])
      const unreachable = await call(toDown.base, 'GET', '/v1/customers')
      expect(unreachable.status).toBe(502)
      expect(unreachable.body.message).toMatch(
        /could not be reached for GET \/api\/v1\/customers: ECONNREFUSED/,
      )
      // --log json: the banner, the request's line, then its finding's, each a JSON line.
      await stopChild(toDown.child, 'SIGTERM')
      const lines = toDown
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l))
      expect(lines.map((l) => l.msg)).toEqual([
        expect.stringMatching(/^BlueRockTEL proxy listening on /),
        'request completed',
        'finding',
      ])
      expect(lines[2]).toMatchObject({
        severity: 'warning',
        status: 502,
        path: '/api/v1/customers',
      })
      const started = Date.now()
      const late = await call(toSilent.base, 'GET', '/v1/customers')
      expect(late.status).toBe(504)
      expect(late.body.message).toMatch(/did not answer GET \/api\/v1\/customers within 300 ms/)
      expect(Date.now() - started).toBeLessThan(5_000)
      const { data } = await fetch(`${toSilent.base}/__mock/findings`).then((r) => r.json() as any)
      expect(data.map((f: any) => [f.severity, f.status])).toEqual([['warning', 504]])
    } finally {
      silent.close()
    }
  })
})

describe('bluerocktel-mock proxy --record, then bluerocktel-mock --from-recording', () => {
  it("records the cookbook's onboarding (seeds/002) scrubbed, and a sandbox started from it answers its GETs with the same shapes", async () => {
    const recording = join(dir, 'recording')
    const report = join(dir, 'findings.xml')
    const proxy = await startProxy([
      '--upstream',
      `${upstream.base}/api`,
      '--allow-writes',
      '--record',
      recording,
      '--report',
      report,
    ])
    const post = async (path: string, body: unknown) => {
      const answer = await call(proxy.base, 'POST', path, body)
      expect(answer.status, JSON.stringify(answer.body)).toBe(201)
      return answer.body.id as number
    }
    // seeds/002, steps 1 to 7, as the README's walk-through sends them.
    const family = await post('/v1/families', { name: 'VoIP Services' })
    const item = await post('/v1/items', {
      description: 'SIP Trunk — 2 channels',
      family_id: family,
      selling_price_without_tax: 19.9,
      billing_frequency: 1,
      active_for_recurring_billing: true,
    })
    const customer = await post('/v1/customers', {
      name: 'Acme Telecom SAS',
      email_address: 'contact@acme-telecom.fr',
      charge_vat: true,
    })
    const file = await post(`/v1/customer-files?fileable_type=customer&fileable_id=${customer}`, {
      name: 'Main Contract 2026',
      billing_frequency: 1,
      services_start: '2026-04-01',
      first_invoice: '2026-04-01',
    })
    await post('/v1/customer-files/licences', {
      customer_file_id: file,
      item_id: item,
      quantity: 5,
      activation_date: '2026-04-01',
      renewal_date: '2027-04-01',
      frequency: 12,
    })
    await post('/v1/customer-files/initials', {
      customer_file_id: file,
      item_id: item,
      quantity: 1,
      label: 'Installation fee',
      selling_price_without_tax: 150,
    })
    await post('/v1/customer-files/recurrings', {
      customer_file_id: file,
      item_id: item,
      quantity: 2,
      service_start: '2026-04-01',
      first_invoice: '2026-04-01',
      commitment: 24,
    })
    const gets = [
      `/v1/customer-files/${file}`,
      `/v1/customers/${customer}`,
      `/v1/items/${item}`,
      `/v1/families/${family}`,
      '/v1/customers?per_page=5',
      `/v1/customers/lookup?customer_account=CL${String(customer).padStart(6, '0')}`,
    ]
    const recorded = []
    for (const path of gets) recorded.push(await call(proxy.base, 'GET', path))
    await stopChild(proxy.child, 'SIGTERM')
    expect(proxy.output()).toMatch(
      /\d+ request\(s\) checked, 0 failure\(s\), 0 difference\(s\) from the sandbox, 0 warning\(s\): no failure/,
    )
    expect(readFileSync(report, 'utf8')).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="bluerocktel-mock proxy">/,
    )

    // Scrubbed: no token, no personal data sent or answered; one replacement for one value everywhere.
    const files = readdirSync(recording).filter((f) => f !== 'recording.json')
    expect(files.length).toBe(7 + gets.length)
    const texts = files.map((f) => readFileSync(join(recording, f), 'utf8'))
    const all = texts.join('\n')
    for (const secret of [ADMIN, 'contact@acme-telecom.fr', 'Acme Telecom SAS'])
      expect(all).not.toContain(secret)
    const emails = texts
      .map((t) => JSON.parse(t))
      .filter(
        (r) =>
          r.path === `/v1/customers/${customer}` ||
          (r.method === 'POST' && r.path === '/v1/customers'),
      )
      .map((r) => r.body.email_address)
    expect(emails).toHaveLength(2)
    expect(emails[0]).toMatch(/@example\.com$/)
    expect(emails[1]).toBe(emails[0])

    const replay = await startSandbox([
      '--db',
      ':memory:',
      '--log',
      'none',
      '--from-recording',
      recording,
    ])
    // The URLs a paginator answers are on the host asked: the recording's were the upstream's.
    const onUpstream = (body: unknown) =>
      JSON.parse(JSON.stringify(body).replaceAll(replay.base, upstream.base))
    for (const [i, path] of gets.entries()) {
      const answer = await call(replay.base, 'GET', path)
      expect(answer.status, path).toBe(recorded[i]!.status)
      expect([...compareShapes(recorded[i]!.body, onUpstream(answer.body)).values()], path).toEqual(
        [],
      )
    }
    // And --diff against a sandbox started from the recording finds it answers as the instance does.
    const diff = await startProxy([
      '--upstream',
      `${upstream.base}/api`,
      '--diff',
      '--from-recording',
      recording,
    ])
    for (const path of gets) await call(diff.base, 'GET', path)
    const found = await fetch(`${diff.base}/__mock/findings`).then((r) => r.json() as any)
    expect(found.counts).toEqual({ requests: gets.length, failure: 0, warning: 0, difference: 0 })
    const shown = await call(replay.base, 'GET', `/v1/customers/${customer}`)
    expect(shown.body.email_address).toBe(emails[0])
    expect(shown.body.customer_account).toBe(`CL${String(customer).padStart(6, '0')}`)
  }, 60_000)

  it('refuses a folder that is not a recording, in one line, exit 1', async () => {
    const { code, stderr } = await runCli([
      '--db',
      ':memory:',
      '--from-recording',
      join(dir, 'nothing-here'),
    ])
    expect(code).toBe(1)
    expect(stderr).toMatch(/^bluerocktel-mock: cannot read the recording: ENOENT/)
    expect(stderr.trim().split('\n')).toHaveLength(1)
  })
})
