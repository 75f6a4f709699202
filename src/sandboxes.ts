// Isolated sandboxes: the main one (persisted with --db), and named ones that a request picks with
// the `X-Sandbox: <name>` header. A named sandbox reads the rows and indexes of its seed's store,
// made once and shared by every sandbox of that seed, and holds only its own changes (an overlay:
// store/overlay-table.ts), so making, resetting and dropping one cost the same whatever the seed's
// size. It is made on first use and kept in memory only; one idle for longer than the idle time
// is dropped, and past the maximum count the least recently used goes first. A token issued by a
// login in a named sandbox is bound to it, so a client that cannot send headers still reaches its
// own sandbox.
import { createOverlay, createStore, TABLE_NAMES, type State, type Store } from './store/store.js'
import { OverlayTable } from './store/overlay-table.js'
import type { Row } from './store/table.js'
import { LaravelError } from './laravel/errors.js'

/** How many named sandboxes a process keeps at most unless told (a few KB each: bench/sandboxes.ts). */
export const DEFAULT_MAX_SANDBOXES = 10_000

export type SandboxInfo = {
  name: string
  idle_seconds: number
  state_bytes: number
  customers: number
}

export type SandboxOptions = {
  initial: State
  /** Called on every write of the main sandbox (persistence). */
  onChange: () => void
  seedState: (seed: number) => State
  now: () => number
  /** A named sandbox unused for this long is dropped. */
  idleMs: number
  /** At most this many named sandboxes at once; 0 turns them off (a request naming one is refused). */
  max: number
}

/** A seed's store, shared by the sandboxes over it; `stateLength`, its JSON's, measured when first asked. */
type Base = { store: Store; users: number; stateLength?: number }
/** `base`: the seed's store it is an overlay of; null for one holding an imported snapshot itself. */
type Named = {
  store: Store
  base: Base | null
  seed: number
  lastUsed: number
  tokens: string[]
  stateLength?: number
}

export function createSandboxes(options: SandboxOptions) {
  let main = createStore(options.initial, options.onChange)
  const named = new Map<string, Named>()
  const bases = new Map<number, Base>()
  /** token -> the named sandbox its login was made in. */
  const bound = new Map<string, string>()
  let lastSweep = 0

  /**
   * The store of `seed`'s state, made the first time a sandbox needs it (at 100k customers that
   * takes as long as a start-up, once). The main seed's is kept once made; another's goes with the
   * last sandbox over it.
   */
  const baseOf = (seed: number): Base => {
    let base = bases.get(seed)
    if (!base) bases.set(seed, (base = { store: createStore(options.seedState(seed)), users: 0 }))
    return base
  }

  const release = (sandbox: Named) => {
    const base = sandbox.base
    if (base && --base.users === 0 && sandbox.seed !== main.seed) bases.delete(sandbox.seed)
  }

  // Map order is use order (store() re-inserts), so the idle ones come first.
  function sweep(now: number) {
    if (now - lastSweep < 1000) return
    lastSweep = now
    for (const [name, sandbox] of named) {
      if (now - sandbox.lastUsed <= options.idleMs) break
      drop(name)
    }
  }

  function drop(name: string) {
    const sandbox = named.get(name)
    if (!sandbox) return
    named.delete(name)
    release(sandbox)
    for (const token of sandbox.tokens) bound.delete(token)
  }

  function put(name: string, make: () => Omit<Named, 'lastUsed' | 'tokens'>) {
    if (options.max < 1) throw new SandboxesOff()
    const previous = named.get(name)
    if (previous) named.delete(name)
    // Map order: least recently used first.
    for (const oldest of named.keys()) {
      if (named.size < options.max) break
      drop(oldest)
    }
    // A reset keeps the tokens bound to the sandbox, as it keeps its name.
    const sandbox: Named = { ...make(), lastUsed: options.now(), tokens: previous?.tokens ?? [] }
    if (previous) release(previous)
    named.set(name, sandbox)
    return sandbox
  }

  const overSeed = (seed: number) => () => {
    const base = baseOf(seed)
    base.users++
    return { store: createOverlay(base.store), base, seed }
  }

  function replaceMain(state: State) {
    main = createStore(state, options.onChange)
    // The base of the main sandbox's former seed was kept for it alone.
    for (const [seed, base] of bases) if (base.users === 0 && seed !== main.seed) bases.delete(seed)
    options.onChange()
  }

  /** About the length of the JSON of a sandbox's state: its seed's, give or take the rows it changed. */
  function stateLength(sandbox: Named): number {
    if (!sandbox.base) return (sandbox.stateLength ??= jsonLength(sandbox.store))
    const base = sandbox.base
    let length = (base.stateLength ??= jsonLength(base.store))
    for (const name of TABLE_NAMES) {
      const table = sandbox.store.made(name) // one no request read holds no change
      if (!(table instanceof OverlayTable)) continue
      const { own, hidden } = (table as OverlayTable<Row>).changes()
      for (const row of own) length += JSON.stringify(row).length + 1
      for (const row of hidden) length -= JSON.stringify(row).length + 1
    }
    return length
  }

  return {
    main: () => main,
    /** The store of the sandbox `name` (null: the main one), created from the main one's seed on first use. */
    store(name: string | null): Store {
      if (name === null && named.size === 0) return main // the common case, without a clock read
      const now = options.now()
      sweep(now)
      if (name === null) return main
      let sandbox = named.get(name)
      if (sandbox) named.delete(name) // re-inserted below: most recently used last
      sandbox ??= put(name, overSeed(main.seed))
      sandbox.lastUsed = now
      named.set(name, sandbox)
      return sandbox.store
    },
    /** Binds a token issued in sandbox `name` to it (nothing for the main one). */
    bind(token: string, name: string | null) {
      const sandbox = name === null ? undefined : named.get(name)
      if (!sandbox) return
      bound.set(token, name!)
      sandbox.tokens.push(token)
    },
    /** The named sandbox the request's token is bound to, or null; the token is read only when some are bound. */
    boundTo(tokenOf: () => string | undefined): string | null {
      if (bound.size === 0) return null
      const token = tokenOf()
      return token === undefined ? null : (bound.get(token) ?? null)
    },
    /** Replaces a sandbox's state (a reset to a seed, or an imported snapshot). */
    replace(name: string | null, state: State) {
      if (name === null) replaceMain(state)
      else put(name, () => ({ store: createStore(state), base: null, seed: state.seed }))
    },
    reset(name: string | null, seed: number) {
      if (name === null) replaceMain(options.seedState(seed))
      else put(name, overSeed(seed))
    },
    list(): SandboxInfo[] {
      const now = options.now()
      sweep(now)
      return [...named].map(([name, s]) => ({
        name,
        idle_seconds: Math.round((now - s.lastUsed) / 1000),
        state_bytes: stateLength(s),
        customers: s.store.customers.size,
      }))
    },
  }
}

export type Sandboxes = ReturnType<typeof createSandboxes>

/** A request names an isolated sandbox of a process started with `--max-sandboxes 0`. */
export class SandboxesOff extends LaravelError {
  constructor() {
    super(
      400,
      'Isolated sandboxes are turned off (--max-sandboxes 0): send the request without X-Sandbox or sandbox, or start the sandbox with --max-sandboxes 1 or more.',
    )
  }
}

/** The sandbox a request names (`X-Sandbox`), or null for the main one; at most 100 characters are significant. */
export const sandboxName = (header: string | undefined): string | null => {
  const name = header?.trim().slice(0, 100)
  return name ? name : null
}

/** The length of the JSON of `store`'s state, row by row: never the whole text at once (150 MB at 100k customers). */
function jsonLength(store: Store): number {
  let length = 0
  for (const name of TABLE_NAMES)
    for (const row of store[name].all()) length += JSON.stringify(row).length + 1
  return length
}
