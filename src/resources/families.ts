// Families and subfamilies, the two levels of the catalog's categories (seeds/004; the cookbook's
// step 1, seeds/002).
import { createRouter, type Schema } from '../spec.js'
import type { Deps } from '../deps.js'
import { Refused } from '../laravel/errors.js'
import type { QuerySpec } from '../laravel/query.js'
import { toTimestamp } from '../laravel/serialize.js'
import { validate, max, sometimes, type Rules } from '../laravel/validate.js'
import { readInput } from '../request.js'
import type { Store } from '../store/store.js'
import { bindRow, castFields, dropNulls, existsIn } from './fields.js'
import { pageOf, perPageOf, readListQuery, selectRows, withIncludes } from './list.js'

type Family = Schema<'Family'>
type Subfamily = Schema<'Subfamily'>
const PER_PAGE = 10

export const familyQuery: QuerySpec = { filters: { name: 'partial', id: 'exact' }, sorts: ['id', 'name', 'created_at', 'updated_at'], includes: [] }
export const subfamilyQuery: QuerySpec = {
  filters: { name: 'partial', family_id: 'exact' },
  sorts: ['id', 'name', 'family_id', 'created_at', 'updated_at'],
  includes: ['family'],
}

const familyRules: Rules = { name: ['required', 'string', max(255)] }
const subfamilyRules = (store: Store): Rules => ({ family_id: ['required', 'integer', existsIn(store.families)], name: ['required', 'string', max(255)] })

export function createFamiliesRouter(deps: Deps) {
  const router = createRouter({ before: deps.authenticate })
  const now = () => toTimestamp(deps.clock())

  router.get('/v1/families', (c, respond) => {
    const rows = selectRows(c.get('store').families.all(), readListQuery(c, familyQuery))
    return respond(200, pageOf(c, rows, perPageOf(c, PER_PAGE)))
  })

  router.post('/v1/families', async (c, respond) => {
    const { name } = validate(await readInput(c), familyRules)
    const stamp = now()
    return respond(201, c.get('store').families.insert({ name: String(name), created_at: stamp, updated_at: stamp }))
  })

  router.get('/v1/families/{id}', (c, respond) => respond(200, bindRow(c, c.get('store').families, 'App\\Family')))

  router.put('/v1/families/{id}', async (c, respond) => {
    const family = bindRow(c, c.get('store').families, 'App\\Family')
    const input = await readInput(c)
    const fields = dropNulls(validate(input, sometimes(familyRules, input)), ['name']) as Partial<Family>
    return respond(200, c.get('store').families.update(family.id, { ...fields, updated_at: now() }))
  })

  router.delete('/v1/families/{id}', (c, respond) => {
    const store = c.get('store')
    const family = bindRow(c, store.families, 'App\\Family')
    const subfamilies = store.subfamilies.byFamily.get(family.id).length
    const items = store.items.byFamily.get(family.id).length
    if (subfamilies || items) throw new Refused(`This family cannot be deleted because it still has ${subfamilies} subfamilies and ${items} items.`)
    store.families.remove(family.id)
    return respond(200, { message: 'The family was deleted.' })
  })

  router.get('/v1/subfamilies', (c, respond) => {
    const store = c.get('store')
    const query = readListQuery(c, subfamilyQuery)
    const family = (s: Subfamily) => store.families.get(s.family_id) ?? null
    const page = pageOf(c, selectRows(store.subfamilies.all(), query), perPageOf(c, PER_PAGE))
    return respond(200, { ...page, data: page.data.map((s) => withIncludes(s, query.includes, { family })) })
  })

  router.post('/v1/subfamilies', async (c, respond) => {
    const store = c.get('store')
    const fields = castFields(validate(await readInput(c), subfamilyRules(store)), { integers: ['family_id'] })
    const stamp = now()
    return respond(201, store.subfamilies.insert({ family_id: Number(fields.family_id), name: String(fields.name), created_at: stamp, updated_at: stamp }))
  })

  router.get('/v1/subfamilies/{id}', (c, respond) => respond(200, bindRow(c, c.get('store').subfamilies, 'App\\Subfamily')))

  router.put('/v1/subfamilies/{id}', async (c, respond) => {
    const store = c.get('store')
    const subfamily = bindRow(c, store.subfamilies, 'App\\Subfamily')
    const input = await readInput(c)
    const fields = dropNulls(castFields(validate(input, sometimes(subfamilyRules(store), input)), { integers: ['family_id'] }), ['name', 'family_id']) as Partial<Subfamily>
    return respond(200, store.subfamilies.update(subfamily.id, { ...fields, updated_at: now() }))
  })

  router.delete('/v1/subfamilies/{id}', (c, respond) => {
    const store = c.get('store')
    const subfamily = bindRow(c, store.subfamilies, 'App\\Subfamily')
    const items = store.items.bySubfamily.get(subfamily.id).length
    if (items) throw new Refused(`This subfamily cannot be deleted because ${items} items still use it.`)
    store.subfamilies.remove(subfamily.id)
    return respond(200, { message: 'The subfamily was deleted.' })
  })

  return router.hono
}
