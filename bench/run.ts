// `npm run bench`: the sandbox and its peers, one after the other on free loopback ports, under
// the same load in the same run. Absolute figures drift between runs on a shared machine; the
// ratios to the bare Hono app measured in this run are what the targets are written against.
//
//   npm run bench -- [--json FILE] [--profile DIR]
//
// --profile runs the sandboxes under `node --cpu-prof` and leaves one .cpuprofile per process in DIR.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir, cpus } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { measure, record, type Load, type Measure, type Recorded, type Scenario } from './load.js'
import {
  cpuSeconds,
  peakRssMb,
  start,
  stop,
  stopAll,
  type Command,
  type Probe,
  type Server,
} from './processes.js'
import { CEILING, CHECKS, LOGGED, RATIO_TARGETS, REPLAY, type Figures } from './targets.js'
import { formatReport } from './report.js'

const { values: flags } = parseArgs({
  options: { json: { type: 'string' }, profile: { type: 'string' } },
})
const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url))
// The 3.2 s measured are 4 slices of 0.8 s, with the bare app's /ping measured for 0.8 s before,
// between and after them (bench/load.ts): slices of one length, so that what a run loses while it
// starts costs both figures alike.
const LOAD: Load = { connections: 20, warmupS: 1.5, durationS: 3.2, slices: 4, ceilingS: 0.8 }
const STARTS = 5
const BIG = 100_000
const TOKEN = 'sandbox-admin-token'
const AUTH = { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json' }
const JSON_BODY = { ...AUTH, 'Content-Type': 'application/json' }

const node = (script: string, ...args: string[]): Command => ({
  file: process.execPath,
  args: (port) => [
    ...(flags.profile ? ['--cpu-prof', '--cpu-prof-dir', flags.profile] : []),
    script,
    ...args,
    '--port',
    String(port),
  ],
})
// Without the per-request log: its lines would be read by this process, on the cores the load shares.
const sandbox = (...args: string[]) => node(root('dist/cli.js'), '--log', 'none', ...args)
/** The sandbox as users run it, its log written to a file (`> file`): no reader on the load's cores. */
const logging = (file: string, ...args: string[]): Command => ({
  ...node(root('dist/cli.js'), ...args),
  stdout: file,
})
const bareHono: Command = {
  file: process.execPath,
  args: (port) => ['--import', 'tsx', root('bench/bare-hono.ts'), String(port)],
}
const replayer: Command = {
  file: process.execPath,
  args: (port) => ['--import', 'tsx', root('bench/replay.ts'), String(port)],
}
const prism: Command = {
  file: root('node_modules/.bin/prism'),
  args: (port) => [
    'mock',
    root('src/generated/openapi.json'),
    '-p',
    String(port),
    '-h',
    '127.0.0.1',
  ],
}

const SANDBOX_PROBE: Probe = { path: '/api/v1/customers/42', headers: AUTH }
// Prism serves the paths without the document's `/api` server prefix.
const PRISM_PROBE: Probe = { path: '/v1/customers/42', headers: AUTH }

/** Starts `command` STARTS times, keeping the last one running; answers it with the median start-up. */
async function startMany(
  command: Command,
  probe: Probe,
  timeoutMs: number,
): Promise<{ server: Server; startupMs: number }> {
  const times: number[] = []
  for (let i = 1; ; i++) {
    const server = await start(command, probe, timeoutMs)
    times.push(server.startupMs)
    if (i === STARTS)
      return { server, startupMs: times.sort((a, b) => a - b)[Math.floor(STARTS / 2)]! }
    await stop(server.child)
  }
}

/** Reads a few customers spread over the ids, for search terms and phone numbers that exist. */
async function sampleCustomers(base: string, count: number, customers: number) {
  type Sample = { id: number; name: string; customer_account: string; phone: string | null }
  const rows: Sample[] = []
  for (let i = 0; i < count; i++) {
    const id = 1 + Math.floor(((i + 0.5) * customers) / count)
    const res = await fetch(`${base}/api/v1/customers/${id}`, {
      headers: AUTH,
      signal: AbortSignal.timeout(5000),
    })
    if (res.status !== 200) throw new Error(`GET /api/v1/customers/${id} answered ${res.status}`)
    rows.push((await res.json()) as Sample)
  }
  return rows
}

/** The read scenarios of a sandbox holding `customers` customers, on data read from it. */
async function readScenarios(base: string, customers: number): Promise<Record<string, Scenario>> {
  const sample = await sampleCustomers(base, 50, customers)
  const spread = (n: number, max: number) =>
    Array.from({ length: n }, (_, i) => 1 + Math.floor((i * max) / n))
  const lastPage = Math.ceil(customers / 25)
  return {
    'GET /v1/customers/{id}': {
      paths: spread(Math.min(customers, 1000), customers).map((id) => `/api/v1/customers/${id}`),
      headers: AUTH,
    },
    'GET /v1/customers?per_page=25&page=N': {
      paths: spread(Math.min(lastPage, 200), lastPage).map(
        (n) => `/api/v1/customers?per_page=25&page=${n}`,
      ),
      headers: AUTH,
    },
    'GET /v1/items?filter[family_id]=3': {
      paths: ['/api/v1/items?filter[family_id]=3'],
      headers: AUTH,
    },
    'GET /v1/customers/search?term=': {
      paths: sample.map((c) => `/api/v1/customers/search?term=${encodeURIComponent(c.name)}`),
      headers: AUTH,
    },
    'GET /v1/customers/lookup?phone_number=': {
      paths: sample
        .filter((c) => c.phone)
        .map((c) => `/api/v1/customers/lookup?phone_number=${encodeURIComponent(c.phone!)}`),
      headers: AUTH,
    },
  }
}

const CEILING_SCENARIO: Scenario = { paths: ['/ping'] }
const POST_CUSTOMER: Scenario = {
  method: 'POST',
  paths: ['/api/v1/customers'],
  headers: JSON_BODY,
  body: JSON.stringify({
    name: 'Bench Telecom SAS',
    email_address: 'contact@bench-telecom.example',
    phone: '+33123456789',
    charge_vat: true,
  }),
}

type Result = { server: string; scenario: string } & Measure
type Process = {
  server: string
  startupMs: number | null
  peakRssMb: number | null
  customers: number | null
}
const results: Result[] = []
const processes: Process[] = []

let replay: Server | undefined
/**
 * Measures each scenario on `target`, and the CPU it spends. A scenario with a target is then
 * measured on the replaying bare app too, right after, with the answers just recorded from
 * `target`: one next to the other, so that a machine whose speed drifts during the run moves both
 * alike.
 */
async function run(server: string, target: Server, scenarios: Record<string, Scenario>) {
  for (const [scenario, s] of Object.entries(scenarios)) {
    const replayed =
      replay &&
      RATIO_TARGETS.some(
        (t) => t.server === server && t.scenario === scenario && !('sameAnswersOf' in t),
      )
    const answers: Recorded = {}
    const again = replayed
      ? await record(target.base, s, `/replay${results.length}`, answers)
      : undefined
    await load(server, scenario, target, s)
    if (again && replay) {
      const put = await fetch(`${replay.base}/__answers`, {
        method: 'PUT',
        body: JSON.stringify(answers),
        signal: AbortSignal.timeout(10_000),
      })
      if (put.status !== 204)
        throw new Error(`the replaying app answered ${put.status} to the recorded answers`)
      await load(REPLAY.server, REPLAY.scenario(server, scenario), replay, again)
    }
  }
}

let ceilingBase: string | undefined

async function load(server: string, scenario: string, target: Server, s: Scenario) {
  process.stderr.write(`${server}: ${scenario} ...`)
  const ceiling = ceilingBase ? { base: ceilingBase, scenario: CEILING_SCENARIO } : undefined
  const m = await measure(target.base, s, LOAD, ceiling, () => cpuSeconds(target.child))
  process.stderr.write(
    ` ${Math.round(m.rps)} req/s${m.failures ? `, ${m.failures} failures` : ''} (bare Hono alongside: ${Math.round(m.ceilingRps)}; server CPU ${Math.round(m.cpuUs)} µs a request)\n`,
  )
  results.push({ server, scenario, ...m })
}

/** Records the server's start-up, peak memory and (for a sandbox) how many customers it ended with, then stops it. */
async function finish(name: string, server: Server, startupMs: number | null) {
  type Health = { records?: { customers?: number } }
  const health = await fetch(`${server.base}/__mock/health`, {
    signal: AbortSignal.timeout(5000),
  }).then(
    (res) => (res.ok ? (res.json() as Promise<Health>) : null),
    () => null,
  )
  processes.push({
    server: name,
    startupMs,
    peakRssMb: peakRssMb(server.child),
    customers: health?.records?.customers ?? null,
  })
  await stop(server.child)
}

const began = Date.now()
// However the servers behave, the run ends: a clean one takes under five minutes.
const watchdog = setTimeout(() => {
  console.error('The benchmark ran for 10 minutes: stopping it.')
  void stopAll().then(() => process.exit(1))
}, 10 * 60_000)
watchdog.unref()
const scratch = mkdtempSync(join(tmpdir(), 'bluerocktel-bench-'))
try {
  // The ceiling is measured along with every scenario, its own `/ping` first and last included:
  // their ratio near 1 says the slicing is fair, their rates how much the machine drifted in the run.
  const bare = await start(bareHono, { path: '/ping' }, 20_000)
  ceilingBase = bare.base
  await run('bare Hono', bare, {
    [CEILING.scenario]: CEILING_SCENARIO,
    'GET /customers/{id} (from a Map)': {
      paths: Array.from({ length: 150 }, (_, i) => `/customers/${i + 1}`),
    },
  })
  replay = await start(replayer, { path: '/ping' }, 20_000)
  {
    const { server, startupMs } = await startMany(
      sandbox('--db', ':memory:'),
      SANDBOX_PROBE,
      20_000,
    )
    await run('sandbox', server, await readScenarios(server.base, 150))
    await finish('sandbox', server, startupMs)
  }
  // As users run it: the quick start's defaults (the readable log, a --db file, coalesced writes)
  // and the CI recipe's (--log json, in memory), each log redirected to a file.
  for (const [server, log, args] of [
    [LOGGED.file, 'default.log', ['--db', join(scratch, 'default.json')]],
    [LOGGED.json, 'json.log', ['--db', ':memory:', '--log', 'json']],
  ] as const) {
    const file = join(scratch, log)
    const target = await start(logging(file, ...args), SANDBOX_PROBE, 20_000)
    const { 'GET /v1/customers/{id}': byId, 'GET /v1/customers?per_page=25&page=N': page } =
      await readScenarios(target.base, 150)
    await run(server, target, {
      'GET /v1/customers/{id}': byId!,
      'GET /v1/customers?per_page=25&page=N': page!,
    })
    await finish(server, target, null)
    process.stderr.write(`  ${file} after the run: ${(statSync(file).size / 1e6).toFixed(1)} MB\n`)
  }
  // The writes on sandboxes of their own, whose memory grows with every customer they add.
  {
    const server = await start(sandbox('--db', ':memory:'), SANDBOX_PROBE, 20_000)
    await run('sandbox', server, { 'POST /v1/customers (--db :memory:)': POST_CUSTOMER })
    await finish('sandbox after POSTs, :memory:', server, null)
  }
  {
    const db = join(scratch, 'sandbox.json')
    const server = await start(sandbox('--db', db), SANDBOX_PROBE, 20_000)
    await run('sandbox', server, { 'POST /v1/customers (--db file)': POST_CUSTOMER })
    await finish('sandbox after POSTs, --db file', server, null)
    process.stderr.write(`  ${db} after the run: ${(statSync(db).size / 1e6).toFixed(1)} MB\n`)
  }
  {
    const { server, startupMs } = await startMany(
      sandbox('--db', ':memory:', '--customers', String(BIG)),
      SANDBOX_PROBE,
      60_000,
    )
    const { 'GET /v1/items?filter[family_id]=3': _items, ...scenarios } = await readScenarios(
      server.base,
      BIG,
    )
    await run('sandbox 100k', server, scenarios)
    await finish('sandbox 100k', server, startupMs)
  }
  {
    const { server, startupMs } = await startMany(prism, PRISM_PROBE, 30_000)
    await run('prism mock', server, {
      'GET /v1/customers/{id}': {
        paths: Array.from({ length: 150 }, (_, i) => `/v1/customers/${i + 1}`),
        headers: AUTH,
      },
      'GET /v1/customers?per_page=25&page=N': {
        paths: Array.from({ length: 6 }, (_, i) => `/v1/customers?per_page=25&page=${i + 1}`),
        headers: AUTH,
      },
    })
    await finish('prism mock', server, startupMs)
  }
  await finish(REPLAY.server, replay, null)
  replay = undefined
  await run('bare Hono', bare, { [CEILING.again]: CEILING_SCENARIO })
  ceilingBase = undefined
  await finish('bare Hono', bare, null)
} finally {
  await stopAll()
  rmSync(scratch, { recursive: true, force: true })
}

const figures: Figures = { results, processes }
const report = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
  load: LOAD,
  durationS: Math.round((Date.now() - began) / 1000),
  results,
  processes,
  targets: CHECKS.map((check) => check(figures)),
}
console.log(formatReport(report))
if (flags.json) writeFileSync(flags.json, JSON.stringify(report, null, 2) + '\n')
