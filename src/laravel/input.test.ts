import { describe, expect, it } from 'vitest'
import { mergeInput, normalize, parseQuery } from './input.js'

describe('normalize (TrimStrings and ConvertEmptyStringsToNull)', () => {
  it('trims every string and turns an empty one into null, at any depth', () => {
    expect(
      normalize({
        name: '  Acme  ',
        note: '   ',
        tags: [' a ', ''],
        address: { city: ' Lyon', zip: '' },
        n: 3,
        ok: false,
        none: null,
      }),
    ).toEqual({
      name: 'Acme',
      note: null,
      tags: ['a', null],
      address: { city: 'Lyon', zip: null },
      n: 3,
      ok: false,
      none: null,
    })
  })

  it('keeps `__proto__` as a key like any other, without touching the prototype', () => {
    const out = normalize(JSON.parse('{"__proto__": {"polluted": " yes "}, "a": "1"}')) as Record<
      string,
      unknown
    >
    expect(Object.keys(out)).toEqual(['__proto__', 'a'])
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: 'yes' })
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('reads a parsed query, whose objects have no prototype, into plain objects', () => {
    const query = parseQuery(
      new URLSearchParams('per_page=25&page=2&filter[name]= Acme &a[]=1&a[]=&__proto__[x]=1'),
    )
    const out = normalize(query) as Record<string, unknown>
    expect(out).toEqual({
      per_page: '25',
      page: '2',
      filter: { name: 'Acme' },
      a: ['1', null],
      ['__proto__']: { x: '1' },
    })
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
  })

  it('lets the body win over the query in the merged input', () => {
    expect(
      mergeInput(parseQuery(new URLSearchParams('name=query&page=1')), { name: ' body ' }),
    ).toEqual({ name: 'body', page: '1' })
  })
})
