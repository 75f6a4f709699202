// Catalog items and suppliers (seeds/004; the cookbook's step 2, seeds/002).
import type { Context } from 'hono'
import type { Schema } from '../spec.js'
import { createRouter } from '../http/routes.js'
import type { Deps } from '../deps.js'
import { operationRules } from '../generated/rules.js'
import { Forbidden, NotFound, Refused } from '../laravel/errors.js'
import type { QuerySpec } from '../laravel/query.js'
import { validate, withRules } from '../laravel/validate.js'
import { readInput } from '../http/request.js'
import { seesEverything } from '../auth.js'
import { withMembers } from '../store/json-bytes.js'
import { buildItem } from '../store/rows/items.js'
import { saveRow } from '../store/rows/updates.js'
import type { Store } from '../store/store.js'
import { modelDefaults } from '../generated/rules.js'
import { bindRow, castDecimals, dropNulls, exists, neverNull } from './fields.js'
import {
  pageOf,
  perPageOf,
  readListQuery,
  selectRows,
  withIncludes,
  type Relation,
} from './list.js'

type Item = Schema<'Item'>
const MODEL = 'App\\Item'
const PER_PAGE = 10 // seeds/004: "per_page (default 10)"

export const itemQuery: QuerySpec = {
  filters: {
    description: 'partial',
    brand: 'partial',
    internal_reference: 'partial',
    id: 'exact',
    family_id: 'exact',
    subfamily_id: 'exact',
    active_for_initial_billing: 'exact',
  },
  sorts: [
    'id',
    'description',
    'brand',
    'internal_reference',
    'selling_price_without_tax',
    'created_at',
    'updated_at',
  ],
  includes: ['family', 'subfamily', 'tax'],
}

const DECIMALS = [
  'buying_price_without_tax',
  'selling_price_without_tax',
  'monthly_exploitation_fees',
  'ecotax_amount_included_in_price',
  'copy_tax_amount_included_in_price',
  'selling_service_access_fees_without_tax',
  'buying_service_access_fees_without_tax',
  'install_selling_price_without_tax',
] as const
/** NOT NULL columns (the booleans, the billing frequency): a null sent keeps the value (or the default). */
const NEVER_NULL = neverNull(modelDefaults.Item)

/** Item::attributes('common') beyond the contract's: the foreign keys must exist. */
const OWN_RULES = {
  family_id: [exists('families')],
  subfamily_id: [exists('subfamilies')],
  tax_id: [exists('taxes')],
  supplier_id: [exists('suppliers')],
}
const CREATE_RULES = withRules(operationRules.createItem, OWN_RULES)
// Item::attributes('common'): nothing is required on update, but a description sent cannot be emptied.
const UPDATE_RULES = withRules(operationRules.updateItem, OWN_RULES)

export const findItem = (c: Context): Item => bindRow(c, c.get('store').items, MODEL)

function itemRelations(store: Store): Record<string, Relation<Item>> {
  return {
    family: (item) =>
      item.family_id === null ? null : (store.families.get(item.family_id) ?? null),
    subfamily: (item) =>
      item.subfamily_id === null ? null : (store.subfamilies.get(item.subfamily_id) ?? null),
    tax: (item) => (item.tax_id === null ? null : (store.taxes.get(item.tax_id) ?? null)),
  }
}

/** seeds/004: an item "with family, subfamily, tax relations", in the list as by id. */
const withRelations = (item: Item, relations: Record<string, Relation<Item>>) =>
  withMembers(item, {
    family: relations.family!(item),
    subfamily: relations.subfamily!(item),
    tax: relations.tax!(item),
  }) as Schema<'ItemWithRelations'>

export function createItemsRouter(deps: Deps) {
  const router = createRouter({ before: deps.authenticate })

  router.get('/v1/items', (c, respond) => {
    const store = c.get('store')
    const query = readListQuery(c, itemQuery)
    // seeds/004: "Non-admin/tech users see only active catalog items."
    const visible = seesEverything(c.get('user'))
      ? store.items.all()
      : store.items.all().filter((i) => i.active)
    const rows = selectRows(visible, query)
    const relations = itemRelations(store)
    const page = pageOf(c, rows, perPageOf(c, PER_PAGE))
    // seeds/004: "Paginated list of item objects with family, subfamily, tax relations and counts".
    const rowOf = (item: Item) =>
      withIncludes(
        withRelations(item, relations),
        query.includes,
        relations,
      ) as Schema<'ItemListRow'>
    return respond(200, { ...page, data: page.data.map(rowOf) })
  })

  router.post('/v1/items', async (c, respond) => {
    const store = c.get('store')
    if (!seesEverything(c.get('user'))) throw new Forbidden() // seeds/004: "Requires create permission on Item."
    const fields = castDecimals(
      dropNulls(validate(await readInput(c), CREATE_RULES, { store }), NEVER_NULL),
      DECIMALS,
    )
    const item = store.items.insert(buildItem(fields, store.items.nextId, deps.clock()))
    return respond(201, item)
  })

  const byReference = (c: Context, param: string) => {
    const item = c.get('store').itemByReference(c.req.param(param) ?? '')
    if (!item) throw new NotFound(MODEL)
    return { item_id: item.id }
  }
  router.get('/v1/items/internal_reference/{internal_reference}', (c, respond) =>
    respond(200, byReference(c, 'internal_reference')),
  )
  // The official request collection's path for the same look-up.
  router.get('/v1/items/internalReference/{internalReference}', (c, respond) =>
    respond(200, byReference(c, 'internalReference')),
  )

  router.get('/v1/items/{id}', (c, respond) => {
    const item = findItem(c)
    return respond(200, withRelations(item, itemRelations(c.get('store'))))
  })

  router.put('/v1/items/{id}', async (c, respond) => {
    const store = c.get('store')
    const item = findItem(c)
    const fields = castDecimals(
      dropNulls(validate(await readInput(c), UPDATE_RULES, { store }), NEVER_NULL),
      DECIMALS,
    )
    const updated = saveRow(store.items, item, fields, deps.clock())
    return respond(201, updated) // seeds/004: "Response 201: Updated item object."
  })

  router.delete('/v1/items/{id}', (c, respond) => {
    const store = c.get('store')
    const item = findItem(c)
    const uses = store.itemUses(item.id)
    if (uses.length)
      throw new Refused(`This item cannot be deleted because it is used in ${uses.join(', ')}.`)
    store.items.remove(item.id)
    return respond(200, { message: 'The item was deleted.' })
  })

  // seeds/004 "Suppliers": read-only, a bare array.
  router.get('/v1/suppliers', (c, respond) => respond(200, [...c.get('store').suppliers.all()]))

  return router.routes
}
