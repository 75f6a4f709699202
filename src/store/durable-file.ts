// A lowdb adapter for a JSON file that is replaced atomically and durably. The new JSON (compact,
// from the rows' cached bytes) goes to a temporary file, which is flushed to the disk (fsync) and
// renamed over the old one; then the directory is flushed, so that the rename itself is on the disk. A crash at any instant leaves
// the old file or the new one, never a torn or empty one, and once `write` resolves the new file
// survives a power cut, not only a killed process. (lowdb's own JSONFile renames too, but never
// calls fsync, so an acknowledged write could still be lost with the machine.)
import { open, readFile, rename } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Adapter } from 'lowdb'
import { toJsonBytes } from './json-bytes.js'

export class DurableJSONFile<T> implements Adapter<T> {
  readonly #path: string
  readonly #temp: string

  constructor(path: string) {
    this.#path = path
    this.#temp = join(dirname(path), `.${basename(path)}.tmp`)
  }

  async read(): Promise<T | null> {
    const text = await readFile(this.#path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null
      throw error
    })
    return text === null ? null : (JSON.parse(text) as T)
  }

  async write(data: T): Promise<void> {
    const file = await open(this.#temp, 'w')
    try {
      await file.writeFile(toJsonBytes(data))
      await file.sync()
    } finally {
      await file.close()
    }
    await rename(this.#temp, this.#path)
    await syncDirectory(dirname(this.#path))
  }
}

async function syncDirectory(path: string) {
  // Windows cannot open a directory to flush it; its rename is on the disk once it returns.
  if (process.platform === 'win32') return
  const directory = await open(path, 'r')
  try {
    await directory.sync()
  } finally {
    await directory.close()
  }
}
