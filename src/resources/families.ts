// Families and subfamilies, the two levels of the catalog's categories (seeds/004; the cookbook's
// step 1, seeds/002).
import type { Context } from 'hono'
import type { Schema } from '../spec.js'
import { createRouter } from '../http/routes.js'
import type { Deps } from '../deps.js'
import { Refused } from '../laravel/errors.js'
import type { QuerySpec } from '../laravel/query.js'
import { validate, withRules } from '../laravel/validate.js'
import { operationRules } from '../generated/rules.js'
import { readInput } from '../http/request.js'
import { freshTimestamp, saveRow } from '../store/rows/updates.js'
import { bindRow, dropNulls, exists } from './fields.js'
import { pageOf, perPageOf, readListQuery, selectRows, withIncludes } from './list.js'

type Subfamily = Schema<'Subfamily'>
const PER_PAGE = 10

export const familyQuery: QuerySpec = {
  filters: { name: 'partial', id: 'exact' },
  sorts: ['id', 'name', 'created_at', 'updated_at'],
  includes: [],
}
export const subfamilyQuery: QuerySpec = {
  filters: { name: 'partial', family_id: 'exact' },
  sorts: ['id', 'name', 'family_id', 'created_at', 'updated_at'],
  includes: ['family'],
}

/** A subfamily's family must exist. */
const CREATE_SUBFAMILY_RULES = withRules(operationRules.createSubfamily, {
  family_id: [exists('families')],
})
const UPDATE_SUBFAMILY_RULES = withRules(operationRules.updateSubfamily, {
  family_id: [exists('families')],
})

export function createFamiliesRouter(deps: Deps) {
  const router = createRouter({ before: deps.authenticate })
  const now = () => freshTimestamp(deps.clock())

  router.get('/v1/families', (c, respond) => {
    const rows = selectRows(c.get('store').families.all(), readListQuery(c, familyQuery))
    return respond(200, pageOf(c, rows, perPageOf(c, PER_PAGE)))
  })

  router.post('/v1/families', async (c, respond) => {
    const { name } = validate(await readInput(c), operationRules.createFamily)
    const stamp = now()
    return respond(
      201,
      c.get('store').families.insert({ name, created_at: stamp, updated_at: stamp }),
    )
  })

  router.get('/v1/families/{id}', (c, respond) =>
    respond(200, bindRow(c, c.get('store').families, 'App\\Family')),
  )

  const updateFamily = async (c: Context) => {
    const family = bindRow(c, c.get('store').families, 'App\\Family')
    const fields = dropNulls(validate(await readInput(c), operationRules.updateFamily), ['name'])
    return saveRow(c.get('store').families, family, fields, deps.clock())
  }
  // seeds/004 "Standard CRUD (resource routes)": Route::resource takes PUT and PATCH alike for update.
  router.put('/v1/families/{id}', async (c, respond) => respond(200, await updateFamily(c)))
  router.patch('/v1/families/{id}', async (c, respond) => respond(200, await updateFamily(c)))

  router.delete('/v1/families/{id}', (c, respond) => {
    const store = c.get('store')
    const family = bindRow(c, store.families, 'App\\Family')
    const { subfamilies, items } = store.familyUses(family.id)
    if (subfamilies || items)
      throw new Refused(
        `This family cannot be deleted because it still has ${subfamilies} subfamilies and ${items} items.`,
      )
    store.families.remove(family.id)
    return respond(200, { message: 'The family was deleted.' })
  })

  router.get('/v1/subfamilies', (c, respond) => {
    const store = c.get('store')
    const query = readListQuery(c, subfamilyQuery)
    const family = (s: Subfamily) => store.families.get(s.family_id) ?? null
    const page = pageOf(c, selectRows(store.subfamilies.all(), query), perPageOf(c, PER_PAGE))
    return respond(200, {
      ...page,
      data: page.data.map((s) => withIncludes(s, query.includes, { family })),
    })
  })

  router.post('/v1/subfamilies', async (c, respond) => {
    const store = c.get('store')
    const { family_id, name } = validate(await readInput(c), CREATE_SUBFAMILY_RULES, { store })
    const stamp = now()
    return respond(
      201,
      store.subfamilies.insert({ family_id, name, created_at: stamp, updated_at: stamp }),
    )
  })

  router.get('/v1/subfamilies/{id}', (c, respond) =>
    respond(200, bindRow(c, c.get('store').subfamilies, 'App\\Subfamily')),
  )

  const updateSubfamily = async (c: Context) => {
    const store = c.get('store')
    const subfamily = bindRow(c, store.subfamilies, 'App\\Subfamily')
    const fields = dropNulls(validate(await readInput(c), UPDATE_SUBFAMILY_RULES, { store }), [
      'name',
      'family_id',
    ])
    return saveRow(store.subfamilies, subfamily, fields, deps.clock())
  }
  router.put('/v1/subfamilies/{id}', async (c, respond) => respond(200, await updateSubfamily(c)))
  router.patch('/v1/subfamilies/{id}', async (c, respond) => respond(200, await updateSubfamily(c)))

  router.delete('/v1/subfamilies/{id}', (c, respond) => {
    const store = c.get('store')
    const subfamily = bindRow(c, store.subfamilies, 'App\\Subfamily')
    const { items } = store.subfamilyUses(subfamily.id)
    if (items)
      throw new Refused(`This subfamily cannot be deleted because ${items} items still use it.`)
    store.subfamilies.remove(subfamily.id)
    return respond(200, { message: 'The subfamily was deleted.' })
  })

  return router.routes
}
