// A typed in-memory table: rows by id in id order, auto-increment ids, and secondary indexes kept
// in step with every write. Every row goes through cacheJson(): it is frozen, deeply, and a write
// replaces a row and never changes one, so what was read (and its JSON bytes, cached) stays true.
// Two kinds: a RowTable holds its rows; an OverlayTable (overlay-table.ts) holds an isolated
// sandbox's changes over a RowTable of the seed that many sandboxes share.
import { cacheJson, cacheRow } from './json-bytes.js'
import { KeyIndex, type Index, type KeyOf, type Row, type RowIndex } from './key-index.js'
import { TextIndex } from './text-index.js'

export type { Index, Row } from './key-index.js'
/** The texts of a row that a text index searches in. */
export type TextFields<T> = (row: T) => (string | null | undefined)[]
export type TextSearch<T> = {
  /** The first `limit` rows, in id order, that `accept` keeps and have a field containing `needle` (any case). */
  find(needle: string, accept: (row: T) => boolean, limit: number): T[]
}

/** What the resources and the store's queries read and write, whichever kind of table holds the rows. */
export interface Table<T extends Row> {
  readonly size: number
  readonly nextId: number
  get(id: number): T | undefined
  all(): readonly T[]
  insert(values: Omit<T, 'id'> & { id?: number }): T
  /** Replaces the row with `id` by `patch` merged over it; answers the new row. */
  update(id: number, patch: Partial<T>): T
  remove(id: number): boolean
  /**
   * The index on a key (or several keys) of each row, `null` keys not indexed: made on the first
   * call with this function, the same one after. Pass a function made once (a module's constant).
   */
  index(key: KeyOf<T>): Index<T>
  /** The substring index on some texts of each row; made once per function, as index(). */
  textIndex(fields: TextFields<T>): TextSearch<T>
}

/** More indexes than a table can need: a key function made per call, not once. */
const MAX_INDEXES = 32

export class RowTable<T extends Row> implements Table<T> {
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
  /** The indexes by the function they were made with. */
  #byKey = new Map<unknown, RowIndex<T>>()
  #onChange: () => void

  /** `nested`: the columns that may hold objects (the rest hold plain values), frozen with their row. */
  constructor(
    rows: readonly T[] = [],
    onChange: () => void = () => {},
    nested?: readonly string[],
  ) {
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

  index(key: KeyOf<T>): KeyIndex<T> {
    return this.#indexOn(key, KeyIndex, () => new KeyIndex(key, this))
  }

  textIndex(fields: TextFields<T>): TextIndex<T> {
    return this.#indexOn(fields, TextIndex, () => new TextIndex(fields, this))
  }

  #indexOn<I extends RowIndex<T>>(
    key: unknown,
    kind: abstract new (...args: never[]) => I,
    make: () => I,
  ): I {
    const index = this.#byKey.get(key)
    if (index instanceof kind) return index
    if (index) throw new Error('One function keys two kinds of index')
    // A function made per call would add an index per call, each kept in step with every write.
    if (this.#byKey.size >= MAX_INDEXES)
      throw new Error(
        `More than ${MAX_INDEXES} indexes on a table: key them with one function each`,
      )
    const made = make()
    this.#byKey.set(key, made)
    this.#indexes.push(made)
    return made
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
function cachedInIdOrder<T extends Row>(
  rows: readonly T[],
  nested: readonly string[] | undefined,
): T[] {
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
