// createApp: the whole sandbox as a Hono app, with no I/O of its own (the CLI brings the file
// persistence and the log printer; tests use app.request()).
import { Hono, type Context, type MiddlewareHandler, type Next } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { cors } from 'hono/cors'
import { LaravelError, MethodNotAllowed, RouteNotFound } from './laravel/errors.js'
import type { State, Store } from './store/store.js'
import type { Persistence } from './store/persist.js'
import { bearerToken, createAuthenticator, createAuthRouter } from './auth.js'
import { createControlRouter } from './control.js'
import { createDocsRouter } from './docs.js'
import { createSandboxes, sandboxName } from './sandboxes.js'
import { createFaults, type Latency } from './faults.js'
import { createRequestLog, type LogEntry } from './request-log.js'
import { createCustomersRouter } from './resources/customers.js'
import { createCustomerServicesRouter } from './resources/customer-services.js'
import { createItemsRouter } from './resources/items.js'
import { createFamiliesRouter } from './resources/families.js'
import { createBundlesRouter } from './resources/bundles.js'
import { createCustomerFilesRouter } from './resources/customer-files.js'
import { createCustomerFileLinesRouter } from './resources/customer-file-lines.js'
import { createInvoicesRouter } from './resources/invoices.js'
import { specDocument, legacySpecDocument, allowedMethods } from './spec-document.js'
import { createRenamer, isDialect, DIALECTS, type Dialect } from './dialect.js'
import { answerHeader, readBody, requestHeader, takeAnswerHeaders } from './request.js'

declare module 'hono' {
  interface ContextVariableMap {
    store: Store
    /** The isolated sandbox the request is about; absent for the main one. */
    sandbox: string
  }
}

export type AppOptions = {
  /** The state to start from (a seed, or what a previous run persisted). */
  state: State
  /** Builds the seeded state for `POST /__mock/reset` and for new isolated sandboxes. */
  seedState: (seed: number) => State
  /** Protects the control API; also accepted as the first admin user's bearer token. */
  adminToken: string
  clock?: () => Date
  persistence?: Persistence<State>
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number
  /** The names answers use unless a request's X-BlueRockTEL-Dialect says otherwise (default docs). */
  dialect?: Dialect
  /** A delay added to every API answer, uniform in [min, max] ms. */
  latency?: Latency | null
  /** Receives each request's log entry as it completes (the CLI prints it). */
  onRequest?: (entry: LogEntry) => void
  /** How many requests `GET /__mock/requests` keeps (default 200). */
  logSize?: number
  /** Isolated sandboxes (`X-Sandbox`): dropped after this long unused (default 30 min), at most `max` (default 50). */
  sandboxes?: { idleMs?: number; max?: number }
  /** Origins allowed by CORS: `*` (the default), or a list. */
  corsOrigins?: '*' | string[]
}

export type Deps = {
  clock: () => Date
  authenticate: (c: Context) => void
}

/** Headers a browser client sends, and the sandbox's own that it may read. */
const CORS_ALLOW_HEADERS = ['Authorization', 'Content-Type', 'Accept', 'X-Sandbox', 'X-BlueRockTEL-Dialect', 'Prefer', 'X-Requested-With']
const CORS_EXPOSE_HEADERS = ['Allow', 'Retry-After', 'X-BlueRockTEL-Dialect', 'X-Sandbox', 'X-Sandbox-Warning', 'X-Sandbox-Simulated']

export function createApp(options: AppOptions) {
  const clock = options.clock ?? (() => new Date())
  const sandboxes = createSandboxes({
    initial: options.state,
    onChange: () => options.persistence?.changed(),
    seedState: options.seedState,
    now: () => clock().getTime(),
    idleMs: options.sandboxes?.idleMs ?? 30 * 60_000,
    max: options.sandboxes?.max ?? 50,
  })
  const faults = createFaults({ latency: options.latency ?? null })
  const log = createRequestLog({ size: options.logSize ?? 200, print: options.onRequest, now: () => clock().getTime() })
  const deps: Deps = {
    clock,
    // A token is looked up in the request's sandbox, then in the main one (a login there serves everywhere).
    authenticate: (c) => createAuthenticator([c.get('store'), sandboxes.main()], clock)(c),
  }

  // Laravel's router ignores a trailing slash (`/api/v1/customers/42/` is customer 42).
  const app = new Hono({ strict: false })
  const origins = options.corsOrigins ?? '*'
  const allowCors = cors({ origin: origins, allowHeaders: CORS_ALLOW_HEADERS, exposeHeaders: CORS_EXPOSE_HEADERS, maxAge: 600 })
  const renamer = createRenamer(specDocument)
  const limitBody = readBody(options.maxBodyBytes ?? 1024 * 1024)

  // Few middlewares, each doing several things: every layer costs each request a promise.
  app.use('*', log.middleware)
  // The API's own middleware: the dialect, then faults, then the body.
  const api = (c: Context, next: Next) => {
    // The dialect: the answers' names, renamed at the edge (DESIGN §3); requests are read in both.
    const asked = requestHeader(c, 'X-BlueRockTEL-Dialect')?.trim().toLowerCase()
    const dialect = isDialect(asked) ? asked : options.dialect ?? 'docs'
    if (dialect === 'legacy') c.set('encode', renamer.toLegacy)
    answerHeader(c, 'X-BlueRockTEL-Dialect', dialect)
    if (asked && !isDialect(asked)) answerHeader(c, 'X-Sandbox-Warning', `X-BlueRockTEL-Dialect must be ${DIALECTS.join(' or ')}; answered in ${dialect}.`)
    // Simulated latency and faults come before the body is read and anything is done.
    return faults.middleware(c, c.req.method === 'GET' || c.req.method === 'HEAD' ? next : async () => void (await limitBody(c, next)))
  }
  app.use('*', async (c, next) => {
    const name = sandboxName(requestHeader(c, 'X-Sandbox')) ?? sandboxes.boundTo(() => bearerToken(c))
    c.set('store', sandboxes.store(name))
    if (name !== null) {
      c.set('sandbox', name)
      answerHeader(c, 'X-Sandbox', name)
    }
    const path = c.req.path
    // A fault or a preflight is an answer returned, not set by a router further in: it becomes c.res here (as Hono's compose does).
    const inner: Next = path !== '/api' && !path.startsWith('/api/') ? next : async () => {
      const answer = await api(c, next)
      if (answer && !c.finalized) c.res = answer
    }
    // Only cross-origin requests carry Origin; the others keep Laravel's OPTIONS answer (200 with Allow).
    const answer = await (requestHeader(c, 'Origin') ? allowCors(c, inner) : inner())
    if (answer && !c.finalized) c.res = answer
    // The routers put the gathered headers on their answers; the others (errors, faults, the control API) get them now.
    const rest = takeAnswerHeaders(c)
    if (rest) for (const key in rest) c.res.headers.set(key, rest[key]!)
  })
  if (options.persistence?.durability === 'strict') app.use('*', strictly(options.persistence))

  app.get('/openapi.json', (c) => c.json(specDocument))
  app.get('/openapi.legacy.json', (c) => c.json(legacySpecDocument()))
  app.route('/docs', createDocsRouter())
  app.route('/__mock', createControlRouter({ adminToken: options.adminToken, persistence: options.persistence, sandboxes, faults, log }))
  app.route('/api', createAuthRouter({ clock, onLogin: (token, c) => sandboxes.bind(token, c.get('sandbox') ?? null) }))
  app.route('/api', createCustomersRouter(deps))
  app.route('/api', createCustomerServicesRouter(deps))
  app.route('/api', createItemsRouter(deps))
  app.route('/api', createFamiliesRouter(deps))
  app.route('/api', createBundlesRouter(deps))
  // The line items' static paths (/v1/customer-files/licences) before the file's /{id}.
  app.route('/api', createCustomerFileLinesRouter(deps))
  app.route('/api', createCustomerFilesRouter(deps))
  app.route('/api', createInvoicesRouter(deps))

  app.notFound((c) => {
    const path = new URL(c.req.url).pathname
    const allowed = path.startsWith('/api/') ? allowedMethods(path.slice('/api'.length)) : []
    if (c.req.method === 'OPTIONS' && allowed.length) return c.body(null, 200, { Allow: allowed.join(',') })
    throw allowed.length ? new MethodNotAllowed(c.req.method, path, allowed) : new RouteNotFound(path)
  })

  app.onError((error, c) => {
    // Error bodies name fields in the request's dialect (`errors.customerAccount`).
    const encode = c.get('encode') ?? renamer.toDocs
    const [status, body, headers] =
      error instanceof LaravelError ? [error.status, encode(error.body()) as object, error.headers]
      : error instanceof HTTPException ? [error.status, { message: error.message || 'Bad Request' }, undefined]
      : [500 as const, { message: 'Server Error' }, undefined]
    if (status === 500) console.error(error)
    c.set('answer', body)
    // An error thrown by a middleware skips the one that would add the gathered headers: they are added here.
    return c.json(body, status, { ...takeAnswerHeaders(c), ...headers })
  })

  /** The main sandbox's current state, for persistence and tests. */
  return Object.assign(app, { snapshot: () => sandboxes.main().snapshot() })
}

/** `--durability strict`: a write is on disk before its answer leaves. */
const strictly = (persistence: Persistence<State>): MiddlewareHandler => async (c, next) => {
  await next()
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && !c.get('sandbox')) await persistence.flush()
}
