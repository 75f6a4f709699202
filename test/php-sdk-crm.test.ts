// The official PHP SDK's other resources on the wire (prospects, contacts, notes, phone calls,
// users), request by request as its Endpoints build them, in the legacy dialect. Each answer is
// checked the way the SDK reads it: where (top level, `data`, a bare array), every key its entity's
// constructor reads, no null where the entity declares a non-nullable property, and no null where
// the seeded row has a value. The entities' names and defaults are facts read from the SDK.
import { describe, it, expect } from 'vitest'
import { createTestSandbox, seedState, type Answer } from './sandbox.js'
import { createConformance, loadDocument } from '../conformance/conforms.js'
import { documentedName } from '../src/laravel/query.js'

const legacyContract = createConformance(
  loadDocument(new URL('../src/generated/openapi.legacy.json', import.meta.url)),
)
const SDK_HEADERS = {
  Accept: 'application/json',
  'Content-Type': 'application/json',
  'User-Agent': 'GuzzleHttp/7',
}

/** Each entity's constructor: its parameters in order, with their defaults (undefined: nullable, null). */
type Entity = { keys: string[]; defaults: Record<string, unknown>; nonNull: string[] }
const entity = (keys: string, defaults: Record<string, unknown>): Entity => ({
  keys: keys.split(/\s+/).filter(Boolean),
  defaults,
  nonNull: Object.keys(defaults),
})
const PROSPECT = entity(
  `id brand_id representative_id customerAccount accountsReference name brand cluster registrationNumber taxRegistrationNumber
  mainContactFirstName mainContactLastName type capital activityCode sector_id origin_id mainAddressLine1 mainAddressLine2 mainAddressPostalCode
  mainAddressCity mainAddressCountry abroad zone emailAddress accountEmailAddress website phone mobilePhone fax logo active activity category
  qualification prospection_code_id acceptEmails acceptCalls chargeVAT language mergeInvoices numberForEligibility comment quickSearchIndex created_at updated_at`,
  {
    brand_id: 1,
    abroad: false,
    zone: 0,
    active: true,
    prospection_code_id: 1,
    acceptEmails: true,
    acceptCalls: true,
    chargeVAT: true,
    mergeInvoices: false,
    quickSearchIndex: false,
  },
)
const CONTACT = entity(
  `id user_id contactable_type contactable_id civility firstName lastName emailAddress company mobilePhone landlinePhone role
  profunction_id service active legalRepresentative invoicesRecipient newslettersRecipient technicalContact is_signer_contract is_signer_iban myClient
  myClientAdmin ticketingDoNotNotify ticketingCopyToSales api cfd_token cfd_authorised_hosts familiarity source comment created_at updated_at`,
  {
    active: true,
    legalRepresentative: false,
    invoicesRecipient: false,
    newslettersRecipient: false,
    technicalContact: false,
    is_signer_contract: false,
    is_signer_iban: false,
    myClient: false,
    myClientAdmin: false,
    ticketingDoNotNotify: false,
    ticketingCopyToSales: false,
    api: false,
    source: 'admin',
  },
)
const NOTE = entity(
  'id user_id noteable_type noteable_id parent_id task_id phone_call_id type title body priority shared byMail bySms mail sms created_at updated_at',
  { priority: 999, shared: false, byMail: false, bySms: false, mail: false, sms: false },
)
const PHONE_CALL = entity(
  `id user_id customer_id contact_id ticket_id direction status answered subject body number_from number_to recording_file
  started_at ended_at transcription transcription_diarized summary summary_detailed sentiments topics segments created_at updated_at`,
  { answered: true },
)
const USER = entity(
  `id active name email emailShown avatar role location phone phoneDirect mobilePhone manager technicalManager sales technical
  supportTeam salesAdmin admin businessFinder created_at updated_at`,
  {
    manager: false,
    technicalManager: false,
    sales: false,
    technical: false,
    supportTeam: false,
    salesAdmin: false,
    admin: false,
    businessFinder: false,
  },
)

const seeded = seedState().tables as unknown as Record<
  string,
  { id: number; [k: string]: unknown }[]
>

/** `new X(...$given)->toArray()` without `except`: every constructor parameter. */
const toArray = (e: Entity, given: Record<string, unknown>) =>
  Object.fromEntries(
    e.keys.map((k) => [k, k in given ? given[k] : k in e.defaults ? e.defaults[k] : null]),
  )
const without = (body: Record<string, unknown>, keys: string[]) =>
  Object.fromEntries(Object.entries(body).filter(([k]) => !keys.includes(k)))
/** `toArray(filter: true)`: the non-null properties. */
const nonNull = (body: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null))
const TIMESTAMPS = ['id', 'created_at', 'updated_at']

function createSdk() {
  const s = createTestSandbox({ dialect: 'legacy' })
  return async (method: string, path: string, body?: unknown): Promise<Answer> => {
    const answer = await s.call(method, `/api/${path}`, {
      headers: SDK_HEADERS,
      rawBody: body === undefined ? undefined : JSON.stringify(body),
      unchecked: true,
    })
    const verdict = legacyContract.check({
      method,
      url: `/api/${path}`,
      status: answer.status,
      contentType: answer.headers.get('content-type'),
      body: answer.body,
    })
    expect(verdict.ok ? [] : verdict.problems, `${method} ${path}`).toEqual([])
    return answer
  }
}

/** What the SDK's hydration needs of one record, and what the seed says it holds. */
function expectEntity(e: Entity, record: Record<string, unknown>, table?: string) {
  expect(record).not.toHaveProperty('data')
  for (const key of e.keys) expect(record, key).toHaveProperty(key)
  for (const key of e.nonNull) expect(record[key], key).not.toBeNull()
  const row = table ? seeded[table]!.find((r) => r.id === record.id) : undefined
  if (row)
    for (const key of e.keys)
      if (row[documentedName(key)] != null)
        expect(record[key], `${table} ${record.id} ${key}`).not.toBeNull()
}

describe('the official PHP SDK: prospects (Endpoints/Prospects)', () => {
  it('index, paginate, show, store, update (upsert, save), delete as the SDK sends them', async () => {
    const sdk = createSdk()
    const index = await sdk(
      'GET',
      'v1/prospects?page=1&per_page=20&filter%5Bname%5D=a&sort=-created_at',
    )
    expect(index.status).toBe(200)
    expect(index.body.data.length).toBeGreaterThan(0)
    for (const prospect of index.body.data) expectEntity(PROSPECT, prospect, 'prospects')

    const seen = new Set<string>()
    for (let page = 1; ; page++) {
      const answer = await sdk('GET', `v1/prospects?page=${page}&per_page=20`)
      expect(answer.status).toBe(200)
      expect(seen.has(JSON.stringify(answer.body)), 'the same page twice').toBe(false)
      seen.add(JSON.stringify(answer.body))
      expect(
        Number.isInteger(answer.body.last_page) && Number.isInteger(answer.body.current_page),
      ).toBe(true)
      if (answer.body.last_page === answer.body.current_page) break
    }
    expect(seen.size).toBe(Math.ceil(seeded.prospects!.length / 20))

    const shown = await sdk('GET', 'v1/prospects/1')
    expect(shown.status).toBe(200)
    expectEntity(PROSPECT, shown.body, 'prospects')
    expect(shown.body.customerAccount).toBe('PR000001')

    const created = await sdk(
      'POST',
      'v1/prospects',
      without(
        toArray(PROSPECT, {
          name: 'Acme Enterprise',
          customerAccount: 'PR0001',
          mainAddressCity: 'Lyon',
        }),
        TIMESTAMPS,
      ),
    )
    expect(created.status).toBe(201)
    expectEntity(PROSPECT, created.body)
    expect(created.body).toMatchObject({
      name: 'Acme Enterprise',
      mainAddressCity: 'Lyon',
      customerAccount: `PR${String(created.body.id).padStart(6, '0')}`,
    })

    const updated = await sdk(
      'PUT',
      `v1/prospects/${created.body.id}`,
      without(nonNull({ ...created.body, name: 'Acme Enterprise Inc.' }), TIMESTAMPS),
    )
    expect(updated.status).toBe(200)
    expectEntity(PROSPECT, updated.body)
    expect((await sdk('GET', `v1/prospects/${created.body.id}`)).body).toMatchObject({
      name: 'Acme Enterprise Inc.',
      mainAddressCity: 'Lyon',
    })

    expect((await sdk('DELETE', `v1/prospects/${created.body.id}`, [])).status).toBe(200)
    expect((await sdk('GET', `v1/prospects/${created.body.id}`)).status).toBe(404)
  })
})

describe('the official PHP SDK: contacts (Endpoints/Contacts)', () => {
  it("index answers a bare array of the owner's contacts", async () => {
    const sdk = createSdk()
    for (const [type, id] of [
      ['App%5CCustomer', 42],
      ['App%5CProspect', 1],
    ] as const) {
      const index = await sdk('GET', `v1/contacts?contactable_type=${type}&contactable_id=${id}`)
      expect(index.status).toBe(200)
      expect(Array.isArray(index.body) && index.body.length > 0).toBe(true)
      for (const contact of index.body) {
        expectEntity(CONTACT, contact, 'contacts')
        expect(contact.contactable_id).toBe(id)
        // The SDK declares civility and service ?int: a word there would throw TypeError.
        for (const key of ['civility', 'service'])
          expect(contact[key] === null || Number.isInteger(contact[key]), key).toBe(true)
      }
    }
  })

  it('showByNumber answers the contact under data, or a 200 whose response says "not found"', async () => {
    const sdk = createSdk()
    const withPhone = seeded.contacts!.find((c) => c.mobile_phone)!
    const found = await sdk(
      'GET',
      `v1/contacts/numbers?phoneNumber=${encodeURIComponent(String(withPhone.mobile_phone))}`,
    )
    expect(found.status).toBe(200)
    expectEntity(CONTACT, found.body.data, 'contacts')
    expect(found.body.data.id).toBe(withPhone.id)
    const missing = await sdk('GET', 'v1/contacts/numbers?phoneNumber=%2B33999999999')
    expect(missing.status).toBe(200)
    expect(missing.body.response).toContain('not found')
  })

  it('show, store (owner in the query), update (upsert, save), delete', async () => {
    const sdk = createSdk()
    expectEntity(
      CONTACT,
      (await sdk('GET', `v1/contacts/${seeded.contacts![0]!.id}`)).body,
      'contacts',
    )
    const contact = toArray(CONTACT, {
      contactable_type: 'App\\Customer',
      contactable_id: 42,
      firstName: 'Jeanne',
      lastName: 'Martin',
      emailAddress: 'jeanne@acme.example',
      mobilePhone: '+33611223344',
    })
    const created = await sdk(
      'POST',
      'v1/contacts?contactable_id=42&contactable_type=App%5CCustomer',
      without(contact, ['user_id', 'contactable_id', 'contactable_type', ...TIMESTAMPS]),
    )
    expect(created.status).toBe(201)
    expectEntity(CONTACT, created.body)
    expect(created.body).toMatchObject({
      contactable_type: 'App\\Customer',
      contactable_id: 42,
      firstName: 'Jeanne',
      source: 'admin',
    })
    expect((await sdk('GET', 'v1/contacts/numbers?phoneNumber=0611223344')).body.data.id).toBe(
      created.body.id,
    )

    const body = without(nonNull({ ...created.body, role: 'CTO' }), [
      'user_id',
      'contactable_id',
      'contactable_type',
      ...TIMESTAMPS,
    ])
    const updated = await sdk('PUT', `v1/contacts/${created.body.id}`, body)
    expect(updated.status).toBe(200)
    expect(updated.body).toMatchObject({ role: 'CTO', lastName: 'Martin', contactable_id: 42 })

    expect((await sdk('DELETE', `v1/contacts/${created.body.id}`, [])).status).toBe(200)
    expect((await sdk('GET', `v1/contacts/${created.body.id}`)).status).toBe(404)
  })
})

describe('the official PHP SDK: notes (Endpoints/Notes)', () => {
  it('index (a bare array), show, store (owner in the query), update (upsert, save), delete', async () => {
    const sdk = createSdk()
    const index = await sdk('GET', 'v1/notes?noteable_type=App%5CCustomer&noteable_id=42')
    expect(index.status).toBe(200)
    expect(Array.isArray(index.body) && index.body.length > 0).toBe(true)
    for (const note of index.body) expectEntity(NOTE, note, 'notes')
    expectEntity(NOTE, (await sdk('GET', `v1/notes/${index.body[0].id}`)).body, 'notes')

    const note = toArray(NOTE, {
      noteable_type: 'App\\Prospect',
      noteable_id: 3,
      title: 'Call back',
      body: 'Wants a quote.',
    })
    const created = await sdk(
      'POST',
      'v1/notes?noteable_id=3&noteable_type=App%5CProspect',
      without(note, ['user_id', 'noteable_id', 'noteable_type', ...TIMESTAMPS]),
    )
    expect(created.status).toBe(201)
    expectEntity(NOTE, created.body)
    expect(created.body).toMatchObject({
      noteable_type: 'App\\Prospect',
      noteable_id: 3,
      priority: 999,
      user_id: 1,
    })

    const updated = await sdk(
      'PUT',
      `v1/notes/${created.body.id}`,
      without(nonNull({ ...created.body, byMail: true }), [
        'user_id',
        'noteable_id',
        'noteable_type',
        ...TIMESTAMPS,
      ]),
    )
    expect(updated.status).toBe(200)
    expect(updated.body).toMatchObject({ byMail: true, body: 'Wants a quote.' })

    expect((await sdk('DELETE', `v1/notes/${created.body.id}`, [])).status).toBe(200)
    expect((await sdk('GET', `v1/notes/${created.body.id}`)).status).toBe(404)
  })
})

describe('the official PHP SDK: phone calls (Endpoints/PhoneCalls)', () => {
  it('index (data of a paginator), show, store, update with every key (nulls too), delete', async () => {
    const sdk = createSdk()
    const index = await sdk('GET', 'v1/phone-calls?page=1&per_page=20')
    expect(index.status).toBe(200)
    expect(index.body.data).toHaveLength(20)
    for (const call of index.body.data) expectEntity(PHONE_CALL, call, 'phone_calls')
    expectEntity(
      PHONE_CALL,
      (await sdk('GET', `v1/phone-calls/${index.body.data[0].id}`)).body,
      'phone_calls',
    )

    const contact = seeded.contacts!.find((c) => c.contactable_type === 'App\\Customer')!
    const call = toArray(PHONE_CALL, {
      contact_id: contact.id,
      direction: 'inbound',
      status: 'completed',
      number_from: '+33611223344',
      started_at: '2026-03-24T09:00:00.000000Z',
      topics: ['billing'],
    })
    const created = await sdk('POST', 'v1/phone-calls', without(call, TIMESTAMPS))
    expect(created.status).toBe(201)
    expectEntity(PHONE_CALL, created.body)
    expect(created.body).toMatchObject({
      customer_id: contact.contactable_id,
      user_id: 1,
      answered: true,
      topics: ['billing'],
    })

    // UpdatePhoneCallRequest sends toArray(filter: false): every key, nulls included.
    const updated = await sdk(
      'PUT',
      `v1/phone-calls/${created.body.id}`,
      without({ ...created.body, summary: 'Sorted out.' }, TIMESTAMPS),
    )
    expect(updated.status).toBe(200)
    expect(updated.body).toMatchObject({
      summary: 'Sorted out.',
      direction: 'inbound',
      started_at: '2026-03-24T09:00:00.000000Z',
    })

    expect((await sdk('DELETE', `v1/phone-calls/${created.body.id}`, [])).status).toBe(200)
    expect((await sdk('GET', `v1/phone-calls/${created.body.id}`)).status).toBe(404)
  })
})

describe('the official PHP SDK: users (Endpoints/Users)', () => {
  it('index (data of a paginator), show, store, update (upsert), delete', async () => {
    const sdk = createSdk()
    const index = await sdk('GET', 'v1/users')
    expect(index.status).toBe(200)
    expect(index.body.data.length).toBe(seeded.users!.length)
    for (const user of index.body.data) {
      expectEntity(USER, user, 'users')
      expect(user).not.toHaveProperty('password')
    }
    expectEntity(USER, (await sdk('GET', 'v1/users/2')).body, 'users')

    const created = await sdk(
      'POST',
      'v1/users',
      without(
        toArray(USER, {
          name: 'Nina Support',
          email: 'nina@example.com',
          role: 8,
          active: true,
          supportTeam: true,
        }),
        TIMESTAMPS,
      ),
    )
    expect(created.status).toBe(201)
    expectEntity(USER, created.body)
    expect(created.body).toMatchObject({ supportTeam: true, role: 8 })

    const updated = await sdk(
      'PUT',
      `v1/users/${created.body.id}`,
      without(nonNull({ ...created.body, phoneDirect: '+33100000001' }), TIMESTAMPS),
    )
    expect(updated.status).toBe(200)
    expect(updated.body).toMatchObject({ phoneDirect: '+33100000001', email: 'nina@example.com' })

    expect((await sdk('DELETE', `v1/users/${created.body.id}`, [])).status).toBe(200)
    expect((await sdk('GET', `v1/users/${created.body.id}`)).status).toBe(404)
  })
})
