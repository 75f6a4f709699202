import { describe, it, expect } from 'vitest'
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeFolder } from './make-folder.js'

describe('makeFolder', () => {
  it('makes the missing folders of a path, and is content with one that is there', () => {
    const root = mkdtempSync(join(tmpdir(), 'make-folder-'))
    try {
      makeFolder(join(root, 'a', 'b', 'c'))
      expect(statSync(join(root, 'a', 'b', 'c')).isDirectory()).toBe(true)
      makeFolder(join(root, 'a', 'b'))
      writeFileSync(join(root, 'file'), '')
      expect(() => makeFolder(join(root, 'file'))).toThrow(
        expect.objectContaining({ code: 'EEXIST' }),
      )
      expect(() => makeFolder(join(root, 'file', 'sub'))).toThrow(
        expect.objectContaining({ code: 'ENOTDIR' }),
      )
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })

  // Node 20's recursive mkdir spins for ever on such a path (the kernel answers ENOENT for it).
  it.runIf(existsSync('/proc/self'))(
    'fails at once on a folder under /proc, where Node 20 hung',
    () => {
      expect(() => makeFolder('/proc/no-such-folder/state')).toThrow(
        expect.objectContaining({ code: 'ENOENT' }),
      )
    },
  )
})
