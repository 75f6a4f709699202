// Latency and faults on demand, for testing a client's timeouts and retries: a global latency
// range (--latency 50-200), a per-request `Prefer` header (`code=503`, `delay=2000`,
// `fault=reset`), and faults scheduled through the control API ("the next 3 requests to
// /v1/customers fail with 503").
import type { Context, MiddlewareHandler } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { answerHeader } from './http/answer.js'
import { nodeRequest, requestHeader } from './http/node.js'

export type Prefer = { code?: number; delay?: number; fault?: 'reset' }
export type ScheduledFault = {
  id: number
  /** The API path (without /api) it applies to; a trailing `*` makes it a prefix. */
  path: string
  /** Only this method; null for any. */
  method: string | null
  status: number | null
  delay_ms: number | null
  fault: 'reset' | null
  /** How many more requests it applies to. */
  remaining: number
  /** The isolated sandbox whose requests it applies to; null for the main one. */
  sandbox: string | null
}
export type Latency = { min: number; max: number }

export const MAX_DELAY_MS = 60_000
const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthenticated.',
  403: 'This action is unauthorized.',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  429: 'Too Many Attempts.',
  500: 'Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

/**
 * `Prefer: code=503, delay=200` (commas or semicolons; codes 400-599, delays up to 60 s). What it
 * cannot use is listed in `ignored`, for the answer's warning: a mistyped preference must not
 * look like a sandbox that ignores its faults.
 */
export function parsePrefer(header: string | undefined): Prefer & { ignored: string[] } {
  const prefer: Prefer & { ignored: string[] } = { ignored: [] }
  for (const part of (header ?? '').split(/[,;]/)) {
    if (part.trim() === '') continue
    const [key, value = ''] = part.split('=').map((s) => s.trim().toLowerCase())
    if (key === 'code' && /^[45]\d\d$/.test(value)) prefer.code = Number(value)
    else if (key === 'delay' && /^\d{1,9}$/.test(value))
      prefer.delay = Math.min(Number(value), MAX_DELAY_MS)
    else if (key === 'fault' && value === 'reset') prefer.fault = 'reset'
    else prefer.ignored.push(part.trim())
  }
  return prefer
}

/** The warning for preferences the sandbox cannot use, or undefined. */
export function preferWarning(ignored: string[]): string | undefined {
  if (ignored.length === 0) return undefined
  return `Prefer: ${ignored.join(', ')} ignored; the sandbox takes code=400..599, delay=0..${MAX_DELAY_MS} (ms) and fault=reset.`
}

/**
 * A fault's path as the README or the request log writes it (`/v1/customers`, `/api/v1/customers`,
 * a trailing `*` for a prefix), as the API path faults match (`/v1/customers`); null when it can
 * name no API request.
 */
export function faultPath(path: string, routeExists: (path: string) => boolean): string | null {
  const trimmed = path.trim()
  if (!/^\/[^\s?#]*$/.test(trimmed)) return null
  const api =
    trimmed === '/api' || trimmed.startsWith('/api/') ? trimmed.slice('/api'.length) : trimmed
  if (api.endsWith('*')) return api.startsWith('/') ? api : null
  return routeExists(api) ? api : null
}

/** `--latency 50-200` or `--latency 100` (milliseconds). */
export function parseLatency(text: string): Latency | null {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text.trim())
  if (!match) return null
  const min = Number(match[1])
  const max = Number(match[2] ?? match[1])
  return min <= max && max <= MAX_DELAY_MS ? { min, max } : null
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export function createFaults(options: { latency: Latency | null; random?: () => number }) {
  const random = options.random ?? Math.random
  let scheduled: ScheduledFault[] = []
  let nextId = 1

  const matches = (fault: ScheduledFault, method: string, path: string, sandbox: string | null) =>
    fault.sandbox === sandbox &&
    (fault.method === null || fault.method === method) &&
    (fault.path.endsWith('*')
      ? path.startsWith(fault.path.slice(0, -1))
      : path === fault.path || path === `${fault.path}/`)

  /** Takes one use of the first scheduled fault that applies to this request. */
  function take(method: string, path: string, sandbox: string | null): ScheduledFault | undefined {
    if (scheduled.length === 0) return undefined
    const fault = scheduled.find((f) => matches(f, method, path, sandbox))
    if (!fault) return undefined
    fault.remaining--
    scheduled = scheduled.filter((f) => f.remaining > 0)
    return fault
  }

  /** Whether a request may meet a fault or a delay (most do not, and need not wait for `middleware`). */
  const mayApply = (c: Context) =>
    scheduled.length > 0 || !!options.latency || requestHeader(c, 'Prefer') !== undefined

  const middleware: MiddlewareHandler = async (c: Context, next) => {
    const header = requestHeader(c, 'Prefer')
    if (header === undefined && scheduled.length === 0 && !options.latency) return next()
    const apiPath = c.req.path.replace(/^\/api/, '')
    const prefer = parsePrefer(header)
    const warning = preferWarning(prefer.ignored)
    if (warning) answerHeader(c, 'X-Sandbox-Warning', warning)
    const planned = take(c.req.method, apiPath, c.get('sandbox') ?? null)
    const latency = options.latency
      ? options.latency.min + Math.floor(random() * (options.latency.max - options.latency.min + 1))
      : 0
    const delay = prefer.delay ?? planned?.delay_ms ?? latency
    if (delay > 0) await sleep(delay)
    if ((prefer.fault ?? planned?.fault) === 'reset') {
      // Drops the connection without an answer, as a crashed upstream would.
      nodeRequest(c)?.socket?.destroy()
      return c.json({ message: 'The connection was reset (simulated).' }, 502, {
        'X-Sandbox-Simulated': 'fault=reset',
      })
    }
    const code = prefer.code ?? planned?.status ?? undefined
    if (code !== undefined) {
      const headers: Record<string, string> = { 'X-Sandbox-Simulated': `code=${code}` }
      if (code === 429 || code === 503) headers['Retry-After'] = '1'
      const body =
        code === 422
          ? { message: 'The given data was invalid.', errors: {} }
          : { message: REASONS[code] ?? `Simulated ${code}.` }
      return c.json(body, code as ContentfulStatusCode, headers)
    }
    await next()
  }

  return {
    mayApply,
    middleware,
    list: (sandbox: string | null) =>
      scheduled.filter((f) => f.sandbox === sandbox).map((f) => ({ ...f })),
    schedule(fault: Omit<ScheduledFault, 'id'>): ScheduledFault {
      const created = { ...fault, id: nextId++ }
      scheduled.push(created)
      return { ...created }
    },
    clear: (sandbox: string | null) =>
      void (scheduled = scheduled.filter((f) => f.sandbox !== sandbox)),
  }
}

export type Faults = ReturnType<typeof createFaults>
