// The sandbox's state: one typed table per resource (tables.ts), the domain queries over them
// (queries.ts, which alone holds the indexes), and a plain JSON snapshot of it all.
import { Table } from './table.js'
import { createQueries } from './queries.js'
import { STATE_VERSION, TABLE_NAMES, type Rows, type State, type TableName, type Tables } from './tables.js'

export { STATE_VERSION, TABLE_NAMES }
export type { AssignmentRow, BundleLineRow, ConsumptionRow, FileContactRow, LineKind, Rows, State, TableName, TokenRow, UserRow } from './tables.js'

/** Columns that hold objects (a pivot's extra data): their rows are frozen down to them. */
const NESTED: Partial<Record<TableName, readonly string[]>> = { customer_service_assignments: ['extra'] }

export function createStore(state: State, onChange: () => void = () => {}) {
  const table = <K extends TableName>(name: K) => new Table<Rows[K]>(state.tables[name] ?? [], onChange, NESTED[name])
  const tables: Tables = {
    users: table('users'), tokens: table('tokens'), customers: table('customers'), contacts: table('contacts'),
    customer_services: table('customer_services'), customer_service_assignments: table('customer_service_assignments'),
    customer_files: table('customer_files'), invoices: table('invoices'), consumptions: table('consumptions'), taxes: table('taxes'),
    suppliers: table('suppliers'), families: table('families'), subfamilies: table('subfamilies'), items: table('items'),
    bundles: table('bundles'), bundle_lines: table('bundle_lines'), prospects: table('prospects'),
    customer_file_contacts: table('customer_file_contacts'), licences: table('licences'), initials: table('initials'), recurrings: table('recurrings'),
    notes: table('notes'), phone_calls: table('phone_calls'),
  }
  const snapshot = (): State => ({
    version: STATE_VERSION,
    seed: state.seed,
    tables: Object.fromEntries(TABLE_NAMES.map((name) => [name, tables[name].all()])) as State['tables'],
  })
  return { ...tables, ...createQueries(tables), seed: state.seed, snapshot }
}

export type Store = ReturnType<typeof createStore>
