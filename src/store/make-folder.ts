// `mkdir -p`, one folder at a time. Node 20's own recursive mkdir never returns where the kernel
// answers ENOENT for a folder whose parent exists (a path under /proc or /sys): the sandbox hung at
// start on `--db /proc/x/state.json`. Here such a path fails like any other it cannot make.
import { mkdirSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

/** Makes `path` and the folders above it that are missing; throws (with the system's code) what it cannot make. */
export function makeFolder(path: string, mode = 0o777): void {
  const missing: string[] = []
  for (let at = resolve(path); ;) {
    try {
      if (statSync(at).isDirectory()) break
      // What mkdir answers for a path that is there and is not a folder.
      throw Object.assign(new Error(`EEXIST: file already exists, mkdir '${at}'`), {
        code: 'EEXIST',
      })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      missing.push(at)
      const up = dirname(at)
      if (up === at) break
      at = up
    }
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder, { mode })
    } catch (error) {
      // Another process made it meanwhile.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
}
