// Catalog items and suppliers (seeds/004; the cookbook's step 2, seeds/002).
import type { Context } from 'hono'
import { createRouter, type Schema } from '../spec.js'
import type { Deps } from '../deps.js'
import { Forbidden, NotFound, Refused } from '../laravel/errors.js'
import type { QuerySpec } from '../laravel/query.js'
import { toTimestamp } from '../laravel/serialize.js'
import { validate, max, min, sometimes, type Rules } from '../laravel/validate.js'
import { readInput } from '../request.js'
import { seesEverything } from '../auth.js'
import { withMembers } from '../store/json-bytes.js'
import type { Store } from '../store/store.js'
import { bindRow, castDecimals, castFields, decimalRules, dropNulls, existsIn, intRules } from './fields.js'
import { pageOf, perPageOf, readListQuery, selectRows, withIncludes, type Relation } from './list.js'

type Item = Schema<'Item'>
const MODEL = 'App\\Item'
const PER_PAGE = 10 // seeds/004: "per_page (default 10)"

export const itemQuery: QuerySpec = {
  filters: {
    description: 'partial', brand: 'partial', internal_reference: 'partial', id: 'exact', family_id: 'exact',
    subfamily_id: 'exact', active_for_initial_billing: 'exact',
  },
  sorts: ['id', 'description', 'brand', 'internal_reference', 'selling_price_without_tax', 'created_at', 'updated_at'],
  includes: ['family', 'subfamily', 'tax'],
}

const DECIMALS = [
  'buying_price_without_tax', 'selling_price_without_tax', 'monthly_exploitation_fees', 'ecotax_amount_included_in_price',
  'copy_tax_amount_included_in_price', 'selling_service_access_fees_without_tax', 'buying_service_access_fees_without_tax',
  'install_selling_price_without_tax',
] as const
const BOOLEANS = ['active', 'active_for_initial_billing', 'active_for_recurring_billing', 'active_for_store', 'install', 'has_consumptions', 'has_stock'] as const
const INTEGERS = ['family_id', 'subfamily_id', 'tax_id', 'supplier_id', 'billing_frequency', 'quantity', 'alert_stock', 'security_stock'] as const
const STRINGS = ['internal_reference', 'bar_code', 'brand', 'type', 'supplier_reference', 'replenishment_lead_time'] as const

/** The documented defaults of a new item (seeds/004 "Item"); every other column is null. */
export const ITEM_DEFAULTS = {
  internal_reference: null, bar_code: null, brand: null, type: null, family_id: null, subfamily_id: null, tax_id: null,
  supplier_id: null, supplier_reference: null, buying_price_without_tax: null, selling_price_without_tax: null,
  monthly_exploitation_fees: null, ecotax_amount_included_in_price: null, copy_tax_amount_included_in_price: null,
  selling_service_access_fees_without_tax: null, buying_service_access_fees_without_tax: null, billing_frequency: 1,
  active: true, active_for_initial_billing: false, active_for_recurring_billing: true, active_for_store: false,
  install: false, install_selling_price_without_tax: null, has_consumptions: true, has_stock: false, quantity: null,
  alert_stock: null, security_stock: null, replenishment_lead_time: null, comment: null,
} satisfies Omit<Item, 'id' | 'description' | 'created_at' | 'updated_at'>
/** NOT NULL columns: a null sent keeps the value (or the default). */
const NOT_NULL = [...BOOLEANS, 'billing_frequency'] as const

/** Item::attributes('common'): the foreign keys must exist, strings fit their columns, decimals are numbers. */
function itemRules(store: Store): Rules {
  const rules: Record<string, Rules[string]> = {
    description: ['required', 'string', max(255)],
    comment: ['string', max(65535)],
    family_id: ['integer', existsIn(store.families)],
    subfamily_id: ['integer', existsIn(store.subfamilies)],
    tax_id: ['integer', existsIn(store.taxes)],
    supplier_id: ['integer', existsIn(store.suppliers)],
    billing_frequency: ['integer', min(1), max(120)],
  }
  for (const f of STRINGS) rules[f] = ['string', max(255)]
  for (const f of DECIMALS) rules[f] = decimalRules()
  for (const f of BOOLEANS) rules[f] = ['boolean']
  for (const f of ['quantity', 'alert_stock', 'security_stock']) rules[f] = intRules
  return rules
}

const castItem = (input: Record<string, unknown>) =>
  castDecimals(castFields(input, { integers: INTEGERS, booleans: BOOLEANS }), DECIMALS) as Partial<Item>

/** A complete item row from validated fields: the defaults, then the fields, then the timestamps. */
export function buildItem(fields: Partial<Item> & { description: string }, id: number, now: Date): Item {
  const timestamp = toTimestamp(now)
  return { id, ...ITEM_DEFAULTS, ...fields, created_at: timestamp, updated_at: timestamp }
}

export const findItem = (c: Context): Item => bindRow(c, c.get('store').items, MODEL)

function itemRelations(store: Store): Record<string, Relation<Item>> {
  return {
    family: (item) => (item.family_id === null ? null : store.families.get(item.family_id) ?? null),
    subfamily: (item) => (item.subfamily_id === null ? null : store.subfamilies.get(item.subfamily_id) ?? null),
    tax: (item) => (item.tax_id === null ? null : store.taxes.get(item.tax_id) ?? null),
  }
}

/** Where an item is used: a customer file's lines, or a bundle's. */
function usesOf(store: Store, itemId: number): string[] {
  const uses: [string, number][] = [
    ['licences', store.licences.byItem.get(itemId).length],
    ['initials', store.initials.byItem.get(itemId).length],
    ['recurrings', store.recurrings.byItem.get(itemId).length],
    ['bundle lines', store.bundle_lines.byItem.get(itemId).length],
  ]
  return uses.filter(([, n]) => n > 0).map(([what]) => what)
}

export function createItemsRouter(deps: Deps) {
  const router = createRouter({ before: deps.authenticate })

  router.get('/v1/items', (c, respond) => {
    const store = c.get('store')
    const query = readListQuery(c, itemQuery)
    // seeds/004: "Non-admin/tech users see only active catalog items."
    const visible = seesEverything(c.get('user')) ? store.items.all() : store.items.all().filter((i) => i.active)
    const rows = selectRows(visible, query)
    const relations = itemRelations(store)
    const page = pageOf(c, rows, perPageOf(c, PER_PAGE))
    return respond(200, { ...page, data: page.data.map((item) => withIncludes(item, query.includes, relations)) })
  })

  router.post('/v1/items', async (c, respond) => {
    const store = c.get('store')
    if (!seesEverything(c.get('user'))) throw new Forbidden() // seeds/004: "Requires create permission on Item."
    const fields = dropNulls(castItem(validate(await readInput(c), itemRules(store))), NOT_NULL)
    const item = store.items.insert(buildItem({ ...fields, description: String(fields.description) }, store.items.nextId, deps.clock()))
    return respond(201, item)
  })

  const byReference = (c: Context, param: string) => {
    const item = c.get('store').items.byReference.first(c.req.param(param) ?? '')
    if (!item) throw new NotFound(MODEL)
    return { item_id: item.id }
  }
  router.get('/v1/items/internal_reference/{internal_reference}', (c, respond) => respond(200, byReference(c, 'internal_reference')))
  // The official request collection's path for the same look-up.
  router.get('/v1/items/internalReference/{internalReference}', (c, respond) => respond(200, byReference(c, 'internalReference')))

  router.get('/v1/items/{id}', (c, respond) => {
    const item = findItem(c)
    const relations = itemRelations(c.get('store'))
    return respond(200, withMembers(item, { family: relations.family!(item), subfamily: relations.subfamily!(item), tax: relations.tax!(item) }) as Schema<'ItemWithRelations'>)
  })

  router.put('/v1/items/{id}', async (c, respond) => {
    const store = c.get('store')
    const item = findItem(c)
    const input = await readInput(c)
    // Item::attributes('common'): nothing is required on update, but a description sent cannot be emptied.
    const fields = dropNulls(castItem(validate(input, sometimes(itemRules(store), input))), NOT_NULL)
    const updated = store.items.update(item.id, { ...fields, updated_at: toTimestamp(deps.clock()) })
    return respond(201, updated) // seeds/004: "Response 201: Updated item object."
  })

  router.delete('/v1/items/{id}', (c, respond) => {
    const store = c.get('store')
    const item = findItem(c)
    const uses = usesOf(store, item.id)
    if (uses.length) throw new Refused(`This item cannot be deleted because it is used in ${uses.join(', ')}.`)
    store.items.remove(item.id)
    return respond(200, { message: 'The item was deleted.' })
  })

  // seeds/004 "Suppliers": read-only, a bare array.
  router.get('/v1/suppliers', (c, respond) => respond(200, [...c.get('store').suppliers.all()]))

  return router.hono
}
