// An isolated sandbox's table: the seed's RowTable, shared by every sandbox and never written, with
// this sandbox's changes over it: the rows it inserted or replaced (its own RowTable) and the ids
// of the seed's rows it replaced or deleted (hidden). A new sandbox holds no rows and builds no
// index, so making one, and dropping one, costs the same at 150 customers as at 100,000. Its index
// on a key reads the seed's index on the same key function, made once for every sandbox.
import { RowTable, type Table, type TextFields, type TextSearch } from './table.js'
import {
  KeyIndex,
  type Index,
  type IndexKey,
  type KeyOf,
  type Row,
  type RowIndex,
} from './key-index.js'
import { TextIndex } from './text-index.js'

/** What a sandbox changed in one table; made by its first write. */
type Changes<T extends Row> = {
  own: RowTable<T>
  /** The ids of the base's rows this sandbox does not see: replaced (its own row has the id) or deleted. */
  hidden: Set<number>
}

export class OverlayTable<T extends Row> implements Table<T> {
  readonly #base: RowTable<T>
  readonly #nested: readonly string[] | undefined
  #changes: Changes<T> | null = null
  #nextId: number
  readonly #indexes: RowIndex<T>[] = []
  /** The indexes by the function they were made with; none before a request reads one. */
  #byKey: Map<unknown, RowIndex<T>> | undefined
  /**
   * The merged rows all() answered since the last write. Weakly held: at 100k customers they are
   * 800 KB a sandbox that wrote and then listed, which a garbage collection may take back, and
   * which merging again costs about a millisecond.
   */
  #merged: WeakRef<readonly T[]> | undefined

  constructor(base: RowTable<T>, nested?: readonly string[]) {
    this.#base = base
    this.#nested = nested
    this.#nextId = base.nextId
  }

  get size(): number {
    const changes = this.#changes
    return changes ? this.#base.size - changes.hidden.size + changes.own.size : this.#base.size
  }

  get nextId(): number {
    return this.#nextId
  }

  get(id: number): T | undefined {
    const changes = this.#changes
    if (changes === null) return this.#base.get(id)
    return changes.own.get(id) ?? (changes.hidden.has(id) ? undefined : this.#base.get(id))
  }

  all(): readonly T[] {
    const changes = this.#changes
    if (changes === null) return this.#base.all()
    let merged = this.#merged?.deref()
    if (merged === undefined) {
      merged = mergeRows(this.#base.all(), changes)
      this.#merged = new WeakRef(merged)
    }
    return merged
  }

  insert(values: Omit<T, 'id'> & { id?: number }): T {
    const id = values.id ?? this.#nextId
    if (this.get(id) !== undefined) throw new Error(`Duplicate id ${id}`)
    const row = this.#write().own.insert({ ...values, id } as T)
    this.#nextId = Math.max(this.#nextId, id + 1)
    for (const index of this.#indexes) index.add(row)
    return row
  }

  update(id: number, patch: Partial<T>): T {
    const old = this.get(id)
    if (old === undefined) throw new Error(`No row ${id}`)
    const changes = this.#write()
    let row: T
    if (changes.own.get(id) === old) {
      for (const index of this.#indexes) index.remove(old)
      row = changes.own.update(id, patch)
    } else {
      changes.hidden.add(id)
      row = changes.own.insert({ ...old, ...patch, id })
    }
    for (const index of this.#indexes) index.add(row)
    return row
  }

  remove(id: number): boolean {
    const old = this.get(id)
    if (old === undefined) return false
    const changes = this.#write()
    if (changes.own.get(id) === old) {
      for (const index of this.#indexes) index.remove(old)
      changes.own.remove(id)
    }
    if (this.#base.get(id) !== undefined) changes.hidden.add(id)
    return true
  }

  index(key: KeyOf<T>): Index<T> {
    return this.#indexOn(
      key,
      OverlayKeyIndex<T>,
      () =>
        new OverlayKeyIndex<T>(
          this.#base.index(key),
          this,
          () => new KeyIndex(key, this.#changes!.own),
        ),
    )
  }

  textIndex(fields: TextFields<T>): TextSearch<T> {
    return this.#indexOn(
      fields,
      OverlayTextIndex<T>,
      () =>
        new OverlayTextIndex<T>(
          this.#base.textIndex(fields),
          this,
          () => new TextIndex(fields, this.#changes!.own),
        ),
    )
  }

  /** The ids of the base's rows this sandbox does not see; undefined before its first write. */
  hiddenIds(): ReadonlySet<number> | undefined {
    return this.#changes?.hidden
  }

  /** The rows this sandbox holds itself (inserted or replaced), and the base's rows they hide or it deleted. */
  changes(): { own: readonly T[]; hidden: T[] } {
    const changes = this.#changes
    if (changes === null) return { own: [], hidden: [] }
    return { own: changes.own.all(), hidden: [...changes.hidden].map((id) => this.#base.get(id)!) }
  }

  /** This sandbox's index on `key`: over the base's index on the same key, made on first use. */
  #indexOn<I extends RowIndex<T>>(
    key: unknown,
    kind: abstract new (...args: never[]) => I,
    make: () => I,
  ): I {
    const index = (this.#byKey ??= new Map()).get(key)
    if (index instanceof kind) return index
    const made = make() // the base checks the key (one kind, a bounded count)
    this.#byKey.set(key, made)
    this.#indexes.push(made)
    return made
  }

  #write(): Changes<T> {
    this.#merged = undefined
    return (this.#changes ??= {
      own: new RowTable<T>([], () => {}, this.#nested),
      hidden: new Set(),
    })
  }
}

type OverlayView<T extends Row> = Pick<OverlayTable<T>, 'get' | 'hiddenIds'>

/**
 * An overlay's index: the base table's index (shared, built once for every sandbox) less the ids
 * the overlay hides, plus a local index of the overlay's own rows, made when first read after a
 * write (the local part is asked for only once the overlay has changes).
 */
abstract class OverlayIndex<T extends Row, L extends RowIndex<T>> implements RowIndex<T> {
  #local: L | undefined

  constructor(
    protected readonly base: L,
    protected readonly overlay: OverlayView<T>,
    private readonly makeLocal: () => L,
  ) {}

  /** Told of the overlay's own rows only: the base's rows it no longer sees are hidden. */
  add(row: T) {
    this.#local?.add(row)
  }

  remove(row: T) {
    this.#local?.remove(row)
  }

  /** The index of the overlay's own rows, built from them on first use and kept in step after. */
  protected local(): L {
    return (this.#local ??= this.makeLocal())
  }
}

class OverlayKeyIndex<T extends Row> extends OverlayIndex<T, KeyIndex<T>> implements Index<T> {
  get(key: IndexKey): readonly number[] {
    const ids = this.base.get(key)
    const hidden = this.overlay.hiddenIds()
    if (hidden === undefined) return ids
    const own = this.local().get(key)
    if (own.length === 0 && (hidden.size === 0 || !ids.some((id) => hidden.has(id)))) return ids
    return mergeIds(ids, hidden, own)
  }

  first(key: IndexKey): T | undefined {
    if (this.overlay.hiddenIds() === undefined) return this.base.first(key)
    const id = this.get(key)[0]
    return id === undefined ? undefined : this.overlay.get(id)
  }
}

class OverlayTextIndex<T extends Row>
  extends OverlayIndex<T, TextIndex<T>>
  implements TextSearch<T>
{
  find(needle: string, accept: (row: T) => boolean, limit: number): T[] {
    const hidden = this.overlay.hiddenIds()
    if (hidden === undefined) return this.base.find(needle, accept, limit)
    const seen = hidden.size
      ? this.base.find(needle, (row) => !hidden.has(row.id) && accept(row), limit)
      : this.base.find(needle, accept, limit)
    const own = this.local().find(needle, accept, limit)
    if (own.length === 0) return seen
    return [...seen, ...own].sort((a, b) => a.id - b.id).slice(0, limit)
  }
}

/** The base's ids that are not hidden and the overlay's own, ascending (the two never share an id). */
function mergeIds(
  base: readonly number[],
  hidden: ReadonlySet<number>,
  own: readonly number[],
): number[] {
  const ids: number[] = []
  let j = 0
  for (const id of base) {
    if (hidden.has(id)) continue
    while (j < own.length && own[j]! < id) ids.push(own[j++]!)
    ids.push(id)
  }
  while (j < own.length) ids.push(own[j++]!)
  return ids
}

/** The base's rows that are not hidden and the overlay's own, in id order. */
function mergeRows<T extends Row>(base: readonly T[], changes: Changes<T>): T[] {
  const own = changes.own.all()
  const hidden = changes.hidden
  const rows: T[] = []
  let j = 0
  // By index, as in LazyIndex.build: at 100k customers this loop is the whole cost of a list after a write.
  for (let i = 0; i < base.length; i++) {
    const row = base[i]!
    if (hidden.size && hidden.has(row.id)) continue
    while (j < own.length && own[j]!.id < row.id) rows.push(own[j++]!)
    rows.push(row)
  }
  while (j < own.length) rows.push(own[j++]!)
  return rows
}
