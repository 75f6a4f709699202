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
import { open, unlink } from 'node:fs/promises'
import { makeFolder } from './make-folder.js'
import { basename, dirname, join } from 'node:path'
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
  /** Why the last write failed, while the file cannot be written (a full disk, a file made read-only); else null. */
  failure(): string | null
  /** The state the newest completed write put on disk (null before the first). */
  durableState(): S | null
}

export type PersistenceStatus = {
  durability: Durability
  /** When the state of the newest completed write was taken: every change before it is on disk. */
  written_state_at: string | null
  /** How long that write took, in ms. */
  last_write_ms: number | null
  /** Whether changes are not on disk yet. */
  pending: boolean
  /** Why the last write failed, while writes fail; null once one succeeds. */
  error: string | null
}

/** Reads the state a previous run left in `path`, or null when there is none. */
export async function loadState<S>(path: string): Promise<S | null> {
  const db = new Low<S | null>(new DurableJSONFile<S | null>(path), null)
  await db.read()
  return db.data
}

/**
 * Writes, flushes and removes a small file beside `path`: a folder that cannot be written, a full
 * disk or a read-only file system is found at start, not at the first write a client was told of.
 */
export async function probeWrite(path: string): Promise<void> {
  const probe = join(dirname(path), `.${basename(path)}.probe`)
  const file = await open(probe, 'w')
  try {
    await file.writeFile(Buffer.alloc(64 * 1024))
    await file.sync()
  } finally {
    await file.close()
    await unlink(probe).catch(() => undefined)
  }
}

/** Writes `state` to `path` once, atomically and durably (a copy of the state kept elsewhere). */
export async function saveState<S>(path: string, state: S): Promise<void> {
  await new DurableJSONFile<S>(path).write(state)
}

/** How many times the last write's duration the next coalesced write waits, at least. */
const BACKOFF = 4

export async function createPersistence<S>(options: {
  path: string
  snapshot: () => S
  durability?: Durability
  intervalMs?: number
  /** The state the file already holds (loaded from it): what a strict write that fails goes back to. */
  written?: S
  /** Told once when writes start failing, and once when one succeeds again (not at every retry). */
  report?: (message: string) => void
}): Promise<Persistence<S>> {
  const {
    path,
    snapshot,
    durability = 'coalesced',
    intervalMs = 100,
    report = (message) => console.error(message),
  } = options
  makeFolder(dirname(path))
  const db = new Low<S | null>(new DurableJSONFile<S | null>(path), null)
  let dirty = false
  let timer: NodeJS.Timeout | undefined
  let writing: Promise<void> = Promise.resolve()
  let written: { at: number; ms: number } | null = null
  let durable: S | null = options.written ?? null
  let failure: string | null = null

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
        const state = snapshot()
        db.data = state
        try {
          await db.write()
          written = { at, ms: Date.now() - at }
          durable = state
          if (failure !== null) report(`${path} is written again.`)
          failure = null
        } catch (error) {
          dirty = true
          const reason = describeWriteError(error)
          if (failure === null)
            report(
              `Cannot write ${path}: ${reason}. Writes are refused (503) until it can be written again.`,
            )
          failure = reason
          throw error
        }
      })
    return writing
  }

  // A coalesced write that fails is tried again one window later, changes or not.
  const schedule = () => {
    if (durability !== 'coalesced' || timer) return
    timer = setTimeout(
      () => {
        // The failure was reported once by flush; retried one window later, changes or not.
        flush().catch(() => schedule())
      },
      Math.max(intervalMs, BACKOFF * (written?.ms ?? 0)),
    )
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
      error: failure,
    }),
    failure: () => failure,
    durableState: () => durable,
  }
}

/** A write's failure in a few words: `ENOSPC (no space left on device)`, not a stack. */
export function describeWriteError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException
  const reasons: Record<string, string> = {
    ENOSPC: 'no space left on the device',
    EDQUOT: 'the disk quota is exceeded',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'the file system is read-only',
    ENOENT: 'the folder does not exist',
    ENOTDIR: 'a part of the path is not a folder',
    EISDIR: 'the path is a folder',
    EEXIST: 'a part of the path is a file, not a folder',
  }
  return code && reasons[code] ? `${reasons[code]} (${code})` : String(message ?? error)
}
