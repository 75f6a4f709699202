// The catalog: seeds/004 (items, families, subfamilies, bundles, bundle initial items, suppliers)
// and the cookbook's steps 1-2 (seeds/002). Ids are discovered through the API first.
import { it, expect, beforeAll, afterAll } from 'vitest'
import { kit, behaviour, describeResource, describeWrites, expectPaginator, isSorted, UNKNOWN_ID } from '../suite.js'

const notFound = (model: string) => new RegExp(`^No query results for model \\[App\\\\(Models\\\\)?${model}\\]`)

describeResource('items', 'items', () => {
  let items: any[] = []
  beforeAll(async () => {
    items = (await kit.get('/v1/items', { query: { per_page: 50 } })).body.data
  })

  it('GET /v1/items pages 10 per page by default (seeds/004 "per_page default 10")', async () => {
    const page = await kit.get('/v1/items')
    expect(page.status).toBe(200)
    expectPaginator(page.body, 10, 1)
    const custom = await kit.get('/v1/items', { query: { per_page: 25 } })
    expectPaginator(custom.body, 25, 1)
  })

  it('filters by family_id (seeds/004 example ?filter[family_id]=3), id exactly, description partially', async () => {
    const sample = items.find((i) => i.family_id !== null) ?? items[0]
    if (!sample) return
    if (sample.family_id !== null) {
      const byFamily = await kit.get('/v1/items', { query: { 'filter[family_id]': sample.family_id, per_page: 100 } })
      behaviour(byFamily.body.data.every((i: any) => i.family_id === sample.family_id)).toBe(true)
      behaviour(byFamily.body.data.map((i: any) => i.id)).toContain(sample.id)
    }
    const byId = await kit.get('/v1/items', { query: { 'filter[id]': sample.id } })
    behaviour(byId.body.data.map((i: any) => i.id)).toEqual([sample.id])
    const part = sample.description.slice(0, 4)
    const byDescription = await kit.get('/v1/items', { query: { 'filter[description]': part.toUpperCase(), per_page: 100 } })
    behaviour(byDescription.body.data.every((i: any) => i.description.toLowerCase().includes(part.toLowerCase()))).toBe(true)
    const initial = await kit.get('/v1/items', { query: { 'filter[active_for_initial_billing]': 'true', per_page: 100 } })
    behaviour(initial.body.data.every((i: any) => i.active_for_initial_billing === true)).toBe(true)
  })

  it('sorts, and includes family, subfamily and tax with their counts', async () => {
    const sorted = await kit.get('/v1/items', { query: { sort: '-id' } })
    behaviour(isSorted(sorted.body.data.map((i: any) => i.id), true)).toBe(true)
    const included = await kit.get('/v1/items', { query: { include: 'family,subfamily,tax,familyCount' } })
    behaviour(included.body.data.every((i: any) => 'family' in i && 'subfamily' in i && 'tax' in i && 'family_count' in i)).toBe(true)
  })

  it('answers 400 for a filter, sort or include that is not allowed', async () => {
    for (const query of [{ 'filter[conformance]': 'x' }, { sort: 'conformance' }, { include: 'conformance' }] as Record<string, string>[])
      behaviour((await kit.get('/v1/items', { query })).status, JSON.stringify(query)).toBe(400)
  })

  it('GET /v1/items/{id} answers the item with family, subfamily and tax; 404 otherwise', async () => {
    const sample = items[0]
    if (!sample) return
    const answer = await kit.get(`/v1/items/${sample.id}`)
    expect(answer.status).toBe(200)
    behaviour(['family', 'subfamily', 'tax'].every((k) => k in answer.body)).toBe(true)
    const missing = await kit.get(`/v1/items/${UNKNOWN_ID}`)
    behaviour(missing.status).toBe(404)
    behaviour(missing.body.message).toMatch(notFound('Item'))
  })

  it('GET /v1/items/internal_reference/{ref} answers {item_id}; 404 otherwise (seeds/004)', async () => {
    const sample = items.find((i) => i.internal_reference)
    if (sample) behaviour((await kit.get(`/v1/items/internal_reference/${encodeURIComponent(sample.internal_reference)}`)).body).toEqual({ item_id: sample.id })
    behaviour((await kit.get('/v1/items/internal_reference/CONFORMANCE-UNKNOWN')).status).toBe(404)
    // The official request collection's path for the same look-up.
    if (sample) behaviour((await kit.get(`/v1/items/internalReference/${encodeURIComponent(sample.internal_reference)}`)).body).toEqual({ item_id: sample.id })
    behaviour((await kit.get('/v1/items/internalReference/CONFORMANCE-UNKNOWN')).status).toBe(404)
  })

  it.runIf(kit.config.salesToken !== null)('a sales user sees only active items (seeds/004 "Non-admin/tech users see only active catalog items")', async () => {
    const page = await kit.get('/v1/items', { query: { per_page: 100 }, token: kit.config.salesToken })
    behaviour(page.body.data.every((i: any) => i.active === true)).toBe(true)
  })
})

describeResource(['families', 'subfamilies'], 'families and subfamilies', () => {
  it('list, show and 404 (seeds/004 resource routes)', async () => {
    const families = await kit.get('/v1/families')
    expect(families.status).toBe(200)
    const family = families.body.data[0]
    if (family) behaviour((await kit.get(`/v1/families/${family.id}`)).body.id).toBe(family.id)
    behaviour((await kit.get(`/v1/families/${UNKNOWN_ID}`)).status).toBe(404)
    behaviour((await kit.get('/v1/families', { query: { 'filter[conformance]': '1' } })).status).toBe(400)
    const subfamilies = await kit.get('/v1/subfamilies', { query: { include: 'family' } })
    expect(subfamilies.status).toBe(200)
    const subfamily = subfamilies.body.data[0]
    if (subfamily) {
      behaviour((await kit.get(`/v1/subfamilies/${subfamily.id}`)).body.family_id).toBe(subfamily.family_id)
      const byFamily = await kit.get('/v1/subfamilies', { query: { 'filter[family_id]': subfamily.family_id } })
      behaviour(byFamily.body.data.every((s: any) => s.family_id === subfamily.family_id)).toBe(true)
    }
    behaviour((await kit.get(`/v1/subfamilies/${UNKNOWN_ID}`)).status).toBe(404)
    behaviour((await kit.get('/v1/subfamilies', { query: { sort: 'conformance' } })).status).toBe(400)
  })
})

describeResource(['bundles', 'bundle-initial-items'], 'bundles and bundle initial items', () => {
  it('GET /v1/bundles answers an array with item counts per kind, filters and includes (seeds/004)', async () => {
    const bundles = await kit.get('/v1/bundles', { query: { include: 'items_initial,items_recurring' } })
    expect(bundles.status).toBe(200)
    behaviour(Array.isArray(bundles.body)).toBe(true)
    for (const b of bundles.body) {
      behaviour(Number.isInteger(b.items_initial_count) && Number.isInteger(b.items_licence_count) && Number.isInteger(b.items_recurring_count)).toBe(true)
      behaviour(b.items_initial?.length, `bundle ${b.id}`).toBe(b.items_initial_count)
    }
    const first = bundles.body[0]
    if (first) {
      behaviour((await kit.get('/v1/bundles', { query: { 'filter[id]': first.id } })).body.map((b: any) => b.id)).toEqual([first.id])
      const shown = await kit.get(`/v1/bundles/${first.id}`)
      behaviour(typeof shown.body.items_initial_sum_selling_price_without_tax).toBe('string')
    }
    behaviour((await kit.get(`/v1/bundles/${UNKNOWN_ID}`)).status).toBe(404)
    behaviour((await kit.get('/v1/bundles', { query: { include: 'conformance' } })).status).toBe(400)
    const lines = await kit.get('/v1/bundle-initial-items')
    expect(lines.status).toBe(200)
    expectPaginator(lines.body, 10, 1)
    const line = lines.body.data[0]
    if (line) behaviour((await kit.get(`/v1/bundle-initial-items/${line.id}`)).body.bundle_id).toBe(line.bundle_id)
    behaviour((await kit.get(`/v1/bundle-initial-items/${UNKNOWN_ID}`)).status).toBe(404)
    behaviour((await kit.get('/v1/bundle-initial-items', { query: { 'filter[conformance]': 1 } })).status).toBe(400)
    behaviour((await kit.get('/v1/bundle-initial-items', { query: { bundle_id: 'x' } })).status).toBe(422)
  })
})

describeResource('suppliers', 'suppliers', () => {
  it('GET /v1/suppliers answers an array (seeds/004 "Read-only via API")', async () => {
    const answer = await kit.get('/v1/suppliers')
    expect(answer.status).toBe(200)
    behaviour(Array.isArray(answer.body)).toBe(true)
  })
})

describeResource(['items', 'families', 'subfamilies', 'bundles', 'bundle-initial-items'], 'catalog', () => describeWrites('writes (full profile; cookbook steps 1-2)', () => {
  afterAll(() => kit.cleanUp())
  let familyId: number

  it('creates a family (cookbook step 1), updates, shows and deletes it', async () => {
    const family = await kit.post('/v1/families', { name: kit.tag('VoIP Services') })
    expect(family.status).toBe(201)
    familyId = family.body.id
    kit.created(`family ${familyId}`, () => kit.delete(`/v1/families/${familyId}`))
    behaviour((await kit.put(`/v1/families/${familyId}`, { name: kit.tag('VoIP') })).body.name).toBe(kit.tag('VoIP'))
    behaviour((await kit.post('/v1/families', {})).status).toBe(422)
    behaviour((await kit.put(`/v1/families/${UNKNOWN_ID}`, { name: 'x' })).status).toBe(404)
    const emptied = await kit.put(`/v1/families/${familyId}`, { name: '' })
    behaviour(emptied.status).toBe(422)
    behaviour(Object.keys(emptied.body.errors ?? {})).toContain('name')
    behaviour((await kit.delete(`/v1/families/${UNKNOWN_ID}`)).status).toBe(404)
  })

  it('creates an item in it (cookbook step 2) with the documented defaults, decimals as strings', async () => {
    const item = await kit.post('/v1/items', { description: kit.tag('SIP Trunk — 2 channels'), family_id: familyId, selling_price_without_tax: 19.9, billing_frequency: 1, active_for_recurring_billing: true })
    expect(item.status).toBe(201)
    kit.created(`item ${item.body.id}`, () => kit.delete(`/v1/items/${item.body.id}`))
    behaviour(item.body).toMatchObject({ selling_price_without_tax: '19.90', billing_frequency: 1, active: true, active_for_recurring_billing: true, family_id: familyId })
    const updated = await kit.put(`/v1/items/${item.body.id}`, { brand: 'conformance' })
    behaviour(updated.status).toBe(201) // seeds/004: "Response 201: Updated item object."
    behaviour((await kit.get(`/v1/items/${item.body.id}`)).body.brand).toBe('conformance')
    behaviour((await kit.post('/v1/items', { family_id: UNKNOWN_ID })).status).toBe(422)
    behaviour((await kit.put(`/v1/items/${UNKNOWN_ID}`, { brand: 'x' })).status).toBe(404)
    const badUpdate = await kit.put(`/v1/items/${item.body.id}`, { description: '', family_id: UNKNOWN_ID })
    behaviour(badUpdate.status).toBe(422) // description cannot be emptied; family_id must exist
    behaviour(Object.keys(badUpdate.body.errors ?? {}).sort()).toEqual(['description', 'family_id'])
    behaviour((await kit.delete(`/v1/items/${UNKNOWN_ID}`)).status).toBe(404)
    if (kit.config.salesToken) behaviour((await kit.post('/v1/items', { description: kit.tag('forbidden') }, { token: kit.config.salesToken })).status).toBe(403)
    const family = await kit.delete(`/v1/families/${familyId}`)
    behaviour(family.status).toBe(422) // a family that still has items is refused
  })

  it('creates a subfamily under the family, refuses one under an unknown family', async () => {
    const subfamily = await kit.post('/v1/subfamilies', { family_id: familyId, name: kit.tag('Trunks') })
    expect(subfamily.status).toBe(201)
    kit.created(`subfamily ${subfamily.body.id}`, () => kit.delete(`/v1/subfamilies/${subfamily.body.id}`))
    behaviour((await kit.put(`/v1/subfamilies/${subfamily.body.id}`, { name: kit.tag('SIP trunks') })).status).toBe(200)
    behaviour((await kit.post('/v1/subfamilies', { family_id: UNKNOWN_ID, name: 'x' })).status).toBe(422)
    behaviour((await kit.put(`/v1/subfamilies/${UNKNOWN_ID}`, { name: 'x' })).status).toBe(404)
    const moved = await kit.put(`/v1/subfamilies/${subfamily.body.id}`, { family_id: UNKNOWN_ID })
    behaviour(moved.status).toBe(422)
    behaviour(Object.keys(moved.body.errors ?? {})).toContain('family_id')
    // A subfamily that an item still uses is refused, as its foreign key would refuse it.
    const item = await kit.post('/v1/items', { description: kit.tag('subfamily item'), family_id: familyId, subfamily_id: subfamily.body.id })
    expect(item.status).toBe(201)
    kit.created(`item ${item.body.id}`, () => kit.delete(`/v1/items/${item.body.id}`))
    behaviour((await kit.delete(`/v1/subfamilies/${subfamily.body.id}`)).status).toBe(422)
    behaviour((await kit.delete(`/v1/subfamilies/${UNKNOWN_ID}`)).status).toBe(404)
  })

  it('creates a bundle with an initial line whose override and discount change the sums (seeds/004)', async () => {
    const bundle = await kit.post('/v1/bundles', { name: kit.tag('Starter Pack Fibre') })
    expect(bundle.status).toBe(201)
    kit.created(`bundle ${bundle.body.id}`, () => kit.delete(`/v1/bundles/${bundle.body.id}`))
    const item = await kit.post('/v1/items', { description: kit.tag('bundle item'), selling_price_without_tax: 100 })
    kit.created(`item ${item.body.id}`, () => kit.delete(`/v1/items/${item.body.id}`))
    const line = await kit.post('/v1/bundle-initial-items', { bundle_id: bundle.body.id, item_id: item.body.id, quantity: 2, selling_price_without_tax: 50, discount_rate: 0.1 })
    expect(line.status).toBe(201)
    kit.created(`bundle initial item ${line.body.id}`, () => kit.delete(`/v1/bundle-initial-items/${line.body.id}`))
    behaviour((await kit.get(`/v1/bundles/${bundle.body.id}`)).body.items_initial_sum_selling_price_without_tax).toBe('90.00')
    behaviour((await kit.put(`/v1/bundle-initial-items/${line.body.id}`, { quantity: 1 })).status).toBe(200)
    behaviour((await kit.get(`/v1/bundles/${bundle.body.id}`)).body.items_initial_sum_selling_price_without_tax).toBe('45.00')
    behaviour((await kit.post('/v1/bundle-initial-items', { bundle_id: bundle.body.id, item_id: item.body.id, quantity: 0 })).status).toBe(422)
    behaviour((await kit.put(`/v1/bundle-initial-items/${UNKNOWN_ID}`, { quantity: 1 })).status).toBe(404)
    behaviour((await kit.put(`/v1/bundle-initial-items/${line.body.id}`, { quantity: 0 })).status).toBe(422) // quantity > 0
    behaviour((await kit.delete(`/v1/bundle-initial-items/${UNKNOWN_ID}`)).status).toBe(404)
    behaviour((await kit.put(`/v1/bundles/${bundle.body.id}`, { description: 'conformance' })).status).toBe(201) // seeds/004
    behaviour((await kit.put(`/v1/bundles/${UNKNOWN_ID}`, { name: 'x' })).status).toBe(404)
    behaviour((await kit.put(`/v1/bundles/${bundle.body.id}`, { name: '' })).status).toBe(422)
    behaviour((await kit.post('/v1/bundles', {})).status).toBe(422)
    behaviour((await kit.delete(`/v1/bundles/${UNKNOWN_ID}`)).status).toBe(404)
    if (kit.config.salesToken) behaviour((await kit.post('/v1/bundles', { name: kit.tag('forbidden') }, { token: kit.config.salesToken })).status).toBe(403)
  })
}))
