// The control API under /__mock: health (public, for CI to wait on), reset to a seed, the whole
// state as JSON (export and import), the request log and scheduled faults; each about the main
// sandbox or the one `X-Sandbox` names. Everything but health needs the admin token.
import { Hono, type Context } from 'hono'
import { Unauthenticated, ValidationFailed } from './laravel/errors.js'
import { bearerToken } from './auth.js'
import { isInteger, max, min, oneOf, validate } from './laravel/validate.js'
import { sandboxName, type Sandboxes } from './sandboxes.js'
import { faultPath, MAX_DELAY_MS, type Faults } from './faults.js'
import { allowedMethods } from './spec-document.js'
import type { RequestLog } from './request-log.js'
import type { PersistenceStatus } from './store/persist.js'
import { TABLE_NAMES, type State } from './store/store.js'
import { checkState } from './store/check-state.js'

export type ControlOptions = {
  adminToken: string
  persistence?: { status(): PersistenceStatus }
  sandboxes: Sandboxes
  faults: Faults
  log: RequestLog
}

/** The sandbox a control request is about: the `X-Sandbox` header, else `sandbox` in the body or query. */
function targetOf(c: Context, body: Record<string, unknown> = {}) {
  // A sandbox named wrongly must not fall back to the main one: a reset would wipe the wrong state.
  if (body.sandbox !== undefined && body.sandbox !== null && typeof body.sandbox !== 'string')
    throw new ValidationFailed({ sandbox: ['The sandbox field must be a string.'] })
  return sandboxName(
    c.req.header('X-Sandbox') ??
      (body.sandbox as string | null | undefined) ??
      c.req.query('sandbox'),
  )
}

const readJson = async (c: Context): Promise<Record<string, unknown>> => {
  const body = await c.req.json().catch(() => ({}))
  return body && typeof body === 'object' && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {}
}

export function createControlRouter(options: ControlOptions) {
  const { sandboxes, faults, log } = options
  const control = new Hono()
  const started = Date.now()

  control.get('/health', (c) => {
    const store = sandboxes.store(targetOf(c))
    const memory = process.memoryUsage()
    return c.json({
      status: 'ok',
      uptime_seconds: Math.round((Date.now() - started) / 1000),
      seed: store.seed,
      records: Object.fromEntries(TABLE_NAMES.map((name) => [name, store[name].size])),
      memory: { rss_bytes: memory.rss, heap_used_bytes: memory.heapUsed },
      // The main sandbox's file (null with --db :memory:); isolated sandboxes are never persisted.
      persistence: options.persistence?.status() ?? null,
      sandboxes: sandboxes.list(),
    })
  })

  control.use('*', async (c, next) => {
    if (bearerToken(c) !== options.adminToken) throw new Unauthenticated()
    // The log names who made the call: the admin user the control token also stands for.
    const main = sandboxes.main()
    const admin = main.users.get(main.tokenOf(options.adminToken)?.user_id ?? 0)
    if (admin) c.set('user', admin)
    await next()
  })

  control.post('/reset', async (c) => {
    const body = await readJson(c)
    const name = targetOf(c, body)
    const seed = body.seed ?? c.req.query('seed') ?? sandboxes.store(name).seed
    if (!isInteger(seed))
      throw new ValidationFailed({ seed: ['The seed field must be an integer.'] })
    sandboxes.reset(name, Number(seed))
    return c.json({
      message: 'The sandbox is back to its seed.',
      seed: Number(seed),
      sandbox: name,
    })
  })

  control.get('/snapshot', (c) => c.json(sandboxes.store(targetOf(c)).snapshot()))

  control.put('/snapshot', async (c) => {
    const state = await c.req.json().catch(() => undefined)
    const errors = checkState(state)
    if (Object.keys(errors).length) throw new ValidationFailed(errors)
    sandboxes.replace(targetOf(c), state as State)
    return c.json({ message: 'The snapshot was imported.' })
  })

  // The last requests, with their bodies, for debugging a client from its tests.
  control.get('/requests', (c) => {
    const limit = c.req.query('limit')
    if (limit !== undefined && !(isInteger(limit) && Number(limit) > 0))
      throw new ValidationFailed({ limit: ['The limit field must be a positive integer.'] })
    const name = targetOf(c)
    const entries = log
      .last()
      .filter((e) => !e.path.startsWith('/__mock') && (name === null || e.sandbox === name))
    return c.json({ data: entries.slice(-(limit === undefined ? 50 : Number(limit))) })
  })
  control.delete('/requests', (c) => {
    log.clear(targetOf(c))
    return c.json({ message: 'The request log is empty.' })
  })

  // Faults scheduled for the next requests: {"path": "/v1/customers", "status": 503, "count": 3}.
  control.get('/faults', (c) => c.json({ data: faults.list(targetOf(c)) }))
  control.post('/faults', async (c) => {
    const body = await readJson(c)
    const sandbox = targetOf(c, body)
    const fault = validate(body, {
      path: ['required', 'string'],
      method: [
        'string',
        oneOf((v) => ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].includes(String(v).toUpperCase())),
      ],
      status: ['integer', min(400), max(599)],
      delay_ms: ['integer', min(0), max(MAX_DELAY_MS)],
      fault: ['string', oneOf((v) => v === 'reset')],
      count: ['integer', min(1), max(1_000_000)],
    })
    if (fault.status == null && fault.delay_ms == null && fault.fault == null)
      throw new ValidationFailed({ status: ['Give a status, a delay_ms or a fault.'] })
    const path = faultPath(String(fault.path), (p) => allowedMethods(p).length > 0)
    if (path === null)
      throw new ValidationFailed({
        path: [
          `The path field must be an API route such as /v1/customers or /api/v1/customers/42, or a prefix ending in * (${String(fault.path)} is none).`,
        ],
      })
    const scheduled = faults.schedule({
      path,
      method: fault.method == null ? null : String(fault.method).toUpperCase(),
      status: fault.status == null ? null : Number(fault.status),
      delay_ms: fault.delay_ms == null ? null : Number(fault.delay_ms),
      fault: fault.fault == null ? null : 'reset',
      remaining: fault.count == null ? 1 : Number(fault.count),
      sandbox,
    })
    return c.json(scheduled, 201)
  })
  control.delete('/faults', (c) => {
    faults.clear(targetOf(c))
    return c.json({ message: 'No fault is scheduled.' })
  })

  return control
}
