// Customers: seeds/000 (and the older seeds/001). Ids are discovered through the API first.
import { it, expect, beforeAll, afterAll } from 'vitest'
import { kit, behaviour, describeResource, describeWrites, expectPaginator, isSorted, UNKNOWN_ID } from '../suite.js'
import { pages } from '../../src/client.js'

const NOT_FOUND = /^No query results for model \[App\\(Models\\)?Customer\]/
let sample: any // a customer of the instance, found through the list

describeResource('customers', 'customers', () => {
  beforeAll(async () => {
    const page = await kit.get('/v1/customers', { query: { per_page: 5 } })
    sample = page.body.data.find((c: any) => c.phone) ?? page.body.data[0]
  })

  it('GET /v1/customers answers a Laravel paginator whose arithmetic holds (seeds/000 "Paginated list")', async () => {
    const page = await kit.get('/v1/customers', { query: { per_page: 7, page: 2 } })
    expect(page.status).toBe(200)
    expectPaginator(page.body, 7, 2)
  })

  it('honours nb, sort and direction (seeds/000 example ?nb=25&sort=name&direction=asc)', async () => {
    const asc = await kit.get('/v1/customers', { query: { nb: 25, sort: 'name', direction: 'asc' } })
    behaviour(asc.body.per_page).toBe(25)
    behaviour(isSorted(asc.body.data.map((c: any) => c.name))).toBe(true)
    const desc = await kit.get('/v1/customers', { query: { nb: 10, sort: 'id', direction: 'desc' } })
    behaviour(isSorted(desc.body.data.map((c: any) => c.id), true)).toBe(true)
  })

  it('pages are disjoint and together complete', async () => {
    // Through the typed client's page iterator, at most 5 pages (a live instance may be large).
    const ids: number[] = []
    let total = 0
    let lastPage = 0
    for await (const page of pages(kit.api, '/v1/customers', { query: { per_page: 100 } })) {
      ids.push(...page.data.map((c) => c.id))
      ;({ total, last_page: lastPage } = page)
      if (page.current_page === 5) break
    }
    behaviour(new Set(ids).size).toBe(ids.length)
    if (lastPage <= 5) behaviour(ids.length).toBe(total)
  })

  it('answers 422 for a sort direction that is neither asc nor desc', async () => {
    const answer = await kit.get('/v1/customers', { query: { direction: 'sideways' } })
    behaviour(answer.status).toBe(422)
  })

  it('filters the list the spatie way, as the official SDK README does (filter[name], filter[term_match])', async () => {
    const term = sample.name.slice(0, 4)
    const byName = await kit.get('/v1/customers', { query: { 'filter[name]': term, per_page: 100 } })
    expect(byName.status).toBe(200)
    behaviour(byName.body.data.map((c: any) => c.id)).toContain(sample.id)
    behaviour(byName.body.data.every((c: any) => c.name.toLowerCase().includes(term.toLowerCase()))).toBe(true)
    const byTerm = await kit.get('/v1/customers', { query: { 'filter[term_match]': sample.customer_account, per_page: 100 } })
    behaviour(byTerm.body.data.map((c: any) => c.id)).toContain(sample.id)
  })

  it('answers 400 for a filter the list does not allow (spatie InvalidFilterQuery)', async () => {
    const answer = await kit.get('/v1/customers', { query: { 'filter[no_such_column]': 'x' } })
    behaviour(answer.status).toBe(400)
  })

  it('GET /v1/customers/{id} answers the customer with its contacts', async () => {
    const answer = await kit.get(`/v1/customers/${sample.id}`)
    expect(answer.status).toBe(200)
    behaviour(answer.body.id).toBe(sample.id)
    behaviour(Array.isArray(answer.body.contacts)).toBe(true)
  })

  it('GET /v1/customers/{id} answers 404 with Laravel\'s message for an unknown id', async () => {
    const answer = await kit.get(`/v1/customers/${UNKNOWN_ID}`)
    behaviour(answer.status).toBe(404)
    behaviour(answer.body.message).toMatch(NOT_FOUND)
  })

  it('search finds a customer by account and by name, at most 15 results (seeds/000)', async () => {
    const byAccount = await kit.get('/v1/customers/search', { query: { term: sample.customer_account } })
    expect(byAccount.status).toBe(200)
    behaviour(byAccount.body.map((c: any) => c.id)).toContain(sample.id)
    const byName = await kit.get('/v1/customers/search', { query: { term: sample.name.slice(0, 5) } })
    behaviour(byName.body.length).toBeLessThanOrEqual(15)
    behaviour(byName.body.length).toBeGreaterThan(0)
    const broad = await kit.get('/v1/customers/search', { query: { term: 'a' } })
    behaviour(broad.body.length).toBeLessThanOrEqual(15)
  })

  it('search answers 422 without a term', async () => {
    const answer = await kit.get('/v1/customers/search')
    behaviour(answer.status).toBe(422)
    behaviour(Object.keys(answer.body.errors ?? {})).toEqual(['term'])
  })

  it('lookup answers exactly {found, data} by account and by phone (seeds/000)', async () => {
    const byAccount = await kit.get('/v1/customers/lookup', { query: { customer_account: sample.customer_account } })
    expect(byAccount.status).toBe(200)
    behaviour(Object.keys(byAccount.body)).toEqual(['found', 'data'])
    behaviour(byAccount.body).toMatchObject({ found: true, data: { id: sample.id, customer_account: sample.customer_account } })
    if (sample.phone) {
      const byPhone = await kit.get('/v1/customers/lookup', { query: { phone_number: sample.phone } })
      behaviour(byPhone.body.found).toBe(true)
    }
    const unknown = await kit.get('/v1/customers/lookup', { query: { customer_account: 'CONFORMANCE-UNKNOWN' } })
    behaviour(unknown.body.found).toBe(false)
  })

  it('lookup answers 422 with neither parameter', async () => {
    behaviour((await kit.get('/v1/customers/lookup')).status).toBe(422)
  })

  it('the account look-ups answer the same customer (seeds/000, seeds/001)', async () => {
    const account = encodeURIComponent(sample.customer_account)
    behaviour((await kit.get(`/v1/customers/customer_accounts/${account}`)).body).toEqual({ customer_id: sample.id })
    behaviour((await kit.get(`/v1/customer_accounts/${account}`)).body.id).toBe(sample.id)
    behaviour((await kit.get(`/v1/customerAccounts/${account}`)).body.id).toBe(sample.id)
    for (const path of ['/v1/customers/customer_accounts/', '/v1/customer_accounts/', '/v1/customerAccounts/'])
      behaviour((await kit.get(`${path}CONFORMANCE-UNKNOWN`)).status, path).toBe(404)
  })

  it('consumptions answer a number for a YYYYMM month, and 422 otherwise (seeds/000)', async () => {
    const total = await kit.get(`/v1/customers/${sample.id}/consumptions`, { query: { month: '202603' } })
    expect(total.status).toBe(200)
    behaviour(typeof total.body).toBe('number')
    behaviour((await kit.get(`/v1/customers/${sample.id}/consumptions`, { query: { month: '2026-03' } })).status).toBe(422)
    behaviour((await kit.get(`/v1/customers/${UNKNOWN_ID}/consumptions`, { query: { month: '202603' } })).status).toBe(404)
  })

  it('the deprecated look-ups agree with lookup (seeds/000)', async () => {
    const account = { customer_account: sample.customer_account }
    behaviour((await kit.get('/is_known_customer_account', { query: account })).body).toEqual({ found: true })
    behaviour((await kit.get('/is_vip_by_customer_account', { query: account })).body).toEqual({ vip: sample.vip })
    behaviour((await kit.get('/has_on_call_duty_contract_by_customer_account', { query: account })).body).toEqual({ on_call_duty: sample.on_call_duty })
    if (sample.phone) {
      const phone = { phone_number: sample.phone }
      behaviour((await kit.get('/is_known_phone_number', { query: phone })).body).toEqual({ found: true })
      behaviour((await kit.get('/is_vip_by_phone_number', { query: phone })).status).toBe(200)
      behaviour((await kit.get('/has_on_call_duty_contract_by_phone_number', { query: phone })).status).toBe(200)
      behaviour(typeof (await kit.get('/get_customer_id_from_phone_number', { query: phone })).body.customer_id).toBe('number')
    }
    for (const path of ['/is_known_customer_account', '/is_known_phone_number', '/is_vip_by_customer_account', '/is_vip_by_phone_number',
      '/has_on_call_duty_contract_by_phone_number', '/has_on_call_duty_contract_by_customer_account', '/get_customer_id_from_phone_number'])
      behaviour((await kit.get(path)).status, path).toBe(422)
  })

  it.runIf(kit.config.salesToken !== null)('a sales user sees only the customers they represent (seeds/000 "filtered based on the user\'s role")', async () => {
    const mine = await kit.get('/v1/customers', { query: { per_page: 100 }, token: kit.config.salesToken })
    const all = await kit.get('/v1/customers', { query: { per_page: 100 } })
    behaviour(mine.body.total).toBeLessThan(all.body.total)
    const representative = mine.body.data[0]?.representative_id
    behaviour(mine.body.data.every((c: any) => c.representative_id === representative)).toBe(true)
    const other = all.body.data.find((c: any) => c.representative_id !== representative)
    if (other) {
      const token = kit.config.salesToken
      const account = encodeURIComponent(other.customer_account)
      for (const path of [`/v1/customers/${other.id}`, `/v1/customers/${other.id}/consumptions?month=202603`, `/v1/customer_accounts/${account}`,
        `/v1/customerAccounts/${account}`, `/v1/customers/customer_accounts/${account}`, `/v1/customers/${other.id}/services`]) {
        const [p, q] = path.split('?')
        behaviour((await kit.get(p!, { token, query: q ? Object.fromEntries(new URLSearchParams(q)) : undefined })).status, path).toBe(403)
      }
    }
  })

  describeWrites('writes (full profile)', () => {
    afterAll(() => kit.cleanUp())

    const create = async (body: Record<string, unknown>, token?: string | null) => {
      const answer = await kit.post('/v1/customers', body, { token })
      if (answer.status === 201) kit.created(`customer ${answer.body.id} (${answer.body.name})`, () => kit.delete(`/v1/customers/${answer.body.id}`))
      return answer
    }

    it('POST creates a customer whose customer_account is CL + the zero-padded id, and GET returns it (seeds/000)', async () => {
      const created = await create({ name: kit.tag('Acme Corp'), email_address: 'contact@acme.example' })
      expect(created.status).toBe(201)
      behaviour(created.body.customer_account).toBe(`CL${String(created.body.id).padStart(6, '0')}`)
      const shown = await kit.get(`/v1/customers/${created.body.id}`)
      behaviour(shown.body).toMatchObject({ name: kit.tag('Acme Corp'), email_address: 'contact@acme.example', customer_account: created.body.customer_account })
    })

    it('gives two new customers distinct accounts, and refuses an account already taken', async () => {
      const a = await create({ name: kit.tag('first') })
      const b = await create({ name: kit.tag('second') })
      behaviour(a.body.customer_account).not.toBe(b.body.customer_account)
      const taken = await create({ name: kit.tag('third'), customer_account: a.body.customer_account })
      behaviour(taken.status).toBe(422)
      behaviour(Object.keys(taken.body.errors ?? {})).toContain('customer_account')
    })

    it('takes the query-string form with camelCase names (seeds/001)', async () => {
      const answer = await kit.post('/v1/customers', undefined, { query: { name: kit.tag('Société') } })
      if (answer.status === 201) kit.created(`customer ${answer.body.id}`, () => kit.delete(`/v1/customers/${answer.body.id}`))
      behaviour(answer.status).toBe(201)
      behaviour(answer.body.name).toBe(kit.tag('Société'))
    })

    it('answers 422 naming the field for a missing name and a malformed email', async () => {
      const answer = await create({ email_address: 'not-an-email' })
      behaviour(answer.status).toBe(422)
      behaviour(Object.keys(answer.body.errors ?? {}).sort()).toEqual(['email_address', 'name'])
    })

    it('PUT changes what GET answers; 422 for an empty name; 404 for an unknown id', async () => {
      const created = await create({ name: kit.tag('before') })
      const updated = await kit.put(`/v1/customers/${created.body.id}`, { name: kit.tag('after'), vip: true })
      behaviour(updated.status).toBe(200)
      behaviour((await kit.get(`/v1/customers/${created.body.id}`)).body).toMatchObject({ name: kit.tag('after'), vip: true })
      behaviour((await kit.put(`/v1/customers/${created.body.id}`, { name: '' })).status).toBe(422)
      behaviour((await kit.put(`/v1/customers/${UNKNOWN_ID}`, { name: 'x' })).status).toBe(404)
    })

    it('DELETE removes a customer without invoices or files, after which GET answers 404', async () => {
      const created = await create({ name: kit.tag('to delete') })
      if (kit.config.salesToken) behaviour((await kit.delete(`/v1/customers/${created.body.id}`, { token: kit.config.salesToken })).status).toBe(403)
      const deleted = await kit.delete(`/v1/customers/${created.body.id}`)
      behaviour(deleted.status).toBe(200)
      behaviour((await kit.get(`/v1/customers/${created.body.id}`)).status).toBe(404)
      behaviour((await kit.delete(`/v1/customers/${UNKNOWN_ID}`)).status).toBe(404)
    })

    it.runIf(kit.config.salesToken !== null)('PUT answers 403 to a sales user for a customer they do not represent', async () => {
      const created = await create({ name: kit.tag('not theirs'), representative_id: null })
      const answer = await kit.put(`/v1/customers/${created.body.id}`, { name: 'x' }, { token: kit.config.salesToken })
      behaviour(answer.status).toBe(403)
    })
  })
})
