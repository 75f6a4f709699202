import { describe, it, expect } from 'vitest'
import { cacheJson, cacheRow, toJsonBytes, withMembers } from './json-bytes.js'

const row = Object.freeze({
  id: 1,
  name: 'Acme "SAS" — Société',
  price: '19.90',
  tags: null,
  active: true,
})

describe('toJsonBytes', () => {
  it.each([
    ['a frozen row', row],
    ['a fresh object holding rows', { ...row, contacts: [row, row], count: 2 }],
    [
      'a page',
      {
        current_page: 1,
        data: [row],
        links: [{ url: null, label: '&laquo; Previous', active: false }],
        total: 1,
      },
    ],
    [
      'undefined members, left out of objects and null in arrays',
      { a: undefined, b: [undefined, () => 1], c: () => 1, d: Symbol('d') },
    ],
    ['numbers that JSON has no word for', { a: NaN, b: Infinity, c: -0, d: 1e21 }],
    ['strings that need escaping', { 'k"ey': 'line\nbreak \u2028 é \u0000 \ud83d\ude00' }],
    ['a value with toJSON', { at: new Date(Date.UTC(2026, 2, 24)) }],
    ['bare values', [1, 'two', null, true]],
    ['an empty object and array', [{}, []]],
  ])('answers the bytes of JSON.stringify for %s', (_name, value) => {
    expect(toJsonBytes(value).toString('utf8')).toBe(JSON.stringify(value))
  })

  it('quotes every string as JSON.stringify does, at the edges of what needs escaping', () => {
    const strings = [
      '',
      'http://127.0.0.1:8000/api/v1/customers?page=2',
      '&laquo; Previous',
      '2026-03-24 10:00:00',
      ' ~!#$%&()*+,-./:;<=>?@[]^_`{|}',
      'say "hi"',
      'back\\slash',
      'tab\there',
      '\u007f',
      '\u001f',
      'é',
      '\u2028',
      '\ud800',
      '\ud83d\ude00',
      'x'.repeat(128),
      'x'.repeat(129),
    ]
    for (const text of strings)
      expect(toJsonBytes({ text, list: [text] }).toString('utf8')).toBe(
        JSON.stringify({ text, list: [text] }),
      )
  })

  it('answers a row as it was stored, which is why stored rows are frozen', () => {
    const stored = Object.freeze({ id: 2, name: 'Before' })
    expect(toJsonBytes([stored]).toString()).toBe('[{"id":2,"name":"Before"}]')
    expect(() => Object.assign(stored, { name: 'After' })).toThrow(TypeError)
  })

  it.each([
    ['a row and its relations', withMembers(row, { contacts: [row], count: 1 })],
    [
      "a member that the row has too (the spread's value wins, in the row's place)",
      withMembers(row, { name: 'Other', extra: true }),
    ],
    ['an empty row', withMembers(Object.freeze({}), { a: 1 })],
    ['members JSON leaves out', withMembers(row, { a: undefined, b: () => 1 })],
    ['a row that is not stored', withMembers({ id: 3 }, { a: [1] })],
  ])('answers the bytes of JSON.stringify for %s', (_name, value) => {
    expect(toJsonBytes({ data: value }).toString('utf8')).toBe(JSON.stringify({ data: value }))
  })

  it('answers a row with its members as the one object a spread would make, read-only', () => {
    const members = { contacts: [row], count: 1 }
    const value = withMembers(row, members)
    const spread = { ...row, ...members }
    expect(value.name).toBe(row.name)
    expect(value.contacts).toBe(members.contacts)
    expect(Object.keys(value)).toEqual(Object.keys(spread))
    expect(Object.entries(value)).toEqual(Object.entries(spread))
    expect({ ...value }).toEqual(spread)
    expect('count' in value && 'id' in value && !('other' in value)).toBe(true)
    expect(JSON.stringify(value)).toBe(JSON.stringify(spread))
    expect(String(value)).toBe('[object Object]')
    expect(() => Object.assign(value, { name: 'Other' })).toThrow(TypeError)
    expect(value.name).toBe(row.name)
  })
})

describe('cacheJson', () => {
  it('makes a value read-only down to its leaves, and reuses its bytes', () => {
    const row = cacheJson({ id: 4, extra: { tags: ['a'] } })
    expect(Object.isFrozen(row.extra) && Object.isFrozen(row.extra.tags)).toBe(true)
    expect(() => row.extra.tags.push('b')).toThrow(TypeError)
    const first = toJsonBytes(row)
    expect(toJsonBytes(row)).toBe(first)
  })

  it('caches nothing it was not given: a plain value is encoded afresh, and its change shows', () => {
    const plain = { id: 5, name: 'Before' }
    expect(toJsonBytes(plain).toString()).toBe('{"id":5,"name":"Before"}')
    plain.name = 'After'
    expect(toJsonBytes(plain).toString()).toBe('{"id":5,"name":"After"}')
  })

  it("freezes a row with the objects of the columns it names (cacheRow, for a table's rows at start-up)", () => {
    const row = cacheRow({ id: 6, extra: { note: 'x' }, other: { left: 'alone' } }, ['extra'])
    expect([Object.isFrozen(row), Object.isFrozen(row.extra), Object.isFrozen(row.other)]).toEqual([
      true,
      true,
      false,
    ])
    const empty = cacheRow({ id: 7, extra: {} }, ['extra'])
    expect(Object.isFrozen(empty.extra) && JSON.stringify(empty) === '{"id":7,"extra":{}}').toBe(
      true,
    )
    const shallow = cacheRow(Object.freeze({ id: 8, extra: { note: {} } }), ['extra'])
    expect(Object.isFrozen(shallow.extra.note)).toBe(true)
  })
})
