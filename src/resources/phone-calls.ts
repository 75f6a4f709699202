// Phone calls, from the official PHP SDK (Endpoints/PhoneCalls): a paginated list, newest first,
// and calls whose customer follows from their contact (documentation's phone-calls page).
import type { Schema } from '../spec.js'
import { createRouter } from '../http/routes.js'
import type { Deps } from '../deps.js'
import { operationRules } from '../generated/rules.js'
import type { QuerySpec } from '../laravel/query.js'
import { toTimestamp } from '../laravel/serialize.js'
import { validate, withRules } from '../laravel/validate.js'
import { readInput } from '../http/request.js'
import { PHONE_CALL_DEFAULTS } from '../store/rows/crm.js'
import type { Store } from '../store/store.js'
import { bindRow, dropNulls, exists, neverNull, type StoreContext } from './fields.js'
import { pageOf, perPageOf, readListQuery, selectRows } from './list.js'

type PhoneCall = Schema<'PhoneCall'>
const MODEL = 'App\\PhoneCall'
const PER_PAGE = 15
const callQuery: QuerySpec = {
  filters: { customer_id: 'exact', contact_id: 'exact', user_id: 'exact', direction: 'exact' },
  sorts: ['id', 'started_at', 'ended_at', 'created_at', 'updated_at'],
  includes: [],
}
/** Every id sent must name a row; the dates are any date Laravel reads. */
const OWN_RULES = {
  user_id: [exists('users')],
  customer_id: [exists('customers')],
  contact_id: [exists('contacts')],
  started_at: ['date' as const],
  ended_at: ['date' as const],
}
const CREATE_RULES = withRules<Schema<'PhoneCallCreate'>, StoreContext>(
  operationRules.createPhoneCall,
  OWN_RULES,
)
const UPDATE_RULES = withRules<Schema<'PhoneCallUpdate'>, StoreContext>(
  operationRules.updatePhoneCall,
  OWN_RULES,
)
const DEFAULTED = Object.keys(PHONE_CALL_DEFAULTS) as (keyof typeof PHONE_CALL_DEFAULTS)[]
/** The SDK's update sends every key: a null keeps these columns, which are never null. */
const NEVER_NULL = ['direction' as const, 'status' as const, ...neverNull(PHONE_CALL_DEFAULTS)]

/** Dates sent in any form Laravel reads, stored as its timestamps. */
function withTimestamps<T extends { started_at?: string | null; ended_at?: string | null }>(
  fields: T,
): T {
  const out = { ...fields }
  for (const key of ['started_at', 'ended_at'] as const)
    if (out[key]) out[key] = toTimestamp(new Date(Date.parse(out[key]!)))
  return out
}

/** The contact's customer, when the call names a contact of a customer and no customer. */
function customerOf(store: Store, fields: Partial<PhoneCall>): number | null | undefined {
  if (fields.customer_id != null || fields.contact_id == null) return fields.customer_id
  const contact = store.contacts.get(fields.contact_id)
  return contact?.contactable_type === 'App\\Customer' ? contact.contactable_id : fields.customer_id
}

export function createPhoneCallsRouter(deps: Deps) {
  const router = createRouter({ before: deps.authenticate })
  const now = () => toTimestamp(deps.clock())

  router.get('/v1/phone-calls', (c, respond) => {
    const query = readListQuery(c, callQuery)
    const rows = c.get('store').phone_calls.all()
    const ordered = query.sorts.length ? rows : [...rows].reverse()
    return respond(200, pageOf(c, selectRows(ordered, query), perPageOf(c, PER_PAGE)))
  })

  router.post('/v1/phone-calls', async (c, respond) => {
    const store = c.get('store')
    const fields = withTimestamps(
      dropNulls(validate(await readInput(c), CREATE_RULES, { store }), DEFAULTED),
    )
    const stamp = now()
    const row = store.phone_calls.insert({
      ...PHONE_CALL_DEFAULTS,
      user_id: c.get('user').id,
      ...fields,
      customer_id: customerOf(store, fields) ?? null,
      created_at: stamp,
      updated_at: stamp,
    })
    return respond(201, row)
  })

  router.get('/v1/phone-calls/{id}', (c, respond) =>
    respond(200, bindRow(c, c.get('store').phone_calls, MODEL)),
  )

  router.put('/v1/phone-calls/{id}', async (c, respond) => {
    const store = c.get('store')
    const call = bindRow(c, store.phone_calls, MODEL)
    const fields = withTimestamps(
      dropNulls(validate(await readInput(c), UPDATE_RULES, { store }), NEVER_NULL),
    )
    return respond(200, store.phone_calls.update(call.id, { ...fields, updated_at: now() }))
  })

  router.delete('/v1/phone-calls/{id}', (c, respond) => {
    const store = c.get('store')
    const call = bindRow(c, store.phone_calls, MODEL)
    for (const note of store.notes.all().filter((n) => n.phone_call_id === call.id))
      store.notes.update(note.id, { phone_call_id: null })
    store.phone_calls.remove(call.id)
    return respond(200, { message: 'The phone call was deleted.' })
  })

  return router.routes
}
