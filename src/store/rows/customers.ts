// A customer row: the contract's defaults, the generated account, the timestamps and the
// quick-search fields (seeds/000, seeds/001).
import type { Schema } from '../../spec.js'
import { modelDefaults } from '../../generated/rules.js'
import { freshTimestamp } from './updates.js'

type Customer = Schema<'Customer'>

const { customer_account: _generated, ...writable } = modelDefaults.Customer
/**
 * The defaults of a new customer: the contract's (CustomerUpdate.yaml), then the read-only columns
 * it cannot default. The account is not among them: it is made from the id.
 */
export const CUSTOMER_DEFAULTS = {
  ...writable,
  quick_search_index: false,
  vip_from_task: false,
  setup_follow_up: false,
  setup_follow_up_user_id: null,
} satisfies Partial<Customer>

/** seeds/000: "format: CL + zero-padded ID, e.g. CL000123". */
export const customerAccountOf = (id: number) => `CL${String(id).padStart(6, '0')}`

/** The quick-search blob: the account, name, e-mail addresses, phones and city, lower-cased. */
const searchText = (
  account: string | null,
  c: Pick<
    Customer,
    | 'name'
    | 'email_address'
    | 'account_email_address'
    | 'phone'
    | 'mobile_phone'
    | 'main_address_city'
  >,
) =>
  [
    account,
    c.name,
    c.email_address,
    c.account_email_address,
    c.phone,
    c.mobile_phone,
    c.main_address_city,
  ]
    .filter(Boolean)
    .join(' ')
    .toLowerCase()

/**
 * Sets the read-only search fields of a row being built, recomputed on every write (the real
 * instance updates them asynchronously). It sets them on the new object rather than spreading it
 * once more: a spread clone that grows keeps ~1 KB of slack a customer, and copies cost start-up.
 */
export function withSearchFields(
  customer: Omit<Customer, 'quick_search' | 'quick_search_label'>,
): Customer {
  const row = customer as { -readonly [K in keyof Customer]: Customer[K] }
  row.quick_search = searchText(row.customer_account, row)
  row.quick_search_label = `${row.customer_account} - ${row.name}`
  return row
}

/** A complete customer row from validated fields: defaults, the generated account, timestamps. */
export function buildCustomer(
  fields: Partial<Omit<Customer, 'customer_account'>> & {
    name: string
    customer_account?: string | null
  },
  id: number,
  now: Date,
): Customer {
  const timestamp = freshTimestamp(now)
  const account = fields.customer_account ?? customerAccountOf(id)
  return withSearchFields({
    id,
    ...CUSTOMER_DEFAULTS,
    ...fields,
    customer_account: account,
    created_at: timestamp,
    updated_at: timestamp,
  })
}

/** The columns the seed's volume customers draw; the others keep their defaults. */
export type VolumeCustomerFields = Pick<
  Customer,
  | 'name'
  | 'representative_id'
  | 'registration_number'
  | 'tax_registration_number'
  | 'type'
  | 'capital'
  | 'activity_code'
  | 'email_address'
  | 'account_email_address'
  | 'phone'
  | 'mobile_phone'
  | 'main_contact_first_name'
  | 'main_contact_last_name'
  | 'main_address_line1'
  | 'main_address_postal_code'
  | 'main_address_city'
  | 'website'
  | 'active'
  | 'vip'
  | 'on_call_duty'
  | 'charge_vat'
>

/**
 * buildCustomer(fields, id, now) for the seed's volume, given toTimestamp(now): the same row, its
 * columns in the same order (rows/customers.test.ts checks both), spelled out as one object literal.
 * At 100k customers buildCustomer's spreads are a good part of the start-up; and a spread copy of a
 * row will not do: V8 gives each copy that optimised code makes its own hidden class once frozen.
 */
export function buildVolumeCustomer(
  f: VolumeCustomerFields,
  id: number,
  timestamp: string,
): Customer {
  const account = customerAccountOf(id)
  const d = CUSTOMER_DEFAULTS
  return {
    id,
    brand_id: d.brand_id,
    representative_id: f.representative_id,
    accounts_reference: d.accounts_reference,
    brand: d.brand,
    registration_number: f.registration_number,
    tax_registration_number: f.tax_registration_number,
    type: f.type,
    capital: f.capital,
    activity_code: f.activity_code,
    sector_id: d.sector_id,
    origin_id: d.origin_id,
    email_address: f.email_address,
    account_email_address: f.account_email_address,
    phone: f.phone,
    mobile_phone: f.mobile_phone,
    fax: d.fax,
    main_contact_first_name: f.main_contact_first_name,
    main_contact_last_name: f.main_contact_last_name,
    main_address_line1: f.main_address_line1,
    main_address_line2: d.main_address_line2,
    main_address_postal_code: f.main_address_postal_code,
    main_address_city: f.main_address_city,
    main_address_country: d.main_address_country,
    website: f.website,
    active: f.active,
    is_reseller: d.is_reseller,
    reseller_level: d.reseller_level,
    language_id: d.language_id,
    charge_vat: f.charge_vat,
    apply_vat_auto_reverse_operators: d.apply_vat_auto_reverse_operators,
    comment: d.comment,
    merge_invoices: d.merge_invoices,
    on_call_duty: f.on_call_duty,
    vip: f.vip,
    accept_emails: d.accept_emails,
    accept_calls: d.accept_calls,
    quick_search_index: d.quick_search_index,
    vip_from_task: d.vip_from_task,
    setup_follow_up: d.setup_follow_up,
    setup_follow_up_user_id: d.setup_follow_up_user_id,
    name: f.name,
    customer_account: account,
    created_at: timestamp,
    updated_at: timestamp,
    quick_search: searchText(account, f),
    quick_search_label: `${account} - ${f.name}`,
  }
}
