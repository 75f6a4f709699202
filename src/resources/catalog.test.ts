// The catalog (seeds/004; the cookbook's steps 1-2, seeds/002): every answer is checked against the
// contract by the test sandbox.
import { describe, it, expect } from 'vitest'
import { createTestSandbox, TOKENS, USER_IDS } from '../../test/sandbox.js'

const sipTrunk = {
  description: 'SIP Trunk — 2 channels',
  family_id: 7,
  selling_price_without_tax: 19.9,
  billing_frequency: 1,
  active_for_recurring_billing: true,
}

describe('the seeded catalog', () => {
  it("holds the docs' examples: family 3 with subfamily 12, item 42, bundle 7 with its sums (seeds/004, seeds/002)", async () => {
    const s = createTestSandbox()
    expect((await s.get('/api/v1/families/3')).body.name).toBe('Internet Services')
    expect((await s.get('/api/v1/subfamilies/12')).body).toMatchObject({
      family_id: 3,
      name: 'Fibre',
    })
    const item = await s.get('/api/v1/items/42')
    expect(item.body).toMatchObject({
      description: 'SIP Trunk — 2 channels',
      family_id: 7,
      selling_price_without_tax: '19.90',
      family: { id: 7, name: 'VoIP Services' },
      subfamily: null,
      tax: null,
    })
    const bundle = await s.get('/api/v1/bundles/7')
    expect(bundle.body).toMatchObject({
      name: 'Starter Pack Fibre',
      items_initial_sum_selling_price_without_tax: '150.00',
      items_licence_sum_selling_price_without_tax: '0.00',
      items_recurring_sum_selling_price_without_tax: '35.82',
    })
    const fibre = await s.get('/api/v1/items?filter[family_id]=3&per_page=100')
    expect(fibre.body.data.length).toBeGreaterThan(0)
    expect(fibre.body.data.every((i: any) => i.family_id === 3)).toBe(true)
  })

  it("answers the catalog page's create example with id 43, `price` ignored (seeds/004)", async () => {
    const s = createTestSandbox()
    const created = await s.post('/api/v1/items', {
      description: 'Fibre 1Gbps',
      brand: 'blue_rock',
      family_id: 3,
      subfamily_id: 12,
      internal_reference: 'FIB-1G-001',
      price: 49.99,
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      id: 43,
      description: 'Fibre 1Gbps',
      family_id: 3,
      subfamily_id: 12,
      selling_price_without_tax: null,
    })
    expect(created.body).not.toHaveProperty('price')
    expect((await s.get('/api/v1/items/internal_reference/FIB-1G-001')).body).toEqual({
      item_id: 43,
    })
  })
})

describe('items', () => {
  it("creates the cookbook's item with the documented defaults, decimals as strings (seeds/002 step 2, seeds/004)", async () => {
    const s = createTestSandbox()
    const created = await s.post('/api/v1/items', sipTrunk)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      selling_price_without_tax: '19.90',
      billing_frequency: 1,
      active: true,
      active_for_initial_billing: false,
      active_for_recurring_billing: true,
      active_for_store: false,
      install: false,
      has_consumptions: true,
      has_stock: false,
      internal_reference: null,
      comment: null,
    })
    const shown = await s.get(`/api/v1/items/${created.body.id}`)
    expect(shown.body).toMatchObject({
      ...created.body,
      family: { id: 7 },
      subfamily: null,
      tax: null,
    })
  })

  it("answers 422 with Laravel's messages: description required, foreign keys must exist, numbers in range", async () => {
    const s = createTestSandbox()
    const answer = await s.post('/api/v1/items', {
      family_id: 999,
      subfamily_id: 'x',
      tax_id: 999,
      supplier_id: 999,
      selling_price_without_tax: 'free',
      billing_frequency: 0,
    })
    expect(answer.status).toBe(422)
    expect(answer.body.errors).toEqual({
      description: ['The description field is required.'],
      family_id: ['The selected family id is invalid.'],
      subfamily_id: ['The subfamily id field must be an integer.'],
      tax_id: ['The selected tax id is invalid.'],
      supplier_id: ['The selected supplier id is invalid.'],
      selling_price_without_tax: ['The selling price without tax field must be a number.'],
      billing_frequency: ['The billing frequency field must be at least 1.'],
    })
    expect(answer.body.message).toBe('The description field is required. (and 6 more errors)')
    const huge = await s.post('/api/v1/items', {
      description: 'x',
      selling_price_without_tax: 1e12,
      quantity: 2 ** 40,
    })
    expect(huge.status).toBe(422)
    expect(Object.keys(huge.body.errors)).toEqual(['selling_price_without_tax', 'quantity'])
  })

  it('refuses a create to a user without the role (403, seeds/004 "Requires create permission on Item")', async () => {
    const s = createTestSandbox()
    expect((await s.post('/api/v1/items', sipTrunk, { token: TOKENS.sales })).status).toBe(403)
    expect((await s.post('/api/v1/items', sipTrunk, { token: TOKENS.tech })).status).toBe(201)
  })

  it('updates only the fields sent and answers 201 (seeds/004); a description cannot be emptied', async () => {
    const s = createTestSandbox()
    const updated = await s.put('/api/v1/items/42', {
      selling_price_without_tax: 21.5,
      active_for_initial_billing: '1',
      active: null,
    })
    expect(updated.status).toBe(201)
    expect(updated.body).toMatchObject({
      id: 42,
      description: 'SIP Trunk — 2 channels',
      selling_price_without_tax: '21.50',
      active_for_initial_billing: true,
      active: true,
    })
    expect((await s.get('/api/v1/items/42')).body.selling_price_without_tax).toBe('21.50')
    const emptied = await s.put('/api/v1/items/42', { description: '' })
    expect(emptied.status).toBe(422)
    expect(emptied.body.errors).toEqual({ description: ['The description field is required.'] })
    expect((await s.put('/api/v1/items/9999', { brand: 'x' })).status).toBe(404)
  })

  it('deletes an unused item, then 404; refuses an item a bundle or a customer file uses', async () => {
    const s = createTestSandbox()
    const created = await s.post('/api/v1/items', { description: 'Disposable' })
    expect((await s.delete(`/api/v1/items/${created.body.id}`)).status).toBe(200)
    expect((await s.get(`/api/v1/items/${created.body.id}`)).body).toEqual({
      message: `No query results for model [App\\Item] ${created.body.id}`,
    })
    const used = await s.delete('/api/v1/items/42') // bundle 7's recurring line
    expect(used.status).toBe(422)
    expect(used.body.message).toMatch(/cannot be deleted/)
    expect((await s.get('/api/v1/items/42')).status).toBe(200)
  })

  it('lists items with their family, subfamily and tax without include (seeds/004 "Paginated list of item objects with family, subfamily, tax relations and counts")', async () => {
    const s = createTestSandbox()
    const rows = (await s.get('/api/v1/items?filter[subfamily_id]=12')).body.data
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) {
      const byId = (await s.get(`/api/v1/items/${row.id}`)).body
      expect({ family: row.family, subfamily: row.subfamily, tax: row.tax }).toEqual({
        family: byId.family,
        subfamily: byId.subfamily,
        tax: byId.tax,
      })
    }
    expect(rows[0].subfamily).toMatchObject({ id: 12 })
    expect(rows[0]).not.toHaveProperty('family_count')
  })

  it('pages 10 per page by default, filters, sorts and includes (seeds/004)', async () => {
    const s = createTestSandbox()
    const page = await s.get('/api/v1/items')
    expect(page.body).toMatchObject({ per_page: 10, current_page: 1, total: 42, last_page: 5 })
    const byFamily = await s.get('/api/v1/items?filter[family_id]=3,7&per_page=100')
    expect(new Set(byFamily.body.data.map((i: any) => i.family_id))).toEqual(new Set([3, 7]))
    const bySubfamily = await s.get('/api/v1/items?filter[subfamily_id]=12')
    expect(bySubfamily.body.data.map((i: any) => i.description)).toContain('Fibre 500 Mbps')
    const byDescription = await s.get('/api/v1/items?filter[description]=SIP%20TRUNK')
    expect(byDescription.body.data.length).toBeGreaterThan(1)
    expect(byDescription.body.data.every((i: any) => /sip trunk/i.test(i.description))).toBe(true)
    const initial = await s.get(
      '/api/v1/items?filter[active_for_initial_billing]=true&per_page=100',
    )
    expect(initial.body.data.length).toBeGreaterThan(0)
    expect(initial.body.data.every((i: any) => i.active_for_initial_billing)).toBe(true)
    const byReference = await s.get('/api/v1/items?filter[internal_reference]=fib')
    expect(byReference.body.data.every((i: any) => /fib/i.test(i.internal_reference))).toBe(true)
    const sorted = await s.get('/api/v1/items?sort=-selling_price_without_tax&per_page=100')
    const prices = sorted.body.data.map((i: any) => Number(i.selling_price_without_tax ?? -1))
    expect(prices).toEqual([...prices].sort((a, b) => b - a))
    const included = await s.get(
      '/api/v1/items?include=family,subfamily,tax,familyCount,taxExists&filter[id]=42',
    )
    expect(included.body.data[0]).toMatchObject({
      family: { id: 7, name: 'VoIP Services' },
      subfamily: null,
      tax: null,
      family_count: 1,
      tax_exists: false,
    })
    for (const bad of ['filter[price]=1', 'sort=price', 'include=supplier'])
      expect((await s.get(`/api/v1/items?${bad}`)).status, bad).toBe(400)
  })

  it('shows a sales user only active items (seeds/004 "Non-admin/tech users see only active catalog items")', async () => {
    const s = createTestSandbox()
    const all = await s.get('/api/v1/items?per_page=100')
    const visible = await s.get('/api/v1/items?per_page=100', { token: TOKENS.sales })
    expect(all.body.data.some((i: any) => !i.active)).toBe(true)
    expect(visible.body.data.every((i: any) => i.active)).toBe(true)
    expect(visible.body.total).toBe(all.body.data.filter((i: any) => i.active).length)
  })

  it('looks an item up by internal reference, exactly (seeds/004)', async () => {
    const s = createTestSandbox()
    const sample = (await s.get('/api/v1/items/1')).body
    expect(
      (await s.get(`/api/v1/items/internal_reference/${sample.internal_reference}`)).body,
    ).toEqual({ item_id: 1 })
    const missing = await s.get(
      `/api/v1/items/internal_reference/${sample.internal_reference.toLowerCase()}x`,
    )
    expect(missing.status).toBe(404)
    expect(missing.body).toEqual({ message: 'No query results for model [App\\Item].' })
  })
})

describe('families and subfamilies', () => {
  it("runs the cookbook's step 1 and the resource routes (seeds/002, seeds/004)", async () => {
    const s = createTestSandbox()
    const family = await s.post('/api/v1/families', { name: 'VoIP Services' })
    expect(family.status).toBe(201)
    expect(family.body).toEqual({
      id: 9,
      name: 'VoIP Services',
      created_at: '2026-03-24T10:00:00.000000Z',
      updated_at: '2026-03-24T10:00:00.000000Z',
    })
    expect((await s.put(`/api/v1/families/${family.body.id}`, { name: 'Voice' })).body.name).toBe(
      'Voice',
    )
    expect((await s.put(`/api/v1/families/${family.body.id}`, { name: null })).body.errors).toEqual(
      { name: ['The name field is required.'] },
    )
    expect((await s.post('/api/v1/families', {})).body.errors).toEqual({
      name: ['The name field is required.'],
    })
    const list = await s.get('/api/v1/families?filter[name]=voice')
    expect(list.body.data.map((f: any) => f.id)).toEqual([family.body.id])
    expect((await s.get('/api/v1/families?sort=-name')).body.data[0].name).toBe('VoIP Services')
    expect((await s.delete(`/api/v1/families/${family.body.id}`)).status).toBe(200)
    expect((await s.get(`/api/v1/families/${family.body.id}`)).status).toBe(404)
  })

  it('refuses to delete a family that has subfamilies or items, and a subfamily that items use', async () => {
    const s = createTestSandbox()
    const refused = await s.delete('/api/v1/families/3')
    expect(refused.status).toBe(422)
    expect(refused.body.message).toMatch(/cannot be deleted/)
    expect((await s.delete('/api/v1/subfamilies/12')).status).toBe(422)
    const empty = await s.post('/api/v1/subfamilies', { family_id: 3, name: 'Empty' })
    expect((await s.delete(`/api/v1/subfamilies/${empty.body.id}`)).status).toBe(200)
  })

  it('creates a subfamily under an existing family only; lists with filters and include=family', async () => {
    const s = createTestSandbox()
    const created = await s.post('/api/v1/subfamilies', { family_id: '3', name: 'Fibre pro' })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ family_id: 3, name: 'Fibre pro' })
    const refused = await s.post('/api/v1/subfamilies', { family_id: 999, name: 'x' })
    expect(refused.body.errors).toEqual({ family_id: ['The selected family id is invalid.'] })
    expect((await s.put(`/api/v1/subfamilies/${created.body.id}`, { family_id: 999 })).status).toBe(
      422,
    )
    expect(
      (await s.put(`/api/v1/subfamilies/${created.body.id}`, { family_id: 7 })).body,
    ).toMatchObject({ family_id: 7, name: 'Fibre pro' })
    const listed = await s.get('/api/v1/subfamilies?filter[family_id]=3&include=family&sort=id')
    expect(listed.body.data.every((sf: any) => sf.family_id === 3 && sf.family.id === 3)).toBe(true)
    expect(listed.body.data.map((sf: any) => sf.id)).toContain(12)
    expect((await s.get('/api/v1/subfamilies?include=items')).status).toBe(400)
  })
})

describe('bundles and bundle initial items', () => {
  it('lists bundles as an array with counts per kind and the lines asked for (seeds/004)', async () => {
    const s = createTestSandbox()
    const list = await s.get('/api/v1/bundles?include=items_initial,itemsRecurring')
    expect(Array.isArray(list.body)).toBe(true)
    const seven = list.body.find((b: any) => b.id === 7)
    expect(seven).toMatchObject({
      items_initial_count: 1,
      items_licence_count: 0,
      items_recurring_count: 1,
    })
    expect(seven.items_recurring).toEqual([
      expect.objectContaining({ item_id: 42, quantity: '2.00', discount_rate: '0.1000' }),
    ])
    expect(seven).not.toHaveProperty('items_licence')
    expect(
      (await s.get('/api/v1/bundles?filter[name]=starter&sort=-id')).body.map((b: any) => b.id),
    ).toEqual([7, 1])
    expect((await s.get('/api/v1/bundles?include=items')).status).toBe(400)
  })

  it('creates with user_id set to the authenticated user; 403 for a sales user; updates answer 201 (seeds/004)', async () => {
    const s = createTestSandbox()
    const created = await s.post(
      '/api/v1/bundles',
      { name: 'Pack', user_id: 99 },
      { token: TOKENS.tech },
    )
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      name: 'Pack',
      description: null,
      active: true,
      user_id: USER_IDS.tech,
    })
    expect(
      (await s.post('/api/v1/bundles', { name: 'Pack' }, { token: TOKENS.sales })).status,
    ).toBe(403)
    const updated = await s.put(`/api/v1/bundles/${created.body.id}`, {
      description: 'All you need',
      user_id: 1,
    })
    expect(updated.status).toBe(201)
    expect(updated.body).toMatchObject({
      name: 'Pack',
      description: 'All you need',
      user_id: USER_IDS.tech,
    })
    expect((await s.post('/api/v1/bundles', { name: '' })).body.errors).toEqual({
      name: ['The name field is required.'],
    })
  })

  it('sums quantity × (override or item price) × (1 − discount) per kind, rounded half up', async () => {
    const s = createTestSandbox()
    const bundle = (await s.post('/api/v1/bundles', { name: 'Sums' })).body
    const item = (
      await s.post('/api/v1/items', { description: 'Priced', selling_price_without_tax: '33.33' })
    ).body
    const add = (body: object) =>
      s.post('/api/v1/bundle-initial-items', { bundle_id: bundle.id, item_id: item.id, ...body })
    const plain = await add({ quantity: 3 })
    expect(plain.status).toBe(201)
    expect(plain.body).toMatchObject({
      quantity: '3.00',
      selling_price_without_tax: null,
      discount_rate: null,
    })
    expect(
      (await s.get(`/api/v1/bundles/${bundle.id}`)).body
        .items_initial_sum_selling_price_without_tax,
    ).toBe('99.99')
    const discounted = await add({
      quantity: '1.5',
      selling_price_without_tax: 10.01,
      discount_rate: 0.125,
    })
    expect(discounted.body).toMatchObject({
      selling_price_without_tax: '10.01',
      discount_rate: '0.1250',
    })
    // 99.99 + 1.5 × 10.01 × 0.875 = 99.99 + 13.138125 -> 113.13
    expect(
      (await s.get(`/api/v1/bundles/${bundle.id}`)).body
        .items_initial_sum_selling_price_without_tax,
    ).toBe('113.13')
    await s.put(`/api/v1/bundle-initial-items/${discounted.body.id}`, { discount_rate: 0 })
    expect(
      (await s.get(`/api/v1/bundles/${bundle.id}`)).body
        .items_initial_sum_selling_price_without_tax,
    ).toBe('115.01')
    await s.put(`/api/v1/items/${item.id}`, { selling_price_without_tax: 10 })
    expect(
      (await s.get(`/api/v1/bundles/${bundle.id}`)).body
        .items_initial_sum_selling_price_without_tax,
    ).toBe('45.02')
  })

  it('validates lines: quantity > 0, bundle and item must exist (seeds/004)', async () => {
    const s = createTestSandbox()
    const answer = await s.post('/api/v1/bundle-initial-items', {
      bundle_id: 999,
      item_id: 999,
      quantity: 0,
      discount_rate: 2,
    })
    expect(answer.body.errors).toEqual({
      bundle_id: ['The selected bundle id is invalid.'],
      item_id: ['The selected item id is invalid.'],
      quantity: ['The quantity field must be greater than 0.'],
      discount_rate: ['The discount rate field must not be greater than 1.'],
    })
    const line = (await s.get('/api/v1/bundle-initial-items?bundle_id=7')).body.data[0]
    expect((await s.put(`/api/v1/bundle-initial-items/${line.id}`, { quantity: -1 })).status).toBe(
      422,
    )
    expect(
      (await s.put(`/api/v1/bundle-initial-items/${line.id}`, { quantity: 4 })).body.quantity,
    ).toBe('4.00')
  })

  it('lists lines 10 per page, by bundle_id or filter; a recurring line is not an initial item', async () => {
    const s = createTestSandbox()
    const page = await s.get('/api/v1/bundle-initial-items')
    expect(page.body.per_page).toBe(10)
    const seven = await s.get('/api/v1/bundle-initial-items?bundle_id=7')
    expect(seven.body.data).toEqual([
      expect.objectContaining({ bundle_id: 7, selling_price_without_tax: '150.00' }),
    ])
    expect((await s.get('/api/v1/bundle-initial-items?filter[bundle_id]=7')).body.data).toEqual(
      seven.body.data,
    )
    expect((await s.get('/api/v1/bundle-initial-items?bundle_id=x')).body.errors).toEqual({
      bundle_id: ['The bundle id field must be an integer.'],
    })
    const recurring = (await s.get('/api/v1/bundles?include=items_recurring')).body.find(
      (b: any) => b.id === 7,
    ).items_recurring[0]
    expect((await s.get(`/api/v1/bundle-initial-items/${recurring.id}`)).status).toBe(404)
    expect((await s.delete(`/api/v1/bundle-initial-items/${recurring.id}`)).status).toBe(404)
  })

  it('deletes a bundle with its lines, after which their item can go', async () => {
    const s = createTestSandbox()
    const lines = (await s.get('/api/v1/bundle-initial-items?bundle_id=7')).body.data
    expect((await s.delete('/api/v1/bundles/7')).status).toBe(200)
    expect((await s.get('/api/v1/bundles/7')).status).toBe(404)
    for (const line of lines)
      expect((await s.get(`/api/v1/bundle-initial-items/${line.id}`)).status).toBe(404)
    const bundle = (await s.post('/api/v1/bundles', { name: 'Short-lived' })).body
    const item = (await s.post('/api/v1/items', { description: 'Bundled only' })).body
    await s.post('/api/v1/bundle-initial-items', {
      bundle_id: bundle.id,
      item_id: item.id,
      quantity: 1,
    })
    expect((await s.delete(`/api/v1/items/${item.id}`)).status).toBe(422) // a bundle line uses it
    expect((await s.delete(`/api/v1/bundles/${bundle.id}`)).status).toBe(200)
    expect((await s.delete(`/api/v1/items/${item.id}`)).status).toBe(200)
  })
})

describe('suppliers', () => {
  it('answers the seeded suppliers as an array, by id (seeds/004 "Read-only via API")', async () => {
    const s = createTestSandbox()
    const answer = await s.get('/api/v1/suppliers')
    expect(answer.body.length).toBeGreaterThan(3)
    expect(answer.body.map((x: any) => x.id)).toEqual(
      [...answer.body.map((x: any) => x.id)].sort((a: number, b: number) => a - b),
    )
    expect(
      (await s.call('POST', '/api/v1/suppliers', { body: { name: 'x' }, unchecked: true })).status,
    ).toBe(405)
  })
})
