import { describe, it, expect, afterEach } from 'vitest'
import { serve, type ServerType } from '@hono/node-server'
import { createTestSandbox, TOKENS } from '../test/sandbox.js'
import { faultPath, parseLatency, parsePrefer } from './faults.js'

describe('parsePrefer', () => {
  it.each([
    ['code=503', { code: 503, ignored: [] }],
    ['code=429, delay=200', { code: 429, delay: 200, ignored: [] }],
    ['delay=2000; fault=reset', { delay: 2000, fault: 'reset', ignored: [] }],
    ['CODE=404', { code: 404, ignored: [] }],
    ['delay=999999999', { delay: 60_000, ignored: [] }],
    ['code=200', { ignored: ['code=200'] }],
    [
      'code=abc, delay=-1, fault=explode, return=minimal',
      { ignored: ['code=abc', 'delay=-1', 'fault=explode', 'return=minimal'] },
    ],
    ['', { ignored: [] }],
  ])('reads %j', (header, prefer) => {
    expect(parsePrefer(header)).toEqual(prefer)
  })
})

describe('faultPath', () => {
  const routes = (path: string) => ['/v1/customers', '/v1/customers/42', '/login'].includes(path)
  it.each([
    ['/v1/customers', '/v1/customers'],
    // The request log prints the path with its /api prefix; a fault copied from it applies the same.
    ['/api/v1/customers', '/v1/customers'],
    ['/api/v1/customers/42', '/v1/customers/42'],
    ['/api/v1/*', '/v1/*'],
    ['/v1/customers/*', '/v1/customers/*'],
    ['/login', '/login'],
    ['/v1/nothing', null],
    ['/api/v1/customers?page=2', null],
    ['v1/customers', null],
    ['http://127.0.0.1:4010/api/v1/customers', null],
  ])('reads %j as %j', (given, want) => {
    expect(faultPath(given, routes)).toBe(want)
  })
})

describe('parseLatency', () => {
  it.each([
    ['50-200', { min: 50, max: 200 }],
    ['100', { min: 100, max: 100 }],
    ['200-50', null],
    ['fast', null],
    ['1-99999', null],
  ])('reads %j', (text, latency) => {
    expect(parseLatency(text)).toEqual(latency)
  })
})

const timed = async <T>(run: () => Promise<T>) => {
  const started = performance.now()
  const value = await run()
  return { value, ms: performance.now() - started }
}

describe('faults on demand', () => {
  it('answers the status a Prefer header asks for, with a Laravel-like body, before doing anything', async () => {
    const s = createTestSandbox()
    const answer = await s.post(
      '/api/v1/customers',
      { name: 'Never created' },
      { headers: { Prefer: 'code=503' }, unchecked: true },
    )
    expect(answer.status).toBe(503)
    expect(answer.body).toEqual({ message: 'Service Unavailable' })
    expect(answer.headers.get('x-sandbox-simulated')).toBe('code=503')
    expect(answer.headers.get('retry-after')).toBe('1')
    const list = await s.get('/api/v1/customers', { unchecked: true })
    expect(list.body.total).toBe(150)
  })

  it('delays an answer by what Prefer: delay asks', async () => {
    const s = createTestSandbox()
    const { value, ms } = await timed(() =>
      s.get('/api/v1/customers/42', { headers: { Prefer: 'delay=60' } }),
    )
    expect(value.status).toBe(200)
    expect(ms).toBeGreaterThanOrEqual(55)
  })

  it('delays every API answer by the configured latency', async () => {
    const s = createTestSandbox({ app: { latency: { min: 40, max: 40 } } })
    const { ms } = await timed(() => s.get('/api/v1/customers/42'))
    expect(ms).toBeGreaterThanOrEqual(35)
  })

  it('fails the next N requests to a path with the scheduled status, then answers normally', async () => {
    const s = createTestSandbox()
    const scheduled = await s.post('/__mock/faults', {
      path: '/v1/customers',
      status: 503,
      count: 2,
    })
    expect(scheduled.status).toBe(201)
    expect(scheduled.body).toMatchObject({ path: '/v1/customers', status: 503, remaining: 2 })
    expect((await s.get('/api/v1/customers/42')).status).toBe(200) // another path
    expect((await s.get('/api/v1/customers', { unchecked: true })).status).toBe(503)
    expect((await s.get('/api/v1/customers', { unchecked: true })).status).toBe(503)
    expect((await s.get('/api/v1/customers')).status).toBe(200)
    expect((await s.get('/__mock/faults')).body.data).toEqual([])
  })

  it('schedules faults by method and by path prefix, and clears them', async () => {
    const s = createTestSandbox()
    await s.post('/__mock/faults', { path: '/v1/items*', method: 'post', status: 500, count: 5 })
    expect((await s.get('/api/v1/items')).status).toBe(200)
    expect((await s.post('/api/v1/items', { description: 'x' }, { unchecked: true })).status).toBe(
      500,
    )
    expect((await s.get('/__mock/faults')).body.data[0]).toMatchObject({
      method: 'POST',
      remaining: 4,
    })
    await s.delete('/__mock/faults')
    expect((await s.post('/api/v1/items', { description: 'x' })).status).toBe(201)
  })

  it('keeps the faults of an isolated sandbox to its own requests', async () => {
    const s = createTestSandbox()
    await s.post(
      '/__mock/faults',
      { path: '/v1/customers/42', status: 502 },
      { headers: { 'X-Sandbox': 'flaky' } },
    )
    expect((await s.get('/api/v1/customers/42')).status).toBe(200)
    expect(
      (await s.get('/api/v1/customers/42', { headers: { 'X-Sandbox': 'other' } })).status,
    ).toBe(200)
    expect(
      (await s.get('/api/v1/customers/42', { headers: { 'X-Sandbox': 'flaky' }, unchecked: true }))
        .status,
    ).toBe(502)
  })

  it.each([
    [{}, 'path'],
    [{ path: 'no-slash', status: 503 }, 'path'],
    [{ path: '/v1/customers', status: 200 }, 'status'],
    [{ path: '/v1/customers' }, 'status'],
    [{ path: '/v1/customers', status: 503, count: 0 }, 'count'],
    [{ path: '/v1/customers', fault: 'explode' }, 'fault'],
    [{ path: '/v1/customers', delay_ms: 10_000_000 }, 'delay_ms'],
  ])('refuses a malformed fault with 422 (%j)', async (fault, field) => {
    const s = createTestSandbox()
    const answer = await s.post('/__mock/faults', fault)
    expect(answer.status).toBe(422)
    expect(Object.keys(answer.body.errors)).toContain(field)
  })

  it('applies a fault scheduled with the path as the request log prints it (/api/...)', async () => {
    const s = createTestSandbox()
    const scheduled = await s.post('/__mock/faults', { path: '/api/v1/customers/42', status: 503 })
    expect(scheduled.body).toMatchObject({ path: '/v1/customers/42' })
    const logged = (await s.get('/api/v1/customers/42', { headers: { 'X-Sandbox': 'unrelated' } }))
      .status
    expect(logged).toBe(200) // another sandbox's request does not take it
    expect((await s.get('/api/v1/customers/42', { unchecked: true })).status).toBe(503)
  })

  it('refuses a fault whose path names no API route, saying what it takes', async () => {
    const s = createTestSandbox()
    const answer = await s.post('/__mock/faults', { path: '/v1/customer', status: 503 })
    expect(answer.status).toBe(422)
    expect(answer.body.errors.path[0]).toMatch(
      /must be an API route such as \/v1\/customers.*\/v1\/customer is none/,
    )
    expect((await s.get('/__mock/faults')).body.data).toEqual([])
  })

  it.each(['code=abc', 'fault=explode', 'delay=soon', 'code=200', 'code=503x'])(
    'answers normally with an X-Sandbox-Warning for Prefer: %s',
    async (prefer) => {
      const s = createTestSandbox()
      const answer = await s.get('/api/v1/customers/42', { headers: { Prefer: prefer } })
      expect(answer.status).toBe(200)
      expect(answer.headers.get('x-sandbox-warning')).toContain(`Prefer: ${prefer} ignored`)
    },
  )

  it('warns of the preferences it cannot use even when it applies the others', async () => {
    const s = createTestSandbox()
    const answer = await s.get('/api/v1/customers/42', {
      headers: { Prefer: 'code=503, fault=explode' },
      unchecked: true,
    })
    expect(answer.status).toBe(503)
    expect(answer.headers.get('x-sandbox-warning')).toContain('Prefer: fault=explode ignored')
  })

  it('needs the admin token to schedule a fault', async () => {
    const s = createTestSandbox()
    expect(
      (
        await s.post(
          '/__mock/faults',
          { path: '/v1/customers', status: 503 },
          { token: TOKENS.tech },
        )
      ).status,
    ).toBe(401)
  })
})

describe('Prefer: fault=reset over HTTP', () => {
  let server: ServerType | undefined
  afterEach(
    () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  )

  it('drops the connection without an answer', async () => {
    const s = createTestSandbox()
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: s.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
        resolve(info.port),
      )
    })
    const headers = { Authorization: `Bearer ${TOKENS.admin}`, Accept: 'application/json' }
    await expect(
      fetch(`http://127.0.0.1:${port}/api/v1/customers/42`, {
        headers: { ...headers, Prefer: 'fault=reset' },
      }),
    ).rejects.toThrow()
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/customers/42`, { headers })).status).toBe(
      200,
    )
  })
})
