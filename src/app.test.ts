import { describe, it, expect } from 'vitest'
import { createTestSandbox } from '../test/sandbox.js'
import { createSeedState } from './store/seed.js'
import { specDocument } from './spec-document.js'
import { toHonoPath } from './spec.js'

/** Tags whose operations are not served yet; the test below fails when one of them is. */
const PENDING_TAGS: string[] = []

describe('createApp', () => {
  it('serves every operation of the contract (but the pending ones, which it does not serve yet)', () => {
    const { app } = createTestSandbox()
    const served = new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))
    const operations = Object.entries(specDocument.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, { tags: string[] }>).filter(([method]) => method !== 'parameters').map(([method, op]) => ({ key: `${method.toUpperCase()} /api${toHonoPath(path)}`, tag: op.tags[0]! })),
    )
    const missing = operations.filter((o) => !PENDING_TAGS.includes(o.tag) && !served.has(o.key)).map((o) => o.key)
    const early = operations.filter((o) => PENDING_TAGS.includes(o.tag) && served.has(o.key)).map((o) => o.key)
    expect(missing).toEqual([])
    expect(early, 'served: remove their tag from PENDING_TAGS').toEqual([])
  })

  it('serves the bundled contract at /openapi.json', async () => {
    const s = createTestSandbox()
    const answer = await s.get('/openapi.json', { token: null })
    expect(answer.body).toEqual(specDocument)
  })

  it('answers 405 with Laravel\'s message and an Allow header for a known path and another method', async () => {
    const s = createTestSandbox()
    const answer = await s.call('POST', '/api/v1/customers/42', { unchecked: true })
    expect(answer.status).toBe(405)
    expect(answer.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE')
    expect(answer.body).toEqual({ message: 'The POST method is not supported for route api/v1/customers/42. Supported methods: GET, HEAD, PUT, DELETE.' })
  })

  it('ignores a trailing slash, as Laravel\'s router does', async () => {
    const s = createTestSandbox()
    const answer = await s.call('GET', '/api/v1/customers/42/', { unchecked: true })
    expect(answer.status).toBe(200)
    expect(answer.body.id).toBe(42)
    const page = await s.call('GET', '/api/v1/customers/', { unchecked: true })
    expect(page.body).toMatchObject({ total: 150, path: 'http://localhost/api/v1/customers', next_page_url: 'http://localhost/api/v1/customers?page=2' })
    const post = await s.call('POST', '/api/v1/customers/42/', { unchecked: true })
    expect(post.status).toBe(405)
    expect(post.body.message).toBe('The POST method is not supported for route api/v1/customers/42. Supported methods: GET, HEAD, PUT, DELETE.')
  })

  it('answers OPTIONS on a known path with 200 and Allow', async () => {
    const s = createTestSandbox()
    const res = await s.app.request('/api/v1/customers', { method: 'OPTIONS' })
    expect(res.status).toBe(200)
    expect(res.headers.get('allow')).toBe('GET,HEAD,POST')
  })

  it('answers 413 with a JSON body for a request body over 1 MiB', async () => {
    const s = createTestSandbox()
    const answer = await s.call('POST', '/api/v1/customers', { rawBody: JSON.stringify({ name: 'x'.repeat(1_100_000) }), headers: { 'Content-Type': 'application/json' }, unchecked: true })
    expect(answer.status).toBe(413)
    expect(answer.body.message).toMatch(/too large/)
  })
})

describe('createSeedState', () => {
  it('gives byte-identical state for the same seed, and other data for another seed', () => {
    expect(JSON.stringify(createSeedState(42))).toBe(JSON.stringify(createSeedState(42)))
    expect(createSeedState(43).tables.customers[0]!.name).not.toBe(createSeedState(42).tables.customers[0]!.name)
  })

  it('makes the documented example ids exist (customer 42, CL000123, services 1, 3, 7)', () => {
    const { tables } = createSeedState(42)
    expect(tables.customers.find((c) => c.id === 42)).toBeTruthy()
    expect(tables.customers.find((c) => c.customer_account === 'CL000123')?.id).toBe(123)
    expect([1, 3, 7].every((id) => tables.customer_services.some((s) => s.id === id))).toBe(true)
  })
})
