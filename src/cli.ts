#!/usr/bin/env node
// bluerocktel-mock: flags and environment -> state, persistence and app -> an HTTP server.
// The only module that touches argv, the environment, the disk and signals.
import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import { serve } from '@hono/node-server'
import type { Server } from 'node:http'
import { answerClientErrors } from './client-errors.js'
import { createApp } from './app.js'
import type { Durability, Persistence } from './store/persist.js'
import { createSeedState, fixtureUsers, SEED_SIZES } from './store/seed.js'
import { STATE_VERSION, type State } from './store/store.js'
import { isDialect } from './dialect.js'
import { parseLatency } from './faults.js'
import { formatEntry, type LogEntry, type LogFormat } from './request-log.js'

const HELP = `Usage: bluerocktel-mock [options]

  --port N               port to listen on (env PORT, default 4010)
  --host H               address to bind (env HOST, default 127.0.0.1)
  --db PATH|:memory:     JSON file that keeps the state across restarts (env MOCK_DB, default ./data/sandbox.json);
                         :memory: keeps nothing
  --seed N               seed of the generated data (env MOCK_SEED, default 42)
  --customers N          how many customers the seed generates (env MOCK_CUSTOMERS, default 150; at least 150,
                         so that the docs' examples exist); those past 150 are for volume: no files or invoices
  --admin-token T        token of the control API /__mock, also accepted as the admin user's token
                         (env MOCK_ADMIN_TOKEN, default sandbox-admin-token)
  --dialect docs|legacy  the names answers use: docs (snake_case, default) or legacy (the camelCase of the official
                         PHP SDK and request collection); a request's X-BlueRockTEL-Dialect header overrides it
                         (env MOCK_DIALECT)
  --durability MODE      coalesced: write the file at most every 100 ms (default);
                         strict: write it before answering each write (env MOCK_DURABILITY)
  --log pretty|json|none one line per request: readable (default; in colour on a terminal), JSON lines, or nothing
                         (env MOCK_LOG)
  --latency MS|MIN-MAX   delay every API answer by MS, or uniformly between MIN and MAX ms (env MOCK_LATENCY)
  --cors-origin LIST     origins allowed by CORS: * (default) or a comma-separated list (env MOCK_CORS_ORIGIN)
  --sandbox-idle S       drop an isolated sandbox (X-Sandbox) unused for S seconds (env MOCK_SANDBOX_IDLE, default 1800)
  --max-sandboxes N      at most N isolated sandboxes at once; the least recently used goes first
                         (env MOCK_MAX_SANDBOXES, default 50)
  -h, --help             this help
`

function fail(message: string): never {
  console.error(`bluerocktel-mock: ${message}\n\n${HELP}`)
  process.exit(2)
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
  const port = Number(parsed.port ?? env.PORT ?? 4010)
  const seed = Number(parsed.seed ?? env.MOCK_SEED ?? 42)
  const customers = Number(parsed.customers ?? env.MOCK_CUSTOMERS ?? SEED_SIZES.customers)
  if (!Number.isSafeInteger(customers) || customers < SEED_SIZES.customers || customers > 2_000_000)
    fail(`--customers must be an integer from ${SEED_SIZES.customers} to 2000000, not ${parsed.customers ?? env.MOCK_CUSTOMERS}`)
  const durability = (parsed.durability ?? env.MOCK_DURABILITY ?? 'coalesced') as Durability
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number, not ${parsed.port ?? env.PORT}`)
  if (!Number.isSafeInteger(seed)) fail(`--seed must be an integer, not ${parsed.seed ?? env.MOCK_SEED}`)
  if (durability !== 'coalesced' && durability !== 'strict') fail(`--durability must be coalesced or strict, not ${durability}`)
  const dialect = parsed.dialect ?? env.MOCK_DIALECT ?? 'docs'
  if (!isDialect(dialect)) fail(`--dialect must be docs or legacy, not ${dialect}`)
  const adminToken = parsed['admin-token'] ?? env.MOCK_ADMIN_TOKEN ?? 'sandbox-admin-token'
  if (!/^\S+$/.test(adminToken)) fail('--admin-token must be a non-empty string without spaces')
  const db = parsed.db ?? env.MOCK_DB ?? './data/sandbox.json'
  const log = parsed.log ?? env.MOCK_LOG ?? 'pretty'
  if (log !== 'pretty' && log !== 'json' && log !== 'none') fail(`--log must be pretty, json or none, not ${log}`)
  const latencyText = parsed.latency ?? env.MOCK_LATENCY
  const latency = latencyText === undefined ? null : parseLatency(latencyText)
  if (latencyText !== undefined && !latency) fail(`--latency must be MS or MIN-MAX in milliseconds (at most 60000), not ${latencyText}`)
  const corsText = (parsed['cors-origin'] ?? env.MOCK_CORS_ORIGIN ?? '*').trim()
  const corsOrigins = corsText === '*' ? ('*' as const) : corsText.split(',').map((o) => o.trim()).filter(Boolean)
  if (corsOrigins !== '*' && (corsOrigins.length === 0 || !corsOrigins.every((o) => /^https?:\/\/[^\s/]+$/.test(o))))
    fail(`--cors-origin must be * or a comma-separated list of origins such as http://localhost:3000, not ${corsText}`)
  const idleSeconds = Number(parsed['sandbox-idle'] ?? env.MOCK_SANDBOX_IDLE ?? 1800)
  if (!Number.isSafeInteger(idleSeconds) || idleSeconds < 1) fail(`--sandbox-idle must be a number of seconds, not ${parsed['sandbox-idle'] ?? env.MOCK_SANDBOX_IDLE}`)
  const maxSandboxes = Number(parsed['max-sandboxes'] ?? env.MOCK_MAX_SANDBOXES ?? 50)
  if (!Number.isSafeInteger(maxSandboxes) || maxSandboxes < 0 || maxSandboxes > 10_000) fail(`--max-sandboxes must be an integer from 0 to 10000, not ${parsed['max-sandboxes'] ?? env.MOCK_MAX_SANDBOXES}`)
  return {
    port, host: parsed.host ?? env.HOST ?? '127.0.0.1', seed, customers, durability, dialect, adminToken, db: db === ':memory:' ? null : resolve(db),
    log: log as LogFormat, latency, corsOrigins, sandboxes: { idleMs: idleSeconds * 1000, max: maxSandboxes },
  }
}

/** The log's printer: readable lines (coloured on a terminal), JSON lines, or none. */
function printer(format: LogFormat) {
  if (format === 'none') return undefined
  if (format === 'json') return (entry: LogEntry) => process.stdout.write(JSON.stringify({ ...entry, request_body: undefined, response_body: undefined }) + '\n')
  const colour = process.stdout.isTTY && !process.env.NO_COLOR
  return (entry: LogEntry) => process.stdout.write(formatEntry(entry, colour) + '\n')
}

async function main() {
  const options = readOptions()
  const seedState = (seed: number) => createSeedState(seed, { adminToken: options.adminToken, sizes: { customers: options.customers } })
  let state: State | null = null
  let persistence: Persistence<State> | undefined
  // The persistence (and lowdb) is loaded only for a sandbox kept in a file.
  const persist = options.db ? await import('./store/persist.js') : undefined
  if (options.db && persist) {
    state = await persist.loadState<State>(options.db).catch((error: Error) => fail(`cannot read ${options.db}: ${error.message}`))
    if (state && state.version !== STATE_VERSION) fail(`${options.db} holds state version ${state.version}; this sandbox reads version ${STATE_VERSION}. Remove the file to start afresh.`)
  }
  const fresh = !state
  state ??= seedState(options.seed)
  let snapshot = (): State => state
  if (options.db && persist) {
    persistence = await persist.createPersistence<State>({ path: options.db, durability: options.durability, snapshot: () => snapshot() })
  }
  const app = createApp({
    state, seedState, adminToken: options.adminToken, persistence, dialect: options.dialect,
    latency: options.latency, corsOrigins: options.corsOrigins, sandboxes: options.sandboxes, onRequest: printer(options.log),
  })
  snapshot = app.snapshot
  if (fresh) persistence?.changed()

  // Node checks the timeouts below only every connectionsCheckingInterval (30 s by default): every second here.
  const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host, serverOptions: { connectionsCheckingInterval: 1_000 } }, (info) => {
    const base = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${info.port}`
    const users = fixtureUsers()
    console.log(`BlueRockTEL sandbox listening on ${base}/api (seed ${state.seed}, ${options.db ? `db ${options.db}` : 'in memory'}, ${options.dialect} dialect)`)
    console.log(`Bearer tokens:\n  ${options.adminToken}  (admin, control API)`)
    for (const user of users.slice(1)) console.log(`  ${user.token}  (${user.email}, role ${user.role})`)
    console.log(`Log in: POST ${base}/api/login with email and password (admin@example.com / admin-password)`)
    console.log(`Docs: ${base}/docs   Spec: ${base}/openapi.json   Health: ${base}/__mock/health`)
  })

  // A slow or stalled client cannot hold a connection: headers within 10 s, the whole request within 30 s.
  Object.assign(server, { headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000 })
  answerClientErrors(server as Server)

  let closing = false
  const shutdown = async () => {
    if (closing) return
    closing = true
    server.close()
    await persistence?.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown())
  process.on('SIGTERM', () => void shutdown())
}

await main()
