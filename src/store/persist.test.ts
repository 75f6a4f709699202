import { describe, it, expect, vi, afterEach } from 'vitest'
import { mkdir, mkdtemp, open, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createPersistence, loadState } from './persist.js'

const tempFile = async () => join(await mkdtemp(join(tmpdir(), 'persist-')), 'nested', 'db.json')

describe('createPersistence', () => {
  it('coalesces many changes into one write of the newest state', async () => {
    const path = await tempFile()
    let state = { n: 0 }
    let snapshots = 0
    const persistence = await createPersistence({
      path,
      snapshot: () => (snapshots++, state),
      intervalMs: 20,
    })
    for (let i = 1; i <= 50; i++) {
      state = { n: i }
      persistence.changed()
    }
    await persistence.close()
    expect(snapshots).toBe(1)
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ n: 50 })
    expect(await loadState(path)).toEqual({ n: 50 })
  })

  it('writes nothing when nothing changed, and reads null from a missing file', async () => {
    const path = await tempFile()
    const persistence = await createPersistence({
      path,
      snapshot: () => ({}),
      durability: 'strict',
    })
    await persistence.flush()
    expect(await loadState(path)).toBeNull()
  })

  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('writes stored rows as JSON, frozen rows and unicode included', async () => {
    const path = await tempFile()
    const row = Object.freeze({ id: 1, name: 'Société Acme — "SAS"' })
    const persistence = await createPersistence({
      path,
      snapshot: () => ({ tables: { customers: [row, { ...row, id: 2 }] } }),
    })
    persistence.changed()
    await persistence.close()
    expect(await loadState(path)).toEqual({ tables: { customers: [row, { ...row, id: 2 }] } })
  })

  it('leaves no temporary file behind, and writes the file whole', async () => {
    const path = await tempFile()
    const persistence = await createPersistence({
      path,
      snapshot: () => ({ rows: Array.from({ length: 1000 }, (_, id) => ({ id })) }),
      durability: 'strict',
    })
    persistence.changed()
    await persistence.flush()
    expect(await readdir(dirname(path))).toEqual(['db.json'])
    expect(JSON.parse(await readFile(path, 'utf8')).rows).toHaveLength(1000)
  })

  it('flushes the new file and then its directory to the disk before a write resolves (a power cut keeps it)', async () => {
    const path = await tempFile()
    const persistence = await createPersistence({
      path,
      snapshot: () => ({ n: 1 }),
      durability: 'strict',
    })
    const probe = await open(join(await mkdtemp(join(tmpdir(), 'probe-')), 'probe'), 'w')
    const FileHandle = Object.getPrototypeOf(probe) as { sync: () => Promise<void> }
    await probe.close()
    const synced: string[] = []
    const sync = FileHandle.sync
    vi.spyOn(FileHandle, 'sync').mockImplementation(async function (this: unknown) {
      // Before the rename only the temporary file exists; after it, db.json does.
      synced.push((await readdir(dirname(path))).includes('db.json') ? 'directory' : 'file')
      return sync.call(this)
    })
    persistence.changed()
    await persistence.flush()
    expect(synced).toEqual(['file', 'directory'])
  })

  it('after a failed write, writes the newest state at the next flush (strict)', async () => {
    const path = await tempFile()
    let state = { n: 1 }
    const persistence = await createPersistence({
      path,
      snapshot: () => state,
      durability: 'strict',
    })
    // A directory where the file should be: the rename fails, as a full or read-only disk would.
    await mkdir(path, { recursive: true })
    persistence.changed()
    await expect(persistence.flush()).rejects.toThrow()
    await rm(path, { recursive: true })
    state = { n: 2 }
    await persistence.flush()
    expect(await loadState(path)).toEqual({ n: 2 })
  })

  it('tries a failed coalesced write again one window later, with no new change', async () => {
    const path = await tempFile()
    await mkdir(path, { recursive: true })
    const failed = new Promise<void>((resolve) =>
      vi.spyOn(console, 'error').mockImplementationOnce(() => resolve()),
    )
    let attempts = 0
    let retried: () => void = () => {}
    const retry = new Promise<void>((resolve) => (retried = resolve))
    const persistence = await createPersistence({
      path,
      intervalMs: 10,
      snapshot: () => (++attempts === 2 && retried(), { n: 1 }),
    })
    persistence.changed()
    await failed
    await rm(path, { recursive: true })
    await Promise.race([
      retry,
      new Promise((_, reject) => setTimeout(() => reject(new Error('no retry within 5 s')), 5000)),
    ])
    await persistence.flush()
    expect(await loadState(path)).toEqual({ n: 1 })
  })
})
