// Three sandbox processes behind nginx with the shipped deploy/nginx.conf (Debian's `nginx`, which
// .ci/run installs; elsewhere the test runs when /usr/sbin/nginx is there): each sandbox's requests
// land on one process, by header, query or bound token alike; sandboxes stay isolated; a stopped
// process costs only its own sandboxes. It also prints a mixed load's throughput through nginx next
// to one process's, and asserts nothing of it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { existsSync } from 'node:fs'
import { cpus } from 'node:os'
import autocannon from 'autocannon'
import { startSandbox, stopAll, stopChild, type Started } from './spawn-sandbox.js'
import { NGINX, startNginx, type Proxy } from './nginx-proxy.js'

const runs = existsSync(NGINX) || Boolean(process.env.BLUEROCKTEL_REQUIRE_TOOLS)
const title = 'several sandbox processes behind nginx (deploy/nginx.conf)'
const ADMIN = { Authorization: 'Bearer sandbox-admin-token', Accept: 'application/json' }
const LOGIN = JSON.stringify({ email: 'admin@example.com', password: 'admin-password' })
const NAMES = Array.from({ length: 30 }, (_, i) => `job-${i + 1}`)

if (!runs)
  console.warn(
    `Skipped "${title}": ${NGINX} is not installed (apt-get install nginx; .ci/run does, and BLUEROCKTEL_REQUIRE_TOOLS=1 makes this test required).`,
  )

type Answer = { status: number; upstream: string | null; sandbox: string | null; body: any }
async function ask(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, {
    ...init,
    headers: { ...ADMIN, 'Content-Type': 'application/json', ...init.headers },
    signal: AbortSignal.timeout(10_000),
  })
  const text = await res.text()
  return {
    status: res.status,
    upstream: res.headers.get('x-sandbox-upstream'),
    sandbox: res.headers.get('x-sandbox'),
    body: text.startsWith('{') ? JSON.parse(text) : text,
  }
}
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` })

type Cluster = { processes: Started[]; proxy: Proxy; routes: () => Promise<Map<string, Route>> }
/** Where a sandbox landed (`127.0.0.1:<port>`), and a token from a login made in it. */
type Route = { upstream: string; token: string }
const address = (p: Started) => `127.0.0.1:${p.port}`

/** Three sandbox processes and nginx in front of them; `routes` logs in once in each sandbox of NAMES. */
async function startCluster(): Promise<Cluster> {
  const processes = await Promise.all(
    [1, 2, 3].map(() => startSandbox(['--db', ':memory:', '--log', 'none'])),
  )
  const proxy = await startNginx(processes.map((p) => p.port))
  let routes: Promise<Map<string, Route>> | undefined
  const login = async () => {
    const found = new Map<string, Route>()
    for (const name of NAMES) {
      const answer = await ask(`${proxy.base}/api/login`, {
        method: 'POST',
        body: LOGIN,
        headers: { 'X-Sandbox': name },
      })
      expect(answer.status).toBe(200)
      found.set(name, { upstream: answer.upstream!, token: answer.body.token })
    }
    return found
  }
  return { processes, proxy, routes: () => (routes ??= login()) }
}
const ownedBy = (routes: Map<string, Route>, upstream: string) =>
  NAMES.filter((n) => routes.get(n)!.upstream === upstream)

describe.runIf(runs)(title, () => {
  let cluster: Cluster
  beforeAll(async () => void (cluster = await startCluster()), 60_000)
  afterAll(async () => {
    await cluster?.proxy.stop()
    await stopAll()
  })

  it('sends requests naming no sandbox to the first process, where the main sandbox lives', async () => {
    const { proxy, processes } = cluster
    const main = address(processes[0]!)
    expect((await ask(`${proxy.base}/api/v1/customers/42`)).upstream).toBe(main)
    const login = await ask(`${proxy.base}/api/login`, { method: 'POST', body: LOGIN })
    expect(login.upstream).toBe(main)
    const answer = await ask(`${proxy.base}/api/v1/customers?per_page=5`, {
      headers: bearer(login.body.token),
    })
    expect([answer.status, answer.upstream, answer.sandbox]).toEqual([200, main, null])
    // Pages link to the address the client used, not to the process behind it.
    expect(answer.body.first_page_url).toBe(`${proxy.base}/api/v1/customers?page=1`)
  })

  it('sends every request of a sandbox to one process, whether it names it by header, by ?sandbox= or by a token bound to it', async () => {
    const routes = await cluster.routes()
    for (const [name, { upstream, token }] of routes) {
      const byHeader = await ask(`${cluster.proxy.base}/api/v1/customers/42`, {
        headers: { 'X-Sandbox': name },
      })
      expect([byHeader.status, byHeader.upstream, byHeader.sandbox]).toEqual([200, upstream, name])
      const byQuery = await ask(`${cluster.proxy.base}/api/v1/customers/42?sandbox=${name}`)
      expect([byQuery.status, byQuery.upstream, byQuery.sandbox]).toEqual([200, upstream, name])
      // The PHP SDK's case: the token alone, no header, no query.
      const byToken = await ask(`${cluster.proxy.base}/api/v1/customers/42`, {
        headers: bearer(token),
      })
      expect([byToken.status, byToken.upstream, byToken.sandbox]).toEqual([200, upstream, name])
    }
    // 30 names over three processes: the hash spreads them.
    expect(new Set([...routes.values()].map((r) => r.upstream)).size).toBeGreaterThan(1)
  })

  it('shows each sandbox in the request log of its own process only', async () => {
    const routes = await cluster.routes()
    for (const p of cluster.processes)
      expect((await ask(`${p.base}/__mock/requests`, { method: 'DELETE' })).status).toBe(200)
    for (const name of NAMES)
      expect(
        (await ask(`${cluster.proxy.base}/api/v1/customers/7`, { headers: { 'X-Sandbox': name } }))
          .status,
      ).toBe(200)
    for (const p of cluster.processes) {
      const logged = (await ask(`${p.base}/__mock/requests?limit=200`)).body.data as {
        sandbox: string | null
      }[]
      expect(logged.map((e) => e.sandbox).sort()).toEqual(ownedBy(routes, address(p)).sort())
    }
  })

  it('keeps sandboxes isolated, on one process and across processes', async () => {
    const routes = await cluster.routes()
    for (const [name, { token }] of routes) {
      const put = await ask(`${cluster.proxy.base}/api/v1/customers/42`, {
        method: 'PUT',
        body: JSON.stringify({ name: `Customer of ${name}` }),
        headers: bearer(token),
      })
      expect(put.status).toBe(200)
    }
    for (const name of NAMES)
      expect(
        (await ask(`${cluster.proxy.base}/api/v1/customers/42`, { headers: { 'X-Sandbox': name } }))
          .body.name,
      ).toBe(`Customer of ${name}`)
    expect((await ask(`${cluster.proxy.base}/api/v1/customers/42`)).body.name).not.toMatch(
      /^Customer of /,
    )
  })

  it("prints the throughput of a mixed load over 30 sandboxes through nginx, next to one process's", async () => {
    const alone = await startSandbox(['--db', ':memory:', '--log', 'none'])
    const through = await mixedLoad(cluster.proxy.base)
    const direct = await mixedLoad(alone.base)
    await stopChild(alone.child)
    for (const m of [through, direct]) expect([m.errors, m.timeouts, m.non2xx]).toEqual([0, 0, 0])
    console.log(
      `Mixed load over 30 sandboxes (8 GETs by id, 1 page of 25, 1 POST in 10), 10 connections, 2 s, on ${cpus().length} cores:\n` +
        `  nginx and 3 processes: ${Math.round(through.rps)} requests/s; one process: ${Math.round(direct.rps)} requests/s (${(through.rps / direct.rps).toFixed(2)} ×)`,
    )
  }, 30_000)
})

describe.runIf(runs)(`${title}: a process stops`, () => {
  let cluster: Cluster
  beforeAll(async () => void (cluster = await startCluster()), 60_000)
  afterAll(async () => {
    await cluster?.proxy.stop()
    await stopAll()
  })

  it('answers 502 for the sandboxes of the stopped process only; the others and the main sandbox keep their state', async () => {
    const { proxy, processes } = cluster
    const routes = await cluster.routes()
    for (const [name, { token }] of routes)
      await ask(`${proxy.base}/api/v1/customers/42`, {
        method: 'PUT',
        body: JSON.stringify({ name: `Customer of ${name}` }),
        headers: bearer(token),
      })
    await ask(`${proxy.base}/api/v1/customers/42`, {
      method: 'PUT',
      body: JSON.stringify({ name: 'Customer of the main sandbox' }),
    })
    // The process other than the main one that holds the most sandboxes.
    const [victim] = processes
      .slice(1)
      .sort((a, b) => ownedBy(routes, address(b)).length - ownedBy(routes, address(a)).length)
    expect(ownedBy(routes, address(victim!)).length).toBeGreaterThan(0)
    await stopChild(victim!.child)
    for (const [name, { upstream, token }] of routes) {
      const answer = await ask(`${proxy.base}/api/v1/customers/42`, { headers: bearer(token) })
      if (upstream === address(victim!)) expect(answer.status).toBe(502)
      else expect([answer.status, answer.body.name]).toEqual([200, `Customer of ${name}`])
    }
    const main = await ask(`${proxy.base}/api/v1/customers/42`)
    expect([main.upstream, main.body.name]).toEqual([
      address(processes[0]!),
      'Customer of the main sandbox',
    ])
  })
})

/** A mixed load over the 30 sandboxes for at most 2 s and 40,000 requests, after 0.5 s of warm-up. */
async function mixedLoad(base: string) {
  let next = 0
  const run = (duration: number) =>
    autocannon({
      url: base,
      connections: 10,
      duration,
      maxOverallRequests: 40_000,
      timeout: 10,
      requests: [
        {
          setupRequest: (request) => {
            const i = next++
            const headers = {
              ...ADMIN,
              'Content-Type': 'application/json',
              'X-Sandbox': NAMES[i % NAMES.length]!,
            }
            if (i % 10 === 0)
              return {
                ...request,
                method: 'POST',
                path: '/api/v1/customers',
                headers,
                body: JSON.stringify({ name: `Load ${i}` }),
              }
            const path =
              i % 10 === 1
                ? `/api/v1/customers?per_page=25&page=${1 + (i % 6)}`
                : `/api/v1/customers/${1 + (i % 150)}`
            return { ...request, method: 'GET', path, headers }
          },
        },
      ],
    })
  await run(0.5)
  const measured = await run(2)
  return {
    rps: measured.requests.total / measured.duration,
    errors: measured.errors,
    timeouts: measured.timeouts,
    non2xx: measured.non2xx,
  }
}
