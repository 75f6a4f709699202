// A typed in-memory table: rows by id in id order, auto-increment ids, and secondary indexes kept
// in step with every write. Rows are frozen: a write replaces a row and never changes one, so
// what was read (and its JSON, see json-bytes.ts) stays true.

export type Row = { id: number }
type IndexKey = string | number

/** Anything kept in step with a table: told of every row that comes in and every row that goes. */
export type RowIndex<T> = { add(row: T): void; remove(row: T): void }

export type Index<T> = {
  /** The ids of the rows whose key is `key`. */
  get(key: IndexKey): ReadonlySet<number> | undefined
  first(key: IndexKey): T | undefined
}

/** Rows by the value of a key (or of several keys) of theirs; `null` keys are not indexed. */
class KeyIndex<T extends Row> implements RowIndex<T> {
  readonly map = new Map<IndexKey, Set<number>>()
  constructor(readonly key: (row: T) => IndexKey | IndexKey[] | null | undefined) {}

  add(row: T) {
    const keys = this.key(row)
    for (const k of Array.isArray(keys) ? keys : [keys]) {
      if (k === null || k === undefined) continue
      let ids = this.map.get(k)
      if (!ids) this.map.set(k, (ids = new Set()))
      ids.add(row.id)
    }
  }

  remove(row: T) {
    const keys = this.key(row)
    for (const k of Array.isArray(keys) ? keys : [keys]) {
      if (k === null || k === undefined) continue
      const ids = this.map.get(k)
      ids?.delete(row.id)
      if (ids?.size === 0) this.map.delete(k)
    }
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

  /** Keeps `index` in step with the table from now on, starting with every row it holds. */
  attach<I extends RowIndex<T>>(index: I): I {
    this.#indexes.push(index)
    for (const row of this.#rows.values()) index.add(row)
    return index
  }

  /** Adds an index on a key (or several keys) of each row; `null` keys are not indexed. */
  index(key: (row: T) => IndexKey | IndexKey[] | null | undefined): Index<T> {
    const entry = this.attach(new KeyIndex(key))
    return {
      get: (k) => entry.map.get(k),
      first: (k) => {
        const ids = entry.map.get(k)
        if (!ids) return undefined
        let best: number | undefined
        for (const id of ids) if (best === undefined || id < best) best = id
        return best === undefined ? undefined : this.#rows.get(best)
      },
    }
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
