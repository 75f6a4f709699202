// bluerocktel-mock as a child process: flags, the printed base URL, and persistence across restarts.
import { describe, it, expect, afterEach } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CLI, startSandbox, stopChild, stopAll } from './spawn-sandbox.js'
import { STATE_VERSION } from '../src/store/store.js'

const token = 'sandbox-admin-token'
const start = (args: string[]) => startSandbox(args)
const stop = stopChild

const api = (base: string, method: string, path: string, body?: unknown) =>
  fetch(`${base}/api${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      Accept: 'application/json',
      'Content-Type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }))

afterEach(stopAll)

describe('bluerocktel-mock', () => {
  it('prints the base URL and the tokens it accepts', async () => {
    const { output } = await start(['--db', ':memory:'])
    expect(output()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+\/api/)
    expect(output()).toContain('sandbox-admin-token')
    expect(output()).toContain('sandbox-sales-token')
  })

  it('keeps every acknowledged write across a clean restart on the same --db file', async () => {
    const db = join(await mkdtemp(join(tmpdir(), 'cli-')), 'state.json')
    const first = await start(['--db', db])
    const created = await api(first.base, 'POST', '/v1/customers', { name: 'Survivor' })
    await api(first.base, 'PUT', '/v1/customers/42', { name: 'Renamed 42' })
    await stop(first.child, 'SIGTERM')
    const second = await start(['--db', db])
    expect((await api(second.base, 'GET', `/v1/customers/${created.body.id}`)).body.name).toBe(
      'Survivor',
    )
    expect((await api(second.base, 'GET', '/v1/customers/42')).body.name).toBe('Renamed 42')
    expect(JSON.parse(await readFile(db, 'utf8')).version).toBe(STATE_VERSION)
  })

  it.each(['pretty', 'json'])(
    'stops on SIGTERM, its writes on disk, after the reader of its --log %s went away (`| head -1`)',
    async (log) => {
      const db = join(await mkdtemp(join(tmpdir(), 'cli-')), 'state.json')
      const sandbox = await start(['--db', db, '--log', log])
      // The read end of its stdout closed: every line from now on meets EPIPE.
      sandbox.child.stdout!.destroy()
      const created = await api(sandbox.base, 'POST', '/v1/customers', { name: 'Unheard' })
      expect(created.status).toBe(201)
      for (let i = 0; i < 50; i++) await api(sandbox.base, 'GET', '/v1/customers/42')
      await new Promise((resolve) => setTimeout(resolve, 200)) // the batched lines' write fails
      const exited = new Promise<number | null>((resolve) => sandbox.child.once('exit', resolve))
      sandbox.child.kill('SIGTERM')
      const code = await Promise.race([
        exited,
        new Promise<string>((resolve) =>
          setTimeout(() => resolve('still running 10 s after SIGTERM'), 10_000),
        ),
      ])
      expect(code, sandbox.output()).toBe(0)
      const saved = JSON.parse(await readFile(db, 'utf8'))
      expect(saved.tables.customers.some((c: any) => c.id === created.body.id)).toBe(true)
    },
  )

  it('in strict durability, keeps an acknowledged write even when killed with SIGKILL', async () => {
    const db = join(await mkdtemp(join(tmpdir(), 'cli-')), 'state.json')
    const first = await start(['--db', db, '--durability', 'strict'])
    const created = await api(first.base, 'POST', '/v1/customers', { name: 'Strictly kept' })
    await stop(first.child, 'SIGKILL')
    const second = await start(['--db', db])
    expect((await api(second.base, 'GET', `/v1/customers/${created.body.id}`)).body.name).toBe(
      'Strictly kept',
    )
  })

  it.each([
    [['--durability', 'sometimes'], /--durability must be coalesced or strict/],
    [['--log', 'loud'], /--log must be pretty, json or none/],
    [['--latency', '200-50'], /--latency must be MS or MIN-MAX/],
    [['--cors-origin', 'localhost'], /--cors-origin must be \*/],
    [['--sandbox-idle', '0'], /--sandbox-idle must be a number of seconds/],
  ])('refuses a bad flag with a clear message (%j)', async (args, message) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    const code = await new Promise((resolve) => child.once('exit', resolve))
    expect(code).toBe(2)
    expect(stderr).toMatch(message)
  })

  it('logs one JSON line per request with --log json, and none with --log none', async () => {
    const json = await start(['--db', ':memory:', '--log', 'json'])
    await api(json.base, 'GET', '/v1/customers/42')
    await api(json.base, 'GET', '/v1/customers/999999')
    await waitFor(() => json.output().includes('999999'))
    // Every line is JSON (the banner too); the request log's lines are those with a method.
    const lines = json
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l))
      .filter((l) => l.method)
    expect(lines.map((l) => [l.method, l.path, l.status, l.user])).toEqual([
      ['GET', '/api/v1/customers/42', 200, 'admin@example.com'],
      ['GET', '/api/v1/customers/999999', 404, 'admin@example.com'],
    ])
    const quiet = await start(['--db', ':memory:', '--log', 'none'])
    const before = quiet.output()
    await api(quiet.base, 'GET', '/v1/customers/42')
    expect(quiet.output()).toBe(before)
  })

  it('prints a readable line per request by default', async () => {
    const pretty = await start(['--db', ':memory:'])
    await api(pretty.base, 'POST', '/v1/customers', { name: 'Printed' })
    await waitFor(() =>
      /POST\s+\/api\/v1\/customers 201 [\d.]+ ms admin@example\.com/.test(pretty.output()),
    )
  })
})

describe('the request log in batches', () => {
  it('writes a burst of lines whole, and the line after it without a request after it to push it out', async () => {
    const sandbox = await start(['--db', ':memory:'])
    // More than a batch of 4 KB: written a batch at a time while the burst lasts.
    await Promise.all(Array.from({ length: 120 }, () => api(sandbox.base, 'GET', '/v1/items/42')))
    await api(sandbox.base, 'GET', '/v1/customers/999998')
    // A line left in the buffer until the next request would never come: no request follows.
    await waitFor(() => sandbox.output().includes('/api/v1/customers/999998 404'))
    expect(sandbox.output().match(/GET\s+\/api\/v1\/items\/42 200/g)).toHaveLength(120)
  })
})

/** Resolves once `check` holds (the child's output arrives on its own schedule); fails after 15 s (a loaded machine). */
async function waitFor(check: () => boolean) {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 50))
  expect(check()).toBe(true)
}
