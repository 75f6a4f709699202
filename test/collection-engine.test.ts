// The engine that serves the request collection's resources from the contract, feature by
// feature, on a few of them: a write then a read, list filters and sorts, Laravel's 422 and 404,
// the custom actions, the legacy dialect, isolated sandboxes and snapshots, and the seed.
import { describe, it, expect } from 'vitest'
import { createTestSandbox, seedState } from './sandbox.js'
import { createSeedState } from '../src/store/seed.js'
import { COLLECTION_TABLES } from '../src/store/store.js'
import { specDocument } from '../src/spec-document.js'
import { createConformance, loadDocument } from '../conformance/conforms.js'

const legacy = createConformance(
  loadDocument(new URL('../src/generated/openapi.legacy.json', import.meta.url)),
)
const inSandbox = (name: string) => ({ headers: { 'X-Sandbox': name } })

describe('the request collection resources (x-source: collection)', () => {
  it('stores a record from the query and the body (201), then answers it by id', async () => {
    const s = createTestSandbox()
    const created = await s.post('/api/v1/go-cardless-mandates?customer_id=11', {
      mandate: 'MD-0042',
      customer: 'Acme',
      email: 'billing@acme.example',
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      customer_id: 11,
      mandate: 'MD-0042',
      custom: null,
      created_at: '2026-03-24T10:00:00.000000Z',
    })
    const read = await s.get(`/api/v1/go-cardless-mandates/${created.body.id}`)
    expect(read.status).toBe(200)
    expect(read.body).toEqual(created.body)
    const updated = await s.put(`/api/v1/go-cardless-mandates/${created.body.id}`, {
      custom: 'Paid on the 5th',
    })
    expect(updated.body).toMatchObject({ mandate: 'MD-0042', custom: 'Paid on the 5th' })
    expect((await s.delete(`/api/v1/go-cardless-mandates/${created.body.id}`)).status).toBe(200)
    expect((await s.get(`/api/v1/go-cardless-mandates/${created.body.id}`)).status).toBe(404)
  })

  it('lists as a Laravel paginator, filtered by the query column the collection names', async () => {
    const s = createTestSandbox()
    await s.post('/api/v1/go-cardless-mandates?customer_id=149', { mandate: 'MD-1' })
    await s.post('/api/v1/go-cardless-mandates?customer_id=149', { mandate: 'MD-2' })
    const page = await s.get('/api/v1/go-cardless-mandates?customer_id=149&sort=-id')
    expect(page.body.total).toBeGreaterThanOrEqual(2)
    expect(page.body.data.every((m: { customer_id: number }) => m.customer_id === 149)).toBe(true)
    expect(page.body.data[0].mandate).toBe('MD-2')
    const all = await s.get('/api/v1/go-cardless-mandates?per_page=2')
    expect(all.body.per_page).toBe(2)
    expect(all.body.data).toHaveLength(2)
    expect((await s.get('/api/v1/go-cardless-mandates?sort=nope')).status).toBe(400)
  })

  it("filters with the collection's spatie filters, an array column matching any value", async () => {
    const s = createTestSandbox()
    const ada = await s.post('/api/v1/recruitment/candidates', {
      first_name: 'Ada',
      last_name: 'Zyx',
      specialities: [41, 42],
      available_on: ['MonAM'],
    })
    const found = await s.get('/api/v1/recruitment/candidate-queries?filter[has_speciality]=42,99')
    expect(found.body.data.map((c: { id: number }) => c.id)).toContain(ada.body.id)
    const none = await s.get('/api/v1/recruitment/candidate-queries?filter[has_speciality]=99')
    expect(none.body.data.map((c: { id: number }) => c.id)).not.toContain(ada.body.id)
    const search = await s.get('/api/v1/recruitment/candidates/search?term=zyx')
    expect(search.body.map((c: { last_name: string }) => c.last_name)).toEqual(['Zyx'])
    const bad = await s.get('/api/v1/recruitment/candidate-queries?filter[nope]=1')
    expect(bad.status).toBe(400)
  })

  it('answers 422 with every failing field, and takes camelCase names as their snake_case', async () => {
    const s = createTestSandbox()
    const refused = await s.post('/api/v1/bank-details', { bic: 12, active: 'maybe' })
    expect(refused.status).toBe(422)
    expect(Object.keys(refused.body.errors).sort()).toEqual(
      ['active', 'bic', 'fileable_id', 'fileable_type', 'iban'].sort(),
    )
    expect(refused.body.errors.iban).toEqual(['The iban field is required.'])
    const camel = await s.post('/api/v1/bank-details?fileable_type=App%5CCustomer&fileable_id=11', {
      iban: 'FR7630006000011234567890189',
      mandateIdentification: 'RUM-1',
      DtOfSgntr: '01/02/2024',
    })
    expect(camel.status).toBe(201)
    expect(camel.body).toMatchObject({ mandate_identification: 'RUM-1', dt_of_sgntr: '01/02/2024' })
    const wrongDate = await s.put(`/api/v1/bank-details/${camel.body.id}`, {
      DtOfSgntr: '2024-02-01',
    })
    expect(wrongDate.status).toBe(422)
    const items = await s.put('/api/v1/newsletter-lists/1', { contacts: [1, 'x'] })
    expect(items.body.errors).toEqual({
      'contacts.1': ['The contacts.1 field must be an integer.'],
    })
  })

  it("answers Laravel's model-not-found 404 with the model's class", async () => {
    const s = createTestSandbox()
    expect((await s.get('/api/v1/recruitment/candidates/99999')).body).toEqual({
      message: 'No query results for model [App\\Recruitment\\Candidate] 99999',
    })
    expect((await s.delete('/api/v1/tickets/:ticket')).body).toEqual({
      message: 'No query results for model [App\\Ticket] :ticket',
    })
    expect((await s.get('/api/v1/customer-information-collection/unknown')).status).toBe(404)
  })

  it('answers in the legacy dialect with the camelCase names of the collection', async () => {
    const s = createTestSandbox({ dialect: 'legacy' })
    // The test sandbox checks answers against the documented dialect's contract: this one, against the legacy one.
    const body = { name: 'Monthly', billingType: 2, forceDay: 5 }
    const created = await s.post('/api/v1/batches', body, { unchecked: true })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject(body)
    expect(created.body).not.toHaveProperty('billing_type')
    const verdict = legacy.check({
      method: 'POST',
      url: '/api/v1/batches',
      status: 201,
      contentType: 'application/json',
      body: created.body,
    })
    expect(verdict.ok ? [] : verdict.problems).toEqual([])
  })

  it("runs the collection's ticket actions on the ticket in the path", async () => {
    const s = createTestSandbox()
    const ticket = await s.post('/api/v1/tickets?ticketable_type=App%5CCustomer&ticketable_id=42', {
      subject: 'No dial tone',
    })
    expect(ticket.body).toMatchObject({ status: 'open', time_spent: 0, assignee_id: null })
    const id = ticket.body.id
    expect((await s.put(`/api/v1/tickets/close/${id}`)).body).toMatchObject({ status: 'closed' })
    expect((await s.put(`/api/v1/tickets/assign/${id}?assignee_id=2`)).body.assignee_id).toBe(2)
    expect((await s.put(`/api/v1/tickets/assign/${id}`)).status).toBe(422)
    expect((await s.put(`/api/v1/tickets/amend/${id}`, { time: 90 })).body.time_spent).toBe(90)
    expect((await s.get(`/api/v1/tickets/${id}/customer`)).body.id).toBe(42)
    const searched = await s.get('/api/v1/tickets/search?filter[status]=closed')
    expect(searched.body.data.map((t: { id: number }) => t.id)).toContain(id)
    const counts = await s.get('/api/v1/tickets/counts')
    const total = (await s.get('/api/v1/tickets?per_page=1')).body.total
    expect(counts.body.total).toBe(total)
    expect((await s.get('/api/v1/tickets-insights?start=31/02/2024')).status).toBe(422)
  })

  it("attaches, syncs and detaches a support team's members, refusing a user that does not exist", async () => {
    const s = createTestSandbox()
    const team = (await s.post('/api/v1/ticketing/support-teams', { name: 'Fibre' })).body
    const members = (ids: { user_id: number }[]) => ids.map((m) => m.user_id).sort()
    const path = `/api/v1/ticketing/support-teams/${team.id}/members`
    expect(members((await s.post(path, { users: [1, 2] })).body)).toEqual([1, 2])
    expect(members((await s.post(path, { users: [2, 3] })).body)).toEqual([1, 2, 3])
    expect(members((await s.put(path, { users: [3] })).body)).toEqual([3])
    expect(members((await s.call('DELETE', path, { body: { users: [3] } })).body)).toEqual([])
    const refused = await s.post(path, { users: [999] })
    expect(refused.body.errors).toEqual({ 'users.0': ['The selected users.0 is invalid.'] })
  })

  it('answers the reference lists from the contract and the tables', async () => {
    const s = createTestSandbox()
    const types = (await s.get('/api/v1/survey-questions/types')).body.map(
      (v: { name: string }) => v.name,
    )
    const schema = (specDocument as any).components.schemas.SurveyQuestionUpdate
    expect(types).toEqual(schema.properties.question_type.enum.filter((v: unknown) => v !== null))
    await s.post('/api/v1/languages', { code: 'pl', name: 'Polski' })
    const names = (await s.get('/api/v1/getters/languages')).body.map(
      (v: { name: string }) => v.name,
    )
    expect(names).toContain('Polski')
  })

  it("downloads a record's file as JSON whose content is the record", async () => {
    const s = createTestSandbox()
    const file = (await s.get('/api/v1/documents/1/content')).body
    const record = (await s.get('/api/v1/documents/1')).body
    expect(JSON.parse(Buffer.from(file.content, 'base64').toString('utf8'))).toEqual(record)
    expect(file.size).toBe(Buffer.from(file.content, 'base64').length)
  })

  it("keeps a sandbox's writes to itself, and its snapshot carries the new tables", async () => {
    const s = createTestSandbox()
    const created = await s.post('/api/v1/ticketing/statuses', { name: 'Waiting' }, inSandbox('a'))
    expect(created.status).toBe(201)
    expect(
      (await s.get(`/api/v1/ticketing/statuses/${created.body.id}`, inSandbox('a'))).status,
    ).toBe(200)
    expect((await s.get(`/api/v1/ticketing/statuses/${created.body.id}`)).status).toBe(404)
    const snapshot = (await s.get('/__mock/snapshot', inSandbox('a'))).body
    expect(snapshot.tables.ticket_statuses.at(-1)).toEqual(created.body)
    expect((await s.put('/__mock/snapshot', snapshot, inSandbox('b'))).status).toBe(200)
    expect(
      (await s.get(`/api/v1/ticketing/statuses/${created.body.id}`, inSandbox('b'))).body,
    ).toEqual(created.body)
  })

  it('seeds every table of the collection, the same for the same seed, without changing the rest', () => {
    const state = seedState()
    for (const table of COLLECTION_TABLES)
      expect(state.tables[table].length, table).toBeGreaterThan(0)
    expect(createSeedState(7).tables.tickets).toEqual(createSeedState(7).tables.tickets)
    expect(createSeedState(7).tables.tickets).not.toEqual(createSeedState(8).tables.tickets)
    const customers = createSeedState(42, { adminToken: 'sandbox-admin-token' }).tables.customers
    expect(customers).toEqual(state.tables.customers)
  })
})
