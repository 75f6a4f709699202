// The indexes of a table: what every index shares (kept in step with the table's writes, built the
// first time it is read) and the index of rows by a key of theirs.
import { Postings } from './postings.js'

export type Row = { id: number }
export type IndexKey = string | number
/** A row's key (or keys) in an index; `null` keys are not indexed. */
export type KeyOf<T> = (row: T) => IndexKey | IndexKey[] | null | undefined
/** Where an index reads the rows it is built from. */
export type RowSource<T> = { get(id: number): T | undefined; all(): readonly T[] }

/** Anything kept in step with a table: told of every row that comes in and every row that goes. */
export type RowIndex<T> = { add(row: T): void; remove(row: T): void }

export type Index<T> = {
  /** The ids of the rows whose key is `key`, ascending (copy it to write to the table while reading it). */
  get(key: IndexKey): readonly number[]
  /** The row with the lowest id whose key is `key`. */
  first(key: IndexKey): T | undefined
}

/**
 * An index built from its table the first time it is read, then kept in step: a sandbox pays at
 * start-up for its rows only, and for each index when a request first needs it (at 100k customers
 * that is most of the start-up time).
 */
export abstract class LazyIndex<T extends Row> implements RowIndex<T> {
  #built = false
  constructor(protected readonly table: RowSource<T>) {}

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

/** Rows by the value of a key (or of several keys) of theirs; `null` keys are not indexed. */
export class KeyIndex<T extends Row> extends LazyIndex<T> implements Index<T> {
  readonly #ids = new Postings<IndexKey>()
  readonly #key: KeyOf<T>

  constructor(key: KeyOf<T>, table: RowSource<T>) {
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
