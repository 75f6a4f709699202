// The line items of a customer file (seeds/002 steps 5-7): licences, one-time initials and
// recurring subscriptions. The three kinds are one table below: they share their routes, their
// rules beyond the contract's (an existing file and item) and their columns; a kind differs only by
// its table, its filters and its contract.
import type { Context } from 'hono'
import { createRouter } from '../http/routes.js'
import type { Deps } from '../deps.js'
import { operationRules, type OperationInput } from '../generated/rules.js'
import type { QuerySpec } from '../laravel/query.js'
import { validate, withRules, type Rules } from '../laravel/validate.js'
import { readInput } from '../http/request.js'
import { buildLine, type LineRows, type NewLineFields } from '../store/rows/lines.js'
import { freshTimestamp, saveRow } from '../store/rows/updates.js'
import type { LineKind, Store } from '../store/store.js'
import type { Table } from '../store/table.js'
import { bindRow, castDecimals, dropNulls, exists, type StoreContext } from './fields.js'
import { pageOf, perPageOf, readListQuery, selectRows } from './list.js'
import { authorize, seesFileId } from './scope.js'

const PER_PAGE = 10
const SORTS = ['id', 'customer_file_id', 'item_id', 'quantity', 'created_at', 'updated_at']
/** The line's file and item must exist (seeds/002 "Required fields"). */
const OWN_RULES = { customer_file_id: [exists('customer_files')], item_id: [exists('items')] }
const DATES = [
  'activation_date',
  'renewal_date',
  'charge_after_date',
  'service_start',
  'first_invoice',
] as const
/** Null in a column that is never null means "not given": the default (or the value) stays. */
const NEVER_NULL = ['active', 'paused', 'billing_frequency'] as const
/** On create, a null label or price means "the item's". */
const INHERITED = ['label', 'selling_price_without_tax'] as const

type CreateInput = {
  licence: OperationInput['createLicence']
  initial: OperationInput['createInitial']
  recurring: OperationInput['createRecurring']
}
type UpdateInput = {
  licence: OperationInput['updateLicence']
  initial: OperationInput['updateInitial']
  recurring: OperationInput['updateRecurring']
}
type Kind<K extends LineKind> = {
  model: string
  /** What the delete's message calls a line. */
  noun: string
  table: (store: Store) => Table<LineRows[K]>
  query: QuerySpec
  create: Rules<CreateInput[K], StoreContext>
  update: Rules<UpdateInput[K], StoreContext>
  /** Validated fields as columns (columnsOf), on create and on update. */
  created: (fields: CreateInput[K]) => NewLineFields[K]
  updated: (fields: UpdateInput[K]) => Partial<LineRows[K]>
}

/** Quantities and prices at scale 2, a rate at scale 4, dates as Y-m-d; nulls dropped from the columns never null. */
function columnsOf<
  T extends {
    quantity?: number | string
    selling_price_without_tax?: number | string | null
    discount_rate?: number | string | null
  },
>(fields: T) {
  const columns = castDecimals(
    castDecimals(dropNulls(fields, NEVER_NULL), ['quantity', 'selling_price_without_tax']),
    ['discount_rate'],
    4,
  )
  asDays(columns)
  return columns
}

/** Dates as Y-m-d: a date column keeps the day of a date-time sent. */
function asDays(columns: Record<string, unknown>) {
  for (const key of DATES) {
    const value = columns[key]
    if (typeof value === 'string') columns[key] = value.slice(0, 10)
  }
}

const KINDS: { [K in LineKind]: Kind<K> } = {
  licence: {
    model: 'App\\Licence',
    noun: 'licence',
    table: (store) => store.licences,
    query: {
      filters: { customer_file_id: 'exact', item_id: 'exact', active: 'exact', id: 'exact' },
      sorts: SORTS,
      includes: [],
    },
    create: withRules(operationRules.createLicence, OWN_RULES),
    update: withRules(operationRules.updateLicence, OWN_RULES),
    created: columnsOf,
    updated: columnsOf,
  },
  initial: {
    model: 'App\\Initial',
    noun: 'initial',
    table: (store) => store.initials,
    query: {
      filters: { customer_file_id: 'exact', item_id: 'exact', invoiced: 'exact', id: 'exact' },
      sorts: SORTS,
      includes: [],
    },
    create: withRules(operationRules.createInitial, OWN_RULES),
    update: withRules(operationRules.updateInitial, OWN_RULES),
    created: columnsOf,
    updated: columnsOf,
  },
  recurring: {
    model: 'App\\Recurring',
    noun: 'recurring',
    table: (store) => store.recurrings,
    query: {
      filters: { customer_file_id: 'exact', item_id: 'exact', active: 'exact', id: 'exact' },
      sorts: SORTS,
      includes: [],
    },
    create: withRules(operationRules.createRecurring, OWN_RULES),
    update: withRules(operationRules.updateRecurring, OWN_RULES),
    created: columnsOf,
    updated: columnsOf,
  },
}

/** What a kind's five routes do, each answering the body its route responds with. */
function createLineHandlers<K extends LineKind>(kind: K, deps: Deps) {
  const spec: Kind<K> = KINDS[kind]
  const stamp = () => freshTimestamp(deps.clock())
  /** A line is in its file's role scope: 403 for a file of a customer the user may not see. */
  const inScope = (c: Context, fileId: number | string | undefined) =>
    authorize(seesFileId(c.get('store'), c.get('user'), Number(fileId)))
  const bind = (c: Context) => {
    const line = bindRow(c, spec.table(c.get('store')), spec.model)
    inScope(c, line.customer_file_id)
    return line
  }
  return {
    list(c: Context) {
      const store = c.get('store')
      const rows = selectRows(spec.table(store).all(), readListQuery(c, spec.query))
      return pageOf(
        c,
        rows.filter((line) => seesFileId(store, c.get('user'), line.customer_file_id)),
        perPageOf(c, PER_PAGE),
      )
    },
    async create(c: Context) {
      const store = c.get('store')
      const fields = dropNulls(
        spec.created(validate(await readInput(c), spec.create, { store })),
        INHERITED,
      )
      // The rules made sure both exist.
      const item = store.items.get(Number(fields.item_id))!
      const file = store.customer_files.get(Number(fields.customer_file_id))!
      inScope(c, file.id)
      return spec.table(store).insert(buildLine(kind, fields, item, file, stamp()))
    },
    find: bind,
    async update(c: Context) {
      const line = bind(c)
      // On update nothing is required, but the file, the item and the quantity cannot be emptied.
      const fields = spec.updated(
        validate(await readInput(c), spec.update, { store: c.get('store') }),
      )
      if (fields.customer_file_id != null) inScope(c, fields.customer_file_id)
      return saveRow(spec.table(c.get('store')), line, fields, deps.clock())
    },
    remove(c: Context) {
      spec.table(c.get('store')).remove(bind(c).id)
      return { message: `The ${spec.noun} was deleted.` }
    },
  }
}

export function createCustomerFileLinesRouter(deps: Deps) {
  const router = createRouter({ before: deps.authenticate })
  const licences = createLineHandlers('licence', deps)
  const initials = createLineHandlers('initial', deps)
  const recurrings = createLineHandlers('recurring', deps)

  router.get('/v1/customer-files/licences', (c, respond) => respond(200, licences.list(c)))
  router.post('/v1/customer-files/licences', async (c, respond) =>
    respond(201, await licences.create(c)),
  )
  router.get('/v1/customer-files/licences/{id}', (c, respond) => respond(200, licences.find(c)))
  router.put('/v1/customer-files/licences/{id}', async (c, respond) =>
    respond(200, await licences.update(c)),
  )
  router.delete('/v1/customer-files/licences/{id}', (c, respond) =>
    respond(200, licences.remove(c)),
  )

  router.get('/v1/customer-files/initials', (c, respond) => respond(200, initials.list(c)))
  router.post('/v1/customer-files/initials', async (c, respond) =>
    respond(201, await initials.create(c)),
  )
  router.get('/v1/customer-files/initials/{id}', (c, respond) => respond(200, initials.find(c)))
  router.put('/v1/customer-files/initials/{id}', async (c, respond) =>
    respond(200, await initials.update(c)),
  )
  router.delete('/v1/customer-files/initials/{id}', (c, respond) =>
    respond(200, initials.remove(c)),
  )

  router.get('/v1/customer-files/recurrings', (c, respond) => respond(200, recurrings.list(c)))
  router.post('/v1/customer-files/recurrings', async (c, respond) =>
    respond(201, await recurrings.create(c)),
  )
  router.get('/v1/customer-files/recurrings/{id}', (c, respond) => respond(200, recurrings.find(c)))
  router.put('/v1/customer-files/recurrings/{id}', async (c, respond) =>
    respond(200, await recurrings.update(c)),
  )
  router.delete('/v1/customer-files/recurrings/{id}', (c, respond) =>
    respond(200, recurrings.remove(c)),
  )

  return router.routes
}
