// The line items of a customer file (seeds/002 steps 5-7): licences, one-time initials and
// recurring subscriptions. They share their rules and defaults: `quantity` > 0, an existing file
// and item, the label and price taken from the item unless given.
import type { Context } from 'hono'
import { createRouter, type Schema } from '../spec.js'
import type { Deps } from '../deps.js'
import type { QuerySpec } from '../laravel/query.js'
import { toDecimal, toTimestamp } from '../laravel/serialize.js'
import { validate, max, gt, min, sometimes, type Rule, type Rules } from '../laravel/validate.js'
import { readInput } from '../request.js'
import type { Store } from '../store/store.js'
import { bindRow, castFields, decimalRules, existsIn } from './fields.js'
import { pageOf, perPageOf, readListQuery, selectRows } from './list.js'

type Licence = Schema<'Licence'>
type Initial = Schema<'Initial'>
type Recurring = Schema<'Recurring'>
const PER_PAGE = 10
const SORTS = ['id', 'customer_file_id', 'item_id', 'quantity', 'created_at', 'updated_at']
const licenceQuery: QuerySpec = { filters: { customer_file_id: 'exact', item_id: 'exact', active: 'exact', id: 'exact' }, sorts: SORTS, includes: [] }
const initialQuery: QuerySpec = { filters: { customer_file_id: 'exact', item_id: 'exact', invoiced: 'exact', id: 'exact' }, sorts: SORTS, includes: [] }
const recurringQuery: QuerySpec = licenceQuery

/** The rules every kind shares; on create the three keys are required (seeds/002 "Required fields"). */
function lineRules(store: Store, extra: Rules): Rules {
  const required: Rule[] = ['required']
  return {
    customer_file_id: [...required, 'integer', existsIn(store.customer_files)],
    item_id: [...required, 'integer', existsIn(store.items)],
    quantity: [...required, 'numeric', gt(0), max(99999999.99)],
    label: ['string', max(255)],
    selling_price_without_tax: decimalRules(),
    ...extra,
  }
}

const licenceRules: Rules = { activation_date: ['date'], renewal_date: ['date'], frequency: ['integer', gt(0), max(120)], active: ['boolean'] }
const initialRules: Rules = { discount_rate: ['numeric', min(0), max(1)], charge_after_date: ['date'] }
const recurringRules: Rules = {
  service_start: ['date'], first_invoice: ['date'], billing_frequency: ['integer', gt(0), max(120)], commitment: ['integer', min(0), max(1200)],
  active: ['boolean'], paused: ['boolean'],
}

/** Validated input as columns: decimals at their scale, dates as Y-m-d, booleans and integers cast. */
function columnsOf(fields: Record<string, unknown>): Record<string, unknown> {
  const out = castFields(fields, { integers: ['customer_file_id', 'item_id', 'frequency', 'billing_frequency', 'commitment'], booleans: ['active', 'paused'] })
  if (out.quantity != null) out.quantity = toDecimal(out.quantity as string, 2)
  if (out.selling_price_without_tax != null) out.selling_price_without_tax = toDecimal(out.selling_price_without_tax as string, 2)
  if (out.discount_rate != null) out.discount_rate = toDecimal(out.discount_rate as string, 4)
  for (const key of ['activation_date', 'renewal_date', 'charge_after_date', 'service_start', 'first_invoice'])
    if (typeof out[key] === 'string') out[key] = (out[key] as string).slice(0, 10)
  // Null in a column that is never null means "not given": the default stays.
  for (const key of ['active', 'paused', 'billing_frequency']) if (out[key] === null) delete out[key]
  return out
}

/** What every new line takes from its item and file unless given: label, price (seeds/002 steps 6-7). */
function inherited(store: Store, fields: Record<string, unknown>, now: string) {
  const item = store.items.get(Number(fields.item_id))!
  return { label: item.description, selling_price_without_tax: item.selling_price_without_tax, created_at: now, updated_at: now }
}

const stamp = (deps: Deps) => toTimestamp(deps.clock())

function listOf<T extends object>(c: Context, rows: readonly T[], spec: QuerySpec) {
  return pageOf(c, selectRows(rows, readListQuery(c, spec)), perPageOf(c, PER_PAGE))
}

async function readLine(c: Context, creating: boolean, extra: Rules) {
  const input = await readInput(c)
  // On update nothing is required, but the file, the item and the quantity cannot be emptied.
  const rules = creating ? lineRules(c.get('store'), extra) : sometimes(lineRules(c.get('store'), extra), input)
  const fields = columnsOf(validate(input, rules))
  for (const key of ['label', 'selling_price_without_tax']) if (fields[key] === null && creating) delete fields[key]
  return fields
}

export function createCustomerFileLinesRouter(deps: Deps) {
  const router = createRouter({ before: deps.authenticate })

  router.get('/v1/customer-files/licences', (c, respond) => respond(200, listOf(c, c.get('store').licences.all(), licenceQuery)))
  router.post('/v1/customer-files/licences', async (c, respond) => {
    const store = c.get('store')
    const fields = await readLine(c, true, licenceRules)
    const row = { ...inherited(store, fields, stamp(deps)), activation_date: null, renewal_date: null, frequency: null, active: true, ...fields } as Omit<Licence, 'id'>
    return respond(201, store.licences.insert(row))
  })
  router.get('/v1/customer-files/licences/{id}', (c, respond) => respond(200, bindRow(c, c.get('store').licences, 'App\\Licence')))
  router.put('/v1/customer-files/licences/{id}', async (c, respond) => {
    const line = bindRow(c, c.get('store').licences, 'App\\Licence')
    const fields = await readLine(c, false, licenceRules)
    return respond(200, c.get('store').licences.update(line.id, { ...fields, updated_at: stamp(deps) } as Partial<Licence>))
  })
  router.delete('/v1/customer-files/licences/{id}', (c, respond) => {
    c.get('store').licences.remove(bindRow(c, c.get('store').licences, 'App\\Licence').id)
    return respond(200, { message: 'The licence was deleted.' })
  })

  router.get('/v1/customer-files/initials', (c, respond) => respond(200, listOf(c, c.get('store').initials.all(), initialQuery)))
  router.post('/v1/customer-files/initials', async (c, respond) => {
    const store = c.get('store')
    const fields = await readLine(c, true, initialRules)
    const row = { ...inherited(store, fields, stamp(deps)), discount_rate: null, charge_after_date: null, invoiced: false, invoice_id: null, ...fields } as Omit<Initial, 'id'>
    return respond(201, store.initials.insert(row))
  })
  router.get('/v1/customer-files/initials/{id}', (c, respond) => respond(200, bindRow(c, c.get('store').initials, 'App\\Initial')))
  router.put('/v1/customer-files/initials/{id}', async (c, respond) => {
    const line = bindRow(c, c.get('store').initials, 'App\\Initial')
    const fields = await readLine(c, false, initialRules)
    return respond(200, c.get('store').initials.update(line.id, { ...fields, updated_at: stamp(deps) } as Partial<Initial>))
  })
  router.delete('/v1/customer-files/initials/{id}', (c, respond) => {
    c.get('store').initials.remove(bindRow(c, c.get('store').initials, 'App\\Initial').id)
    return respond(200, { message: 'The initial was deleted.' })
  })

  router.get('/v1/customer-files/recurrings', (c, respond) => respond(200, listOf(c, c.get('store').recurrings.all(), recurringQuery)))
  router.post('/v1/customer-files/recurrings', async (c, respond) => {
    const store = c.get('store')
    const fields = await readLine(c, true, recurringRules)
    const file = store.customer_files.get(Number(fields.customer_file_id))!
    const row = {
      ...inherited(store, fields, stamp(deps)), service_start: null, first_invoice: null, billing_frequency: file.billing_frequency,
      commitment: null, active: true, paused: false, ...fields,
    } as Omit<Recurring, 'id'>
    return respond(201, store.recurrings.insert(row))
  })
  router.get('/v1/customer-files/recurrings/{id}', (c, respond) => respond(200, bindRow(c, c.get('store').recurrings, 'App\\Recurring')))
  router.put('/v1/customer-files/recurrings/{id}', async (c, respond) => {
    const line = bindRow(c, c.get('store').recurrings, 'App\\Recurring')
    const fields = await readLine(c, false, recurringRules)
    return respond(200, c.get('store').recurrings.update(line.id, { ...fields, updated_at: stamp(deps) } as Partial<Recurring>))
  })
  router.delete('/v1/customer-files/recurrings/{id}', (c, respond) => {
    c.get('store').recurrings.remove(bindRow(c, c.get('store').recurrings, 'App\\Recurring').id)
    return respond(200, { message: 'The recurring was deleted.' })
  })

  return router.hono
}
