// A typed in-memory table: rows by id in id order, auto-increment ids, and secondary indexes kept
// in step with every write. Rows are frozen: a write replaces a row and never changes one, so
// what was read (and its JSON, see json-bytes.ts) stays true.

export type Row = { id: number }
type IndexKey = string | number
type IndexEntry<T> = { key: (row: T) => IndexKey | IndexKey[] | null | undefined; map: Map<IndexKey, Set<number>> }

export type Index<T> = {
  /** The ids of the rows whose key is `key`. */
  get(key: IndexKey): ReadonlySet<number> | undefined
  first(key: IndexKey): T | undefined
}

export class Table<T extends Row> {
  #rows = new Map<number, T>()
  #ordered: T[] | undefined
  #nextId = 1
  #indexes: IndexEntry<T>[] = []
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

  /** Adds an index on a key (or several keys) of each row; `null` keys are not indexed. */
  index(key: (row: T) => IndexKey | IndexKey[] | null | undefined): Index<T> {
    const entry = { key, map: new Map<IndexKey, Set<number>>() }
    this.#indexes.push(entry)
    for (const row of this.#rows.values()) this.#addTo(entry, row)
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
    for (const entry of this.#indexes) this.#addTo(entry, row)
  }

  #addTo(entry: IndexEntry<T>, row: T) {
    const keys = entry.key(row)
    for (const k of Array.isArray(keys) ? keys : [keys]) {
      if (k === null || k === undefined) continue
      let ids = entry.map.get(k)
      if (!ids) entry.map.set(k, (ids = new Set()))
      ids.add(row.id)
    }
  }

  #unindex(row: T) {
    for (const entry of this.#indexes) {
      const keys = entry.key(row)
      for (const k of Array.isArray(keys) ? keys : [keys]) {
        if (k === null || k === undefined) continue
        const ids = entry.map.get(k)
        ids?.delete(row.id)
        if (ids?.size === 0) entry.map.delete(k)
      }
    }
  }
}
