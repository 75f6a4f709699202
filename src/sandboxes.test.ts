import { describe, it, expect } from 'vitest'
import { createTestSandbox, seedState, TOKENS } from '../test/sandbox.js'
import { createSandboxes } from './sandboxes.js'

const inSandbox = (name: string) => ({ headers: { 'X-Sandbox': name } })

describe('isolated sandboxes (X-Sandbox)', () => {
  it('gives each name its own copy of the seeded state: writes in one are not seen elsewhere', async () => {
    const s = createTestSandbox()
    const created = await s.post(
      '/api/v1/customers',
      { name: 'Job A Customer' },
      inSandbox('job-a'),
    )
    expect(created.status).toBe(201)
    expect(created.headers.get('x-sandbox')).toBe('job-a')
    await s.put('/api/v1/customers/42', { name: 'Renamed by job A' }, inSandbox('job-a'))

    expect(
      (await s.get(`/api/v1/customers/${created.body.id}`, inSandbox('job-a'))).body.name,
    ).toBe('Job A Customer')
    expect((await s.get('/api/v1/customers/42', inSandbox('job-b'))).body.name).not.toBe(
      'Renamed by job A',
    )
    expect((await s.get('/api/v1/customers/42')).body.name).not.toBe('Renamed by job A')
    // A sandbox starts from the seed, so the same id is free in each of them.
    expect(
      (await s.post('/api/v1/customers', { name: 'Job B Customer' }, inSandbox('job-b'))).body.id,
    ).toBe(created.body.id)
  })

  it('resets one sandbox by name, leaving the others and the main one alone', async () => {
    const s = createTestSandbox()
    await s.put('/api/v1/customers/42', { name: 'A' }, inSandbox('a'))
    await s.put('/api/v1/customers/42', { name: 'B' }, inSandbox('b'))
    await s.put('/api/v1/customers/42', { name: 'Main' })
    const reset = await s.post('/__mock/reset', { sandbox: 'a' })
    expect(reset.body).toMatchObject({ sandbox: 'a', seed: 42 })
    expect((await s.get('/api/v1/customers/42', inSandbox('a'))).body.name).not.toBe('A')
    expect((await s.get('/api/v1/customers/42', inSandbox('b'))).body.name).toBe('B')
    expect((await s.get('/api/v1/customers/42')).body.name).toBe('Main')
  })

  it('refuses a reset whose sandbox is not a name, leaving the main sandbox as it is', async () => {
    const s = createTestSandbox()
    await s.put('/api/v1/customers/42', { name: 'Kept' })
    const refused = await s.post('/__mock/reset', { sandbox: 123 })
    expect(refused.status).toBe(422)
    expect(refused.body.errors.sandbox).toEqual(['The sandbox field must be a string.'])
    expect((await s.get('/api/v1/customers/42')).body.name).toBe('Kept')
  })

  it('binds a token from a login made in a sandbox to it, for clients that cannot send headers', async () => {
    const s = createTestSandbox()
    const login = await s.post(
      '/api/login',
      { email: 'admin@example.com', password: 'admin-password' },
      { token: null, ...inSandbox('sdk-job') },
    )
    const token = login.body.token as string
    await s.put('/api/v1/customers/42', { name: 'Through the bound token' }, { token })
    expect((await s.get('/api/v1/customers/42', inSandbox('sdk-job'))).body.name).toBe(
      'Through the bound token',
    )
    expect((await s.get('/api/v1/customers/42')).body.name).not.toBe('Through the bound token')
  })

  it("accepts the seeded tokens and a main login's token in every sandbox", async () => {
    const s = createTestSandbox()
    const token = (
      await s.post(
        '/api/login',
        { email: 'tech@example.com', password: 'tech-password' },
        { token: null },
      )
    ).body.token
    expect((await s.get('/api/v1/customers/42', { token, ...inSandbox('x') })).status).toBe(200)
    expect(
      (await s.get('/api/v1/customers/42', { token: TOKENS.sales, ...inSandbox('x') })).status,
    ).not.toBe(401)
    expect((await s.get('/api/v1/customers/42', { token: 'nope', ...inSandbox('x') })).status).toBe(
      401,
    )
  })

  it('reports each sandbox with its size in GET /__mock/health', async () => {
    const s = createTestSandbox()
    await s.get('/api/v1/customers/42', inSandbox('reported'))
    const health = await s.get('/__mock/health', { token: null })
    expect(health.body.memory.rss_bytes).toBeGreaterThan(0)
    expect(health.body.sandboxes).toEqual([
      expect.objectContaining({
        name: 'reported',
        customers: 150,
        state_bytes: expect.any(Number),
      }),
    ])
    expect(health.body.sandboxes[0].state_bytes).toBeGreaterThan(100_000)
  })

  it('drops a sandbox idle for longer than the idle time, and the least recently used past the maximum', async () => {
    let now = new Date('2026-03-24T10:00:00Z').getTime()
    const s = createTestSandbox({
      app: { clock: () => new Date(now), sandboxes: { idleMs: 60_000, max: 2 } },
    })
    await s.put('/api/v1/customers/42', { name: 'Idle' }, inSandbox('idle'))
    now += 61_000
    const names = async () =>
      (await s.get('/__mock/health', { token: null })).body.sandboxes.map(
        (x: { name: string }) => x.name,
      )
    expect(await names()).toEqual([])
    expect((await s.get('/api/v1/customers/42', inSandbox('idle'))).body.name).not.toBe('Idle')

    await s.get('/api/v1/customers/42', inSandbox('one'))
    await s.get('/api/v1/customers/42', inSandbox('two'))
    await s.get('/api/v1/customers/42', inSandbox('idle'))
    expect((await names()).sort()).toEqual(['idle', 'two'])
  })

  it("keeps the sandbox's snapshot apart: export and import by name", async () => {
    const s = createTestSandbox()
    await s.put('/api/v1/customers/42', { name: 'Exported' }, inSandbox('snap'))
    const snapshot = (await s.get('/__mock/snapshot', inSandbox('snap'))).body
    expect(snapshot.tables.customers.find((c: { id: number }) => c.id === 42).name).toBe('Exported')
    expect((await s.put('/__mock/snapshot', snapshot, inSandbox('copy'))).status).toBe(200)
    expect((await s.get('/api/v1/customers/42', inSandbox('copy'))).body.name).toBe('Exported')
    expect((await s.get('/api/v1/customers/42')).body.name).not.toBe('Exported')
  })

  it('names the sandbox of an API request with ?sandbox= as with X-Sandbox', async () => {
    const s = createTestSandbox()
    const created = await s.post('/api/v1/customers?sandbox=by-query', {
      name: 'Named by the query',
    })
    expect(created.headers.get('x-sandbox')).toBe('by-query')
    expect(
      (await s.get(`/api/v1/customers/${created.body.id}`, inSandbox('by-query'))).body.name,
    ).toBe('Named by the query')
    expect((await s.get(`/api/v1/customers/${created.body.id}`)).status).toBe(404)
  })

  it('warns that a "sandbox" in an API request body names no sandbox, and answers from the main one', async () => {
    const s = createTestSandbox()
    const created = await s.post('/api/v1/customers', { name: 'Body named', sandbox: 'job-9' })
    expect(created.status).toBe(201)
    expect(created.headers.get('x-sandbox')).toBeNull()
    expect(created.headers.get('x-sandbox-warning')).toContain(
      '"sandbox" in a request body is read by /__mock routes only',
    )
    expect((await s.get(`/api/v1/customers/${created.body.id}`)).body.name).toBe('Body named')
  })
})

describe('--max-sandboxes 0', () => {
  it('refuses a request that names a sandbox with 400, and keeps serving the main one', async () => {
    const s = createTestSandbox({ app: { sandboxes: { max: 0 } } })
    const named: [string, { headers?: Record<string, string> }][] = [
      ['/api/v1/customers/42', inSandbox('job-1')],
      ['/api/v1/customers/42?sandbox=job-1', {}],
    ]
    for (const [path, options] of named) {
      const refused = await s.get(path, { ...options, unchecked: true })
      expect(refused.status).toBe(400)
      expect(refused.body.message).toMatch(
        /Isolated sandboxes are turned off \(--max-sandboxes 0\)/,
      )
    }
    expect((await s.post('/__mock/reset', { sandbox: 'job-1' })).status).toBe(400)
    expect((await s.get('/api/v1/customers/42')).status).toBe(200)
    expect((await s.get('/__mock/health', { token: null })).body.sandboxes).toEqual([])
  })
})

describe('copy-on-write sandboxes', () => {
  const create = () =>
    createSandboxes({
      initial: seedState(),
      onChange: () => {},
      seedState,
      now: () => 0,
      idleMs: 60_000,
      max: 10,
    })

  it("shares the seed's rows between sandboxes, each holding only what it wrote, and a reset drops its writes", () => {
    const sandboxes = create()
    const a = sandboxes.store('a')
    const b = sandboxes.store('b')
    expect(a.customers.get(42)).toBe(b.customers.get(42))
    a.customers.update(42, { name: 'Only in a' })
    expect(b.customers.get(41)).toBe(a.customers.get(41))
    expect(b.customers.get(42)!.name).not.toBe('Only in a')
    sandboxes.reset('a', 42)
    expect(sandboxes.store('a').customers.get(42)).toBe(b.customers.get(42))
    expect(sandboxes.store('a')).not.toBe(a)
  })

  it('keeps a token bound across a reset of its sandbox, and forgets it when the sandbox is dropped', () => {
    const sandboxes = create()
    sandboxes.store('a')
    sandboxes.bind('token-a', 'a')
    sandboxes.reset('a', 42)
    expect(sandboxes.boundTo(() => 'token-a')).toBe('a')
    for (let i = 0; i < 10; i++) sandboxes.store(`other-${i}`)
    expect(sandboxes.boundTo(() => 'token-a')).toBeNull()
  })
})
