// Keeps a JSON file in step with the in-memory store through lowdb (whose writer, steno, writes a
// temporary file and renames it over the old one, so the file is never torn). Writes are
// coalesced: a change schedules one write `intervalMs` later, whatever the number of changes in
// between. In strict mode the caller awaits `flush()` before it answers.
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { Low } from 'lowdb'
import { JSONFile } from 'lowdb/node'

export type Durability = 'coalesced' | 'strict'

export type Persistence<S> = {
  readonly durability: Durability
  /** Notes that the state changed; a write follows within the flush window. */
  changed(): void
  /** Writes now if anything changed since the last write; resolves once it is on disk. */
  flush(): Promise<void>
  /** Flushes and stops the timer. */
  close(): Promise<void>
}

/** Reads the state a previous run left in `path`, or null when there is none. */
export async function loadState<S>(path: string): Promise<S | null> {
  const db = new Low<S | null>(new JSONFile<S | null>(path), null)
  await db.read()
  return db.data
}

export async function createPersistence<S>(options: {
  path: string
  snapshot: () => S
  durability?: Durability
  intervalMs?: number
}): Promise<Persistence<S>> {
  const { path, snapshot, durability = 'coalesced', intervalMs = 100 } = options
  await mkdir(dirname(path), { recursive: true })
  const db = new Low<S | null>(new JSONFile<S | null>(path), null)
  let dirty = false
  let timer: NodeJS.Timeout | undefined
  let writing: Promise<void> = Promise.resolve()

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer)
    timer = undefined
    // Chained so that writes never overlap and each one sees the newest state.
    writing = writing.then(async () => {
      if (!dirty) return
      dirty = false
      db.data = snapshot()
      await db.write()
    })
    return writing
  }

  return {
    durability,
    changed() {
      dirty = true
      if (durability === 'coalesced' && !timer) {
        timer = setTimeout(() => void flush().catch((e) => console.error('Could not write the database file:', e)), intervalMs)
        timer.unref()
      }
    },
    flush,
    async close() {
      await flush()
    },
  }
}
