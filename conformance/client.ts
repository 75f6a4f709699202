// The kit's HTTP client: every answer is checked against the contract (a test fails on the first
// answer that does not conform, naming the request, the status and the offending values), recorded
// for the coverage table, and, in the readonly profile, no request that could write is ever sent.
import { createConformance, loadDocument } from './conforms.js'
import { createRenamer, toLegacyDocument } from '../src/dialect.js'
import { createRecorder } from './coverage.js'
import { readConfig, type KitConfig } from './config.js'
import { CheckFailure, createVerifier, describeAnswer, type Answer } from './checks.js'
import { contractFailure, undocumentedLines } from './check-answer.js'
import { checkValidationMessage } from './answer-rules.js'

export type { Answer }
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
  const verify = createVerifier({
    contractOnly: config.contractOnly,
    onFailure: (answer) =>
      recorder.record({
        operationId: answer.operationId,
        method: answer.request.method,
        path: answer.request.url,
        status: answer.status,
        conforms: false,
      }),
  })

  /** Sends one request and checks its answer. The body goes out in the instance's dialect and comes back in the docs'. */
  async function send(
    method: string,
    url: string,
    token: string | null,
    sent: unknown,
  ): Promise<Answer> {
    if (!url.startsWith(config.baseUrl + '/'))
      throw new CheckFailure(
        `${method} ${url}: not under the base URL ${config.baseUrl}; the kit does not follow it`,
      )
    const path = url.slice(config.baseUrl.length).replace(/\?.*$/, '')
    // Safe on live systems: the readonly profile sends a write only without valid credentials.
    if (
      method !== 'GET' &&
      config.profile === 'readonly' &&
      token === config.token &&
      path !== '/login'
    )
      throw new Error(`readonly profile: refusing to send ${method} ${path}`)
    const headers: Record<string, string> = { Accept: 'application/json' }
    if (token) headers.Authorization = `Bearer ${token}`
    if (sent !== undefined) headers['Content-Type'] = 'application/json'
    if (legacy) headers['X-BlueRockTEL-Dialect'] = 'legacy' // the sandbox's switch; a live instance ignores it
    // Sent in the instance's dialect, as the official SDK sends it.
    const body =
      sent === undefined ? undefined : JSON.stringify(legacy ? renamer.toLegacy(sent as any) : sent)
    const res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(30_000) })
    const text = await res.text()
    let parsed: unknown
    try {
      parsed = text === '' ? undefined : JSON.parse(text)
    } catch {
      parsed = text
    }
    const verdict = conformance.check({
      method,
      url: path,
      status: res.status,
      contentType: res.headers.get('content-type'),
      body: parsed,
    })
    const operationId = verdict.operation?.operationId ?? `${method} ${path}`
    const answer: Answer = {
      status: res.status,
      body: legacy ? renamer.toDocs(parsed as any) : parsed,
      headers: res.headers,
      operationId,
      request: { method, url, body: sent },
    }
    recorder.record({
      operationId,
      method,
      path: verdict.operation?.path ?? path,
      status: res.status,
      conforms: verdict.ok,
    })
    if (!verdict.ok) throw new CheckFailure(contractFailure(answer, verdict.problems, text))
    reportUndocumented(answer, parsed, verdict.operation)
    checkValidationMessage(verify, answer)
    return answer
  }

  /** Properties the contract does not list, and "" where it has null: warnings, or failures with --strict. */
  function reportUndocumented(
    answer: Answer,
    raw: unknown,
    operation: Parameters<typeof conformance.responseSchema>[0],
  ) {
    if (config.contractOnly) return
    const lines = undocumentedLines(conformance, answer, raw, operation)
    if (lines.length === 0) return
    if (config.strict) verify(answer, 'contract, --strict').that(false, lines.join('; '))
    for (const line of lines) recorder.warning(line)
  }

  async function request(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<Answer> {
    const token = options.token === undefined ? config.token : options.token
    const query = options.query
      ? '?' +
        new URLSearchParams(
          Object.entries(options.query).map(([k, v]): [string, string] => [k, String(v)]),
        ).toString()
      : ''
    return send(method, config.baseUrl + path + query, token, options.body)
  }

  return {
    config,
    verify,
    get: (path: string, options?: RequestOptions) => request('GET', path, options),
    post: (path: string, body?: unknown, options?: RequestOptions) =>
      request('POST', path, { ...options, body }),
    put: (path: string, body?: unknown, options?: RequestOptions) =>
      request('PUT', path, { ...options, body }),
    delete: (path: string, options?: RequestOptions) => request('DELETE', path, options),
    request,
    /** GETs an absolute URL the instance gave (a paginator's next_page_url), if it is under the base URL. */
    follow: (url: string, token?: string | null) =>
      send('GET', url, token === undefined ? config.token : token, undefined),
    /** A name that marks what this run creates: `conformance-<run id> <label>`. */
    tag: (label: string) => `conformance-${config.runId} ${label}`,
    /** Registers the removal of something the run created; `cleanUp` runs them newest first. */
    created(what: string, remove: () => Promise<Answer>) {
      // Gone already (a test deleted it) counts as removed.
      cleanups.push({
        what,
        run: async () =>
          [200, 201, 204, 404].includes((await remove().catch(() => ({ status: 0 }))).status),
      })
    },
    async cleanUp() {
      for (const cleanup of cleanups.splice(0).reverse())
        if (!(await cleanup.run())) recorder.leftBehind(cleanup.what)
    },
    /** Records why a resource's pairs were not exercised: the setup request that failed. */
    blocked: (resource: string, reason: string) => recorder.blocked(resource, reason),
  }
}

export type Kit = ReturnType<typeof createKit>
