import { describe, it, expect } from 'vitest'
import { mkdtemp, readFile, readdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPersistence, loadState } from './persist.js'

const tempFile = async () => join(await mkdtemp(join(tmpdir(), 'persist-')), 'nested', 'db.json')

describe('createPersistence', () => {
  it('coalesces many changes into one write of the newest state', async () => {
    const path = await tempFile()
    let state = { n: 0 }
    let snapshots = 0
    const persistence = await createPersistence({ path, snapshot: () => (snapshots++, state), intervalMs: 20 })
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
    const persistence = await createPersistence({ path, snapshot: () => ({}), durability: 'strict' })
    await persistence.flush()
    expect(await loadState(path)).toBeNull()
  })

  it('writes stored rows as JSON, through a temporary file renamed over the old one', async () => {
    const path = await tempFile()
    const row = Object.freeze({ id: 1, name: 'Société Acme — "SAS"' })
    const persistence = await createPersistence({ path, snapshot: () => ({ tables: { customers: [row, { ...row, id: 2 }] } }) })
    persistence.changed()
    await persistence.close()
    expect(await loadState(path)).toEqual({ tables: { customers: [row, { ...row, id: 2 }] } })
    expect(await readdir(dirname(path))).toEqual(['db.json'])
  })
})
