import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { RowTable } from './table.js'

type Named = { id: number; name: string; code: string | null }
const naive = (
  rows: readonly Named[],
  needle: string,
  accept: (r: Named) => boolean,
  limit: number,
) =>
  rows
    .filter(
      (r) =>
        accept(r) && [r.name, r.code].some((f) => f?.toLowerCase().includes(needle.toLowerCase())),
    )
    .slice(0, limit)

const create = (rows: Named[]) => {
  const table = new RowTable<Named>(rows)
  return { table, index: table.textIndex((r: Named) => [r.name, r.code]) }
}

describe('TextIndex', () => {
  const rows: Named[] = [
    { id: 1, name: 'Moreau SARL', code: 'CL000001' },
    { id: 2, name: 'Dupont et Moreau', code: 'CL000002' },
    { id: 3, name: 'Société Générale', code: null },
    { id: 4, name: 'MOREAU GIE', code: 'cl000004' },
  ]

  it.each([
    ['moreau', [1, 2, 4]],
    ['MOREAU ', [1, 4]],
    ['cl00000', [1, 2, 4]],
    ['000004', [4]],
    ['été', [3]],
    ['é', [3]],
    ['mo', [1, 2, 4]],
    ['absent', []],
  ])('finds %j in rows %j, by name or code, in id order', (needle, ids) => {
    expect(
      create(rows)
        .index.find(needle, () => true, 15)
        .map((r) => r.id),
    ).toEqual(ids)
  })

  it('stops at the limit and keeps only the rows accepted', () => {
    const { index } = create(rows)
    expect(index.find('moreau', () => true, 2).map((r) => r.id)).toEqual([1, 2])
    expect(index.find('moreau', (r) => r.id !== 2, 2).map((r) => r.id)).toEqual([1, 4])
  })

  it('answers what a scan of every row answers, through inserts, updates and removals before and after it is built', () => {
    const word = fc.stringMatching(/^[abcé ]{0,7}$/)
    const op = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), name: word, code: fc.option(word) }),
      fc.record({ kind: fc.constant('update' as const), at: fc.nat(), name: word }),
      fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
    )
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 40 }),
        fc.array(word, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 4 }),
        (ops, needles, limit) => {
          const { table, index } = create([])
          for (const [n, o] of ops.entries()) {
            // The index is built by the first search: writes before it and after it both count.
            if (n === Math.floor(ops.length / 2))
              index.find(needles[0]!.padEnd(3, 'a'), () => true, limit)
            const ids = table.all().map((r) => r.id)
            if (o.kind === 'insert') table.insert({ name: o.name, code: o.code })
            else if (ids.length && o.kind === 'update')
              table.update(ids[o.at % ids.length]!, { name: o.name })
            else if (ids.length && o.kind === 'remove') table.remove(ids[o.at % ids.length]!)
          }
          const odd = (r: Named) => r.id % 2 === 1
          for (const needle of needles) {
            expect(index.find(needle, () => true, limit)).toEqual(
              naive(table.all(), needle, () => true, limit),
            )
            expect(index.find(needle, odd, limit)).toEqual(naive(table.all(), needle, odd, limit))
          }
        },
      ),
    )
  })
})
