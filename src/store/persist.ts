// Keeps a JSON file in step with the in-memory store through lowdb, with an adapter that replaces
// the file atomically and durably (durable-file.ts), so the file is never torn, and encodes the
// state with the rows' cached JSON (json-bytes.ts), so a write re-encodes only the rows that
// changed. Writes are coalesced: a change schedules one write `intervalMs` later, whatever the
// number of changes in between, and never sooner than four times the last write took, so that
// however big the state grows, writing it takes at most a fifth of the time. In strict mode the
// caller awaits `flush()` before it answers.
//
// What is on the disk when: in strict mode, every write once it is answered. In coalesced mode, a
// change made at time t is on the disk by t + max(intervalMs, 4 × the last write's time) + the time
// of at most two file writes (the one in progress, if any, then the one that holds the change);
// each file is a snapshot of the whole state at one instant, so a crash loses the last changes,
// never an older one alone.
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { Low } from 'lowdb'
import { DurableJSONFile } from './durable-file.js'

export type Durability = 'coalesced' | 'strict'

export type Persistence<S> = {
  readonly durability: Durability
  /** Notes that the state changed; a write follows within the flush window. */
  changed(): void
  /** Writes now if anything changed since the last write; resolves once it is on disk. */
  flush(): Promise<void>
  /** Flushes and stops the timer. */
  close(): Promise<void>
  /** Where the file stands: what a completed write holds, and whether changes are waiting. */
  status(): PersistenceStatus
}

export type PersistenceStatus = {
  durability: Durability
  /** When the state of the newest completed write was taken: every change before it is on disk. */
  written_state_at: string | null
  /** How long that write took, in ms. */
  last_write_ms: number | null
  /** Whether changes are not on disk yet. */
  pending: boolean
}

/** Reads the state a previous run left in `path`, or null when there is none. */
export async function loadState<S>(path: string): Promise<S | null> {
  const db = new Low<S | null>(new DurableJSONFile<S | null>(path), null)
  await db.read()
  return db.data
}

/** How many times the last write's duration the next coalesced write waits, at least. */
const BACKOFF = 4

export async function createPersistence<S>(options: {
  path: string
  snapshot: () => S
  durability?: Durability
  intervalMs?: number
}): Promise<Persistence<S>> {
  const { path, snapshot, durability = 'coalesced', intervalMs = 100 } = options
  await mkdir(dirname(path), { recursive: true })
  const db = new Low<S | null>(new DurableJSONFile<S | null>(path), null)
  let dirty = false
  let timer: NodeJS.Timeout | undefined
  let writing: Promise<void> = Promise.resolve()
  let written: { at: number; ms: number } | null = null

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer)
    timer = undefined
    // Chained so that writes never overlap and each one sees the newest state. A failed write is
    // reported to the flush that asked for it, and leaves the state dirty for the next one to retry.
    writing = writing
      .catch(() => undefined)
      .then(async () => {
        if (!dirty) return
        dirty = false
        const at = Date.now()
        db.data = snapshot()
        try {
          await db.write()
          written = { at, ms: Date.now() - at }
        } catch (error) {
          dirty = true
          throw error
        }
      })
    return writing
  }

  // A coalesced write that fails is tried again one window later, changes or not.
  const schedule = () => {
    if (durability !== 'coalesced' || timer) return
    timer = setTimeout(() => {
      flush().catch((error: unknown) => {
        console.error('Could not write the database file:', error)
        schedule()
      })
    }, Math.max(intervalMs, BACKOFF * (written?.ms ?? 0)))
    timer.unref()
  }

  return {
    durability,
    changed() {
      dirty = true
      schedule()
    },
    flush,
    async close() {
      await flush()
    },
    status: () => ({
      durability,
      written_state_at: written && new Date(written.at).toISOString(),
      last_write_ms: written?.ms ?? null,
      pending: dirty,
    }),
  }
}
