// createApp: the whole sandbox as a Hono app, with no I/O of its own (the CLI brings the file
// persistence; tests use app.request()).
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { bodyLimit } from 'hono/body-limit'
import { LaravelError, MethodNotAllowed, PayloadTooLarge, RouteNotFound } from './laravel/errors.js'
import { createStore, type State, type Store } from './store/store.js'
import type { Persistence } from './store/persist.js'
import { createAuthenticator, createAuthRouter } from './auth.js'
import { createControlRouter } from './control.js'
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
import { requestHeader } from './request.js'

declare module 'hono' {
  interface ContextVariableMap {
    store: Store
  }
}

export type AppOptions = {
  /** The state to start from (a seed, or what a previous run persisted). */
  state: State
  /** Builds the seeded state for `POST /__mock/reset`. */
  seedState: (seed: number) => State
  /** Protects the control API; also accepted as the first admin user's bearer token. */
  adminToken: string
  clock?: () => Date
  persistence?: Persistence<State>
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number
  /** The names answers use unless a request's X-BlueRockTEL-Dialect says otherwise (default docs). */
  dialect?: Dialect
}

export type Deps = {
  clock: () => Date
  authenticate: (c: Context) => void
}

export function createApp(options: AppOptions) {
  const clock = options.clock ?? (() => new Date())
  const onChange = () => options.persistence?.changed()
  let store = createStore(options.state, onChange)
  const replaceState = (state: State) => {
    store = createStore(state, onChange)
    onChange()
  }
  const deps: Deps = { clock, authenticate: (c) => createAuthenticator(c.var.store, clock)(c) }

  const app = new Hono()
  app.use('*', async (c, next) => {
    c.set('store', store)
    await next()
  })
  // The dialect: the answers' names, renamed at the edge (DESIGN §3); requests are read in both.
  const renamer = createRenamer(specDocument)
  app.use('/api/*', async (c, next) => {
    const asked = requestHeader(c, 'X-BlueRockTEL-Dialect')?.trim().toLowerCase()
    const dialect = isDialect(asked) ? asked : options.dialect ?? 'docs'
    if (dialect === 'legacy') c.set('encode', renamer.toLegacy)
    // Headers are set before the answer exists: one set after it makes Hono copy it into a slow streamed Response.
    c.header('X-BlueRockTEL-Dialect', dialect)
    if (asked && !isDialect(asked)) c.header('X-Sandbox-Warning', `X-BlueRockTEL-Dialect must be ${DIALECTS.join(' or ')}; answered in ${dialect}.`, { append: true })
    await next()
  })
  // Only for a request with a body: reading `c.req.raw.body` builds a full Fetch Request, a cost a GET need not pay.
  const limitBody = bodyLimit({ maxSize: options.maxBodyBytes ?? 1024 * 1024, onError: () => { throw new PayloadTooLarge() } })
  app.use('/api/*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)))
  if (options.persistence?.durability === 'strict') {
    const persistence = options.persistence
    app.use('*', async (c, next) => {
      await next()
      if (c.req.method !== 'GET' && c.req.method !== 'HEAD') await persistence.flush()
    })
  }

  app.get('/openapi.json', (c) => c.json(specDocument))
  app.get('/openapi.legacy.json', (c) => c.json(legacySpecDocument))
  app.route('/__mock', createControlRouter({ adminToken: options.adminToken, seedState: options.seedState, replaceState, snapshot: () => store.snapshot() }))
  app.route('/api', createAuthRouter(deps))
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
    if (error instanceof LaravelError) return c.json(encode(error.body()) as object, error.status, error.headers)
    if (error instanceof HTTPException) return c.json({ message: error.message || 'Bad Request' }, error.status)
    console.error(error)
    return c.json({ message: 'Server Error' }, 500)
  })

  /** The current state, for persistence and tests. */
  return Object.assign(app, { snapshot: () => store.snapshot() })
}
