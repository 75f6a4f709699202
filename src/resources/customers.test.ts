import { describe, it, expect } from 'vitest'
import { createTestSandbox, TOKENS, USER_IDS } from '../../test/sandbox.js'

const acme = { name: 'Acme Corp', email: 'contact@acme.com' }

describe('POST /v1/customers', () => {
  it('creates the customer and answers 201 with customer_account CL + zero-padded id (seeds/000)', async () => {
    const s = createTestSandbox()
    const created = await s.post('/api/v1/customers', acme)
    expect(created.status).toBe(201)
    expect(created.body.customer_account).toBe(`CL${String(created.body.id).padStart(6, '0')}`)
    expect(created.body).toMatchObject({
      name: 'Acme Corp',
      main_address_country: 'France',
      active: true,
      accept_emails: true,
      accept_calls: true,
      charge_vat: true,
      brand_id: 1,
    })
    const shown = await s.get(`/api/v1/customers/${created.body.id}`)
    expect(shown.status).toBe(200)
    expect(shown.body).toMatchObject({ ...created.body, contacts: [] })
  })

  it('takes the cookbook step 3 body verbatim (seeds/002)', async () => {
    const s = createTestSandbox()
    const body = {
      name: 'Acme Telecom SAS',
      email_address: 'contact@acme-telecom.fr',
      phone: '+33123456789',
      main_address_line1: '12 rue de la Paix',
      main_address_postal_code: '75001',
      main_address_city: 'Paris',
      main_address_country: 'France',
      charge_vat: true,
    }
    const created = await s.post('/api/v1/customers', body)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject(body)
  })

  it('takes the query-string form with camelCase names of seeds/001', async () => {
    const s = createTestSandbox()
    const created = await s.call(
      'POST',
      '/api/v1/customers?name=Soci%C3%A9t%C3%A9&customerAccount=123456&chargeVAT=0&mainAddressLine1=1%20rue%20Haute',
    )
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      name: 'Société',
      customer_account: '123456',
      charge_vat: false,
      main_address_line1: '1 rue Haute',
    })
  })

  it('generates the account when customerAccount is null, as the official SDK sends it', async () => {
    const s = createTestSandbox()
    const created = await s.post('/api/v1/customers', {
      name: 'SDK probe',
      customerAccount: null,
      isReseller: false,
      onCallDuty: true,
      zone: 0,
    })
    expect(created.status).toBe(201)
    expect(created.body.customer_account).toMatch(/^CL\d{6}$/)
    expect(created.body.on_call_duty).toBe(true)
  })

  it('gives every new customer a distinct id and account', async () => {
    const s = createTestSandbox()
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => s.post('/api/v1/customers', { name: `Bulk ${i}` })),
    )
    expect(new Set(answers.map((a) => a.body.customer_account)).size).toBe(20)
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(20)
  })

  it.each([
    [{}, 'name', 'The name field is required.'],
    [{ name: '   ' }, 'name', 'The name field is required.'],
    [{ name: 42 }, 'name', 'The name field must be a string.'],
    [{ name: 'x'.repeat(256) }, 'name', 'The name field must not be greater than 255 characters.'],
    [
      { name: 'a', email_address: 'not-an-email' },
      'email_address',
      'The email address field must be a valid email address.',
    ],
    [{ name: 'a', active: 'yes' }, 'active', 'The active field must be true or false.'],
    [{ name: 'a', brand_id: 'one' }, 'brand_id', 'The brand id field must be an integer.'],
    [
      { name: 'a', representative_id: 999 },
      'representative_id',
      'The selected representative id is invalid.',
    ],
    [
      { name: 'a', customer_account: 'CL000042' },
      'customer_account',
      'The customer account has already been taken.',
    ],
    [
      { name: "'; DROP TABLE customers; --", reseller_level: -1.5 },
      'reseller_level',
      'The reseller level field must be an integer.',
    ],
  ])('answers 422 naming the field for %j', async (body, field, message) => {
    const s = createTestSandbox()
    const answer = await s.post('/api/v1/customers', body)
    expect(answer.status).toBe(422)
    expect(answer.body.errors[field]).toEqual([message])
  })

  it('summarises several errors the Laravel way', async () => {
    const s = createTestSandbox()
    const answer = await s.post('/api/v1/customers', { email_address: 'x', vip: 'maybe' })
    expect(answer.body).toEqual({
      message: 'The name field is required. (and 2 more errors)',
      errors: {
        name: ['The name field is required.'],
        email_address: ['The email address field must be a valid email address.'],
        vip: ['The vip field must be true or false.'],
      },
    })
  })

  it('reads a malformed JSON body as empty, as Laravel does, and says so in a header', async () => {
    const s = createTestSandbox()
    const answer = await s.call('POST', '/api/v1/customers', {
      rawBody: '{"name": "Acme"',
      headers: { 'Content-Type': 'application/json' },
    })
    expect(answer.status).toBe(422)
    expect(answer.headers.get('x-sandbox-warning')).toMatch(/not valid JSON/)
  })

  it.each([['text/plain;charset=UTF-8'], [undefined]])(
    'ignores a JSON body sent as %s, as Laravel does (Request::isJson), and says so in a header',
    async (type) => {
      const s = createTestSandbox()
      const answer = await s.call('POST', '/api/v1/customers', {
        rawBody: '{"name": "Acme"}',
        headers: type ? { 'Content-Type': type } : {},
      })
      expect(answer.status).toBe(422)
      expect(answer.headers.get('x-sandbox-warning')).toMatch(
        /Content-Type is not application\/json/,
      )
      expect(
        (
          await s.call('POST', '/api/v1/customers', {
            rawBody: '{"name": "Acme"}',
            headers: { 'Content-Type': 'application/vnd.api+json' },
          })
        ).status,
      ).toBe(201)
    },
  )

  it("reads a body nested deeper than json_decode's 512 levels as empty (422, not 500), and says so in a header", async () => {
    const s = createTestSandbox()
    const deep = `{"name": "Acme", "x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`
    const answer = await s.call('POST', '/api/v1/customers', {
      rawBody: deep,
      headers: { 'Content-Type': 'application/json' },
    })
    expect(answer.status).toBe(422)
    expect(answer.headers.get('x-sandbox-warning')).toMatch(/deeper than 512/)
    const shallow = `{"name": "Acme", "x": ${'['.repeat(500)}${']'.repeat(500)}}`
    expect(
      (
        await s.call('POST', '/api/v1/customers', {
          rawBody: shallow,
          headers: { 'Content-Type': 'application/json' },
        })
      ).status,
    ).toBe(201)
  })

  it("drops a form field nested deeper than PHP's max_input_nesting_level (64), whatever its depth", async () => {
    const s = createTestSandbox()
    const form = `name=Acme&x${'[a]'.repeat(100_000)}=1`
    const answer = await s.call('POST', '/api/v1/customers', {
      rawBody: form,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    expect(answer.status).toBe(201)
    expect(answer.body.name).toBe('Acme')
  })

  it('keeps unicode names intact', async () => {
    const s = createTestSandbox()
    const name = 'Zoë & Søn — 株式会社 🚀'
    const created = await s.post('/api/v1/customers', { name })
    expect((await s.get(`/api/v1/customers/${created.body.id}`)).body.name).toBe(name)
  })
})

describe('GET /v1/customers', () => {
  it('answers a Laravel paginator, 15 per page by default', async () => {
    const s = createTestSandbox()
    const page = await s.get('/api/v1/customers')
    expect(page.status).toBe(200)
    expect(page.body).toMatchObject({
      current_page: 1,
      per_page: 15,
      from: 1,
      to: 15,
      total: 150,
      last_page: 10,
    })
    expect(page.body.data.map((c: { id: number }) => c.id)).toEqual(
      Array.from({ length: 15 }, (_, i) => i + 1),
    )
    expect(page.body.next_page_url).toBe('http://localhost/api/v1/customers?page=2')
  })

  it('honours nb, sort and direction as in the seeds/000 example', async () => {
    const s = createTestSandbox()
    const page = await s.get('/api/v1/customers?nb=25&sort=name&direction=asc')
    const names = page.body.data.map((c: { name: string }) => c.name)
    expect(page.body.per_page).toBe(25)
    expect(names).toEqual([...names].sort(new Intl.Collator('en', { sensitivity: 'base' }).compare))
    const desc = await s.get('/api/v1/customers?nb=5&sort=id&direction=desc')
    expect(desc.body.data[0].id).toBe(150)
  })

  it('pages with page and per_page: disjoint pages that together hold every customer', async () => {
    const s = createTestSandbox()
    const ids: number[] = []
    for (let page = 1; page <= 3; page++)
      ids.push(
        ...(await s.get(`/api/v1/customers?per_page=60&page=${page}`)).body.data.map(
          (c: { id: number }) => c.id,
        ),
      )
    expect(ids).toHaveLength(150)
    expect(new Set(ids).size).toBe(150)
  })

  it('reads per_page=0 as no per_page: 15 per page, or nb when given (Laravel `paginate($perPage ?: default)`)', async () => {
    const s = createTestSandbox()
    expect((await s.get('/api/v1/customers?per_page=0')).body).toMatchObject({
      per_page: 15,
      last_page: 10,
      to: 15,
    })
    expect((await s.get('/api/v1/customers?per_page=0&nb=25')).body).toMatchObject({
      per_page: 25,
      last_page: 6,
    })
  })

  it('answers an empty page past the end, and reads a bad page as page 1', async () => {
    const s = createTestSandbox()
    expect((await s.get('/api/v1/customers?page=99')).body).toMatchObject({
      data: [],
      from: null,
      to: null,
      current_page: 99,
    })
    expect((await s.get('/api/v1/customers?page=-4')).body.current_page).toBe(1)
    expect((await s.get('/api/v1/customers?page=abc')).body.current_page).toBe(1)
  })

  it.each([
    ['direction=up', 'direction'],
    ['sort=password', 'sort'],
    ['nb=0', 'nb'],
    ['per_page=100000', 'per_page'],
    ['per_page=ten', 'per_page'],
  ])('answers 422 for %s', async (qs, field) => {
    const s = createTestSandbox()
    const answer = await s.get(`/api/v1/customers?${qs}`)
    expect(answer.status).toBe(422)
    expect(Object.keys(answer.body.errors)).toEqual([field])
  })

  it("filters the spatie way, as the official SDK's README does (filter[name], filter[term_match], sort=-created_at)", async () => {
    const s = createTestSandbox()
    const name = (await s.get('/api/v1/customers/7')).body.name as string
    const byName = await s.get(
      `/api/v1/customers?filter[name]=${encodeURIComponent(name.toUpperCase())}`,
    )
    expect(byName.body.data.map((c: { id: number }) => c.id)).toContain(7)
    expect(
      byName.body.data.every((c: { name: string }) =>
        c.name.toLowerCase().includes(name.toLowerCase()),
      ),
    ).toBe(true)
    const byTerm = await s.get('/api/v1/customers?filter[term_match]=cl000123')
    expect(byTerm.body.data.map((c: { id: number }) => c.id)).toEqual([123])
    const newest = await s.get('/api/v1/customers?sort=-created_at&per_page=3')
    expect(newest.body.data.map((c: { id: number }) => c.id)).toEqual([150, 149, 148])
    const bad = await s.get('/api/v1/customers?filter[password]=x')
    expect(bad.status).toBe(400)
    expect(bad.body.message).toBe(
      'Requested filter(s) `password` are not allowed. Allowed filter(s) are `name, customer_account, id, term_match`.',
    )
  })

  it('shows a sales user only the customers they represent (seeds/000 "filtered based on the authenticated user\'s role")', async () => {
    const s = createTestSandbox()
    const page = await s.get('/api/v1/customers?per_page=1000', { token: TOKENS.sales })
    expect(page.body.total).toBeGreaterThan(0)
    expect(page.body.total).toBeLessThan(150)
    expect(
      page.body.data.every(
        (c: { representative_id: number }) => c.representative_id === USER_IDS.sales,
      ),
    ).toBe(true)
  })
})

describe('GET /v1/customers/{id}', () => {
  it('answers customer 42 with its contacts (seeds/000 example)', async () => {
    const s = createTestSandbox()
    const answer = await s.get('/api/v1/customers/42')
    expect(answer.status).toBe(200)
    expect(answer.body.id).toBe(42)
    expect(answer.body.contacts.length).toBeGreaterThan(0)
    expect(
      answer.body.contacts.every((c: { contactable_id: number }) => c.contactable_id === 42),
    ).toBe(true)
  })

  it.each(['99999', 'abc', '0', '-1', '1.5', "1' OR '1'='1"])(
    "answers 404 with Laravel's message for %s",
    async (id) => {
      const s = createTestSandbox()
      const answer = await s.get(`/api/v1/customers/${encodeURIComponent(id)}`)
      expect(answer.status).toBe(404)
      expect(answer.body).toEqual({ message: `No query results for model [App\\Customer] ${id}` })
    },
  )

  it('answers the customer the id names, whatever the customerAccount parameter seeds/001 lists for "Get a customer"', async () => {
    const s = createTestSandbox()
    const answer = await s.get('/api/v1/customers/42?customerAccount=CL000123')
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ id: 42, customer_account: 'CL000042' })
  })

  it('answers 403 to a sales user for a customer they do not represent', async () => {
    const s = createTestSandbox()
    const page = await s.get('/api/v1/customers?per_page=1000')
    const other = page.body.data.find(
      (c: { representative_id: number | null }) => c.representative_id !== USER_IDS.sales,
    )
    expect((await s.get(`/api/v1/customers/${other.id}`, { token: TOKENS.sales })).status).toBe(403)
  })
})

describe('PUT /v1/customers/{id}', () => {
  it('changes what GET answers, and resets quick_search_index (seeds/000)', async () => {
    const s = createTestSandbox({ now: new Date('2026-05-01T08:30:00Z') })
    const answer = await s.put('/api/v1/customers/42', { name: 'Acme Corporation' })
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({
      id: 42,
      name: 'Acme Corporation',
      quick_search_index: false,
      updated_at: '2026-05-01T08:30:00.000000Z',
    })
    expect((await s.get('/api/v1/customers/42')).body.name).toBe('Acme Corporation')
  })

  it('keeps the account unless another one is sent, and refuses one already taken', async () => {
    const s = createTestSandbox()
    expect(
      (await s.put('/api/v1/customers/42', { customerAccount: 'CL000042', vip: true })).body,
    ).toMatchObject({ customer_account: 'CL000042', vip: true })
    const taken = await s.put('/api/v1/customers/42', { customer_account: 'CL000043' })
    expect(taken.status).toBe(422)
    expect(taken.body.errors.customer_account).toEqual([
      'The customer account has already been taken.',
    ])
  })

  it('answers 422 for an empty name and 404 for an unknown id', async () => {
    const s = createTestSandbox()
    expect((await s.put('/api/v1/customers/42', { name: '' })).body.errors.name).toEqual([
      'The name field is required.',
    ])
    expect((await s.put('/api/v1/customers/4242', { name: 'x' })).status).toBe(404)
  })
})

describe('DELETE /v1/customers/{id}', () => {
  it('deletes a customer without invoices or files, after which GET answers 404', async () => {
    const s = createTestSandbox()
    const created = await s.post('/api/v1/customers', acme)
    const answer = await s.delete(`/api/v1/customers/${created.body.id}`)
    expect(answer.status).toBe(200)
    expect(answer.body.message).toBeTruthy()
    expect((await s.get(`/api/v1/customers/${created.body.id}`)).status).toBe(404)
  })

  it('refuses with 422 while the customer has invoices or customer files (seeds/000)', async () => {
    const s = createTestSandbox()
    const answer = await s.delete('/api/v1/customers/42')
    expect(answer.status).toBe(422)
    expect(answer.body.message).toMatch(/invoices or customer files/)
    expect((await s.get('/api/v1/customers/42')).status).toBe(200)
  })

  it('answers 403 to a user who is neither admin nor tech (seeds/000 "Requires admin/tech role")', async () => {
    const s = createTestSandbox()
    const own = await s.post('/api/v1/customers', { name: 'Mine' }, { token: TOKENS.sales })
    expect(own.body.representative_id).toBe(USER_IDS.sales)
    expect(
      (await s.delete(`/api/v1/customers/${own.body.id}`, { token: TOKENS.sales })).status,
    ).toBe(403)
    expect(
      (await s.delete(`/api/v1/customers/${own.body.id}`, { token: TOKENS.tech })).status,
    ).toBe(200)
  })

  it('answers 404 for an unknown id, before the role check', async () => {
    const s = createTestSandbox()
    expect((await s.delete('/api/v1/customers/99999', { token: TOKENS.sales })).status).toBe(404)
  })
})
