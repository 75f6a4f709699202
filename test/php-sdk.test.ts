// The official PHP SDK (bluerocktel/php-sdk v1.3.0) on the wire, replayed request by request as
// research/php-sdk.md captured it, against a started sandbox in the legacy dialect. Each step
// asserts what the SDK needs to go on (top-level objects, its camelCase keys, no null where its
// entity declares a non-nullable property, integer paginator fields, 404 after delete).
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { startSandbox, stopAll } from './spawn-sandbox.js'

const SDK_HEADERS = {
  Accept: 'application/json',
  'Content-Type': 'application/json',
  'User-Agent': 'GuzzleHttp/7',
}
/** `Customer` properties the SDK declares non-nullable: null there throws TypeError while hydrating. */
const NON_NULLABLE = [
  'brand_id',
  'language_id',
  'active',
  'acceptEmails',
  'acceptCalls',
  'chargeVAT',
  'mergeInvoices',
  'isReseller',
  'applyVATAutoReverseOperators',
  'onCallDuty',
  'vip',
  'quickSearchIndex',
]
/** Keys the SDK's Customer entity reads, which the sandbox must answer under these exact names. */
const SDK_KEYS = [
  'id',
  'brand_id',
  'representative_id',
  'customerAccount',
  'accountsReference',
  'name',
  'brand',
  'registrationNumber',
  'taxRegistrationNumber',
  'mainContactFirstName',
  'mainContactLastName',
  'type',
  'capital',
  'activityCode',
  'sector_id',
  'origin_id',
  'mainAddressLine1',
  'mainAddressLine2',
  'mainAddressPostalCode',
  'mainAddressCity',
  'mainAddressCountry',
  'emailAddress',
  'accountEmailAddress',
  'website',
  'phone',
  'mobilePhone',
  'fax',
  'active',
  'acceptEmails',
  'acceptCalls',
  'chargeVAT',
  'mergeInvoices',
  'isReseller',
  'resellerLevel',
  'language_id',
  'applyVATAutoReverseOperators',
  'onCallDuty',
  'vip',
  'comment',
  'quickSearchIndex',
  'created_at',
  'updated_at',
]

// research/php-sdk.md "Bodies as captured": POST v1/customers, 75 keys, nulls and defaults included.
const storeBody = {
  brand_id: 1,
  representative_id: null,
  customerAccount: null,
  accountsReference: null,
  name: 'php-sdk probe 100558-e3237e',
  brand: null,
  cluster: null,
  registrationNumber: null,
  taxRegistrationNumber: null,
  mainContactFirstName: null,
  mainContactLastName: null,
  type: null,
  capital: null,
  activityCode: null,
  sector_id: null,
  origin_id: null,
  mainAddressLine1: '1 rue du Test',
  mainAddressLine2: null,
  mainAddressPostalCode: '75001',
  mainAddressCity: 'Paris',
  mainAddressCountry: 'France',
  abroad: false,
  zone: 0,
  emailAddress: 'probe@example.com',
  accountEmailAddress: null,
  website: null,
  phone: '+33100000000',
  mobilePhone: null,
  fax: null,
  logo: null,
  active: true,
  activity: null,
  category: null,
  qualification: null,
  prospection_code_id: 1,
  acceptEmails: true,
  acceptCalls: true,
  chargeVAT: true,
  language: null,
  mergeInvoices: false,
  numberForEligibility: null,
  custom_note: null,
  technical_url: null,
  isReseller: false,
  resellerLevel: 0,
  language_id: 1,
  supplier: 0,
  applyVATAutoReverseOperators: false,
  isGroupingAccount: false,
  chargeGroupingAccount: null,
  isPayer: false,
  balance: null,
  motive_for_balance: null,
  ftp: false,
  ftpServer: null,
  ftpUsername: null,
  ftpPassword: null,
  ftpHomeDirectory: null,
  ftpAccountId: null,
  ftpAssociatedEmail: null,
  suppliers: '',
  onCallDuty: false,
  vip: false,
  canSendSms: false,
  smsAuthorisation: null,
  telco_exceptions_grid_uploaded_at: null,
  telco_exceptions_grid_taking_effect_at: null,
  telco_exceptions_grid_uploaded_by: null,
  telco_exceptions_grid_to_redis: false,
  numberOfInvoices: null,
  lastInvoiceId: null,
  lastInvoice: null,
  sms_expeditor_name: null,
  comment: null,
  quickSearchIndex: false,
}

let base: string
let token: string
let customerId: number

const send = async (method: string, path: string, init: { body?: string; auth?: boolean } = {}) => {
  const headers: Record<string, string> = { ...SDK_HEADERS }
  if (init.auth !== false) headers.Authorization = `Bearer ${token}`
  const res = await fetch(`${base}/${path}`, { method, headers, body: init.body })
  const text = await res.text()
  return { status: res.status, text, json: text ? JSON.parse(text) : undefined }
}

function expectSdkCustomer(customer: Record<string, unknown>) {
  expect(customer).not.toHaveProperty('data') // an object at the top level, never wrapped
  for (const key of SDK_KEYS) expect(customer, key).toHaveProperty(key)
  for (const key of NON_NULLABLE) expect(customer[key], key).not.toBeNull()
  expect(customer).not.toHaveProperty('customer_account')
}

beforeAll(async () => {
  // BASE_URL http://127.0.0.1:PORT/api/ as the SDK joins it: login and version have no /v1.
  base = `${(await startSandbox(['--db', ':memory:', '--dialect', 'legacy'])).base}/api`
})

afterAll(stopAll)

describe('the official PHP SDK, request by request (research/php-sdk.md)', () => {
  it('login: POST login?email=&password= with an empty body answers {token, user}', async () => {
    const answer = await send('POST', 'login?email=demo%40bluerocktel.com&password=secret', {
      auth: false,
    })
    expect(answer.status).toBe(200)
    expect(typeof answer.json.token).toBe('string')
    expect(typeof answer.json.user).toBe('object')
    token = answer.json.token
  })

  it('helper.version: GET version answers 2xx with non-empty JSON', async () => {
    const answer = await send('GET', 'version', { auth: false })
    expect(answer.status).toBe(200)
    expect(Object.keys(answer.json).length).toBeGreaterThan(0)
  })

  it('login.bad_password: a wrong password fails (4xx), so the SDK throws AuthenticationException', async () => {
    const answer = await send('POST', 'login?email=demo%40bluerocktel.com&password=wrong', {
      auth: false,
    })
    expect(answer.status).toBeGreaterThanOrEqual(400)
    expect(answer.status).toBeLessThan(500)
  })

  it('customer.store: the 75-key body with nulls creates the customer, customerAccount generated', async () => {
    const answer = await send('POST', 'v1/customers', { body: JSON.stringify(storeBody) })
    expect(answer.status).toBe(201)
    expectSdkCustomer(answer.json)
    expect(answer.json.customerAccount).toMatch(/^CL\d{6}$/)
    expect(answer.json).toMatchObject({
      name: storeBody.name,
      mainAddressCity: 'Paris',
      emailAddress: 'probe@example.com',
    })
    customerId = answer.json.id
  })

  it('customer.show: the customer at the top level, camelCase keys', async () => {
    const answer = await send('GET', `v1/customers/${customerId}`)
    expect(answer.status).toBe(200)
    expectSdkCustomer(answer.json)
  })

  it('customer.index: ?page=1&per_page=5 answers a paginator of SDK customers', async () => {
    const answer = await send('GET', 'v1/customers?page=1&per_page=5')
    expect(answer.status).toBe(200)
    expect(answer.json.data).toHaveLength(5)
    for (const customer of answer.json.data) expectSdkCustomer(customer)
    expect(
      Number.isInteger(answer.json.current_page) && Number.isInteger(answer.json.last_page),
    ).toBe(true)
  })

  it('customer.index.filter: ?page=1&per_page=20&filter[name]= finds the new customer', async () => {
    const answer = await send(
      'GET',
      `v1/customers?page=1&per_page=20&filter%5Bname%5D=${encodeURIComponent(storeBody.name)}`,
    )
    expect(answer.status).toBe(200)
    expect(answer.json.data.map((c: { id: number }) => c.id)).toEqual([customerId])
  })

  it("customer.update: PUT with the shown record's non-null keys, name and city changed", async () => {
    const shown = (await send('GET', `v1/customers/${customerId}`)).json
    const { id: _id, created_at: _c, updated_at: _u, contacts: _contacts, ...rest } = shown
    const body = Object.fromEntries(
      Object.entries({
        ...rest,
        name: `${storeBody.name} (updated)`,
        mainAddressCity: 'Lyon',
      }).filter(([, v]) => v !== null),
    )
    const answer = await send('PUT', `v1/customers/${customerId}`, { body: JSON.stringify(body) })
    expect(answer.status).toBe(200)
    expectSdkCustomer(answer.json)
  })

  it('customer.show.after_update: the new values', async () => {
    const answer = await send('GET', `v1/customers/${customerId}`)
    expect(answer.json).toMatchObject({
      name: `${storeBody.name} (updated)`,
      mainAddressCity: 'Lyon',
    })
  })

  it('customer.paginate: ?page=N&per_page=20 until last_page === current_page, as JSON integers', async () => {
    const seen = new Set<string>()
    for (let page = 1; page < 100; page++) {
      const answer = await send('GET', `v1/customers?page=${page}&per_page=20`)
      expect(answer.status).toBe(200)
      expect(seen.has(answer.text)).toBe(false) // 5 identical bodies would throw PaginationException
      seen.add(answer.text)
      expect(Number.isInteger(answer.json.last_page)).toBe(true)
      if (answer.json.last_page === answer.json.current_page) return
    }
    throw new Error('the paginator never reached its last page')
  })

  it('customer.delete: DELETE with the JSON body [] answers 2xx', async () => {
    const answer = await send('DELETE', `v1/customers/${customerId}`, { body: '[]' })
    expect(answer.status).toBe(200)
  })

  it('customer.show.after_delete: 404', async () => {
    expect((await send('GET', `v1/customers/${customerId}`)).status).toBe(404)
  })
})
