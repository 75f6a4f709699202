// Customers (seeds/000, seeds/001): CRUD, search, lookup, consumptions and the account look-ups.
import type { Context } from 'hono'
import type { Schema } from '../spec.js'
import { createRouter } from '../http/routes.js'
import type { Deps } from '../deps.js'
import { operationRules } from '../generated/rules.js'
import { Forbidden, NotFound, Refused, ValidationFailed } from '../laravel/errors.js'
import {
  applyFilters,
  applySorts,
  documentedName,
  parseFilters,
  type QuerySpec,
} from '../laravel/query.js'
import { validate, oneOf, unique, regex, withRules, type Rules } from '../laravel/validate.js'
import { queryInput, readInput, searchParams } from '../http/request.js'
import { withMembers } from '../store/json-bytes.js'
import { buildCustomer, withSearchFields, CUSTOMER_DEFAULTS } from '../store/rows/customers.js'
import { changesOf } from '../store/rows/updates.js'
import type { Store } from '../store/store.js'
import { seesEverything } from '../auth.js'
import { bindRow, dropNulls, neverNull } from './fields.js'
import { visibleTo } from './scope.js'
import { MAX_PER_PAGE, pageOf } from './list.js'

type Customer = Schema<'Customer'>
const MODEL = 'App\\Customer'
const DEFAULT_PER_PAGE = 15
const SEARCH_LIMIT = 15 // seeds/000: "Returns up to 15 results."
/** The spatie filters the official SDK's README uses on the list (not in the seeds). */
const customerQuery: QuerySpec = {
  filters: { name: 'partial', customer_account: 'partial', id: 'exact', term_match: 'partial' },
  sorts: [],
  includes: [],
}

/** The customer being written (none on create): its own account is not "taken". */
type CustomerContext = { store: Store; customerId?: number }
/** Customer::rules() beyond the contract's: the account is unique, the representative is a user. */
const OWN_RULES = {
  customer_account: [
    unique<CustomerContext>((v, { store, customerId }) => {
      const owner = store.customerByAccount(String(v))
      return owner !== undefined && owner.id !== customerId
    }),
  ],
  representative_id: [
    oneOf<CustomerContext>((v, { store }) => store.users.get(Number(v)) !== undefined),
  ],
}
const CREATE_RULES = withRules(operationRules.createCustomer, OWN_RULES)
// On update every field is optional, but a `name` that is sent must not be empty.
const UPDATE_RULES = withRules(operationRules.updateCustomer, OWN_RULES)

/** Columns with a default: a null sent on create means "not given". */
const DEFAULTED = Object.keys(CUSTOMER_DEFAULTS) as (keyof typeof CUSTOMER_DEFAULTS)[]
/** Columns that are never null: a null sent on update keeps the value (the official SDK sends every key). */
const NEVER_NULL = ['customer_account' as const, ...neverNull(CUSTOMER_DEFAULTS)]

const SORTABLE = new Set<string>([
  ...DEFAULTED,
  'id',
  'name',
  'customer_account',
  'created_at',
  'updated_at',
])
/** The list's own query parameters (seeds/000: `nb`, `per_page`, `sort`, `direction`). */
const LIST_RULES: Rules = {
  nb: ['integer', oneOf((v) => Number(v) >= 1 && Number(v) <= MAX_PER_PAGE)],
  per_page: ['integer', oneOf((v) => Number(v) >= 0 && Number(v) <= MAX_PER_PAGE)],
  sort: ['string', oneOf((v) => SORTABLE.has(documentedName(String(v).replace(/^-/, ''))))],
  direction: ['string', oneOf((v) => ['asc', 'desc'].includes(String(v).toLowerCase()))],
}

const SEARCH_RULES: Rules = { term: ['required', 'string'] }
const LOOKUP_RULES: Rules = { customer_account: ['string'], phone_number: ['string'] }
const ACCOUNT_RULES: Rules = { customer_account: ['required', 'string'] }
const PHONE_RULES: Rules = { phone_number: ['required', 'string'] }

/** Route model binding for a customer (404), then the role rule (403). */
export function findCustomer(c: Context, param = 'id'): Customer {
  const customer = bindRow(c, c.get('store').customers, MODEL, param)
  if (!visibleTo(c.get('user'))(customer)) throw new Forbidden()
  return customer
}

function findByAccount(c: Context, account: string): Customer {
  const customer = c.get('store').customerByAccount(account)
  if (!customer) throw new NotFound(MODEL)
  if (!visibleTo(c.get('user'))(customer)) throw new Forbidden()
  return customer
}

export const toCustomer = (row: Customer): Customer => row

export function toContact(row: Schema<'Contact'>): Schema<'Contact'> {
  return row
}

export function createCustomersRouter(deps: Deps) {
  const router = createRouter({ before: deps.authenticate })

  router.get('/v1/customers', (c, respond) => {
    const store = c.get('store')
    const query = validate(queryInput(c), LIST_RULES)
    const filters = parseFilters(searchParams(c), customerQuery)
    // `paginate($perPage ?: default)`: a per_page of 0 falls back like an absent one.
    const perPage = Number(query.per_page) || Number(query.nb) || DEFAULT_PER_PAGE
    const user = c.get('user')
    let rows: readonly Customer[] = seesEverything(user)
      ? store.customers.all()
      : store.customersRepresentedBy(user.id)
    // term_match searches the quick-search blob (name, account, emails, phones, city).
    rows = applyFilters(
      rows,
      filters.map((f) => (f.field === 'term_match' ? { ...f, field: 'quick_search' } : f)),
    )
    if (query.sort) {
      const sort = String(query.sort)
      rows = applySorts(rows, [
        {
          field: documentedName(sort.replace(/^-/, '')),
          desc: sort.startsWith('-') || String(query.direction ?? 'asc').toLowerCase() === 'desc',
        },
      ])
    }
    const page = pageOf(c, rows, perPage)
    return respond(200, { ...page, data: page.data.map(toCustomer) })
  })

  router.post('/v1/customers', async (c, respond) => {
    const store = c.get('store')
    const fields = validate(await readInput(c), CREATE_RULES, { store })
    const user = c.get('user')
    if (fields.representative_id == null && !seesEverything(user))
      fields.representative_id = user.id
    const row = store.customers.insert(
      buildCustomer(dropNulls(fields, DEFAULTED), store.customers.nextId, deps.clock()),
    )
    return respond(201, toCustomer(row))
  })

  router.get('/v1/customers/search', (c, respond) => {
    const { term } = validate(queryInput(c), SEARCH_RULES)
    const found = c
      .get('store')
      .searchCustomers(String(term), visibleTo(c.get('user')), SEARCH_LIMIT)
    return respond(200, found.map(toCustomer))
  })

  router.get('/v1/customers/lookup', (c, respond) => {
    const customer = lookUp(c, queryInput(c))
    if (!customer) return respond(200, { found: false, data: null })
    const followUpUser =
      customer.setup_follow_up_user_id === null
        ? undefined
        : c.get('store').users.get(customer.setup_follow_up_user_id)
    return respond(200, {
      found: true,
      data: {
        id: customer.id,
        name: customer.name,
        customer_account: customer.customer_account,
        vip: customer.vip,
        on_call_duty: customer.on_call_duty,
        setup_follow_up: customer.setup_follow_up,
        setup_follow_up_user: followUpUser
          ? { id: followUpUser.id, name: followUpUser.name }
          : null,
      },
    })
  })

  router.get('/v1/customers/customer_accounts/{customer_account}', (c, respond) =>
    respond(200, { customer_id: findByAccount(c, c.req.param('customer_account') ?? '').id }),
  )

  router.get('/v1/customers/{id}', (c, respond) => {
    const customer = findCustomer(c)
    return respond(
      200,
      withMembers(toCustomer(customer), {
        contacts: c.get('store').contactsOf(customer.id).map(toContact),
      }),
    )
  })

  router.put('/v1/customers/{id}', async (c, respond) => {
    const store = c.get('store')
    const customer = findCustomer(c)
    const fields = dropNulls(
      validate(await readInput(c), UPDATE_RULES, { store, customerId: customer.id }),
      NEVER_NULL,
    )
    // seeds/000: "Resets the quick_search_index flag"; a model with no change is not saved.
    const changes = changesOf(customer, { ...fields, quick_search_index: false }, deps.clock())
    return respond(
      200,
      toCustomer(
        changes
          ? store.customers.update(customer.id, withSearchFields({ ...customer, ...changes }))
          : customer,
      ),
    )
  })

  router.delete('/v1/customers/{id}', (c, respond) => {
    const store = c.get('store')
    const customer = findCustomer(c)
    if (!seesEverything(c.get('user'))) throw new Forbidden() // seeds/000: "Requires admin/tech role."
    const uses = store.customerUses(customer.id)
    if (uses.invoices || uses.files)
      throw new Refused(
        'This customer cannot be deleted because it still has invoices or customer files.',
      )
    store.removeCustomer(customer.id)
    return respond(200, { message: 'The customer was deleted.' })
  })

  router.get('/v1/customers/{id}/consumptions', (c, respond) => {
    const customer = findCustomer(c)
    const { month } = validate(queryInput(c), {
      month: ['required', 'string', regex(/^\d{4}(0[1-9]|1[0-2])$/)],
    })
    let cents = 0
    for (const consumption of c.get('store').consumptionsOf(customer.id, String(month)))
      cents += Math.round(Number(consumption.amount) * 100)
    return respond(200, cents / 100)
  })

  router.get('/v1/customer_accounts/{customer_account}', (c, respond) =>
    respond(200, toCustomer(findByAccount(c, c.req.param('customer_account') ?? ''))),
  )

  router.get('/v1/customerAccounts/{customerAccount}', (c, respond) =>
    respond(200, toCustomer(findByAccount(c, c.req.param('customerAccount') ?? ''))),
  )

  registerDeprecatedLookups(router)
  return router.routes
}

/**
 * By account first, else by phone; 422 when neither is given (seeds/000 "one required"). A look-up
 * is a search: a customer the user may not see is not found.
 */
function lookUp(c: Context, input: Record<string, unknown>): Customer | undefined {
  const store = c.get('store')
  const { customer_account: account, phone_number: phone } = validate(input, LOOKUP_RULES)
  if (account == null && phone == null)
    throw new ValidationFailed({
      customer_account: [
        'The customer account field is required when phone number is not present.',
      ],
      phone_number: ['The phone number field is required when customer account is not present.'],
    })
  const found =
    account != null
      ? store.customerByAccount(String(account))
      : store.customerByPhone(String(phone))
  return found && visibleTo(c.get('user'))(found) ? found : undefined
}

/** The seven deprecated look-ups of seeds/000, answering consistently with /v1/customers/lookup. */
function registerDeprecatedLookups(router: ReturnType<typeof createRouter>) {
  const byAccount = (c: Context) => {
    const { customer_account } = validate(queryInput(c), ACCOUNT_RULES)
    return lookUp(c, { customer_account })
  }
  const byPhone = (c: Context) => {
    const { phone_number } = validate(queryInput(c), PHONE_RULES)
    return lookUp(c, { phone_number })
  }
  router.get('/is_known_customer_account', (c, respond) =>
    respond(200, { found: byAccount(c) !== undefined }),
  )
  router.get('/is_known_phone_number', (c, respond) =>
    respond(200, { found: byPhone(c) !== undefined }),
  )
  router.get('/is_vip_by_customer_account', (c, respond) =>
    respond(200, { vip: byAccount(c)?.vip ?? false }),
  )
  router.get('/is_vip_by_phone_number', (c, respond) =>
    respond(200, { vip: byPhone(c)?.vip ?? false }),
  )
  router.get('/has_on_call_duty_contract_by_phone_number', (c, respond) =>
    respond(200, { on_call_duty: byPhone(c)?.on_call_duty ?? false }),
  )
  router.get('/has_on_call_duty_contract_by_customer_account', (c, respond) =>
    respond(200, { on_call_duty: byAccount(c)?.on_call_duty ?? false }),
  )
  router.get('/get_customer_id_from_phone_number', (c, respond) =>
    respond(200, { customer_id: byPhone(c)?.id ?? null }),
  )
}
