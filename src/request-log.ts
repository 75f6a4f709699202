// The request log: one entry per request (method, path, status, duration, user, sandbox), kept in a
// ring buffer for `GET /__mock/requests` with the bodies, and handed to a printer (the CLI's
// `--log pretty|json|none`).
import type { Context } from 'hono'
import { requestBody } from './http/body.js'
import { requestHeader } from './http/node.js'

export type LogEntry = {
  id: number
  at: string
  method: string
  path: string
  query: string
  status: number
  duration_ms: number
  user: string | null
  sandbox: string | null
  request_body: unknown
  response_body: unknown
}
/**
 * What a printer reads: the entry's fields but its bodies (no log line shows them), its time as a
 * number. It is handed the kept entry itself, not a copy (a copy a request cost more than the
 * line's text), and reads it, never changes it.
 */
export type PrintedEntry = Omit<LogEntry, 'at' | 'request_body' | 'response_body'> & {
  time: number
}
export type LogFormat = 'pretty' | 'json' | 'none'

/** Bodies larger than this are kept as a note, not as a copy. */
const BODY_LIMIT = 64 * 1024

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return null
  if (text.length > BODY_LIMIT) return `(${text.length} bytes, not kept)`
  if (/json/i.test(contentType ?? '')) {
    try {
      return JSON.parse(text)
    } catch {
      return text
    }
  }
  return text
}

/** An entry as kept: its time as a number and the request body as text, made into the entry's only when someone reads it. */
type Kept = Omit<LogEntry, 'at' | 'request_body'> & {
  time: number
  body: { text: string; type: string | undefined } | null
}
const toEntry = ({ time, id, body, response_body, ...rest }: Kept): LogEntry => ({
  id,
  at: new Date(time).toISOString(),
  ...rest,
  request_body: body ? parseBody(body.text, body.type) : null,
  response_body,
})

export function createRequestLog(options: {
  size: number
  print?: (entry: PrintedEntry) => void
  now: () => number
}) {
  // A ring: the newest `size` entries, with no shifting on the request path.
  let ring: (Kept | undefined)[] = []
  let next = 1

  /** Every kept entry, oldest first. */
  const all = () => ring.filter((e): e is Kept => e !== undefined).sort((a, b) => a.id - b.id)

  /** Keeps the request's entry once its answer is known. */
  function keep(c: Context, duration: number, status: number, body: string | undefined): void {
    const url = c.req.url
    const question = url.indexOf('?')
    const writes = c.req.method !== 'GET' && c.req.method !== 'HEAD'
    const entry: Kept = {
      id: next++,
      time: options.now(),
      method: c.req.method,
      path: c.req.path,
      query: question < 0 ? '' : url.slice(question),
      status,
      duration_ms: Math.round(duration * 10) / 10,
      user: c.get('user')?.email ?? null,
      sandbox: c.get('sandbox') ?? null,
      body: writes ? { text: body ?? '', type: requestHeader(c, 'content-type') } : null,
      response_body: c.get('answer') ?? null,
    }
    ring[(entry.id - 1) % options.size] = entry
    if (options.print) options.print(entry)
  }

  return {
    /** When the request began, or null for one not logged: CI polls health until the sandbox is up, and those requests would only bury the others. */
    start: (c: Context): number | null =>
      c.req.path === '/__mock/health' ? null : performance.now(),
    /** Logs the request begun at `started` (from `start`), answered `status`; a body nothing has read is read first. */
    finish(c: Context, started: number | null, status: number): void | Promise<void> {
      if (started === null) return
      const duration = performance.now() - started
      const read = c.get('body')
      if (read !== undefined || c.req.method === 'GET' || c.req.method === 'HEAD')
        return keep(c, duration, status, read)
      return requestBody(c).then(
        (text) => keep(c, duration, status, text),
        () => keep(c, duration, status, ''),
      )
    },
    /** The last `limit` entries, newest last. */
    last: (limit = options.size) => all().slice(-limit).map(toEntry),
    /** Forgets the requests of one isolated sandbox, or every request (null). */
    clear(sandbox: string | null) {
      ring = ring.map((e) => (sandbox !== null && e?.sandbox !== sandbox ? e : undefined))
    },
  }
}

export type RequestLog = ReturnType<typeof createRequestLog>

const COLOURS = {
  reset: '\x1b[0m',
  dim: '\x1b[2m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  red: '\x1b[31m',
  cyan: '\x1b[36m',
}

/** The time of day, HH:MM:SS (UTC), of the last second a line was printed in: one Date a second. */
let clock = { second: NaN, text: '' }
const timeOfDay = (time: number) => {
  const second = Math.floor(time / 1000)
  if (second !== clock.second)
    clock = { second, text: new Date(second * 1000).toISOString().slice(11, 19) }
  return clock.text
}

/** One readable line: `12:00:01 GET /api/v1/customers/42 200 1.2 ms admin@example.com`. */
export function formatEntry(entry: PrintedEntry, colour: boolean): string {
  const paint = (code: keyof typeof COLOURS, text: string) =>
    colour ? `${COLOURS[code]}${text}${COLOURS.reset}` : text
  const statusColour = entry.status >= 500 ? 'red' : entry.status >= 400 ? 'yellow' : 'green'
  const parts = [
    paint('dim', timeOfDay(entry.time)),
    entry.method.padEnd(6),
    entry.path + entry.query,
    paint(statusColour, String(entry.status)),
    paint('dim', `${entry.duration_ms} ms`),
    entry.user ? paint('cyan', entry.user) : paint('dim', '-'),
  ]
  if (entry.sandbox) parts.push(paint('dim', `[${entry.sandbox}]`))
  return parts.join(' ')
}
