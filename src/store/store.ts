// The sandbox's state: one typed table per resource, the indexes the routes need, and a plain
// JSON snapshot of it all (what is persisted, exported and imported).
import type { Schema } from '../spec.js'
import { Table, type Index, type Row } from './table.js'

export type UserRow = Schema<'User'> & { password: string }
export type TokenRow = { id: number; token: string; user_id: number; expires_at: string | null; revoked: boolean }
/** The customer <-> customer service pivot, with its extra pivot columns. */
export type AssignmentRow = { id: number; customer_id: number; customer_service_id: number; extra: Record<string, unknown> }
/** A consumption (call, data, SMS) rated on a customer file, summed per billing month. */
export type ConsumptionRow = { id: number; customer_id: number; customer_file_id: number | null; month: string; label: string; amount: string }

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
}
export type TableName = keyof Rows
export const TABLE_NAMES: readonly TableName[] = [
  'users', 'tokens', 'customers', 'contacts', 'customer_services', 'customer_service_assignments',
  'customer_files', 'invoices', 'consumptions',
]

export const STATE_VERSION = 1
export type State = { version: number; seed: number; tables: { [K in TableName]: Rows[K][] } }

/** Phone numbers compare by their digits, so `+33 1 23 45 67 89` finds `+33123456789`. */
export const phoneKey = (phone: string) => phone.replace(/[^\d]/g, '')
const indexed = <T extends Row, I extends Record<string, (row: T) => string | number | (string | number)[] | null | undefined>>(table: Table<T>, indexes: I) =>
  Object.assign(table, Object.fromEntries(Object.entries(indexes).map(([name, key]) => [name, table.index(key)])) as { [K in keyof I]: Index<T> })

export function createStore(state: State, onChange: () => void = () => {}) {
  const table = <K extends TableName>(name: K) => new Table<Rows[K]>(state.tables[name] ?? [], onChange)
  const tables = {
    users: indexed(table('users'), { byEmail: (u) => u.email.toLowerCase() }),
    tokens: indexed(table('tokens'), { byToken: (t) => t.token }),
    customers: indexed(table('customers'), {
      byAccount: (c) => c.customer_account?.toUpperCase(),
      byPhone: (c) => [c.phone, c.mobile_phone].filter((p): p is string => !!p).map(phoneKey).filter(Boolean),
      byRepresentative: (c) => c.representative_id,
    }),
    contacts: indexed(table('contacts'), { byContactable: (c) => `${c.contactable_type}:${c.contactable_id}` }),
    customer_services: table('customer_services'),
    customer_service_assignments: indexed(table('customer_service_assignments'), {
      byCustomer: (a) => a.customer_id,
      byService: (a) => a.customer_service_id,
    }),
    customer_files: indexed(table('customer_files'), { byFileable: (f) => `${f.fileable_type}:${f.fileable_id}` }),
    invoices: indexed(table('invoices'), { byCustomer: (i) => i.customer_id }),
    consumptions: indexed(table('consumptions'), { byCustomerMonth: (c) => `${c.customer_id}:${c.month}` }),
  }
  const snapshot = (): State => ({
    version: STATE_VERSION,
    seed: state.seed,
    tables: Object.fromEntries(TABLE_NAMES.map((name) => [name, tables[name].all()])) as State['tables'],
  })
  return { ...tables, seed: state.seed, snapshot }
}

export type Store = ReturnType<typeof createStore>
