import { describe, it, expect, beforeEach, afterEach } from 'vitest'
import { mkdtempSync, readdirSync, rmSync, writeFileSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cachedSeedState, seedCacheFile } from './seed-cache.js'
import { createSeedState } from './seed.js'

describe('the seed cache', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'seed-cache-'))
    process.env.BLUEROCKTEL_SEED_CACHE_DIR = dir
  })
  afterEach(() => {
    delete process.env.BLUEROCKTEL_SEED_CACHE_DIR
    rmSync(dir, { recursive: true, force: true })
  })

  it('gives the state the seed draws, byte for byte, whether it draws it or reads it back', () => {
    const options = { adminToken: 'cache-admin-token' }
    const drawn = JSON.stringify(createSeedState(42, options))
    expect(JSON.stringify(cachedSeedState(42, options))).toBe(drawn)
    expect(readdirSync(dir)).toEqual([seedCacheFile(42, options)!.split('/').pop()])
    expect(JSON.stringify(cachedSeedState(42, options))).toBe(drawn)
    // Another seed or other options are other entries, never this one.
    expect(seedCacheFile(7, options)).not.toBe(seedCacheFile(42, options))
    expect(seedCacheFile(42, { adminToken: 'other' })).not.toBe(seedCacheFile(42, options))
    expect(JSON.stringify(cachedSeedState(7, options))).toBe(
      JSON.stringify(createSeedState(7, options)),
    )
  })

  it('draws the seed again over an entry it cannot parse or that is not a state of that seed', () => {
    const file = seedCacheFile(42)!
    const drawn = JSON.stringify(createSeedState(42))
    for (const broken of ['{"version":', JSON.stringify({ version: 1, seed: 7, tables: {} }), '']) {
      writeFileSync(file, broken)
      expect(JSON.stringify(cachedSeedState(42))).toBe(drawn)
    }
  })

  it('draws the seed without a cache when the folder cannot be made, or with BLUEROCKTEL_SEED_CACHE_DIR=off', () => {
    const notAFolder = join(dir, 'a-file')
    writeFileSync(notAFolder, '')
    process.env.BLUEROCKTEL_SEED_CACHE_DIR = join(notAFolder, 'cache')
    expect(cachedSeedState(42).seed).toBe(42)
    // A folder that cannot be made (Node 20's recursive mkdir hung on one under /proc).
    process.env.BLUEROCKTEL_SEED_CACHE_DIR = '/proc/no-such-folder/cache'
    expect(cachedSeedState(42).seed).toBe(42)
    process.env.BLUEROCKTEL_SEED_CACHE_DIR = 'off'
    expect(seedCacheFile(42)).toBeNull()
    expect(cachedSeedState(42).seed).toBe(42)
    expect(readdirSync(dir)).toEqual(['a-file'])
  })

  it('keeps no entry for a state larger than the default seed, and at most 8 entries, the newest', () => {
    cachedSeedState(42, { sizes: { customers: 151 } })
    expect(readdirSync(dir)).toEqual([])
    for (let seed = 1; seed <= 9; seed++) {
      cachedSeedState(seed)
      // Written in order: each entry older than the next.
      utimesSync(seedCacheFile(seed)!, seed, seed)
    }
    cachedSeedState(10)
    const kept = readdirSync(dir).sort()
    expect(kept).toHaveLength(8)
    expect(kept.some((name) => name.startsWith('seed-1-'))).toBe(false)
    expect(kept.some((name) => name.startsWith('seed-2-'))).toBe(false)
    expect(kept.some((name) => name.startsWith('seed-10-'))).toBe(true)
  })
})
