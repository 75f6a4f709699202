// Customer files (seeds/002 steps 4 and "What's Next?"): a customer's or a prospect's billing
// dossier, with its line items (licences, initials, recurrings) and its contacts.
import type { Context } from 'hono'
import type { Schema } from '../spec.js'
import { createRouter } from '../http/routes.js'
import type { Deps } from '../deps.js'
import { operationRules } from '../generated/rules.js'
import { NotFound, Refused, ValidationFailed } from '../laravel/errors.js'
import { validate, oneOf, isInteger, withRules } from '../laravel/validate.js'
import { queryInput, readInput } from '../http/request.js'
import { buildCustomerFile, type FileableType } from '../store/rows/customer-files.js'
import { freshTimestamp, saveRow } from '../store/rows/updates.js'
import type { Store } from '../store/store.js'
import { bindRow, castDecimals, dropNulls, exists } from './fields.js'
import { pageOf, perPageOf } from './list.js'
import { toCustomer, toContact } from './customers.js'
import { authorize, seesCustomerId, seesFile } from './scope.js'

type CustomerFile = Schema<'CustomerFile'>
const MODEL = 'App\\CustomerFile'
const PER_PAGE = 10

/** `customer`/`prospect`, or the PHP class names other endpoints use (research §1.4). */
const FILEABLE_TYPES: Record<string, FileableType> = {
  customer: 'customer',
  prospect: 'prospect',
  'App\\Customer': 'customer',
  'App\\Prospect': 'prospect',
}
const DATES = [
  'services_start',
  'first_invoice',
  'billing_next',
  'services_stop',
  'mandate_signature_date',
] as const
/** NOT NULL columns: a null sent keeps the value (or the default). */
const NEVER_NULL = ['status_id', 'billing_frequency'] as const

/** The payer must be a customer, and the file's staff users. */
const OWN_RULES = {
  payer_id: [exists('customers')],
  ...Object.fromEntries(
    [
      'salesRep_id',
      'techRep_id',
      'salesAdmin_id',
      'manager_id',
      'technicalManager_id',
      'businessFinder_id',
    ].map((f) => [f, [exists('users')]]),
  ),
}
const CREATE_RULES = withRules(operationRules.createCustomerFile, OWN_RULES)
const UPDATE_RULES = withRules(operationRules.updateCustomerFile, OWN_RULES)
/** Whose file it is: in the query string (the cookbook) or the body (its PHP example). */
const FILEABLE_RULES = {
  fileable_type: ['required', 'string', oneOf((v) => Object.hasOwn(FILEABLE_TYPES, String(v)))],
  fileable_id: ['required', 'integer'],
} as const

/** `contact_ids`: every id must be an existing contact ("The selected contact_ids.0 is invalid."). */
function readContactIds(store: Store, value: unknown): number[] | undefined {
  if (value === undefined || value === null) return undefined
  const ids = Object.values(value as Record<string, unknown>)
  const errors: Record<string, string[]> = {}
  ids.forEach((id, i) => {
    if (!isInteger(id) || !store.contacts.get(Number(id)))
      errors[`contact_ids.${i}`] = [`The selected contact_ids.${i} is invalid.`]
  })
  if (Object.keys(errors).length) throw new ValidationFailed(errors)
  return [...new Set(ids.map(Number))]
}

/** Validated fields as columns: the amount at scale 2, dates as Y-m-d; `contact_ids` and the fileable are not columns. */
function columnsOf<T extends Schema<'CustomerFileUpdate'>>(fields: T) {
  const { contact_ids: _contacts, ...columns } = castDecimals(dropNulls(fields, NEVER_NULL), [
    'payer_amount',
  ])
  for (const d of DATES) if (typeof columns[d] === 'string') columns[d] = columns[d].slice(0, 10)
  return columns
}

export const toCustomerFile = (row: CustomerFile): CustomerFile => row

/** The file "with all line items and relations" (seeds/002 "What's Next?"). */
function withRelations(store: Store, file: CustomerFile): Schema<'CustomerFileWithRelations'> {
  const fileable =
    file.fileable_type === 'customer'
      ? store.customers.get(file.fileable_id)
      : store.prospects.get(file.fileable_id)
  return {
    ...toCustomerFile(file),
    licences: store.linesOf('licence', file.id),
    initials: store.linesOf('initial', file.id),
    recurrings: store.linesOf('recurring', file.id),
    contacts: store.fileContactsOf(file.id).map(toContact),
    fileable:
      fileable && file.fileable_type === 'customer'
        ? toCustomer(fileable as Schema<'Customer'>)
        : ((fileable ?? null) as Schema<'Prospect'> | null),
  } as Schema<'CustomerFileWithRelations'>
}

function readFileable(input: Record<string, unknown>) {
  const { fileable_type, fileable_id } = validate(input, FILEABLE_RULES)
  return { type: FILEABLE_TYPES[String(fileable_type)]!, id: Number(fileable_id) }
}

function findFileable(store: Store, type: FileableType, id: number) {
  const found = type === 'customer' ? store.customers.get(id) : store.prospects.get(id)
  if (!found) throw new NotFound(type === 'customer' ? 'App\\Customer' : 'App\\Prospect', id)
  return found
}

/** Route model binding (404), then the role scope of the file's customer (403). */
export function bindCustomerFile(c: Context): CustomerFile {
  const file = bindRow(c, c.get('store').customer_files, MODEL)
  authorize(seesFile(c.get('store'), c.get('user'))(file))
  return file
}

export function createCustomerFilesRouter(deps: Deps) {
  const router = createRouter({ before: deps.authenticate })

  router.get('/v1/customer-files', (c, respond) => {
    const store = c.get('store')
    const input = queryInput(c)
    let rows: readonly CustomerFile[] = store.customer_files.all()
    if (input.fileable_type != null || input.fileable_id != null) {
      const { type, id } = readFileable(input)
      rows = store.filesOf(type, id)
    }
    const visible = rows.filter(seesFile(store, c.get('user')))
    return respond(200, pageOf(c, visible.map(toCustomerFile), perPageOf(c, PER_PAGE)))
  })

  router.post('/v1/customer-files', async (c, respond) => {
    const store = c.get('store')
    const input = await readInput(c)
    const { type, id } = readFileable(input)
    const {
      fileable_type: _type,
      fileable_id: _id,
      ...fields
    } = validate(input, CREATE_RULES, { store })
    const contactIds = readContactIds(store, fields.contact_ids)
    findFileable(store, type, id)
    if (type === 'customer') authorize(seesCustomerId(store, c.get('user'), id))
    const now = freshTimestamp(deps.clock())
    const file = store.customer_files.insert({
      ...buildCustomerFile(type, id, c.get('user').id, now),
      ...columnsOf(fields),
    })
    if (contactIds) store.syncFileContacts(file.id, contactIds)
    return respond(201, toCustomerFile(file))
  })

  router.get('/v1/customer-files/{id}', (c, respond) =>
    respond(200, withRelations(c.get('store'), bindCustomerFile(c))),
  )

  router.put('/v1/customer-files/{id}', async (c, respond) => {
    const store = c.get('store')
    const file = bindCustomerFile(c)
    const fields = validate(await readInput(c), UPDATE_RULES, { store })
    const contactIds = readContactIds(store, fields.contact_ids)
    const updated = saveRow(store.customer_files, file, columnsOf(fields), deps.clock())
    if (contactIds) store.syncFileContacts(file.id, contactIds)
    return respond(200, toCustomerFile(updated))
  })

  router.delete('/v1/customer-files/{id}', (c, respond) => {
    const store = c.get('store')
    const file = bindCustomerFile(c)
    if (store.fileInvoiceCount(file.id))
      throw new Refused('This customer file cannot be deleted because it has invoices.')
    store.removeCustomerFile(file.id)
    return respond(200, { message: 'The customer file was deleted.' })
  })

  return router.routes
}
