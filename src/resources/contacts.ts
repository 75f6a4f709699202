// Contacts, from the official PHP SDK (Endpoints/Contacts): a customer's or a prospect's contact
// persons, listed as a bare array, and the look-up by phone number the SDK's
// ShowContactByNumberRequest makes.
import type { Schema } from '../spec.js'
import { createRouter } from '../http/routes.js'
import type { Deps } from '../deps.js'
import { operationRules } from '../generated/rules.js'
import { Refused } from '../laravel/errors.js'
import type { QuerySpec } from '../laravel/query.js'
import { toTimestamp } from '../laravel/serialize.js'
import { validate } from '../laravel/validate.js'
import { queryInput, readInput } from '../http/request.js'
import { CONTACT_DEFAULTS, phoneTail, toContactRecord } from '../store/rows/crm.js'
import { bindRow, dropNulls, neverNull } from './fields.js'
import { readListQuery, selectRows } from './list.js'
import { findOwner, ownerInQuery, ownerRules } from './owners.js'

type Contact = Schema<'Contact'>
const MODEL = 'App\\Contact'
const OWNER = ownerRules('contactable', ['App\\Customer', 'App\\Prospect'])
const contactQuery: QuerySpec = {
  filters: { last_name: 'partial', email_address: 'partial' },
  sorts: ['id', 'last_name', 'first_name', 'created_at', 'updated_at'],
  includes: [],
}
const DEFAULTED = Object.keys(CONTACT_DEFAULTS) as (keyof typeof CONTACT_DEFAULTS)[]
const NEVER_NULL = neverNull(CONTACT_DEFAULTS)

const hasNumber = (tail: string) => (c: Contact) =>
  [c.mobile_phone, c.landline_phone].some((p) => !!p && phoneTail(p) === tail)

export function createContactsRouter(deps: Deps) {
  const router = createRouter({ before: deps.authenticate })
  const now = () => toTimestamp(deps.clock())

  router.get('/v1/contacts', (c, respond) => {
    const owner = ownerInQuery(c, 'contactable', OWNER)
    const query = readListQuery(c, contactQuery)
    const store = c.get('store')
    const rows = store.contacts
      .all()
      .filter((r) => r.contactable_type === owner.type && r.contactable_id === owner.id)
    return respond(200, [...selectRows(rows.map(toContactRecord), query)])
  })

  router.post('/v1/contacts', async (c, respond) => {
    const input = await readInput(c)
    const owner = findOwner(c, input, 'contactable', OWNER)
    const fields = dropNulls(validate(input, operationRules.createContact), DEFAULTED)
    const stamp = now()
    const row = c.get('store').contacts.insert({
      ...CONTACT_DEFAULTS,
      ...fields,
      contactable_type: owner.type,
      contactable_id: owner.id,
      user_id: c.get('user').id,
      created_at: stamp,
      updated_at: stamp,
    })
    return respond(201, toContactRecord(row))
  })

  router.get('/v1/contacts/numbers', (c, respond) => {
    const { phoneNumber } = validate(queryInput(c), { phoneNumber: ['required', 'string'] })
    const tail = phoneTail(String(phoneNumber))
    const found = tail ? c.get('store').contacts.all().find(hasNumber(tail)) : undefined
    return respond(
      200,
      found ? { data: toContactRecord(found) } : { response: 'Contact not found.' },
    )
  })

  router.get('/v1/contacts/{id}', (c, respond) =>
    respond(200, toContactRecord(bindRow(c, c.get('store').contacts, MODEL))),
  )

  router.put('/v1/contacts/{id}', async (c, respond) => {
    const store = c.get('store')
    const contact = bindRow(c, store.contacts, MODEL)
    const fields = dropNulls(validate(await readInput(c), operationRules.updateContact), NEVER_NULL)
    return respond(
      200,
      toContactRecord(store.contacts.update(contact.id, { ...fields, updated_at: now() })),
    )
  })

  router.delete('/v1/contacts/{id}', (c, respond) => {
    const store = c.get('store')
    const contact = bindRow(c, store.contacts, MODEL)
    if (store.customer_file_contacts.all().some((link) => link.contact_id === contact.id))
      throw new Refused('This contact cannot be deleted because customer files still name it.')
    store.contacts.remove(contact.id)
    return respond(200, { message: 'The contact was deleted.' })
  })

  return router.routes
}
