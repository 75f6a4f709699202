// What the proxy found: each finding with the request it judged, kept for `GET /__mock/findings`,
// written with --report as JSON or JUnit XML, and summed up on exit. Secrets never reach them: a
// password, a token or a secret in a query string or a body is masked before anything is kept.

export type Severity = 'failure' | 'warning' | 'difference'
export type ProxyFinding = {
  id: number
  at: string
  severity: Severity
  method: string
  path: string
  status: number
  message: string
}

const SECRET = /pass(word)?|token|secret|api[_-]?key|authorization/i
export const MASK = '[masked]'

/** A URL's query with its secret parameters masked (`?email=a@b.c&password=[masked]`). */
export function maskQuery(query: string): string {
  return query.replace(/([?&])([^=&]+)=([^&]*)/g, (whole, sep: string, key: string) =>
    SECRET.test(decodeURIComponent(key)) ? `${sep}${key}=${MASK}` : whole,
  )
}

/** A JSON value with every secret field masked, at any depth. */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      SECRET.test(k) && v !== null && typeof v !== 'object' ? MASK : maskSecrets(v),
    ]),
  )
}

/** A finding's text with the secrets its request showed masked, wherever they appear. */
const maskText = (text: string, secrets: string[]) =>
  secrets.reduce((t, s) => (s.length >= 4 ? t.split(s).join(MASK) : t), maskQuery(text))

export function createFindings(now: () => Date = () => new Date()) {
  const kept: ProxyFinding[] = []
  const counts = { requests: 0, failure: 0, warning: 0, difference: 0 }
  let next = 1
  return {
    /** Counts a forwarded request. */
    request: () => void counts.requests++,
    add(
      severity: Severity,
      request: { method: string; path: string; status: number; secrets: string[] },
      message: string,
    ): ProxyFinding {
      counts[severity]++
      const finding: ProxyFinding = {
        id: next++,
        at: now().toISOString(),
        severity,
        method: request.method,
        path: maskQuery(request.path),
        status: request.status,
        message: maskText(message, request.secrets),
      }
      kept.push(finding)
      // The newest 10,000 are kept; the counts go on.
      if (kept.length > 10_000) kept.shift()
      return finding
    },
    list: (severity?: Severity) => kept.filter((f) => !severity || f.severity === severity),
    counts: () => ({ ...counts }),
    clear: () => void kept.splice(0),
  }
}

export type Findings = ReturnType<typeof createFindings>

/** The line printed on exit. */
export function summarise(findings: Findings, upstream: string): string {
  const c = findings.counts()
  const verdict = c.failure + c.difference === 0 ? 'no failure' : 'FAILURES'
  return `bluerocktel-mock proxy: ${upstream}: ${c.requests} request(s) checked, ${c.failure} failure(s), ${c.difference} difference(s) from the sandbox, ${c.warning} warning(s): ${verdict}`
}

const xml = (text: string) =>
  text.replace(
    /[&<>"']|[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g,
    (c) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ??
      `&#${c.charCodeAt(0)};`,
  )

/** JUnit XML: a test case per finding (a warning is a skipped case), grouped by severity. */
export function toJunit(findings: Findings, upstream: string): string {
  const suites = (['failure', 'difference', 'warning'] as const).map((severity) => {
    const list = findings.list(severity)
    const cases = list.map((f) => {
      const name = xml(`${f.method} ${f.path} -> ${f.status} (#${f.id})`)
      const body =
        severity === 'warning'
          ? `<skipped message="${xml(f.message.split('\n')[0]!)}"/>`
          : `<failure message="${xml(f.message.split('\n')[0]!)}">${xml(f.message)}</failure>`
      return `    <testcase classname="proxy.${severity}" name="${name}">${body}</testcase>`
    })
    const failures = severity === 'warning' ? 0 : list.length
    const skipped = severity === 'warning' ? list.length : 0
    return [
      `  <testsuite name="${xml(`${upstream} ${severity}s`)}" tests="${list.length}" failures="${failures}" skipped="${skipped}">`,
      ...cases,
      '  </testsuite>',
    ].join('\n')
  })
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bluerocktel-mock proxy">\n${suites.join('\n')}\n</testsuites>\n`
}

/** The JSON of `GET /__mock/findings` and of a --report file. */
export const toJson = (findings: Findings, upstream: string) => ({
  upstream,
  counts: findings.counts(),
  data: findings.list(),
})
