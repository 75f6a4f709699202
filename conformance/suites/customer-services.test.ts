// Customer services: seeds/003. Ids and terms are taken from the instance's own data.
import { it, afterAll } from 'vitest'
import {
  kit,
  verify,
  describeResource,
  describeWrites,
  prerequisite,
  setup,
  swapCase,
  Unavailable,
  UNKNOWN_ID,
} from '../suite.js'
import { checkPage } from '../paginator.js'
import { notFoundMessage } from '../answer-rules.js'

const services = prerequisite(
  'customer-services',
  'the services listed by GET /v1/customer-services',
  async () => {
    const page = await kit.get('/v1/customer-services', { query: { per_page: 100 } })
    verify(page, 'seeds/003 GET /v1/customer-services').status(200)
    if (page.body.data.length === 0) throw new Unavailable('no customer service')
    return page.body.data as any[]
  },
)

describeResource('customer-services', 'customer services', () => {
  it('GET /v1/customer-services pages 10 per page by default, with customers_count (seeds/003 "Paginated list (10 per page) ... with the count of associated customers")', async () => {
    const page = await kit.get('/v1/customer-services')
    verify(page, 'seeds/003').status(200)
    checkPage(kit, page, 10, 1)
    verify(page, 'seeds/003 "with the count of associated customers"').every(
      page.body.data,
      (s) => Number.isInteger(s.customers_count),
      'customers_count is an integer',
      ['customers_count'],
    )
  })

  it('filters by name and by key whatever the case of the term (seeds/003 example filter[name]=support)', async () => {
    const [service] = await services()
    const part = swapCase(service.name.slice(1, 5))
    const byName = await kit.get('/v1/customer-services', { query: { 'filter[name]': part } })
    const v = verify(
      byName,
      'seeds/003 "filter[name] | Filter by name"; spatie partial filter, MySQL matches case-insensitively',
    )
    v.includes(byName.body.data, service.id, `service "${service.name}" (filtered by "${part}")`)
    v.every(
      byName.body.data,
      (s) => s.name.toLowerCase().includes(part.toLowerCase()),
      `name contains "${part}" ignoring case`,
      ['name'],
    )
    const key = swapCase(service.key)
    const byKey = await kit.get('/v1/customer-services', { query: { 'filter[key]': key } })
    verify(
      byKey,
      'seeds/003 "filter[key] | Filter by key"; MySQL matches case-insensitively',
    ).includes(byKey.body.data, service.id, `service "${service.key}" (filtered by "${key}")`)
  })

  it('sorts by the documented fields, - for descending (seeds/003 "sort | Sort field (id, name, key, created_at, updated_at)")', async () => {
    const byName = await kit.get('/v1/customer-services', { query: { sort: 'name' } })
    verify(byName, 'seeds/003 sort=name').sorted(byName.body.data, 'name', 'asc')
    const byId = await kit.get('/v1/customer-services', { query: { sort: '-id' } })
    verify(byId, 'seeds/003 sort=-id').sorted(byId.body.data, 'id', 'desc')
  })

  it("answers 400 with spatie's message for a filter or a sort that is not allowed", async () => {
    const filter = await kit.get('/v1/customer-services', { query: { 'filter[conformance]': 'x' } })
    verify(filter, 'spatie InvalidFilterQuery').status(400)
    verify(filter, 'spatie InvalidFilterQuery').matches(
      'message',
      filter.body.message,
      /^Requested filter\(s\) `conformance` are not allowed\. Allowed filter\(s\) are `[^`]+`\.$/,
      "spatie's message",
    )
    verify(
      await kit.get('/v1/customer-services', { query: { sort: 'conformance' } }),
      'spatie InvalidSortQuery',
    ).status(400)
  })

  it('GET /v1/customer-services/{id} answers as many customers as customers_count, as id, name and customer_account only (seeds/003)', async () => {
    const all = await services()
    const service = all.find((s) => s.customers_count > 0) ?? all[0]
    const answer = await kit.get(`/v1/customer-services/${service.id}`)
    const v = verify(
      answer,
      'seeds/003 "with associated customers (id, name, customer_account only)"',
    )
    v.equal(
      `the number of customers (customers_count in the list is ${service.customers_count})`,
      answer.body.customers?.length,
      service.customers_count,
    )
    v.every(
      answer.body.customers,
      (c) => Object.keys(c).sort().join() === 'customer_account,id,name',
      'has exactly id, name, customer_account',
      ['name'],
    )
    const missing = await kit.get(`/v1/customer-services/${UNKNOWN_ID}`)
    verify(missing, 'seeds/003 "Response 404"').status(404)
    verify(missing, 'Laravel ModelNotFoundException').matches(
      'message',
      missing.body.message,
      notFoundMessage('CustomerService', ` ${UNKNOWN_ID}`),
      `"No query results for model [App\\CustomerService] ${UNKNOWN_ID}"`,
    )
  })

  it("GET /v1/customers/{customer}/services pages the customer's services, 10 per page (seeds/003)", async () => {
    const list = await kit.get('/v1/customers', { query: { per_page: 1 } })
    const customerId = list.body.data[0]?.id
    if (customerId === undefined) return
    const answer = await kit.get(`/v1/customers/${customerId}/services`)
    verify(
      answer,
      'seeds/003 "Paginated list (10 per page) of services assigned to the customer"',
    ).status(200)
    checkPage(kit, answer, 10, 1)
    verify(
      await kit.get(`/v1/customers/${UNKNOWN_ID}/services`),
      'seeds/003 "route model binding"',
    ).status(404)
    verify(
      await kit.get(`/v1/customers/${customerId}/services`, {
        query: { 'filter[conformance]': '1' },
      }),
      'spatie InvalidFilterQuery',
    ).status(400)
  })

  describeWrites('sync (full profile)', () => {
    afterAll(() => kit.cleanUp())
    const customer = async () => {
      const created = await setup('customer-services', 'POST /v1/customers', () =>
        kit.post('/v1/customers', { name: kit.tag('services') }),
      )
      kit.created(`customer ${created.id}`, () => kit.delete(`/v1/customers/${created.id}`))
      return created.id as number
    }
    const assigned = async (id: number) =>
      (await kit.get(`/v1/customers/${id}/services`, { query: { per_page: 100 } })).body.data
        .map((s: any) => s.id)
        .sort((a: number, b: number) => a - b)

    it('POST replaces the whole set of services, answering 201 and Laravel\'s success message only (seeds/003 "syncs the entire set")', async () => {
      const [a, b, c] = (await services()).map((s) => s.id)
      if (c === undefined) return
      const id = await customer()
      for (const set of [[a, b], [c]]) {
        const answer = await kit.post(`/v1/customers/${id}/services`, { services: set })
        const v = verify(answer, 'seeds/003 "Response 201: Success message"')
        v.status(201)
        v.keys('the answer', answer.body, ['message'])
        const now = await assigned(id)
        verify(
          answer,
          'seeds/003 "any services not included in the services array will be removed"',
        ).equal(
          `the services GET /v1/customers/${id}/services lists after the sync`,
          now,
          [...set].sort((x, y) => x - y),
        )
      }
    })

    it('answers 422 for an empty set and keeps the services (seeds/003 "services | array | Yes"; Laravel\'s required fails for [])', async () => {
      const [a] = (await services()).map((s) => s.id)
      if (a === undefined) return
      const id = await customer()
      await kit.post(`/v1/customers/${id}/services`, { services: [a] })
      const answer = await kit.post(`/v1/customers/${id}/services`, { services: [] })
      const v = verify(
        answer,
        'seeds/003 "services | array | Yes"; Laravel rule required fails for an empty array',
      )
      v.status(422)
      v.equal('the fields in error', Object.keys(answer.body.errors ?? {}), ['services'])
      verify(answer, 'seeds/003: a refused sync leaves the set').equal(
        `the services GET /v1/customers/${id}/services lists after it`,
        await assigned(id),
        [a],
      )
    })

    it('answers 422 for an unknown service id, 404 for an unknown customer', async () => {
      const id = await customer()
      const answer = await kit.post(`/v1/customers/${id}/services`, { services: [UNKNOWN_ID] })
      verify(answer, 'seeds/003 "Array of service IDs"; Laravel rule exists').equal(
        'the fields in error',
        Object.keys(answer.body.errors ?? {}),
        ['services.0'],
      )
      verify(
        await kit.post(`/v1/customers/${UNKNOWN_ID}/services`, { services: [] }),
        'seeds/003 "route model binding"',
      ).status(404)
    })

    it.runIf(kit.config.salesToken !== null)(
      'answers 403 to a sales user for a customer they do not represent',
      async () => {
        const id = await customer()
        verify(
          await kit.post(
            `/v1/customers/${id}/services`,
            { services: [] },
            { token: kit.config.salesToken },
          ),
          'seeds/000 "insufficient role or ownership"',
        ).status(403)
      },
    )
  })
})
