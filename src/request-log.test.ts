import { describe, it, expect } from 'vitest'
import { createTestSandbox, TOKENS } from '../test/sandbox.js'
import { formatEntry, type LogEntry, type PrintedEntry } from './request-log.js'

describe('GET /__mock/requests', () => {
  it('answers the last requests with their bodies, status, user and duration, newest last', async () => {
    const s = createTestSandbox()
    const created = await s.post('/api/v1/customers', { name: 'Logged SARL' })
    await s.get('/api/v1/customers/999999', { token: TOKENS.tech })
    await s.get('/api/v1/customers/42', { token: null })
    const { body } = await s.get('/__mock/requests')
    expect(body.data.map((e: LogEntry) => [e.method, e.path, e.status, e.user])).toEqual([
      ['POST', '/api/v1/customers', 201, 'admin@example.com'],
      ['GET', '/api/v1/customers/999999', 404, 'tech@example.com'],
      ['GET', '/api/v1/customers/42', 401, null],
    ])
    expect(body.data[0].request_body).toEqual({ name: 'Logged SARL' })
    expect(body.data[0].response_body).toEqual(created.body)
    expect(body.data[1].response_body).toEqual({
      message: 'No query results for model [App\\Customer] 999999',
    })
    expect(body.data[0].duration_ms).toBeGreaterThanOrEqual(0)
  })

  it("keeps the query string, takes a limit, and leaves out the control API's own requests", async () => {
    const s = createTestSandbox()
    for (let page = 1; page <= 3; page++) await s.get(`/api/v1/customers?page=${page}`)
    await s.get('/__mock/health', { token: null })
    const { body } = await s.get('/__mock/requests?limit=2')
    expect(body.data.map((e: LogEntry) => e.query)).toEqual(['?page=2', '?page=3'])
    expect((await s.get('/__mock/requests?limit=0')).status).toBe(422)
  })

  it('keeps at most the configured number of requests, the newest', async () => {
    const s = createTestSandbox({ app: { logSize: 3 } })
    for (let page = 1; page <= 5; page++) await s.get(`/api/v1/customers?page=${page}`)
    const { body } = await s.get('/__mock/requests?limit=100')
    expect(body.data.map((e: LogEntry) => e.query)).toEqual(['?page=3', '?page=4', '?page=5'])
  })

  it('shows an isolated sandbox only its own requests, and forgets them on DELETE', async () => {
    const s = createTestSandbox()
    await s.get('/api/v1/customers/1', { headers: { 'X-Sandbox': 'mine' } })
    await s.get('/api/v1/customers/2', { headers: { 'X-Sandbox': 'theirs' } })
    const mine = await s.get('/__mock/requests', { headers: { 'X-Sandbox': 'mine' } })
    expect(mine.body.data.map((e: LogEntry) => [e.path, e.sandbox])).toEqual([
      ['/api/v1/customers/1', 'mine'],
    ])
    await s.delete('/__mock/requests', { headers: { 'X-Sandbox': 'mine' } })
    expect(
      (await s.get('/__mock/requests', { headers: { 'X-Sandbox': 'mine' } })).body.data,
    ).toEqual([])
    expect((await s.get('/__mock/requests')).body.data.map((e: LogEntry) => e.sandbox)).toEqual([
      'theirs',
    ])
  })

  it('names the admin user as the author of control calls made with the admin token', async () => {
    const printed: PrintedEntry[] = []
    const s = createTestSandbox({ app: { onRequest: (entry) => printed.push(entry) } })
    await s.post('/__mock/reset', {})
    expect(printed).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/__mock/reset',
        status: 200,
        user: 'admin@example.com',
      }),
    ])
  })

  it('hands each entry to the printer as it completes', async () => {
    const printed: PrintedEntry[] = []
    const s = createTestSandbox({ app: { onRequest: (entry) => printed.push(entry) } })
    await s.get('/api/v1/customers/42')
    expect(printed).toEqual([
      expect.objectContaining({ method: 'GET', path: '/api/v1/customers/42', status: 200 }),
    ])
  })
})

describe('formatEntry', () => {
  const entry: PrintedEntry = {
    id: 1,
    time: Date.parse('2026-03-24T10:00:01.999Z'),
    method: 'GET',
    path: '/api/v1/customers/42',
    query: '?include=contacts',
    status: 404,
    duration_ms: 1.2,
    user: 'admin@example.com',
    sandbox: 'ci-7',
  }

  it('writes one readable line: time, method, path, status, duration, user, sandbox', () => {
    expect(formatEntry(entry, false)).toBe(
      '10:00:01 GET    /api/v1/customers/42?include=contacts 404 1.2 ms admin@example.com [ci-7]',
    )
  })

  it('colours the status by class on a terminal', () => {
    expect(formatEntry(entry, true)).toContain('\x1b[33m404\x1b[0m')
    expect(formatEntry({ ...entry, status: 500 }, true)).toContain('\x1b[31m500\x1b[0m')
    expect(formatEntry({ ...entry, status: 200 }, true)).toContain('\x1b[32m200\x1b[0m')
  })
})
