// The control API under /__mock: health (public, for CI to wait on), reset to a seed, and the
// whole state as JSON (export and import). Everything but health needs the admin token.
import { Hono } from 'hono'
import { Unauthenticated, ValidationFailed } from './laravel/errors.js'
import { isInteger } from './laravel/validate.js'
import { STATE_VERSION, TABLE_NAMES, type State } from './store/store.js'

export type ControlOptions = {
  adminToken: string
  seedState: (seed: number) => State
  replaceState: (state: State) => void
  snapshot: () => State
}

export function createControlRouter(options: ControlOptions) {
  const control = new Hono()
  const started = Date.now()

  control.get('/health', (c) => {
    const state = options.snapshot()
    return c.json({
      status: 'ok',
      uptime_seconds: Math.round((Date.now() - started) / 1000),
      seed: state.seed,
      records: Object.fromEntries(TABLE_NAMES.map((name) => [name, state.tables[name].length])),
    })
  })

  control.use('*', async (c, next) => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1]
    if (token !== options.adminToken) throw new Unauthenticated()
    await next()
  })

  control.post('/reset', async (c) => {
    const body = await c.req.json().catch(() => ({}))
    const seed = (body as { seed?: unknown })?.seed ?? c.req.query('seed') ?? options.snapshot().seed
    if (!isInteger(seed)) throw new ValidationFailed({ seed: ['The seed field must be an integer.'] })
    options.replaceState(options.seedState(Number(seed)))
    return c.json({ message: 'The sandbox is back to its seed.', seed: Number(seed) })
  })

  control.get('/snapshot', (c) => c.json(options.snapshot()))

  control.put('/snapshot', async (c) => {
    const state = await c.req.json().catch(() => undefined)
    const errors = checkState(state)
    if (Object.keys(errors).length) throw new ValidationFailed(errors)
    options.replaceState(state as State)
    return c.json({ message: 'The snapshot was imported.' })
  })

  return control
}

/** A snapshot must be this version's shape: each table it has, an array of rows with distinct integer ids. */
function checkState(state: unknown): Record<string, string[]> {
  if (!state || typeof state !== 'object') return { snapshot: ['The snapshot must be a JSON object.'] }
  const { version, seed, tables } = state as Partial<State>
  const errors: Record<string, string[]> = {}
  if (version !== STATE_VERSION) errors.version = [`The version field must be ${STATE_VERSION}.`]
  if (!isInteger(seed)) errors.seed = ['The seed field must be an integer.']
  if (!tables || typeof tables !== 'object') errors.tables = ['The tables field must be an object.']
  else
    for (const name of TABLE_NAMES) {
      const rows = (tables as Record<string, unknown>)[name]
      if (rows === undefined) continue // a table the snapshot does not have starts empty
      const ids = Array.isArray(rows) ? rows.map((r) => (r && typeof r === 'object' ? (r as { id?: unknown }).id : undefined)) : []
      if (!Array.isArray(rows) || !ids.every((id) => Number.isSafeInteger(id) && (id as number) > 0) || new Set(ids).size !== ids.length)
        errors[`tables.${name}`] = [`The tables.${name} field must be an array of rows with distinct positive integer ids.`]
    }
  return errors
}
