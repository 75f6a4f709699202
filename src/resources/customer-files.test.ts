import { describe, it, expect } from 'vitest'
import { createTestSandbox, TOKENS } from '../../test/sandbox.js'

const cookbookFile = {
  name: 'Main Contract 2026',
  billing_frequency: 1,
  services_start: '2026-04-01',
  first_invoice: '2026-04-01',
}

describe('POST /v1/customer-files', () => {
  it("creates a customer's file from the query string and the body (seeds/002 step 4)", async () => {
    const s = createTestSandbox()
    const created = await s.post(
      '/api/v1/customer-files?fileable_type=customer&fileable_id=101',
      cookbookFile,
    )
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      fileable_type: 'customer',
      fileable_id: 101,
      ...cookbookFile,
      status_id: 4,
      user_id: 1,
    })
    const shown = await s.get(`/api/v1/customer-files/${created.body.id}`)
    expect(shown.body).toMatchObject({
      ...created.body,
      licences: [],
      initials: [],
      recurrings: [],
      contacts: [],
    })
    expect(shown.body.fileable).toMatchObject({ id: 101 })
  })

  it("takes fileable_type and fileable_id from the body too (the cookbook's PHP example), and the class names", async () => {
    const s = createTestSandbox()
    const created = await s.post('/api/v1/customer-files', {
      fileable_type: 'App\\Customer',
      fileable_id: 101,
      name: 'Site B',
    })
    expect(created.status).toBe(201)
    expect(created.body.fileable_type).toBe('customer')
  })

  it("creates a prospect's file", async () => {
    const s = createTestSandbox()
    const created = await s.post('/api/v1/customer-files?fileable_type=prospect&fileable_id=1', {
      name: 'Trial',
    })
    expect(created.status).toBe(201)
    const shown = await s.get(`/api/v1/customer-files/${created.body.id}`)
    expect(shown.body.fileable.customer_account).toBe('PR000001')
  })

  it.each([
    ['', {}, ['fileable_type', 'fileable_id']],
    ['?fileable_type=supplier&fileable_id=1', {}, ['fileable_type']],
    ['?fileable_type=constructor&fileable_id=1', {}, ['fileable_type']],
    ['?fileable_type=customer&fileable_id=abc', {}, ['fileable_id']],
    [
      '?fileable_type=customer&fileable_id=101',
      { billing_frequency: 0, services_start: '2026-02-30' },
      ['billing_frequency', 'services_start'],
    ],
    ['?fileable_type=customer&fileable_id=101', { contact_ids: [99999999] }, ['contact_ids.0']],
  ])('answers 422 for %s %j', async (query, body, fields) => {
    const s = createTestSandbox()
    const answer = await s.post(`/api/v1/customer-files${query}`, body)
    expect(answer.status).toBe(422)
    expect(Object.keys(answer.body.errors)).toEqual(fields)
  })

  it('answers 404 when the customer does not exist', async () => {
    const s = createTestSandbox()
    const answer = await s.post(
      '/api/v1/customer-files?fileable_type=customer&fileable_id=99999',
      cookbookFile,
    )
    expect(answer.status).toBe(404)
    expect(answer.body.message).toBe('No query results for model [App\\Customer] 99999')
  })
})

describe('GET /v1/customer-files', () => {
  it('lists the files of one customer, 10 per page', async () => {
    const s = createTestSandbox()
    await s.post('/api/v1/customer-files?fileable_type=customer&fileable_id=101', {
      name: 'second',
    })
    const page = await s.get('/api/v1/customer-files?fileable_type=customer&fileable_id=101')
    expect(page.body.per_page).toBe(10)
    expect(page.body.data.every((f: { fileable_id: number }) => f.fileable_id === 101)).toBe(true)
    expect(page.body.data.map((f: { id: number }) => f.id)).toContain(500)
  })

  it.each(['toString', 'constructor'])(
    'answers 422 for fileable_type=%s, a name every JavaScript object has',
    async (type) => {
      const s = createTestSandbox()
      const answer = await s.get(`/api/v1/customer-files?fileable_type=${type}&fileable_id=1`)
      expect(answer.status).toBe(422)
      expect(Object.keys(answer.body.errors)).toEqual(['fileable_type'])
    },
  )
})

describe('PUT /v1/customer-files/{id}', () => {
  it('adjusts billing dates and links contacts by contact_ids (seeds/002 "What\'s Next?")', async () => {
    const s = createTestSandbox()
    const contacts = (await s.get('/api/v1/customers/42')).body.contacts.map(
      (c: { id: number }) => c.id,
    )
    const updated = await s.put('/api/v1/customer-files/500', {
      billing_next: '2026-05-01',
      services_stop: '2028-03-31',
      contact_ids: contacts,
    })
    expect(updated.status).toBe(200)
    expect(updated.body).toMatchObject({ billing_next: '2026-05-01', services_stop: '2028-03-31' })
    const shown = await s.get('/api/v1/customer-files/500')
    expect(shown.body.contacts.map((c: { id: number }) => c.id)).toEqual(contacts)
    await s.put('/api/v1/customer-files/500', { contact_ids: [] })
    expect((await s.get('/api/v1/customer-files/500')).body.contacts).toEqual([])
  })

  it('answers 404 for an unknown file and 422 for a bad date', async () => {
    const s = createTestSandbox()
    expect((await s.put('/api/v1/customer-files/99999', { name: 'x' })).status).toBe(404)
    expect(
      (await s.put('/api/v1/customer-files/500', { billing_next: 'tomorrow' })).body.errors
        .billing_next,
    ).toEqual(['The billing next field must be a valid date.'])
  })
})

describe('line items (seeds/002 steps 5-7)', () => {
  it('runs the cookbook steps 5-7 verbatim against file 500 and item 42', async () => {
    const s = createTestSandbox()
    const item = (await s.get('/api/v1/items/42')).body
    const licence = await s.post('/api/v1/customer-files/licences', {
      customer_file_id: 500,
      item_id: 42,
      quantity: 5,
      activation_date: '2026-04-01',
      renewal_date: '2027-04-01',
      frequency: 12,
    })
    expect(licence.status).toBe(201)
    expect(licence.body).toMatchObject({
      quantity: '5.00',
      label: item.description,
      selling_price_without_tax: item.selling_price_without_tax,
      active: true,
      frequency: 12,
    })
    const initial = await s.post('/api/v1/customer-files/initials', {
      customer_file_id: 500,
      item_id: 42,
      quantity: 1,
      label: 'Installation fee — SIP Trunk setup',
      selling_price_without_tax: 150.0,
    })
    expect(initial.status).toBe(201)
    expect(initial.body).toMatchObject({
      label: 'Installation fee — SIP Trunk setup',
      selling_price_without_tax: '150.00',
      invoiced: false,
    })
    const recurring = await s.post('/api/v1/customer-files/recurrings', {
      customer_file_id: 500,
      item_id: 42,
      quantity: 2,
      service_start: '2026-04-01',
      first_invoice: '2026-04-01',
      billing_frequency: 1,
      commitment: 24,
      active: true,
    })
    expect(recurring.status).toBe(201)
    expect(recurring.body).toMatchObject({
      quantity: '2.00',
      commitment: 24,
      label: item.description,
      paused: false,
    })
    const file = (await s.get('/api/v1/customer-files/500')).body
    expect(file.licences.map((l: { id: number }) => l.id)).toContain(licence.body.id)
    expect(file.initials.map((l: { id: number }) => l.id)).toContain(initial.body.id)
    expect(file.recurrings.map((l: { id: number }) => l.id)).toContain(recurring.body.id)
  })

  it('takes the billing frequency of the file when a recurring does not give one', async () => {
    const s = createTestSandbox()
    await s.put('/api/v1/customer-files/500', { billing_frequency: 3 })
    const recurring = await s.post('/api/v1/customer-files/recurrings', {
      customer_file_id: 500,
      item_id: 42,
      quantity: 1,
    })
    expect(recurring.body.billing_frequency).toBe(3)
  })

  it.each(['licences', 'initials', 'recurrings'])(
    '%s: 422 for a quantity not > 0 and unknown file or item',
    async (kind) => {
      const s = createTestSandbox()
      const answer = await s.post(`/api/v1/customer-files/${kind}`, {
        customer_file_id: 99999,
        item_id: 99999,
        quantity: 0,
      })
      expect(answer.status).toBe(422)
      expect(answer.body.errors).toEqual({
        customer_file_id: ['The selected customer file id is invalid.'],
        item_id: ['The selected item id is invalid.'],
        quantity: ['The quantity field must be greater than 0.'],
      })
      const missing = await s.post(`/api/v1/customer-files/${kind}`, {})
      expect(Object.keys(missing.body.errors)).toEqual(['customer_file_id', 'item_id', 'quantity'])
    },
  )

  it.each(['licences', 'initials', 'recurrings'])(
    '%s: list with filters, show, update and delete',
    async (kind) => {
      const s = createTestSandbox()
      const created = (
        await s.post(`/api/v1/customer-files/${kind}`, {
          customer_file_id: 500,
          item_id: 42,
          quantity: 1,
        })
      ).body
      const listed = await s.get(`/api/v1/customer-files/${kind}?filter[customer_file_id]=500`)
      expect(
        listed.body.data.every((l: { customer_file_id: number }) => l.customer_file_id === 500),
      ).toBe(true)
      expect((await s.get(`/api/v1/customer-files/${kind}?filter[nope]=1`)).status).toBe(400)
      expect((await s.get(`/api/v1/customer-files/${kind}/${created.id}`)).body).toEqual(created)
      const updated = await s.put(`/api/v1/customer-files/${kind}/${created.id}`, { quantity: 3 })
      expect(updated.body.quantity).toBe('3.00')
      expect(
        (await s.put(`/api/v1/customer-files/${kind}/${created.id}`, { quantity: -1 })).status,
      ).toBe(422)
      expect((await s.delete(`/api/v1/customer-files/${kind}/${created.id}`)).status).toBe(200)
      expect((await s.get(`/api/v1/customer-files/${kind}/${created.id}`)).status).toBe(404)
    },
  )

  it('makes the item impossible to delete while a line uses it (seeds/004)', async () => {
    const s = createTestSandbox()
    const item = (await s.post('/api/v1/items', { description: 'Line test item' })).body
    await s.post('/api/v1/customer-files/initials', {
      customer_file_id: 500,
      item_id: item.id,
      quantity: 1,
    })
    expect((await s.delete(`/api/v1/items/${item.id}`)).status).toBe(422)
  })
})

describe('DELETE /v1/customer-files/{id}', () => {
  it('deletes a file without invoices, with its lines; a customer without files then deletes (seeds/000)', async () => {
    const s = createTestSandbox()
    const customer = (await s.post('/api/v1/customers', { name: 'Short-lived' })).body
    const file = (
      await s.post(`/api/v1/customer-files?fileable_type=customer&fileable_id=${customer.id}`, {
        name: 'x',
      })
    ).body
    const line = (
      await s.post('/api/v1/customer-files/recurrings', {
        customer_file_id: file.id,
        item_id: 42,
        quantity: 1,
      })
    ).body
    expect((await s.delete(`/api/v1/customers/${customer.id}`)).status).toBe(422)
    expect((await s.delete(`/api/v1/customer-files/${file.id}`)).status).toBe(200)
    expect((await s.get(`/api/v1/customer-files/recurrings/${line.id}`)).status).toBe(404)
    expect((await s.delete(`/api/v1/customers/${customer.id}`)).status).toBe(200)
  })

  it('refuses a file that has invoices', async () => {
    const s = createTestSandbox()
    const invoice = (await s.get('/api/v1/invoices?per_page=1')).body.data[0]
    const answer = await s.delete(`/api/v1/customer-files/${invoice.customer_file_id}`)
    expect(answer.status).toBe(422)
    expect(answer.body.message).toMatch(/invoices/)
  })
})

describe('GET /v1/invoices', () => {
  it('filters by customer_id, with consistent totals (total_with_tax = total_without_tax + tax)', async () => {
    const s = createTestSandbox()
    const page = await s.get('/api/v1/invoices?customer_id=42')
    expect(page.body.total).toBeGreaterThan(0)
    for (const invoice of page.body.data) {
      expect(invoice.customer_id).toBe(42)
      expect(
        Math.round(Number(invoice.total_without_tax) * 100) + Math.round(Number(invoice.tax) * 100),
      ).toBe(Math.round(Number(invoice.total_with_tax) * 100))
    }
    expect((await s.get('/api/v1/invoices?customer_id=abc')).status).toBe(422)
    expect((await s.get('/api/v1/invoices?customer_id=99999')).body.total).toBe(0)
  })

  it("shows one invoice, 404 for an unknown one, 403 to a sales user for another's customer", async () => {
    const s = createTestSandbox()
    const invoice = (await s.get('/api/v1/invoices?customer_id=42')).body.data[0]
    expect((await s.get(`/api/v1/invoices/${invoice.id}`)).body).toEqual(invoice)
    expect((await s.get('/api/v1/invoices/99999')).status).toBe(404)
    const customer = (await s.get('/api/v1/customers/42')).body
    const sales = await s.get(`/api/v1/invoices/${invoice.id}`, { token: TOKENS.sales })
    expect(sales.status).toBe(customer.representative_id === 3 ? 200 : 403)
  })
})

describe('billing data consistency', () => {
  const cents = (d: string | null) => Math.round(Number(d ?? 0) * 100)

  it("answers a month's consumptions as the sum of the consumption records of the customer's files (seeds/000)", async () => {
    const s = createTestSandbox()
    const records = s.app
      .snapshot()
      .tables.consumptions.filter((r) => r.customer_id === 42 && r.month === '202603')
    expect(records.length).toBeGreaterThan(0)
    expect(records.every((r) => r.customer_file_id !== null)).toBe(true)
    const answer = await s.get('/api/v1/customers/42/consumptions?month=202603')
    expect(Math.round(answer.body * 100)).toBe(records.reduce((sum, r) => sum + cents(r.amount), 0))
  })

  it("bills each invoice as the file's subscriptions plus the month's consumptions, tax = net × 20% when VAT is charged", async () => {
    const s = createTestSandbox()
    const { tables } = s.app.snapshot()
    const invoices = tables.invoices.filter((i) => i.customer_file_id !== null)
    expect(invoices.length).toBeGreaterThan(10)
    for (const invoice of invoices) {
      const customer = tables.customers.find((c) => c.id === invoice.customer_id)!
      const month = invoice.date.slice(0, 7).replace('-', '')
      const subscriptions = tables.recurrings
        .filter((r) => r.customer_file_id === invoice.customer_file_id)
        .reduce(
          (sum, r) =>
            sum + Math.round((cents(r.quantity) * cents(r.selling_price_without_tax)) / 100),
          0,
        )
      const usage = tables.consumptions
        .filter((r) => r.customer_file_id === invoice.customer_file_id && r.month === month)
        .reduce((sum, r) => sum + cents(r.amount), 0)
      expect(cents(invoice.total_without_tax), invoice.number).toBe(subscriptions + usage)
      expect(cents(invoice.tax), invoice.number).toBe(
        customer.charge_vat ? Math.round((subscriptions + usage) * 0.2) : 0,
      )
      expect(cents(invoice.total_with_tax)).toBe(
        cents(invoice.total_without_tax) + cents(invoice.tax),
      )
    }
  })
})
