// The sandbox's state: one typed table per resource (tables.ts), the domain queries over them
// (queries.ts, which alone keys the indexes), and a plain JSON snapshot of it all. A store holds
// its rows (createStore), or an isolated sandbox's changes over a seed's store (createOverlay).
import { RowTable, type Row, type Table } from './table.js'
import { OverlayTable } from './overlay-table.js'
import { Queries } from './queries.js'
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

export function createStore(state: State, onChange: () => void = () => {}): Store {
  const store = new Store(
    state.seed,
    <K extends TableName>(name: K) =>
      new RowTable<Rows[K]>(state.tables[name] ?? [], onChange, NESTED[name]),
  )
  // Every table now: its rows are cached once, at start-up, and a bad state fails here.
  for (const name of TABLE_NAMES) void store[name]
  return store
}

/**
 * A store that reads `base`'s rows and indexes and writes only its own changes: `base` is shared
 * by every overlay made over it, and must not be written once they exist (nothing serves it). It
 * makes a table's overlay when a request first reads the table: a new one is one small object.
 */
export function createOverlay(base: Store): Store {
  return new Store(
    base.seed,
    <K extends TableName>(name: K) =>
      new OverlayTable<Rows[K]>(rowTable(base[name] as Table<Rows[K]>), NESTED[name]),
  )
}

const rowTable = <T extends Row>(table: Table<T>): RowTable<T> => {
  if (!(table instanceof RowTable))
    throw new Error('An overlay is made over a store that holds its rows')
  return table
}

type MakeTable = <K extends TableName>(name: K) => Table<Rows[K]>

/** The tables (one property each, made on first read), the domain queries over them, the seed. */
export class Store extends Queries {
  readonly #made: Partial<Tables> = {}
  readonly #make: MakeTable

  constructor(
    readonly seed: number,
    make: MakeTable,
  ) {
    super()
    this.#make = make
  }

  /** The table `name`, if a request has read it (an overlay's others hold no change). */
  made<K extends TableName>(name: K): Tables[K] | undefined {
    return this.#made[name]
  }

  tableOf<K extends TableName>(name: K): Tables[K] {
    return (this.#made[name] ??= this.#make(name) as Tables[K])
  }

  snapshot(): State {
    return {
      version: STATE_VERSION,
      seed: this.seed,
      tables: Object.fromEntries(
        TABLE_NAMES.map((name) => [name, this[name].all()]),
      ) as State['tables'],
    }
  }
}

for (const name of TABLE_NAMES)
  Object.defineProperty(Store.prototype, name, {
    get(this: Store) {
      return this.tableOf(name)
    },
  })
