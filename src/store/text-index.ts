// A substring index: which rows have a field containing a piece of text, case-insensitively, in
// id order. Distinct field values are numbered and indexed by their trigrams, so a search reads
// the values that share all of the needle's rarest trigrams, never every row; the first matches
// in id order come from the matching values' sorted id lists.
import { Postings } from './postings.js'
import { LazyIndex, type Row, type RowSource } from './key-index.js'

/** A trigram as one small integer; different trigrams may share one, which the check of each value sorts out. */
const gramAt = (text: string, i: number) =>
  ((text.charCodeAt(i) & 0x3ff) << 20) |
  ((text.charCodeAt(i + 1) & 0x3ff) << 10) |
  (text.charCodeAt(i + 2) & 0x3ff)

function gramsOf(text: string): Set<number> {
  const grams = new Set<number>()
  for (let i = 0; i + 3 <= text.length; i++) grams.add(gramAt(text, i))
  return grams
}

/** Where `n` is in the ascending `list`, or where it would go. */
function positionIn(list: readonly number[], n: number): number {
  let low = 0
  let high = list.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (list[middle]! < n) low = middle + 1
    else high = middle
  }
  return low
}

/** The numbers in both ascending lists, `a` the shorter: a merge, or a binary search of `b` for each of `a` when `b` is much longer. */
function intersection(a: readonly number[], b: readonly number[]): number[] {
  const both: number[] = []
  if (b.length > 16 * a.length) {
    for (const n of a) if (b[positionIn(b, n)] === n) both.push(n)
    return both
  }
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i]! < b[j]!) i++
    else if (a[i]! > b[j]!) j++
    else {
      both.push(a[i]!)
      i++
      j++
    }
  }
  return both
}

/**
 * Values left to read after which a search stops narrowing them by further trigrams. At 100k
 * customers a name's rarest trigram is in some 250 names (the volume's names pair a few hundred
 * surnames), and reading each of them took a search more time than all the rest of it.
 */
const NARROW = 8

export class TextIndex<T extends Row> extends LazyIndex<T> {
  /** Lower-cased value -> the ids of the rows that have it. */
  #values = new Postings<string>()
  /** Each distinct value by its number; a number freed by a value that went is given to the next new one. */
  #valueAt: (string | undefined)[] = []
  #free: number[] = []
  /** Trigram -> the numbers of the values that contain it, ascending (small integers, which V8 keeps unboxed side by side). */
  #grams = new Map<number, number[]>()
  #fields: (row: T) => (string | null | undefined)[]

  /** `fields` are the texts searched in. */
  constructor(fields: (row: T) => (string | null | undefined)[], table: RowSource<T>) {
    super(table)
    this.#fields = fields
  }

  protected insert(row: T) {
    for (const value of this.#valuesOf(row)) {
      // A value shorter than a trigram holds no needle a trigram finds (a shorter needle is a scan).
      if (!this.#values.add(value, row.id) || value.length < 3) continue
      const n = this.#free.pop() ?? this.#valueAt.length
      this.#valueAt[n] = value
      for (const gram of gramsOf(value)) {
        const list = this.#grams.get(gram)
        if (!list) this.#grams.set(gram, [n])
        else if (n > list[list.length - 1]!) list.push(n)
        else list.splice(positionIn(list, n), 0, n)
      }
    }
  }

  protected delete(row: T) {
    for (const value of this.#valuesOf(row)) {
      if (!this.#values.remove(value, row.id) || value.length < 3) continue
      const grams = [...gramsOf(value)]
      // The value's number: the one of its first trigram's values that is this value.
      const n = this.#grams.get(grams[0]!)!.find((m) => this.#valueAt[m] === value)!
      this.#valueAt[n] = undefined
      this.#free.push(n)
      for (const gram of grams) {
        const list = this.#grams.get(gram)!
        list.splice(positionIn(list, n), 1)
        if (!list.length) this.#grams.delete(gram)
      }
    }
  }

  /** The first `limit` rows, in id order, that `accept` keeps and have a field containing `needle` (any case). */
  find(needle: string, accept: (row: T) => boolean, limit: number): T[] {
    const text = needle.toLowerCase()
    if (text.length < 3) return this.#scan(text, accept, limit)
    this.build()
    const lists: number[][] = []
    for (let i = 0; i + 3 <= text.length; i++) {
      const list = this.#grams.get(gramAt(text, i))
      if (!list) return []
      lists.push(list)
    }
    lists.sort((a, b) => a.length - b.length)
    // The values that have every one of the rarest trigrams, then those that contain the needle.
    let numbers = lists[0]!
    for (let k = 1; k < lists.length && numbers.length > NARROW; k++) {
      numbers = intersection(numbers, lists[k]!)
    }
    // Each matching value's first `limit` accepted ids hold the overall first `limit`.
    const candidates: number[] = []
    for (const n of numbers) {
      const value = this.#valueAt[n]!
      if (!value.includes(text)) continue
      let taken = 0
      for (const id of this.#values.get(value)) {
        if (taken === limit) break
        if (!accept(this.table.get(id)!)) continue
        candidates.push(id)
        taken++
      }
    }
    sortFew(candidates)
    const found: T[] = []
    for (let i = 0; i < candidates.length && found.length < limit; i++)
      if (candidates[i] !== candidates[i - 1]) found.push(this.table.get(candidates[i]!)!) // a row can match by two fields
    return found
  }

  /** A needle shorter than a trigram matches so many rows that reading them in order finds the first ones soonest. */
  #scan(text: string, accept: (row: T) => boolean, limit: number): T[] {
    const found: T[] = []
    for (const row of this.table.all()) {
      if (found.length === limit) break
      if (accept(row) && this.#valuesOf(row).some((value) => value.includes(text))) found.push(row)
    }
    return found
  }

  #valuesOf(row: T): string[] {
    const values: string[] = []
    for (const field of this.#fields(row)) if (field != null) values.push(field.toLowerCase())
    return values
  }
}

/** Sorts numbers in place, ascending: a handful (most searches' candidates) by insertion, where sort()'s comparator calls cost more. */
function sortFew(numbers: number[]): void {
  if (numbers.length > 32) {
    numbers.sort((a, b) => a - b)
    return
  }
  for (let i = 1; i < numbers.length; i++) {
    const n = numbers[i]!
    let j = i - 1
    for (; j >= 0 && numbers[j]! > n; j--) numbers[j + 1] = numbers[j]!
    numbers[j + 1] = n
  }
}
