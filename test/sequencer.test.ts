import { describe, it, expect } from 'vitest'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { LONGEST_FIRST } from './sequencer.js'

describe('the order test files start in', () => {
  it('names files that exist, each once (a renamed file would lose its place silently)', () => {
    const root = fileURLToPath(new URL('..', import.meta.url))
    expect(LONGEST_FIRST.filter((file) => !existsSync(root + file))).toEqual([])
    expect(new Set(LONGEST_FIRST).size).toBe(LONGEST_FIRST.length)
  })
})
