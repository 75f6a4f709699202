// A typed in-memory table: rows by id in id order, auto-increment ids, and secondary indexes kept
// in step with every write. Rows are frozen: a write replaces a row and never changes one, so
// what was read (and its JSON, see json-bytes.ts) stays true.
import { Postings } from './postings.js'

export type Row = { id: number }
type IndexKey = string | number

/** Anything kept in step with a table: told of every row that comes in and every row that goes. */
export type RowIndex<T> = { add(row: T): void; remove(row: T): void }

/**
 * An index built from its table the first time it is read, then kept in step: a sandbox pays at
 * start-up for its rows only, and for each index when a request first needs it (at 100k customers
 * that is most of the start-up time).
 */
export abstract class LazyIndex<T extends Row> implements RowIndex<T> {
  #built = false
  constructor(protected readonly table: { get(id: number): T | undefined; all(): readonly T[] }) {}

  add(row: T) {
    if (this.#built) this.insert(row)
  }

  remove(row: T) {
    if (this.#built) this.delete(row)
  }

  /** Builds the index the first time; every read goes through it. */
  protected build() {
    if (this.#built) return
    this.#built = true
    for (const row of this.table.all()) this.insert(row)
  }

  protected abstract insert(row: T): void
  protected abstract delete(row: T): void
}

export type Index<T> = {
  /** The ids of the rows whose key is `key`, ascending (copy it to write to the table while reading it). */
  get(key: IndexKey): readonly number[]
  /** The row with the lowest id whose key is `key`. */
  first(key: IndexKey): T | undefined
}

/** Rows by the value of a key (or of several keys) of theirs; `null` keys are not indexed. */
class KeyIndex<T extends Row> extends LazyIndex<T> implements Index<T> {
  readonly #ids = new Postings<IndexKey>()
  readonly #key: (row: T) => IndexKey | IndexKey[] | null | undefined

  constructor(key: (row: T) => IndexKey | IndexKey[] | null | undefined, table: Table<T>) {
    super(table)
    this.#key = key
  }

  get(key: IndexKey): readonly number[] {
    this.build()
    return this.#ids.get(key)
  }

  first(key: IndexKey): T | undefined {
    this.build()
    const id = this.#ids.first(key)
    return id === undefined ? undefined : this.table.get(id)
  }

  protected insert(row: T) {
    const keys = this.#key(row)
    for (const k of Array.isArray(keys) ? keys : [keys]) if (k !== null && k !== undefined) this.#ids.add(k, row.id)
  }

  protected delete(row: T) {
    const keys = this.#key(row)
    for (const k of Array.isArray(keys) ? keys : [keys]) if (k !== null && k !== undefined) this.#ids.remove(k, row.id)
  }
}

export class Table<T extends Row> {
  #rows = new Map<number, T>()
  #ordered: T[] | undefined
  #nextId = 1
  #indexes: RowIndex<T>[] = []
  #onChange: () => void

  constructor(rows: readonly T[] = [], onChange: () => void = () => {}) {
    this.#onChange = onChange
    for (const row of rows) this.#put(row)
  }

  get size(): number {
    return this.#rows.size
  }

  get nextId(): number {
    return this.#nextId
  }

  get(id: number): T | undefined {
    return this.#rows.get(id)
  }

  /** Every row in id order. The array is shared until the next write: do not mutate it. */
  all(): readonly T[] {
    this.#ordered ??= [...this.#rows.values()].sort((a, b) => a.id - b.id)
    return this.#ordered
  }

  insert(values: Omit<T, 'id'> & { id?: number }): T {
    // The id first, as the table's first column, whatever the values' order.
    const row = { id: values.id ?? this.#nextId, ...values } as T
    if (this.#rows.has(row.id)) throw new Error(`Duplicate id ${row.id}`)
    this.#put(row)
    this.#onChange()
    return row
  }

  /** Replaces the row with `id` by `row` merged over it; answers the new row. */
  update(id: number, patch: Partial<T>): T {
    const old = this.#rows.get(id)
    if (!old) throw new Error(`No row ${id}`)
    const row = Object.freeze({ ...old, ...patch, id }) as T
    this.#unindex(old)
    this.#rows.set(id, row)
    this.#index(row)
    this.#ordered = undefined
    this.#onChange()
    return row
  }

  remove(id: number): boolean {
    const old = this.#rows.get(id)
    if (!old) return false
    this.#unindex(old)
    this.#rows.delete(id)
    this.#ordered = undefined
    this.#onChange()
    return true
  }

  /** Keeps `index` in step with every write from now on (a LazyIndex reads the rows already here itself). */
  attach<I extends RowIndex<T>>(index: I): I {
    this.#indexes.push(index)
    return index
  }

  /** Adds an index on a key (or several keys) of each row; `null` keys are not indexed. */
  index(key: (row: T) => IndexKey | IndexKey[] | null | undefined): Index<T> {
    return this.attach(new KeyIndex(key, this))
  }

  #put(row: T) {
    Object.freeze(row)
    this.#rows.set(row.id, row)
    this.#nextId = Math.max(this.#nextId, row.id + 1)
    this.#index(row)
    this.#ordered = undefined
  }

  #index(row: T) {
    for (const index of this.#indexes) index.add(row)
  }

  #unindex(row: T) {
    for (const index of this.#indexes) index.remove(row)
  }
}
