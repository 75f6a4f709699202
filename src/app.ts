// createApp: the whole sandbox as a Hono app, with no I/O of its own (the CLI brings the file
// persistence and the log printer; tests use app.request()). Composition only: the wire is in
// http/ (the pipeline every request passes, the router), the API in resources/.
import { Hono } from 'hono'
import type { State } from './store/store.js'
import type { Persistence } from './store/persist.js'
import { createAuthenticator, createAuthRouter } from './auth.js'
import { createControlRouter } from './control.js'
import { createDocsRouter } from './docs.js'
import { createSandboxes, DEFAULT_MAX_SANDBOXES } from './sandboxes.js'
import { createFaults, type Latency } from './faults.js'
import { createRequestLog, type PrintedEntry } from './request-log.js'
import { createCustomersRouter } from './resources/customers.js'
import { createCustomerServicesRouter } from './resources/customer-services.js'
import { createItemsRouter } from './resources/items.js'
import { createFamiliesRouter } from './resources/families.js'
import { createBundlesRouter } from './resources/bundles.js'
import { createCustomerFilesRouter } from './resources/customer-files.js'
import { createCustomerFileLinesRouter } from './resources/customer-file-lines.js'
import { createInvoicesRouter } from './resources/invoices.js'
import { specDocument, legacySpecDocument } from './spec-document.js'
import { createRenamer, type Dialect } from './dialect.js'
import { createPipeline } from './http/pipeline.js'
import { createApiRouter, createNotFound } from './http/router.js'
import { createErrorAnswer } from './http/error-answer.js'
import { createProspectsRouter } from './resources/prospects.js'
import { createContactsRouter } from './resources/contacts.js'
import { createNotesRouter } from './resources/notes.js'
import { createPhoneCallsRouter } from './resources/phone-calls.js'
import { createUsersRouter } from './resources/users.js'
import { createCollectionRouter } from './resources/collection/engine.js'
import type { Deps } from './deps.js'

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
  /** Receives what the sandbox tells its operator once, apart from the request log (the CLI prints it). */
  onNotice?: (message: string) => void
  /** Receives each request's log entry as it completes (the CLI prints it). */
  onRequest?: (entry: PrintedEntry) => void
  /** How many requests `GET /__mock/requests` keeps (default 200). */
  logSize?: number
  /** Isolated sandboxes (`X-Sandbox`): dropped after this long unused (default 30 min), at most `max` (default 10,000, as the CLI's). */
  sandboxes?: { idleMs?: number; max?: number }
  /** Origins allowed by CORS: `*` (the default), or a list. */
  corsOrigins?: '*' | string[]
}

export function createApp(options: AppOptions) {
  const clock = options.clock ?? (() => new Date())
  const now = () => clock().getTime()
  const { idleMs = 30 * 60_000, max = DEFAULT_MAX_SANDBOXES } = options.sandboxes ?? {}
  const sandboxes = createSandboxes({
    initial: options.state,
    onChange: () => options.persistence?.changed(),
    seedState: options.seedState,
    now,
    idleMs,
    max,
  })
  const faults = createFaults({ latency: options.latency ?? null })
  const log = createRequestLog({ size: options.logSize ?? 200, print: options.onRequest, now })
  const renamer = createRenamer(specDocument)
  const errorAnswer = createErrorAnswer(renamer.toDocs)
  const { serve, served } = createPipeline({
    sandboxes,
    faults,
    log,
    errorAnswer,
    toLegacy: renamer.toLegacy,
    dialect: options.dialect ?? 'docs',
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    corsOrigins: options.corsOrigins ?? '*',
    persistence: options.persistence,
    onNotice: options.onNotice,
  })
  const deps: Deps = {
    clock,
    // A token is looked up in the request's sandbox, then in the main one (a login there serves everywhere).
    authenticate: (c) => createAuthenticator([c.get('store'), sandboxes.main()], clock)(c),
  }

  const { router, mount } = createApiRouter()
  // Laravel's router ignores a trailing slash (`/api/v1/customers/42/` is customer 42).
  const app = new Hono({ strict: false, router })
  for (const path of ['/openapi.json', '/openapi.legacy.json', '/docs/*', '/__mock/*'])
    app.use(path, served)
  app.get('/openapi.json', (c) => c.json(specDocument))
  app.get('/openapi.legacy.json', (c) => c.json(legacySpecDocument()))
  app.route('/docs', createDocsRouter({ dialect: options.dialect ?? 'docs' }))
  app.route(
    '/__mock',
    createControlRouter({
      adminToken: options.adminToken,
      persistence: options.persistence,
      sandboxes,
      faults,
      log,
    }),
  )
  mount(
    app,
    createAuthRouter({
      clock,
      onLogin: (token, c) => sandboxes.bind(token, c.get('sandbox') ?? null),
    }),
    serve,
  )
  for (const create of [
    createCustomersRouter,
    createCustomerServicesRouter,
    createItemsRouter,
    createFamiliesRouter,
    createBundlesRouter,
  ])
    mount(app, create(deps), serve)
  // The line items' static paths (/v1/customer-files/licences) before the file's /{id}.
  for (const create of [
    createCustomerFileLinesRouter,
    createCustomerFilesRouter,
    createInvoicesRouter,
  ])
    mount(app, create(deps), serve)
  // The official PHP SDK's resources, beyond the documentation (x-source: php-sdk).
  for (const create of [
    createProspectsRouter,
    createContactsRouter,
    createNotesRouter,
    createPhoneCallsRouter,
    createUsersRouter,
    // The vendor's request collection's other resources, from the contract alone (x-source: collection).
    createCollectionRouter,
  ])
    mount(app, create(deps), serve)
  app.notFound(createNotFound(serve))
  app.onError(errorAnswer)

  /** The main sandbox's current state, for persistence and tests. */
  return Object.assign(app, { snapshot: () => sandboxes.main().snapshot() })
}
