// The kit's HTTP client: every answer is checked against the contract (a test fails on the first
// answer that does not conform, naming the operation and the offending value), recorded for the
// coverage table, and, in the readonly profile, no request that could write is ever sent.
import { expect } from 'vitest'
import { createConformance, loadDocument } from './conforms.js'
import { createRenamer, toLegacyDocument } from '../src/dialect.js'
import { createRecorder } from './coverage.js'
import { readConfig, type KitConfig } from './config.js'
import { createClient } from '../src/client.js'

export type Answer = { status: number; body: any; headers: Headers; operationId: string }
export type RequestOptions = {
  query?: Record<string, string | number>
  body?: unknown
  /** The token to send; null sends none. Defaults to the run's token. */
  token?: string | null
}

export function createKit(config: KitConfig = readConfig()) {
  // A legacy instance is checked against the legacy variant of the contract; the suites then read
  // its answers under the documented names, so every check is the same in both dialects.
  const document = loadDocument()
  const legacy = config.dialect === 'legacy'
  const conformance = createConformance(legacy ? toLegacyDocument(document) : document)
  const renamer = createRenamer(document)
  const recorder = createRecorder(config.coverageDir)
  const cleanups: { what: string; run: () => Promise<boolean> }[] = []

  /**
   * Sends one request and checks its answer: the core of `request` and the `fetch` of the typed
   * client (`kit.api`). The body goes out in the instance's dialect and comes back in the docs'.
   */
  async function send(method: string, url: string, init: { headers: Record<string, string>; body?: string }): Promise<Answer & { text: string }> {
    const path = url.slice(config.baseUrl.length).replace(/\?.*$/, '')
    const token = /^Bearer (.+)$/i.exec(new Headers(init.headers).get('authorization') ?? '')?.[1] ?? null
    const writes = method !== 'GET' && method !== 'HEAD'
    // Safe on live systems: the readonly profile sends a write only without valid credentials.
    if (writes && config.profile === 'readonly' && token === config.token && path !== '/login')
      throw new Error(`readonly profile: refusing to send ${method} ${path}`)
    const headers: Record<string, string> = { Accept: 'application/json', ...init.headers }
    // The sandbox's switch (a live instance ignores it), in lower case to replace the typed client's `docs`.
    if (legacy) headers['x-bluerocktel-dialect'] = 'legacy'
    // Sent in the instance's dialect, as the official SDK sends it.
    const body = init.body !== undefined && legacy ? JSON.stringify(renamer.toLegacy(JSON.parse(init.body))) : init.body
    const res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(30_000) })
    const text = await res.text()
    let parsed: unknown
    try {
      parsed = text === '' ? undefined : JSON.parse(text)
    } catch {
      parsed = text
    }
    const verdict = conformance.check({ method, url: path, status: res.status, contentType: res.headers.get('content-type'), body: parsed })
    const operationId = verdict.operation?.operationId ?? `${method} ${path}`
    recorder.record({ operationId, method, path: verdict.operation?.path ?? path, status: res.status, conforms: verdict.ok })
    if (!verdict.ok) throw new Error(`The answer does not conform to the contract:\n${verdict.problems.join('\n')}`)
    const docs = legacy ? renamer.toDocs(parsed) : parsed
    return { status: res.status, body: docs, headers: res.headers, operationId, text: legacy && typeof docs === 'object' ? JSON.stringify(docs) : text }
  }

  async function request(method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
    const token = options.token === undefined ? config.token : options.token
    const query = options.query ? '?' + new URLSearchParams(Object.entries(options.query).map(([k, v]): [string, string] => [k, String(v)])).toString() : ''
    const headers: Record<string, string> = {}
    if (token) headers.Authorization = `Bearer ${token}`
    if (options.body !== undefined) headers['Content-Type'] = 'application/json'
    const { text: _text, ...answer } = await send(method, config.baseUrl + path + query, { headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) })
    return answer
  }

  /** The typed client of the package, each of its requests checked like the kit's own. */
  const api = createClient({
    baseUrl: config.baseUrl,
    token: config.token,
    fetch: async (req: Request) => {
      const text = await req.text()
      const answer = await send(req.method, req.url, { headers: Object.fromEntries(req.headers), body: text === '' ? undefined : text })
      const headers = new Headers(answer.headers)
      for (const name of ['content-length', 'content-encoding', 'transfer-encoding']) headers.delete(name)
      return new Response(answer.text === '' ? null : answer.text, { status: answer.status, headers })
    },
  })

  /** Asserts documented behaviour; in contract-only runs, accepts anything (generic mocks keep no state). */
  const behaviour: typeof expect = config.contractOnly ? (anything as unknown as typeof expect) : expect

  return {
    config,
    behaviour,
    api,
    get: (path: string, options?: RequestOptions) => request('GET', path, options),
    post: (path: string, body?: unknown, options?: RequestOptions) => request('POST', path, { ...options, body }),
    put: (path: string, body?: unknown, options?: RequestOptions) => request('PUT', path, { ...options, body }),
    delete: (path: string, options?: RequestOptions) => request('DELETE', path, options),
    request,
    /** A name that marks what this run creates: `conformance-<run id> <label>`. */
    tag: (label: string) => `conformance-${config.runId} ${label}`,
    /** Registers the removal of something the run created; `cleanUp` runs them newest first. */
    created(what: string, remove: () => Promise<Answer>) {
      // Gone already (a test deleted it) counts as removed.
      cleanups.push({ what, run: async () => [200, 201, 204, 404].includes((await remove().catch(() => ({ status: 0 }))).status) })
    },
    async cleanUp() {
      for (const cleanup of cleanups.splice(0).reverse()) if (!(await cleanup.run())) recorder.leftBehind(cleanup.what)
    },
    /** Records what the API does not let the kit remove. */
    leftBehind: (what: string) => recorder.leftBehind(what),
  }
}

export type Kit = ReturnType<typeof createKit>

/** Accepts every chain of calls and property reads: `behaviour(x).toBe(y)` checks nothing. */
function anything(): unknown {
  const noop: any = new Proxy(() => noop, { get: () => noop, apply: () => noop })
  return noop
}
