// The sandbox's state: one typed table per resource (tables.ts), the domain queries over them
// (queries.ts, which alone holds the indexes), and a plain JSON snapshot of it all. A store holds
// its rows (createStore), or an isolated sandbox's changes over a seed's store (createOverlay).
import { RowTable, type Row, type Table } from './table.js'
import { OverlayTable } from './overlay-table.js'
import { createQueries } from './queries.js'
import {
  COLLECTION_TABLES,
  STATE_VERSION,
  TABLE_NAMES,
  type Rows,
  type State,
  type TableName,
  type Tables,
} from './tables.js'

export { COLLECTION_TABLES, STATE_VERSION, TABLE_NAMES }
export type {
  AssignmentRow,
  BundleLineRow,
  ConsumptionRow,
  FileContactRow,
  LineKind,
  RecordRow,
  Rows,
  State,
  TableName,
  TokenRow,
  UserRow,
} from './tables.js'

/** Columns that hold objects (a pivot's extra data): their rows are frozen down to them. */
const NESTED: Partial<Record<TableName, readonly string[]>> = {
  customer_service_assignments: ['extra'],
}

export function createStore(state: State, onChange: () => void = () => {}) {
  return storeOf(
    tablesOf(
      <K extends TableName>(name: K) =>
        new RowTable<Rows[K]>(state.tables[name] ?? [], onChange, NESTED[name]),
    ),
    state.seed,
  )
}

/**
 * A store that reads `base`'s rows and indexes and writes only its own changes: `base` is shared
 * by every overlay made over it, and must not be written once they exist (nothing serves it).
 */
export function createOverlay(base: Store): Store {
  return storeOf(
    tablesOf(
      <K extends TableName>(name: K) =>
        new OverlayTable<Rows[K]>(rowTable(base[name] as Table<Rows[K]>), NESTED[name]),
    ),
    base.seed,
  )
}

const rowTable = <T extends Row>(table: Table<T>): RowTable<T> => {
  if (!(table instanceof RowTable))
    throw new Error('An overlay is made over a store that holds its rows')
  return table
}

function tablesOf(table: <K extends TableName>(name: K) => Table<Rows[K]>): Tables {
  return {
    users: table('users'),
    tokens: table('tokens'),
    customers: table('customers'),
    contacts: table('contacts'),
    customer_services: table('customer_services'),
    customer_service_assignments: table('customer_service_assignments'),
    customer_files: table('customer_files'),
    invoices: table('invoices'),
    consumptions: table('consumptions'),
    taxes: table('taxes'),
    suppliers: table('suppliers'),
    families: table('families'),
    subfamilies: table('subfamilies'),
    items: table('items'),
    bundles: table('bundles'),
    bundle_lines: table('bundle_lines'),
    prospects: table('prospects'),
    customer_file_contacts: table('customer_file_contacts'),
    licences: table('licences'),
    initials: table('initials'),
    recurrings: table('recurrings'),
    notes: table('notes'),
    phone_calls: table('phone_calls'),
    ...(Object.fromEntries(COLLECTION_TABLES.map((name) => [name, table(name)])) as {
      [K in (typeof COLLECTION_TABLES)[number]]: Table<Rows[K]>
    }),
  }
}

function storeOf(tables: Tables, seed: number) {
  const snapshot = (): State => ({
    version: STATE_VERSION,
    seed,
    tables: Object.fromEntries(
      TABLE_NAMES.map((name) => [name, tables[name].all()]),
    ) as State['tables'],
  })
  return { ...tables, ...createQueries(tables), seed, snapshot }
}

export type Store = ReturnType<typeof storeOf>
