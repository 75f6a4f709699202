// The catalog, read-only: seeds/004 (items, families, subfamilies, bundles, bundle initial items,
// suppliers). Ids and terms are taken from the instance's own data, found through the lists first.
import { it } from 'vitest'
import {
  kit,
  verify,
  describeResource,
  prerequisite,
  swapCase,
  Unavailable,
  UNKNOWN_ID,
} from '../suite.js'
import { checkPage } from '../paginator.js'
import { notFoundMessage } from '../answer-rules.js'
import { bundleSum, LINE_KINDS } from '../count-rules.js'

const notFound = (model: string, id: number) => notFoundMessage(model, ` ${id}`)

const items = prerequisite('items', 'the items listed by GET /v1/items', async () => {
  const page = await kit.get('/v1/items', { query: { per_page: 50 } })
  verify(page, 'seeds/004 GET /v1/items').status(200)
  if (page.body.data.length === 0) throw new Unavailable('no item')
  return page.body.data as any[]
})

describeResource('items', 'items', () => {
  it('GET /v1/items pages 10 per page by default, and per_page when given (seeds/004 "per_page | Items per page (default 10)")', async () => {
    const page = await kit.get('/v1/items')
    verify(page, 'seeds/004').status(200)
    checkPage(kit, page, 10, 1)
    checkPage(kit, await kit.get('/v1/items', { query: { per_page: 25 } }), 25, 1)
  })

  it('filters by family_id (seeds/004 example ?filter[family_id]=3), by id exactly, by description partially whatever its case', async () => {
    const all = await items()
    const sample =
      all.find((i) => i.family_id !== null && /\p{L}{4}/u.test(i.description)) ?? all[0]
    if (sample.family_id !== null) {
      const byFamily = await kit.get('/v1/items', {
        query: { 'filter[family_id]': sample.family_id, per_page: 100 },
      })
      const v = verify(byFamily, 'seeds/004 "filter[family_id] | Filter by family"')
      v.every(
        byFamily.body.data,
        (i) => i.family_id === sample.family_id,
        `family_id is ${sample.family_id}`,
        ['family_id'],
      )
      v.includes(byFamily.body.data, sample.id, `item "${sample.description}"`)
    }
    const byId = await kit.get('/v1/items', { query: { 'filter[id]': sample.id } })
    verify(byId, 'seeds/004 "filter[id] | Filter by exact ID"').equal(
      'the ids listed',
      byId.body.data.map((i: any) => i.id),
      [sample.id],
    )
    const part = swapCase(
      (/\p{L}{4,}/u.exec(sample.description)?.[0] ?? sample.description).slice(0, 5),
    )
    const byDescription = await kit.get('/v1/items', {
      query: { 'filter[description]': part, per_page: 100 },
    })
    const v = verify(
      byDescription,
      'seeds/004 "filter[description]"; spatie partial filter, MySQL matches case-insensitively',
    )
    v.includes(
      byDescription.body.data,
      sample.id,
      `item "${sample.description}" (filtered by "${part}")`,
    )
    v.every(
      byDescription.body.data,
      (i) => i.description.toLowerCase().includes(part.toLowerCase()),
      `description contains "${part}" ignoring case`,
      ['description'],
    )
    const initial = await kit.get('/v1/items', {
      query: { 'filter[active_for_initial_billing]': 'true', per_page: 100 },
    })
    verify(initial, 'seeds/004 "filter[active_for_initial_billing]"').every(
      initial.body.data,
      (i) => i.active_for_initial_billing === true,
      'active_for_initial_billing is true',
      ['active_for_initial_billing'],
    )
  })

  it('sorts (sort=-id), and includes family, subfamily and tax with their counts', async () => {
    const sorted = await kit.get('/v1/items', { query: { sort: '-id' } })
    verify(sorted, 'seeds/004 "sort | Sort field"').sorted(sorted.body.data, 'id', 'desc')
    const included = await kit.get('/v1/items', {
      query: { include: 'family,subfamily,tax,familyCount' },
    })
    verify(included, 'seeds/004 "include | Relations to include"; spatie xCount -> x_count').every(
      included.body.data,
      (i) => 'family' in i && 'subfamily' in i && 'tax' in i && 'family_count' in i,
      'has family, subfamily, tax and family_count',
    )
  })

  it('GET /v1/items lists every item with its family, subfamily and tax, without include (seeds/004 "Paginated list of item objects with family, subfamily, tax relations and counts")', async () => {
    const page = await kit.get('/v1/items', { query: { sort: 'description', per_page: 25 } })
    verify(page, 'seeds/004 GET /v1/items "with family, subfamily, tax relations"').every(
      page.body.data,
      (i) => 'family' in i && 'subfamily' in i && 'tax' in i,
      'has family, subfamily and tax (null when it has none)',
      ['family_id', 'subfamily_id', 'tax_id'],
    )
  })

  it("answers 400 with spatie's message for a filter, sort or include that is not allowed", async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [
        { 'filter[conformance]': 'x' },
        /^Requested filter\(s\) `conformance` are not allowed\. Allowed filter\(s\) are `[^`]+`\.$/,
      ],
      [
        { sort: 'conformance' },
        /^Requested sort\(s\) `conformance` is not allowed\. Allowed sort\(s\) are `[^`]+`\.$/,
      ],
      [
        { include: 'conformance' },
        /^Requested include\(s\) `conformance` are not allowed\. Allowed include\(s\) are `[^`]+`\.$/,
      ],
    ]
    for (const [query, message] of cases) {
      const answer = await kit.get('/v1/items', { query })
      verify(answer, 'spatie/laravel-query-builder').status(400)
      verify(answer, 'spatie/laravel-query-builder').matches(
        'message',
        answer.body.message,
        message,
        "spatie's message",
      )
    }
  })

  it("GET /v1/items/{id} answers the item with family, subfamily and tax; 404 with Laravel's message otherwise", async () => {
    const [sample] = await items()
    const answer = await kit.get(`/v1/items/${sample.id}`)
    verify(answer, 'seeds/004 "Get a single item with family, subfamily, tax relations"').that(
      ['family', 'subfamily', 'tax'].every((k) => k in answer.body),
      `the item has ${
        Object.keys(answer.body)
          .filter((k) => ['family', 'subfamily', 'tax'].includes(k))
          .join(', ') || 'none'
      } of family, subfamily, tax`,
    )
    const missing = await kit.get(`/v1/items/${UNKNOWN_ID}`)
    verify(missing, 'seeds/004 "Response 404"').status(404)
    verify(missing, 'Laravel ModelNotFoundException').matches(
      'message',
      missing.body.message,
      notFound('Item', UNKNOWN_ID),
      `"No query results for model [App\\Item] ${UNKNOWN_ID}"`,
    )
  })

  it('GET /v1/items/internal_reference/{ref} answers {item_id}; 404 otherwise (seeds/004)', async () => {
    const sample = (await items()).find((i) => i.internal_reference)
    for (const route of ['internal_reference', 'internalReference']) {
      if (sample) {
        const answer = await kit.get(
          `/v1/items/${route}/${encodeURIComponent(sample.internal_reference)}`,
        )
        verify(answer, 'seeds/004 "{ item_id: 42 }"').equal('the answer', answer.body, {
          item_id: sample.id,
        })
      }
      verify(
        await kit.get(`/v1/items/${route}/CONFORMANCE-UNKNOWN`),
        'seeds/004 "Response 404"',
      ).status(404)
    }
  })

  it.runIf(kit.config.salesToken !== null)(
    'a sales user sees only active items (seeds/004 "Non-admin/tech users see only active catalog items")',
    async () => {
      const page = await kit.get('/v1/items', {
        query: { per_page: 100 },
        token: kit.config.salesToken,
      })
      verify(page, 'seeds/004 "Non-admin/tech users see only active catalog items"').every(
        page.body.data,
        (i) => i.active === true,
        'active is true',
        ['description', 'active'],
      )
    },
  )
})

describeResource(['families', 'subfamilies'], 'families and subfamilies', () => {
  it('list, show, filter and 404 (seeds/004 resource routes)', async () => {
    const families = await kit.get('/v1/families')
    verify(families, 'seeds/004 GET /v1/families').status(200)
    const family = families.body.data[0]
    if (family) {
      const shown = await kit.get(`/v1/families/${family.id}`)
      verify(shown, 'seeds/004 GET /v1/families/{id}').equal('the family', shown.body, family)
    }
    verify(await kit.get(`/v1/families/${UNKNOWN_ID}`), 'seeds/004 resource routes').status(404)
    // Route::resource routes PATCH as PUT: without a token it meets auth:api (401), not a missing route (405). Nothing is written.
    for (const route of ['families', 'subfamilies', 'bundle-initial-items'])
      verify(
        await kit.request('PATCH', `/v1/${route}/${UNKNOWN_ID}`, {
          body: { name: 'x' },
          token: null,
        }),
        'seeds/004 "Standard CRUD (resource routes)"; Laravel Route::resource: PUT|PATCH update',
      ).status(401)
    verify(
      await kit.get('/v1/families', { query: { 'filter[conformance]': '1' } }),
      'spatie InvalidFilterQuery',
    ).status(400)
    const subfamilies = await kit.get('/v1/subfamilies', { query: { include: 'family' } })
    verify(subfamilies, 'seeds/004 GET /v1/subfamilies').status(200)
    const subfamily = subfamilies.body.data[0]
    if (subfamily) {
      const shown = await kit.get(`/v1/subfamilies/${subfamily.id}`)
      verify(shown, 'seeds/004 "family_id | FK to families"').equal(
        'family_id',
        shown.body.family_id,
        subfamily.family_id,
      )
      const byFamily = await kit.get('/v1/subfamilies', {
        query: { 'filter[family_id]': subfamily.family_id },
      })
      verify(byFamily, 'filter[family_id]').every(
        byFamily.body.data,
        (s) => s.family_id === subfamily.family_id,
        `family_id is ${subfamily.family_id}`,
        ['family_id'],
      )
    }
    verify(await kit.get(`/v1/subfamilies/${UNKNOWN_ID}`), 'seeds/004 resource routes').status(404)
    verify(
      await kit.get('/v1/subfamilies', { query: { sort: 'conformance' } }),
      'spatie InvalidSortQuery',
    ).status(400)
  })
})

describeResource(['bundles', 'bundle-initial-items'], 'bundles and bundle initial items', () => {
  it('GET /v1/bundles answers an array whose item counts are the lengths of the included lines (seeds/004)', async () => {
    const bundles = await kit.get('/v1/bundles', {
      query: { include: 'items_initial,items_licence,items_recurring' },
    })
    const v = verify(bundles, 'seeds/004 "Array of bundle objects with item counts"')
    v.that(Array.isArray(bundles.body), 'the answer is not an array')
    for (const kind of ['items_initial', 'items_licence', 'items_recurring'])
      v.every(
        bundles.body,
        (b) => b[`${kind}_count`] === b[kind]?.length,
        `${kind}_count is the number of ${kind} included`,
        [`${kind}_count`],
      )
    const first = bundles.body[0]
    if (first) {
      const byId = await kit.get('/v1/bundles', { query: { 'filter[id]': first.id } })
      verify(byId, 'seeds/004 "filter[id] | Filter by exact ID"').equal(
        'the ids listed',
        byId.body.map((b: any) => b.id),
        [first.id],
      )
    }
    verify(await kit.get(`/v1/bundles/${UNKNOWN_ID}`), 'seeds/004 GET /v1/bundles/{id}').status(404)
    verify(
      await kit.get('/v1/bundles', { query: { include: 'conformance' } }),
      'spatie InvalidIncludeQuery',
    ).status(400)
  })

  it('GET /v1/bundles/{id} answers sums recomputed from its lines: quantity x price x (1 - discount) (seeds/004 "calculated price sums")', async () => {
    const bundles = await kit.get('/v1/bundles', {
      query: { include: 'items_initial,items_licence,items_recurring' },
    })
    const withLines = bundles.body
      .filter(
        (b: any) => b.items_initial_count + b.items_licence_count + b.items_recurring_count > 0,
      )
      .slice(0, 3)
    if (withLines.length === 0) return
    const prices = new Map<number, unknown>()
    for (const bundle of withLines) {
      const shown = await kit.get(`/v1/bundles/${bundle.id}`)
      for (const kind of LINE_KINDS) {
        for (const line of bundle[kind] ?? [])
          if (line.selling_price_without_tax === null && !prices.has(line.item_id))
            prices.set(
              line.item_id,
              (await kit.get(`/v1/items/${line.item_id}`)).body.selling_price_without_tax,
            )
        const expected = bundleSum(bundle[kind] ?? [], (id) => prices.get(id))
        verify(
          shown,
          'seeds/004 "calculated price sums for each item type"; contract BundleWithSums',
        ).equal(
          `${kind}_sum_selling_price_without_tax of bundle ${bundle.id} (from its ${bundle[kind]?.length} ${kind} lines)`,
          shown.body[`${kind}_sum_selling_price_without_tax`],
          expected,
        )
      }
    }
  })

  it('GET /v1/bundle-initial-items pages the lines; shows one; 404, 400 and 422 otherwise', async () => {
    const lines = await kit.get('/v1/bundle-initial-items')
    verify(lines, 'seeds/004 GET /v1/bundle-initial-items').status(200)
    checkPage(kit, lines, 10, 1)
    const line = lines.body.data[0]
    if (line) {
      const shown = await kit.get(`/v1/bundle-initial-items/${line.id}`)
      verify(shown, 'seeds/004 GET /v1/bundle-initial-items/{id}').equal(
        'the line',
        shown.body,
        line,
      )
    }
    verify(
      await kit.get(`/v1/bundle-initial-items/${UNKNOWN_ID}`),
      'seeds/004 resource routes',
    ).status(404)
    verify(
      await kit.get('/v1/bundle-initial-items', { query: { 'filter[conformance]': 1 } }),
      'spatie InvalidFilterQuery',
    ).status(400)
    verify(
      await kit.get('/v1/bundle-initial-items', { query: { bundle_id: 'x' } }),
      'Laravel rule integer',
    ).status(422)
  })
})

describeResource('suppliers', 'suppliers', () => {
  it('GET /v1/suppliers answers an array (seeds/004 "Response 200: Array of supplier objects")', async () => {
    const answer = await kit.get('/v1/suppliers')
    verify(answer, 'seeds/004 "Array of supplier objects"').that(
      Array.isArray(answer.body),
      'the answer is not an array',
    )
  })
})
