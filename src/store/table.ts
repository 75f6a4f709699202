// A typed in-memory table: rows by id in id order, auto-increment ids, and secondary indexes kept
// in step with every write. Every row goes through cacheJson(): it is frozen, deeply, and a write
// replaces a row and never changes one, so what was read (and its JSON bytes, cached) stays true.
import { Postings } from './postings.js'
import { cacheJson, cacheRow } from './json-bytes.js'

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
    // By index: this loop runs once, before it is optimised, where for-of would allocate an iterator result per row.
    const rows = this.table.all()
    for (let i = 0; i < rows.length; i++) this.insert(rows[i]!)
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

  // A single key is read as it is: wrapping it in an array for each row is most of a build's garbage.
  protected insert(row: T) {
    const keys = this.#key(row)
    if (!Array.isArray(keys)) {
      if (keys !== null && keys !== undefined) this.#ids.add(keys, row.id)
    } else for (const k of keys) if (k !== null && k !== undefined) this.#ids.add(k, row.id)
  }

  protected delete(row: T) {
    const keys = this.#key(row)
    if (!Array.isArray(keys)) {
      if (keys !== null && keys !== undefined) this.#ids.remove(keys, row.id)
    } else for (const k of keys) if (k !== null && k !== undefined) this.#ids.remove(k, row.id)
  }
}

export class Table<T extends Row> {
  /**
   * Every row, in id order. Rows are looked up by id at `id - 1` (the ids of most tables run from 1
   * without a gap), else by a binary search: no Map of every row to build at start-up, where it cost
   * about a tenth of the time at 100k customers.
   */
  #rows: T[]
  /** all() handed #rows out since the last write: the next write copies it first, so readers keep theirs. */
  #shared = false
  #nextId = 1
  #indexes: RowIndex<T>[] = []
  #onChange: () => void

  /** `nested`: the columns that may hold objects (the rest hold plain values), frozen with their row. */
  constructor(rows: readonly T[] = [], onChange: () => void = () => {}, nested?: readonly string[]) {
    this.#onChange = onChange
    this.#rows = cachedInIdOrder(rows, nested)
    if (this.#rows.length) this.#nextId = this.#rows[this.#rows.length - 1]!.id + 1
  }

  get size(): number {
    return this.#rows.length
  }

  get nextId(): number {
    return this.#nextId
  }

  get(id: number): T | undefined {
    const row = this.#rows[id - 1]
    if (row !== undefined && row.id === id) return row
    const at = this.#find(id)
    return at < this.#rows.length && this.#rows[at]!.id === id ? this.#rows[at] : undefined
  }

  /** Every row in id order. The array is shared until the next write: do not mutate it. */
  all(): readonly T[] {
    this.#shared = true
    return this.#rows
  }

  insert(values: Omit<T, 'id'> & { id?: number }): T {
    // The id first, as the table's first column, whatever the values' order.
    const row = cacheJson({ id: values.id ?? this.#nextId, ...values }) as T
    const at = this.#find(row.id)
    if (this.#rows[at]?.id === row.id) throw new Error(`Duplicate id ${row.id}`)
    this.#writable().splice(at, 0, row)
    this.#nextId = Math.max(this.#nextId, row.id + 1)
    this.#index(row)
    this.#onChange()
    return row
  }

  /** Replaces the row with `id` by `row` merged over it; answers the new row. */
  update(id: number, patch: Partial<T>): T {
    const at = this.#find(id)
    const old = this.#rows[at]
    if (old?.id !== id) throw new Error(`No row ${id}`)
    const row = cacheJson({ ...old, ...patch, id }) as T
    this.#unindex(old)
    this.#writable()[at] = row
    this.#index(row)
    this.#onChange()
    return row
  }

  remove(id: number): boolean {
    const at = this.#find(id)
    const old = this.#rows[at]
    if (old?.id !== id) return false
    this.#unindex(old)
    this.#writable().splice(at, 1)
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

  /** The position of the first row whose id is `id` or more. */
  #find(id: number): number {
    const rows = this.#rows
    if (!rows.length || rows[rows.length - 1]!.id < id) return rows.length // an insert at the end
    let low = 0
    let high = rows.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (rows[middle]!.id < id) low = middle + 1
      else high = middle
    }
    return low
  }

  #writable(): T[] {
    if (this.#shared) {
      this.#rows = this.#rows.slice()
      this.#shared = false
    }
    return this.#rows
  }

  #index(row: T) {
    for (const index of this.#indexes) index.add(row)
  }

  #unindex(row: T) {
    for (const index of this.#indexes) index.remove(row)
  }
}

/**
 * `rows` cached (cacheRow), and a copy of them in id order, the last row of an id kept (snapshots come in id
 * order: then it is a plain copy). One pass over the rows: at 100k customers, reading 440,000 rows
 * that are no longer in the processor's caches is most of the time.
 */
function cachedInIdOrder<T extends Row>(rows: readonly T[], nested: readonly string[] | undefined): T[] {
  let ordered = true
  // By index, as in LazyIndex.build.
  for (let i = 0; i < rows.length; i++) {
    cacheRow(rows[i]!, nested)
    if (i > 0 && rows[i - 1]!.id >= rows[i]!.id) ordered = false
  }
  if (ordered) return rows.slice()
  // A stable sort keeps rows of one id in their order: the last of each run is the one kept.
  const sorted = rows.slice().sort((a, b) => a.id - b.id)
  return sorted.filter((row, i) => sorted[i + 1]?.id !== row.id)
}
