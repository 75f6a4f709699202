// Customer files (seeds/002 steps 4 and "What's Next?"): a customer's or a prospect's billing
// dossier, with its line items (licences, initials, recurrings) and its contacts.
import type { Context } from 'hono'
import { createRouter, type Schema } from '../spec.js'
import type { Deps } from '../deps.js'
import { NotFound, Refused, ValidationFailed } from '../laravel/errors.js'
import { toDecimal, toTimestamp } from '../laravel/serialize.js'
import { validate, max, gt, oneOf, isInteger, type Rules } from '../laravel/validate.js'
import { queryInput, readInput } from '../request.js'
import type { Store } from '../store/store.js'
import { bindRow, castFields, decimalRules, dropNulls, existsIn, intRules } from './fields.js'
import { pageOf, perPageOf } from './list.js'
import { toCustomer, toContact } from './customers.js'

type CustomerFile = Schema<'CustomerFile'>
const MODEL = 'App\\CustomerFile'
const PER_PAGE = 10

/** `customer`/`prospect`, or the PHP class names other endpoints use (research §1.4). */
const FILEABLE_TYPES: Record<string, 'customer' | 'prospect'> = {
  customer: 'customer', prospect: 'prospect', 'App\\Customer': 'customer', 'App\\Prospect': 'prospect',
}
const STAFF = ['salesRep_id', 'techRep_id', 'salesAdmin_id', 'manager_id', 'technicalManager_id', 'businessFinder_id'] as const
const INTEGERS = ['status_id', 'billing_frequency', 'payer_id', 'batch_id', 'paymentMethod_id', ...STAFF] as const
const DATES = ['services_start', 'first_invoice', 'billing_next', 'services_stop', 'mandate_signature_date'] as const

function fileRules(store: Store): Rules {
  const rules: Record<string, Rules[string]> = {
    name: ['string', max(255)],
    site: ['string', max(255)],
    status_id: ['integer', gt(0), max(255)],
    billing_frequency: ['integer', gt(0), max(120)],
    payer_id: ['integer', existsIn(store.customers)],
    payer_reference: ['string', max(255)],
    payer_amount: decimalRules(),
    batch_id: intRules,
    paymentMethod_id: intRules,
    mandate_identification: ['string', max(255)],
    contact_ids: ['array'],
  }
  for (const f of STAFF) rules[f] = ['integer', existsIn(store.users)]
  for (const f of DATES) rules[f] = ['date']
  return rules
}

/** `contact_ids`: every id must be an existing contact ("The selected contact_ids.0 is invalid."). */
function readContactIds(store: Store, value: unknown): number[] | undefined {
  if (value === undefined || value === null) return undefined
  const ids = Object.values(value as Record<string, unknown>)
  const errors: Record<string, string[]> = {}
  ids.forEach((id, i) => {
    if (!isInteger(id) || !store.contacts.get(Number(id))) errors[`contact_ids.${i}`] = [`The selected contact_ids.${i} is invalid.`]
  })
  if (Object.keys(errors).length) throw new ValidationFailed(errors)
  return [...new Set(ids.map(Number))]
}

function columnsOf(fields: Record<string, unknown>): Partial<CustomerFile> {
  const { contact_ids: _contacts, fileable_type: _type, fileable_id: _id, ...columns } = castFields(fields, { integers: INTEGERS })
  if (columns.payer_amount != null) columns.payer_amount = toDecimal(columns.payer_amount as string, 2)
  for (const d of DATES) if (typeof columns[d] === 'string') columns[d] = (columns[d] as string).slice(0, 10)
  return columns as Partial<CustomerFile>
}

function syncContacts(store: Store, fileId: number, contactIds: number[]) {
  const current = store.customer_file_contacts.byFile.get(fileId).map((id) => store.customer_file_contacts.get(id)!)
  for (const link of current) if (!contactIds.includes(link.contact_id)) store.customer_file_contacts.remove(link.id)
  for (const contactId of contactIds)
    if (!current.some((l) => l.contact_id === contactId)) store.customer_file_contacts.insert({ customer_file_id: fileId, contact_id: contactId })
}

export const toCustomerFile = (row: CustomerFile): CustomerFile => row

/** The file "with all line items and relations" (seeds/002 "What's Next?"). */
function withRelations(store: Store, file: CustomerFile): Schema<'CustomerFileWithRelations'> {
  const lines = <T extends { id: number }>(table: { byFile: { get(k: number): readonly number[] }; get(id: number): T | undefined }) =>
    table.byFile.get(file.id).map((id) => table.get(id)!)
  const contacts = store.customer_file_contacts.byFile.get(file.id)
    .map((id) => store.contacts.get(store.customer_file_contacts.get(id)!.contact_id)!)
    .sort((a, b) => a.id - b.id)
  const fileable = file.fileable_type === 'customer' ? store.customers.get(file.fileable_id) : store.prospects.get(file.fileable_id)
  return {
    ...toCustomerFile(file),
    licences: lines(store.licences),
    initials: lines(store.initials),
    recurrings: lines(store.recurrings),
    contacts: contacts.map(toContact),
    fileable: fileable && file.fileable_type === 'customer' ? toCustomer(fileable as Schema<'Customer'>) : ((fileable ?? null) as Schema<'Prospect'> | null),
  } as Schema<'CustomerFileWithRelations'>
}

function readFileable(input: Record<string, unknown>) {
  const { fileable_type, fileable_id } = validate(input, {
    fileable_type: ['required', 'string', oneOf((v) => Object.hasOwn(FILEABLE_TYPES, String(v)))],
    fileable_id: ['required', 'integer'],
  })
  return { type: FILEABLE_TYPES[String(fileable_type)]!, id: Number(fileable_id) }
}

function findFileable(store: Store, type: 'customer' | 'prospect', id: number) {
  const found = type === 'customer' ? store.customers.get(id) : store.prospects.get(id)
  if (!found) throw new NotFound(type === 'customer' ? 'App\\Customer' : 'App\\Prospect', id)
  return found
}

export const bindCustomerFile = (c: Context) => bindRow(c, c.get('store').customer_files, MODEL)

export function createCustomerFilesRouter(deps: Deps) {
  const router = createRouter({ before: deps.authenticate })

  router.get('/v1/customer-files', (c, respond) => {
    const store = c.get('store')
    const input = queryInput(c)
    let rows: readonly CustomerFile[] = store.customer_files.all()
    if (input.fileable_type != null || input.fileable_id != null) {
      const { type, id } = readFileable(input)
      rows = store.customer_files.byFileable.get(`${type}:${id}`).map((fileId) => store.customer_files.get(fileId)!)
    }
    return respond(200, pageOf(c, rows.map(toCustomerFile), perPageOf(c, PER_PAGE)))
  })

  router.post('/v1/customer-files', async (c, respond) => {
    const store = c.get('store')
    const input = await readInput(c)
    const { type, id } = readFileable(input)
    const fields = validate(input, fileRules(store))
    const contactIds = readContactIds(store, fields.contact_ids)
    findFileable(store, type, id)
    const now = toTimestamp(deps.clock())
    const file = store.customer_files.insert({ ...newFile(type, id, c.get('user').id, now), ...dropNulls(columnsOf(fields), ['status_id', 'billing_frequency']) })
    if (contactIds) syncContacts(store, file.id, contactIds)
    return respond(201, toCustomerFile(file))
  })

  router.get('/v1/customer-files/{id}', (c, respond) => respond(200, withRelations(c.get('store'), bindCustomerFile(c))))

  router.put('/v1/customer-files/{id}', async (c, respond) => {
    const store = c.get('store')
    const file = bindCustomerFile(c)
    const fields = validate(await readInput(c), fileRules(store))
    const contactIds = readContactIds(store, fields.contact_ids)
    const updated = store.customer_files.update(file.id, { ...dropNulls(columnsOf(fields), ['status_id', 'billing_frequency']), updated_at: toTimestamp(deps.clock()) })
    if (contactIds) syncContacts(store, file.id, contactIds)
    return respond(200, toCustomerFile(updated))
  })

  router.delete('/v1/customer-files/{id}', (c, respond) => {
    const store = c.get('store')
    const file = bindCustomerFile(c)
    if (store.invoices.byFile.get(file.id).length) throw new Refused('This customer file cannot be deleted because it has invoices.')
    for (const table of [store.licences, store.initials, store.recurrings]) for (const id of [...table.byFile.get(file.id)]) table.remove(id)
    for (const id of [...store.customer_file_contacts.byFile.get(file.id)]) store.customer_file_contacts.remove(id)
    for (const id of [...store.consumptions.byFile.get(file.id)]) store.consumptions.update(id, { customer_file_id: null })
    store.customer_files.remove(file.id)
    return respond(200, { message: 'The customer file was deleted.' })
  })

  return router.hono
}

/** A complete new file row: documented defaults (status 4 "in progress", billing every month). */
export function newFile(type: 'customer' | 'prospect', fileableId: number, userId: number, now: string): Omit<CustomerFile, 'id'> {
  return {
    fileable_type: type, fileable_id: fileableId, user_id: userId, name: null, site: null, status_id: 4, billing_frequency: 1,
    services_start: null, first_invoice: null, billing_next: null, services_stop: null, payer_id: null, payer_reference: null,
    payer_amount: null, salesRep_id: null, techRep_id: null, salesAdmin_id: null, manager_id: null, technicalManager_id: null,
    businessFinder_id: null, batch_id: null, paymentMethod_id: null, mandate_identification: null, mandate_signature_date: null,
    created_at: now, updated_at: now,
  }
}
