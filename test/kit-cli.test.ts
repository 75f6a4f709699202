// bluerocktel-conformance as a user runs it, over real child processes: one clear line and exit 3
// when it cannot run, bad options refused with what is valid, report files where the user asked
// for them (npm run changes the directory; INIT_CWD says where the user was), nothing left in the
// temp folder, and the README's table of options saying exactly what the CLI takes.
import { describe, it, expect } from 'vitest'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './free-port.js'
import { cleanEnv, ROOT, runKit, sandboxForKits } from './kit-run.js'
import { OPTIONS } from '../conformance/options.js'

const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kit-cli-'))
  dirs.push(dir)
  return dir
}

const sandbox = sandboxForKits(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describe('bluerocktel-conformance cannot run: one line, exit 3', { timeout: 60_000 }, () => {
  it('a wrong --token: the preflight says the token is refused, with the request and the answer, before any suite', async () => {
    const { code, output } = await runKit(
      ['--base-url', `${sandbox().base}/api`, '--token', 'not-a-token'],
      { report: false },
    )
    expect(code).toBe(3)
    expect(output).toMatch(
      new RegExp(
        `could not run: the token is refused: GET ${sandbox().base}/api/v1/customers\\?per_page=1 answered 401 \\{"message":"Unauthenticated\\."\\}; check --token`,
      ),
    )
    expect(output).not.toMatch(/TypeError|expected 401|Test Files/)
  })

  it('a base URL without /api: says where the API root is', async () => {
    const { code, output } = await runKit(
      ['--base-url', sandbox().base, '--token', 'sandbox-admin-token'],
      { report: false },
    )
    expect(code).toBe(3)
    expect(output).toMatch(
      new RegExp(
        `could not run: ${sandbox().base} is not the API root: GET ${sandbox().base}/version answered 404 .*; the API root is ${sandbox().base}/api: add /api to --base-url`,
      ),
    )
  })

  it('a host that does not answer', async () => {
    const port = await freePort()
    const { code, output } = await runKit(
      ['--base-url', `http://127.0.0.1:${port}/api`, '--token', 't'],
      { report: false },
    )
    expect(code).toBe(3)
    expect(output).toMatch(
      new RegExp(`could not run: cannot reach 127\\.0\\.0\\.1:${port}: ECONNREFUSED`),
    )
  })

  it('wrong credentials for --email and --password', async () => {
    const { code, output } = await runKit(
      [
        '--base-url',
        `${sandbox().base}/api`,
        '--email',
        'admin@example.com',
        '--password',
        'wrong',
      ],
      { report: false },
    )
    expect(code).toBe(3)
    expect(output).toMatch(/could not run: cannot log in: POST \S+\/api\/login answered 401/)
  })
})

describe('bluerocktel-conformance refuses bad options (exit 2)', { timeout: 60_000 }, () => {
  it('a typo in --only, listing the valid resource names', async () => {
    const { code, output } = await runKit(
      [
        '--base-url',
        `${sandbox().base}/api`,
        '--token',
        'sandbox-admin-token',
        '--only',
        'customers,custmer-services',
      ],
      { report: false },
    )
    expect(code).toBe(2)
    const [, documented, beyond] =
      /--only: custmer-services is not a resource; the resources are ([\w, -]+); with --beyond-docs also ([\w, -]+)/.exec(
        output,
      ) ?? []
    expect(documented?.split(', ')).toEqual(
      'auth, bundle-initial-items, bundles, customer-files, customer-services, customers, families, initials, invoices, items, licences, recurrings, subfamilies, suppliers'.split(
        ', ',
      ),
    )
    const listed = beyond?.split(', ')
    // The official SDK's resources, among the collection's.
    expect(listed).toEqual(
      expect.arrayContaining(['contacts', 'notes', 'phone-calls', 'prospects', 'users']),
    )
    expect(listed).toEqual([...listed!].sort())
    expect(output).not.toMatch(/No test found/)
  })

  it('an option it does not know', async () => {
    const { code, output } = await runKit(['--base-url', `${sandbox().base}/api`, '--tokn', 'x'], {
      report: false,
    })
    expect(code).toBe(2)
    expect(output).toMatch(/Unknown option '--tokn'/)
  })
})

describe(
  'bluerocktel-conformance writes its reports where the user asked',
  { timeout: 60_000 },
  () => {
    it('resolves --output and --report against INIT_CWD (npm run and npx change the directory), ends with the summary in junit mode, leaves nothing in the temp folder', async () => {
      const caller = tempDir()
      const temp = tempDir()
      const { code, output } = await runKit(
        [
          '--base-url',
          `${sandbox().base}/api`,
          '--token',
          'sandbox-admin-token',
          '--only',
          'suppliers',
          '--reporter',
          'junit',
          '--output',
          'out/conformance.xml',
          '--report',
          'out/report.json',
        ],
        { cwd: ROOT, env: cleanEnv({ INIT_CWD: caller, TMPDIR: temp }), report: false },
      )
      expect(code, output).toBe(0)
      expect(readFileSync(join(caller, 'out/conformance.xml'), 'utf8')).toMatch(/<testsuites /)
      expect(JSON.parse(readFileSync(join(caller, 'out/report.json'), 'utf8'))).toMatchObject({
        verdict: 'PASS',
        profile: 'readonly',
        failures: [],
      })
      expect(existsSync(join(ROOT, 'out'))).toBe(false)
      expect(output).toMatch(/PASS: \S+ \(profile readonly, docs dialect; run \S+; [\d.]+ s\)\n/)
      // tsx keeps its compile cache (tsx-<uid>) there on purpose, shared by every run; the kit's own files are gone.
      expect(readdirSync(temp).filter((name) => !/^tsx-\d+$/.test(name))).toEqual([])
    })

    it('without INIT_CWD, resolves them against the directory it runs in', async () => {
      const cwd = tempDir()
      const { code, output } = await runKit(
        [
          '--base-url',
          `${sandbox().base}/api`,
          '--token',
          'sandbox-admin-token',
          '--only',
          'suppliers',
          '--reporter',
          'json',
          '--output',
          'vitest.json',
          '--report',
          'report.json',
        ],
        { cwd, report: false },
      )
      expect(code, output).toBe(0)
      expect(readdirSync(cwd).sort()).toEqual(['report.json', 'vitest.json'])
      expect(output).toMatch(/0 failure\(s\), 0 blocked, 0 warning\(s\)\./)
    })
  },
)

describe("the README's table of the kit's options", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const section = readme.slice(
    readme.indexOf('## The conformance kit'),
    readme.indexOf('## Using it in CI'),
  )
  const cell = (text: string) => text.trim().replace(/`/g, '').replace(/\\\|/g, '|')
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('| `-'))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map(cell),
    )

  it("lists exactly the CLI's options, word for word: option, environment variable, meaning", () => {
    expect(rows).toEqual(OPTIONS.map((o) => [o.usage, o.env, o.meaning]))
  })

  it('matches what --help prints', async () => {
    const { code, output } = await runKit(['--help'], { report: false })
    expect(code).toBe(0)
    for (const [usage, , meaning] of rows)
      expect(output).toContain(`  ${usage!.padEnd(30)} ${meaning}`)
  })
})
