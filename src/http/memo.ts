// A memo of what a pure function answered for the keys clients ask most (a path's routes, a URL's
// path): bounded, since clients choose the keys.
import { BoundedMap } from '../bounded-map.js'

/** `compute`, remembering its answers for the last `max` keys. */
export function createMemo<K, V>(max: number, compute: (key: K) => V): (key: K) => V {
  const answers = new BoundedMap<K, V>(max)
  return (key) => {
    let value = answers.get(key)
    if (value === undefined) answers.set(key, (value = compute(key)))
    return value
  }
}
