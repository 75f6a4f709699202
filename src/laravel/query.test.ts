import { describe, it, expect } from 'vitest'
import { parseListQuery, applyFilters, applySorts, type QuerySpec } from './query.js'
import { BadQuery } from './errors.js'

const spec: QuerySpec = {
  filters: { name: 'partial', key: 'partial', id: 'exact', active: 'exact' },
  sorts: ['id', 'name', 'key', 'created_at', 'updated_at', 'active'],
  includes: ['family'],
  aliases: { isActive: 'active' },
}
const parse = (qs: string) => parseListQuery(new URLSearchParams(qs), spec)
const rows = [
  { id: 1, name: 'Support Premium', key: 'support_premium', active: true },
  { id: 2, name: 'Backup', key: 'backup', active: false },
  { id: 10, name: 'support basic', key: null, active: true },
  { id: 21, name: 'Zeta', key: 'zeta', active: true },
]

describe('parseListQuery (spatie/laravel-query-builder)', () => {
  it.each([
    [
      'filter[foo]=1&filter[bar]=2',
      'Requested filter(s) `foo, bar` are not allowed. Allowed filter(s) are `name, key, id, active`.',
    ],
    [
      'sort=-foo',
      'Requested sort(s) `foo` is not allowed. Allowed sort(s) are `id, name, key, created_at, updated_at, active`.',
    ],
    [
      'include=tax',
      'Requested include(s) `tax` are not allowed. Allowed include(s) are `family, familyCount, familyExists`.',
    ],
  ])("answers 400 with spatie's message for %s", (qs, message) => {
    expect(() => parse(qs)).toThrowError(BadQuery)
    expect(() => parse(qs)).toThrowError(expect.objectContaining({ status: 400, message }))
  })

  it('answers 400 for the names every JavaScript object has (constructor, __proto__, toString)', () => {
    for (const query of [
      spec,
      { filters: { name: 'partial' }, sorts: [], includes: [] } satisfies QuerySpec,
    ])
      expect(() =>
        parseListQuery(
          new URLSearchParams('filter[constructor]=1&filter[__proto__]=2&filter[toString]=3'),
          query,
        ),
      ).toThrowError(
        `Requested filter(s) \`constructor, __proto__, toString\` are not allowed. Allowed filter(s) are \`${Object.keys(query.filters).join(', ')}\`.`,
      )
  })

  it('says there are no allowed includes when a resource has none', () => {
    expect(() =>
      parseListQuery(new URLSearchParams('include=x'), { filters: {}, sorts: [], includes: [] }),
    ).toThrowError('Requested include(s) `x` are not allowed. There are no allowed includes.')
  })

  it('splits commas, reads true/false as booleans and skips empty filters', () => {
    expect(parse('filter[id]=1,21&filter[active]=true&filter[name]=').filters).toEqual([
      { field: 'id', kind: 'exact', values: ['1', '21'] },
      { field: 'active', kind: 'exact', values: [true] },
    ])
  })

  it('reads sort=-name,id as name descending then id ascending, and accepts aliases', () => {
    const q = parse('sort=-name,id&include=familyCount&filter[isActive]=false')
    expect(q.sorts).toEqual([
      { field: 'name', desc: true },
      { field: 'id', desc: false },
    ])
    expect(q.includes).toEqual(['familyCount'])
    expect(q.filters[0]?.field).toBe('active')
  })
})

describe('applyFilters', () => {
  it.each([
    ['filter[name]=SUPPORT', [1, 10]],
    ['filter[id]=1', [1]],
    ['filter[id]=1,21', [1, 21]],
    ['filter[name]=support,zeta', [1, 10, 21]],
    ['filter[active]=false', [2]],
    ['filter[key]=e', [1, 21]],
  ])('%s keeps ids %j', (qs, ids) => {
    expect(applyFilters(rows, parse(qs).filters).map((r) => r.id)).toEqual(ids)
  })
})

describe('applySorts', () => {
  it('orders case-insensitively, nulls first, keeping ties in id order', () => {
    expect(applySorts(rows, parse('sort=name').sorts).map((r) => r.id)).toEqual([2, 10, 1, 21])
    expect(applySorts(rows, parse('sort=key').sorts).map((r) => r.id)).toEqual([10, 2, 1, 21])
    expect(applySorts(rows, parse('sort=-active,-id').sorts).map((r) => r.id)).toEqual([
      21, 10, 1, 2,
    ])
  })

  it('orders decimal strings as numbers', () => {
    const prices = [{ p: '9.90' }, { p: '19.90' }, { p: '100.00' }]
    expect(applySorts(prices, [{ field: 'p', desc: false }]).map((r) => r.p)).toEqual([
      '9.90',
      '19.90',
      '100.00',
    ])
  })
})
