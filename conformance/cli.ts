// bluerocktel-conformance: checks a BlueRockTEL instance (the sandbox or a live one) against the
// contract and the documented behaviour, by running the suites in conformance/suites with
// vitest's Node API. Exits 0 only when everything checked conforms.
import { parseArgs } from 'node:util'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startVitest } from 'vitest/node'
import { ApiError, login } from '../src/client.js'
import { isLoopback } from './config.js'
import { loadDocument } from './conforms.js'
import { conditionalReasons, coverage, documentedPairs, formatCoverage, readRecords, UNREACHABLE } from './coverage.js'

const HELP = `Usage: bluerocktel-conformance --base-url URL (--token T | --email E --password P) [options]

  --base-url URL       the instance's API root, e.g. http://127.0.0.1:4010/api (env BLUEROCKTEL_BASE_URL)
  --token T            a bearer token (env BLUEROCKTEL_TOKEN)
  --email E --password P   log in through POST /login instead (env BLUEROCKTEL_EMAIL, BLUEROCKTEL_PASSWORD)
  --sales-token T      a token of a user below the tech level, to check the role rules (env BLUEROCKTEL_SALES_TOKEN)
  --profile P          readonly (default): only requests that cannot change data;
                       full: also creates records tagged conformance-<run id>, and removes them
  --allow-writes       let the full profile write to a host that is not on loopback
  --contract-only      check statuses and bodies against the contract only, not the documented
                       behaviour (for generic mocks such as prism, which keep no state)
  --dialect D          docs (default): the documented snake_case names; legacy: an instance that answers
                       the camelCase names of the official PHP SDK, checked against the legacy document
                       (env BLUEROCKTEL_DIALECT)
  --only R1,R2         only these resources (auth, customers, customer-services, items, ...)
  --reporter R         default | junit | json (vitest's reporters)
  --output F           where junit or json writes its report
  -h, --help           this help
`

function fail(message: string): never {
  console.error(`bluerocktel-conformance: ${message}\n\n${HELP}`)
  process.exit(2)
}

async function main() {
  let values
  try {
    values = parseArgs({
      options: {
        'base-url': { type: 'string' }, token: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' },
        'sales-token': { type: 'string' }, profile: { type: 'string' }, 'allow-writes': { type: 'boolean' },
        'contract-only': { type: 'boolean' }, dialect: { type: 'string' }, only: { type: 'string' }, reporter: { type: 'string' }, output: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values
  } catch (error) {
    fail((error as Error).message)
  }
  if (values.help) {
    console.log(HELP)
    return 0
  }
  const env = process.env
  const baseUrl = (values['base-url'] ?? env.BLUEROCKTEL_BASE_URL ?? '').replace(/\/+$/, '')
  if (!/^https?:\/\/[^/]+/.test(baseUrl)) fail('--base-url must be an http(s) URL, e.g. http://127.0.0.1:4010/api')
  const profile = values.profile ?? env.BLUEROCKTEL_PROFILE ?? 'readonly'
  if (profile !== 'readonly' && profile !== 'full') fail(`--profile must be readonly or full, not ${profile}`)
  if (profile === 'full' && !isLoopback(baseUrl) && !values['allow-writes'])
    fail(`the full profile writes to ${new URL(baseUrl).host}, which is not on loopback: add --allow-writes if you mean it`)
  const dialect = values.dialect ?? env.BLUEROCKTEL_DIALECT ?? 'docs'
  if (dialect !== 'docs' && dialect !== 'legacy') fail(`--dialect must be docs or legacy, not ${dialect}`)
  const reporter = values.reporter ?? 'default'
  if (!['default', 'junit', 'json'].includes(reporter)) fail(`--reporter must be default, junit or json, not ${reporter}`)
  if (reporter !== 'default' && !values.output) fail(`--reporter ${reporter} needs --output FILE`)

  const email = values.email ?? env.BLUEROCKTEL_EMAIL
  const password = values.password ?? env.BLUEROCKTEL_PASSWORD
  let token = values.token ?? env.BLUEROCKTEL_TOKEN
  if (!token && email && password) token = await logIn(baseUrl, email, password)
  if (!token) fail('give --token, or --email and --password')

  const runId = `${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${Math.random().toString(36).slice(2, 8)}`
  const coverageDir = mkdtempSync(join(tmpdir(), 'bluerocktel-conformance-'))
  Object.assign(process.env, {
    BLUEROCKTEL_BASE_URL: baseUrl, BLUEROCKTEL_TOKEN: token, BLUEROCKTEL_PROFILE: profile, BLUEROCKTEL_RUN_ID: runId,
    BLUEROCKTEL_COVERAGE_DIR: coverageDir, BLUEROCKTEL_CONTRACT_ONLY: values['contract-only'] ? '1' : '0',
    BLUEROCKTEL_SALES_TOKEN: values['sales-token'] ?? env.BLUEROCKTEL_SALES_TOKEN ?? '', BLUEROCKTEL_ONLY: values.only ?? env.BLUEROCKTEL_ONLY ?? '', BLUEROCKTEL_DIALECT: dialect,
    ...(email && password ? { BLUEROCKTEL_EMAIL: email, BLUEROCKTEL_PASSWORD: password } : {}),
  })

  console.log(`Checking ${baseUrl} (profile ${profile}${values['contract-only'] ? ', contract only' : ''}, ${dialect} dialect, run ${runId})`)
  const root = fileURLToPath(new URL('..', import.meta.url))
  const vitest = await startVitest('test', [], {
    root,
    config: false,
    include: ['conformance/suites/**/*.test.ts'],
    watch: false,
    reporters: reporter === 'default' ? ['default'] : [reporter as 'junit' | 'json'],
    ...(values.output ? { outputFile: values.output } : {}),
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  })
  await vitest.close()
  const failed = vitest.state.getCountOfFailedTests() > 0 || process.exitCode === 1

  const { exercises, leftBehind } = readRecords(coverageDir)
  const only = values.only ? values.only.split(',').map((s) => s.trim()) : null
  const pairs = documentedPairs(loadDocument() as any)
  const reasons = { ...UNREACHABLE, ...conditionalReasons(pairs, { salesToken: Boolean(env.BLUEROCKTEL_SALES_TOKEN), profile, login: Boolean(email && password) }) }
  const rows = coverage(pairs, exercises, reasons, only)
  console.log('\n' + formatCoverage(rows))
  if (profile === 'full') console.log(leftBehind.length ? `Left behind (the API did not let the kit remove them):\n  ${leftBehind.join('\n  ')}` : 'Left behind: nothing.')
  writeFileSync(join(coverageDir, 'coverage.json'), JSON.stringify({ runId, profile, rows, leftBehind }, null, 2))
  console.log(`Coverage as JSON: ${join(coverageDir, 'coverage.json')}`)
  return failed ? 1 : 0
}

/** The run's token, through the typed client's `login` (POST /login). */
async function logIn(baseUrl: string, email: string, password: string): Promise<string> {
  try {
    return (await login({ baseUrl, email, password })).token
  } catch (error) {
    fail(error instanceof ApiError ? `POST ${baseUrl}/login answered ${error.status}: cannot log in` : `cannot reach ${baseUrl}: ${(error as Error).message}`)
  }
}

process.exitCode = await main()
