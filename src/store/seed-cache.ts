// The seeded state, kept on disk between starts: drawing the default seed with faker is a third of
// a start-up, reading it back is a fiftieth. An entry is named by everything the state depends on
// (the seed, the options, and the size and time of every file of the code, the fixtures and
// faker), so any change to them is a miss, never a stale state. The cache is only an accelerator:
// a folder it cannot write, a file it cannot read or parse, and the sandbox draws the seed as before.
import { createHash } from 'node:crypto'
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  type Dirent,
} from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'
import { createSeedState, SEED_SIZES } from './seed.js'
import { makeFolder } from './make-folder.js'
import { CODE_DIR, PACKAGE_DIR } from '../paths.js'
import { STATE_VERSION, type State } from './tables.js'

type SeedOptions = NonNullable<Parameters<typeof createSeedState>[1]>

/** Entries kept: one per build of the code, seed and options; the oldest go first. */
const KEEP = 8
const PREFIX = 'seed-'

/**
 * Where the entries go: `BLUEROCKTEL_SEED_CACHE_DIR` (`off`: no cache), else the package's
 * node_modules/.cache, else a folder of the user's own in the temp folder; null when there is none
 * to trust.
 */
export function seedCacheDir(): string | null {
  const asked = process.env.BLUEROCKTEL_SEED_CACHE_DIR
  if (asked === 'off') return null
  if (asked) return asked
  try {
    if (statSync(join(PACKAGE_DIR, 'node_modules')).isDirectory())
      return join(PACKAGE_DIR, 'node_modules', '.cache', 'bluerocktel-sandbox')
  } catch {
    // An installed package has no node_modules of its own.
  }
  // A shared temp folder: only a folder this user made, that no one else can write in.
  const { uid } = userInfo()
  const dir = join(tmpdir(), `bluerocktel-sandbox-cache-${uid}`)
  try {
    mkdirSync(dir, { mode: 0o700 })
  } catch {
    // there already, or cannot be made: checked below
  }
  try {
    const stat = statSync(dir)
    return stat.isDirectory() && (uid < 0 || stat.uid === uid) && (stat.mode & 0o022) === 0
      ? dir
      : null
  } catch {
    return null
  }
}

let codeFingerprint: string | undefined
/** The size and modification time of every file the state can depend on: the code, the fixtures, faker. */
function fingerprint(): string {
  if (codeFingerprint) return codeFingerprint
  const hash = createHash('sha256')
  const walk = (dir: string) => {
    let entries: Dirent[]
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile()) {
        const { size, mtimeMs } = statSync(path)
        hash.update(`${path}\0${size}\0${mtimeMs}\n`)
      }
    }
  }
  walk(CODE_DIR)
  walk(join(PACKAGE_DIR, 'fixtures'))
  const faker = createRequire(import.meta.url).resolve('@faker-js/faker/package.json')
  hash.update(readFileSync(faker))
  return (codeFingerprint = hash.digest('hex').slice(0, 24))
}

/** The file an entry would be in, or null without a cache folder. */
export function seedCacheFile(seed: number, options: SeedOptions = {}): string | null {
  const dir = seedCacheDir()
  if (dir === null) return null
  const key = createHash('sha256')
    .update(JSON.stringify({ seed, options, version: STATE_VERSION, code: fingerprint() }))
    .digest('hex')
    .slice(0, 24)
  return join(dir, `${PREFIX}${seed}-${key}.json`)
}

/** Entries of the default size only: a state of 100,000 customers is not worth its hundreds of MB on disk. */
const cacheable = (options: SeedOptions) =>
  (options.sizes?.customers ?? SEED_SIZES.customers) <= SEED_SIZES.customers &&
  (options.sizes?.customerServices ?? SEED_SIZES.customerServices) <= SEED_SIZES.customerServices &&
  (options.sizes?.prospects ?? SEED_SIZES.prospects) <= SEED_SIZES.prospects

/** `createSeedState(seed, options)`, read from the cache when an entry is there, kept in it when not. */
export function cachedSeedState(seed: number, options: SeedOptions = {}): State {
  if (!cacheable(options)) return createSeedState(seed, options)
  let file: string | null
  try {
    file = seedCacheFile(seed, options)
  } catch {
    file = null
  }
  if (file === null) return createSeedState(seed, options)
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as State
    if (state?.version === STATE_VERSION && state.seed === seed && state.tables) return state
  } catch {
    // No entry yet, or one that cannot be read: drawn again below, and written over.
  }
  const state = createSeedState(seed, options)
  keep(file, state)
  return state
}

/** Writes an entry whole or not at all (a temporary file renamed over it), and drops the oldest past KEEP. */
function keep(file: string, state: State) {
  const dir = dirname(file)
  const temporary = `${file}.${process.pid}.tmp`
  try {
    makeFolder(dir, 0o700)
    writeFileSync(temporary, JSON.stringify(state), { mode: 0o600 })
    renameSync(temporary, file)
  } catch {
    try {
      unlinkSync(temporary)
    } catch {
      // never written
    }
    return
  }
  try {
    const entries = readdirSync(dir)
      .filter((name) => name.startsWith(PREFIX) && name.endsWith('.json'))
      .map((name) => ({ path: join(dir, name), time: statSync(join(dir, name)).mtimeMs }))
      .sort((a, b) => b.time - a.time)
    for (const old of entries.slice(KEEP)) unlinkSync(old.path)
  } catch {
    // Another process pruned first: nothing to do.
  }
}
