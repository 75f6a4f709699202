// The kit's HTTP client: every answer is checked against the contract (a test fails on the first
// answer that does not conform, naming the operation and the offending value), recorded for the
// coverage table, and, in the readonly profile, no request that could write is ever sent.
import { expect } from 'vitest'
import { createConformance, loadDocument } from './conforms.js'
import { createRenamer, toLegacyDocument } from '../src/dialect.js'
import { createRecorder } from './coverage.js'
import { readConfig, type KitConfig } from './config.js'

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

  async function request(method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
    const token = options.token === undefined ? config.token : options.token
    const writes = method !== 'GET' && method !== 'HEAD'
    // Safe on live systems: the readonly profile sends a write only without valid credentials.
    if (writes && config.profile === 'readonly' && token === config.token && path !== '/login')
      throw new Error(`readonly profile: refusing to send ${method} ${path}`)
    const query = options.query ? '?' + new URLSearchParams(Object.entries(options.query).map(([k, v]): [string, string] => [k, String(v)])).toString() : ''
    const headers: Record<string, string> = { Accept: 'application/json' }
    if (legacy) headers['X-BlueRockTEL-Dialect'] = 'legacy' // the sandbox's switch; a live instance ignores it
    if (token) headers.Authorization = `Bearer ${token}`
    if (options.body !== undefined) headers['Content-Type'] = 'application/json'
    const res = await fetch(config.baseUrl + path + query, {
      method,
      headers,
      // Sent in the instance's dialect, as the official SDK sends it.
      body: options.body === undefined ? undefined : JSON.stringify(legacy ? renamer.toLegacy(options.body) : options.body),
      signal: AbortSignal.timeout(30_000),
    })
    const text = await res.text()
    let body: unknown
    try {
      body = text === '' ? undefined : JSON.parse(text)
    } catch {
      body = text
    }
    const verdict = conformance.check({ method, url: path, status: res.status, contentType: res.headers.get('content-type'), body })
    const operationId = verdict.operation?.operationId ?? `${method} ${path}`
    recorder.record({ operationId, method, path: verdict.operation?.path ?? path, status: res.status, conforms: verdict.ok })
    if (!verdict.ok) throw new Error(`The answer does not conform to the contract:\n${verdict.problems.join('\n')}`)
    return { status: res.status, body: legacy ? renamer.toDocs(body) : body, headers: res.headers, operationId }
  }

  /** Asserts documented behaviour; in contract-only runs, accepts anything (generic mocks keep no state). */
  const behaviour: typeof expect = config.contractOnly ? (anything as unknown as typeof expect) : expect

  return {
    config,
    behaviour,
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
