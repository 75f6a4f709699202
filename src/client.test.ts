import { describe, it, expect } from 'vitest'
import { createTestSandbox, TOKENS } from '../test/sandbox.js'
import {
  ApiError,
  createClient,
  isValidationError,
  login,
  pages,
  rows,
  type Schema,
} from './client.js'

const BASE = 'http://sandbox.test/api'
/** The client against an in-process sandbox: openapi-fetch's `fetch` is the app's. */
const inProcess = (dialect?: 'docs' | 'legacy') => {
  const s = createTestSandbox({ dialect })
  return { s, fetch: (request: Request) => Promise.resolve(s.app.fetch(request)) }
}

describe('the typed client', () => {
  it('reads a customer with the token it was given', async () => {
    const { fetch } = inProcess()
    const api = createClient({ baseUrl: BASE, token: TOKENS.admin, fetch })
    const { data, response } = await api.GET('/v1/customers/{id}', { params: { path: { id: 42 } } })
    expect(response.status).toBe(200)
    expect(data?.customer_account).toBe('CL000042')
  })

  it('logs in with an email and a password, then sends the token it got', async () => {
    const { fetch } = inProcess()
    const api = await login({
      baseUrl: BASE,
      email: 'admin@example.com',
      password: 'admin-password',
      fetch,
    })
    expect(api.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    const { data } = await api.POST('/v1/customers', { body: { name: 'Typed Client SARL' } })
    expect(data?.name).toBe('Typed Client SARL')
  })

  it("throws the API's status and message when the login is refused", async () => {
    const { fetch } = inProcess()
    const refused = login({ baseUrl: BASE, email: 'admin@example.com', password: 'wrong', fetch })
    await expect(refused).rejects.toBeInstanceOf(ApiError)
    await expect(refused).rejects.toMatchObject({ status: 401 })
  })

  it('walks every page of a list, and every row of it once', async () => {
    const { fetch } = inProcess()
    const api = createClient({ baseUrl: BASE, token: TOKENS.admin, fetch })
    const seen: number[] = []
    let total = 0
    for await (const page of pages(api, '/v1/customers', { query: { per_page: 40 } })) {
      total = page.total
      seen.push(...page.data.map((c) => c.id))
    }
    expect(seen).toHaveLength(total)
    expect(new Set(seen).size).toBe(total)
    const ids: number[] = []
    for await (const item of rows(api, '/v1/items', { query: { 'filter[family_id]': '3' } }))
      ids.push(item.family_id!)
    expect(ids.length).toBeGreaterThan(0)
    expect(ids.every((id) => id === 3)).toBe(true)
  })

  it('stops with an ApiError when a page is refused', async () => {
    const { fetch } = inProcess()
    const api = createClient({ baseUrl: BASE, token: 'not-a-token', fetch })
    await expect(rows(api, '/v1/customers').next()).rejects.toMatchObject({ status: 401 })
  })

  it("throws an ApiError with the status and Laravel's body for every refused request", async () => {
    const { fetch } = inProcess()
    const api = createClient({ baseUrl: BASE, token: TOKENS.admin, fetch })
    const refused = [
      api.GET('/v1/customers/{id}', { params: { path: { id: 999_999 } } }),
      api.PUT('/v1/customers/{id}', {
        params: { path: { id: 999_999 } },
        body: { name: 'Nobody' },
      }),
      api.DELETE('/v1/customers/{id}', { params: { path: { id: 999_999 } } }),
    ]
    for (const request of refused) {
      const error = await request.then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(ApiError)
      expect(error).toMatchObject({
        status: 404,
        body: { message: 'No query results for model [App\\Customer] 999999' },
        errors: undefined,
      })
    }
    const sales = createClient({ baseUrl: BASE, token: TOKENS.sales, fetch })
    await expect(
      sales.DELETE('/v1/customers/{id}', { params: { path: { id: 42 } } }),
    ).rejects.toMatchObject({ status: 403, message: '403: This action is unauthorized.' })
  })

  it("reads a 422's errors by field, narrowed by isValidationError() and error.isValidation()", async () => {
    const { fetch } = inProcess()
    const api = createClient({ baseUrl: BASE, token: TOKENS.admin, fetch })
    const error = await api
      .POST('/v1/customers', { body: { name: '', email_address: 'nope' } })
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    if (!isValidationError(error))
      throw new Error(`expected a validation error, got ${String(error)}`)
    expect(error.status).toBe(422)
    expect(error.errors.name).toEqual(['The name field is required.'])
    expect(error.body.message).toBe('The name field is required. (and 1 more error)')
    // A 422 that refuses an action rather than the input (a customer in use) has no errors.
    const inUse = await api.DELETE('/v1/customers/{id}', { params: { path: { id: 42 } } }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(inUse).toBeInstanceOf(ApiError)
    expect((inUse as ApiError).status).toBe(422)
    expect((inUse as ApiError).isValidation()).toBe(false)
  })

  it("rejects with the network's own error when no answer comes", async () => {
    const down = new TypeError('fetch failed')
    const api = createClient({
      baseUrl: BASE,
      token: TOKENS.admin,
      fetch: () => Promise.reject(down),
    })
    await expect(api.GET('/v1/customers/{id}', { params: { path: { id: 42 } } })).rejects.toBe(down)
  })

  it('reads the documented names from a sandbox started in the legacy dialect', async () => {
    const { fetch } = inProcess('legacy')
    const api = createClient({ baseUrl: BASE, token: TOKENS.admin, fetch })
    const { data, response } = await api.GET('/v1/customers/{id}', { params: { path: { id: 42 } } })
    expect(response.headers.get('x-bluerocktel-dialect')).toBe('docs')
    expect(data?.customer_account).toBe('CL000042')
    const logged = await login({
      baseUrl: BASE,
      email: 'admin@example.com',
      password: 'admin-password',
      fetch,
    })
    for await (const page of pages(logged, '/v1/items', { query: { per_page: 5 } })) {
      expect(page.data[0]?.internal_reference).toMatch(/^[A-Z]+-\d+$/)
      break
    }
  })

  it('works in an isolated sandbox when given one', async () => {
    const { fetch } = inProcess()
    const mine = createClient({ baseUrl: BASE, token: TOKENS.admin, sandbox: 'client-test', fetch })
    const main = createClient({ baseUrl: BASE, token: TOKENS.admin, fetch })
    await mine.PUT('/v1/customers/{id}', {
      params: { path: { id: 42 } },
      body: { name: 'Only In Mine' },
    })
    expect(
      (await mine.GET('/v1/customers/{id}', { params: { path: { id: 42 } } })).data?.name,
    ).toBe('Only In Mine')
    expect(
      (await main.GET('/v1/customers/{id}', { params: { path: { id: 42 } } })).data?.name,
    ).not.toBe('Only In Mine')
  })
})

// Checked by `npm run typecheck` (tsc): each line below must fail to compile, or the directive
// itself is an error. Never called.
export function wrongUsesDoNotCompile(api: ReturnType<typeof createClient>) {
  // @ts-expect-error a field the Customer model does not have (a body is checked key by key once
  // annotated: openapi-fetch infers an inline body, and TypeScript checks excess keys on annotations)
  const body: Schema<'CustomerCreate'> = { name: 'x', customerAccountt: 'CL1' }
  void api.POST('/v1/customers', { body })
  // @ts-expect-error a value of the wrong type (charge_vat is a boolean)
  void api.POST('/v1/customers', { body: { name: 'x', charge_vat: 'yes' } })
  // @ts-expect-error a path the contract does not have
  void api.GET('/v1/customer/{id}', { params: { path: { id: 1 } } })
  // @ts-expect-error a filter the items list does not allow
  void api.GET('/v1/items', { params: { query: { 'filter[colour]': 'red' } } })
  // @ts-expect-error a list that is not a paginator (bundles answer a bare array)
  void pages(api, '/v1/bundles')
  void api.POST('/v1/customers', { body: { name: '' } }).catch((error: unknown) => {
    if (error instanceof ApiError) {
      // @ts-expect-error errors exist only on a validation error: narrow with isValidation() first
      void error.errors.name
      if (error.isValidation()) void error.errors.name
    }
  })
  return api.GET('/v1/customers/{id}', { params: { path: { id: 42 } } }).then(({ data }) => {
    // @ts-expect-error answers use the documented names: customer_account, not customerAccount
    return data?.customerAccount
  })
}
