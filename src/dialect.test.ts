// The two dialects (DESIGN §3): the legacy one renames the answers' keys at the edge and nothing
// else. Every model validates against its dialect's document, and a record reads the same in both.
import { describe, it, expect } from 'vitest'
import { createTestSandbox } from '../test/sandbox.js'
import { createConformance } from '../conformance/conforms.js'
import { createRenamer, legacyNames, toLegacyDocument } from './dialect.js'
import { specDocument, legacySpecDocument } from './spec-document.js'

const legacyConformance = createConformance(legacySpecDocument())
const renamer = createRenamer(specDocument)
const LEGACY = { 'X-BlueRockTEL-Dialect': 'legacy' }

/** One GET per model the API answers, nested relations and paginator rows included. */
const READS = [
  '/api/v1/customers?per_page=3',
  '/api/v1/customers/42',
  '/api/v1/customers/search?term=a',
  '/api/v1/customers/lookup?customer_account=CL000123',
  '/api/v1/customer-services',
  '/api/v1/customer-services/1',
  '/api/v1/customers/42/services',
  '/api/v1/items?include=family,subfamily,tax,familyCount',
  '/api/v1/items/42',
  '/api/v1/families',
  '/api/v1/subfamilies?include=family',
  '/api/v1/bundles?include=itemsInitial,itemsLicence,itemsRecurring',
  '/api/v1/bundles/7',
  '/api/v1/bundle-initial-items',
  '/api/v1/suppliers',
  '/api/v1/customer-files/500',
  '/api/v1/customer-files?fileable_type=customer&fileable_id=42',
  '/api/v1/customer-files/licences',
  '/api/v1/customer-files/initials',
  '/api/v1/customer-files/recurrings',
  '/api/v1/invoices?customer_id=42',
]

describe('the legacy dialect', () => {
  it('maps each documented name to one legacy name, and back', () => {
    const names = legacyNames(specDocument)
    expect(names.get('customer_account')).toBe('customerAccount')
    expect(names.get('charge_vat')).toBe('chargeVAT')
    expect(new Set(names.values()).size).toBe(names.size)
    expect(legacySpecDocument()).toEqual(toLegacyDocument(specDocument))
  })

  it.each(READS)(
    'GET %s validates against the legacy document and is the docs answer renamed',
    async (path) => {
      const s = createTestSandbox()
      const docs = await s.get(path)
      expect(docs.status).toBe(200)
      const legacy = await s.get(path, { headers: LEGACY, unchecked: true })
      expect(legacy.headers.get('x-bluerocktel-dialect')).toBe('legacy')
      const verdict = legacyConformance.check({
        method: 'GET',
        url: path,
        status: legacy.status,
        contentType: legacy.headers.get('content-type'),
        body: legacy.body,
      })
      expect(verdict.ok ? [] : verdict.problems).toEqual([])
      expect(legacy.body).toEqual(renamer.toLegacy(docs.body))
    },
  )

  it("answers the SDK's camelCase keys and keeps the paginator's own keys", async () => {
    const s = createTestSandbox()
    const page = await s.get('/api/v1/customers?per_page=2', { headers: LEGACY, unchecked: true })
    expect(Object.keys(page.body)).toEqual(
      expect.arrayContaining([
        'current_page',
        'last_page',
        'per_page',
        'first_page_url',
        'next_page_url',
      ]),
    )
    expect(page.body.data[0]).toHaveProperty('customerAccount')
    expect(page.body.data[0]).not.toHaveProperty('customer_account')
    expect(page.body.data[0]).toHaveProperty('brand_id') // `_id` keys keep their names
  })

  it('reads back a record created in one dialect identically in the other', async () => {
    const s = createTestSandbox()
    const created = await s.post(
      '/api/v1/customers',
      { name: 'Dialects', mainAddressCity: 'Lyon', chargeVAT: false },
      { headers: LEGACY, unchecked: true },
    )
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ mainAddressCity: 'Lyon', chargeVAT: false })
    const docs = await s.get(`/api/v1/customers/${created.body.id}`)
    expect(docs.body).toMatchObject({
      main_address_city: 'Lyon',
      charge_vat: false,
      customer_account: created.body.customerAccount,
    })
    const legacy = await s.get(`/api/v1/customers/${created.body.id}`, {
      headers: LEGACY,
      unchecked: true,
    })
    expect(renamer.toDocs(legacy.body)).toEqual(docs.body)
    const item = await s.post('/api/v1/items', {
      description: 'Docs item',
      internal_reference: 'DIALECT-1',
      selling_price_without_tax: 5,
    })
    const shown = await s.get(`/api/v1/items/${item.body.id}`, { headers: LEGACY, unchecked: true })
    expect(shown.body).toMatchObject({
      internalReference: 'DIALECT-1',
      sellingPriceWithoutTax: '5.00',
    })
    expect(
      (
        await s.get('/api/v1/items/internalReference/DIALECT-1', {
          headers: LEGACY,
          unchecked: true,
        })
      ).body,
    ).toEqual({ item_id: item.body.id })
  })

  it("names the fields of a 422 in the request's dialect, whichever name the request used", async () => {
    const s = createTestSandbox()
    const taken = await s.post(
      '/api/v1/customers',
      { name: 'x', customer_account: 'CL000042', email_address: 'nope' },
      { headers: LEGACY, unchecked: true },
    )
    expect(taken.status).toBe(422)
    expect(Object.keys(taken.body.errors)).toEqual(['emailAddress', 'customerAccount'])
    const docs = await s.post('/api/v1/customers', { name: 'x', customerAccount: 'CL000042' })
    expect(Object.keys(docs.body.errors)).toEqual(['customer_account'])
  })

  it('serves the legacy document, and ignores an unknown dialect with a warning', async () => {
    const s = createTestSandbox()
    const res = await s.app.request('/openapi.legacy.json')
    expect(((await res.json()) as { info: { title: string } }).info.title).toMatch(/legacy dialect/)
    const odd = await s.get('/api/v1/customers/42', {
      headers: { 'X-BlueRockTEL-Dialect': 'klingon' },
    })
    expect(odd.body).toHaveProperty('customer_account')
    expect(odd.headers.get('x-sandbox-warning')).toMatch(/docs or legacy/)
  })
})

describe('the app in the legacy dialect by default', () => {
  it('answers legacy unless a request asks for docs', async () => {
    const s = createTestSandbox({ dialect: 'legacy' })
    expect((await s.get('/api/v1/customers/42', { unchecked: true })).body).toHaveProperty(
      'customerAccount',
    )
    expect(
      (await s.get('/api/v1/customers/42', { headers: { 'X-BlueRockTEL-Dialect': 'docs' } })).body,
    ).toHaveProperty('customer_account')
  })
})

describe('list queries name fields in either dialect', () => {
  const ids = (answer: { body: any }) =>
    (Array.isArray(answer.body) ? answer.body : answer.body.data).map(
      (row: { id: number }) => row.id,
    )

  it.each(['docs', 'legacy'] as const)(
    'a %s sandbox sorts, filters and includes by legacy and documented names alike',
    async (dialect) => {
      const s = createTestSandbox({ dialect })
      const get = (path: string) => s.get(path, { unchecked: true })
      for (const [legacy, docs] of [
        [
          '/api/v1/customers?sort=-customerAccount&per_page=5',
          '/api/v1/customers?sort=-customer_account&per_page=5',
        ],
        [
          '/api/v1/customers?sort=customerAccount&direction=desc&per_page=5',
          '/api/v1/customers?sort=customer_account&direction=desc&per_page=5',
        ],
        [
          '/api/v1/items?sort=-sellingPriceWithoutTax&filter[internalReference]=0',
          '/api/v1/items?sort=-selling_price_without_tax&filter[internal_reference]=0',
        ],
        [
          '/api/v1/bundles?include=itemsInitial,itemsLicenceCount,itemsRecurringExists',
          '/api/v1/bundles?include=items_initial,items_licenceCount,items_recurringExists',
        ],
      ]) {
        const [fromLegacy, fromDocs] = [await get(legacy!), await get(docs!)]
        expect(fromLegacy.status, legacy).toBe(200)
        expect(fromLegacy.body, legacy).toEqual(fromDocs.body)
      }
      const sorted = ids(await get('/api/v1/customers?sort=-customerAccount&per_page=5'))
      expect(sorted).toEqual([...sorted].sort((a: number, b: number) => b - a))
    },
  )

  it("lists the allowed names of a 400 in the answer's dialect", async () => {
    const s = createTestSandbox()
    const refused = async (path: string, headers: Record<string, string> = {}) => {
      const answer = await s.get(path, { headers, unchecked: true })
      expect(answer.status).toBe(400)
      return answer.body.message as string
    }
    expect(await refused('/api/v1/items?sort=colour', LEGACY)).toBe(
      'Requested sort(s) `colour` is not allowed. Allowed sort(s) are `id, description, brand, internalReference, sellingPriceWithoutTax, created_at, updated_at`.',
    )
    expect(await refused('/api/v1/items?sort=colour')).toBe(
      'Requested sort(s) `colour` is not allowed. Allowed sort(s) are `id, description, brand, internal_reference, selling_price_without_tax, created_at, updated_at`.',
    )
    expect(await refused('/api/v1/items?filter[colour]=red', LEGACY)).toMatch(
      /Allowed filter\(s\) are `description, brand, internalReference, id, family_id, subfamily_id, activeForInitialBilling`\.$/,
    )
    expect(await refused('/api/v1/bundles?include=colour', LEGACY)).toMatch(
      /Allowed include\(s\) are `itemsInitial, itemsInitialCount, itemsInitialExists, itemsLicence, /,
    )
    expect(await refused('/api/v1/bundles?include=colour')).toMatch(
      /Allowed include\(s\) are `items_initial, items_initialCount, items_initialExists, items_licence, /,
    )
  })
})
