// The customers' search and look-ups (seeds/000): by term, by account, by phone, and the deprecated ones.
import { describe, it, expect } from 'vitest'
import { createTestSandbox, TOKENS, USER_IDS } from '../../test/sandbox.js'

describe('GET /v1/customers/search', () => {
  it('finds by name and by account number, at most 15 results (seeds/000)', async () => {
    const s = createTestSandbox()
    const byAccount = await s.get('/api/v1/customers/search?term=CL000123')
    expect(byAccount.body.map((c: { id: number }) => c.id)).toEqual([123])
    const name = (await s.get('/api/v1/customers/7')).body.name as string
    const byName = await s.get(
      `/api/v1/customers/search?term=${encodeURIComponent(name.slice(0, 6).toUpperCase())}`,
    )
    expect(byName.body.some((c: { id: number }) => c.id === 7)).toBe(true)
    const broad = await s.get('/api/v1/customers/search?term=CL')
    expect(broad.body).toHaveLength(15)
  })

  it("finds for a sales user only the customers they represent (seeds/000: filtered based on the user's role)", async () => {
    const s = createTestSandbox()
    // `CL000` is in every account number: the admin's first 15 include other representatives' customers.
    const everyone = (await s.get('/api/v1/customers/search?term=CL000')).body as {
      id: number
      representative_id: number | null
    }[]
    expect(everyone).toHaveLength(15)
    expect(everyone.some((c) => c.representative_id !== USER_IDS.sales)).toBe(true)
    const theirs = (await s.get('/api/v1/customers/search?term=CL000', { token: TOKENS.sales }))
      .body as typeof everyone
    expect(theirs.length).toBeGreaterThan(0)
    expect(theirs.every((c) => c.representative_id === USER_IDS.sales)).toBe(true)
    // The first 15 of theirs in id order, as for everyone.
    const all = (await s.get('/api/v1/customers?per_page=1000', { token: TOKENS.sales })).body
      .data as typeof everyone
    expect(theirs.map((c) => c.id)).toEqual(all.map((c) => c.id).slice(0, 15))
  })

  it('answers an empty array when nothing matches, and 422 without a term', async () => {
    const s = createTestSandbox()
    expect((await s.get('/api/v1/customers/search?term=%25%25nothing%25%25')).body).toEqual([])
    const missing = await s.get('/api/v1/customers/search')
    expect(missing.status).toBe(422)
    expect(missing.body.errors.term).toEqual(['The term field is required.'])
  })
})

describe('GET /v1/customers/lookup', () => {
  it('answers exactly the documented found/data shape by account (seeds/000)', async () => {
    const s = createTestSandbox()
    const answer = await s.get('/api/v1/customers/lookup?customer_account=CL000123')
    expect(Object.keys(answer.body)).toEqual(['found', 'data'])
    expect(Object.keys(answer.body.data)).toEqual([
      'id',
      'name',
      'customer_account',
      'vip',
      'on_call_duty',
      'setup_follow_up',
      'setup_follow_up_user',
    ])
    expect(answer.body).toMatchObject({
      found: true,
      data: { id: 123, customer_account: 'CL000123' },
    })
  })

  it('finds by phone number, whatever its spacing', async () => {
    const s = createTestSandbox()
    const phone = (await s.get('/api/v1/customers/42')).body.phone as string
    const spaced = phone.replace(/(\d{2})(?=\d)/g, '$1 ')
    const answer = await s.get(
      `/api/v1/customers/lookup?phone_number=${encodeURIComponent(spaced)}`,
    )
    expect(answer.body).toMatchObject({ found: true, data: { id: 42 } })
  })

  it('answers found false for an unknown number, and 422 with neither parameter', async () => {
    const s = createTestSandbox()
    expect((await s.get('/api/v1/customers/lookup?phone_number=0000')).body).toEqual({
      found: false,
      data: null,
    })
    const missing = await s.get('/api/v1/customers/lookup')
    expect(missing.status).toBe(422)
    expect(Object.keys(missing.body.errors)).toEqual(['customer_account', 'phone_number'])
  })
})

describe('GET /v1/customers/{id}/consumptions', () => {
  it("answers the month's total as a number (seeds/000 example: customer 42, 202603)", async () => {
    const s = createTestSandbox()
    const answer = await s.get('/api/v1/customers/42/consumptions?month=202603')
    expect(answer.status).toBe(200)
    expect(typeof answer.body).toBe('number')
    expect(answer.body).toBeGreaterThan(0)
    expect((await s.get('/api/v1/customers/42/consumptions?month=199901')).body).toBe(0)
  })

  it.each(['2026-03', '202613', '20263', 'abcdef', ''])(
    'answers 422 for month=%s',
    async (month) => {
      const s = createTestSandbox()
      const answer = await s.get(`/api/v1/customers/42/consumptions?month=${month}`)
      expect(answer.status).toBe(422)
      expect(Object.keys(answer.body.errors)).toEqual(['month'])
    },
  )
})

describe('account look-ups', () => {
  it('GET /v1/customers/customer_accounts/{customer_account} answers the id (seeds/000)', async () => {
    const s = createTestSandbox()
    expect((await s.get('/api/v1/customers/customer_accounts/CL000123')).body).toEqual({
      customer_id: 123,
    })
    expect((await s.get('/api/v1/customers/customer_accounts/CL999999')).body).toEqual({
      message: 'No query results for model [App\\Customer].',
    })
  })

  it.each(['/api/v1/customer_accounts/CL000123', '/api/v1/customerAccounts/CL000123'])(
    'GET %s answers the customer',
    async (path) => {
      const s = createTestSandbox()
      expect((await s.get(path)).body).toMatchObject({ id: 123, customer_account: 'CL000123' })
      expect((await s.get(path.replace('123', '999'))).status).toBe(404)
    },
  )
})

describe('the deprecated look-ups (seeds/000)', () => {
  it('answer consistently with /v1/customers/lookup', async () => {
    const s = createTestSandbox()
    const customer = (await s.get('/api/v1/customers/42')).body
    const phone = encodeURIComponent(customer.phone)
    expect((await s.get('/api/is_known_customer_account?customer_account=CL000042')).body).toEqual({
      found: true,
    })
    expect((await s.get('/api/is_known_customer_account?customer_account=CL999999')).body).toEqual({
      found: false,
    })
    expect((await s.get(`/api/is_known_phone_number?phone_number=${phone}`)).body).toEqual({
      found: true,
    })
    expect((await s.get('/api/is_vip_by_customer_account?customer_account=CL000042')).body).toEqual(
      { vip: customer.vip },
    )
    expect((await s.get(`/api/is_vip_by_phone_number?phone_number=${phone}`)).body).toEqual({
      vip: customer.vip,
    })
    expect(
      (await s.get(`/api/has_on_call_duty_contract_by_phone_number?phone_number=${phone}`)).body,
    ).toEqual({ on_call_duty: customer.on_call_duty })
    expect(
      (await s.get('/api/has_on_call_duty_contract_by_customer_account?customer_account=CL000042'))
        .body,
    ).toEqual({ on_call_duty: customer.on_call_duty })
    expect(
      (await s.get(`/api/get_customer_id_from_phone_number?phone_number=${phone}`)).body,
    ).toEqual({ customer_id: 42 })
    expect((await s.get('/api/get_customer_id_from_phone_number?phone_number=12')).body).toEqual({
      customer_id: null,
    })
  })

  it('answer 422 without their parameter', async () => {
    const s = createTestSandbox()
    expect((await s.get('/api/is_vip_by_phone_number')).body.errors).toEqual({
      phone_number: ['The phone number field is required.'],
    })
  })
})
