// Before any suite runs: a few requests that say in one line why a run cannot mean anything (the
// host does not answer, the URL is not the API root, the credentials are refused), and notices for
// the top of the report (a stateless mock, the other dialect, role rules left unchecked).
export type PreflightInput = {
  baseUrl: string
  token?: string
  email?: string
  password?: string
  salesToken?: string
  dialect: 'docs' | 'legacy'
  contractOnly: boolean
}
export type Preflight =
  { ok: true; token: string; notices: string[] } | { ok: false; problem: string }

type Reply = { status: number; json: any; type: string; text: string }

export async function preflight(input: PreflightInput): Promise<Preflight> {
  const headers = (token?: string): Record<string, string> => ({
    Accept: 'application/json',
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
    ...(input.dialect === 'legacy' ? { 'X-BlueRockTEL-Dialect': 'legacy' } : {}),
  })
  async function call(method: string, url: string, token?: string, body?: unknown): Promise<Reply> {
    const res = await fetch(url, {
      method,
      headers: { ...headers(token), ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(15_000),
      redirect: 'manual',
    })
    const text = await res.text()
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    return {
      status: res.status,
      json,
      type: res.headers.get('content-type') ?? '(none)',
      text: text.slice(0, 160),
    }
  }
  const said = (r: Reply) =>
    `${r.status} ${r.json !== undefined ? JSON.stringify(r.json).slice(0, 160) : `${r.type}: ${JSON.stringify(r.text)}`}`

  // 1. The host answers, and the base URL is the API root (GET /version is public and answers JSON).
  let version: Reply
  try {
    version = await call('GET', `${input.baseUrl}/version`)
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    return {
      ok: false,
      problem: `cannot reach ${new URL(input.baseUrl).host}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
    }
  }
  if (version.status !== 200 || version.json === undefined || typeof version.json !== 'object') {
    let hint = ' --base-url must be the API root, e.g. https://your-instance.bluerocktel.net/api'
    if (!/\/api$/.test(input.baseUrl)) {
      const withApi = await call('GET', `${input.baseUrl}/api/version`).catch(() => null)
      if (withApi?.status === 200 && withApi.json !== undefined)
        hint = ` the API root is ${input.baseUrl}/api: add /api to --base-url`
    }
    return {
      ok: false,
      problem: `${input.baseUrl} is not the API root: GET ${input.baseUrl}/version answered ${said(version)};${hint}`,
    }
  }

  // 2. The credentials are accepted.
  let token = input.token ?? ''
  if (!token && input.email && input.password) {
    const login = await call('POST', `${input.baseUrl}/login`, undefined, {
      email: input.email,
      password: input.password,
    })
    if (login.status !== 200 || typeof login.json?.token !== 'string')
      return {
        ok: false,
        problem: `cannot log in: POST ${input.baseUrl}/login answered ${said(login)}`,
      }
    token = login.json.token
  }
  const list = `${input.baseUrl}/v1/customers?per_page=1`
  const mine = await call('GET', list, token)
  if (mine.status === 401)
    return {
      ok: false,
      problem: `the token is refused: GET ${list} answered ${said(mine)}; check --token (or --email and --password)`,
    }
  if (mine.status !== 200 || !Array.isArray(mine.json?.data))
    return {
      ok: false,
      problem: `GET ${list} answered ${said(mine)}, not a list of customers: is ${input.baseUrl} a BlueRockTEL API?`,
    }
  if (input.salesToken) {
    const theirs = await call('GET', list, input.salesToken)
    if (theirs.status === 401)
      return {
        ok: false,
        problem: `the --sales-token is refused: GET ${list} answered ${said(theirs)}`,
      }
  }

  // 3. What the report should say first.
  const notices: string[] = []
  const stateless: string[] = []
  const bad = await call('GET', list, 'conformance-preflight-not-a-token')
  if (bad.status === 200) stateless.push('a made-up token was accepted')
  const row = mine.json.data[0]
  if (row && typeof row.id === 'number') {
    const again = await call('GET', `${input.baseUrl}/v1/customers/${row.id}`, token)
    if (again.status !== 200 || again.json?.id !== row.id)
      stateless.push(
        `customer ${row.id} was listed, and GET /v1/customers/${row.id} answered ${again.status === 200 ? `customer ${again.json?.id}` : again.status}`,
      )
  }
  if (stateless.length && !input.contractOnly)
    notices.push(
      `This looks like a stateless mock (${stateless.join('; ')}): its answers cannot show documented behaviour. Run with --contract-only to check them against the contract only.`,
    )
  const keys = row && typeof row === 'object' ? Object.keys(row) : []
  if (
    input.dialect === 'docs' &&
    keys.includes('customerAccount') &&
    !keys.includes('customer_account')
  )
    notices.push(
      'The instance answers in the legacy camelCase dialect (customerAccount, not customer_account): run with --dialect legacy.',
    )
  if (input.dialect === 'legacy' && keys.includes('customer_account'))
    notices.push(
      'The instance answers in the documented snake_case dialect (customer_account): run without --dialect legacy.',
    )
  if (!input.salesToken && !input.contractOnly)
    notices.push(
      'Role rules are NOT checked: no --sales-token was given (a user below the tech level). The role scope checks and every 403 pair are left out.',
    )
  return { ok: true, token, notices }
}
