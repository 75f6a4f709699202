// The proxy in front of a sandbox, and in front of the broken instance of the kit's self-test
// (broken-proxy.ts): the same client traffic goes through a validating proxy and a diffing one.
// Each break is a finding in validate mode and a difference in diff mode, on the request that met
// it; the conforming sandbox gives neither, nor any warning.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { createAnswerChecker } from '../conformance/check-answer.js'
import { createProxy } from '../src/proxy/server.js'
import { createFindings, type ProxyFinding } from '../src/proxy/findings.js'
import { createDiffSandbox } from '../src/proxy/diff-sandbox.js'
import { BREAKS, startBrokenProxy, type Break } from './broken-proxy.js'
import { startSandbox, stopAll } from './spawn-sandbox.js'

const ADMIN = 'sandbox-admin-token'
const SALES = 'sandbox-sales-token'
type Step = { method: string; path: string; body?: unknown; token?: string }
const get = (path: string, token?: string): Step => ({ method: 'GET', path, token })

/** A client's traffic: for each break, the requests that meet it (a break touches its own endpoint). */
const TRAFFIC: Record<Break, Step[]> = {
  'drop-required-field': [get('/v1/customers/42')],
  'date-format': [get('/v1/invoices')],
  'customer-create-fails': [
    { method: 'POST', path: '/v1/customers', body: { name: 'Acme Telecom SAS' } },
  ],
  'created-as-200': [{ method: 'POST', path: '/v1/bundles', body: { name: 'Proxy bundle' } }],
  'ignore-per-page': [get('/v1/items?per_page=25')],
  'links-labels': [get('/v1/customer-files/licences')],
  'foreign-page-urls': [get('/v1/customer-services')],
  'past-end-from-to': [get('/v1/families?per_page=5&page=40')],
  'total-off-by-one': [get('/v1/bundle-initial-items'), get('/v1/bundle-initial-items?page=2')],
  'sort-ignored': [get('/v1/customers?sort=-name&per_page=25')],
  'case-sensitive-search': [
    get('/v1/customers/lookup?customer_account=CL000123'),
    get('/v1/customers/search?term=bARBIER'),
  ],
  'validation-message': [get('/v1/customers/lookup')],
  'not-found-message': [get('/v1/items/2000000000')],
  'stale-put': [
    get('/v1/subfamilies/12'),
    { method: 'PUT', path: '/v1/subfamilies/12', body: { name: 'Fibre SIP trunks' } },
  ],
  'frozen-updated-at': [
    get('/v1/families/3'),
    { method: 'PUT', path: '/v1/families/3', body: { name: 'Internet Services (proxy)' } },
  ],
  'guarded-delete-lies': [{ method: 'DELETE', path: '/v1/items/42' }, get('/v1/items/42')],
  'lookup-extra-key': [get('/v1/customers/lookup?customer_account=CL000123')],
  'lookup-miss-shape': [get('/v1/customers/lookup?customer_account=CONFORMANCE-UNKNOWN')],
  'sync-answer': [
    { method: 'POST', path: '/v1/customers/42/services', body: { services: [1, 3, 7] } },
  ],
  'extra-column': [get('/v1/bundles')],
  'empty-string': [],
  'role-scope-search': [
    get('/v1/customers?per_page=100', SALES),
    get('/v1/customers/search?term=a', SALES),
  ],
  'items-without-relations': [get('/v1/items?sort=description&per_page=25')],
  'no-patch': [{ method: 'PATCH', path: '/v1/families/4', body: { name: 'Patched family' } }],
  'empty-services-accepted': [
    { method: 'POST', path: '/v1/customers/43/services', body: { services: [] } },
  ],
  'role-scope-lookup': [
    get('/v1/customers?filter[id]=2'),
    get('/v1/customers/lookup?customer_account=CL000002', SALES),
  ],
  'bundle-sum': [
    get('/v1/bundles?include=items_initial,items_licence,items_recurring'),
    ...[1, 2, 3, 4, 5].map((page) => get(`/v1/items?page=${page}`)),
    get('/v1/bundles/7'),
  ],
  'customers-count': [get('/v1/customer-services'), get('/v1/customer-services/1')],
}

type Expected = { path: RegExp; validate: RegExp; diff: RegExp; warning?: true }
/** What each break must show: the request it is seen on, the finding in validate mode, the difference in diff mode. */
const EXPECTED: Record<Break, Expected> = {
  'drop-required-field': {
    path: /\/v1\/customers\/42$/,
    validate:
      /-> 200: the answer does not conform to the contract:\s+getCustomer \(GET \/v1\/customers\/\{id\}\) 200: body\.customer_account is missing \(required\)/,
    diff: /body has customer_account only in the sandbox/,
  },
  'date-format': {
    path: /\/v1\/invoices$/,
    validate: /body\.data\[\*\]\.created_at must match format "date-time"/,
    diff: /body\.data\[\*\]\.created_at is a "YYYY-MM-DD hh:mm:ss" timestamp in production, an ISO 8601 timestamp in the sandbox/,
  },
  'customer-create-fails': {
    path: /\/v1\/customers$/,
    validate: /createCustomer \(POST \/v1\/customers\): status 500 is not documented/,
    diff: /status 500 in production, 201 in the sandbox/,
  },
  'created-as-200': {
    path: /\/v1\/bundles$/,
    validate: /createBundle \(POST \/v1\/bundles\): status 200 is not documented/,
    diff: /status 200 in production, 201 in the sandbox/,
  },
  'ignore-per-page': {
    path: /\/v1\/items\?per_page=25$/,
    validate: /-> 200: per_page \(asked for\) is 10, expected 25 \[Laravel LengthAwarePaginator/,
    diff: /body's paginator differs where the request fixes it: per_page 10 in production, 25 in the sandbox; .*10 rows in production, 25 in the sandbox for the same total/,
  },
  'links-labels': {
    path: /\/v1\/customer-files\/licences$/,
    validate: /the labels of links on page 1 of \d+ is \["Previous",/,
    diff: /body's paginator differs where the request fixes it: links \[\{"url":null,"label":"Previous"/,
  },
  'foreign-page-urls': {
    path: /\/v1\/customer-services$/,
    validate:
      /path \(the URL requested, without its query\) is "http:\/\/internal\.invalid\/api\/v1\/customer-services"/,
    diff: /body's paginator differs where the request fixes it: path "http:\/\/internal\.invalid\/api\/v1\/customer-services" in production/,
  },
  'past-end-from-to': {
    path: /\/v1\/families\?per_page=5&page=40$/,
    validate: /-> 200: from is \d+, expected null/,
    diff: /body's paginator differs where the request fixes it: from \d+ in production, null in the sandbox/,
  },
  'total-off-by-one': {
    path: /\/v1\/bundle-initial-items\?page=2$/,
    validate: /-> 200: (last_page for total \d+|the number of rows on page)/,
    diff: /production breaks a rule the sandbox keeps: .*(last_page for total \d+|the number of rows on page)/,
  },
  'sort-ignored': {
    path: /\/v1\/customers\?sort=-name/,
    validate:
      /rows are not in descending order of name at row \d+ \(".+" after ".+"\) \[seeds\/000, sort/,
    diff: /production breaks a rule the sandbox keeps: .*rows are not in descending order of name/,
  },
  'case-sensitive-search': {
    path: /\/v1\/customers\/search\?term=bARBIER$/,
    validate:
      /-> 200: customer "Barbier EI", shown to this user before, whose name contains "bARBIER" ignoring case, \(id 123\) is not among the 0 rows/,
    diff: /production breaks a rule the sandbox keeps: .*customer "Barbier EI", shown to this user before/,
  },
  'bundle-sum': {
    path: /\/v1\/bundles\/7$/,
    validate:
      /-> 200: items_recurring_sum_selling_price_without_tax of bundle 7 \(from its \d+ items_recurring lines\) is "[\d.]+", expected "[\d.]+" \[seeds\/004/,
    diff: /production breaks a rule the sandbox keeps: .*items_recurring_sum_selling_price_without_tax of bundle 7/,
  },
  'customers-count': {
    path: /\/v1\/customer-services\/1$/,
    validate:
      /GET \S+\/v1\/customer-services\/1 -> 200: the number of customers \(customers_count in the list is \d+\) is \d+, expected \d+/,
    diff: /production breaks a rule the sandbox keeps: .*the number of customers \(customers_count in the list is \d+\)/,
  },
  'role-scope-search': {
    path: /\/v1\/customers\/search\?term=a$/,
    validate:
      /-> 200: row \d+ of \d+ \(id \d+, .*\) does not satisfy: representative_id is the sales user's \[seeds\/000 "Results are filtered/,
    diff: /production breaks a rule the sandbox keeps: .*representative_id is the sales user's/,
  },
  'role-scope-lookup': {
    path: /\/v1\/customers\/lookup\?customer_account=CL000002$/,
    validate:
      /-> 200: row 1 of 1 \(id 2, .*\) does not satisfy: representative_id is the sales user's/,
    diff: /production breaks a rule the sandbox keeps: .*representative_id is the sales user's/,
  },
  'validation-message': {
    path: /\/v1\/customers\/lookup$/,
    validate:
      /-> 422: message is "The customer account field is required when phone number is not present\.", expected "[^"]+ \(and 1 more error\)" \[Laravel's ValidationException\]/,
    diff: /the error's body differs/,
  },
  'not-found-message': {
    path: /\/v1\/items\/2000000000$/,
    validate:
      /-> 404: message is "Item not found\.", expected Laravel's "No query results for model/,
    diff: /the error's body differs\n\s+production: \{"message":"Item not found\."\}\n\s+sandbox: +\{"message":"No query results for model \[App\\\\Item\] 2000000000"\}/,
  },
  'stale-put': {
    path: /\/v1\/subfamilies\/12$/,
    validate:
      /PUT \S+\/v1\/subfamilies\/12 with body \{"name":"Fibre SIP trunks"\} -> 200: name in the PUT's answer is "[^"]+", expected "Fibre SIP trunks"/,
    diff: /production breaks a rule the sandbox keeps: .*name in the PUT's answer/,
  },
  'frozen-updated-at': {
    path: /\/v1\/families\/3$/,
    validate:
      /PUT \S+\/v1\/families\/3 with body .* -> 200: updated_at did not move: \S+ before, \S+ after a change/,
    diff: /production breaks a rule the sandbox keeps: .*updated_at did not move/,
  },
  'guarded-delete-lies': {
    path: /\/v1\/items\/42$/,
    validate:
      /GET \S+\/v1\/items\/42 -> 404: status 404, expected 200 \[a refused delete leaves the record/,
    diff: /status 404 in production, 200 in the sandbox/,
  },
  'lookup-extra-key': {
    path: /customer_account=CL000123$/,
    validate:
      /-> 200: data has keys [^:]*: unexpected email_address; expected exactly id, name, customer_account/,
    diff: /body\.data has email_address only in production/,
  },
  'lookup-miss-shape': {
    path: /customer_account=CONFORMANCE-UNKNOWN$/,
    validate:
      /the answer is \{"found":false,"data":null,"message":"Customer not found\."\}, expected \{"found":false,"data":null\}/,
    diff: /body has message only in production/,
  },
  'sync-answer': {
    path: /\/v1\/customers\/42\/services$/,
    validate: /-> 201: the answer has keys message, attached: unexpected attached/,
    diff: /body has attached only in production/,
  },
  'extra-column': {
    path: /\/v1\/bundles$/,
    warning: true,
    validate: /listBundles 200: body\[\*\]\.legacy_code is not in the contract/,
    diff: /body\[\*\] has legacy_code only in production/,
  },
  'empty-string': {
    path: /\/v1\/bundles$/,
    warning: true,
    validate: /listBundles 200: body\[\*\]\.description is "" where the contract has null/,
    diff: /body\[\*\]\.description is an empty string in production, null in the sandbox/,
  },
  'items-without-relations': {
    path: /\/v1\/items\?sort=description/,
    validate: /listItems \(GET \/v1\/items\) 200: body\.data\[\*\]\.family is missing \(required\)/,
    diff: /body\.data\[\*\] has family, subfamily, tax only in the sandbox/,
  },
  'no-patch': {
    path: /\/v1\/families\/4$/,
    validate: /patchFamily \(PATCH \/v1\/families\/\{id\}\): status 405 is not documented/,
    diff: /status 405 in production, 200 in the sandbox/,
  },
  'empty-services-accepted': {
    path: /\/v1\/customers\/43\/services$/,
    validate: /with body \{"services":\[\]\} -> 201: an empty services array was accepted/,
    diff: /status 201 in production, 422 in the sandbox/,
  },
}

type Proxy = { url: string; findings: ReturnType<typeof createFindings>; close: () => void }
const servers: ServerType[] = []

/** A proxy (in process, on a free port) in front of `upstream`, forwarding writes; with `diff`, a sandbox of its own beside it. */
async function startProxy(upstream: string, diff: boolean): Promise<Proxy> {
  const findings = createFindings()
  const handler = createProxy({
    upstream: `${upstream}/api`,
    check: createAnswerChecker({ salesTokens: [SALES] }),
    findings,
    allowWrites: true,
    timeoutMs: 10_000,
    diff: diff
      ? {
          sandbox: createDiffSandbox({ seed: 42 }),
          check: createAnswerChecker({ salesTokens: [SALES] }),
        }
      : null,
  })
  const server = serve({ fetch: handler, port: 0, hostname: '127.0.0.1' })
  servers.push(server)
  await new Promise((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, findings, close: () => server.close() }
}

/** Sends every step of the traffic through `proxy`, in an isolated sandbox of the upstream (X-Sandbox) named `run`. */
async function drive(proxy: Proxy, run: string) {
  for (const step of Object.values(TRAFFIC).flat()) {
    const answer = await fetch(`${proxy.url}/api${step.path}`, {
      method: step.method,
      headers: {
        Authorization: `Bearer ${step.token ?? ADMIN}`,
        Accept: 'application/json',
        'X-Sandbox': run,
        ...(step.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: step.body === undefined ? undefined : JSON.stringify(step.body),
    })
    await answer.text()
  }
}

const show = (list: ProxyFinding[]) =>
  list.map((f) => `${f.severity} ${f.method} ${f.path}: ${f.message}`).join('\n\n')

let clean: { validate: Proxy; diff: Proxy }
let broken: { validate: Proxy; diff: Proxy }
let closeBroken: () => Promise<void>
let sandboxBase: string

beforeAll(async () => {
  const sandbox = await startSandbox(['--db', ':memory:', '--log', 'none'])
  sandboxBase = sandbox.base
  const every = Object.keys(BREAKS) as Break[]
  const brokenUpstream = await startBrokenProxy(sandbox.base, every)
  closeBroken = brokenUpstream.close
  clean = {
    validate: await startProxy(sandbox.base, false),
    diff: await startProxy(sandbox.base, true),
  }
  broken = {
    validate: await startProxy(brokenUpstream.url, false),
    diff: await startProxy(brokenUpstream.url, true),
  }
  await Promise.all([
    drive(clean.validate, 'clean-validate'),
    drive(clean.diff, 'clean-diff'),
    drive(broken.validate, 'broken-validate'),
    drive(broken.diff, 'broken-diff'),
  ])
}, 60_000)

afterAll(async () => {
  for (const server of servers.splice(0)) server.close()
  await closeBroken?.()
  await stopAll()
})

describe('the proxy in front of a conforming instance', () => {
  it('finds nothing in validate mode: no failure and no warning', () => {
    expect(show(clean.validate.findings.list())).toBe('')
    expect(clean.validate.findings.counts().requests).toBe(Object.values(TRAFFIC).flat().length)
  })

  it('finds no difference from its own sandbox in diff mode', () => {
    expect(show(clean.diff.findings.list())).toBe('')
  })
})

describe('the proxy in front of the broken instance of the kit self-test', () => {
  it('expects every break of the kit self-test', () => {
    expect(Object.keys(BREAKS).filter((name) => !(name in EXPECTED))).toEqual([])
  })

  it.each(Object.keys(EXPECTED) as Break[])(
    'validate mode reports %s as a finding on its request',
    (name) => {
      const expected = EXPECTED[name]
      const list = broken.validate.findings.list(expected.warning ? 'warning' : 'failure')
      const hit = list.some((f) => expected.path.test(f.path) && expected.validate.test(f.message))
      expect(hit, show(list)).toBe(true)
    },
  )

  it.each(Object.keys(EXPECTED) as Break[])(
    'diff mode reports %s as a departure of the sandbox from production, with both excerpts',
    (name) => {
      const expected = EXPECTED[name]
      const list = broken.diff.findings.list('difference')
      const hit = list.find((f) => expected.path.test(f.path) && expected.diff.test(f.message))
      expect(hit, show(list)).toBeDefined()
      expect(hit!.message).toMatch(
        /^the sandbox departs from production: [\s\S]*\n {4}production: [\s\S]*\n {4}sandbox: {4}/,
      )
    },
  )

  it('reports each finding with the request it judged', () => {
    for (const finding of broken.validate.findings.list())
      expect(finding.message).toMatch(
        /^(GET|POST|PUT|PATCH|DELETE) http:\/\/127\.0\.0\.1:\d+\/api\S*( with body .*)? -> \d{3}: /,
      )
  })
})

describe('the findings of the proxy', () => {
  it('mask the secrets of the request and of its answer, and take a route the contract lacks for a warning', async () => {
    const proxy = await startProxy(sandboxBase, false)
    const login = await fetch(
      `${proxy.url}/api/login?email=admin@example.com&password=admin-password`,
      { method: 'POST', headers: { Accept: 'application/json', 'X-Sandbox': 'secrets' } },
    )
    const { token } = (await login.json()) as { token: string }
    await fetch(`${proxy.url}/api/v1/no-such-route?password=hunter22`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    }).then((r) => r.text())
    const list = proxy.findings.list()
    const all = JSON.stringify(list)
    for (const secret of ['admin-password', 'hunter22', token]) expect(all).not.toContain(secret)
    expect(list.map((f) => [f.severity, f.path])).toContainEqual([
      'warning',
      '/api/v1/no-such-route?password=[masked]',
    ])
  })
})

describe("the proxy's rules across answers", () => {
  it('reports a sales user who logged in through it and is shown a customer they do not represent (seeds/000 role filter), and nothing for an admin', async () => {
    const proxy = await startProxy(sandboxBase, false)
    const send = async (path: string, token: string | null, method = 'GET') => {
      const answer = await fetch(`${proxy.url}/api${path}`, {
        method,
        headers: {
          Accept: 'application/json',
          'X-Sandbox': 'roles',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
      })
      return answer.json() as Promise<any>
    }
    const login = (email: string, password: string) =>
      send(`/login?email=${email}&password=${password}`, null, 'POST')
    const sales = await login('sales@example.com', 'sales-password')
    const admin = await login('admin@example.com', 'admin-password')
    // The customers an admin sees, then the same look-ups as the sales user: the instance conforms.
    const page = await send('/v1/customers?per_page=150', admin.token)
    const all = page.data as any[]
    const theirs = all.find((c) => c.representative_id === sales.user.id)
    const other = all.find((c) => c.representative_id !== sales.user.id)
    await send(`/v1/customers/lookup?customer_account=${other.customer_account}`, sales.token)
    await send(`/v1/customers/lookup?customer_account=${theirs.customer_account}`, sales.token)
    expect(show(proxy.findings.list())).toBe('')
    // An instance that forgets the role: the admin's answer to the sales user's request.
    const leaked = await send(
      `/v1/customers/lookup?customer_account=${other.customer_account}`,
      admin.token,
    )
    expect(leaked.found).toBe(true)
    const check = createAnswerChecker()
    const seen = (path: string, token: string, body: unknown) =>
      check({
        method: path === '/login' ? 'POST' : 'GET',
        url: `${sandboxBase}/api${path}`,
        basePath: '/api',
        token,
        status: 200,
        headers: new Headers({ 'content-type': 'application/json' }),
        text: JSON.stringify(body),
      })
    seen('/login', '', sales)
    seen('/v1/customers?per_page=150', admin.token, page)
    const found = seen(
      `/v1/customers/lookup?customer_account=${other.customer_account}`,
      sales.token,
      leaked,
    )
    expect(found.map((f) => f.message).join('\n')).toMatch(
      new RegExp(
        `-> 200: row 1 of 1 \\(id ${other.id}, .*\\) does not satisfy: representative_id is the sales user's \\[seeds/000 "Results are filtered`,
      ),
    )
    expect(seen('/v1/customers/lookup?customer_account=x', admin.token, leaked)).toEqual([])
  })
})
