import { describe, it, expect } from 'vitest'
import { createTestSandbox, TOKENS } from '../test/sandbox.js'

describe('the control API /__mock', () => {
  it('answers health without a token', async () => {
    const s = createTestSandbox()
    const health = await s.get('/__mock/health', { token: null })
    expect(health.status).toBe(200)
    expect(health.body).toMatchObject({ status: 'ok', seed: 42, records: { customers: 150 } })
  })

  it.each([
    ['POST', '/__mock/reset'],
    ['GET', '/__mock/snapshot'],
    ['PUT', '/__mock/snapshot'],
  ])('protects %s %s with the admin token', async (method, path) => {
    const s = createTestSandbox()
    expect((await s.call(method, path, { token: null })).status).toBe(401)
    expect((await s.call(method, path, { token: TOKENS.tech })).status).toBe(401)
  })

  it('resets to the seed: writes disappear, seeded records come back', async () => {
    const s = createTestSandbox()
    const created = await s.post('/api/v1/customers', { name: 'Temporary' })
    await s.put('/api/v1/customers/42', { name: 'Renamed' })
    const reset = await s.post('/__mock/reset')
    expect(reset.status).toBe(200)
    expect((await s.get(`/api/v1/customers/${created.body.id}`)).status).toBe(404)
    expect((await s.get('/api/v1/customers/42')).body.name).not.toBe('Renamed')
  })

  it('resets to another seed on demand, deterministically', async () => {
    const s = createTestSandbox()
    const before = (await s.get('/api/v1/customers/1')).body.name
    await s.post('/__mock/reset', { seed: 7 })
    const seven = (await s.get('/api/v1/customers/1')).body.name
    expect(seven).not.toBe(before)
    await s.post('/__mock/reset', { seed: 7 })
    expect((await s.get('/api/v1/customers/1')).body.name).toBe(seven)
    expect((await s.post('/__mock/reset', { seed: 'seven' })).status).toBe(422)
  })

  it('exports the whole state and imports it back', async () => {
    const s = createTestSandbox()
    const snapshot = (await s.get('/__mock/snapshot')).body
    await s.delete(
      `/api/v1/customers/${(await s.post('/api/v1/customers', { name: 'Gone' })).body.id}`,
    )
    await s.put('/api/v1/customers/42', { name: 'Changed' })
    expect((await s.put('/__mock/snapshot', snapshot)).status).toBe(200)
    expect((await s.get('/api/v1/customers/42')).body.name).toBe(
      snapshot.tables.customers.find((c: { id: number }) => c.id === 42).name,
    )
  })

  it.each([
    [{}, 'version'],
    [{ version: 1, seed: 1, tables: { customers: [{ id: 1 }, { id: 1 }] } }, 'tables.customers'],
    [{ version: 1, seed: 1, tables: { users: 'x' } }, 'tables.users'],
    // With no user, every request would answer 401: the same content a --db file is refused for.
    [{ version: 2, seed: 1, tables: {} }, 'tables.users'],
    [{ version: 2, seed: 1, tables: { users: [] } }, 'tables.users'],
  ])('refuses a malformed snapshot with 422 (%j)', async (snapshot, field) => {
    const s = createTestSandbox()
    const answer = await s.put('/__mock/snapshot', snapshot)
    expect(answer.status).toBe(422)
    expect(Object.keys(answer.body.errors)).toContain(field)
  })
})
