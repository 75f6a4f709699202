// The sandbox's state: one typed table per resource, the indexes the routes need, and a plain
// JSON snapshot of it all (what is persisted, exported and imported).
import type { Schema } from '../spec.js'
import { Table, type Index, type Row } from './table.js'
import { TextIndex } from './text-index.js'

export type UserRow = Schema<'User'> & { password: string }
export type TokenRow = { id: number; token: string; user_id: number; expires_at: string | null; revoked: boolean }
/** The customer <-> customer service pivot, with its extra pivot columns. */
export type AssignmentRow = { id: number; customer_id: number; customer_service_id: number; extra: Record<string, unknown> }
/** A consumption (call, data, SMS) rated on a customer file, summed per billing month. */
export type ConsumptionRow = { id: number; customer_id: number; customer_file_id: number | null; month: string; label: string; amount: string }
/** The three kinds of line a bundle (and a customer file) holds. */
export type LineKind = 'initial' | 'licence' | 'recurring'
/** A bundle's line of one kind (the documented "Bundle Initial Item" shape, for every kind). */
export type BundleLineRow = Schema<'BundleInitialItem'> & { id: number; kind: LineKind }
/** The customer file <-> contact pivot (`contact_ids` syncs it). */
export type FileContactRow = { id: number; customer_file_id: number; contact_id: number }

export type Rows = {
  users: UserRow
  tokens: TokenRow
  customers: Schema<'Customer'>
  contacts: Schema<'Contact'>
  customer_services: Schema<'CustomerService'>
  customer_service_assignments: AssignmentRow
  customer_files: Schema<'CustomerFile'>
  invoices: Schema<'Invoice'>
  consumptions: ConsumptionRow
  taxes: Schema<'Tax'>
  suppliers: Schema<'Supplier'>
  families: Schema<'Family'>
  subfamilies: Schema<'Subfamily'>
  items: Schema<'Item'>
  bundles: Schema<'Bundle'>
  bundle_lines: BundleLineRow
  prospects: Schema<'Prospect'>
  customer_file_contacts: FileContactRow
  licences: Schema<'Licence'>
  initials: Schema<'Initial'>
  recurrings: Schema<'Recurring'>
}
export type TableName = keyof Rows
export const TABLE_NAMES: readonly TableName[] = [
  'users', 'tokens', 'customers', 'contacts', 'customer_services', 'customer_service_assignments',
  'customer_files', 'invoices', 'consumptions', 'taxes', 'suppliers', 'families', 'subfamilies', 'items', 'bundles',
  'bundle_lines', 'prospects', 'customer_file_contacts', 'licences', 'initials', 'recurrings',
]

export const STATE_VERSION = 2
export type State = { version: number; seed: number; tables: { [K in TableName]: Rows[K][] } }

/** Phone numbers compare by their digits, so `+33 1 23 45 67 89` finds `+33123456789`. */
export const phoneKey = (phone: string) => phone.replace(/[^\d]/g, '')
const indexed = <T extends Row, I extends Record<string, (row: T) => string | number | (string | number)[] | null | undefined>>(table: Table<T>, indexes: I) =>
  Object.assign(table, Object.fromEntries(Object.entries(indexes).map(([name, key]) => [name, table.index(key)])) as { [K in keyof I]: Index<T> })

export function createStore(state: State, onChange: () => void = () => {}) {
  const table = <K extends TableName>(name: K) => new Table<Rows[K]>(state.tables[name] ?? [], onChange)
  const customers = indexed(table('customers'), {
    byAccount: (c) => c.customer_account?.toUpperCase(),
    byPhone: (c) => [c.phone, c.mobile_phone].filter((p): p is string => !!p).map(phoneKey).filter(Boolean),
    byRepresentative: (c) => c.representative_id,
  })
  const tables = {
    users: indexed(table('users'), { byEmail: (u) => u.email.toLowerCase() }),
    tokens: indexed(table('tokens'), { byToken: (t) => t.token }),
    // seeds/000 search: "by name or customer account".
    customers: Object.assign(customers, { byText: customers.attach(new TextIndex((c) => [c.name, c.customer_account], customers)) }),
    // By the owner's id alone (readers check contactable_type): a `type:id` string per contact made
    // this index, which the first read of a customer builds, three times as slow at 100k customers.
    contacts: indexed(table('contacts'), { byContactableId: (c) => c.contactable_id }),
    customer_services: table('customer_services'),
    customer_service_assignments: indexed(table('customer_service_assignments'), {
      byCustomer: (a) => a.customer_id,
      byService: (a) => a.customer_service_id,
    }),
    customer_files: indexed(table('customer_files'), { byFileable: (f) => `${f.fileable_type}:${f.fileable_id}` }),
    invoices: indexed(table('invoices'), { byCustomer: (i) => i.customer_id, byFile: (i) => i.customer_file_id }),
    consumptions: indexed(table('consumptions'), { byCustomerMonth: (c) => `${c.customer_id}:${c.month}`, byFile: (c) => c.customer_file_id }),
    taxes: table('taxes'),
    suppliers: table('suppliers'),
    families: table('families'),
    subfamilies: indexed(table('subfamilies'), { byFamily: (s) => s.family_id }),
    items: indexed(table('items'), {
      byFamily: (i) => i.family_id,
      bySubfamily: (i) => i.subfamily_id,
      byReference: (i) => i.internal_reference,
    }),
    bundles: table('bundles'),
    bundle_lines: indexed(table('bundle_lines'), { byBundle: (l) => l.bundle_id, byItem: (l) => l.item_id }),
    prospects: table('prospects'),
    customer_file_contacts: indexed(table('customer_file_contacts'), { byFile: (p) => p.customer_file_id, byContact: (p) => p.contact_id }),
    licences: indexed(table('licences'), { byFile: (l) => l.customer_file_id, byItem: (l) => l.item_id }),
    initials: indexed(table('initials'), { byFile: (l) => l.customer_file_id, byItem: (l) => l.item_id }),
    recurrings: indexed(table('recurrings'), { byFile: (l) => l.customer_file_id, byItem: (l) => l.item_id }),
  }
  const snapshot = (): State => ({
    version: STATE_VERSION,
    seed: state.seed,
    tables: Object.fromEntries(TABLE_NAMES.map((name) => [name, tables[name].all()])) as State['tables'],
  })
  return { ...tables, seed: state.seed, snapshot }
}

export type Store = ReturnType<typeof createStore>
