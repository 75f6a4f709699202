// The sandbox's memos (routes by path, JSON of column names, query names, request paths, a
// page's links) hold what clients ask, so each is bounded: a Map of at most `max` entries, where
// setting a new key when it is full forgets the oldest one.
export class BoundedMap<K, V> extends Map<K, V> {
  readonly #max: number

  constructor(max: number) {
    super()
    this.#max = max
  }

  override set(key: K, value: V): this {
    if (this.size >= this.#max && !this.has(key)) this.delete(this.keys().next().value as K)
    return super.set(key, value)
  }
}
