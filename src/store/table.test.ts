import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { RowTable } from './table.js'

type Thing = { id: number; group: number }

describe('Table', () => {
  it('reads as a map of rows by id would, whatever the writes, and an array all() gave stays as it was', () => {
    const step = fc.oneof(
      fc.record({
        op: fc.constant('insert' as const),
        id: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
        group: fc.integer({ min: 0, max: 2 }),
      }),
      fc.record({
        op: fc.constant('update' as const),
        id: fc.integer({ min: 1, max: 12 }),
        group: fc.integer({ min: 0, max: 2 }),
      }),
      fc.record({ op: fc.constant('remove' as const), id: fc.integer({ min: 1, max: 12 }) }),
      fc.record({ op: fc.constant('all' as const) }),
    )
    const initial = fc.array(
      fc.record({ id: fc.integer({ min: 1, max: 12 }), group: fc.integer({ min: 0, max: 2 }) }),
      { maxLength: 10 },
    )
    fc.assert(
      fc.property(initial, fc.array(step, { maxLength: 40 }), (rows, steps) => {
        const table = new RowTable<Thing>(rows.map((r) => ({ ...r })))
        const byGroup = table.index((t) => t.group)
        // The model: the last row of each id, as a Map keeps it.
        const model = new Map<number, Thing>()
        for (const row of rows) model.set(row.id, row)
        let nextId = Math.max(0, ...rows.map((r) => r.id)) + 1
        const held: { array: readonly Thing[]; copy: Thing[] }[] = []
        for (const s of steps) {
          if (s.op === 'insert') {
            const id = s.id ?? nextId
            if (model.has(id))
              expect(() => table.insert({ id, group: s.group })).toThrow(`Duplicate id ${id}`)
            else {
              expect(
                table.insert(s.id === undefined ? { group: s.group } : { id, group: s.group }),
              ).toEqual({ id, group: s.group })
              model.set(id, { id, group: s.group })
              nextId = Math.max(nextId, id + 1)
            }
          } else if (s.op === 'update') {
            if (!model.has(s.id))
              expect(() => table.update(s.id, { group: s.group })).toThrow(`No row ${s.id}`)
            else {
              expect(table.update(s.id, { group: s.group })).toEqual({ id: s.id, group: s.group })
              model.set(s.id, { id: s.id, group: s.group })
            }
          } else if (s.op === 'remove') {
            expect(table.remove(s.id)).toBe(model.delete(s.id))
          } else {
            const array = table.all()
            held.push({ array, copy: [...array] })
          }
        }
        const want = [...model.values()].sort((a, b) => a.id - b.id)
        expect(table.all()).toEqual(want)
        expect(table.size).toBe(want.length)
        expect(table.nextId).toBe(nextId)
        for (let id = 0; id <= 13; id++) expect(table.get(id)).toEqual(model.get(id))
        for (const row of table.all()) expect(Object.isFrozen(row)).toBe(true)
        for (let group = 0; group <= 2; group++)
          expect(byGroup.get(group)).toEqual(want.filter((r) => r.group === group).map((r) => r.id))
        for (const { array, copy } of held) expect(array).toEqual(copy)
      }),
    )
  })
})

describe('Table with nested columns', () => {
  type Pivot = { id: number; extra: Record<string, unknown> }

  it('freezes a row down to its nested values, whether loaded, inserted or updated', () => {
    const table = new RowTable<Pivot>([{ id: 1, extra: { note: { text: 'loaded' } } }], () => {}, [
      'extra',
    ])
    const inserted = table.insert({ extra: { note: { text: 'inserted' } } })
    const updated = table.update(1, { extra: { note: { text: 'updated' } } })
    for (const row of [table.get(1)!, inserted, updated]) {
      expect(Object.isFrozen(row.extra) && Object.isFrozen(row.extra.note)).toBe(true)
      expect(() => Object.assign(row.extra.note as object, { text: 'changed' })).toThrow(TypeError)
    }
  })
})
