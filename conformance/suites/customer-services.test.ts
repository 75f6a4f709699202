// Customer services: seeds/003. Ids are discovered through the API first.
import { it, expect, beforeAll, afterAll } from 'vitest'
import { kit, behaviour, describeResource, describeWrites, expectPaginator, isSorted, UNKNOWN_ID } from '../suite.js'

let services: any[] = []
let customerId: number

describeResource('customer-services', 'customer services', () => {
  beforeAll(async () => {
    services = (await kit.get('/v1/customer-services', { query: { per_page: 100 } })).body.data
    customerId = (await kit.get('/v1/customers', { query: { per_page: 1 } })).body.data[0]?.id
  })

  it('GET /v1/customer-services pages 10 per page by default, with customers_count (seeds/003)', async () => {
    const page = await kit.get('/v1/customer-services')
    expect(page.status).toBe(200)
    expectPaginator(page.body, 10, 1)
    behaviour(page.body.data.every((s: any) => Number.isInteger(s.customers_count))).toBe(true)
  })

  it('filters by name and by key, case-insensitively (seeds/003 example filter[name]=support)', async () => {
    const service = services[0]
    if (!service) return
    const part = service.name.slice(1, 4)
    const byName = await kit.get('/v1/customer-services', { query: { 'filter[name]': part.toUpperCase() } })
    behaviour(byName.body.data.every((s: any) => s.name.toLowerCase().includes(part.toLowerCase()))).toBe(true)
    behaviour(byName.body.data.map((s: any) => s.id)).toContain(service.id)
    const byKey = await kit.get('/v1/customer-services', { query: { 'filter[key]': service.key } })
    behaviour(byKey.body.data.every((s: any) => s.key.includes(service.key))).toBe(true)
  })

  it('sorts by the documented fields, - for descending', async () => {
    const byName = await kit.get('/v1/customer-services', { query: { sort: 'name' } })
    behaviour(isSorted(byName.body.data.map((s: any) => s.name))).toBe(true)
    const byId = await kit.get('/v1/customer-services', { query: { sort: '-id' } })
    behaviour(isSorted(byId.body.data.map((s: any) => s.id), true)).toBe(true)
  })

  it('answers 400 for a filter or a sort that is not allowed (spatie)', async () => {
    const filter = await kit.get('/v1/customer-services', { query: { 'filter[conformance]': 'x' } })
    behaviour(filter.status).toBe(400)
    behaviour(filter.body.message).toMatch(/^Requested filter\(s\) `conformance` are not allowed/)
    const sort = await kit.get('/v1/customer-services', { query: { sort: 'conformance' } })
    behaviour(sort.status).toBe(400)
  })

  it('GET /v1/customer-services/{id} answers the service with customers as id, name and customer_account only', async () => {
    const service = services.find((s) => s.customers_count > 0) ?? services[0]
    if (!service) return
    const answer = await kit.get(`/v1/customer-services/${service.id}`)
    expect(answer.status).toBe(200)
    behaviour(answer.body.customers.length).toBe(service.customers_count)
    behaviour(answer.body.customers.every((c: any) => Object.keys(c).sort().join() === 'customer_account,id,name')).toBe(true)
    behaviour((await kit.get(`/v1/customer-services/${UNKNOWN_ID}`)).status).toBe(404)
  })

  it('GET /v1/customers/{customer}/services pages the customer\'s services, 10 per page', async () => {
    const answer = await kit.get(`/v1/customers/${customerId}/services`)
    expect(answer.status).toBe(200)
    expectPaginator(answer.body, 10, 1)
    behaviour((await kit.get(`/v1/customers/${UNKNOWN_ID}/services`)).status).toBe(404)
    behaviour((await kit.get(`/v1/customers/${customerId}/services`, { query: { 'filter[conformance]': '1' } })).status).toBe(400)
  })

  describeWrites('sync (full profile)', () => {
    let customer: number
    beforeAll(async () => {
      const created = await kit.post('/v1/customers', { name: kit.tag('services') })
      customer = created.body.id
      kit.created(`customer ${customer}`, () => kit.delete(`/v1/customers/${customer}`))
    })
    afterAll(() => kit.cleanUp())
    const assigned = async () => (await kit.get(`/v1/customers/${customer}/services`, { query: { per_page: 100 } })).body.data.map((s: any) => s.id).sort((a: number, b: number) => a - b)

    it('POST replaces the whole set of services (seeds/003 "syncs the entire set")', async () => {
      const [a, b, c] = services.map((s) => s.id)
      if (c === undefined) return
      expect((await kit.post(`/v1/customers/${customer}/services`, { services: [a, b] })).status).toBe(201)
      behaviour(await assigned()).toEqual([a, b].sort((x, y) => x! - y!))
      await kit.post(`/v1/customers/${customer}/services`, { services: [c] })
      behaviour(await assigned()).toEqual([c])
      await kit.post(`/v1/customers/${customer}/services`, { services: [] })
      behaviour(await assigned()).toEqual([])
    })

    it('answers 422 for an unknown service id, 404 for an unknown customer', async () => {
      const answer = await kit.post(`/v1/customers/${customer}/services`, { services: [UNKNOWN_ID] })
      behaviour(answer.status).toBe(422)
      behaviour(Object.keys(answer.body.errors ?? {})).toEqual(['services.0'])
      behaviour((await kit.post(`/v1/customers/${UNKNOWN_ID}/services`, { services: [] })).status).toBe(404)
    })

    it.runIf(kit.config.salesToken !== null)('answers 403 to a sales user for a customer they do not represent', async () => {
      behaviour((await kit.post(`/v1/customers/${customer}/services`, { services: [] }, { token: kit.config.salesToken })).status).toBe(403)
    })
  })
})
