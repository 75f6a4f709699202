// One sandbox per `--db` file: a lock file beside it (`state.json.lock`) holds the owner's pid.
// Two processes on one file would each overwrite the other's writes without a word. The lock is
// released on exit; one left by a process that no longer runs (a crash, a SIGKILL) is taken over.
import { open, readFile, unlink } from 'node:fs/promises'
import { unlinkSync } from 'node:fs'
import { hostname } from 'node:os'

export type DbLock = { path: string; release(): void }
type Owner = { pid: number; host: string; since: string }

export class DbLocked extends Error {
  constructor(
    readonly db: string,
    readonly owner: Owner,
  ) {
    super(
      `${db} is used by another running sandbox (pid ${owner.pid}, since ${owner.since}); stop it, or give this one another --db (or --db :memory:)`,
    )
  }
}

/** Takes the lock of `db`, or throws DbLocked when a live process holds it. */
export async function lockDb(db: string): Promise<DbLock> {
  const path = `${db}.lock`
  for (let attempt = 0; ; attempt++) {
    try {
      const file = await open(path, 'wx')
      try {
        await file.writeFile(
          JSON.stringify({
            pid: process.pid,
            host: hostname(),
            since: new Date().toISOString(),
          } satisfies Owner),
        )
      } finally {
        await file.close()
      }
      let held = true
      return {
        path,
        release() {
          if (!held) return
          held = false
          // Synchronous: it also runs from process.on('exit'), where nothing asynchronous does.
          try {
            unlinkSync(path)
          } catch {
            // Already gone: nothing to release.
          }
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error
      const owner = await readOwner(path)
      if (owner && isRunning(owner)) throw new DbLocked(db, owner)
      await unlink(path).catch(() => undefined) // stale: its process is gone
    }
  }
}

async function readOwner(path: string): Promise<Owner | null> {
  try {
    const owner = JSON.parse(await readFile(path, 'utf8')) as Partial<Owner>
    return Number.isSafeInteger(owner.pid)
      ? { pid: owner.pid!, host: String(owner.host ?? ''), since: String(owner.since ?? '?') }
      : null
  } catch {
    return null // unreadable or half-written: no live owner to respect
  }
}

/** Whether the lock's owner still runs; a lock made on another host (a shared folder) is respected. */
function isRunning(owner: Owner): boolean {
  if (owner.host !== hostname()) return true
  if (owner.pid === process.pid) return false
  try {
    process.kill(owner.pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
