// createApp: the whole sandbox as a Hono app, with no I/O of its own (the CLI brings the file
// persistence and the log printer; tests use app.request()).
import { Hono, type Context, type MiddlewareHandler, type Next } from 'hono'
import type { H, RouterRoute } from 'hono/types'
import { HTTPException } from 'hono/http-exception'
import { SmartRouter } from 'hono/router/smart-router'
import { RegExpRouter } from 'hono/router/reg-exp-router'
import { TrieRouter } from 'hono/router/trie-router'
import type { Result, Router } from 'hono/router'
import { cors } from 'hono/cors'
import { LaravelError, MethodNotAllowed, RouteNotFound, WriteRefused } from './laravel/errors.js'
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
import { createProspectsRouter } from './resources/prospects.js'
import { createContactsRouter } from './resources/contacts.js'
import { createNotesRouter } from './resources/notes.js'
import { createPhoneCallsRouter } from './resources/phone-calls.js'
import { createUsersRouter } from './resources/users.js'
import { specDocument, legacySpecDocument, allowedMethods } from './spec-document.js'
import { legacyNamesIn } from './laravel/query.js'
import { createRenamer, isDialect, DIALECTS, type Dialect } from './dialect.js'
import { answerHeader, readBody, requestHeader, takeAnswerHeaders } from './request.js'
import { BoundedMap } from './bounded-map.js'
import type { Deps } from './deps.js'

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
  /** Receives what the sandbox tells its operator once, apart from the request log (the CLI prints it). */
  onNotice?: (message: string) => void
  /** Receives each request's log entry as it completes (the CLI prints it). */
  onRequest?: (entry: LogEntry) => void
  /** How many requests `GET /__mock/requests` keeps (default 200). */
  logSize?: number
  /** Isolated sandboxes (`X-Sandbox`): dropped after this long unused (default 30 min), at most `max` (default 50). */
  sandboxes?: { idleMs?: number; max?: number }
  /** Origins allowed by CORS: `*` (the default), or a list. */
  corsOrigins?: '*' | string[]
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
  const apiRoutes = new WeakSet<H>()
  const app = new Hono({ strict: false, router: firstApiRoute(apiRoutes) })
  const origins = options.corsOrigins ?? '*'
  const allowCors = cors({ origin: origins, allowHeaders: CORS_ALLOW_HEADERS, exposeHeaders: CORS_EXPOSE_HEADERS, maxAge: 600 })
  const renamer = createRenamer(specDocument)
  const limitBody = readBody(options.maxBodyBytes ?? 1024 * 1024)

  const persistence = options.persistence
  const strict = persistence?.durability === 'strict' ? persistence : undefined
  /** Strict writes to the main sandbox, one at a time: a write that cannot be made durable is undone, and must not take another's with it. */
  let strictTurn: Promise<unknown> = Promise.resolve()

  /** Runs a write to the main sandbox, then puts it on disk; if that fails, the state goes back to what the file holds, and the write answers 503. */
  const durably = (c: Context, run: () => Response | Promise<Response>): Promise<Response> => {
    const turn = strictTurn.then(async () => {
      let res: Response
      try {
        res = await run()
      } catch (error) {
        res = errorAnswer(error, c)
      }
      try {
        await strict!.flush()
        return res
      } catch {
        const kept = strict!.durableState()
        if (kept) sandboxes.replace(null, kept)
        return errorAnswer(new WriteRefused(strict!.failure() ?? 'the write failed'), c)
      }
    })
    strictTurn = turn.catch(() => undefined)
    return turn
  }

  /** An error as Laravel answers it; error bodies name fields in the request's dialect (`errors.customerAccount`). */
  const errorAnswer = (error: unknown, c: Context): Response => {
    const encode = c.get('encode') ?? renamer.toDocs
    const [status, body, headers] =
      error instanceof LaravelError ? [error.status, encode(error.body()) as object, error.headers]
      : error instanceof HTTPException ? [error.status, { message: error.message || 'Bad Request' }, undefined]
      : [500 as const, { message: 'Server Error' }, undefined]
    if (status === 500) console.error(error)
    c.set('answer', body)
    // The headers gathered so far go on the error's answer too.
    return c.json(body, status, { ...takeAnswerHeaders(c), ...headers })
  }

  /** The dialect: the answers' names, renamed at the edge (DESIGN §3); requests are read in both. */
  const chooseDialect = (c: Context) => {
    const asked = requestHeader(c, 'X-BlueRockTEL-Dialect')?.trim().toLowerCase()
    const dialect = isDialect(asked) ? asked : options.dialect ?? 'docs'
    if (dialect === 'legacy') c.set('encode', renamer.toLegacy)
    answerHeader(c, 'X-BlueRockTEL-Dialect', dialect)
    if (asked && !isDialect(asked)) answerHeader(c, 'X-Sandbox-Warning', `X-BlueRockTEL-Dialect must be ${DIALECTS.join(' or ')}; answered in ${dialect}.`)
  }

  /**
   * What every request goes through, around its handler: the log, the sandbox it is about, CORS
   * for a cross-origin one, and for the API the dialect, then simulated faults and latency, then
   * the body; afterwards the gathered headers and, with `--durability strict`, the write on disk.
   * One function rather than Hono middlewares: an API route, registered with no middleware, then
   * answers a request that waits for nothing (a GET with no fault, no latency and no Origin)
   * without a single promise, where each middleware layer cost every request an async step.
   */
  function serve(c: Context, handle: () => Response | Promise<Response>): Response | Promise<Response> {
    const started = log.start(c)
    let answer: Response | Promise<Response>
    try {
      const name = sandboxName(requestHeader(c, 'X-Sandbox') ?? querySandbox(c)) ?? sandboxes.boundTo(() => bearerToken(c))
      c.set('store', sandboxes.store(name))
      if (name !== null) {
        c.set('sandbox', name)
        answerHeader(c, 'X-Sandbox', name)
      }
      const path = c.req.path
      const api = path === '/api' || path.startsWith('/api/')
      if (api) chooseDialect(c)
      const changesState = name === null && writes(c) && (api || path === '/__mock/reset' || path === '/__mock/snapshot')
      // While the file cannot be written, no write is acknowledged that a stop would then lose
      // (strict mode finds out by trying: it has no retry timer to find the disk writable again).
      if (changesState && !strict && persistence?.failure()) throw new WriteRefused(persistence.failure()!)
      const waits = requestHeader(c, 'Origin') !== undefined || (api && (writes(c) || faults.mayApply(c)))
      const run = () => (waits ? serveWaiting(c, api, handle) : handle())
      answer = changesState && strict ? durably(c, run) : run()
    } catch (error) {
      answer = errorAnswer(error, c)
    }
    return answer instanceof Promise ? answer.catch((error: unknown) => errorAnswer(error, c)).then((res) => finish(c, started, res)) : finish(c, started, answer)
  }

  /** The layers that wait: faults and latency, the body, CORS (whose preflight is an answer of its own). */
  async function serveWaiting(c: Context, api: boolean, handle: () => Response | Promise<Response>): Promise<Response> {
    let res: Response | undefined
    const handled = async () => void (res = await handle())
    const inner = async () => {
      try {
        const early = api ? await faults.middleware(c, writes(c) ? async () => void (await limitBody(c, handled)) : handled) : await handled()
        if (early) res = early
      } catch (error) {
        res = errorAnswer(error, c)
      }
    }
    // Only cross-origin requests carry Origin; the others keep Laravel's OPTIONS answer (200 with Allow).
    if (requestHeader(c, 'Origin') === undefined) {
      await inner()
      return res!
    }
    const preflight = await allowCors(c, async () => {
      await inner()
      c.res = res! // Hono's setter adds the CORS headers set on c.res before
    })
    return preflight ?? c.res
  }

  function finish(c: Context, started: number | null, res: Response): Response | Promise<Response> {
    // The routers put the gathered headers on their answers; the others (faults, the control API) get them now.
    if (c.req.path.startsWith('/api/')) {
      if (writes(c)) warnOfBodySandbox(c)
      if (!c.get('encode')) warnOfLegacyNames(c)
    }
    const rest = takeAnswerHeaders(c)
    if (rest) for (const key in rest) res.headers.set(key, rest[key]!)
    return logged(c, started, res)
  }

  let toldOfLegacy = false
  /** A client that writes the legacy names reads answers in them too: one in the documented names would read as nulls. */
  const warnOfLegacyNames = (c: Context) => {
    const input = c.get('input') as Record<string, unknown> | undefined
    const names = input ? legacyNamesIn(input) : []
    if (names.length === 0) return
    const advice = `This request uses legacy names (${names.slice(0, 5).join(', ')}) and was answered in the documented ones; a client that reads the legacy names (the official PHP SDK) reads them as null: start the sandbox with --dialect legacy, or send X-BlueRockTEL-Dialect: legacy.`
    answerHeader(c, 'X-Sandbox-Warning', advice)
    if (!toldOfLegacy) options.onNotice?.(`${c.req.method} ${c.req.path}: ${advice} (said once)`)
    toldOfLegacy = true
  }

  const logged = (c: Context, started: number | null, res: Response): Response | Promise<Response> => {
    const kept = log.finish(c, started, res.status)
    return kept ? kept.then(() => res) : res
  }

  // The routes that are not the API's go through `serve` as a middleware.
  const served: MiddlewareHandler = async (c, next) =>
    serve(c, async () => {
      await next()
      return c.res
    })
  for (const path of ['/openapi.json', '/openapi.legacy.json', '/docs/*', '/__mock/*']) app.use(path, served)
  /** Mounts an API router: each route is its own, with `serve` around it and no middleware. */
  const mountApi = (router: Hono) => {
    for (const route of router.routes) {
      const handler = route.handler as (c: Context, next: Next) => Response | Promise<Response>
      const apiRoute = (c: Context) => serve(c, () => handler(c, async () => {}))
      apiRoutes.add(apiRoute)
      app.on(route.method, `/api${route.path}`, apiRoute)
    }
  }

  app.get('/openapi.json', (c) => c.json(specDocument))
  app.get('/openapi.legacy.json', (c) => c.json(legacySpecDocument()))
  app.route('/docs', createDocsRouter({ dialect: options.dialect ?? 'docs' }))
  app.route('/__mock', createControlRouter({ adminToken: options.adminToken, persistence: options.persistence, sandboxes, faults, log }))
  mountApi(createAuthRouter({ clock, onLogin: (token, c) => sandboxes.bind(token, c.get('sandbox') ?? null) }))
  mountApi(createCustomersRouter(deps))
  mountApi(createCustomerServicesRouter(deps))
  mountApi(createItemsRouter(deps))
  mountApi(createFamiliesRouter(deps))
  mountApi(createBundlesRouter(deps))
  // The line items' static paths (/v1/customer-files/licences) before the file's /{id}.
  mountApi(createCustomerFileLinesRouter(deps))
  mountApi(createCustomerFilesRouter(deps))
  mountApi(createInvoicesRouter(deps))
  mountApi(createProspectsRouter(deps))
  mountApi(createContactsRouter(deps))
  mountApi(createNotesRouter(deps))
  mountApi(createPhoneCallsRouter(deps))
  mountApi(createUsersRouter(deps))

  app.notFound((c) => {
    const answer = () => {
      const path = new URL(c.req.url).pathname
      const allowed = path.startsWith('/api/') ? allowedMethods(path.slice('/api'.length)) : []
      if (c.req.method === 'OPTIONS' && allowed.length) return c.body(null, 200, { Allow: allowed.join(',') })
      throw allowed.length ? new MethodNotAllowed(c.req.method, path, allowed) : new RouteNotFound(path)
    }
    // A path no route and no middleware knows has not been through `serve` yet (which chooses its store).
    return c.get('store') ? answer() : serve(c, answer)
  })

  app.onError((error, c) => errorAnswer(error, c))

  /** The main sandbox's current state, for persistence and tests. */
  return Object.assign(app, { snapshot: () => sandboxes.main().snapshot() })
}

/** How many paths' routes `firstApiRoute` remembers, and how long a path it remembers. */
const ROUTE_CACHE = { entries: 4096, pathLength: 256 }

/**
 * Hono's router, remembering the routes of the paths it matched last, and answering only the
 * first of the routes that match when it is an API route. Laravel's paths (a static
 * `/v1/customers/customer_accounts/{account}` beside `/v1/customers/{id}`) are more than Hono's
 * RegExpRouter can take, and its TrieRouter took about a tenth of a GET by id's time; a path's
 * routes never change once the app is built. Hono's routers answer every route that matches
 * (`/v1/customers/search` is also `/v1/customers/{id}`), and more than one makes Hono compose
 * them, an async step each; an API route answers and never calls the next, so the first one is
 * the whole answer, as in Laravel.
 */
function firstApiRoute(apiRoutes: WeakSet<H>): Router<[H, RouterRoute]> {
  const router = new SmartRouter<[H, RouterRoute]>({ routers: [new RegExpRouter(), new TrieRouter()] })
  const cache = new BoundedMap<string, Result<[H, RouterRoute]>>(ROUTE_CACHE.entries)
  const match = (method: string, path: string): Result<[H, RouterRoute]> => {
    const result = router.match(method, path)
    const [matches] = result
    if (matches.length < 2 || !apiRoutes.has(matches[0]![0][0])) return result
    return (result.length === 2 ? [[matches[0]!], result[1]] : [[matches[0]!]]) as Result<[H, RouterRoute]>
  }
  return {
    name: 'FirstApiRoute',
    add: (method, path, handler) => router.add(method, path, handler),
    match(method, path) {
      if (path.length > ROUTE_CACHE.pathLength) return match(method, path)
      const key = `${method} ${path}`
      let result = cache.get(key)
      if (!result) cache.set(key, (result = match(method, path)))
      return result
    },
  }
}

/** `?sandbox=` names the sandbox as `X-Sandbox` does; the query is parsed only when it may hold one. */
function querySandbox(c: Context): string | undefined {
  const url = c.req.url
  const question = url.indexOf('?')
  if (question < 0 || !url.includes('sandbox=', question)) return undefined
  // PHP keeps the last of a repeated key.
  return new URLSearchParams(url.slice(question + 1)).getAll('sandbox').at(-1)
}

/** A body's `"sandbox"` names a sandbox on the control API only: on an API route, say that it was not used. */
function warnOfBodySandbox(c: Context) {
  const input = c.get('input') as Record<string, unknown> | undefined
  const named = input?.sandbox
  if (named === undefined || named === null || querySandbox(c) !== undefined) return
  answerHeader(c, 'X-Sandbox-Warning', `"sandbox" in a request body is read by /__mock routes only; use the X-Sandbox header or ?sandbox= (this request was answered by ${c.get('sandbox') ? `the sandbox ${c.get('sandbox')}` : 'the main sandbox'}).`)
}

/** A request that may carry a body (and may change something). */
const writes = (c: Context) => c.req.method !== 'GET' && c.req.method !== 'HEAD'
