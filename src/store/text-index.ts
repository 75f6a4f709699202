// A substring index: which rows have a field containing a piece of text, case-insensitively, in
// id order. Distinct field values are indexed by their trigrams, so a search reads the values that
// share the needle's rarest trigram, never every row; the first matches in id order come from
// the matching values' sorted id lists.
import type { Row, RowIndex } from './table.js'

type Rows<T> = { get(id: number): T | undefined; all(): readonly T[] }

/** A trigram as one small integer; different trigrams may share one, which the check of each value sorts out. */
const gramAt = (text: string, i: number) =>
  ((text.charCodeAt(i) & 0x3ff) << 20) | ((text.charCodeAt(i + 1) & 0x3ff) << 10) | (text.charCodeAt(i + 2) & 0x3ff)

function gramsOf(text: string): Set<number> {
  const grams = new Set<number>()
  for (let i = 0; i + 3 <= text.length; i++) grams.add(gramAt(text, i))
  return grams
}

/** Inserts `id` into the ascending list `ids` unless it is there (ids mostly arrive in order: a push). */
function insertSorted(ids: number[], id: number) {
  let at = ids.length
  while (at > 0 && ids[at - 1]! > id) at--
  if (ids[at - 1] !== id) ids.splice(at, 0, id)
}

export class TextIndex<T extends Row> implements RowIndex<T> {
  /** Lower-cased value -> the ids of the rows that have it, ascending. */
  #values = new Map<string, number[]>()
  /** Trigram -> the values that contain it. */
  #grams = new Map<number, Set<string>>()
  #fields: (row: T) => (string | null | undefined)[]
  #rows: Rows<T>

  /** `fields` are the texts searched in, `rows` the table (short needles read its rows in id order). */
  constructor(fields: (row: T) => (string | null | undefined)[], rows: Rows<T>) {
    this.#fields = fields
    this.#rows = rows
  }

  add(row: T) {
    for (const value of this.#valuesOf(row)) {
      let ids = this.#values.get(value)
      if (!ids) {
        this.#values.set(value, (ids = []))
        for (const gram of gramsOf(value)) {
          let values = this.#grams.get(gram)
          if (!values) this.#grams.set(gram, (values = new Set()))
          values.add(value)
        }
      }
      insertSorted(ids, row.id)
    }
  }

  remove(row: T) {
    for (const value of this.#valuesOf(row)) {
      const ids = this.#values.get(value)
      const at = ids?.indexOf(row.id) ?? -1
      if (!ids || at < 0) continue
      ids.splice(at, 1)
      if (ids.length) continue
      this.#values.delete(value)
      for (const gram of gramsOf(value)) {
        const values = this.#grams.get(gram)
        values?.delete(value)
        if (values?.size === 0) this.#grams.delete(gram)
      }
    }
  }

  /** The first `limit` rows, in id order, that `accept` keeps and have a field containing `needle` (any case). */
  find(needle: string, accept: (row: T) => boolean, limit: number): T[] {
    const text = needle.toLowerCase()
    if (text.length < 3) return this.#scan(text, accept, limit)
    let rarest: Set<string> | undefined
    for (let i = 0; i + 3 <= text.length; i++) {
      const values = this.#grams.get(gramAt(text, i))
      if (!values) return []
      if (!rarest || values.size < rarest.size) rarest = values
    }
    // Each matching value's first `limit` accepted ids hold the overall first `limit`.
    const candidates: number[] = []
    for (const value of rarest!) {
      if (!value.includes(text)) continue
      let taken = 0
      for (const id of this.#values.get(value)!) {
        if (taken === limit) break
        if (!accept(this.#rows.get(id)!)) continue
        candidates.push(id)
        taken++
      }
    }
    candidates.sort((a, b) => a - b)
    const found: T[] = []
    for (let i = 0; i < candidates.length && found.length < limit; i++)
      if (candidates[i] !== candidates[i - 1]) found.push(this.#rows.get(candidates[i]!)!) // a row can match by two fields
    return found
  }

  /** A needle shorter than a trigram matches so many rows that reading them in order finds the first ones soonest. */
  #scan(text: string, accept: (row: T) => boolean, limit: number): T[] {
    const found: T[] = []
    for (const row of this.#rows.all()) {
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
