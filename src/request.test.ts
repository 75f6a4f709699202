import { describe, it, expect } from 'vitest'
import { Hono, type Context } from 'hono'
import { queryInput, readInput, requestPath, searchParams } from './request.js'

/** What a helper answers for a request, read inside a route of a bare app. */
async function within<T>(target: string, read: (c: Context) => T | Promise<T>, init?: RequestInit): Promise<T> {
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
    '/api/v1/customers?per_page=25&page=2',
    '/api/v1/customers/search?term=Soci%C3%A9t%C3%A9%20G%C3%A9n%C3%A9rale&x=a+b',
    '/api/v1/items?filter[family_id]=3&include=family,subfamily&sort=-id',
    '/api/v1/customers?a=1&a=2&empty=&flag',
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
    expect(await within(target, (c) => queryInput(c))).toEqual(await within(target, (c) => readInput(c)))
    expect(await within(target, (c) => queryInput(c))).toEqual({ phone_number: '+33123456789', customer_account: null })
  })

  it('refuses a request that may carry a body (a route that must read it with readInput)', async () => {
    const error = await within('/api/v1/customers', (c) => {
      try {
        queryInput(c)
      } catch (e) {
        return e
      }
    }, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } })
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
