// A --db file that stops being writable while the sandbox runs (a full disk, a folder removed): no
// write is acknowledged that is then lost. The folder is replaced by a file, which fails every
// write the way a full disk does, even for root; putting the folder back is the disk freed again.
import { describe, it, expect, afterEach } from 'vitest'
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSandbox, stopAll, type Started } from './spawn-sandbox.js'

afterEach(stopAll)
const ADMIN = {
  Authorization: 'Bearer sandbox-admin-token',
  Accept: 'application/json',
  'Content-Type': 'application/json',
}

async function post(sandbox: Started, name: string) {
  const res = await fetch(`${sandbox.base}/api/v1/customers`, {
    method: 'POST',
    headers: ADMIN,
    body: JSON.stringify({ name }),
  })
  return { status: res.status, body: (await res.json()) as { id: number; message: string } }
}

/** A folder for the state file, and the means to make it unwritable and writable again. */
async function stateFolder() {
  const root = await mkdtemp(join(tmpdir(), 'cli-durability-'))
  const folder = join(root, 'state')
  await mkdir(folder)
  return {
    root,
    db: join(folder, 'state.json'),
    async breakIt() {
      await rename(folder, `${folder}-away`)
      await writeFile(folder, '')
    },
    async mendIt() {
      await rm(folder)
      await rename(`${folder}-away`, folder)
    },
  }
}

const health = async (sandbox: Started) =>
  (
    (await (await fetch(`${sandbox.base}/__mock/health`)).json()) as {
      persistence: { error: string | null; pending: boolean }
    }
  ).persistence

/** Polls until `check` holds (the coalesced write runs on its own timer); throws after 5 s. */
async function until(check: () => Promise<boolean>) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('the sandbox did not get there within 5 s')
}

const exitOf = (sandbox: Started) =>
  new Promise<number | null>((resolve) => sandbox.child.once('exit', (code) => resolve(code)))

describe('--durability strict with a file that cannot be written', () => {
  it('answers 503 to a write it cannot make durable, keeps nothing of it, and writes again once it can', async () => {
    const folder = await stateFolder()
    const sandbox = await startSandbox([
      '--db',
      folder.db,
      '--durability',
      'strict',
      '--log',
      'none',
    ])
    const kept = await post(sandbox, 'Kept')
    expect(kept.status).toBe(201)

    await folder.breakIt()
    const refused = await post(sandbox, 'Refused')
    expect(refused.status).toBe(503)
    expect(refused.body.message).toMatch(
      /^The sandbox cannot write its state file \(.*\); nothing was changed\./,
    )
    // A client that retries must not find the refused record (it would create it twice).
    expect(
      (await fetch(`${sandbox.base}/api/v1/customers/${kept.body.id + 1}`, { headers: ADMIN }))
        .status,
    ).toBe(404)
    expect((await health(sandbox)).error).toMatch(/not a folder/)

    await folder.mendIt()
    const retried = await post(sandbox, 'Retried')
    expect(retried.status).toBe(201)
    expect(retried.body.id).toBe(kept.body.id + 1)
    const exit = exitOf(sandbox)
    sandbox.child.kill('SIGTERM')
    expect(await exit).toBe(0)
    const names = (
      JSON.parse(await readFile(folder.db, 'utf8')) as { tables: { customers: { name: string }[] } }
    ).tables.customers.map((c) => c.name)
    expect(names).toContain('Kept')
    expect(names).toContain('Retried')
    expect(names).not.toContain('Refused')
  })
})

describe('--durability coalesced with a file that cannot be written', () => {
  it('refuses writes with 503 once a write has failed, and takes them again once the file is written', async () => {
    const folder = await stateFolder()
    const sandbox = await startSandbox(['--db', folder.db, '--log', 'none'])
    await folder.breakIt()
    expect((await post(sandbox, 'In the window')).status).toBe(201) // coalesced: answered before its write
    await until(async () => (await health(sandbox)).error !== null)
    const refused = await post(sandbox, 'Refused')
    expect(refused.status).toBe(503)
    expect(refused.body.message).toMatch(/cannot write its state file/)
    expect(sandbox.output()).toMatch(
      /Cannot write .*state\.json: a part of the path is not a folder \(ENOTDIR\)\. Writes are refused \(503\)/,
    )

    await folder.mendIt()
    await until(async () => (await health(sandbox)).error === null)
    expect((await post(sandbox, 'After')).status).toBe(201)
    const exit = exitOf(sandbox)
    sandbox.child.kill('SIGTERM')
    expect(await exit).toBe(0)
    const names = (
      JSON.parse(await readFile(folder.db, 'utf8')) as { tables: { customers: { name: string }[] } }
    ).tables.customers.map((c) => c.name)
    expect(names).toEqual(expect.arrayContaining(['In the window', 'After']))
  })

  it('keeps what it acknowledged in a file of its own when it cannot write its --db before stopping', async () => {
    const folder = await stateFolder()
    const rescues = join(folder.root, 'tmp')
    await mkdir(rescues)
    const sandbox = await startSandbox(['--db', folder.db, '--log', 'none'], {
      ...process.env,
      TMPDIR: rescues,
    })
    await folder.breakIt()
    expect((await post(sandbox, 'Acknowledged')).status).toBe(201)
    const exit = exitOf(sandbox)
    sandbox.child.kill('SIGTERM')
    expect(await exit).toBe(1)
    const [rescue] = await readdir(rescues)
    expect(sandbox.output()).toContain(
      `the state is saved in ${join(rescues, rescue!)} instead: move it over ${folder.db} to keep it`,
    )
    const names = (
      JSON.parse(await readFile(join(rescues, rescue!), 'utf8')) as {
        tables: { customers: { name: string }[] }
      }
    ).tables.customers.map((c) => c.name)
    expect(names).toContain('Acknowledged')
  })
})
