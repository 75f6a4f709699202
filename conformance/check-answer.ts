// One answer judged as the kit judges each of its own: against the contract (the operation, the
// status, the content type, the body), for what it carries beyond the contract, and against the
// documented rules one answer can show (answer-rules.ts). The kit's client throws on the first
// failure; the proxy (src/proxy/) collects every finding of any answer it forwards.
import { CheckFailure, createVerifier, describeAnswer, type Answer } from './checks.js'
import { createConformance, loadDocument, type Operation } from './conforms.js'
import { checkAnswerRules } from './answer-rules.js'
import { createSequenceRules } from './sequence-rules.js'
import { createSearchRule } from './search-rules.js'
import { createCountRules } from './count-rules.js'
import { createRoleRules } from './role-rules.js'
import { describeFinding, findUndocumented } from './undocumented.js'

export type Conformance = ReturnType<typeof createConformance>

/** The failure of an answer that does not conform: the request, the status, each problem, an excerpt. */
export const contractFailure = (answer: Answer, problems: string[], text: string) =>
  `${describeAnswer(answer)}: the answer does not conform to the contract:\n    ${problems.join('\n    ')}\n    answer: ${text.slice(0, 240)}`

/** Properties the contract does not list, and "" where it has null, one line per field. */
export function undocumentedLines(
  conformance: Conformance,
  answer: Answer,
  raw: unknown,
  operation: Operation,
): string[] {
  return findUndocumented(
    conformance.responseSchema(operation, answer.status),
    raw,
    conformance.resolve,
  ).map((f) => `${operation.operationId} ${answer.status}: ${describeFinding(f)}`)
}

/** The contract's schema of an answer as written (a `$ref` to Paginator stays one), for the rules that depend on it. */
function writtenSchema(conformance: Conformance, operation: Operation, status: number): unknown {
  const response = conformance.resolve(operation.operation.responses?.[String(status)] ?? {})
  return response?.content?.['application/json']?.schema
}

/** What the proxy forwarded: the request as the instance got it, and the answer as it came. */
export type Exchange = {
  method: string
  /** The absolute URL the instance was asked (its paginator's URLs are built on it). */
  url: string
  /** The API's base path on that URL (`/api`), stripped to find the operation. */
  basePath: string
  /** The JSON body sent, if any. */
  body?: unknown
  /** The bearer token sent, if any: what an answer shows depends on the user (a sales user's scope). */
  token?: string
  status: number
  headers: Headers
  /** The answer's text. */
  text: string
}
export type Finding = { severity: 'failure' | 'warning'; message: string }

/**
 * Checks any answer: every finding, never a throw; warnings are what the kit warns of unless
 * --strict. It remembers what the rules across answers need (sequence-rules.ts).
 */
export function createAnswerChecker(
  options: { salesTokens?: readonly string[] } = {},
  document = loadDocument(),
) {
  const conformance = createConformance(document)
  const sequence = createSequenceRules()
  const search = createSearchRule()
  const counts = createCountRules()
  const roles = createRoleRules(options.salesTokens)
  return function check(exchange: Exchange): Finding[] {
    const { pathname } = new URL(exchange.url)
    const path = pathname.startsWith(exchange.basePath)
      ? pathname.slice(exchange.basePath.length)
      : pathname
    let parsed: unknown
    try {
      parsed = exchange.text === '' ? undefined : JSON.parse(exchange.text)
    } catch {
      parsed = exchange.text
    }
    const contentType = exchange.headers.get('content-type')
    const verdict = conformance.check({
      method: exchange.method,
      url: path,
      status: exchange.status,
      contentType,
      body: parsed,
    })
    const answer: Answer = {
      status: exchange.status,
      body: parsed,
      headers: exchange.headers,
      operationId: verdict.operation?.operationId ?? `${exchange.method} ${path}`,
      request: { method: exchange.method, url: exchange.url, body: exchange.body },
    }
    const findings: Finding[] = []
    const operation = verdict.operation
    // A route the contract does not have is the client's choice: the instance cannot be judged on it.
    if (!operation)
      return [
        {
          severity: 'warning',
          message: `${describeAnswer(answer)}: ${verdict.ok ? '' : verdict.problems.join('; ')}`,
        },
      ]
    // As in the kit, an answer that breaks the contract is judged on nothing else: the rules read
    // the shape the contract gives.
    if (!verdict.ok)
      return [
        { severity: 'failure', message: contractFailure(answer, verdict.problems, exchange.text) },
      ]
    for (const line of undocumentedLines(conformance, answer, parsed, operation))
      findings.push({ severity: 'warning', message: `${describeAnswer(answer)}: ${line}` })
    // Each rule on its own: the verifier throws at the first failure of a rule.
    const verify = createVerifier({ contractOnly: false, onFailure: () => undefined })
    const collect = (rule: () => void) => {
      try {
        rule()
      } catch (error) {
        if (!(error instanceof CheckFailure)) throw error
        findings.push({ severity: 'failure', message: error.message })
      }
    }
    const schema = writtenSchema(conformance, operation, exchange.status)
    const rules = [
      ...checkAnswerRules(answer, operation.path, schema),
      ...sequence(answer),
      ...search(answer, operation.path, exchange.token ?? ''),
      ...counts(answer, operation.path, exchange.token ?? ''),
      ...roles(answer, operation.path, exchange.token ?? ''),
    ]
    for (const rule of rules) collect(() => rule(verify))
    return findings
  }
}
