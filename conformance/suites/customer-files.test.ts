// Customer files, their line items and invoices: the cookbook (seeds/002) and what seeds/000 says
// of invoices and customer files. The full profile runs the whole onboarding and removes it.
import { it, expect, beforeAll, afterAll } from 'vitest'
import { kit, behaviour, describeResource, describeWrites, expectPaginator, UNKNOWN_ID } from '../suite.js'

const LINES = ['licences', 'initials', 'recurrings'] as const
const cents = (decimal: string) => Math.round(Number(decimal) * 100)

describeResource(['customer-files', 'licences', 'initials', 'recurrings', 'invoices'], 'customer files and billing', () => {
  let file: any
  beforeAll(async () => {
    file = (await kit.get('/v1/customer-files', { query: { per_page: 1 } })).body.data[0]
  })

  it('GET /v1/customer-files pages the files, by owner when asked', async () => {
    const page = await kit.get('/v1/customer-files')
    expect(page.status).toBe(200)
    expectPaginator(page.body, 10, 1)
    if (!file) return
    const mine = await kit.get('/v1/customer-files', { query: { fileable_type: file.fileable_type, fileable_id: file.fileable_id } })
    behaviour(mine.body.data.every((f: any) => f.fileable_id === file.fileable_id)).toBe(true)
    behaviour((await kit.get('/v1/customer-files', { query: { fileable_type: 'conformance', fileable_id: 1 } })).status).toBe(422)
  })

  it('GET /v1/customer-files/{id} answers the file with all its line items and relations (seeds/002 "What\'s Next?")', async () => {
    if (!file) return
    const answer = await kit.get(`/v1/customer-files/${file.id}`)
    expect(answer.status).toBe(200)
    behaviour(['licences', 'initials', 'recurrings', 'contacts', 'fileable'].every((k) => k in answer.body)).toBe(true)
    behaviour((await kit.get(`/v1/customer-files/${UNKNOWN_ID}`)).status).toBe(404)
  })

  it.each(LINES)('GET /v1/customer-files/%s lists lines, filtered by file; shows one; 404 and 400 otherwise', async (kind) => {
    const page = await kit.get(`/v1/customer-files/${kind}`)
    expect(page.status).toBe(200)
    expectPaginator(page.body, 10, 1)
    const line = page.body.data[0]
    if (line) {
      const byFile = await kit.get(`/v1/customer-files/${kind}`, { query: { 'filter[customer_file_id]': line.customer_file_id, per_page: 100 } })
      behaviour(byFile.body.data.every((l: any) => l.customer_file_id === line.customer_file_id)).toBe(true)
      behaviour((await kit.get(`/v1/customer-files/${kind}/${line.id}`)).body).toEqual(line)
    }
    behaviour((await kit.get(`/v1/customer-files/${kind}/${UNKNOWN_ID}`)).status).toBe(404)
    behaviour((await kit.get(`/v1/customer-files/${kind}`, { query: { 'filter[conformance]': 1 } })).status).toBe(400)
  })

  it('GET /v1/invoices filters by customer_id; totals add up (total_with_tax = total_without_tax + tax)', async () => {
    const page = await kit.get('/v1/invoices', { query: { per_page: 50 } })
    expect(page.status).toBe(200)
    expectPaginator(page.body, 50, 1)
    for (const invoice of page.body.data) behaviour(cents(invoice.total_without_tax) + cents(invoice.tax), invoice.number).toBe(cents(invoice.total_with_tax))
    const invoice = page.body.data[0]
    if (invoice) {
      const mine = await kit.get('/v1/invoices', { query: { customer_id: invoice.customer_id } })
      behaviour(mine.body.data.every((i: any) => i.customer_id === invoice.customer_id)).toBe(true)
      behaviour((await kit.get(`/v1/invoices/${invoice.id}`)).body).toEqual(invoice)
    }
    behaviour((await kit.get(`/v1/invoices/${UNKNOWN_ID}`)).status).toBe(404)
    if (kit.config.salesToken && invoice) {
      // A sales user sees only the invoices of the customers they represent (seeds/000 "filtered based on the user's role").
      const theirs = new Set((await kit.get('/v1/invoices', { query: { per_page: 1000 }, token: kit.config.salesToken })).body.data.map((i: any) => i.id))
      const other = page.body.data.find((i: any) => !theirs.has(i.id))
      if (other) behaviour((await kit.get(`/v1/invoices/${other.id}`, { token: kit.config.salesToken })).status).toBe(403)
    }
    behaviour((await kit.get('/v1/invoices', { query: { customer_id: 'conformance' } })).status).toBe(422)
  })

  describeWrites('the cookbook, end to end (full profile)', () => {
    afterAll(() => kit.cleanUp())
    const ids: Record<string, number> = {}

    it('runs steps 1 to 7 of seeds/002 and reads the file back with every line', async () => {
      const family = await kit.post('/v1/families', { name: kit.tag('VoIP Services') })
      expect(family.status).toBe(201)
      kit.created(`family ${family.body.id}`, () => kit.delete(`/v1/families/${family.body.id}`))
      const item = await kit.post('/v1/items', { description: kit.tag('SIP Trunk — 2 channels'), family_id: family.body.id, selling_price_without_tax: 19.9, billing_frequency: 1, active_for_recurring_billing: true })
      expect(item.status).toBe(201)
      kit.created(`item ${item.body.id}`, () => kit.delete(`/v1/items/${item.body.id}`))
      const customer = await kit.post('/v1/customers', { name: kit.tag('Acme Telecom SAS'), email_address: 'contact@acme-telecom.example', phone: '+33123456789', main_address_city: 'Paris', charge_vat: true })
      expect(customer.status).toBe(201)
      kit.created(`customer ${customer.body.id}`, () => kit.delete(`/v1/customers/${customer.body.id}`))
      const file = await kit.post('/v1/customer-files', { name: kit.tag('Main Contract 2026'), billing_frequency: 1, services_start: '2026-04-01', first_invoice: '2026-04-01' }, { query: { fileable_type: 'customer', fileable_id: customer.body.id } })
      expect(file.status).toBe(201)
      kit.created(`customer file ${file.body.id}`, () => kit.delete(`/v1/customer-files/${file.body.id}`))
      behaviour(file.body).toMatchObject({ fileable_type: 'customer', fileable_id: customer.body.id, services_start: '2026-04-01' })
      const base = { customer_file_id: file.body.id, item_id: item.body.id }
      const licence = await kit.post('/v1/customer-files/licences', { ...base, quantity: 5, activation_date: '2026-04-01', renewal_date: '2027-04-01', frequency: 12 })
      const initial = await kit.post('/v1/customer-files/initials', { ...base, quantity: 1, label: kit.tag('Installation fee'), selling_price_without_tax: 150 })
      const recurring = await kit.post('/v1/customer-files/recurrings', { ...base, quantity: 2, service_start: '2026-04-01', first_invoice: '2026-04-01', billing_frequency: 1, commitment: 24, active: true })
      for (const [kind, line] of [['licences', licence], ['initials', initial], ['recurrings', recurring]] as const) {
        expect(line.status, kind).toBe(201)
        kit.created(`${kind} ${line.body.id}`, () => kit.delete(`/v1/customer-files/${kind}/${line.body.id}`))
      }
      // "label ... Defaults to the item description"; the price is the catalog's unless overridden.
      behaviour(recurring.body).toMatchObject({ label: kit.tag('SIP Trunk — 2 channels'), selling_price_without_tax: '19.90', quantity: '2.00' })
      behaviour(initial.body).toMatchObject({ label: kit.tag('Installation fee'), selling_price_without_tax: '150.00' })
      const shown = (await kit.get(`/v1/customer-files/${file.body.id}`)).body
      behaviour(shown.licences.map((l: any) => l.id)).toEqual([licence.body.id])
      behaviour(shown.initials.map((l: any) => l.id)).toEqual([initial.body.id])
      behaviour(shown.recurrings.map((l: any) => l.id)).toEqual([recurring.body.id])
      Object.assign(ids, { item: item.body.id, customer: customer.body.id, file: file.body.id, licence: licence.body.id, initial: initial.body.id, recurring: recurring.body.id })
    })

    it('updates the file\'s billing dates and contacts, and each line', async () => {
      const updated = await kit.put(`/v1/customer-files/${ids.file}`, { billing_next: '2026-05-01', services_stop: '2028-03-31', contact_ids: [] })
      expect(updated.status).toBe(200)
      behaviour(updated.body).toMatchObject({ billing_next: '2026-05-01', services_stop: '2028-03-31' })
      for (const kind of LINES) {
        const id = ids[kind.slice(0, -1)]
        behaviour((await kit.put(`/v1/customer-files/${kind}/${id}`, { quantity: 3 })).body.quantity, kind).toBe('3.00')
        behaviour((await kit.put(`/v1/customer-files/${kind}/${id}`, { quantity: 0 })).status, kind).toBe(422)
        behaviour((await kit.put(`/v1/customer-files/${kind}/${UNKNOWN_ID}`, { quantity: 1 })).status, kind).toBe(404)
        behaviour((await kit.delete(`/v1/customer-files/${kind}/${UNKNOWN_ID}`)).status, kind).toBe(404)
        behaviour((await kit.post(`/v1/customer-files/${kind}`, { customer_file_id: ids.file, quantity: 1 })).status, kind).toBe(422)
      }
      behaviour((await kit.put(`/v1/customer-files/${ids.file}`, { services_start: 'soon' })).status).toBe(422)
      behaviour((await kit.put(`/v1/customer-files/${UNKNOWN_ID}`, { name: 'x' })).status).toBe(404)
      behaviour((await kit.delete(`/v1/customer-files/${UNKNOWN_ID}`)).status).toBe(404)
    })

    it('refuses to delete the customer while it has a file (seeds/000 "Fails if the customer has invoices or customer files")', async () => {
      const answer = await kit.delete(`/v1/customers/${ids.customer}`)
      behaviour(answer.status).toBe(422)
    })

    it('refuses to delete the item while a file\'s lines use it (seeds/004 "Fails if the item is used in any customer file initials, recurrings, or licences")', async () => {
      behaviour((await kit.delete(`/v1/items/${ids.item}`)).status).toBe(422)
    })

    it('answers 404 for a file of an unknown customer, and 422 without an owner', async () => {
      behaviour((await kit.post('/v1/customer-files', { name: 'x' }, { query: { fileable_type: 'customer', fileable_id: UNKNOWN_ID } })).status).toBe(404)
      behaviour((await kit.post('/v1/customer-files', { name: 'x' })).status).toBe(422)
    })

  })
})
