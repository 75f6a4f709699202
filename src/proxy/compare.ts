// `--diff`: the instance's answer and the sandbox's, compared as shapes, never as the values that
// differ by nature between two databases (ids, names, timestamps). What is compared: the status,
// the content type, the keys of every object and their order, the type of every value (a
// timestamp's format included, "" apart from null), a paginator's values that the request fixes
// (page, page size, URLs; and the rest when both count the same total), an error's body (its
// wording follows from the request alone), and, where the shapes agree, the documented rules: one
// answer breaking a rule that the other keeps (as the kit's checks found) is a departure too.
import { isDeepStrictEqual } from 'node:util'
import type { Exchange } from './exchange.js'
import type { SandboxAnswer } from './diff-sandbox.js'

const DEPARTS = 'the sandbox departs from production'
const cut = (text: string, max = 240) =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text
const show = (value: unknown) => cut(JSON.stringify(value) ?? String(value), 160)

/** The type of a value as the comparison sees it. */
function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'string') {
    if (value === '') return 'an empty string'
    if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value))
      return 'an ISO 8601 timestamp'
    if (/^\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?$/.test(value))
      return 'a "YYYY-MM-DD hh:mm:ss" timestamp'
    return 'string'
  }
  return typeof value
}

const PAGINATOR = ['current_page', 'data', 'per_page', 'total', 'links']
const isPaginator = (v: any) => v && typeof v === 'object' && PAGINATOR.every((k) => k in v)
const FIXED = ['current_page', 'per_page', 'path', 'first_page_url']
const FIXED_BY_TOTAL = [
  'from',
  'to',
  'last_page',
  'last_page_url',
  'next_page_url',
  'prev_page_url',
  'links',
]

/** The differences of shape between `theirs` (production) and `ours` (the sandbox), one per path (`body.data[*].x`). */
export function compareShapes(theirs: unknown, ours: unknown): Map<string, string> {
  const found = new Map<string, string>()
  const note = (path: string, what: string) => found.has(path) || found.set(path, what)
  const walk = (a: unknown, b: unknown, path: string) => {
    const [ka, kb] = [kindOf(a), kindOf(b)]
    // A value here and none there is data, except "" for none: Laravel answers null.
    if (ka === 'null' || kb === 'null') {
      if (ka === 'an empty string' || kb === 'an empty string')
        note(path, `${path} is ${ka} in production, ${kb} in the sandbox`)
      return
    }
    if (ka !== kb) return note(path, `${path} is ${ka} in production, ${kb} in the sandbox`)
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.min(a.length, b.length); i++) walk(a[i], b[i], `${path}[*]`)
      return
    }
    if (ka !== 'object') return
    const [x, y] = [a as Record<string, unknown>, b as Record<string, unknown>]
    const onlyTheirs = Object.keys(x).filter((k) => !(k in y))
    const onlyOurs = Object.keys(y).filter((k) => !(k in x))
    if (onlyTheirs.length || onlyOurs.length)
      note(
        `${path} keys`,
        `${path} has ${[
          onlyTheirs.length ? `${onlyTheirs.join(', ')} only in production` : '',
          onlyOurs.length ? `${onlyOurs.join(', ')} only in the sandbox` : '',
        ]
          .filter(Boolean)
          .join('; ')}`,
      )
    else if (!isDeepStrictEqual(Object.keys(x), Object.keys(y)))
      note(
        `${path} order`,
        `${path} has its keys in another order (production: ${Object.keys(x).join(', ')})`,
      )
    if (isPaginator(x) && isPaginator(y)) {
      const fixed = [...FIXED, ...(x.total === y.total ? FIXED_BY_TOTAL : [])]
      const differ = fixed
        .filter((key) => !isDeepStrictEqual(x[key], y[key]))
        .map((key) => `${key} ${show(x[key])} in production, ${show(y[key])} in the sandbox`)
      const [da, db] = [x.data as unknown[], y.data as unknown[]]
      if (x.total === y.total && Array.isArray(da) && Array.isArray(db) && da.length !== db.length)
        differ.push(
          `${da.length} rows in production, ${db.length} in the sandbox for the same total ${String(x.total)}`,
        )
      if (differ.length)
        note(
          `${path} paginator`,
          `${path}'s paginator differs where the request fixes it: ${differ.join('; ')}`,
        )
    }
    for (const key of Object.keys(x)) if (key in y) walk(x[key], y[key], `${path}.${key}`)
  }
  walk(theirs, ours, 'body')
  return found
}

const parse = (text: string): unknown => {
  try {
    return text === '' ? undefined : JSON.parse(text)
  } catch {
    return undefined
  }
}
const isJson = (headers: Headers) => /json/i.test(headers.get('content-type') ?? '')
/** The documented rule a finding cites (`[seeds/000, sort]`), to tell one rule from another. */
const ruleOf = (message: string) =>
  /\[([^\]]+)\](?:\n|$)/.exec(message)?.[1] ??
  message.split('\n')[0]!.replace(/^.*? -> \d{3}: /, '')

/** A finding's first line, and its first problem when the line only announces them (a contract failure). */
const headline = (message: string) => {
  const [first = '', second = ''] = message.split('\n')
  return first.endsWith(':') ? `${first} ${second.trim()}` : first
}

type Judged = { severity: 'failure' | 'warning' | string; message: string }[]

/**
 * Each difference, as one message naming both answers: `theirs` is production's answer and
 * `theirFindings` what the kit's checks found in it, `ours` and `ourFindings` the sandbox's.
 */
export function compareAnswers(
  theirs: Exchange,
  theirFindings: Judged,
  ours: SandboxAnswer,
  ourFindings: Judged,
): string[] {
  const excerpts = `\n    production: ${cut(theirs.text)}\n    sandbox:    ${cut(ours.text)}`
  const line = (what: string) => `${DEPARTS}: ${what}${excerpts}`
  if (theirs.status !== ours.status)
    return [line(`status ${theirs.status} in production, ${ours.status} in the sandbox`)]
  if (isJson(theirs.headers) !== isJson(ours.headers))
    return [
      line(
        `content type ${theirs.headers.get('content-type') ?? '(none)'} in production, ${ours.headers.get('content-type') ?? '(none)'} in the sandbox`,
      ),
    ]
  const [a, b] = [parse(theirs.text), parse(ours.text)]
  const differences = [...compareShapes(a, b).values()]
  // An error's body follows from the request: its wording compares as it is.
  if (theirs.status >= 400 && differences.length === 0 && !isDeepStrictEqual(a, b))
    differences.push(`the error's body differs`)
  // A rule one answer breaks and the other keeps, when the shapes alone showed no departure.
  if (differences.length) return differences.map(line)
  const rules = (findings: Judged) =>
    new Map(
      findings.filter((f) => f.severity === 'failure').map((f) => [ruleOf(f.message), f.message]),
    )
  const [broken, ownBroken] = [rules(theirFindings), rules(ourFindings)]
  for (const [rule, message] of broken)
    if (!ownBroken.has(rule))
      differences.push(`production breaks a rule the sandbox keeps: ${headline(message)}`)
  for (const [rule, message] of ownBroken)
    if (!broken.has(rule))
      differences.push(`the sandbox breaks a rule production keeps: ${headline(message)}`)
  return differences.map(line)
}
