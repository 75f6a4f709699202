// The vendor's request collection, replayed: every request shape it holds (test/collection-requests.json:
// method, URL, query and body fields, with values of our own) is sent to one in-process sandbox,
// logged in as the collection's demo user, with nothing changed but the base URL, in each dialect.
// Each must be answered by a route: no unknown-route 404, no 405, no 5xx; and every answer is the
// contract's (the legacy contract's in the legacy dialect).
import { readFileSync } from 'node:fs'
import { describe, it, expect, beforeAll } from 'vitest'
import { createTestSandbox } from './sandbox.js'
import { createConformance, loadDocument } from '../conformance/conforms.js'

type Part = string | number | boolean | { file: string }
type CollectionRequest = {
  folder: string
  name: string
  method: string
  url: string
  query?: Record<string, string>
  json?: unknown
  form?: Record<string, Part>
}

const requests = JSON.parse(
  readFileSync(new URL('./collection-requests.json', import.meta.url), 'utf8'),
) as CollectionRequest[]

/** The collection's environment: its demo login. */
const ENVIRONMENT: Record<string, string> = { email: 'demo@bluerocktel.com', password: 'secret' }
/** Every spelling of the base URL the collection uses: `{{ _.base_url }}`, `{{ base_url }}`, `{{baseUrl}}`. */
const BASE_URL = /^\{\{\s*(?:_\.)?(?:base_url|baseUrl)\s*\}\}/
const VARIABLE = /\{\{\s*_\.(\w+)\s*\}\}/g

/** The request's path and query under the sandbox's base URL (`/api/`), the rest as the collection has it. */
export function targetOf(request: Pick<CollectionRequest, 'url' | 'query'>): string {
  const [path = '', inline = ''] = request.url.replace(BASE_URL, '').split(/\?(.*)/s)
  const pairs = inline
    .split('&')
    .filter((pair) => pair !== '' && !pair.startsWith('='))
    .map((pair) => {
      const [name = '', value = ''] = pair.split(/=(.*)/s)
      return [name, value] as const
    })
  for (const [name, value] of Object.entries(request.query ?? {})) pairs.push([name, value])
  const query = pairs
    .map(([name, value]) => {
      const filled = value.replace(VARIABLE, (_, key: string) => ENVIRONMENT[key] ?? '')
      return `${encodeURIComponent(name)}=${encodeURIComponent(filled)}`
    })
    .join('&')
  return `/api/${path.replace(/^\/+/, '')}${query ? `?${query}` : ''}`
}

function bodyOf(request: CollectionRequest): { body?: string | FormData; type?: string } {
  if (request.json !== undefined)
    return { body: JSON.stringify(request.json), type: 'application/json' }
  if (!request.form) return {}
  const form = new FormData()
  for (const [name, value] of Object.entries(request.form))
    if (typeof value === 'object') form.append(name, new Blob(['%PDF-1.4 sample']), value.file)
    else form.append(name, String(value))
  return { body: form }
}

describe('the request collection', () => {
  it('holds every request shape of the collection', () => {
    expect(requests).toHaveLength(397)
    expect(new Set(requests.map((r) => r.method))).toEqual(
      new Set(['GET', 'POST', 'PUT', 'DELETE']),
    )
  })

  it('writes every spelling of the base URL as the base URL, and keeps the rest as it is', () => {
    expect(targetOf({ url: '{{ _.base_url }}v1/tickets/close/1310' })).toBe(
      '/api/v1/tickets/close/1310',
    )
    expect(targetOf({ url: '{{ base_url }}/v1/helpers/3cxCountries' })).toBe(
      '/api/v1/helpers/3cxCountries',
    )
    expect(targetOf({ url: '{{baseUrl}}/v1/tickets/:ticket' })).toBe('/api/v1/tickets/:ticket')
    expect(
      targetOf({ url: '{{ _.base_url }}v1/notes?noteable_type=App\\Customer', query: { a: '1' } }),
    ).toBe('/api/v1/notes?noteable_type=App%5CCustomer&a=1')
  })
})

const CONTRACTS = {
  docs: createConformance(),
  legacy: createConformance(
    loadDocument(new URL('../src/generated/openapi.legacy.json', import.meta.url)),
  ),
}

describe.each(['docs', 'legacy'] as const)(
  'the request collection in the %s dialect',
  (dialect) => {
    const sandbox = createTestSandbox()
    const conformance = CONTRACTS[dialect]
    let token = ''

    beforeAll(async () => {
      const login = requests.find((r) => r.name === 'login' || /\blogin$/.test(r.url))!
      const answer = await sandbox.app.request(targetOf(login), {
        method: login.method,
        headers: { Accept: 'application/json' },
      })
      token = ((await answer.json()) as { token: string }).token
    })

    it('logs in as the demo user', () => {
      expect(token).toMatch(/\S{20,}/)
    })

    it.each(requests.map((r) => [`${r.method} ${r.url}`, r] as const))(
      '%s is answered by a route',
      async (_, request) => {
        const target = targetOf(request)
        const { body, type } = bodyOf(request)
        const headers: Record<string, string> = {
          Accept: 'application/json',
          Authorization: `Bearer ${token}`,
          'X-BlueRockTEL-Dialect': dialect,
        }
        if (type) headers['Content-Type'] = type
        const res = await sandbox.app.request(target, { method: request.method, headers, body })
        const text = await res.text()
        const answer = text === '' ? undefined : (JSON.parse(text) as { message?: string })
        const said = `${request.method} ${target} answered ${res.status} ${text.slice(0, 300)}`
        expect(res.status, said).toBeLessThan(500)
        expect(res.status, said).not.toBe(405)
        expect(
          res.status === 404 && /^The route .* could not be found\.$/.test(answer?.message ?? ''),
          said,
        ).toBe(false)
        expect(res.status, said).not.toBe(401)
        const verdict = conformance.check({
          method: request.method,
          url: target,
          status: res.status,
          contentType: res.headers.get('content-type'),
          body: answer,
        })
        expect(verdict.ok ? [] : verdict.problems, said).toEqual([])
      },
    )
  },
)
