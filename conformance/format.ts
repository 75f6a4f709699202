// How the kit writes what it saw: a request on one line, an excerpt of an answer (the part that
// matters, never 40 KB), and schema errors grouped by field so that a bad date in every row of a
// page is one line, not fifty.
import type { ErrorObject } from 'ajv'

export type SentRequest = { method: string; url: string; body?: unknown }

const MAX_EXCERPT = 240

/** `GET http://host/api/v1/customers?filter[name]=acme` (brackets and commas left readable), plus the body sent. */
export function formatRequest(request: SentRequest): string {
  let url = request.url
  try {
    url = decodeURI(url)
  } catch {
    // a URL with an invalid escape is shown as sent
  }
  const body = request.body === undefined ? '' : ` with body ${excerpt(request.body)}`
  return `${request.method} ${url}${body}`
}

/** A value as compact JSON, cut at `max` characters. */
export function excerpt(value: unknown, max = MAX_EXCERPT): string {
  let text: string
  try {
    text =
      typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value))
  } catch {
    text = String(value)
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text
}

/** The few keys of a row that identify it in a message: `id 17, name "Zeta SA"`. */
export function identify(row: unknown, keys: string[] = []): string {
  if (row === null || typeof row !== 'object') return excerpt(row, 80)
  const record = row as Record<string, unknown>
  const shown = ['id', ...keys].filter((k, i, all) => k in record && all.indexOf(k) === i)
  return shown.length
    ? shown.map((k) => `${k} ${excerpt(record[k], 60)}`).join(', ')
    : excerpt(row, 120)
}

/** A path of the answer, with every array index replaced by `[*]`: `body.data[*].created_at`. */
const toPattern = (pointer: string) =>
  'body' +
  pointer
    .split('/')
    .slice(1)
    .map((s) => (/^\d+$/.test(s) ? '[*]' : `.${s.replace(/~1/g, '/').replace(/~0/g, '~')}`))
    .join('')
const toPath = (pointer: string) =>
  'body' +
  pointer
    .split('/')
    .slice(1)
    .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s.replace(/~1/g, '/').replace(/~0/g, '~')}`))
    .join('')

const valueAt = (body: unknown, pointer: string): unknown =>
  pointer
    .split('/')
    .slice(1)
    .reduce<any>(
      (node, key) => (node == null ? undefined : node[key.replace(/~1/g, '/').replace(/~0/g, '~')]),
      body,
    )

/**
 * ajv's errors as one line per (field, rule): the field's path with `[*]` for rows, the rule, the
 * first offending value and where it is, and how many rows share the problem.
 */
export function groupSchemaErrors(errors: ErrorObject[], body: unknown): string[] {
  const groups = new Map<string, { first: ErrorObject; count: number }>()
  for (const error of errors) {
    // oneOf/anyOf/if report once more for the branch that failed; the branch's own error says more.
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf' || error.keyword === 'if') continue
    const extra =
      error.keyword === 'additionalProperties'
        ? `/${(error.params as { additionalProperty: string }).additionalProperty}`
        : ''
    const missing =
      error.keyword === 'required'
        ? `/${(error.params as { missingProperty: string }).missingProperty}`
        : ''
    const key = `${toPattern(error.instancePath + extra + missing)} ${error.keyword} ${error.message}`
    const group = groups.get(key)
    if (group) group.count++
    else groups.set(key, { first: error, count: 1 })
  }
  return [...groups.values()].map(({ first, count }) => {
    const rows = count > 1 ? `; ${count} values share this problem` : ''
    if (first.keyword === 'required') {
      const field = (first.params as { missingProperty: string }).missingProperty
      return `${toPattern(first.instancePath)}.${field} is missing (required), first at ${toPath(first.instancePath)}${rows}`
    }
    const value = valueAt(body, first.instancePath)
    return `${toPattern(first.instancePath)} ${first.message ?? first.keyword}: ${excerpt(value, 80)} at ${toPath(first.instancePath)}${rows}`
  })
}
