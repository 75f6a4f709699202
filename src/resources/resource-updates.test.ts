// How an update is taken and saved, the same on every route that updates: the resource routes of
// seeds/004 take PATCH as PUT, and rows are saved as Eloquent saves them (whole-second timestamps,
// no write for an update that changes nothing).
import { describe, it, expect } from 'vitest'
import { createTestSandbox } from '../../test/sandbox.js'

/** seeds/004 "Standard CRUD (resource routes)": families, subfamilies, bundle initial items. */
const RESOURCE_ROUTES = [
  ['/api/v1/families/3', { name: 'Internet' }, { name: '' }],
  ['/api/v1/subfamilies/12', { name: 'Fibre FTTH' }, { family_id: 2_000_000_000 }],
  ['/api/v1/bundle-initial-items', { selling_price_without_tax: '12.50' }, { quantity: 0 }],
] as const

describe('PATCH on the resource routes (seeds/004 "Standard CRUD (resource routes)"; Laravel Route::resource: PUT|PATCH update)', () => {
  it.each(RESOURCE_ROUTES)(
    'PATCH %s updates as PUT does, and is refused by the same rules',
    async (route, change, invalid) => {
      const s = createTestSandbox()
      const path = route.endsWith('items')
        ? `${route}/${(await s.get(route)).body.data[0].id}`
        : route
      const patched = await s.call('PATCH', path, { body: change })
      expect(patched.status).toBe(200)
      expect(patched.body).toMatchObject(change)
      expect((await s.get(path)).body).toEqual(patched.body)
      const [viaPatch, viaPut] = [
        await s.call('PATCH', path, { body: invalid }),
        await s.put(path, invalid),
      ]
      expect(viaPatch.status).toBe(422)
      expect(viaPatch.body).toEqual(viaPut.body)
    },
  )

  it("lists PATCH beside PUT in a 405's Allow, as Laravel does for a resource route", async () => {
    const answer = await createTestSandbox().post(
      '/api/v1/families/3',
      { name: 'x' },
      { unchecked: true },
    )
    expect(answer.status).toBe(405)
    expect(answer.headers.get('allow')?.split(', ')).toEqual([
      'GET',
      'HEAD',
      'PUT',
      'PATCH',
      'DELETE',
    ])
  })

  it('answers 405 to PATCH where the docs name no resource route (seeds/000 documents PUT /v1/customers/{id} alone)', async () => {
    expect(
      (
        await createTestSandbox().call('PATCH', '/api/v1/customers/42', {
          body: { name: 'x' },
          unchecked: true,
        })
      ).status,
    ).toBe(405)
  })
})

describe('timestamps as Eloquent saves them', () => {
  const at = (iso: string) => {
    let now = new Date(iso)
    const s = createTestSandbox({ app: { clock: () => now } })
    return { s, tick: (next: string) => (now = new Date(next)) }
  }

  it("stores whole seconds, as the seeded rows and the docs' examples show (`2026-03-24T10:00:00.000000Z`)", async () => {
    const { s } = at('2026-03-24T10:00:00.987Z')
    for (const [path, body] of [
      ['/api/v1/customers', { name: 'Acme Corp' }],
      ['/api/v1/families', { name: 'VoIP Services' }],
      ['/api/v1/items', { description: 'SIP' }],
    ] as const) {
      const created = await s.post(path, body)
      expect(created.body).toMatchObject({
        created_at: '2026-03-24T10:00:00.000000Z',
        updated_at: '2026-03-24T10:00:00.000000Z',
      })
    }
  })

  it.each([
    ['PUT', '/api/v1/customers/42', { name: 'Acme Corporation' }],
    ['PUT', '/api/v1/items/42', { comment: 'moved' }],
    ['PATCH', '/api/v1/families/3', { name: 'Internet' }],
    ['PUT', '/api/v1/customer-files/500', { billing_frequency: 12 }],
  ] as const)(
    '%s %s moves updated_at on a change, and leaves it on an update that changes nothing (Eloquent saves only a dirty model)',
    async (method, path, change) => {
      const { s, tick } = at('2026-03-24T10:00:00.250Z')
      const first = await s.call(method, path, { body: change })
      expect(first.body.updated_at).toBe('2026-03-24T10:00:00.000000Z')
      tick('2026-03-25T08:30:15.750Z')
      const again = await s.call(method, path, { body: change })
      expect(again.body.updated_at).toBe('2026-03-24T10:00:00.000000Z')
      expect((await s.get(path)).body.updated_at).toBe('2026-03-24T10:00:00.000000Z')
    },
  )
})
