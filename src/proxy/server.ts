// The proxy: every request under /api goes to the instance unchanged (its token included), and
// comes back unchanged; on the way, the answer is checked (the kit's checks, injected as `check`),
// compared with the answer of an in-process sandbox (`diff`), and kept (`record`). It never hangs
// a client: an instance that cannot be reached answers 502, one that does not answer in time 504,
// both with a JSON body of the proxy's own. Writes are refused (403) unless allowed.
import { maskQuery, maskSecrets, toJson, type Findings, type ProxyFinding } from './findings.js'
import type { DiffSandbox } from './diff-sandbox.js'
import { compareAnswers } from './compare.js'
import type { Recorder } from './record.js'
import type { CheckAnswer, Exchange } from './exchange.js'

export type { CheckAnswer, Exchange }

export type ProxyConfig = {
  /** The instance's API root, without a trailing slash (`https://x.bluerocktel.net/api`). */
  upstream: string
  check: CheckAnswer
  findings: Findings
  allowWrites: boolean
  timeoutMs: number
  /** `--diff`: the sandbox, and a checker of its own (the checks remember what each side answered). */
  diff?: { sandbox: DiffSandbox; check: CheckAnswer } | null
  record?: Recorder | null
  /** Told of each request once it is answered, and of each finding. */
  onRequest?: (line: {
    method: string
    path: string
    query: string
    status: number
    duration_ms: number
  }) => void
  onFinding?: (finding: ProxyFinding) => void
}

/** A request body larger than this is refused with 413: the proxy holds each body to check it. */
const MAX_BODY = 10 * 1024 * 1024
const HOP_BY_HOP = [
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'accept-encoding',
  'upgrade',
  'proxy-authorization',
  'te',
  'trailer',
]
const READS = ['GET', 'HEAD', 'OPTIONS']

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', 'X-Proxy-Answer': 'proxy', ...headers },
  })

/** The request's body as JSON when it is JSON, else its text, else undefined. */
function parseSent(text: string, contentType: string | null): unknown {
  if (!text) return undefined
  if (!/json/i.test(contentType ?? '')) return text
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** The secret values an answer's text holds: a token a login gave, a password. */
const secretsIn = (text: string) =>
  [...text.matchAll(/"\w*(?:token|password|secret)\w*"\s*:\s*"([^"]+)"/gi)].map((m) => m[1]!)

/** The secret values a request carries (its token, a password sent), to be masked in what is kept. */
function secretsOf(headers: Headers, url: URL, sent: unknown): string[] {
  const secrets: string[] = []
  const bearer = /^\s*\S+\s+(\S+)/.exec(headers.get('authorization') ?? '')?.[1]
  if (bearer) secrets.push(bearer)
  for (const [key, value] of url.searchParams)
    if (/pass|token|secret/i.test(key) && value) secrets.push(value)
  if (sent && typeof sent === 'object')
    for (const [key, value] of Object.entries(sent))
      if (/pass|token|secret/i.test(key) && typeof value === 'string') secrets.push(value)
  return secrets
}

export function createProxy(config: ProxyConfig) {
  const upstream = new URL(config.upstream)
  const basePath = upstream.pathname.replace(/\/+$/, '')
  const { findings } = config

  async function forward(request: Request, rest: string, search: string, body: ArrayBuffer | null) {
    const headers = new Headers()
    request.headers.forEach((value, key) => {
      if (!HOP_BY_HOP.includes(key.toLowerCase())) headers.set(key, value)
    })
    const target = `${upstream.origin}${basePath}${rest}${search}`
    const signal = AbortSignal.timeout(config.timeoutMs)
    try {
      const answer = await fetch(target, {
        method: request.method,
        headers,
        body: body && body.byteLength ? body : undefined,
        redirect: 'manual',
        signal,
      })
      return { target, answer, text: await answer.text() }
    } catch (error) {
      const timedOut = signal.aborted
      const cause = (error as { cause?: { code?: string; message?: string } }).cause
      return {
        target,
        failed: timedOut
          ? json(504, {
              message: `The upstream ${upstream.origin} did not answer ${request.method} ${basePath}${rest} within ${config.timeoutMs} ms.`,
            })
          : json(502, {
              message: `The upstream ${upstream.origin} could not be reached for ${request.method} ${basePath}${rest}: ${cause?.code ?? cause?.message ?? (error as Error).message}.`,
            }),
      }
    }
  }

  async function proxy(request: Request): Promise<Response> {
    const started = performance.now()
    const url = new URL(request.url)
    const rest = url.pathname.slice('/api'.length)
    const method = request.method
    const found: ProxyFinding[] = []
    const done = (response: Response) => {
      config.onRequest?.({
        method,
        path: url.pathname,
        query: maskQuery(url.search),
        status: response.status,
        duration_ms: Math.round((performance.now() - started) * 10) / 10,
      })
      // After the request's line, so that a log reads request, then what was found in its answer.
      for (const finding of found) config.onFinding?.(finding)
      return response
    }
    if (!READS.includes(method) && !config.allowWrites && rest !== '/login')
      return done(
        json(403, {
          message: `The proxy is read-only: ${method} ${url.pathname} was not sent to ${upstream.origin}. Start the proxy with --allow-writes to forward writes.`,
        }),
      )
    const length = Number(request.headers.get('content-length') ?? 0)
    if (length > MAX_BODY)
      return done(json(413, { message: `The request body is larger than ${MAX_BODY} bytes.` }))
    const body = READS.includes(method) ? null : await request.arrayBuffer()
    if (body && body.byteLength > MAX_BODY)
      return done(json(413, { message: `The request body is larger than ${MAX_BODY} bytes.` }))
    const forwarded = await forward(request, rest, url.search, body)
    if (forwarded.failed) {
      // Not the instance's answer, so nothing to judge; but a report that leaves it out would mislead.
      const { message } = (await forwarded.failed.clone().json()) as { message: string }
      found.push(
        findings.add(
          'warning',
          { method, path: url.pathname + url.search, status: forwarded.failed.status, secrets: [] },
          `${method} ${forwarded.target} -> ${forwarded.failed.status} (the proxy's): ${message}`,
        ),
      )
      return done(forwarded.failed)
    }
    const { answer, text, target } = forwarded
    findings.request()
    const bodyText = body ? new TextDecoder().decode(body) : ''
    const sent = parseSent(bodyText, request.headers.get('content-type'))
    const secrets = [...secretsOf(request.headers, url, sent), ...secretsIn(text)]
    const exchange: Exchange = {
      method,
      url: target,
      basePath,
      body: maskSecrets(sent),
      token: /^\s*bearer\s+(\S+)/i.exec(request.headers.get('authorization') ?? '')?.[1],
      status: answer.status,
      headers: answer.headers,
      text,
    }
    const about = { method, path: url.pathname + url.search, status: answer.status, secrets }
    const report = (severity: ProxyFinding['severity'], message: string) => {
      found.push(findings.add(severity, about, message))
    }
    // What the proxy does beside forwarding never costs the client its answer.
    try {
      const judged = config.check(exchange)
      for (const finding of judged) report(finding.severity, finding.message)
      if (config.diff) {
        const { sandbox, check } = config.diff
        const other = await sandbox.answer(request, rest + url.search, bodyText, answer, text)
        secrets.push(...secretsIn(other.text))
        const own = check({ ...exchange, ...other })
        for (const message of compareAnswers(exchange, judged, other, own))
          report('difference', message)
      }
      config.record?.keep(exchange)
    } catch (error) {
      report('warning', `the proxy could not judge this answer: ${String(error)}`)
    }
    const headers = new Headers()
    answer.headers.forEach((value, key) => {
      if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(key))
        headers.set(key, value)
    })
    return done(new Response(method === 'HEAD' ? null : text, { status: answer.status, headers }))
  }

  return async function fetchHandler(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url)
    if (pathname === '/__mock/findings') {
      if (request.method === 'DELETE') {
        findings.clear()
        return json(200, { message: 'The findings were cleared.' })
      }
      if (request.method !== 'GET')
        return json(405, { message: 'GET or DELETE /__mock/findings.' }, { Allow: 'GET, DELETE' })
      return json(200, toJson(findings, config.upstream))
    }
    if (pathname === '/__mock/health')
      return json(200, {
        status: 'ok',
        upstream: config.upstream,
        diff: Boolean(config.diff),
        record: config.record?.status() ?? null,
        allow_writes: config.allowWrites,
      })
    if (pathname !== '/api' && !pathname.startsWith('/api/'))
      return json(404, {
        message: `The proxy forwards /api/... to ${config.upstream}; it has no route ${pathname}.`,
      })
    return proxy(request)
  }
}
