// bluerocktel-mock at its edges, as a child process with real ports and files: what it cannot serve
// safely is refused at start in one line and a non-zero exit; a --db file is kept by one process.
import { describe, it, expect, afterEach } from 'vitest'
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { existsSync, openSync } from 'node:fs'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, waitForHttp } from './free-port.js'
import { CLI, startSandbox, stopAll, stopChild } from './spawn-sandbox.js'
import { lines, runCli } from './run-cli.js'

afterEach(stopAll)
const folder = () => mkdtemp(join(tmpdir(), 'cli-edges-'))
const ADMIN = {
  Authorization: 'Bearer sandbox-admin-token',
  Accept: 'application/json',
  'Content-Type': 'application/json',
}

// Each refusal is a process of its own that stops by itself: they run side by side.
describe('flags out of range', () => {
  it.concurrent.for<[string[], RegExp]>([
    [['--port', ''], /--port must be a port number from 0 \(any free port\) to 65535, not ""/],
    [['--port', '1.5'], /--port must be a port number .* not "1\.5"/],
    [['--port', '70000'], /--port must be a port number/],
    [
      ['--max-sandboxes=-1'],
      /--max-sandboxes must be an integer from 0 \(no isolated sandboxes\) to 100000, not "-1"/,
    ],
    [
      ['--max-sandboxes', '-1'],
      /Option '--max-sandboxes' argument is ambiguous\. .* use '--max-sandboxes=-XYZ'/,
    ],
    [['--max-sandboxes', '99999999'], /--max-sandboxes must be an integer from 0/],
    [['--sandbox-idle', '1e9'], /--sandbox-idle must be a number of seconds from 1 to 31536000/],
    [['--customers', '10'], /--customers must be an integer from 150 to 2000000/],
    [['--seed', 'x'], /--seed must be an integer, not "x"/],
    [['--db', ''], /--db must be a file path or :memory:/],
  ])('refuses %j in one line with exit 2', async ([args, message], { expect }) => {
    const { code, stderr } = await runCli(args)
    expect(code).toBe(2)
    expect(lines(stderr)).toHaveLength(1)
    expect(stderr).toMatch(message)
  })
})

describe('--max-sandboxes 0', () => {
  it('serves the main sandbox, refuses a named one with 400, and stops on SIGTERM', async () => {
    const sandbox = await startSandbox([
      '--db',
      ':memory:',
      '--max-sandboxes',
      '0',
      '--log',
      'none',
    ])
    const named = await fetch(`${sandbox.base}/api/v1/customers/42`, {
      headers: { ...ADMIN, 'X-Sandbox': 'job-1' },
    })
    expect(named.status).toBe(400)
    expect(((await named.json()) as { message: string }).message).toMatch(/--max-sandboxes 0/)
    expect((await fetch(`${sandbox.base}/__mock/health`)).status).toBe(200)
    const exit = new Promise((resolve) => sandbox.child.once('exit', (code) => resolve(code)))
    sandbox.child.kill('SIGTERM')
    expect(await exit).toBe(0)
  })
})

describe('what it cannot listen on', () => {
  it('refuses a port in use in one line', async () => {
    const port = await freePort()
    const holder = createServer().listen(port, '127.0.0.1')
    await new Promise((resolve) => holder.once('listening', resolve))
    try {
      const { code, stderr } = await runCli(['--port', String(port), '--db', ':memory:'])
      expect(code).toBe(1)
      expect(lines(stderr)).toEqual([
        `bluerocktel-mock: port ${port} on 127.0.0.1 is already in use; choose another with --port (0 picks a free one)`,
      ])
    } finally {
      holder.close()
    }
  })

  it.each([
    ['192.0.2.1', /cannot listen on 192\.0\.2\.1: it is not an address of this machine/],
    [
      'no-such-host.invalid',
      /cannot listen on no-such-host\.invalid: the host name does not resolve/,
    ],
  ])('refuses the host %s in one line', async (host, message) => {
    const { code, stderr } = await runCli(['--host', host, '--port', '0', '--db', ':memory:'])
    expect(code).toBe(1)
    expect(lines(stderr)).toHaveLength(1)
    expect(stderr).toMatch(message)
  })
})

describe('a --db file it cannot use', () => {
  it('refuses a path it cannot write at start, before answering anything', async () => {
    const dir = await folder()
    await writeFile(join(dir, 'a-file'), '')
    const { code, stderr } = await runCli([
      '--port',
      '0',
      '--db',
      join(dir, 'a-file', 'state.json'),
    ])
    expect(code).toBe(1)
    expect(lines(stderr)).toEqual([
      expect.stringMatching(
        /^bluerocktel-mock: cannot create the folder of .*state\.json: a part of the path is a file, not a folder/,
      ),
    ])
  })

  // Node 20's own recursive mkdir never returned there: the sandbox hung at start.
  it.runIf(existsSync('/proc/self'))(
    'refuses a --db under /proc in one line, where a folder cannot be made',
    async () => {
      const { code, stderr } = await runCli([
        '--port',
        '0',
        '--db',
        '/proc/no-such-folder/state.json',
      ])
      expect(code).toBe(1)
      expect(lines(stderr)).toEqual([
        expect.stringMatching(
          /^bluerocktel-mock: cannot create the folder of \/proc\/no-such-folder\/state\.json: /,
        ),
      ])
    },
  )

  it.concurrent.for<[string, RegExp]>([
    [
      '{"version": 2, "seed": 1, "tables": {}}',
      /is not a sandbox state: The tables\.users field must hold at least one user\./,
    ],
    [
      '{"version": 2, "seed": 1, "tables": {"users": [], "customers": [{"id": 1}, {"id": 1}]}}',
      /tables\.customers field must be an array of rows with distinct positive integer ids/,
    ],
    ['{}', /is not a sandbox state: The version field must be 2\./],
    ['[1, 2]', /is not a sandbox state/],
    ['', /cannot read .*: Unexpected end of JSON input/],
    ['{"version": 1}', /holds state version 1; this sandbox reads version 2/],
  ])(
    'refuses a file that is not a valid state (%s), as PUT /__mock/snapshot does',
    async ([content, message], { expect }) => {
      const db = join(await folder(), 'state.json')
      await writeFile(db, content)
      const { code, stderr } = await runCli(['--port', '0', '--db', db])
      expect(code).toBe(1)
      expect(lines(stderr)).toHaveLength(1)
      expect(stderr).toMatch(message)
      expect(await readFile(db, 'utf8')).toBe(content) // left as it was, for the user to look at
      expect(existsSync(`${db}.lock`)).toBe(false)
    },
  )
})

describe('one sandbox per --db file', () => {
  it('refuses a second process on the same file, and lets one in once the first has stopped', async () => {
    const db = join(await folder(), 'state.json')
    const first = await startSandbox(['--db', db, '--log', 'none'])
    const second = await runCli(['--port', '0', '--db', db])
    expect(second.code).toBe(1)
    expect(lines(second.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^bluerocktel-mock: .*state\\.json is used by another running sandbox \\(pid ${first.child.pid}, since .*\\); stop it, or give this one another --db`,
        ),
      ),
    ])
    await stopChild(first.child, 'SIGTERM')
    expect(existsSync(`${db}.lock`)).toBe(false)
    const third = await startSandbox(['--db', db, '--log', 'none'])
    expect((await fetch(`${third.base}/__mock/health`)).status).toBe(200)
  })

  it('takes over the lock a crashed process left behind', async () => {
    const db = join(await folder(), 'state.json')
    const crashed = await startSandbox(['--db', db, '--log', 'none'])
    await stopChild(crashed.child, 'SIGKILL')
    expect(existsSync(`${db}.lock`)).toBe(true)
    const next = await startSandbox(['--db', db, '--log', 'none'])
    expect((await fetch(`${next.base}/api/v1/customers/42`, { headers: ADMIN })).status).toBe(200)
    expect(JSON.parse(await readFile(`${db}.lock`, 'utf8')).pid).toBe(next.child.pid)
  })
})

/** The CLI with `--log json` on `port`, its stdout piped or written to a file. */
const spawnJsonLog = (port: number, stdout: 'pipe' | number) =>
  spawn(process.execPath, [CLI, '--port', String(port), '--db', ':memory:', '--log', 'json'], {
    stdio: ['ignore', stdout, 'pipe'],
  })

describe('--log json', () => {
  it('writes nothing but JSON lines on stdout, the start-up banner included', async () => {
    const port = await freePort()
    const child = spawnJsonLog(port, 'pipe')
    let stdout = ''
    child.stdout!.on('data', (d) => (stdout += d))
    try {
      for (let i = 0; i < 200 && !stdout.includes('\n'); i++)
        await new Promise((r) => setTimeout(r, 50))
      await fetch(`http://127.0.0.1:${port}/api/v1/customers/42`, { headers: ADMIN })
      for (let i = 0; i < 100 && lines(stdout).length < 2; i++)
        await new Promise((r) => setTimeout(r, 50))
      const parsed = lines(stdout).map((line) => JSON.parse(line) as Record<string, unknown>)
      expect(parsed[0]).toMatchObject({ level: 30, base_url: `http://127.0.0.1:${port}/api` })
      expect(parsed[0]!.tokens).toContainEqual({
        token: 'sandbox-admin-token',
        email: 'admin@example.com',
        role: 20,
      })
      expect(parsed[1]).toMatchObject({ method: 'GET', path: '/api/v1/customers/42', status: 200 })
    } finally {
      await stopChild(child, 'SIGKILL')
    }
  })
})

describe('the request log on a stop', () => {
  it('writes every line it owes before it exits on SIGTERM, the log going to a file', async () => {
    const dir = await folder()
    const log = join(dir, 'sandbox.log')
    const port = await freePort()
    const out = openSync(log, 'w')
    const child = spawnJsonLog(port, out)
    const base = `http://127.0.0.1:${port}`
    await waitForHttp(`${base}/__mock/health`)
    const requests = 300
    await Promise.all(
      Array.from({ length: requests }, (_, i) =>
        fetch(`${base}/api/v1/customers/${(i % 150) + 1}`, { headers: ADMIN }),
      ),
    )
    const exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)))
    child.kill('SIGTERM')
    expect(await exit).toBe(0)
    const logged = lines(await readFile(log, 'utf8')).map(
      (line) => JSON.parse(line) as { msg: string; path?: string },
    )
    expect(
      logged.filter(
        (line) => line.msg === 'request completed' && line.path?.startsWith('/api/v1/customers/'),
      ),
    ).toHaveLength(requests)
  })
})
