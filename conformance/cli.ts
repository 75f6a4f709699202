// bluerocktel-conformance: checks a BlueRockTEL instance (the sandbox or a live one) against the
// contract and the documented behaviour, by running the suites in conformance/suites with
// vitest's Node API. Exits 0 when everything checked conforms, 1 when the run found failures,
// 2 for bad options, 3 when it could not run (the preflight says why, in one line).
import { parseArgs } from 'node:util'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isLoopback, resourceName } from './config.js'
import { loadDocument } from './conforms.js'
import {
  conditionalReasons,
  coverage,
  documentedPairs,
  formatCoverage,
  leftOut,
  readRecords,
  UNREACHABLE,
} from './coverage.js'
import { EXIT, HELP, parseOptions } from './options.js'
import { preflight } from './preflight.js'
import { collectOutcomes, formatSummary, type Report } from './report.js'

function usage(message: string): never {
  console.error(`bluerocktel-conformance: ${message}\n\n${HELP}`)
  process.exit(EXIT.usage)
}

/** Paths are the user's: relative to the directory the kit was run from (npm run changes cwd, and says where it was in INIT_CWD). */
const fromCaller = (path: string) => resolve(process.env.INIT_CWD ?? process.cwd(), path)

export async function main(): Promise<number> {
  const started = Date.now()
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({ options: parseOptions(), strict: true }).values
  } catch (error) {
    usage((error as Error).message)
  }
  if (values.help) {
    console.log(HELP)
    return EXIT.passed
  }
  const env = process.env
  const text = (name: string, envName?: string) =>
    (values[name] as string | undefined) ?? (envName ? env[envName] : undefined)
  const baseUrl = (text('base-url', 'BLUEROCKTEL_BASE_URL') ?? '').replace(/\/+$/, '')
  if (!/^https?:\/\/[^/]+/.test(baseUrl))
    usage('--base-url must be an http(s) URL, e.g. http://127.0.0.1:4010/api')
  const profile = text('profile', 'BLUEROCKTEL_PROFILE') ?? 'readonly'
  if (profile !== 'readonly' && profile !== 'full')
    usage(`--profile must be readonly or full, not ${profile}`)
  if (profile === 'full' && !isLoopback(baseUrl) && !values['allow-writes'])
    usage(
      `the full profile writes to ${new URL(baseUrl).host}, which is not on loopback: add --allow-writes if you mean it`,
    )
  const dialect = text('dialect', 'BLUEROCKTEL_DIALECT') ?? 'docs'
  if (dialect !== 'docs' && dialect !== 'legacy')
    usage(`--dialect must be docs or legacy, not ${dialect}`)
  const reporter = text('reporter') ?? 'default'
  if (!['default', 'junit', 'json'].includes(reporter))
    usage(`--reporter must be default, junit or json, not ${reporter}`)
  if (reporter !== 'default' && !values.output) usage(`--reporter ${reporter} needs --output FILE`)
  const beyondDocs = Boolean(values['beyond-docs']) || env.BLUEROCKTEL_BEYOND_DOCS === '1'
  const contract = documentedPairs(loadDocument() as any)
  // The documented operations are certified; the others only when asked, and reported apart.
  const pairs = beyondDocs ? contract : contract.filter((p) => p.source === 'seeds')
  const notChecked = beyondDocs ? {} : leftOut(contract)
  const resources = [...new Set(['auth', ...pairs.map((p) => resourceName(p.tag))])].sort()
  const beyond = new Set(
    contract.filter((p) => p.source !== 'seeds').map((p) => resourceName(p.tag)),
  )
  const only =
    text('only', 'BLUEROCKTEL_ONLY')
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean) ?? null
  const unknown = only?.filter((name) => !resources.includes(name)) ?? []
  const needFlag = unknown.filter((name) => beyond.has(name))
  if (needFlag.length)
    usage(
      `--only: ${needFlag.join(', ')}: beyond the documentation (x-source in the contract); add --beyond-docs to check ${needFlag.length === 1 ? 'it' : 'them'}`,
    )
  const others = [...beyond].filter((name) => !resources.includes(name)).sort()
  if (unknown.length)
    usage(
      `--only: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a resource' : 'are not resources'}; the resources are ${resources.join(', ')}${others.length ? `; with --beyond-docs also ${others.join(', ')}` : ''}`,
    )
  const strict = Boolean(values.strict) || env.BLUEROCKTEL_STRICT === '1'
  const contractOnly = Boolean(values['contract-only'])
  const email = text('email', 'BLUEROCKTEL_EMAIL')
  const password = text('password', 'BLUEROCKTEL_PASSWORD')
  const salesToken = text('sales-token', 'BLUEROCKTEL_SALES_TOKEN') || undefined
  const given = text('token', 'BLUEROCKTEL_TOKEN')
  if (!given && !(email && password)) usage('give --token, or --email and --password')
  const output = values.output ? fromCaller(values.output as string) : undefined
  const reportPath = values.report ? fromCaller(values.report as string) : undefined

  const runId = `${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${Math.random().toString(36).slice(2, 8)}`
  console.log(
    `Checking ${baseUrl} (profile ${profile}${contractOnly ? ', contract only' : ''}${strict ? ', strict' : ''}${beyondDocs ? ', beyond the docs' : ''}, ${dialect} dialect, run ${runId})`,
  )
  const checked = await preflight({
    baseUrl,
    token: given,
    email,
    password,
    salesToken,
    dialect,
    contractOnly,
  })
  if (!checked.ok) {
    console.error(`bluerocktel-conformance: could not run: ${checked.problem}`)
    return EXIT.couldNotRun
  }
  for (const notice of checked.notices) console.log(`NOTICE: ${notice}`)

  const coverageDir = mkdtempSync(join(tmpdir(), 'bluerocktel-conformance-'))
  try {
    Object.assign(process.env, {
      BLUEROCKTEL_BASE_URL: baseUrl,
      BLUEROCKTEL_TOKEN: checked.token,
      BLUEROCKTEL_PROFILE: profile,
      BLUEROCKTEL_RUN_ID: runId,
      BLUEROCKTEL_COVERAGE_DIR: coverageDir,
      BLUEROCKTEL_CONTRACT_ONLY: contractOnly ? '1' : '0',
      BLUEROCKTEL_STRICT: strict ? '1' : '0',
      BLUEROCKTEL_BEYOND_DOCS: beyondDocs ? '1' : '0',
      BLUEROCKTEL_SALES_TOKEN: salesToken ?? '',
      BLUEROCKTEL_ONLY: only?.join(',') ?? '',
      BLUEROCKTEL_DIALECT: dialect,
      ...(email && password ? { BLUEROCKTEL_EMAIL: email, BLUEROCKTEL_PASSWORD: password } : {}),
    })
    if (output) mkdirSync(dirname(output), { recursive: true })
    // Loaded only to run the suites: a refusal or `--help` answers without it.
    const { startVitest } = await import('vitest/node')
    const vitest = await startVitest('test', [], {
      root: fileURLToPath(new URL('..', import.meta.url)),
      config: false,
      include: ['conformance/suites/**/*.test.ts'],
      watch: false,
      reporters: reporter === 'default' ? ['default'] : [reporter as 'junit' | 'json'],
      ...(output ? { outputFile: output } : {}),
      testTimeout: 60_000,
      hookTimeout: 60_000,
      fileParallelism: false,
      isolate: false,
      pool: 'threads',
    })
    await vitest.close()
    const { failures, blocked } = collectOutcomes(vitest.state.getFiles() as any)
    for (const error of vitest.state.getUnhandledErrors())
      failures.push({
        test: '(outside any test)',
        message: String((error as Error)?.message ?? error),
      })

    const records = readRecords(coverageDir)
    const reasons = {
      ...UNREACHABLE,
      ...conditionalReasons(pairs, {
        salesToken: Boolean(salesToken),
        profile,
        login: Boolean(email && password),
      }),
    }
    const rows = coverage(pairs, records, reasons, only)
    console.log('\n' + formatCoverage(rows))
    if (profile === 'full')
      console.log(
        records.leftBehind.length
          ? `Left behind (the API did not let the kit remove them):\n  ${records.leftBehind.join('\n  ')}`
          : 'Left behind: nothing.',
      )
    const failing =
      failures.length > 0 ||
      rows.some((r) => r.exercised && !r.conforms) ||
      vitest.state.getCountOfFailedTests() > 0
    const report: Report = {
      verdict: failing ? 'FAIL' : 'PASS',
      baseUrl,
      profile,
      dialect,
      strict,
      contractOnly,
      beyondDocs,
      notChecked,
      runId,
      durationMs: Date.now() - started,
      notices: checked.notices,
      failures,
      blocked,
      warnings: records.warnings,
      leftBehind: records.leftBehind,
      coverage: rows,
    }
    if (reportPath) {
      mkdirSync(dirname(reportPath), { recursive: true })
      writeFileSync(reportPath, JSON.stringify(report, null, 2))
      console.log(`Report as JSON: ${reportPath}`)
    }
    if (output) console.log(`${reporter} report: ${output}`)
    console.log(formatSummary(report))
    return failing ? EXIT.failed : EXIT.passed
  } finally {
    rmSync(coverageDir, { recursive: true, force: true })
  }
}
