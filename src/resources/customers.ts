// Customers (seeds/000, seeds/001): CRUD, search, lookup, consumptions and the account look-ups.
import type { Context } from 'hono'
import { createRouter, type Schema } from '../spec.js'
import type { Deps } from '../deps.js'
import { Forbidden, NotFound, Refused, ValidationFailed } from '../laravel/errors.js'
import { applyFilters, applySorts, parseFilters, type QuerySpec } from '../laravel/query.js'
import { toTimestamp } from '../laravel/serialize.js'
import { validate, max, oneOf, unique, regex, sometimes, type Rules } from '../laravel/validate.js'
import { queryInput, readInput, searchParams } from '../request.js'
import { withMembers } from '../store/json-bytes.js'
import { phoneKey, type Store, type UserRow } from '../store/store.js'
import { seesEverything } from '../auth.js'
import { bindRow, castFields } from './fields.js'
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

const BOOLEANS = ['active', 'is_reseller', 'charge_vat', 'apply_vat_auto_reverse_operators', 'merge_invoices', 'on_call_duty', 'vip', 'accept_emails', 'accept_calls'] as const
const INTEGERS = ['brand_id', 'representative_id', 'sector_id', 'origin_id', 'reseller_level', 'language_id'] as const
const STRINGS = [
  'customer_account', 'accounts_reference', 'brand', 'registration_number', 'tax_registration_number', 'type', 'capital',
  'activity_code', 'phone', 'mobile_phone', 'fax', 'main_contact_first_name', 'main_contact_last_name', 'main_address_line1',
  'main_address_line2', 'main_address_postal_code', 'main_address_city', 'main_address_country', 'website',
] as const

const storeRules = new WeakMap<Store, Rules>()
/** Customer::rules() for a new customer, built once per store (validate() reads a rules object once). */
function newCustomerRules(store: Store): Rules {
  let rules = storeRules.get(store)
  if (!rules) storeRules.set(store, (rules = customerRules(store)))
  return rules
}

/** Customer::rules(): `name` required on store; `customer_account` unique. */
function customerRules(store: Store, exceptId?: number): Rules {
  const accountTaken = (v: unknown) => {
    const owner = store.customers.byAccount.first(String(v).toUpperCase())
    return owner !== undefined && owner.id !== exceptId
  }
  const rules: Record<string, Rules[string]> = {
    name: ['required', 'string', max(255)],
    email_address: ['string', 'email', max(255)],
    account_email_address: ['string', 'email', max(255)],
    comment: ['string', max(65535)],
  }
  for (const f of STRINGS) rules[f] = ['string', max(255)]
  for (const f of INTEGERS) rules[f] = ['integer']
  for (const f of BOOLEANS) rules[f] = ['boolean']
  // The contract's account numbers have no spaces (`^\S+$`), so one with a space inside is refused.
  rules.customer_account = ['string', max(255), regex(/^\S+$/), unique(accountTaken)]
  rules.representative_id = ['integer', oneOf((v) => store.users.get(Number(v)) !== undefined)]
  return rules
}

/** The documented defaults (seeds/000 and seeds/001) of a new customer. */
const DEFAULTS = {
  brand_id: 1, representative_id: null, accounts_reference: null, brand: null, registration_number: null,
  tax_registration_number: null, type: null, capital: null, activity_code: null, sector_id: null, origin_id: null,
  email_address: null, account_email_address: null, phone: null, mobile_phone: null, fax: null,
  main_contact_first_name: null, main_contact_last_name: null, main_address_line1: null, main_address_line2: null,
  main_address_postal_code: null, main_address_city: null, main_address_country: 'France', website: null, active: true,
  is_reseller: false, reseller_level: 0, language_id: 1, charge_vat: true, apply_vat_auto_reverse_operators: false,
  comment: null, merge_invoices: false, on_call_duty: false, vip: false, accept_emails: true, accept_calls: true,
  quick_search_index: false, vip_from_task: false, setup_follow_up: false, setup_follow_up_user_id: null,
} satisfies Partial<Customer>

const SORTABLE = new Set(Object.keys(DEFAULTS).concat('id', 'name', 'customer_account', 'created_at', 'updated_at'))
/** The list's own query parameters (seeds/000: `nb`, `per_page`, `sort`, `direction`). */
const LIST_RULES: Rules = {
  nb: ['integer', oneOf((v) => Number(v) >= 1 && Number(v) <= MAX_PER_PAGE)],
  per_page: ['integer', oneOf((v) => Number(v) >= 0 && Number(v) <= MAX_PER_PAGE)],
  sort: ['string', oneOf((v) => SORTABLE.has(String(v).replace(/^-/, '')))],
  direction: ['string', oneOf((v) => ['asc', 'desc'].includes(String(v).toLowerCase()))],
}

const SEARCH_RULES: Rules = { term: ['required', 'string'] }
const LOOKUP_RULES: Rules = { customer_account: ['string'], phone_number: ['string'] }
const ACCOUNT_RULES: Rules = { customer_account: ['required', 'string'] }
const PHONE_RULES: Rules = { phone_number: ['required', 'string'] }

/** The quick-search blob: the account, name, e-mail addresses, phones and city, lower-cased. */
const searchText = (account: string | null, c: Pick<Customer, 'name' | 'email_address' | 'account_email_address' | 'phone' | 'mobile_phone' | 'main_address_city'>) =>
  [account, c.name, c.email_address, c.account_email_address, c.phone, c.mobile_phone, c.main_address_city].filter(Boolean).join(' ').toLowerCase()

/**
 * Sets the read-only search fields of a row being built, recomputed on every write (the real
 * instance updates them asynchronously). It sets them on the new object rather than spreading it
 * once more: a spread clone that grows keeps ~1 KB of slack a customer, and copies cost start-up.
 */
function withSearchFields(customer: Omit<Customer, 'quick_search' | 'quick_search_label'>): Customer {
  const row = customer as { -readonly [K in keyof Customer]: Customer[K] }
  row.quick_search = searchText(row.customer_account, row)
  row.quick_search_label = `${row.customer_account} - ${row.name}`
  return row
}

/** seeds/000: "format: CL + zero-padded ID, e.g. CL000123". */
export const customerAccountOf = (id: number) => `CL${String(id).padStart(6, '0')}`

/** A complete customer row from validated fields: defaults, the generated account, timestamps. */
export function buildCustomer(fields: Partial<Customer> & { name: string }, id: number, now: Date): Customer {
  const timestamp = toTimestamp(now)
  const account = fields.customer_account ?? customerAccountOf(id)
  return withSearchFields({ id, ...DEFAULTS, ...fields, customer_account: account, created_at: timestamp, updated_at: timestamp })
}

/** The columns the seed's volume customers draw; the others keep their defaults. */
export type VolumeCustomerFields = Pick<Customer,
  | 'name' | 'representative_id' | 'registration_number' | 'tax_registration_number' | 'type' | 'capital' | 'activity_code'
  | 'email_address' | 'account_email_address' | 'phone' | 'mobile_phone' | 'main_contact_first_name' | 'main_contact_last_name'
  | 'main_address_line1' | 'main_address_postal_code' | 'main_address_city' | 'website' | 'active' | 'vip' | 'on_call_duty' | 'charge_vat'>

/**
 * buildCustomer(fields, id, now) for the seed's volume, given toTimestamp(now): the same row, its
 * columns in the same order (app.test.ts checks both), spelled out as one object literal.
 * At 100k customers buildCustomer's spreads are a good part of the start-up; and a spread copy of a
 * row will not do: V8 gives each copy that optimised code makes its own hidden class once frozen.
 */
export function buildVolumeCustomer(f: VolumeCustomerFields, id: number, timestamp: string): Customer {
  const account = customerAccountOf(id)
  const d = DEFAULTS
  return {
    id, brand_id: d.brand_id, representative_id: f.representative_id, accounts_reference: d.accounts_reference, brand: d.brand,
    registration_number: f.registration_number, tax_registration_number: f.tax_registration_number, type: f.type, capital: f.capital,
    activity_code: f.activity_code, sector_id: d.sector_id, origin_id: d.origin_id, email_address: f.email_address,
    account_email_address: f.account_email_address, phone: f.phone, mobile_phone: f.mobile_phone, fax: d.fax,
    main_contact_first_name: f.main_contact_first_name, main_contact_last_name: f.main_contact_last_name,
    main_address_line1: f.main_address_line1, main_address_line2: d.main_address_line2, main_address_postal_code: f.main_address_postal_code,
    main_address_city: f.main_address_city, main_address_country: d.main_address_country, website: f.website, active: f.active,
    is_reseller: d.is_reseller, reseller_level: d.reseller_level, language_id: d.language_id, charge_vat: f.charge_vat,
    apply_vat_auto_reverse_operators: d.apply_vat_auto_reverse_operators, comment: d.comment, merge_invoices: d.merge_invoices,
    on_call_duty: f.on_call_duty, vip: f.vip, accept_emails: d.accept_emails, accept_calls: d.accept_calls,
    quick_search_index: d.quick_search_index, vip_from_task: d.vip_from_task, setup_follow_up: d.setup_follow_up,
    setup_follow_up_user_id: d.setup_follow_up_user_id, name: f.name, customer_account: account, created_at: timestamp, updated_at: timestamp,
    quick_search: searchText(account, f), quick_search_label: `${account} - ${f.name}`,
  }
}

/** A customer's contacts, in id order. */
const contactsOf = (store: Store, customer: Customer) =>
  store.contacts.byContactableId.get(customer.id).map((id) => store.contacts.get(id)!).filter((contact) => contact.contactable_type === MODEL)

/** A sales user (below tech) sees only the customers they represent (seeds/000 "filtered based on the user's role"). */
const visibleTo = (user: UserRow) => (customer: Customer) => seesEverything(user) || customer.representative_id === user.id

/** Route model binding for a customer (404), then the role rule (403). */
export function findCustomer(c: Context, param = 'id'): Customer {
  const customer = bindRow(c, c.get('store').customers, MODEL, param)
  if (!visibleTo(c.get('user'))(customer)) throw new Forbidden()
  return customer
}

function findByAccount(c: Context, account: string): Customer {
  const customer = c.get('store').customers.byAccount.first(account.toUpperCase())
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
  const castCustomer = (input: Record<string, unknown>) => castFields(input, { integers: INTEGERS, booleans: BOOLEANS }) as Partial<Customer>

  router.get('/v1/customers', (c, respond) => {
    const store = c.get('store')
    const query = validate(queryInput(c), LIST_RULES)
    const filters = parseFilters(searchParams(c), customerQuery)
    // `paginate($perPage ?: default)`: a per_page of 0 falls back like an absent one.
    const perPage = Number(query.per_page) || Number(query.nb) || DEFAULT_PER_PAGE
    const user = c.get('user')
    let rows: readonly Customer[] = seesEverything(user)
      ? store.customers.all()
      : store.customers.byRepresentative.get(user.id).map((id) => store.customers.get(id)!)
    // term_match searches the quick-search blob (name, account, emails, phones, city).
    rows = applyFilters(rows, filters.map((f) => (f.field === 'term_match' ? { ...f, field: 'quick_search' } : f)))
    if (query.sort) {
      const sort = String(query.sort)
      rows = applySorts(rows, [{ field: sort.replace(/^-/, ''), desc: sort.startsWith('-') || String(query.direction ?? 'asc').toLowerCase() === 'desc' }])
    }
    const page = pageOf(c, rows, perPage)
    return respond(200, { ...page, data: page.data.map(toCustomer) })
  })

  router.post('/v1/customers', async (c, respond) => {
    const store = c.get('store')
    const fields = castCustomer(validate(await readInput(c), newCustomerRules(store)))
    const user = c.get('user')
    if (fields.representative_id == null && !seesEverything(user)) fields.representative_id = user.id
    for (const key of Object.keys(fields) as (keyof Customer)[]) if (fields[key] === null && key in DEFAULTS) delete fields[key]
    const id = store.customers.nextId
    const row = store.customers.insert(buildCustomer({ ...fields, name: String(fields.name) }, id, deps.clock()))
    return respond(201, toCustomer(row))
  })

  router.get('/v1/customers/search', (c, respond) => {
    const { term } = validate(queryInput(c), SEARCH_RULES)
    const found = c.get('store').customers.byText.find(String(term), visibleTo(c.get('user')), SEARCH_LIMIT)
    return respond(200, found.map(toCustomer))
  })

  router.get('/v1/customers/lookup', (c, respond) => {
    const input = queryInput(c)
    const customer = lookUp(c.get('store'), input)
    if (!customer) return respond(200, { found: false, data: null })
    const followUpUser = customer.setup_follow_up_user_id === null ? undefined : c.get('store').users.get(customer.setup_follow_up_user_id)
    return respond(200, {
      found: true,
      data: {
        id: customer.id,
        name: customer.name,
        customer_account: customer.customer_account,
        vip: customer.vip,
        on_call_duty: customer.on_call_duty,
        setup_follow_up: customer.setup_follow_up,
        setup_follow_up_user: followUpUser ? { id: followUpUser.id, name: followUpUser.name } : null,
      },
    })
  })

  router.get('/v1/customers/customer_accounts/{customer_account}', (c, respond) =>
    respond(200, { customer_id: findByAccount(c, c.req.param('customer_account') ?? '').id }),
  )

  router.get('/v1/customers/{id}', (c, respond) => {
    const customer = findCustomer(c)
    return respond(200, withMembers(toCustomer(customer), { contacts: contactsOf(c.get('store'), customer).map(toContact) }))
  })

  router.put('/v1/customers/{id}', async (c, respond) => {
    const store = c.get('store')
    const customer = findCustomer(c)
    const input = await readInput(c)
    // On update every field is optional, but a `name` that is sent must not be empty.
    const fields = castCustomer(validate(input, sometimes(customerRules(store, customer.id), input)))
    // A null sent for a column that is never null (the official SDK's non-nullable fields among them) keeps the value.
    for (const key of Object.keys(fields) as (keyof Customer)[]) if (fields[key] === null && (key === 'customer_account' || (key in DEFAULTS && DEFAULTS[key as keyof typeof DEFAULTS] !== null))) delete fields[key]
    const updated = withSearchFields({ ...customer, ...fields, quick_search_index: false, updated_at: toTimestamp(deps.clock()) })
    return respond(200, toCustomer(store.customers.update(customer.id, updated)))
  })

  router.delete('/v1/customers/{id}', (c, respond) => {
    const store = c.get('store')
    const customer = findCustomer(c)
    if (!seesEverything(c.get('user'))) throw new Forbidden() // seeds/000: "Requires admin/tech role."
    const hasInvoices = store.invoices.byCustomer.get(customer.id).length > 0
    const hasFiles = store.customer_files.byFileable.get(`customer:${customer.id}`).length > 0
    if (hasInvoices || hasFiles) throw new Refused('This customer cannot be deleted because it still has invoices or customer files.')
    for (const contact of contactsOf(store, customer)) store.contacts.remove(contact.id)
    for (const id of [...store.customer_service_assignments.byCustomer.get(customer.id)]) store.customer_service_assignments.remove(id)
    store.customers.remove(customer.id)
    return respond(200, { message: 'The customer was deleted.' })
  })

  router.get('/v1/customers/{id}/consumptions', (c, respond) => {
    const customer = findCustomer(c)
    const { month } = validate(queryInput(c), { month: ['required', 'string', regex(/^\d{4}(0[1-9]|1[0-2])$/)] })
    const ids = c.get('store').consumptions.byCustomerMonth.get(`${customer.id}:${month}`)
    let cents = 0
    for (const id of ids) cents += Math.round(Number(c.get('store').consumptions.get(id)!.amount) * 100)
    return respond(200, cents / 100)
  })

  router.get('/v1/customer_accounts/{customer_account}', (c, respond) =>
    respond(200, toCustomer(findByAccount(c, c.req.param('customer_account') ?? ''))),
  )

  router.get('/v1/customerAccounts/{customerAccount}', (c, respond) =>
    respond(200, toCustomer(findByAccount(c, c.req.param('customerAccount') ?? ''))),
  )

  registerDeprecatedLookups(router)
  return router.hono
}

/** By account first, else by phone; 422 when neither is given (seeds/000 "one required"). */
function lookUp(store: Store, input: Record<string, unknown>): Customer | undefined {
  const { customer_account: account, phone_number: phone } = validate(input, LOOKUP_RULES)
  if (account == null && phone == null)
    throw new ValidationFailed({
      customer_account: ['The customer account field is required when phone number is not present.'],
      phone_number: ['The phone number field is required when customer account is not present.'],
    })
  if (account != null) return store.customers.byAccount.first(String(account).toUpperCase())
  const key = phoneKey(String(phone))
  return key ? store.customers.byPhone.first(key) : undefined
}

/** The seven deprecated look-ups of seeds/000, answering consistently with /v1/customers/lookup. */
function registerDeprecatedLookups(router: ReturnType<typeof createRouter>) {
  const byAccount = (c: Context) => {
    const { customer_account } = validate(queryInput(c), ACCOUNT_RULES)
    return lookUp(c.get('store'), { customer_account })
  }
  const byPhone = (c: Context) => {
    const { phone_number } = validate(queryInput(c), PHONE_RULES)
    return lookUp(c.get('store'), { phone_number })
  }
  router.get('/is_known_customer_account', (c, respond) => respond(200, { found: byAccount(c) !== undefined }))
  router.get('/is_known_phone_number', (c, respond) => respond(200, { found: byPhone(c) !== undefined }))
  router.get('/is_vip_by_customer_account', (c, respond) => respond(200, { vip: byAccount(c)?.vip ?? false }))
  router.get('/is_vip_by_phone_number', (c, respond) => respond(200, { vip: byPhone(c)?.vip ?? false }))
  router.get('/has_on_call_duty_contract_by_phone_number', (c, respond) =>
    respond(200, { on_call_duty: byPhone(c)?.on_call_duty ?? false }),
  )
  router.get('/has_on_call_duty_contract_by_customer_account', (c, respond) =>
    respond(200, { on_call_duty: byAccount(c)?.on_call_duty ?? false }),
  )
  router.get('/get_customer_id_from_phone_number', (c, respond) => respond(200, { customer_id: byPhone(c)?.id ?? null }))
}
