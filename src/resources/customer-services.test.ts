import { describe, it, expect } from 'vitest'
import { createTestSandbox, TOKENS, USER_IDS } from '../../test/sandbox.js'

const ids = (rows: { id: number }[]) => rows.map((r) => r.id)

describe('GET /v1/customer-services', () => {
  it('answers a paginator of 10 per page with customers_count (seeds/003)', async () => {
    const s = createTestSandbox()
    const page = await s.get('/api/v1/customer-services')
    expect(page.status).toBe(200)
    expect(page.body).toMatchObject({ per_page: 10, total: 10, current_page: 1 })
    const service = (await s.get(`/api/v1/customer-services/${page.body.data[0].id}`)).body
    expect(page.body.data[0].customers_count).toBe(service.customers.length)
  })

  it('filters by name and key (case-insensitive substring) and sorts (seeds/003 example)', async () => {
    const s = createTestSandbox()
    const support = await s.get('/api/v1/customer-services?filter[name]=SUPPORT&sort=name')
    expect(support.body.data.length).toBeGreaterThan(0)
    expect(
      support.body.data.every((r: { name: string }) => r.name.toLowerCase().includes('support')),
    ).toBe(true)
    const names = support.body.data.map((r: { name: string }) => r.name)
    expect(names).toEqual([...names].sort(new Intl.Collator('en', { sensitivity: 'base' }).compare))
    const byKey = await s.get('/api/v1/customer-services?filter[key]=backup')
    expect(byKey.body.data.every((r: { key: string }) => r.key.includes('backup'))).toBe(true)
    const desc = await s.get('/api/v1/customer-services?sort=-id&per_page=3')
    expect(ids(desc.body.data)).toEqual([10, 9, 8])
  })

  it.each([
    [
      'filter[foo]=x',
      'Requested filter(s) `foo` are not allowed. Allowed filter(s) are `name, key`.',
    ],
    [
      'sort=price',
      'Requested sort(s) `price` is not allowed. Allowed sort(s) are `id, name, key, created_at, updated_at`.',
    ],
    [
      'include=customers',
      'Requested include(s) `customers` are not allowed. There are no allowed includes.',
    ],
  ])("answers 400 with spatie's message for %s", async (qs, message) => {
    const s = createTestSandbox()
    const answer = await s.get(`/api/v1/customer-services?${qs}`)
    expect(answer.status).toBe(400)
    expect(answer.body).toEqual({ message })
  })
})

describe('GET /v1/customer-services/{id}', () => {
  it('answers the service with its customers as id, name and customer_account only (seeds/003)', async () => {
    const s = createTestSandbox()
    await s.post('/api/v1/customers/42/services', { services: [1, 3, 7] })
    const service = await s.get('/api/v1/customer-services/3')
    expect(service.status).toBe(200)
    const customer = service.body.customers.find((c: { id: number }) => c.id === 42)
    expect(Object.keys(customer)).toEqual(['id', 'name', 'customer_account'])
    expect((await s.get('/api/v1/customer-services/999')).body).toEqual({
      message: 'No query results for model [App\\CustomerService] 999',
    })
  })
})

describe('POST /v1/customers/{customer}/services', () => {
  it('syncs the whole set: what is not sent is removed (seeds/003 example [1, 3, 7])', async () => {
    const s = createTestSandbox()
    const synced = await s.post('/api/v1/customers/42/services', { services: [1, 3, 7] })
    expect(synced.status).toBe(201)
    expect(ids((await s.get('/api/v1/customers/42/services')).body.data)).toEqual([1, 3, 7])
    await s.post('/api/v1/customers/42/services', { services: [7, 2] })
    expect(ids((await s.get('/api/v1/customers/42/services')).body.data)).toEqual([2, 7])
  })

  it('refuses an empty set: services is required, and Laravel\'s required fails for [] (seeds/003 "services | array | Yes")', async () => {
    const s = createTestSandbox()
    await s.post('/api/v1/customers/42/services', { services: [1, 3, 7] })
    for (const services of [[], {}]) {
      const refused = await s.post('/api/v1/customers/42/services', { services })
      expect(refused.status).toBe(422)
      expect(refused.body).toEqual({
        message: 'The services field is required.',
        errors: { services: ['The services field is required.'] },
      })
    }
    expect(ids((await s.get('/api/v1/customers/42/services')).body.data)).toEqual([1, 3, 7])
  })

  it('keeps customers_count in step', async () => {
    const s = createTestSandbox()
    const count = async () =>
      (await s.get('/api/v1/customer-services?filter[key]=fax_to_mail')).body.data[0]
        .customers_count
    const before = await count()
    const service = (await s.get('/api/v1/customer-services?filter[key]=fax_to_mail')).body.data[0]
      .id
    const created = await s.post('/api/v1/customers', { name: 'New' })
    await s.post(`/api/v1/customers/${created.body.id}/services`, { services: [service] })
    expect(await count()).toBe(before + 1)
  })

  it('accepts the id-keyed object form with pivot data (official request collection)', async () => {
    const s = createTestSandbox()
    const synced = await s.post('/api/v1/customers/42/services', {
      services: { '1': {}, '2': { version: '1.1.0' } },
    })
    expect(synced.status).toBe(201)
    const rows = (await s.get('/api/v1/customers/42/services')).body.data
    expect(rows.map((r: { pivot: object }) => r.pivot)).toEqual([
      { customer_id: 42, customer_service_id: 1 },
      { version: '1.1.0', customer_id: 42, customer_service_id: 2 },
    ])
  })

  it.each([
    [{}, 'services', 'The services field is required.'],
    [{ services: 'all' }, 'services', 'The services field must be an array.'],
    [{ services: [1, 999] }, 'services.1', 'The selected services.1 is invalid.'],
    [{ services: ['x'] }, 'services.0', 'The services.0 field must be an integer.'],
  ])('answers 422 for %j and changes nothing', async (body, field, message) => {
    const s = createTestSandbox()
    await s.post('/api/v1/customers/42/services', { services: [1] })
    const answer = await s.post('/api/v1/customers/42/services', body)
    expect(answer.status).toBe(422)
    expect(answer.body.errors[field]).toEqual([message])
    expect(ids((await s.get('/api/v1/customers/42/services')).body.data)).toEqual([1])
  })

  it("answers 404 for an unknown customer and 403 to a sales user for another's customer", async () => {
    const s = createTestSandbox()
    expect((await s.post('/api/v1/customers/99999/services', { services: [1] })).status).toBe(404)
    const others = (await s.get('/api/v1/customers?per_page=1000')).body.data.filter(
      (c: { representative_id: number }) => c.representative_id !== USER_IDS.sales,
    )
    expect(
      (
        await s.post(
          `/api/v1/customers/${others[0].id}/services`,
          { services: [1] },
          { token: TOKENS.sales },
        )
      ).status,
    ).toBe(403)
  })
})

describe('GET /v1/customers/{customer}/services', () => {
  it("pages 10 per page and takes the catalog's filters", async () => {
    const s = createTestSandbox()
    await s.post('/api/v1/customers/42/services', {
      services: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].filter((n) => n <= 10),
    })
    const page = await s.get('/api/v1/customers/42/services')
    expect(page.body).toMatchObject({ per_page: 10, total: 10, last_page: 1 })
    const filtered = await s.get('/api/v1/customers/42/services?filter[name]=support')
    expect(filtered.body.data.every((r: { name: string }) => /support/i.test(r.name))).toBe(true)
    expect((await s.get('/api/v1/customers/42/services?filter[price]=1')).status).toBe(400)
  })
})
