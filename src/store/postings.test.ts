import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { Postings } from './postings.js'

describe('Postings', () => {
  it("keeps each key's ids ascending and distinct, whatever the order they come and go in", () => {
    // Text keys, and number keys kept by position or in the Map (negative, fractional, large; 7 and '7' differ).
    const keys = ['a', 'b', '7', 0, 7, -1, 1.5, 2 ** 30] as const
    const step = fc.record({
      add: fc.boolean(),
      key: fc.constantFrom(...keys),
      id: fc.integer({ min: 1, max: 6 }),
    })
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const postings = new Postings<string | number>()
        const model = new Map<string | number, Set<number>>(keys.map((key) => [key, new Set()]))
        for (const { add, key, id } of steps) {
          const ids = model.get(key)!
          if (add) expect(postings.add(key, id)).toBe(ids.size === 0)
          else expect(postings.remove(key, id)).toBe(ids.size === 1 && ids.has(id))
          if (add) ids.add(id)
          else ids.delete(id)
        }
        for (const [key, ids] of model) {
          const want = [...ids].sort((x, y) => x - y)
          expect(postings.get(key)).toEqual(want)
          expect(postings.first(key)).toBe(want[0])
        }
      }),
    )
  })
})
