// The installed bin as users start it: directly, through `npx bluerocktel-mock` and through an npm
// script. Stopping the wrapper (SIGTERM, what a CI job or a process manager sends) stops the
// sandbox, its state written and its port freed; a relative --db is the user's folder, not npm's.
// It runs the build in dist/ (`npm test` builds first), in a project that has the package installed.
import { describe, it, expect, beforeAll, afterEach } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, waitForHttp } from './free-port.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const BIN = join(ROOT, 'dist/cli.js')
const ADMIN = {
  Authorization: 'Bearer sandbox-admin-token',
  'Content-Type': 'application/json',
  Accept: 'application/json',
}
const started: ChildProcess[] = []
// Each command runs in a process group of its own: whatever it started goes with it, even when a test fails.
afterEach(() => {
  for (const child of started.splice(0)) {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {
      // The group is gone already.
    }
  }
})

let project: string
beforeAll(async () => {
  if (!existsSync(BIN))
    throw new Error(`${BIN} is missing: run npm run build (npm test does) first`)
  // A project with the package installed as npm lays it out: the package, and its bin linked in .bin.
  project = await mkdtemp(join(tmpdir(), 'cli-wrappers-'))
  await mkdir(join(project, 'node_modules/.bin'), { recursive: true })
  await symlink(ROOT, join(project, 'node_modules/bluerocktel-sandbox'), 'dir')
  await symlink(
    '../bluerocktel-sandbox/dist/cli.js',
    join(project, 'node_modules/.bin/bluerocktel-mock'),
  )
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({
      name: 'consumer',
      private: true,
      scripts: { sandbox: 'bluerocktel-mock --log none' },
    }),
  )
})

/** Starts a command as a user would, its sandbox on a free port with a file in `cwd`, and waits for health. */
async function start(command: string, args: string[], cwd: string) {
  const port = await freePort()
  const child = spawn(command, [...args, '--port', String(port), '--db', './state.json'], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  started.push(child)
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  const base = `http://127.0.0.1:${port}`
  await waitForHttp(`${base}/__mock/health`).catch((error: Error) => {
    throw new Error(`${error.message}\n${output}`)
  })
  return { child, base }
}

/** Resolves once nothing answers on `base` any more; fails after 5 s. */
async function portFreed(base: string) {
  for (let i = 0; i < 100; i++) {
    const answered = await fetch(`${base}/__mock/health`, {
      signal: AbortSignal.timeout(500),
    }).then(
      () => true,
      () => false,
    )
    if (!answered) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`${base} still answers 5 s after its wrapper was stopped`)
}

describe.each([
  ['directly', () => [BIN, []] as const],
  ['through npx', () => ['npx', ['--no-install', 'bluerocktel-mock', '--log', 'none']] as const],
  ['through an npm script', () => ['npm', ['run', '--silent', 'sandbox', '--']] as const],
])('bluerocktel-mock started %s', (how, command) => {
  it('stops on SIGTERM to the process the user started: the state is written, the port and the file are freed', async () => {
    const [program, args] = command()
    // A folder of the project's own: npm runs the script from the project's folder, the user from this one.
    const cwd = await mkdtemp(join(project, 'from-'))
    const { child, base } = await start(program, [...args], cwd)
    const created = await fetch(`${base}/api/v1/customers`, {
      method: 'POST',
      headers: ADMIN,
      body: JSON.stringify({ name: `Started ${how}` }),
    })
    expect(created.status).toBe(201)
    child.kill('SIGTERM')
    await portFreed(base)
    // The relative --db is in the folder the user ran the command from, even where npm runs scripts from the project's.
    const db = join(cwd, 'state.json')
    for (let i = 0; i < 100 && existsSync(`${db}.lock`); i++)
      await new Promise((resolve) => setTimeout(resolve, 50))
    expect(existsSync(`${db}.lock`)).toBe(false)
    const names = (
      JSON.parse(await readFile(db, 'utf8')) as { tables: { customers: { name: string }[] } }
    ).tables.customers.map((c) => c.name)
    expect(names).toContain(`Started ${how}`)
    expect(existsSync(join(project, 'state.json'))).toBe(false)
  })
})
