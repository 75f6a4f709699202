import { describe, it, expect } from 'vitest'
import { paginate, resolvePage, linkWindow } from './paginate.js'
import { toJsonBytes } from '../store/json-bytes.js'

const rows = Array.from({ length: 23 }, (_, i) => i + 1)
const path = 'http://127.0.0.1:4010/api/v1/customers'

describe('paginate', () => {
  it('answers the 13 keys of LengthAwarePaginator::toArray in Laravel order', () => {
    expect(Object.keys(paginate(rows, 1, 10, path))).toEqual([
      'current_page',
      'data',
      'first_page_url',
      'from',
      'last_page',
      'last_page_url',
      'links',
      'next_page_url',
      'path',
      'per_page',
      'prev_page_url',
      'to',
      'total',
    ])
  })

  it('answers the links of a page again as they were, frozen, and their JSON as JSON.stringify writes it', () => {
    const first = paginate(rows, 2, 10, path).links
    expect(paginate(rows, 2, 10, path).links).toBe(first)
    expect(Object.isFrozen(first) && first.every(Object.isFrozen)).toBe(true)
    expect(toJsonBytes({ links: first }).toString()).toBe(JSON.stringify({ links: first }))
    // Another page, another number of pages or another path has links of its own.
    expect(paginate(rows, 3, 10, path).links).not.toBe(first)
    expect(paginate(rows, 2, 5, path).links.map((l) => l.label)).toEqual([
      '&laquo; Previous',
      '1',
      '2',
      '3',
      '4',
      '5',
      'Next &raquo;',
    ])
    expect(paginate(rows, 2, 10, 'http://localhost/api/v1/items').links[1]!.url).toBe(
      'http://localhost/api/v1/items?page=1',
    )
  })

  it.each([
    [1, 10, { from: 1, to: 10, last_page: 3, next: 2, prev: null, size: 10 }],
    [3, 10, { from: 21, to: 23, last_page: 3, next: null, prev: 2, size: 3 }],
    [4, 10, { from: null, to: null, last_page: 3, next: null, prev: 3, size: 0 }],
    [1, 25, { from: 1, to: 23, last_page: 1, next: null, prev: null, size: 23 }],
  ])('page %i of %i rows: from, to, last_page and URLs follow Laravel', (page, perPage, want) => {
    const p = paginate(rows, page, perPage, path)
    expect(p.from).toBe(want.from)
    expect(p.to).toBe(want.to)
    expect(p.last_page).toBe(want.last_page)
    expect(p.data).toHaveLength(want.size)
    expect(p.next_page_url).toBe(want.next && `${path}?page=${want.next}`)
    expect(p.prev_page_url).toBe(want.prev && `${path}?page=${want.prev}`)
    expect(p.total).toBe(23)
  })

  it('answers last_page 1, no from/to and a one-page window for an empty list', () => {
    const p = paginate([], 1, 10, path)
    expect(p).toMatchObject({ last_page: 1, from: null, to: null, total: 0 })
    expect(p.links).toEqual([
      { url: null, label: '&laquo; Previous', active: false },
      { url: `${path}?page=1`, label: '1', active: true },
      { url: null, label: 'Next &raquo;', active: false },
    ])
  })
})

describe('linkWindow (UrlWindow, onEachSide 3)', () => {
  it.each([
    [1, 5, [1, 2, 3, 4, 5]],
    [1, 13, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]],
    [7, 20, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, null, 19, 20]],
    [14, 20, [1, 2, null, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]],
    [10, 30, [1, 2, null, 7, 8, 9, 10, 11, 12, 13, null, 29, 30]],
  ])('page %i of %i', (current, last, want) => {
    expect(linkWindow(current, last)).toEqual(want)
  })
})

describe('resolvePage', () => {
  it.each([
    ['2', 2],
    [undefined, 1],
    ['0', 1],
    ['-3', 1],
    ['abc', 1],
    ['1.5', 1],
    ['007', 1],
    [' 4 ', 4],
    ['99999999999999999999', 1],
    [3, 3],
  ])('reads %j as page %i', (raw, want) => {
    expect(resolvePage(raw)).toBe(want)
  })
})
