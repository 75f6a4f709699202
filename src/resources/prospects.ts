// Prospects, from the official PHP SDK (Endpoints/Prospects): a customer-like record whose account
// is "PR" and the zero-padded id (documentation); the rest follows the client and Laravel.
import type { Schema } from '../spec.js'
import { createRouter } from '../http/routes.js'
import type { Deps } from '../deps.js'
import { operationRules } from '../generated/rules.js'
import { Forbidden, Refused } from '../laravel/errors.js'
import type { QuerySpec } from '../laravel/query.js'
import { toTimestamp } from '../laravel/serialize.js'
import { min, validate, withRules } from '../laravel/validate.js'
import { readInput } from '../http/request.js'
import { seesEverything } from '../auth.js'
import { PROSPECT_DEFAULTS, prospectAccountOf, toProspect } from '../store/rows/crm.js'
import { bindRow, dropNulls, neverNull } from './fields.js'
import { pageOf, perPageOf, readListQuery, selectRows } from './list.js'

type Prospect = Schema<'Prospect'>
const MODEL = 'App\\Prospect'
const PER_PAGE = 15
const prospectQuery: QuerySpec = {
  filters: { id: 'exact', name: 'partial', customer_account: 'partial', term_match: 'partial' },
  sorts: ['id', 'name', 'customer_account', 'created_at', 'updated_at'],
  includes: [],
}

/** The documentation: a prospect's name has at least 2 characters. */
const CREATE_RULES = withRules(operationRules.createProspect, { name: [min(2)] })
const UPDATE_RULES = withRules(operationRules.updateProspect, { name: [min(2)] })
const DEFAULTED = Object.keys(PROSPECT_DEFAULTS) as (keyof typeof PROSPECT_DEFAULTS)[]
const NEVER_NULL = neverNull(PROSPECT_DEFAULTS)

/** What `term_match` searches: the name, account, email address and phones. */
const termOf = (p: Prospect) =>
  [p.name, p.customer_account, p.email_address, p.phone, p.mobile_phone].filter(Boolean).join(' ')

export function createProspectsRouter(deps: Deps) {
  const router = createRouter({ before: deps.authenticate })
  const now = () => toTimestamp(deps.clock())

  router.get('/v1/prospects', (c, respond) => {
    const query = readListQuery(c, prospectQuery)
    const searched = query.filters.some((f) => f.field === 'term_match')
    const rows = c
      .get('store')
      .prospects.all()
      .map((p) => (searched ? { ...toProspect(p), term_match: termOf(p) } : toProspect(p)))
    const page = pageOf(c, selectRows(rows, query), perPageOf(c, PER_PAGE))
    return respond(200, {
      ...page,
      data: page.data.map(({ term_match: _term, ...p }: Prospect & { term_match?: string }) => p),
    })
  })

  router.post('/v1/prospects', async (c, respond) => {
    const store = c.get('store')
    const fields = dropNulls(validate(await readInput(c), CREATE_RULES), DEFAULTED)
    const user = c.get('user')
    // research §1.6: a sales user's prospect is theirs.
    if (!seesEverything(user)) fields.representative_id = user.id
    const id = store.prospects.nextId
    const stamp = now()
    const row = store.prospects.insert({
      ...PROSPECT_DEFAULTS,
      ...fields,
      customer_account: prospectAccountOf(id),
      created_at: stamp,
      updated_at: stamp,
    })
    return respond(201, toProspect(row))
  })

  router.get('/v1/prospects/{id}', (c, respond) =>
    respond(200, toProspect(bindRow(c, c.get('store').prospects, MODEL))),
  )

  router.put('/v1/prospects/{id}', async (c, respond) => {
    const store = c.get('store')
    const prospect = bindRow(c, store.prospects, MODEL)
    const fields = dropNulls(validate(await readInput(c), UPDATE_RULES), NEVER_NULL)
    return respond(
      200,
      toProspect(
        store.prospects.update(prospect.id, {
          ...toProspect(prospect),
          ...fields,
          updated_at: now(),
        }),
      ),
    )
  })

  router.delete('/v1/prospects/{id}', (c, respond) => {
    const store = c.get('store')
    const prospect = bindRow(c, store.prospects, MODEL)
    if (!seesEverything(c.get('user'))) throw new Forbidden()
    if (store.filesOf('prospect', prospect.id).length)
      throw new Refused('This prospect cannot be deleted because it still has customer files.')
    for (const contact of store.contacts
      .all()
      .filter((r) => r.contactable_type === MODEL && r.contactable_id === prospect.id))
      store.contacts.remove(contact.id)
    for (const note of store.notes
      .all()
      .filter((r) => r.noteable_type === MODEL && r.noteable_id === prospect.id))
      store.notes.remove(note.id)
    store.prospects.remove(prospect.id)
    return respond(200, { message: 'The prospect was deleted.' })
  })

  return router.routes
}
