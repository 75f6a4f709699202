// `npm run bench:sandboxes`: what isolated sandboxes (X-Sandbox) cost, in-process (app.request(), no
// socket), at the default seed and at 100k customers, each in a child process of its own with a GC
// it can force. A report, never pass/fail: it prints the figures and whether each target holds.
//
//   - the first request to a new sandbox (GET /v1/customers/42), p50 and p99 over 500 new names,
//     after 50 new names of warm-up (the first of them makes the seed's shared store);
//   - the heap a sandbox with 3 writes takes: heap used after a forced GC, before and after making
//     N such sandboxes, divided by N;
//   - at the default seed, 10,000 live sandboxes with a write each: all still listed, and the heap.
//
//   npm run bench:sandboxes -- [--json FILE]
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createApp } from '../src/app.js'
import { createSeedState } from '../src/store/seed.js'

const TOKEN = 'sandbox-admin-token'
const MB = 1024 * 1024
type Profile = {
  name: string
  customers?: number
  firstRequests: number
  writers: number
  live: number
}
const PROFILES: Profile[] = [
  { name: 'default seed', firstRequests: 500, writers: 1000, live: 10_000 },
  { name: '100k customers', customers: 100_000, firstRequests: 500, writers: 200, live: 0 },
]
const TARGETS = {
  firstP99Ms: 5,
  mbPerSandbox: { 'default seed': 0.1, '100k customers': 1 } as Record<string, number>,
  live: 10_000,
}

type Figures = {
  profile: string
  baseMs: number
  p50Ms: number
  p99Ms: number
  mbPerSandbox: number
  writers: number
  live: number
  liveListed: number
  liveHeapMb: number
  heapMb: number
}

async function measureProfile(profile: Profile): Promise<Figures> {
  const sizes = profile.customers ? { customers: profile.customers } : undefined
  const seedState = (seed: number) => createSeedState(seed, { adminToken: TOKEN, sizes })
  const app = createApp({
    state: seedState(42),
    seedState,
    adminToken: TOKEN,
    sandboxes: { max: 20_000, idleMs: 24 * 3600_000 },
  })
  const send = async (method: string, path: string, sandbox: string, body?: unknown) => {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${TOKEN}`,
      Accept: 'application/json',
      'X-Sandbox': sandbox,
    }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    const res = await app.request(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    await res.arrayBuffer()
    if (res.status >= 300) throw new Error(`${method} ${path} in ${sandbox} answered ${res.status}`)
  }
  const heapMb = () => {
    global.gc!()
    return process.memoryUsage().heapUsed / MB
  }

  let started = performance.now()
  await send('GET', '/api/v1/customers/42', 'warm-0')
  const baseMs = performance.now() - started
  for (let i = 1; i < 50; i++) await send('GET', '/api/v1/customers/42', `warm-${i}`)

  const times: number[] = []
  for (let i = 0; i < profile.firstRequests; i++) {
    started = performance.now()
    await send('GET', '/api/v1/customers/42', `first-${i}`)
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!
  await send('POST', '/__mock/reset', 'first-0') // the control API by name, as a CI job ends
  await app.request('/__mock/health') // sweeps nothing (a day's idle time), lists them all

  const before = heapMb()
  for (let i = 0; i < profile.writers; i++) {
    const name = `writer-${i}`
    await send('POST', '/api/v1/customers', name, { name: `Customer of ${name}` })
    await send('PUT', '/api/v1/customers/42', name, { name: `Renamed in ${name}` })
    await send('PUT', '/api/v1/items/42', name, { description: `Item of ${name}` })
  }
  const mbPerSandbox = (heapMb() - before) / profile.writers

  let liveListed = 0
  let liveHeapMb = 0
  if (profile.live) {
    for (let i = 0; i < profile.live; i++)
      await send('PUT', '/api/v1/customers/42', `live-${i}`, { name: `Live ${i}` })
    const health = (await (await app.request('/__mock/health')).json()) as {
      sandboxes: { name: string }[]
    }
    liveListed = health.sandboxes.filter((s) => s.name.startsWith('live-')).length
    liveHeapMb = heapMb()
  }
  return {
    profile: profile.name,
    baseMs,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    mbPerSandbox,
    writers: profile.writers,
    live: profile.live,
    liveListed,
    liveHeapMb,
    heapMb: heapMb(),
  }
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits))
const holds = (ok: boolean) => (ok ? 'yes' : '**no**')

function report(all: Figures[]): string {
  const lines = [
    `${new Date().toISOString().slice(0, 10)}, Node ${process.version}; in-process (app.request()), each profile in a process of its own`,
    '',
    "| profile | first request to the seed's first sandbox | first request to a new sandbox, p50 / p99 | heap a sandbox with 3 writes (over N) | heap at the end |",
    '| --- | --- | --- | --- | --- |',
    ...all.map(
      (f) =>
        `| ${f.profile} | ${round(f.baseMs, 0)} ms | ${round(f.p50Ms)} / ${round(f.p99Ms)} ms | ${round(f.mbPerSandbox, 3)} MB (${f.writers}) | ${round(f.heapMb, 0)} MB |`,
    ),
    '',
    '| target | measured | holds |',
    '| --- | --- | --- |',
  ]
  for (const f of all) {
    lines.push(
      `| ${f.profile}: first request to a new sandbox ≤ ${TARGETS.firstP99Ms} ms at p99 | ${round(f.p99Ms)} ms | ${holds(f.p99Ms <= TARGETS.firstP99Ms)} |`,
    )
    const mb = TARGETS.mbPerSandbox[f.profile]!
    lines.push(
      `| ${f.profile}: ≤ ${mb} MB a sandbox with 3 writes | ${round(f.mbPerSandbox, 3)} MB | ${holds(f.mbPerSandbox <= mb)} |`,
    )
    if (f.live)
      lines.push(
        `| ${f.profile}: ${TARGETS.live} live sandboxes in one process | ${f.liveListed} listed, heap ${round(f.liveHeapMb, 0)} MB | ${holds(f.liveListed >= TARGETS.live)} |`,
      )
  }
  return lines.join('\n')
}

const { values: flags } = parseArgs({
  options: { json: { type: 'string' }, profile: { type: 'string' } },
})
if (flags.profile !== undefined) {
  // A child: one profile, its figures as JSON on the last line.
  console.log(JSON.stringify(await measureProfile(PROFILES[Number(flags.profile)]!)))
} else {
  const all: Figures[] = []
  for (const [i, profile] of PROFILES.entries()) {
    process.stderr.write(`${profile.name}...\n`)
    const out = execFileSync(
      process.execPath,
      [
        '--expose-gc',
        '--max-old-space-size=4096',
        '--import',
        'tsx',
        fileURLToPath(import.meta.url),
        '--profile',
        String(i),
      ],
      {
        encoding: 'utf8',
        timeout: 10 * 60_000, // bounded: a profile that takes longer is a finding in itself
        maxBuffer: 64 * MB,
      },
    )
    all.push(JSON.parse(out.trim().split('\n').pop()!) as Figures)
  }
  console.log(report(all))
  if (flags.json) writeFileSync(flags.json, JSON.stringify(all, null, 2))
}
