// Isolated sandboxes: the main one (persisted with --db), and named ones that a request picks with
// the `X-Sandbox: <name>` header. A named sandbox is a private copy of the seeded state, made on
// first use and kept in memory only; one idle for longer than the idle time is dropped, and past
// the maximum count the least recently used goes first. A token issued by a login in a named
// sandbox is bound to it, so a client that cannot send headers still reaches its own sandbox.
import { createStore, type State, type Store } from './store/store.js'
import { LaravelError } from './laravel/errors.js'

export type SandboxInfo = { name: string; idle_seconds: number; state_bytes: number; customers: number }

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

/** A seed's state as JSON, kept when small so that new sandboxes are a JSON.parse away. */
const CACHE_LIMIT = 32 * 1024 * 1024

export function createSandboxes(options: SandboxOptions) {
  let main = createStore(options.initial, options.onChange)
  const named = new Map<string, { store: Store; lastUsed: number; stateBytes: number }>()
  const seeded = new Map<number, string>()
  /** token -> the named sandbox its login was made in. */
  const bound = new Map<string, string>()
  let lastSweep = 0

  const seedJson = (seed: number) => {
    const cached = seeded.get(seed)
    if (cached) return cached
    const json = JSON.stringify(options.seedState(seed))
    if (json.length <= CACHE_LIMIT) seeded.set(seed, json)
    return json
  }

  function sweep(now: number) {
    if (now - lastSweep < 1000) return
    lastSweep = now
    for (const [name, sandbox] of named) if (now - sandbox.lastUsed > options.idleMs) drop(name)
  }

  function drop(name: string) {
    named.delete(name)
    for (const [token, owner] of bound) if (owner === name) bound.delete(token)
  }

  function put(name: string, json: string) {
    if (options.max < 1) throw new SandboxesOff()
    named.delete(name)
    // Map order: least recently used first.
    for (const oldest of named.keys()) {
      if (named.size < options.max) break
      drop(oldest)
    }
    const sandbox = { store: createStore(JSON.parse(json) as State), lastUsed: options.now(), stateBytes: json.length }
    named.set(name, sandbox)
    return sandbox
  }

  function replaceMain(state: State) {
    main = createStore(state, options.onChange)
    options.onChange()
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
      sandbox ??= put(name, seedJson(main.seed))
      sandbox.lastUsed = now
      named.set(name, sandbox)
      return sandbox.store
    },
    /** Binds a token issued in sandbox `name` to it (nothing for the main one). */
    bind(token: string, name: string | null) {
      if (name !== null) bound.set(token, name)
    },
    /** The named sandbox the request's token is bound to, or null; the token is read only when some are bound. */
    boundTo(tokenOf: () => string | undefined): string | null {
      if (bound.size === 0) return null
      const token = tokenOf()
      return token === undefined ? null : bound.get(token) ?? null
    },
    /** Replaces a sandbox's state (a reset to a seed, or an imported snapshot). */
    replace(name: string | null, state: State) {
      if (name === null) replaceMain(state)
      else put(name, JSON.stringify(state))
    },
    reset(name: string | null, seed: number) {
      if (name === null) replaceMain(options.seedState(seed))
      else put(name, seedJson(seed))
    },
    list(): SandboxInfo[] {
      const now = options.now()
      sweep(now)
      return [...named].map(([name, s]) => ({
        name,
        idle_seconds: Math.round((now - s.lastUsed) / 1000),
        state_bytes: s.stateBytes,
        customers: s.store.customers.size,
      }))
    },
  }
}

export type Sandboxes = ReturnType<typeof createSandboxes>

/** A request names an isolated sandbox of a process started with `--max-sandboxes 0`. */
export class SandboxesOff extends LaravelError {
  constructor() {
    super(400, 'Isolated sandboxes are turned off (--max-sandboxes 0): send the request without X-Sandbox or sandbox, or start the sandbox with --max-sandboxes 1 or more.')
  }
}

/** The sandbox a request names (`X-Sandbox`), or null for the main one; at most 100 characters are significant. */
export const sandboxName = (header: string | undefined): string | null => {
  const name = header?.trim().slice(0, 100)
  return name ? name : null
}
