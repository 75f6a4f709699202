// Ids by key, ascending, kept compact: most keys of the big tables (an account, a phone number, a
// customer's contacts) have one row, so a key with one id holds the bare number, and only a key
// with several holds an array. At 100k customers this is a third of the memory of a Set per key.
// Keys that are small non-negative integers (the ids most keys are) are kept by position in an
// array, which is built faster than a Map (the contacts' index, built by the first read of a
// customer, twice as fast at 100k customers) and is a quarter of its size.
export class Postings<K> {
  readonly #map = new Map<K, number | number[]>()
  readonly #byPosition: (number | number[] | undefined)[] = []

  /** The ids under `key`, ascending; do not keep the array past the next write. */
  get(key: K): readonly number[] {
    const ids = this.#read(key)
    return ids === undefined ? NONE : typeof ids === 'number' ? [ids] : ids
  }

  first(key: K): number | undefined {
    const ids = this.#read(key)
    return typeof ids === 'number' || ids === undefined ? ids : ids[0]
  }

  /** Adds `id` under `key`; answers whether the key is new. */
  add(key: K, id: number): boolean {
    const ids = this.#read(key)
    if (ids === undefined) {
      this.#write(key, id)
      return true
    }
    if (typeof ids === 'number') {
      if (ids !== id) this.#write(key, ids < id ? [ids, id] : [id, ids])
      return false
    }
    // Ids mostly arrive in ascending order: then this is a push (a splice would allocate the array it answers).
    let at = ids.length
    while (at > 0 && ids[at - 1]! > id) at--
    if (ids[at - 1] === id) return false
    if (at === ids.length) ids.push(id)
    else ids.splice(at, 0, id)
    return false
  }

  /** Removes `id` from under `key`; answers whether the key is gone. */
  remove(key: K, id: number): boolean {
    const ids = this.#read(key)
    if (ids === undefined) return false
    if (typeof ids === 'number') {
      if (ids !== id) return false
      this.#write(key, undefined)
      return true
    }
    const at = ids.indexOf(id)
    if (at >= 0) ids.splice(at, 1)
    if (ids.length === 1) this.#write(key, ids[0]!)
    return false
  }

  #read(key: K): number | number[] | undefined {
    return isPosition(key) ? this.#byPosition[key] : this.#map.get(key)
  }

  #write(key: K, ids: number | number[] | undefined) {
    if (isPosition(key)) this.#byPosition[key] = ids
    else if (ids === undefined) this.#map.delete(key)
    else this.#map.set(key, ids)
  }
}

/** Below 2^24: a larger key would make the array sparse, which V8 then keeps as a slow dictionary. */
const isPosition = (key: unknown): key is number =>
  typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < 2 ** 24

const NONE: readonly number[] = []
