// A substring index: which rows have a field containing a piece of text, case-insensitively, in
// id order. Distinct field values are indexed by their trigrams, so a search reads the values that
// share the needle's rarest trigram, never every row; the first matches in id order come from
// the matching values' sorted id lists.
import { Postings } from './postings.js'
import { LazyIndex, type Row } from './table.js'

/** A trigram as one small integer; different trigrams may share one, which the check of each value sorts out. */
const gramAt = (text: string, i: number) =>
  ((text.charCodeAt(i) & 0x3ff) << 20) | ((text.charCodeAt(i + 1) & 0x3ff) << 10) | (text.charCodeAt(i + 2) & 0x3ff)

function gramsOf(text: string): Set<number> {
  const grams = new Set<number>()
  for (let i = 0; i + 3 <= text.length; i++) grams.add(gramAt(text, i))
  return grams
}

export class TextIndex<T extends Row> extends LazyIndex<T> {
  /** Lower-cased value -> the ids of the rows that have it. */
  #values = new Postings<string>()
  /** Trigram -> the values that contain it (arrays: a third of the memory of sets, and values seldom go). */
  #grams = new Map<number, string[]>()
  #fields: (row: T) => (string | null | undefined)[]

  /** `fields` are the texts searched in. */
  constructor(fields: (row: T) => (string | null | undefined)[], table: { get(id: number): T | undefined; all(): readonly T[] }) {
    super(table)
    this.#fields = fields
  }

  protected insert(row: T) {
    for (const value of this.#valuesOf(row)) {
      if (!this.#values.add(value, row.id)) continue
      for (const gram of gramsOf(value)) {
        const values = this.#grams.get(gram)
        if (values) values.push(value)
        else this.#grams.set(gram, [value])
      }
    }
  }

  protected delete(row: T) {
    for (const value of this.#valuesOf(row)) {
      if (!this.#values.remove(value, row.id)) continue
      for (const gram of gramsOf(value)) {
        const values = this.#grams.get(gram)!
        values.splice(values.indexOf(value), 1)
        if (!values.length) this.#grams.delete(gram)
      }
    }
  }

  /** The first `limit` rows, in id order, that `accept` keeps and have a field containing `needle` (any case). */
  find(needle: string, accept: (row: T) => boolean, limit: number): T[] {
    const text = needle.toLowerCase()
    if (text.length < 3) return this.#scan(text, accept, limit)
    this.build()
    let rarest: string[] | undefined
    for (let i = 0; i + 3 <= text.length; i++) {
      const values = this.#grams.get(gramAt(text, i))
      if (!values) return []
      if (!rarest || values.length < rarest.length) rarest = values
    }
    // Each matching value's first `limit` accepted ids hold the overall first `limit`.
    const candidates: number[] = []
    for (const value of rarest!) {
      if (!value.includes(text)) continue
      let taken = 0
      for (const id of this.#values.get(value)) {
        if (taken === limit) break
        if (!accept(this.table.get(id)!)) continue
        candidates.push(id)
        taken++
      }
    }
    candidates.sort((a, b) => a - b)
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
