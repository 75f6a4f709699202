// Keeps a JSON file in step with the in-memory store through lowdb, with an adapter that writes a
// temporary file and renames it over the old one (so the file is never torn) and encodes the state
// with the rows' cached JSON (json-bytes.ts): a write re-encodes only the rows that changed.
// Writes are coalesced: a change schedules one write `intervalMs` later, whatever the number of
// changes in between, and never sooner than four times the last write took, so that however big
// the state grows, writing it takes at most a fifth of the time. In strict mode the caller awaits
// `flush()` before it answers.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { Low, type Adapter } from 'lowdb'
import { toJsonBytes } from './json-bytes.js'

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

/** A JSON file, replaced whole by a rename. */
class JsonFile<S> implements Adapter<S | null> {
  readonly #path: string
  readonly #temp: string

  constructor(path: string) {
    this.#path = path
    this.#temp = join(dirname(path), `.${basename(path)}.tmp`)
  }

  async read(): Promise<S | null> {
    const text = await readFile(this.#path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null
      throw error
    })
    return text === null ? null : (JSON.parse(text) as S)
  }

  async write(data: S | null) {
    await writeFile(this.#temp, toJsonBytes(data))
    await rename(this.#temp, this.#path)
  }
}

/** Reads the state a previous run left in `path`, or null when there is none. */
export async function loadState<S>(path: string): Promise<S | null> {
  const db = new Low<S | null>(new JsonFile<S>(path), null)
  await db.read()
  return db.data
}

/** How many times the last write's duration the next write waits, at least. */
const BACKOFF = 4

export async function createPersistence<S>(options: {
  path: string
  snapshot: () => S
  durability?: Durability
  intervalMs?: number
}): Promise<Persistence<S>> {
  const { path, snapshot, durability = 'coalesced', intervalMs = 100 } = options
  await mkdir(dirname(path), { recursive: true })
  const db = new Low<S | null>(new JsonFile<S>(path), null)
  let dirty = false
  let timer: NodeJS.Timeout | undefined
  let writing: Promise<void> = Promise.resolve()
  let lastWriteMs = 0

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer)
    timer = undefined
    // Chained so that writes never overlap and each one sees the newest state.
    writing = writing.then(async () => {
      if (!dirty) return
      dirty = false
      const started = performance.now()
      db.data = snapshot()
      await db.write()
      lastWriteMs = performance.now() - started
    })
    return writing
  }

  return {
    durability,
    changed() {
      dirty = true
      if (durability === 'coalesced' && !timer) {
        timer = setTimeout(() => void flush().catch((e) => console.error('Could not write the database file:', e)), Math.max(intervalMs, BACKOFF * lastWriteMs))
        timer.unref()
      }
    },
    flush,
    async close() {
      await flush()
    },
  }
}
