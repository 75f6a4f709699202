// bluerocktel-mock's flags and environment variables, read and checked: a value the sandbox cannot
// use is refused in one line, exit 2, before anything starts.
import { parseArgs } from 'node:util'
import { dirname, resolve } from 'node:path'
import { SEED_SIZES } from './store/seed.js'
import type { Durability } from './store/persist.js'
import { isDialect } from './dialect.js'
import { parseLatency } from './faults.js'
import { DEFAULT_MAX_SANDBOXES } from './sandboxes.js'
import type { LogFormat } from './request-log.js'

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
  --max-sandboxes N      at most N isolated sandboxes at once, 0 to 100000, the least recently used dropped first;
                         0: none, a request naming one answers 400 (env MOCK_MAX_SANDBOXES, default 10000)
  --from-recording DIR   start from what \`bluerocktel-mock proxy --record DIR\` kept: the seed, with the records
                         it recorded in place of the seed's (env MOCK_FROM_RECORDING, default none)
  -h, --help             this help

  bluerocktel-mock proxy --upstream URL [options] puts a proxy in front of a live instance
  (bluerocktel-mock proxy --help).
`

/** A flag or an environment variable the command cannot use: one line, exit 2. */
export function fail(message: string, command = 'bluerocktel-mock'): never {
  console.error(
    `bluerocktel-mock: ${message.replace(/\s*\n\s*/g, ' ')} (${command} --help lists the options)`,
  )
  process.exit(2)
}

/** An integer flag (or its variable) within [min, max]; an empty, fractional or out-of-range value is refused. */
export function integer(
  name: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
  what = `an integer from ${min} to ${max}`,
  command = 'bluerocktel-mock',
): number {
  if (text === undefined) return fallback
  const value = /^\s*-?\d+\s*$/.test(text) ? Number(text) : NaN
  if (!Number.isSafeInteger(value) || value < min || value > max)
    fail(`--${name} must be ${what}, not ${JSON.stringify(text)}`, command)
  return value
}

export function readOptions() {
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
        'from-recording': { type: 'string' },
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
  const port = integer(
    'port',
    parsed.port ?? env.PORT,
    4010,
    0,
    65535,
    'a port number from 0 (any free port) to 65535',
  )
  const seed = integer(
    'seed',
    parsed.seed ?? env.MOCK_SEED,
    42,
    Number.MIN_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER,
    'an integer',
  )
  const customers = integer(
    'customers',
    parsed.customers ?? env.MOCK_CUSTOMERS,
    SEED_SIZES.customers,
    SEED_SIZES.customers,
    2_000_000,
  )
  const durability = (parsed.durability ?? env.MOCK_DURABILITY ?? 'coalesced') as Durability
  if (durability !== 'coalesced' && durability !== 'strict')
    fail(`--durability must be coalesced or strict, not ${durability}`)
  const dialect = parsed.dialect ?? env.MOCK_DIALECT ?? 'docs'
  if (!isDialect(dialect)) fail(`--dialect must be docs or legacy, not ${dialect}`)
  const adminToken = parsed['admin-token'] ?? env.MOCK_ADMIN_TOKEN ?? 'sandbox-admin-token'
  if (!/^\S+$/.test(adminToken)) fail('--admin-token must be a non-empty string without spaces')
  const host = (parsed.host ?? env.HOST ?? '127.0.0.1').trim()
  if (!host) fail('--host must be an address or a host name, such as 127.0.0.1 or 0.0.0.0')
  const db = parsed.db ?? env.MOCK_DB ?? './data/sandbox.json'
  if (!db.trim()) fail('--db must be a file path or :memory:')
  const log = parsed.log ?? env.MOCK_LOG ?? 'pretty'
  if (log !== 'pretty' && log !== 'json' && log !== 'none')
    fail(`--log must be pretty, json or none, not ${log}`)
  const latencyText = parsed.latency ?? env.MOCK_LATENCY
  const latency = latencyText === undefined ? null : parseLatency(latencyText)
  if (latencyText !== undefined && !latency)
    fail(`--latency must be MS or MIN-MAX in milliseconds (at most 60000), not ${latencyText}`)
  const corsText = (parsed['cors-origin'] ?? env.MOCK_CORS_ORIGIN ?? '*').trim()
  const corsOrigins =
    corsText === '*'
      ? ('*' as const)
      : corsText
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean)
  if (
    corsOrigins !== '*' &&
    (corsOrigins.length === 0 || !corsOrigins.every((o) => /^https?:\/\/[^\s/]+$/.test(o)))
  )
    fail(
      `--cors-origin must be * or a comma-separated list of origins such as http://localhost:3000, not ${corsText}`,
    )
  const idleSeconds = integer(
    'sandbox-idle',
    parsed['sandbox-idle'] ?? env.MOCK_SANDBOX_IDLE,
    1800,
    1,
    31_536_000,
    'a number of seconds from 1 to 31536000 (a year)',
  )
  const maxSandboxes = integer(
    'max-sandboxes',
    parsed['max-sandboxes'] ?? env.MOCK_MAX_SANDBOXES,
    DEFAULT_MAX_SANDBOXES,
    0,
    100_000,
    'an integer from 0 (no isolated sandboxes) to 100000',
  )
  const recording = parsed['from-recording'] ?? env.MOCK_FROM_RECORDING
  if (recording !== undefined && !recording.trim())
    fail('--from-recording must be the folder a proxy recorded with --record')
  // A relative path is the user's: npm runs a script from its package's folder, and says in INIT_CWD
  // where it was run from. Elsewhere INIT_CWD may only be inherited from some npm further up.
  const npmRoot = env.npm_package_json ? dirname(env.npm_package_json) : undefined
  const home = env.INIT_CWD && npmRoot === process.cwd() ? env.INIT_CWD : process.cwd()
  return {
    port,
    host,
    seed,
    customers,
    durability,
    dialect,
    adminToken,
    db: db === ':memory:' ? null : resolve(home, db),
    fromRecording: recording === undefined ? null : resolve(home, recording),
    log: log as LogFormat,
    latency,
    corsOrigins,
    sandboxes: { idleMs: idleSeconds * 1000, max: maxSandboxes },
  }
}
