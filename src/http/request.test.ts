import { describe, it, expect } from 'vitest'
import { Hono, type Context } from 'hono'
import { queryInput, readInput, requestPath, searchParams } from './request.js'

/** What a helper answers for a request, read inside a route of a bare app. */
async function within<T>(
  target: string,
  read: (c: Context) => T | Promise<T>,
  init?: RequestInit,
): Promise<T> {
  let seen: T | undefined
  const app = new Hono()
  app.all('*', async (c) => {
    seen = await read(c)
    return c.body(null, 204)
  })
  await app.request(target, init)
  return seen as T
}

describe('searchParams', () => {
  it.each([
    // PHP's parse_str: a repeated name keeps its last value; `[]` collects them all.
    ['/api/v1/items?per_page=5&per_page=2', [['per_page', '2']]],
    [
      '/api/v1/items?page=2&sort=id&page=3',
      [
        ['sort', 'id'],
        ['page', '3'],
      ],
    ],
    ['/api/v1/items?filter[family_id]=3&filter[family_id]=12', [['filter[family_id]', '12']]],
    [
      '/api/v1/items?filter[id][]=1&filter[id][]=2',
      [
        ['filter[id][]', '1'],
        ['filter[id][]', '2'],
      ],
    ],
    ['/api/v1/items?include=family&include=', [['include', '']]],
  ])('keeps the last value of a repeated name, as PHP does (%s)', async (target, expected) => {
    expect(await within(target, (c) => [...searchParams(c)])).toEqual(expected)
  })

  it.each([
    '/api/v1/customers?per_page=25&page=2',
    '/api/v1/customers/search?term=Soci%C3%A9t%C3%A9%20G%C3%A9n%C3%A9rale&x=a+b',
    '/api/v1/items?filter[family_id]=3&include=family,subfamily&sort=-id',
    '/api/v1/customers?a=1&b=2&empty=&flag',
    '/api/v1/customers',
    '/api/v1/customers?',
  ])('answers what the URL parser reads from %s', async (target) => {
    const params = await within(target, (c) => [...searchParams(c)])
    expect(params).toEqual([...new URL(target, 'http://localhost').searchParams])
  })
})

describe('queryInput', () => {
  it('reads a GET at once, as readInput does', async () => {
    const target = '/api/v1/customers/lookup?phone_number=%2B33123456789&customer_account=%20'
    expect(await within(target, (c) => queryInput(c))).toEqual(
      await within(target, (c) => readInput(c)),
    )
    expect(await within(target, (c) => queryInput(c))).toEqual({
      phone_number: '+33123456789',
      customer_account: null,
    })
  })

  it('refuses a request that may carry a body (a route that must read it with readInput)', async () => {
    const error = await within(
      '/api/v1/customers',
      (c) => {
        try {
          queryInput(c)
        } catch (e) {
          return e
        }
      },
      { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } },
    )
    expect(error).toBeInstanceOf(Error)
  })
})

describe('requestPath', () => {
  const expected = (href: string) => {
    const url = new URL(href)
    return url.origin + url.pathname.replace(/(.)\/+$/, '$1')
  }
  it.each([
    'http://127.0.0.1:8000/api/v1/customers?per_page=25&page=2',
    'http://127.0.0.1:8000/api/v1/customers?per_page=25&page=3',
    'http://127.0.0.1:8000/api/v1/customers/?page=2',
    'http://127.0.0.1:8000/api/v1/customers//',
    'http://LOCALHOST:80/api/v1/./items/../items?x=1#top',
    'http://localhost/api/v1/customers#frag?not=query',
    'http://localhost/api/v1/caf%C3%A9s?page=1',
    'http://localhost/',
  ])('answers what the URL parser reads from %s, the first time and again', async (href) => {
    expect(await within(href, (c) => requestPath(c))).toBe(expected(href))
    expect(await within(href, (c) => requestPath(c))).toBe(expected(href))
  })
})

describe('a multipart body', () => {
  const form = () => {
    const data = new FormData()
    data.append('name', '  Acme Multipart  ')
    data.append('tags[]', 'a')
    data.append('tags[]', 'b')
    data.append('logo', new Blob(['%PDF-1.4 binary']), 'logo.pdf')
    return data
  }

  it('is read as fields in a POST, as PHP fills $_POST from it (a file part is no field)', async () => {
    const input = await within('/api/v1/customers?x=1', (c) => readInput(c), {
      method: 'POST',
      body: form(),
    })
    expect(input).toEqual({ x: '1', name: 'Acme Multipart', tags: ['a', 'b'] })
  })

  it('is ignored in a PUT, with a warning: PHP reads one for POST only', async () => {
    let warning: string | undefined
    const input = await within(
      '/api/v1/customers/42',
      async (c) => {
        const read = await readInput(c)
        warning = c.get('answerHeaders')?.['X-Sandbox-Warning']
        return read
      },
      { method: 'PUT', body: form() },
    )
    expect(input).toEqual({})
    expect(warning).toMatch(/The multipart body was ignored: PHP reads one for POST only/)
  })
})
