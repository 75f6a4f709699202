// The catalog, writes (full profile): seeds/004 and the cookbook's steps 1-2 (seeds/002). Each
// test creates what it needs, tagged `conformance-<run id>`; the run removes it at the end.
import { it, afterAll } from 'vitest'
import { kit, verify, describeResource, describeWrites, setup, UNKNOWN_ID } from '../suite.js'
import { checkDelete, checkGuardedDelete, checkPatch, checkUpdate } from '../writes.js'

async function create(resource: string, path: string, body: Record<string, unknown>) {
  const created = await setup(resource, `POST ${path}`, () => kit.post(path, body))
  kit.created(`${path} ${created.id}`, () => kit.delete(`${path}/${created.id}`))
  return created
}
const createFamily = (label: string) => create('families', '/v1/families', { name: kit.tag(label) })
const createItem = (body: Record<string, unknown>) => create('items', '/v1/items', body)

describeResource(
  ['items', 'families', 'subfamilies', 'bundles', 'bundle-initial-items'],
  'catalog',
  () =>
    describeWrites('writes (full profile; cookbook steps 1-2)', () => {
      afterAll(() => kit.cleanUp())

      it('creates a family (cookbook step 1), updates it as the next GET shows, refuses an empty name, deletes it', async () => {
        const family = await createFamily('VoIP Services')
        await checkUpdate(
          kit,
          `/v1/families/${family.id}`,
          { name: kit.tag('VoIP') },
          200,
          'seeds/004 PUT /v1/families/{id}',
        )
        const empty = await kit.put(`/v1/families/${family.id}`, { name: '' })
        verify(empty, 'seeds/004 "name | Yes"; Laravel rule required').equal(
          'errors',
          empty.body.errors,
          { name: ['The name field is required.'] },
        )
        await checkPatch(
          kit,
          `/v1/families/${family.id}`,
          { name: kit.tag('VoIP (PATCH)') },
          { name: '' },
          `/v1/families/${UNKNOWN_ID}`,
        )
        verify(
          await kit.post('/v1/families', {}),
          'seeds/002 step 1 "Required fields: name"',
        ).status(422)
        verify(
          await kit.put(`/v1/families/${UNKNOWN_ID}`, { name: 'x' }),
          'seeds/004 resource routes',
        ).status(404)
        verify(await kit.delete(`/v1/families/${UNKNOWN_ID}`), 'seeds/004 resource routes').status(
          404,
        )
        await checkDelete(kit, `/v1/families/${family.id}`, 'seeds/004 DELETE /v1/families/{id}')
      })

      it('creates an item (cookbook step 2) with the documented defaults and decimals as strings; PUT answers 201 and what GET answers', async () => {
        const family = await createFamily('items')
        const item = await createItem({
          description: kit.tag('SIP Trunk — 2 channels'),
          family_id: family.id,
          selling_price_without_tax: 19.9,
          billing_frequency: 1,
          active_for_recurring_billing: true,
        })
        const shown = await kit.get(`/v1/items/${item.id}`)
        const {
          selling_price_without_tax,
          billing_frequency,
          active,
          active_for_recurring_billing,
          family_id,
        } = shown.body
        verify(
          shown,
          'seeds/002 step 2 "Response 201"; seeds/004 defaults (active: true), decimals as strings',
        ).equal(
          "the item's values",
          {
            selling_price_without_tax,
            billing_frequency,
            active,
            active_for_recurring_billing,
            family_id,
          },
          {
            selling_price_without_tax: '19.90',
            billing_frequency: 1,
            active: true,
            active_for_recurring_billing: true,
            family_id: family.id,
          },
        )
        await checkUpdate(
          kit,
          `/v1/items/${item.id}`,
          { brand: 'conformance' },
          201,
          'seeds/004 PUT /v1/items/{id} "Response 201: Updated item object"',
        )
        verify(
          await kit.post('/v1/items', { family_id: UNKNOWN_ID }),
          'seeds/004 "description | Yes"',
        ).status(422)
        verify(
          await kit.put(`/v1/items/${UNKNOWN_ID}`, { brand: 'x' }),
          'seeds/004 PUT "Response 404"',
        ).status(404)
        const bad = await kit.put(`/v1/items/${item.id}`, {
          description: '',
          family_id: UNKNOWN_ID,
        })
        verify(bad, 'seeds/004 Item::attributes; Laravel rules required, exists').equal(
          'the fields in error',
          Object.keys(bad.body.errors ?? {}).sort(),
          ['description', 'family_id'],
        )
        verify(
          await kit.delete(`/v1/items/${UNKNOWN_ID}`),
          'seeds/004 DELETE "Response 404"',
        ).status(404)
        if (kit.config.salesToken)
          verify(
            await kit.post(
              '/v1/items',
              { description: kit.tag('forbidden') },
              { token: kit.config.salesToken },
            ),
            'seeds/004 "Requires create permission on Item"',
          ).status(403)
        await checkGuardedDelete(
          kit,
          `/v1/families/${family.id}`,
          'a family that still has items is refused (its foreign key)',
        )
      })

      it('creates a subfamily under a family, refuses one under an unknown family, refuses to delete it while an item uses it', async () => {
        const family = await createFamily('subfamilies')
        const subfamily = await create('subfamilies', '/v1/subfamilies', {
          family_id: family.id,
          name: kit.tag('Trunks'),
        })
        await checkUpdate(
          kit,
          `/v1/subfamilies/${subfamily.id}`,
          { name: kit.tag('SIP trunks') },
          200,
          'seeds/004 PUT /v1/subfamilies/{id}',
        )
        verify(
          await kit.post('/v1/subfamilies', { family_id: UNKNOWN_ID, name: 'x' }),
          'seeds/004 "family_id | Yes | FK to families"',
        ).status(422)
        verify(
          await kit.put(`/v1/subfamilies/${UNKNOWN_ID}`, { name: 'x' }),
          'seeds/004 resource routes',
        ).status(404)
        await checkPatch(
          kit,
          `/v1/subfamilies/${subfamily.id}`,
          { name: kit.tag('SIP trunks (PATCH)') },
          { family_id: UNKNOWN_ID },
          `/v1/subfamilies/${UNKNOWN_ID}`,
        )
        const moved = await kit.put(`/v1/subfamilies/${subfamily.id}`, { family_id: UNKNOWN_ID })
        verify(moved, 'seeds/004 "FK to families"; Laravel rule exists').equal(
          'errors',
          moved.body.errors,
          { family_id: ['The selected family id is invalid.'] },
        )
        await createItem({
          description: kit.tag('subfamily item'),
          family_id: family.id,
          subfamily_id: subfamily.id,
        })
        await checkGuardedDelete(
          kit,
          `/v1/subfamilies/${subfamily.id}`,
          'a subfamily that an item uses is refused (its foreign key)',
        )
        verify(
          await kit.delete(`/v1/subfamilies/${UNKNOWN_ID}`),
          'seeds/004 resource routes',
        ).status(404)
      })

      it('creates a bundle with an initial line whose override and discount make its sum (seeds/004 "calculated price sums")', async () => {
        const bundle = await create('bundles', '/v1/bundles', {
          name: kit.tag('Starter Pack Fibre'),
        })
        const item = await createItem({
          description: kit.tag('bundle item'),
          selling_price_without_tax: 100,
        })
        const line = await create('bundle-initial-items', '/v1/bundle-initial-items', {
          bundle_id: bundle.id,
          item_id: item.id,
          quantity: 2,
          selling_price_without_tax: 50,
          discount_rate: 0.1,
        })
        const sum = async (expected: string, why: string) => {
          const shown = await kit.get(`/v1/bundles/${bundle.id}`)
          verify(shown, 'seeds/004 "calculated price sums"; contract BundleWithSums').equal(
            `items_initial_sum_selling_price_without_tax (${why})`,
            shown.body.items_initial_sum_selling_price_without_tax,
            expected,
          )
        }
        await sum('90.00', '2 x 50.00 x (1 - 0.1)')
        await checkUpdate(
          kit,
          `/v1/bundle-initial-items/${line.id}`,
          { quantity: '1.00' },
          200,
          'seeds/004 PUT /v1/bundle-initial-items/{id}',
        )
        await sum('45.00', '1 x 50.00 x (1 - 0.1), after the PUT')
        verify(
          await kit.post('/v1/bundle-initial-items', {
            bundle_id: bundle.id,
            item_id: item.id,
            quantity: 0,
          }),
          'seeds/004 quantity; Laravel rule gt:0',
        ).status(422)
        verify(
          await kit.put(`/v1/bundle-initial-items/${UNKNOWN_ID}`, { quantity: 1 }),
          'seeds/004 resource routes',
        ).status(404)
        verify(
          await kit.put(`/v1/bundle-initial-items/${line.id}`, { quantity: 0 }),
          'seeds/004 quantity; Laravel rule gt:0',
        ).status(422)
        await checkPatch(
          kit,
          `/v1/bundle-initial-items/${line.id}`,
          { quantity: '1.00' },
          { quantity: 0 },
          `/v1/bundle-initial-items/${UNKNOWN_ID}`,
        )
        verify(
          await kit.delete(`/v1/bundle-initial-items/${UNKNOWN_ID}`),
          'seeds/004 resource routes',
        ).status(404)
        await checkUpdate(
          kit,
          `/v1/bundles/${bundle.id}`,
          { description: 'conformance' },
          201,
          'seeds/004 PUT /v1/bundles/{id} "Response 201: Updated bundle object"',
        )
        verify(
          await kit.put(`/v1/bundles/${UNKNOWN_ID}`, { name: 'x' }),
          'seeds/004 resource routes',
        ).status(404)
        verify(
          await kit.put(`/v1/bundles/${bundle.id}`, { name: '' }),
          'seeds/004 "name | Yes"',
        ).status(422)
        verify(await kit.post('/v1/bundles', {}), 'seeds/004 "name | Yes"').status(422)
        verify(await kit.delete(`/v1/bundles/${UNKNOWN_ID}`), 'seeds/004 resource routes').status(
          404,
        )
        if (kit.config.salesToken)
          verify(
            await kit.post(
              '/v1/bundles',
              { name: kit.tag('forbidden') },
              { token: kit.config.salesToken },
            ),
            'seeds/004 "Requires create permission on Item"',
          ).status(403)
        await checkDelete(
          kit,
          `/v1/bundle-initial-items/${line.id}`,
          'seeds/004 DELETE /v1/bundle-initial-items/{id}',
        )
        await sum('0.00', 'no line left')
      })
    }),
)
