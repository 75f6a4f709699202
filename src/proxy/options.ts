// `bluerocktel-mock proxy`'s flags and environment variables, read and checked as the sandbox's
// are: a value the proxy cannot use is refused in one line, exit 2, before anything starts.
import { parseArgs } from 'node:util'
import { dirname, resolve } from 'node:path'
import { fail as refuseFlag, integer as readInteger } from '../cli-options.js'
import type { LogFormat } from '../request-log.js'

const COMMAND = 'bluerocktel-mock proxy'
function fail(message: string): never {
  return refuseFlag(message, COMMAND)
}
const integer = (
  name: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
  what: string,
) => readInteger(name, text, fallback, min, max, what, COMMAND)

const HELP = `Usage: bluerocktel-mock proxy --upstream URL [options]

Forwards every request under /api to the instance at URL unchanged (the token passes through) and
checks each answer as the conformance kit does; GET /__mock/findings lists what it found.

  --upstream URL         the instance's API root, such as https://<instance>.bluerocktel.net/api
                         (env MOCK_UPSTREAM, default none: required)
  --port N               port to listen on, 0 to 65535; 0 picks a free one (env PORT, default 4010)
  --host H               address to bind (env HOST, default 127.0.0.1)
  --log pretty|json|none one line per request, and one per finding: readable, JSON lines, or nothing
                         (env MOCK_LOG, default pretty)
  --report FILE          write the findings on exit: JUnit XML when FILE ends in .xml, JSON otherwise
                         (env MOCK_REPORT, default none)
  --sales-token LIST     tokens of users below the tech level (comma-separated), whose answers must show only the
                         customers they represent, as the kit's --sales-token; a user who logs in through the
                         proxy needs none (env MOCK_SALES_TOKEN, default none)
  --allow-writes         forward POST, PUT, PATCH and DELETE; without it they answer 403 and never reach the
                         instance (POST /api/login excepted) (env MOCK_ALLOW_WRITES, default off)
  --diff                 also answer each request from an in-process sandbox of the proxy's own, and report
                         where its answer's shape departs from the instance's (env MOCK_DIFF, default off)
  --seed N               seed of the --diff sandbox (env MOCK_SEED, default 42)
  --from-recording DIR   start the --diff sandbox from a recording (--record DIR), so that it holds the instance's
                         records (env MOCK_FROM_RECORDING, default none)
  --record DIR           keep the instance's answers in DIR, headers and tokens left out, personal data
                         replaced (env MOCK_RECORD, default none); bluerocktel-mock --from-recording DIR serves them
  --record-limit MB      stop recording past MB megabytes, 1 to 10240 (env MOCK_RECORD_LIMIT, default 100)
  --timeout MS           answer 504 when the instance has not answered within MS milliseconds, 100 to 600000
                         (env MOCK_TIMEOUT, default 30000)
  -h, --help             this help
`

/** A boolean flag, or its variable: 1, true, yes and on set it. */
const flag = (given: boolean | undefined, text: string | undefined) =>
  given ?? /^(1|true|yes|on)$/i.test(text ?? '')

export function readProxyOptions(args: string[]) {
  let parsed
  try {
    parsed = parseArgs({
      args,
      options: {
        upstream: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        log: { type: 'string' },
        report: { type: 'string' },
        'allow-writes': { type: 'boolean' },
        'sales-token': { type: 'string' },
        diff: { type: 'boolean' },
        seed: { type: 'string' },
        record: { type: 'string' },
        'from-recording': { type: 'string' },
        'record-limit': { type: 'string' },
        timeout: { type: 'string' },
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
  const upstreamText = (parsed.upstream ?? env.MOCK_UPSTREAM ?? '').trim()
  if (!upstreamText)
    fail('--upstream is required: the API root of the instance to put the proxy in front of')
  let upstream: URL
  try {
    upstream = new URL(upstreamText)
  } catch {
    fail(
      `--upstream must be an http or https URL, such as https://<instance>.bluerocktel.net/api, not ${upstreamText}`,
    )
  }
  if (!['http:', 'https:'].includes(upstream.protocol) || upstream.search || upstream.hash)
    fail(`--upstream must be an http or https URL without a query, not ${upstreamText}`)
  const port = integer(
    'port',
    parsed.port ?? env.PORT,
    4010,
    0,
    65535,
    'a port number from 0 (any free port) to 65535',
  )
  const host = (parsed.host ?? env.HOST ?? '127.0.0.1').trim()
  if (!host) fail('--host must be an address or a host name, such as 127.0.0.1 or 0.0.0.0')
  const log = parsed.log ?? env.MOCK_LOG ?? 'pretty'
  if (log !== 'pretty' && log !== 'json' && log !== 'none')
    fail(`--log must be pretty, json or none, not ${log}`)
  const seed = integer(
    'seed',
    parsed.seed ?? env.MOCK_SEED,
    42,
    Number.MIN_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER,
    'an integer',
  )
  const recordLimitMb = integer(
    'record-limit',
    parsed['record-limit'] ?? env.MOCK_RECORD_LIMIT,
    100,
    1,
    10_240,
    'a number of megabytes from 1 to 10240',
  )
  const timeoutMs = integer(
    'timeout',
    parsed.timeout ?? env.MOCK_TIMEOUT,
    30_000,
    100,
    600_000,
    'a number of milliseconds from 100 to 600000',
  )
  const salesText = parsed['sales-token'] ?? env.MOCK_SALES_TOKEN
  const salesTokens = (salesText ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
  if (salesText !== undefined && (!salesTokens.length || salesTokens.some((t) => /\s/.test(t))))
    fail('--sales-token must be one token, or several separated by commas')
  const path = (name: string, text: string | undefined) => {
    if (text === undefined) return null
    if (!text.trim()) fail(`--${name} must be a path`)
    return resolve(home, text)
  }
  // A relative path is the user's, also under npm (see cli-options.ts).
  const npmRoot = env.npm_package_json ? dirname(env.npm_package_json) : undefined
  const home = env.INIT_CWD && npmRoot === process.cwd() ? env.INIT_CWD : process.cwd()
  return {
    upstream: upstream.href.replace(/\/+$/, ''),
    port,
    host,
    log: log as LogFormat,
    report: path('report', parsed.report ?? env.MOCK_REPORT),
    allowWrites: flag(parsed['allow-writes'], env.MOCK_ALLOW_WRITES),
    salesTokens,
    diff: flag(parsed.diff, env.MOCK_DIFF),
    seed,
    record: path('record', parsed.record ?? env.MOCK_RECORD),
    fromRecording: path('from-recording', parsed['from-recording'] ?? env.MOCK_FROM_RECORDING),
    recordLimitBytes: recordLimitMb * 1024 * 1024,
    timeoutMs,
  }
}

export type ProxyOptions = ReturnType<typeof readProxyOptions>
