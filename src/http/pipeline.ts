// The pipeline: the ordered stages every request passes, around its route. One list of plain
// functions rather than Hono middlewares: an API route, registered with no middleware, then
// answers a request that waits for nothing (a GET with no fault, no latency and no Origin)
// without a single promise, where each middleware layer cost every request an async step
// (bench/README.md, "No middleware on the API's routes").
import type { Context, MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { WriteRefused } from '../laravel/errors.js'
import { legacyNamesIn } from '../laravel/query.js'
import type { State, Store } from '../store/store.js'
import type { Persistence } from '../store/persist.js'
import { bearerToken } from '../auth.js'
import { sandboxName, type Sandboxes } from '../sandboxes.js'
import type { Faults } from '../faults.js'
import type { RequestLog } from '../request-log.js'
import { isDialect, DIALECTS, type Dialect } from '../dialect.js'
import { requestHeader } from './node.js'
import { answerHeader, takeAnswerHeaders } from './answer.js'
import { readBody } from './body.js'
import { querySandbox, writes } from './request.js'
import { createDurable } from './durable.js'
import type { ErrorAnswer } from './error-answer.js'

declare module 'hono' {
  interface ContextVariableMap {
    store: Store
    /** The isolated sandbox the request is about; absent for the main one. */
    sandbox: string
  }
}

type Answer = Response | Promise<Response>
/** A stage: does its part of the request and hands it on with `pass(c, handle, next)`, or answers it itself. */
type Stage = (c: Context, handle: () => Answer, next: number) => Answer

export type PipelineOptions = {
  sandboxes: Sandboxes
  faults: Faults
  log: RequestLog
  errorAnswer: ErrorAnswer
  /** The legacy dialect's encoder (the documented one is the answers' own names). */
  toLegacy: (body: unknown) => unknown
  /** The answers' names unless a request's X-BlueRockTEL-Dialect says otherwise. */
  dialect: Dialect
  maxBodyBytes: number
  corsOrigins: '*' | string[]
  persistence: Persistence<State> | undefined
  onNotice: ((message: string) => void) | undefined
}

/** Headers a browser client sends, and the sandbox's own that it may read. */
const CORS_ALLOW_HEADERS = [
  'Authorization',
  'Content-Type',
  'Accept',
  'X-Sandbox',
  'X-BlueRockTEL-Dialect',
  'Prefer',
  'X-Requested-With',
]
const CORS_EXPOSE_HEADERS = [
  'Allow',
  'Retry-After',
  'X-BlueRockTEL-Dialect',
  'X-Sandbox',
  'X-Sandbox-Warning',
  'X-Sandbox-Simulated',
]

const isApi = (path: string) => path === '/api' || path.startsWith('/api/')

/**
 * The answer with more headers, as a new Response. Setting them on `answer.headers` is not enough:
 * @hono/node-server's own Response (the global one once a server runs in the process) keeps them
 * apart from the body, and an in-process reader (app.fetch) that reads the body first then sees
 * the headers it was made with.
 */
const withHeaders = (answer: Response, more: Record<string, string>): Response => {
  const headers = new Headers(answer.headers)
  for (const key in more) headers.set(key, more[key]!)
  return new Response(answer.body, {
    status: answer.status,
    statusText: answer.statusText,
    headers,
  })
}

export function createPipeline(options: PipelineOptions) {
  const { sandboxes, faults, log, errorAnswer, persistence } = options
  const strict = persistence?.durability === 'strict' ? persistence : undefined
  const durably =
    strict && createDurable(strict, (state) => sandboxes.replace(null, state), errorAnswer)
  const allowCors = cors({
    origin: options.corsOrigins,
    allowHeaders: CORS_ALLOW_HEADERS,
    exposeHeaders: CORS_EXPOSE_HEADERS,
    maxAge: 600,
  })
  const limitBody = readBody(options.maxBodyBytes)

  /** Every request's entry in the log, once answered; the headers gathered and not yet on the answer go on it. */
  const logStage: Stage = (c, handle, next) => {
    const started = log.start(c)
    const answer = passCaught(c, handle, next)
    return answer instanceof Promise
      ? answer.then((res) => finish(c, started, res))
      : finish(c, started, answer)
  }
  const finish = (c: Context, started: number | null, answered: Response): Answer => {
    // The routes put the gathered headers on their answers; the others (faults, the control API, a
    // warning given once the answer was made) get them now.
    const rest = takeAnswerHeaders(c)
    const res = rest ? withHeaders(answered, rest) : answered
    const kept = log.finish(c, started, res.status)
    return kept ? kept.then(() => res) : res
  }

  /** The sandbox the request is about (`X-Sandbox`, `?sandbox=`, or the one its token was issued in), and its store. */
  const sandboxStage: Stage = (c, handle, next) => {
    const name =
      sandboxName(requestHeader(c, 'X-Sandbox') ?? querySandbox(c)) ??
      sandboxes.boundTo(() => bearerToken(c))
    c.set('store', sandboxes.store(name))
    if (name !== null) {
      c.set('sandbox', name)
      answerHeader(c, 'X-Sandbox', name)
    }
    return pass(c, handle, next)
  }

  let toldOfLegacy = false
  /** The dialect: the answers' names, renamed at the edge (DESIGN §3); requests are read in both. */
  const dialectStage: Stage = (c, handle, next) => {
    if (!isApi(c.req.path)) return pass(c, handle, next)
    const asked = requestHeader(c, 'X-BlueRockTEL-Dialect')?.trim().toLowerCase()
    const dialect = isDialect(asked) ? asked : options.dialect
    if (dialect === 'legacy') c.set('encode', options.toLegacy)
    answerHeader(c, 'X-BlueRockTEL-Dialect', dialect)
    if (asked && !isDialect(asked))
      answerHeader(
        c,
        'X-Sandbox-Warning',
        `X-BlueRockTEL-Dialect must be ${DIALECTS.join(' or ')}; answered in ${dialect}.`,
      )
    const answer = passCaught(c, handle, next)
    if (dialect === 'legacy' || !c.req.path.startsWith('/api/')) return answer
    return answer instanceof Promise
      ? answer.then((res) => warnOfLegacyNames(c, res))
      : warnOfLegacyNames(c, answer)
  }
  /** A client that writes the legacy names reads answers in them too: one in the documented names would read as nulls. */
  const warnOfLegacyNames = (c: Context, res: Response): Response => {
    const input = c.get('input') as Record<string, unknown> | undefined
    const names = input ? legacyNamesIn(input) : []
    if (names.length === 0) return res
    const advice = `This request uses legacy names (${names.slice(0, 5).join(', ')}) and was answered in the documented ones; a client that reads the legacy names (the official PHP SDK) reads them as null: start the sandbox with --dialect legacy, or send X-BlueRockTEL-Dialect: legacy.`
    answerHeader(c, 'X-Sandbox-Warning', advice)
    if (!toldOfLegacy) options.onNotice?.(`${c.req.method} ${c.req.path}: ${advice} (said once)`)
    toldOfLegacy = true
    return res
  }

  /** A write to the main sandbox's state: refused while its file cannot be written, on disk before its answer with `--durability strict`. */
  const durabilityStage: Stage = (c, handle, next) => {
    const path = c.req.path
    if (
      c.get('sandbox') !== undefined ||
      !writes(c) ||
      !(isApi(path) || path === '/__mock/reset' || path === '/__mock/snapshot')
    )
      return pass(c, handle, next)
    // While the file cannot be written, no write is acknowledged that a stop would then lose
    // (strict mode finds out by trying: it has no retry timer to find the disk writable again).
    if (!durably && persistence?.failure()) throw new WriteRefused(persistence.failure()!)
    return durably ? durably(c, () => pass(c, handle, next)) : pass(c, handle, next)
  }

  /** CORS for a cross-origin request, whose preflight is an answer of its own; the others keep Laravel's OPTIONS answer (200 with Allow). */
  const corsStage: Stage = (c, handle, next) => {
    if (requestHeader(c, 'Origin') === undefined) return pass(c, handle, next)
    return allowCors(c, async () => {
      c.res = await passCaught(c, handle, next) // Hono's setter adds the CORS headers set on c.res before
    }).then((preflight) => preflight ?? c.res)
  }

  /** Simulated faults and latency (faults.ts), which may answer in the route's place. */
  const faultStage: Stage = (c, handle, next) => {
    if (!isApi(c.req.path) || !faults.mayApply(c)) return pass(c, handle, next)
    let res: Response | undefined
    return faults
      .middleware(c, async () => void (res = await passCaught(c, handle, next)))
      .then((early) => (early as Response | undefined) ?? res!)
  }

  /** The body of a write, read before its route runs (body.ts). */
  const bodyStage: Stage = (c, handle, next) => {
    if (!isApi(c.req.path) || !writes(c)) return pass(c, handle, next)
    let res: Response | undefined
    const read = limitBody(c, async () => void (res = await passCaught(c, handle, next)))
    return (read as Promise<Response | void>)
      .then(
        () => res!,
        (error: unknown) => errorAnswer(error, c),
      )
      .then((answer) => warnOfBodySandbox(c, answer))
  }
  /** A body's `"sandbox"` names a sandbox on the control API only: on an API route, say that it was not used. */
  const warnOfBodySandbox = (c: Context, res: Response): Response => {
    const named = (c.get('input') as Record<string, unknown> | undefined)?.sandbox
    if (
      named === undefined ||
      named === null ||
      querySandbox(c) !== undefined ||
      !c.req.path.startsWith('/api/')
    )
      return res
    answerHeader(
      c,
      'X-Sandbox-Warning',
      `"sandbox" in a request body is read by /__mock routes only; use the X-Sandbox header or ?sandbox= (this request was answered by ${c.get('sandbox') ? `the sandbox ${c.get('sandbox')}` : 'the main sandbox'}).`,
    )
    return res
  }

  /** The stages, in the order a request passes them; then its route: auth, the handler, the answer (routes.ts). */
  const stages: readonly Stage[] = [
    logStage,
    sandboxStage,
    dialectStage,
    durabilityStage,
    corsStage,
    faultStage,
    bodyStage,
  ]

  function pass(c: Context, handle: () => Answer, next: number): Answer {
    return next < stages.length ? stages[next]!(c, handle, next + 1) : handle()
  }
  /** `pass`, with whatever it throws (now or later) answered as Laravel does. */
  function passCaught(c: Context, handle: () => Answer, next: number): Answer {
    try {
      const answer = pass(c, handle, next)
      return answer instanceof Promise
        ? answer.catch((error: unknown) => errorAnswer(error, c))
        : answer
    } catch (error) {
      return errorAnswer(error, c)
    }
  }

  /** Runs a request through every stage, then `handle` (its route). */
  const serve = (c: Context, handle: () => Answer): Answer => pass(c, handle, 0)
  /** `serve` as the middleware of the routes that are not the API's (the docs, the contract, the control API). */
  const served: MiddlewareHandler = async (c, next) =>
    serve(c, async () => {
      await next()
      return c.res
    })
  return { serve, served }
}
