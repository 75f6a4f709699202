#!/usr/bin/env node
// bluerocktel-mock: flags and environment -> state, persistence and app -> an HTTP server.
// The only module that touches argv, the environment, the disk and signals.
import { parseArgs } from 'node:util'
import { dirname, join, resolve } from 'node:path'
import { tmpdir } from 'node:os'
import { mkdir } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { Server } from 'node:http'
import { answerClientErrors } from './http/client-errors.js'
import { createApp } from './app.js'
import type { Durability, Persistence } from './store/persist.js'
import { createSeedState, fixtureUsers, SEED_SIZES } from './store/seed.js'
import { STATE_VERSION, type State } from './store/store.js'
import { checkState } from './store/check-state.js'
import { DbLocked, lockDb, type DbLock } from './store/db-lock.js'
import { isDialect } from './dialect.js'
import { parseLatency } from './faults.js'
import type { LogFormat } from './request-log.js'
import { createLogOutput } from './log-output.js'

const HELP = `Usage: bluerocktel-mock [options]

  --port N               port to listen on, 0 to 65535; 0 picks a free one (env PORT, default 4010)
  --host H               address to bind (env HOST, default 127.0.0.1)
  --db PATH|:memory:     JSON file that keeps the state across restarts, relative to the folder the command is run
                         from; :memory: keeps nothing (env MOCK_DB, default ./data/sandbox.json)
  --seed N               seed of the generated data (env MOCK_SEED, default 42)
  --admin-token T        token of the control API /__mock, also accepted as the admin user's token
                         (env MOCK_ADMIN_TOKEN, default sandbox-admin-token)
  --customers N          how many customers the seed generates, at least 150 (so that the docs' examples exist);
                         those past 150 are for volume: no files or invoices (env MOCK_CUSTOMERS, default 150)
  --dialect docs|legacy  the names answers use: docs (snake_case) or legacy (the camelCase of the official PHP SDK
                         and request collection); a request's X-BlueRockTEL-Dialect header overrides it
                         (env MOCK_DIALECT, default docs)
  --durability coalesced|strict
                         coalesced: write the file at most every 100 ms; strict: write it before answering each
                         write (env MOCK_DURABILITY, default coalesced)
  --log pretty|json|none one line per request: readable (in colour on a terminal), JSON lines (stdout then holds
                         nothing else), or nothing (env MOCK_LOG, default pretty)
  --latency MS|MIN-MAX   delay every API answer by MS, or uniformly between MIN and MAX ms
                         (env MOCK_LATENCY, default none)
  --cors-origin LIST     origins allowed by CORS: * or a comma-separated list (env MOCK_CORS_ORIGIN, default *)
  --sandbox-idle S       drop an isolated sandbox (X-Sandbox) unused for S seconds, 1 to 31536000
                         (env MOCK_SANDBOX_IDLE, default 1800)
  --max-sandboxes N      at most N isolated sandboxes at once, 0 to 10000, the least recently used dropped first;
                         0: none, a request naming one answers 400 (env MOCK_MAX_SANDBOXES, default 1000)
  -h, --help             this help
`

/** A flag or an environment variable the sandbox cannot use: one line, exit 2. */
function fail(message: string): never {
  console.error(`bluerocktel-mock: ${message.replace(/\s*\n\s*/g, ' ')} (bluerocktel-mock --help lists the options)`)
  process.exit(2)
}

/** What the sandbox cannot serve safely (a port in use, a --db file it cannot use): one line, exit 1. */
function refuse(message: string): never {
  console.error(`bluerocktel-mock: ${message}`)
  process.exit(1)
}

/** An integer flag (or its variable) within [min, max]; an empty, fractional or out-of-range value is refused. */
function integer(name: string, text: string | undefined, fallback: number, min: number, max: number, what = `an integer from ${min} to ${max}`): number {
  if (text === undefined) return fallback
  const value = /^\s*-?\d+\s*$/.test(text) ? Number(text) : NaN
  if (!Number.isSafeInteger(value) || value < min || value > max) fail(`--${name} must be ${what}, not ${JSON.stringify(text)}`)
  return value
}

function readOptions() {
  let parsed
  try {
    parsed = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        seed: { type: 'string' },
        customers: { type: 'string' },
        'admin-token': { type: 'string' },
        durability: { type: 'string' },
        dialect: { type: 'string' },
        log: { type: 'string' },
        latency: { type: 'string' },
        'cors-origin': { type: 'string' },
        'sandbox-idle': { type: 'string' },
        'max-sandboxes': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values
  } catch (error) {
    fail((error as Error).message)
  }
  if (parsed.help) {
    console.log(HELP)
    process.exit(0)
  }
  const env = process.env
  const port = integer('port', parsed.port ?? env.PORT, 4010, 0, 65535, 'a port number from 0 (any free port) to 65535')
  const seed = integer('seed', parsed.seed ?? env.MOCK_SEED, 42, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 'an integer')
  const customers = integer('customers', parsed.customers ?? env.MOCK_CUSTOMERS, SEED_SIZES.customers, SEED_SIZES.customers, 2_000_000)
  const durability = (parsed.durability ?? env.MOCK_DURABILITY ?? 'coalesced') as Durability
  if (durability !== 'coalesced' && durability !== 'strict') fail(`--durability must be coalesced or strict, not ${durability}`)
  const dialect = parsed.dialect ?? env.MOCK_DIALECT ?? 'docs'
  if (!isDialect(dialect)) fail(`--dialect must be docs or legacy, not ${dialect}`)
  const adminToken = parsed['admin-token'] ?? env.MOCK_ADMIN_TOKEN ?? 'sandbox-admin-token'
  if (!/^\S+$/.test(adminToken)) fail('--admin-token must be a non-empty string without spaces')
  const host = (parsed.host ?? env.HOST ?? '127.0.0.1').trim()
  if (!host) fail('--host must be an address or a host name, such as 127.0.0.1 or 0.0.0.0')
  const db = parsed.db ?? env.MOCK_DB ?? './data/sandbox.json'
  if (!db.trim()) fail('--db must be a file path or :memory:')
  const log = parsed.log ?? env.MOCK_LOG ?? 'pretty'
  if (log !== 'pretty' && log !== 'json' && log !== 'none') fail(`--log must be pretty, json or none, not ${log}`)
  const latencyText = parsed.latency ?? env.MOCK_LATENCY
  const latency = latencyText === undefined ? null : parseLatency(latencyText)
  if (latencyText !== undefined && !latency) fail(`--latency must be MS or MIN-MAX in milliseconds (at most 60000), not ${latencyText}`)
  const corsText = (parsed['cors-origin'] ?? env.MOCK_CORS_ORIGIN ?? '*').trim()
  const corsOrigins = corsText === '*' ? ('*' as const) : corsText.split(',').map((o) => o.trim()).filter(Boolean)
  if (corsOrigins !== '*' && (corsOrigins.length === 0 || !corsOrigins.every((o) => /^https?:\/\/[^\s/]+$/.test(o))))
    fail(`--cors-origin must be * or a comma-separated list of origins such as http://localhost:3000, not ${corsText}`)
  const idleSeconds = integer('sandbox-idle', parsed['sandbox-idle'] ?? env.MOCK_SANDBOX_IDLE, 1800, 1, 31_536_000, 'a number of seconds from 1 to 31536000 (a year)')
  const maxSandboxes = integer('max-sandboxes', parsed['max-sandboxes'] ?? env.MOCK_MAX_SANDBOXES, 1000, 0, 10_000, 'an integer from 0 (no isolated sandboxes) to 10000')
  // A relative path is the user's: npm runs a script from its package's folder, and says in INIT_CWD
  // where it was run from. Elsewhere INIT_CWD may only be inherited from some npm further up.
  const npmRoot = env.npm_package_json ? dirname(env.npm_package_json) : undefined
  const home = env.INIT_CWD && npmRoot === process.cwd() ? env.INIT_CWD : process.cwd()
  return {
    port, host, seed, customers, durability, dialect, adminToken, db: db === ':memory:' ? null : resolve(home, db),
    log: log as LogFormat, latency, corsOrigins, sandboxes: { idleMs: idleSeconds * 1000, max: maxSandboxes },
  }
}

/** Why the server could not listen, in one line. */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is already in use; choose another with --port (0 picks a free one)`
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${host}: it is not an address of this machine (127.0.0.1 or 0.0.0.0 are)`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return `cannot listen on ${host}: the host name does not resolve`
    case 'EACCES':
      return `cannot listen on port ${port}: permission denied (ports below 1024 need privileges)`
    default:
      return `cannot listen on ${host}:${port}: ${error.message}`
  }
}

async function main() {
  const options = readOptions()
  const say = createLogOutput(options.log)
  process.on('exit', () => say.flush())
  const seedState = (seed: number) => createSeedState(seed, { adminToken: options.adminToken, sizes: { customers: options.customers } })
  let state: State | null = null
  let persistence: Persistence<State> | undefined
  let lock: DbLock | undefined
  const db = options.db
  if (db) {
    // The persistence (and lowdb) is loaded only for a sandbox kept in a file.
    const persist = await import('./store/persist.js')
    await mkdir(dirname(db), { recursive: true }).catch((error: unknown) => refuse(`cannot create the folder of ${db}: ${persist.describeWriteError(error)}`))
    lock = await lockDb(db).catch((error: unknown) =>
      refuse(error instanceof DbLocked ? error.message : `cannot write in the folder of ${db}: ${persist.describeWriteError(error)}`),
    )
    process.on('exit', () => lock?.release())
    state = await persist.loadState<State>(db).catch((error: Error) => refuse(`cannot read ${db}: ${error.message}; fix it, or remove it to start from the seed`))
    if (state) {
      if (typeof state.version === 'number' && state.version !== STATE_VERSION) refuse(`${db} holds state version ${state.version}; this sandbox reads version ${STATE_VERSION}. Remove the file to start afresh.`)
      const problems = Object.values(checkState(state)).flat()
      if (problems.length) refuse(`${db} is not a sandbox state: ${problems.join(' ')} Fix it, or remove it to start from the seed.`)
    }
    await persist.probeWrite(db).catch((error: unknown) => refuse(`cannot write ${db}: ${persist.describeWriteError(error)}`))
    persistence = await persist.createPersistence<State>({
      path: db,
      durability: options.durability,
      snapshot: () => snapshot(),
      written: state ?? undefined,
      report: (message) => say.error(message),
    })
  }
  const fresh = !state
  state ??= seedState(options.seed)
  let snapshot = (): State => state
  const app = createApp({
    state, seedState, adminToken: options.adminToken, persistence, dialect: options.dialect,
    latency: options.latency, corsOrigins: options.corsOrigins, sandboxes: options.sandboxes, onRequest: say.request, onNotice: (message) => say.info(message),
  })
  snapshot = app.snapshot

  // A new file holds the seed before the sandbox serves: what a strict write that cannot be made durable goes back to.
  if (fresh && persistence) {
    persistence.changed()
    await persistence.flush().catch((error: unknown) => refuse(`cannot write ${db}: ${persistence.failure() ?? String(error)}`))
  }

  // Node checks the timeouts below only every connectionsCheckingInterval (30 s by default): every second here.
  const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host, serverOptions: { connectionsCheckingInterval: 1_000 } })
  // From now on a stop writes the state first: a client may be told of a write before the banner is out.
  let closing = false
  const shutdown = async () => {
    if (closing) return
    closing = true
    server.close()
    let code = 0
    try {
      await persistence?.close()
    } catch {
      // Acknowledged writes must not go with the process: they go to a file of their own, and the user is told where.
      const rescue = join(tmpdir(), `bluerocktel-sandbox-${process.pid}-${Date.now()}.json`)
      const saved = await import('./store/persist.js').then((persist) => persist.saveState(rescue, app.snapshot())).then(() => true, () => false)
      say.error(
        saved
          ? `could not write ${db} before stopping (${persistence?.failure()}); the state is saved in ${rescue} instead: move it over ${db} to keep it`
          : `could not write ${db} before stopping (${persistence?.failure()}), nor a copy in ${tmpdir()}: the changes since ${persistence?.status().written_state_at ?? 'the start'} are lost`,
      )
      code = 1
    }
    lock?.release()
    say.flush()
    process.exit(code)
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown())
  stopWithWrapper(() => void shutdown())
  const port = await new Promise<number>((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => refuse(listenError(error, options.host, options.port)))
    server.once('listening', () => resolve((server.address() as AddressInfo).port))
  })
  // A slow or stalled client cannot hold a connection: headers within 10 s, the whole request within 30 s.
  Object.assign(server, { headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000 })
  answerClientErrors(server as Server)

  const base = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`
  const users = fixtureUsers()
  const where = db ? `db ${db}` : 'in memory'
  say.info(`BlueRockTEL sandbox listening on ${base}/api (seed ${state.seed}, ${where}, ${options.dialect} dialect)`, {
    base_url: `${base}/api`, seed: state.seed, db, dialect: options.dialect, tokens: users.map((u) => ({ token: u.token, email: u.email, role: u.role })),
  })
  if (options.log !== 'json') {
    say.info(`Bearer tokens:\n  ${options.adminToken}  (admin, control API)`)
    for (const user of users.slice(1)) say.info(`  ${user.token}  (${user.email}, role ${user.role})`)
    say.info(`Log in: POST ${base}/api/login with email and password (admin@example.com / admin-password)`)
    say.info(`Docs: ${base}/docs   Spec: ${base}/openapi.json   Health: ${base}/__mock/health`)
  }
}

/**
 * Under `npm start` or `npx`, the sandbox runs below a shell that npm started: a SIGTERM to npm
 * (what a CI job or a process manager sends) ends npm and that shell, but reaches no further. The
 * sandbox then finds itself orphaned, and stops as if it had been sent the signal itself.
 */
function stopWithWrapper(stop: () => void) {
  if (!process.env.npm_lifecycle_event) return
  const parent = process.ppid
  setInterval(() => {
    if (process.ppid !== parent) stop()
  }, 250).unref()
}

await main()
