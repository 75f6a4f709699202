// Bodies and queries the way PHP reads them, end to end (issue: "Bodies the way PHP reads them").
import { describe, it, expect } from 'vitest'
import { createTestSandbox, TOKENS } from './sandbox.js'

const auth = { Authorization: `Bearer ${TOKENS.admin}`, Accept: 'application/json' }

describe('a multipart/form-data POST', () => {
  it('creates the record from its fields (seeds/000 POST /v1/customers: 201), as Laravel does', async () => {
    const s = createTestSandbox()
    const form = new FormData()
    form.append('name', 'Multipart SARL')
    form.append('main_address_city', 'Lyon')
    const res = await s.app.request('/api/v1/customers', {
      method: 'POST',
      headers: auth,
      body: form,
    })
    expect(res.status).toBe(201)
    const created = (await res.json()) as {
      id: number
      name: string
      main_address_city: string
      customer_account: string
    }
    expect(created).toMatchObject({ name: 'Multipart SARL', main_address_city: 'Lyon' })
    expect(created.customer_account).toBe(`CL${String(created.id).padStart(6, '0')}`)
    expect(res.headers.get('x-sandbox-warning')).toBeNull()
  })
})

describe('a repeated query name', () => {
  it('keeps its last value on every list: per_page, page, sort and filter[x] alike', async () => {
    const s = createTestSandbox()
    const page = await s.get('/api/v1/items?per_page=50&per_page=2&page=9&page=2')
    expect([page.body.per_page, page.body.current_page, page.body.data.length]).toEqual([2, 2, 2])
    const sorted = await s.get('/api/v1/items?sort=id&sort=-id&per_page=3')
    expect(sorted.body.data.map((i: { id: number }) => i.id)).toEqual(
      [...sorted.body.data.map((i: { id: number }) => i.id)].sort((a, b) => b - a),
    )
    const filtered = await s.get('/api/v1/items?filter[family_id]=999999&filter[family_id]=3')
    expect(filtered.body.total).toBeGreaterThan(0)
    expect(filtered.body.data.every((i: { family_id: number }) => i.family_id === 3)).toBe(true)
  })

  it('reads an empty include= as no include (an empty value is null to Laravel)', async () => {
    const s = createTestSandbox()
    const bundles = await s.get('/api/v1/bundles?include=items_initial&include=')
    expect(bundles.status).toBe(200)
    expect(bundles.body[0]).not.toHaveProperty('items_initial')
  })
})
