// The conformance kit end to end: green against the sandbox (full profile) and against Prism's
// mock of the contract (readonly, contract only), and red against deliberately broken instances.
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { freePort, waitForHttp } from './free-port.js'
import { startBrokenProxy, type Break } from './broken-proxy.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const children: ChildProcess[] = []

function spawnTracked(command: string, args: string[]) {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  return child
}

function runKit(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawnTracked(process.execPath, ['conformance/bin.js', ...args])
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })))
}

const coverageOf = (output: string) => JSON.parse(readFileSync(/Coverage as JSON: (\S+)/.exec(output)![1]!, 'utf8'))

let sandbox: string

beforeAll(async () => {
  const port = await freePort()
  spawnTracked(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--port', String(port), '--db', ':memory:'])
  sandbox = `http://127.0.0.1:${port}`
  await waitForHttp(`${sandbox}/__mock/health`)
})

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
})

// Each test runs the whole kit (and Prism takes up to 25 s to start): 20 s is too short on a loaded machine.
describe('bluerocktel-conformance', { timeout: 90_000 }, () => {
  it('passes against the sandbox in the full profile, exercising every documented (operation, status) pair it can reach', async () => {
    const { code, output } = await runKit([
      '--base-url', `${sandbox}/api`, '--email', 'admin@example.com', '--password', 'admin-password',
      '--sales-token', 'sandbox-sales-token', '--profile', 'full',
    ])
    expect(code, output).toBe(0)
    const { rows, leftBehind } = coverageOf(output)
    expect(rows.filter((r: any) => !r.exercised && !r.unreachable).map((r: any) => `${r.operationId} ${r.status}`)).toEqual([])
    expect(rows.filter((r: any) => r.exercised && !r.conforms)).toEqual([])
    expect(leftBehind).toEqual([])
  })

  it('passes in the legacy dialect against a sandbox started with --dialect legacy, full profile', async () => {
    const port = await freePort()
    spawnTracked(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--port', String(port), '--db', ':memory:', '--dialect', 'legacy'])
    await waitForHttp(`http://127.0.0.1:${port}/__mock/health`)
    const { code, output } = await runKit([
      '--base-url', `http://127.0.0.1:${port}/api`, '--token', 'sandbox-admin-token', '--sales-token', 'sandbox-sales-token',
      '--profile', 'full', '--dialect', 'legacy',
    ])
    expect(code, output).toBe(0)
    expect(output).toMatch(/legacy dialect/)
    const { rows, leftBehind } = coverageOf(output)
    expect(rows.filter((r: any) => !r.exercised && !r.unreachable && r.operationId !== 'login').map((r: any) => `${r.operationId} ${r.status}`)).toEqual([])
    expect(leftBehind).toEqual([])
  })

  it('passes against prism mock of the contract in the readonly profile, contract only', async () => {
    const port = await freePort()
    spawnTracked(fileURLToPath(new URL('../node_modules/.bin/prism', import.meta.url)), ['mock', '-h', '127.0.0.1', '-p', String(port), 'src/generated/openapi.json'])
    await waitForHttp(`http://127.0.0.1:${port}/version`, 25_000)
    const { code, output } = await runKit(['--base-url', `http://127.0.0.1:${port}`, '--token', 'any', '--profile', 'readonly', '--contract-only'])
    expect(code, output).toBe(0)
  })

  it('refuses to write to a host that is not on loopback unless told to', async () => {
    const { code, output } = await runKit(['--base-url', 'http://192.0.2.1/api', '--token', 't', '--profile', 'full'])
    expect(code).toBe(2)
    expect(output).toMatch(/not on loopback: add --allow-writes/)
  })

  it.each<[Break, string[], RegExp]>([
    ['drop-required-field', ['--profile', 'readonly'], /getCustomer \(GET \/v1\/customers\/\{id\}\) 200: body must have required property 'customer_account'/],
    ['created-as-200', ['--profile', 'full'], /createCustomer \(POST \/v1\/customers\): status 200 is not documented/],
    ['ignore-per-page', ['--profile', 'readonly'], /GET \/v1\/customers answers a Laravel paginator[\s\S]*per_page: expected 15 to be 7/],
  ])('fails against an instance that breaks the contract (%s), naming the operation', async (breakage, args, report) => {
    const proxy = await startBrokenProxy(sandbox, breakage)
    try {
      // The breaks are in the customers' answers: their suite alone finds them.
      const { code, output } = await runKit(['--base-url', `${proxy.url}/api`, '--token', 'sandbox-admin-token', '--only', 'customers', ...args])
      expect(code).toBe(1)
      expect(output.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(report)
    } finally {
      await proxy.close()
    }
  })
})
